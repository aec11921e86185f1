"""The guidelines' part of a person's download (portal.personal_data): their acknowledgements and the versions they published."""

from __future__ import annotations

from guidelines.models import Acknowledgement, GuidelineVersion
from portal.personal_data import section


@section("guideline_acknowledgements", covers=("guidelines.Acknowledgement.user",))
def acknowledgements(user) -> list[dict]:
    rows = Acknowledgement.objects.filter(user=user).select_related("version").order_by("acknowledged_at")
    return [{"version": row.version.number, "acknowledged_at": row.acknowledged_at} for row in rows]


@section("guideline_versions_published", covers=("guidelines.GuidelineVersion.published_by",))
def versions_published(user) -> list[dict]:
    """The versions they published (Communications' work, kept with their name)."""
    rows = GuidelineVersion.objects.filter(published_by=user).order_by("number")
    return [
        {"version": number, "published_at": at} for number, at in rows.values_list("number", "published_at")
    ]
