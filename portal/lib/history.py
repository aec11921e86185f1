"""Restoring rows from their history (django-simple-history): nothing an editor deletes is lost."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

Check = Callable[[object], None]


def restore_fields(record, fields: tuple[str, ...], check: Check | None = None):
    """Put ``fields`` of a row back as they were in ``record`` (an earlier version of a row that
    still exists; the rest stays as it is now); a new history record says who did it.

    ``check`` raises ValidationError when the row cannot be as it was (beyond its own validation).
    """
    current = type(record.instance).objects.filter(pk=record.instance.pk).first()
    if current is None:
        raise ValidationError(gettext("it has been deleted since: restore it from the deleted items."))
    for name in fields:
        setattr(current, name, getattr(record, name))
    if check:
        check(current)
    current.full_clean()
    current.save()
    return current


def restore_row(record, check: Check | None = None):
    """Bring back a deleted row from its last historical record (same primary key)."""
    instance = record.instance
    if type(instance).objects.filter(pk=instance.pk).exists():
        raise ValidationError(gettext("it is back already (restored twice, or from an old page)."))
    if check:
        check(instance)
    instance.full_clean()
    instance.save()
    return instance


def unlink_deleted(instance) -> None:
    """Empty the links of a row coming back to rows deleted since (a FAQ entry's question, an
    advisor's department): deleting those emptied them in the table (``SET_NULL``), not in the
    history, and the row could not come back at all."""
    for field in instance._meta.concrete_fields:
        if not field.is_relation or not field.null:
            continue
        value = getattr(instance, field.attname)
        if value is not None and not field.related_model._base_manager.filter(pk=value).exists():
            setattr(instance, field.attname, None)
