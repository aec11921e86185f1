from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE = _("Guidelines")
INTRO = _(
    "What applies when you speak about the company on social media, the taboo topics and a checker for your draft posts."
)


def card(request) -> dict:
    """The dashboard card: what is due for the signed-in user."""
    return {"title": TITLE, "url": reverse("guidelines:index"), "text": INTRO}
