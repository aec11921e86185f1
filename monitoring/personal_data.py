"""The mentions' part of a person's download (portal.personal_data): what they marked read or
starred (whether, never when: nothing more is kept), the weekly digests sent to them, and their
work for the Communications team: mentions reviewed, mentions they were asked to handle as an
advisor, and the sources they paused by hand."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from monitoring.models import DigestDelivery, Mention, MentionState, PauseCause, Source
from portal.personal_data import choice, section


@section("mentions", covers=("monitoring.MentionState.user", "monitoring.DigestDelivery.user"))
def mentions(user) -> dict:
    states = MentionState.objects.filter(user=user).select_related("mention").order_by("mention_id")
    return {
        "read_or_starred": [
            {"title": s.mention.heading, "url": s.mention.url or None, "read": s.read, "starred": s.starred}
            for s in states
        ],
        "digests_sent_for_weeks_of": [
            d.week for d in DigestDelivery.objects.filter(user=user).order_by("week")
        ],
    }


@section("mention_reviews", covers=("monitoring.Mention.reviewed_by",))
def mention_reviews(user) -> list[dict]:
    """The flagged mentions they resolved or dismissed for the Communications team, with their note."""
    rows = (
        Mention.objects.filter(reviewed_by=user)
        .only("title", "url", "review_status", "review_note", "reviewed_at")
        .order_by("reviewed_at", "pk")
    )
    return [
        {"title": row.heading, "url": row.url or None, "review": choice(row, "review_status"),
         "note": row.review_note or None, "reviewed_at": row.reviewed_at}
        for row in rows
    ]  # fmt: skip


@section("mentions_assigned_to_you", covers=("monitoring.Mention.assigned_to",))
def mentions_assigned(user) -> list[dict]:
    """The mentions the Communications team asked them to handle as an advisor, with the note sent
    to them and where the mention stands. Who asked is not kept."""
    rows = (
        Mention.objects.filter(assigned_to__user=user)
        .only("title", "url", "assignment_note", "review_status", "published_at")
        .order_by("published_at", "pk")
    )
    return [
        {"title": row.heading, "url": row.url or None, "note_to_you": row.assignment_note or None,
         "review": choice(row, "review_status")}
        for row in rows
    ]  # fmt: skip


@section("sources_paused_by_you")
def sources_paused(user) -> list[dict]:
    """The sources that are paused because they paused them by hand, with their name as the source
    shows it ("Paused by …"; resuming a source forgets it). Who paused is told by the source's
    history: its first record of the pause, a later edit by a colleague is no pause of theirs."""
    pause = Source.history.filter(id=OuterRef("pk"), paused_at=OuterRef("paused_at"))
    rows = (
        Source.objects.filter(active=False, pause_cause=PauseCause.MANUAL)
        .annotate(paused_by=Subquery(pause.order_by("history_date", "history_id").values("history_user")[:1]))
        .filter(paused_by=user.pk)
        .order_by("paused_at", "pk")
    )
    return [
        {"source": row.name, "paused_at": row.paused_at, "your_name_as_shown": row.pause_details.get("name")}
        for row in rows.only("name", "paused_at", "pause_details")
    ]
