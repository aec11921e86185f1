from __future__ import annotations

from django import template

from training import models

register = template.Library()


@register.filter
def get(mapping, key):
    """``mapping|get:key`` – a dictionary lookup with a variable key (empty list when missing)."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.filter
def in_set(value, collection) -> bool:
    """``value in collection`` (for ``{% with %}``, which takes no ``in``); False without one."""
    return value in (collection or ())


@register.filter
def display_excused_reason(row) -> str:
    """``record|display_excused_reason`` – a history record's reason for excusal in the reader's
    language (``Assignment.display_excused_reason``, which history records do not have)."""
    return models.display_excused_reason(row)
