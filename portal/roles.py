"""Roles are Django groups. This module is the one place that says what each may do.

Views ask for a role with ``@role_required(Role.HR)``; the admin asks Django's
permissions, which ``sync_roles`` keeps equal to ``role_permissions()``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from importlib import import_module
from importlib.util import find_spec

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Role(models.TextChoices):
    # The values are the group names; the data migration creates them.
    EMPLOYEE = "Employee", _("Employee")
    HR = "HR", _("HR")
    COMMUNICATIONS = "Communications", _("Communications")
    ADVISOR = "Advisor", _("Advisor")


def role_label(group_name: str) -> str:
    """A group's name as people read it: a portal role in the current language, else as stored."""
    return str(Role(group_name).label) if group_name in Role.values else group_name


def model_perms(model: str, *actions: str) -> list[str]:
    """``model_perms("portal.user", "add", "view")`` → ["portal.add_user", "portal.view_user"]."""
    app_label, model_name = model.split(".")
    return [f"{app_label}.{action}_{model_name}" for action in actions]


# What each role may do in the admin with the portal's own models. Employees
# work in the portal's pages only; nobody but a superuser may change groups.
PORTAL_PERMISSIONS: dict[Role, list[str]] = {
    # HR creates accounts and deactivates leavers; nobody deletes people.
    Role.HR: [
        *model_perms("portal.user", "add", "change", "view"),
        *model_perms("portal.department", "add", "change", "view"),
    ],
    Role.COMMUNICATIONS: model_perms("portal.department", "view"),
}

# Each feature app states its own in ``<app>/permissions.py`` as
# ``ROLE_PERMISSIONS = {Role.X: [...]}``; they are collected here.
# In the order of the main navigation and the dashboard cards.
FEATURE_APPS = ["guidelines", "monitoring", "training", "contacts"]


def role_permissions() -> dict[Role, list[str]]:
    """Every role's permissions, from the portal and all feature apps."""
    combined: dict[Role, list[str]] = {role: [] for role in Role}
    sources = [PORTAL_PERMISSIONS]
    for app in FEATURE_APPS:
        if find_spec(f"{app}.permissions") is not None:
            sources.append(import_module(f"{app}.permissions").ROLE_PERMISSIONS)
    for source in sources:
        for role, perms in source.items():
            combined[role].extend(perms)
    return combined


# Roles whose members work in the Django admin.
ADMIN_ROLES = frozenset({Role.HR, Role.COMMUNICATIONS})


def members(role: str):
    """The active accounts with ``role`` (its group; superusers only if they are in it)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=role, is_active=True).distinct()


def user_roles(user) -> frozenset[str]:
    """The role names of ``user``, cached on the instance for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) | {Role.EMPLOYEE}
        user._portal_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """Superusers have every role; every signed-in user is an Employee."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or not user_roles(user).isdisjoint(roles)


def can_use_admin(user) -> bool:
    return user.is_active and (user.is_staff or has_role(user, *ADMIN_ROLES))


def role_required(*roles: str) -> Callable:
    """Let only users with one of ``roles`` (or superusers) call the view; 403 otherwise.

    Sign-in itself is enforced for every view by LoginRequiredMiddleware.
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # The URL walk in tests/portal/test_access.py reads this.
        wrapper.required_roles = frozenset(roles)
        return wrapper

    return decorator


def sync_roles(group_model, permission_model, roles: Iterable[Role] = Role) -> None:
    """Create the role groups and give each exactly its permissions.

    Permissions of models that do not exist yet are skipped; this runs again
    after every migrate, so they are granted once their app is migrated.
    """
    wanted_by_role = role_permissions()
    for role in roles:
        group, _created = group_model.objects.get_or_create(name=role.value)
        wanted = wanted_by_role[role]
        perms = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            perm = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is None:
                logger.debug("Permission %s does not exist yet", dotted)
                continue
            perms.append(perm)
        group.permissions.set(perms)
