from django.urls import path

from training import hr_views, views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/complete/undo/", views.take_back_completion, name="take_back_completion"),
    path("<int:pk>/quiz/", views.quiz, name="quiz"),
    path("<int:pk>/quiz/<int:number>/", views.quiz_result, name="quiz_result"),
    path("calendar/", views.calendar_token, name="calendar_token"),
    path("feed/<str:key>.ics", views.calendar_feed, name="calendar_feed"),
    path("hr/", hr_views.hr_report, name="hr_report"),
    path("hr/export.csv", hr_views.hr_export, name="hr_export"),
    path("hr/campaigns/", hr_views.hr_campaigns, name="hr_campaigns"),
    path("hr/campaigns/new/", hr_views.hr_campaign_new, name="hr_campaign_new"),
    path("hr/campaigns/new/people/", hr_views.hr_people_search, name="hr_people_search"),
    path("hr/campaigns/<int:pk>/", hr_views.hr_campaign, name="hr_campaign"),
    path("hr/campaigns/<int:pk>/withdraw/", hr_views.hr_campaign_withdraw, name="hr_campaign_withdraw"),
    path("hr/assignments/<int:pk>/", hr_views.hr_assignment, name="hr_assignment"),
    path("hr/people/<int:user_id>/", hr_views.hr_person, name="hr_person"),
]
