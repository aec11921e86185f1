from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from monitoring.models import Mention, PauseCause, Source
from portal.lib.numbers import grouped
from portal.roles import Role, has_role

TITLE = _("Mentions")
INTRO = _("What the web says about the company, collected from news, alerts and blogs.")
# Unread counts look back this far: older mentions are no longer news.
UNREAD_WINDOW = timedelta(days=7)


def unread_since() -> date:
    """The first day the unread count covers: the list's "from" filter shows the same mentions."""
    return timezone.localdate() - UNREAD_WINDOW


def unread_count(user) -> int:
    start = datetime.combine(unread_since(), time.min, timezone.get_current_timezone())
    recent = Mention.objects.filter(published_at__gte=start)
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
    label = ngettext("%(count)s flagged mention to review", "%(count)s flagged mentions to review", count)
    return {"count": count, "label": label % {"count": grouped(count)}, "url": reverse("monitoring:queue")}


def card(request) -> dict:
    """The dashboard card: my unread mentions of the week and, for comms, the open queue."""
    unread = unread_count(request.user)
    if unread:
        text = ngettext(
            "%(count)s unread mention in the last 7 days.",
            "%(count)s unread mentions in the last 7 days.",
            unread,
        ) % {"count": grouped(unread)}
    else:
        text = _("You are up to date: no unread mentions from the last 7 days.")
    card = {
        "title": TITLE,
        # The list with the very mentions counted, not every unread one ever.
        "url": reverse("monitoring:index")
        + ("?" + urlencode({"unread": "on", "since": unread_since().isoformat()}) if unread else ""),
        "text": text,
    }
    badge = navigation_badge(request)
    feeds = feed_problems(request)
    asked = asked_of_me(request)
    if badge or feeds or asked:
        card["template"] = "monitoring/dashboard_card.html"
        card["queue"] = badge
        card["feeds"] = feeds
        card["asked"] = asked
    return card


def asked_of_me(request) -> dict | None:
    """For advisors: the open mentions the communications team asked them to look at (the e-mail
    was the only way to them)."""
    if not has_role(request.user, Role.ADVISOR):
        return None
    count = Mention.objects.asked_of(request.user).count()
    if not count:
        return None
    label = ngettext(
        "The communications team asked you to look at %(count)s mention",
        "The communications team asked you to look at %(count)s mentions",
        count,
    )
    return {"label": label % {"count": grouped(count)}, "url": reverse("monitoring:index") + "?asked=on"}


def feed_problems(request) -> dict | None:
    """For comms: how many feeds are failing or were paused after failing, linking to feed health
    (a source paused by hand, or a demo one, is no problem)."""
    if not has_role(request.user, Role.COMMUNICATIONS):
        return None
    failing = Q(active=True, consecutive_errors__gt=0) | Q(active=False, pause_cause=PauseCause.FAILURES)
    count = Source.objects.filter(failing).count()
    if not count:
        return None
    label = ngettext(
        "%(count)s feed is failing or was paused after failing",
        "%(count)s feeds are failing or were paused after failing",
        count,
    )
    return {"label": label % {"count": grouped(count)}, "url": reverse("monitoring:sources")}
