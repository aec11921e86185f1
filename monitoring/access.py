"""The one way views fetch mentions: each helper checks who may see what and does the joins."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from monitoring.models import Mention


def get_mention_for_user(user, pk: int) -> Mention:
    """Any employee may read any mention; the read/starred state is ``user``'s own."""
    return get_object_or_404(Mention.objects.newest().with_state_for(user), pk=pk)


class NotInQueue(Exception):
    """The mention has left the queue (no longer flagged, nobody asked) or is gone."""

    def __init__(self, mention: Mention | None):
        super().__init__(mention)
        self.mention = mention


def get_reviewable_mention(pk: int) -> Mention:
    """A mention comms may review: flagged by the matcher or marked by an employee (caller checks role).

    Raises ``NotInQueue`` for one that left the queue since the page was shown (a taboo term
    deleted, the entry changed in its feed) or was deleted.
    """
    mention = Mention.objects.select_related("source", "reviewed_by", "assigned_to").filter(pk=pk).first()
    if mention is None or not (mention.flagged or mention.needs_attention):
        raise NotInQueue(mention)
    return mention
