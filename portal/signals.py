"""Keep role groups in step with the code, put every new user in Employee, remember the
language people sign in with, and make a signed-up account somebody once its address is confirmed."""

from __future__ import annotations

import sqlite3

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from django.utils import translation

from portal.adapters import CHOOSE_PASSWORD
from portal.roles import Role, sync_roles


@receiver(post_migrate)
def sync_role_permissions(sender, apps=None, **kwargs) -> None:
    # post_migrate is sent once per app with models, and each app's permissions
    # are created by its own send; by the last one every permission exists.
    from django.apps import apps as global_apps

    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender is not with_models[-1]:
        return
    # A flush (transactional tests) sends the signal without a migration state.
    apps = apps or global_apps
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs) -> None:
    """Someone who follows the browser's language gets mails in the one they sign in with, not the
    portal's (self-signup, single sign-on and HR leave the profile's empty)."""
    if request is not None:
        user.remember_language(translation.get_language_from_request(request))


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def join_employee_role(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        from django.contrib.auth.models import Group

        group, _created = Group.objects.get_or_create(name=Role.EMPLOYEE.value)
        instance.groups.add(group)


# SQLite stores integers in 64 bits, and its driver raises OverflowError for a bigger one, where
# PostgreSQL just finds nothing: an id typed into a form or URL ("people=99999999999999999999")
# became a 500. As text it is equal to no stored id. (Registering an adapter for int makes the
# driver ask for every integer it sends: only where the portal runs on SQLite, the quick start.)
if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    sqlite3.register_adapter(int, lambda value: value if -(2**63) <= value < 2**63 else str(value))


@receiver(user_logged_in)
def mark_new_session_used(sender, request=None, **kwargs) -> None:
    """A session starts as used today: SlidingSessionMiddleware writes it again tomorrow, not now."""
    from portal.middleware import mark_session_used

    if request is not None and hasattr(request, "session"):
        mark_session_used(request.session)


@receiver(email_confirmed)
def activate_on_confirmation(sender, request, email_address, **kwargs) -> None:
    """A signed-up account becomes somebody once its address is confirmed (portal.adapters):
    active, so trainings and mails follow; signed in by allauth where the signup was made,
    where the next page asks for a password."""
    user = email_address.user
    if not user.awaiting_confirmation:
        return
    user.is_active = True  # User.save: no longer awaiting confirmation
    user.save(update_fields=["is_active"])
    if request is not None and hasattr(request, "session"):
        request.session[CHOOSE_PASSWORD] = True
