from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE = _("Trainings")
INTRO = _("Your assigned social media trainings, with due dates and quizzes.")


def card(request) -> dict:
    """The dashboard card: what is due for the signed-in user."""
    return {"title": TITLE, "url": reverse("training:index"), "text": INTRO}
