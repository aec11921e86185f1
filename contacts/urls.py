from django.urls import path

from contacts import question_views, views

app_name = "contacts"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("categories/<slug:category>/", views.category, name="category"),
    path("<int:pk>/", views.advisor, name="advisor"),
    path("<int:pk>/vcard/", views.vcard, name="vcard"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("faq/", views.faq, name="faq"),
    path("faq/suggestions/", views.faq_suggestions, name="faq_suggestions"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/confirm/", views.confirm_profile, name="confirm_profile"),
    path("ask/", question_views.ask, name="ask"),
    path("questions/", question_views.my_questions, name="my_questions"),
    path("questions/<int:pk>/", question_views.my_question, name="my_question"),
    path("questions/<int:pk>/close/", question_views.close_my_question, name="close_my_question"),
    path("questions/<int:pk>/follow-up/", question_views.follow_up_my_question, name="follow_up_my_question"),
    path("inbox/", question_views.inbox, name="inbox"),
    path("inbox/<int:pk>/", question_views.inbox_question, name="inbox_question"),
    path("inbox/<int:pk>/close/", question_views.inbox_close, name="inbox_close"),
    path("inbox/<int:pk>/hand-over/", question_views.inbox_hand_over, name="inbox_hand_over"),
    path("inbox/<int:pk>/faq/", question_views.inbox_publish_faq, name="inbox_publish_faq"),
    path("inbox/<int:pk>/faq/offline/", question_views.inbox_faq_offline, name="inbox_faq_offline"),
]
