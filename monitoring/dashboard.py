from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE = _("Mentions")
INTRO = _("What the web says about the company, collected from news, alerts and blogs.")


def card(request) -> dict:
    """The dashboard card: what is due for the signed-in user."""
    return {"title": TITLE, "url": reverse("monitoring:index"), "text": INTRO}
