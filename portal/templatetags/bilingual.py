"""``lang="de"`` on German text an English page shows because its English twin is empty, so a
screen reader reads it with German pronunciation (WCAG 3.1.2)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from portal.lib.i18n import shows_german

register = template.Library()


@register.filter
def lang_of(obj, field: str) -> SafeString | str:
    """`` lang="de"`` where ``obj|lang_of:"field"`` is German on an English page, else nothing:
    ``<h2{{ section|lang_of:"title" }}>``."""
    return mark_safe(' lang="de"') if shows_german(obj, field) else ""  # noqa: S308 - a constant
