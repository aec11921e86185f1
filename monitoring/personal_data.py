"""The mentions' part of a person's download (portal.personal_data): what they marked read or
starred (whether, never when: nothing more is kept) and the weekly digests sent to them."""

from __future__ import annotations

from monitoring.models import DigestDelivery, MentionState
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
