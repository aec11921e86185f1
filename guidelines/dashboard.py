from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidelines.models import acknowledgement_status

TITLE = _("Guidelines")
INTRO = _(
    "What applies when you speak about the company on social media, the taboo topics and a checker for your draft posts."
)


def card(request) -> dict:
    """The dashboard card: is an acknowledgement of the guidelines due for me?"""
    return {
        "title": TITLE,
        "url": reverse("guidelines:index"),
        "text": INTRO,
        "template": "guidelines/_dashboard_card.html",
        "status": acknowledgement_status(request.user),
    }
