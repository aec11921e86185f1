from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``mapping|get:key`` – a dictionary lookup with a variable key (empty list when missing)."""
    if not mapping:
        return []
    return mapping.get(key, [])
