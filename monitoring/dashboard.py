from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from monitoring.models import Mention
from portal.roles import Role, has_role

TITLE = _("Mentions")
INTRO = _("What the web says about the company, collected from news, alerts and blogs.")
# Unread counts look back this far: older mentions are no longer news.
UNREAD_WINDOW = timedelta(days=7)


def unread_count(user) -> int:
    recent = Mention.objects.filter(published_at__gte=timezone.now() - UNREAD_WINDOW)
    return recent.with_state_for(user).filter(is_read=False).count()


def queue_count() -> int:
    return Mention.objects.in_queue().count()


def navigation_badge(request) -> dict | None:
    """The comms team's open queue in the main navigation (portal.context_processors)."""
    if not has_role(request.user, Role.COMMUNICATIONS):
        return None
    count = queue_count()
    if not count:
        return None
    label = ngettext("%(count)d flagged mention to review", "%(count)d flagged mentions to review", count)
    return {"count": count, "label": label % {"count": count}, "url": reverse("monitoring:queue")}


def card(request) -> dict:
    """The dashboard card: my unread mentions of the week and, for comms, the open queue."""
    unread = unread_count(request.user)
    if unread:
        text = ngettext(
            "%(count)d unread mention in the last 7 days.",
            "%(count)d unread mentions in the last 7 days.",
            unread,
        ) % {"count": unread}
    else:
        text = _("You are up to date: no unread mentions from the last 7 days.")
    card = {
        "title": TITLE,
        "url": reverse("monitoring:index") + ("?unread=on" if unread else ""),
        "text": text,
    }
    badge = navigation_badge(request)
    if badge:
        card["template"] = "monitoring/dashboard_card.html"
        card["queue"] = badge
    return card
