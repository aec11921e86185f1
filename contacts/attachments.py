"""What a question may be about: a web mention (monitoring) or a guideline section.

The question form takes ``?mention=<id>`` and ``?section=<id>`` (and keeps them
as hidden fields when posting). Unknown ids, and sections of unpublished
drafts, are ignored quietly: the question is still worth asking.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.http import HttpRequest

from guidelines.models import Section


@dataclass
class Attached:
    mention: object | None = None
    section: Section | None = None

    def model_fields(self) -> dict:
        """The Question fields to set."""
        return {name: value for name, value in vars(self).items() if value is not None}


def _id(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _mention(pk: int | None):
    if pk is None:
        return None
    try:
        mention_model = apps.get_model("monitoring", "Mention")
    except LookupError:  # monitoring has not shipped its model yet
        return None
    return mention_model.objects.filter(pk=pk).first()


def from_request(request: HttpRequest) -> Attached:
    params = request.POST if request.method == "POST" else request.GET
    section_id = _id(params.get("section"))
    section = None
    if section_id is not None:
        # Only published sections: a draft's title is not for everybody yet.
        section = (
            Section.objects.select_related("version").filter(pk=section_id, version__isnull=False).first()
        )
    return Attached(mention=_mention(_id(params.get("mention"))), section=section)
