"""The guidelines' part of a person's download (portal.personal_data): their acknowledgements."""

from __future__ import annotations

from guidelines.models import Acknowledgement
from portal.personal_data import section


@section("guideline_acknowledgements")
def acknowledgements(user) -> list[dict]:
    rows = Acknowledgement.objects.filter(user=user).select_related("version").order_by("acknowledged_at")
    return [{"version": row.version.number, "acknowledged_at": row.acknowledged_at} for row in rows]
