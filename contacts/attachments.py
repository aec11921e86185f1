"""What a question may be about: a web mention (monitoring) or a guideline section.

The question form takes ``?mention=<id>`` and ``?section=<id>`` (and keeps them
as hidden fields when posting). Unknown or invisible ids are ignored quietly:
the question is still worth asking.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.http import HttpRequest


@dataclass
class Attached:
    mention: object | None = None
    section: object | None = None

    def model_fields(self) -> dict:
        """The Question fields to set (only those whose model exists)."""
        return {name: value for name, value in vars(self).items() if value is not None}


def _lookup(model: str, raw: str | None):
    if not raw or not raw.isdigit():
        return None
    try:
        model_class = apps.get_model(model)
    except LookupError:  # the owning app has not shipped the model yet
        return None
    return model_class.objects.filter(pk=int(raw)).first()


def from_request(request: HttpRequest) -> Attached:
    params = request.POST if request.method == "POST" else request.GET
    return Attached(
        mention=_lookup("monitoring.Mention", params.get("mention")),
        section=_lookup("guidelines.Section", params.get("section")),
    )
