from django.urls import include, path

from portal.roles import Role, role_required
from portal.urls import urlpatterns as portal_urls


@role_required(Role.HR)
def forbidden(request):  # pragma: no cover - the decorator refuses first
    raise AssertionError


urlpatterns = [path("forbidden/", forbidden), path("", include(portal_urls))]
