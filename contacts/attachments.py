"""What a question may be about: a web mention (monitoring) or a guideline section.

The question form takes ``?mention=<id>`` and ``?section=<id>`` (and keeps them
as hidden fields when posting). Unknown ids, and sections of unpublished
drafts, are ignored quietly: the question is still worth asking.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from guidelines.models import Section
from monitoring.models import Mention
from portal.lib.numbers import parse_int


@dataclass
class Attached:
    mention: Mention | None = None
    section: Section | None = None

    def model_fields(self) -> dict:
        """The Question fields to set."""
        fields: dict = {}
        if self.mention is not None:
            fields.update(
                mention=self.mention,
                mention_title=str(self.mention)[:500],
                mention_url=self.mention.url,
            )
        if self.section is not None:
            fields["section"] = self.section
        return fields


def _mention(pk: int | None) -> Mention | None:
    # Every employee sees every mention, so any existing one may be attached.
    return Mention.objects.select_related("source").filter(pk=pk).first() if pk is not None else None


def from_request(request: HttpRequest) -> Attached:
    params = request.POST if request.method == "POST" else request.GET
    section_id = parse_int(params.get("section"))
    section = None
    if section_id is not None:
        # Only published sections: a draft's title is not for everybody yet.
        section = (
            Section.objects.select_related("version").filter(pk=section_id, version__isnull=False).first()
        )
    return Attached(mention=_mention(parse_int(params.get("mention"))), section=section)
