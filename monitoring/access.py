"""The one way views fetch mentions: each helper checks who may see what and does the joins."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from monitoring.models import Mention


def get_mention_for_user(user, pk: int) -> Mention:
    """Any employee may read any mention; the read/starred state is ``user``'s own."""
    return get_object_or_404(Mention.objects.newest().with_state_for(user), pk=pk)


def get_reviewable_mention(pk: int) -> Mention:
    """A mention comms may review: flagged by the matcher or marked by an employee (caller checks role)."""
    return get_object_or_404(
        Mention.objects.select_related("source", "reviewed_by", "assigned_to").filter(
            Q(flagged=True) | Q(needs_attention=True)
        ),
        pk=pk,
    )
