from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from monitoring.models import Mention

TITLE = _("Mentions")
INTRO = _("What the web says about the company, collected from news, alerts and blogs.")


def card(request) -> dict:
    """The dashboard card: how many mentions came in this week."""
    count = Mention.objects.filter(published_at__gte=timezone.now() - timedelta(days=7)).count()
    if not count:
        return {"title": TITLE, "url": reverse("monitoring:index"), "text": INTRO}
    text = ngettext(
        "%(count)d new mention in the last 7 days.", "%(count)d new mentions in the last 7 days.", count
    ) % {"count": count}
    return {"title": TITLE, "url": reverse("monitoring:index"), "text": text}
