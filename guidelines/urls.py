from django.urls import path

from guidelines import views

app_name = "guidelines"

urlpatterns = [
    path("", views.index, name="index"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("search/", views.search, name="search"),
    path("versions/", views.version_list, name="versions"),
    path("versions/<int:number>/", views.version_detail, name="version"),
    path("versions/compare/", views.compare, name="compare_form"),
    path("versions/<int:old>/compare/<int:new>/", views.compare, name="compare"),
    path("taboo-topics/", views.taboo_topics, name="taboo_topics"),
    path("check/", views.check, name="check"),
    path("acknowledgements/", views.acknowledgement_report, name="report"),
    path("acknowledgements/export.csv", views.acknowledgement_export, name="report_export"),
]
