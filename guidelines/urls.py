from django.urls import path

from guidelines import views

app_name = "guidelines"

urlpatterns = [
    path("", views.index, name="index"),
]
