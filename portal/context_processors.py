from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from portal.lib import drafts
from portal.roles import can_use_admin

# The main navigation: (url name, label). Every employee sees all four.
MAIN_NAVIGATION = [
    ("guidelines:index", _("Guidelines")),
    ("monitoring:index", _("Mentions")),
    ("training:index", _("Trainings")),
    ("contacts:index", _("Advisors")),
]
# Optional counters next to a navigation item: url name → "module.function",
# called with the request, returning None or {"count", "label", "url"}.
NAVIGATION_BADGES = {
    "monitoring:index": "monitoring.dashboard.navigation_badge",  # comms: flagged mentions to review
}


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"signup_open": bool(settings.ACCOUNT_ALLOWED_DOMAINS)}
    path = request.path
    items = []
    for name, label in MAIN_NAVIGATION:
        url = reverse(name)
        badge = import_string(NAVIGATION_BADGES[name])(request) if name in NAVIGATION_BADGES else None
        items.append({"url": url, "label": label, "active": path.startswith(url), "badge": badge})
    return {"main_navigation": items, "show_admin_link": can_use_admin(user)}


def sent_drafts(request) -> dict:
    """Forms whose text was sent (portal.lib.drafts), for base.html: read only where a page shows
    them, so a fragment loaded meanwhile (htmx) does not take them from the page."""
    return {"sent_drafts": lambda: drafts.sent_drafts(request)}
