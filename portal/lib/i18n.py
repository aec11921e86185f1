"""Bilingual content: editors write German, with an optional English twin field."""

from __future__ import annotations

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """``obj.<field>_en`` for English readers when it is filled in, else the German ``obj.<field>``."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
