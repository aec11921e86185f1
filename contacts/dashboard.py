from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.models import Advisor, Question
from portal.roles import Role, has_role

TITLE = _("Advisors")
INTRO = _("Whom to ask about social media: internal advisors by topic.")


def card(request) -> dict:
    """The dashboard card: open questions for advisors, new answers for askers, a stale profile."""
    user = request.user
    advisor = Advisor.objects.of_user(user).first()
    inbox_open = None
    if advisor is not None or has_role(user, Role.COMMUNICATIONS):
        inbox_open = Question.objects.addressed_to(user).filter(status=Question.Status.OPEN).count()
    new_answers = Question.objects.asked_by(user).filter(answered_at__isnull=False, answer_seen=False).count()
    return {
        "title": TITLE,
        "url": reverse("contacts:index"),
        "text": INTRO,
        "template": "contacts/dashboard_card.html",
        "inbox_open": inbox_open,
        "new_answers": new_answers,
        "confirm_profile": advisor is not None and advisor.is_confirmation_stale,
    }
