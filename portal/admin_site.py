from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from portal.lib.numbers import parse_int
from portal.roles import can_use_admin

# Date parts in list filters and the date hierarchy (?published_at__year=2026), and their range.
_DATE_PARTS = {"__year": (1, 9999), "__month": (1, 12), "__day": (1, 31)}


def has_bad_date_part(params) -> bool:
    """Whether a date part in ``params`` is no number in its range: Django's changelist turns
    ?published_at__year=2147483648 into a date while rendering, and fails with a 500."""
    for key, value in params.items():
        for suffix, (low, high) in _DATE_PARTS.items():
            if key.endswith(suffix):
                number = parse_int(value.strip())
                if number is None or not low <= number <= high:
                    return True
    return False


class PortalAdminSite(admin.AdminSite):
    site_header = _("Social Media Portal – administration")
    site_title = _("Social Media Portal")
    index_title = _("Maintain guidelines, taboo topics, sources and people")
    site_url = "/"

    def has_permission(self, request) -> bool:
        # HR and Communications work here without the is_staff flag, so that
        # the role (group) is the one switch that grants or removes access.
        return can_use_admin(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def checked(request, *args, **kwargs):
            if has_bad_date_part(request.GET):
                # The changelist's own answer to lookups it cannot use: its "invalid filter" page.
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            return inner(request, *args, **kwargs)

        return checked


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
