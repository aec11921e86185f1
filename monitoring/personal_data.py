"""The mentions' part of a person's download (portal.personal_data): what they marked read or
starred (whether, never when: nothing more is kept) and the weekly digests sent to them."""

from __future__ import annotations

from monitoring.models import DigestDelivery, Mention, MentionState
from portal.personal_data import section


@section("mentions")
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


@section("mention_reviews")
def mention_reviews(user) -> list[dict]:
    """The flagged mentions they resolved or dismissed for the Communications team, with their note."""
    rows = Mention.objects.filter(reviewed_by=user).order_by("reviewed_at", "pk")
    return [
        {"title": title, "url": url or None, "review": status, "note": note or None, "reviewed_at": at}
        for title, url, status, note, at in rows.values_list(
            "title", "url", "review_status", "review_note", "reviewed_at"
        )
    ]
