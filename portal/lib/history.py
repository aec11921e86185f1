"""Restoring rows from their history (django-simple-history): nothing an editor deletes is lost."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
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
    with transaction.atomic():
        instance.save()
        give_back_links(instance)
    return instance


# --- Links a deleted row took with it ------------------------------------------------------------
#
# Deleting a department empties its people's department (SET_NULL) and takes it out of training
# campaigns (many-to-many); neither is in the history of the row deleted. A model names such
# links in ``kept_links`` ((model label, field) pairs); they are remembered as the row is deleted
# (a pre_delete receiver, portal.apps) and given back when it is restored, to the rows that have
# none since (someone given another department meanwhile keeps it).


def _relations(model) -> list[tuple[str, type, object]]:
    """(key, model, field) of each of ``model.kept_links``."""
    return [
        (f"{label.lower()}.{name}", (other := apps.get_model(label)), other._meta.get_field(name))
        for label, name in getattr(model, "kept_links", ())
    ]


def remember_links(sender, instance, **kwargs) -> None:
    """pre_delete: note which rows point at ``instance`` through its ``kept_links``."""
    from django.contrib.contenttypes.models import ContentType

    from portal.models import DeletedLinks

    links = {
        key: list(other._default_manager.filter(**{field.name: instance}).values_list("pk", flat=True))
        for key, other, field in _relations(sender)
    }
    DeletedLinks.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(sender),
        object_id=instance.pk,
        defaults={"links": {key: pks for key, pks in links.items() if pks}},
    )


def give_back_links(instance) -> None:
    """Point the rows ``remember_links`` noted for ``instance`` at it again (those without one)."""
    from django.contrib.contenttypes.models import ContentType

    from portal.models import DeletedLinks

    model = type(instance)
    remembered = DeletedLinks.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=instance.pk
    ).first()
    if remembered is None:
        return
    for key, other, field in _relations(model):
        pks = remembered.links.get(key, [])
        if not pks:
            continue
        if field.many_to_many:
            # The other model's many-to-many field (a campaign's departments), or this model's
            # own seen from the other (an advisor's topics: "advisors" of a topic).
            forward = field.field if field.auto_created else field
            names = (forward.m2m_field_name(), forward.m2m_reverse_field_name())
            through = forward.remote_field.through
            source, target = (through._meta.get_field(name).attname for name in names)
            if field.auto_created:
                source, target = target, source
            existing = other._default_manager.filter(pk__in=pks).values_list("pk", flat=True)
            through.objects.bulk_create(
                [through(**{source: pk, target: instance.pk}) for pk in existing], ignore_conflicts=True
            )
        else:
            other._default_manager.filter(pk__in=pks, **{f"{field.name}__isnull": True}).update(
                **{field.name: instance}
            )
    remembered.delete()


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
