from django.contrib import admin
from django.urls import include, path, re_path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.my_data, name="my_data"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/email/", views.email_addresses, name="email_addresses"),
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        views.ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("guidelines/", include("guidelines.urls")),
    path("trainings/", include("training.urls")),
    path("mentions/", include("monitoring.urls")),
    path("advisors/", include("contacts.urls")),
]
