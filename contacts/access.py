"""Every permission decision about advisors and questions, with the queries the views need.

Views fetch protected objects only through these helpers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from contacts.models import Advisor, Question
from portal.roles import Role, has_role


def own_advisor_profile(user) -> Advisor | None:
    """The signed-in user's active advisor profile, or None."""
    return Advisor.objects.of_user(user).select_related("department").first()


def require_inbox(user) -> Advisor | None:
    """Who may open the inbox: active advisors, and Communications for the fallback questions."""
    advisor = own_advisor_profile(user)
    if advisor is None and not has_role(user, Role.COMMUNICATIONS):
        raise PermissionDenied
    return advisor


def get_directory_advisor(pk: int) -> Advisor:
    """An advisor everybody may see: active ones only."""
    return get_object_or_404(
        Advisor.objects.active()
        .with_askable()
        .select_related("department")
        .prefetch_related("topics", "languages"),
        pk=pk,
    )


def get_own_question(user, pk: int) -> Question:
    """One of the user's own questions (named or anonymous); 404 for anybody else's."""
    return get_object_or_404(
        Question.objects.asked_by(user).select_related("topic", "advisor", "answered_by", "section__version"),
        pk=pk,
    )


class NotInInbox(Http404):
    """The question is not addressed to the user: never was, or no longer (handed over)."""


def get_inbox_question(user, pk: int) -> Question:
    """A question addressed to the user; 404 for one addressed to others (no hint that it exists)."""
    require_inbox(user)
    question = (
        Question.objects.addressed_to(user)
        .select_related("topic", "advisor", "answered_by", "asker__department", "section__version")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise NotInInbox
    return question
