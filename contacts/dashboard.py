from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE = _("Advisors")
INTRO = _("Whom to ask about social media: internal advisors by topic.")


def card(request) -> dict:
    """The dashboard card: what is due for the signed-in user."""
    return {"title": TITLE, "url": reverse("contacts:index"), "text": INTRO}
