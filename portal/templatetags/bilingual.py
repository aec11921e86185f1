"""Bilingual content in templates: ``lang="de"`` on German text an English page shows because its
English twin is empty, so a screen reader reads it with German pronunciation (WCAG 3.1.2); lists
of names in the reader's alphabetical order."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from portal.lib import i18n

register = template.Library()


@register.filter
def lang_of(obj, field: str) -> SafeString | str:
    """`` lang="de"`` where ``obj|lang_of:"field"`` is German on an English page, else nothing:
    ``<h2{{ section|lang_of:"title" }}>``."""
    return mark_safe(' lang="de"') if i18n.shows_german(obj, field) else ""  # noqa: S308 - a constant


@register.filter
def in_reading_order(items) -> list:
    """``{% for topic in advisor.topics.all|in_reading_order %}``: as ``i18n.in_reading_order``."""
    return i18n.in_reading_order(items)
