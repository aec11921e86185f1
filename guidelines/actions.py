"""Writes that span models: publishing a version, acknowledging it."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines.models import Acknowledgement, GuidelineVersion, Section, TabooTerm


class NothingToPublish(Exception):
    """The draft has no sections."""


@transaction.atomic
def publish_version(
    user, summary: str, *, summary_en: str = "", requires_acknowledgement: bool = False
) -> GuidelineVersion:
    """Publish the draft sections as the next version; the draft stays for further edits."""
    drafts = list(Section.objects.drafts().select_for_update().order_by("position", "pk"))
    if not drafts:
        raise NothingToPublish
    current = GuidelineVersion.objects.current()
    if current is not None and same_content(drafts, current):
        # A double click, or two people publishing at once: the second finds it published
        # (after the first's lock) and adds no copy that everybody would have to acknowledge.
        # The same text on purpose (to be confirmed again) is a new version, once a minute.
        just_published = current.published_at > timezone.now() - timedelta(minutes=1)
        if not requires_acknowledgement or just_published:
            return current
    # Two publishers at once: the unique version number lets one of them fail.
    latest = GuidelineVersion.objects.aggregate(latest=Max("number"))["latest"] or 0
    version = GuidelineVersion.objects.create(
        number=latest + 1,
        published_by=user if user and user.is_authenticated else None,
        summary=summary,
        summary_en=summary_en,
        # Nobody has acknowledged anything before the first version.
        requires_acknowledgement=requires_acknowledgement or latest == 0,
    )
    Section.objects.bulk_create(
        Section(
            version=version,
            key=draft.key,
            position=position,
            title=draft.title,
            title_en=draft.title_en,
            category=draft.category,
            kind=draft.kind,
            body=draft.body,
            body_en=draft.body_en,
        )
        for position, draft in enumerate(drafts, start=1)
    )
    return version


# What readers see of a section (published positions are renumbered, so order only).
_CONTENT_FIELDS = ("key", "title", "title_en", "category", "kind", "body", "body_en")


def same_content(drafts, version: GuidelineVersion) -> bool:
    """Whether the draft ``drafts`` (in order) read the same as ``version``."""

    def content(sections) -> list[tuple]:
        return [tuple(getattr(s, f) for f in _CONTENT_FIELDS) for s in sections]

    return content(drafts) == content(Section.objects.of_version(version))


def acknowledge(user, version: GuidelineVersion) -> Acknowledgement:
    """Record that ``user`` read and understood ``version``; a second click changes nothing."""
    try:
        with transaction.atomic():
            acknowledgement, _created = Acknowledgement.objects.get_or_create(user=user, version=version)
    except IntegrityError:  # two clicks at once
        acknowledgement = Acknowledgement.objects.get(user=user, version=version)
    return acknowledgement


def _refuse_a_second_spelling(instance) -> None:
    """A term its topic has already in other capitals would be one term twice."""
    if isinstance(instance, TabooTerm) and (
        TabooTerm.objects.filter(topic_id=instance.topic_id, term__iexact=instance.term)
        .exclude(pk=instance.pk)
        .exists()
    ):
        raise ValidationError(_("The topic has this term already (matching ignores capitals)."))


def restore_wording(record, fields: tuple[str, ...]):
    """Put ``fields`` of a term or an example back as they were in ``record`` (an earlier version of
    a row that still exists; its position and the rest stay as they are now); a new history
    record says who did it. Raises ValidationError when it cannot be as it was (the topic has
    that term again, in any capitals)."""
    current = type(record.instance).objects.filter(pk=record.instance.pk).first()
    if current is None:
        raise ValidationError(_("it has been deleted since: restore it from the deleted items."))
    for name in fields:
        setattr(current, name, getattr(record, name))
    current.full_clean()
    _refuse_a_second_spelling(current)
    current.save()
    return current


def restore_deleted(record):
    """Bring back a deleted row from its last historical record (same primary key).

    Raises ValidationError when it cannot come back as it was: its topic is gone, or the same
    term (in any capitals) was added again since.
    """
    instance = record.instance
    if type(instance).objects.filter(pk=instance.pk).exists():
        raise ValidationError(_("it is back already (restored twice, or from an old page)."))
    instance.full_clean()
    _refuse_a_second_spelling(instance)
    instance.save()
    return instance
