from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from portal.roles import can_use_admin


class PortalAdminSite(admin.AdminSite):
    site_header = _("Social Media Portal – administration")
    site_title = _("Social Media Portal")
    index_title = _("Maintain guidelines, taboo topics, sources and people")
    site_url = "/"

    def has_permission(self, request) -> bool:
        # HR and Communications work here without the is_staff flag, so that
        # the role (group) is the one switch that grants or removes access.
        return can_use_admin(request.user)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
