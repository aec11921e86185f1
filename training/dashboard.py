from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from training.models import Assignment

TITLE = _("Trainings")


def card(request) -> dict:
    """The dashboard card: the signed-in person's next open trainings (two queries)."""
    base = Assignment.objects.for_user(request.user).open().filter(module__active=True)
    upcoming = list(base.select_related("module").order_by("due_date", "pk")[:3])
    return {
        "title": TITLE,
        "url": reverse("training:index"),
        "template": "training/dashboard_card.html",
        "assignments": upcoming,
        "open_count": base.count() if len(upcoming) == 3 else len(upcoming),
    }
