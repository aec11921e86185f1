from django.urls import path

from monitoring import comms_views, feeds, views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/read/", views.set_state, {"field": "read"}, name="set_read"),
    path("<int:pk>/star/", views.set_state, {"field": "starred"}, name="set_starred"),
    path("<int:pk>/attention/", views.request_attention, name="request_attention"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("read/undo/", views.undo_mark_all_read, name="undo_mark_all_read"),
    path("subscribe/", views.subscribe, name="subscribe"),
    # Public, authenticated by the secret key (tests/portal/test_access.py allows /mentions/feed/).
    path("feed/<str:key>/", feeds.mention_feed, name="feed"),
    path("queue/", comms_views.queue, name="queue"),
    path("queue/<int:pk>/", comms_views.review, name="review"),
    path("sources/", comms_views.sources, name="sources"),
    path("sources/<int:pk>/poll/", comms_views.poll_now, name="poll_now"),
]
