"""The guidelines' part of a person's download (portal.personal_data): their acknowledgements, the
e-mails asking them for one, and the versions they published."""

from __future__ import annotations

from guidelines.models import Acknowledgement, AcknowledgementRequest, GuidelineVersion
from portal.personal_data import section


@section("guideline_acknowledgements", covers=("guidelines.Acknowledgement.user",))
def acknowledgements(user) -> list[dict]:
    rows = Acknowledgement.objects.filter(user=user).select_related("version").order_by("acknowledged_at")
    return [{"version": row.version.number, "acknowledged_at": row.acknowledged_at} for row in rows]


@section("guideline_acknowledgements_asked_for", covers=("guidelines.AcknowledgementRequest.user",))
def acknowledgements_asked_for(user) -> list[dict]:
    """The e-mails that asked them to confirm a version."""
    rows = AcknowledgementRequest.objects.filter(user=user).order_by("sent_at", "pk")
    return [
        {"version": number, "asked_at": at} for number, at in rows.values_list("version__number", "sent_at")
    ]


@section("guideline_versions_published", covers=("guidelines.GuidelineVersion.published_by",))
def versions_published(user) -> list[dict]:
    """The versions they published (Communications' work, kept with their name)."""
    rows = GuidelineVersion.objects.filter(published_by=user).order_by("number")
    return [
        {"version": number, "published_at": at} for number, at in rows.values_list("number", "published_at")
    ]
