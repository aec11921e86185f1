"""Writes that span models: publishing a version, acknowledging it."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines.models import Acknowledgement, GuidelineVersion, Section, TabooExample, TabooTerm, TabooTopic
from portal.lib.history import restore_row


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
        # The same text on purpose (to be confirmed again) is a new version, once a minute;
        # at once after one that asked nobody (not a double click: the box is ticked now).
        just_published = current.published_at > timezone.now() - timedelta(minutes=1)
        double_click = just_published and current.requires_acknowledgement
        if not requires_acknowledgement or double_click:
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
        same_as=None if requires_acknowledgement or current is None else _earlier_reading_as(drafts, current),
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


def _earlier_reading_as(drafts, current: GuidelineVersion) -> GuidelineVersion | None:
    """The latest version before ``current`` that reads as ``drafts``: the draft brought back to it
    (``draft_from_version``) after a version published by mistake. Whoever was up to date with it
    need not confirm the same text again (``acknowledgement_baseline``)."""
    earlier = GuidelineVersion.objects.filter(number__lt=current.number).order_by("-number")
    return next((version for version in earlier[:20] if same_content(drafts, version)), None)


# What readers see of a section (published positions are renumbered, so order only).
_CONTENT_FIELDS = ("key", "title", "title_en", "category", "kind", "body", "body_en")


def draft_fingerprint() -> str:
    """What the draft reads now, in order, in a few characters: the publish page carries the one
    it showed, so that nobody publishes a colleague's unfinished section without having seen it."""
    rows = [(s.position, *(getattr(s, f) for f in _CONTENT_FIELDS)) for s in Section.objects.drafts()]
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def same_content(drafts, version: GuidelineVersion) -> bool:
    """Whether the draft ``drafts`` (in order) read the same as ``version``."""

    def content(sections) -> list[tuple]:
        return [tuple(getattr(s, f) for f in _CONTENT_FIELDS) for s in sections]

    return content(drafts) == content(Section.objects.of_version(version))


@transaction.atomic
def draft_from_version(version: GuidelineVersion) -> int:
    """Make the draft read as ``version`` again: the way back from a version published by mistake
    (published versions never change), or to an earlier text. Draft sections that ``version`` has
    are reworded back, the others deleted, its missing ones added; what the draft said before
    stays in each section's history and under "Deleted sections". Returns how many draft
    sections changed."""
    drafts = {draft.key: draft for draft in Section.objects.drafts().select_for_update()}
    changed = 0
    for section in Section.objects.of_version(version):
        wanted = {name: getattr(section, name) for name in _CONTENT_FIELDS}
        wanted["position"] = section.position * 10  # gaps, as the draft's own, to move one in between
        draft = drafts.pop(section.key, None)
        if draft is not None and all(getattr(draft, name) == value for name, value in wanted.items()):
            continue
        draft = draft or _deleted_draft(section.key) or Section()
        for name, value in wanted.items():
            setattr(draft, name, value)
        draft.save()  # one at a time: each keeps its history (who, when)
        changed += 1
    for draft in drafts.values():
        draft.delete()
        changed += 1
    return changed


def _deleted_draft(key) -> Section | None:
    """The draft section with ``key`` as it was deleted, to come back with its history (published
    sections are copies without one)."""
    record = Section.history.filter(key=key).order_by("-history_date", "-history_id").first()
    if record is None or Section.objects.filter(pk=record.id).exists():
        return None
    return record.instance


def acknowledge(user, version: GuidelineVersion) -> Acknowledgement:
    """Record that ``user`` read and understood ``version``; a second click changes nothing."""
    try:
        with transaction.atomic():
            acknowledgement, _created = Acknowledgement.objects.get_or_create(user=user, version=version)
    except IntegrityError:  # two clicks at once
        acknowledgement = Acknowledgement.objects.get(user=user, version=version)
    return acknowledgement


# Rows a topic's delete took along are deleted moments before it, by the same person (one
# transaction; the rows first). A term deleted on its own a minute earlier stays deleted.
DELETED_TOGETHER = timedelta(seconds=2)


def restore_deleted_with(topic: TabooTopic) -> int:
    """A deleted topic restored from its history: the terms and examples deleted with it come back
    too (one at a time, from another page, they were twenty clicks). Returns how many."""
    deletion = topic.history.filter(history_type="-").order_by("-history_date").first()
    if deletion is None:
        return 0
    window = {
        "topic_id": topic.pk,
        "history_type": "-",
        "history_user_id": deletion.history_user_id,
        "history_date__gte": deletion.history_date - DELETED_TOGETHER,
        "history_date__lte": deletion.history_date,
    }
    restored = 0
    for model in (TabooTerm, TabooExample):
        alive = model.objects.values("pk")
        for record in model.history.filter(**window).exclude(id__in=alive).order_by("history_id"):
            try:
                restore_row(record, check_term)
            except ValidationError:
                continue  # added again meanwhile, in other capitals: the topic has it
            restored += 1
    return restored


@transaction.atomic
def restore_deleted_taboo_item(record):
    """Bring back a deleted topic (with the terms and examples deleted with it), term or example
    from its last historical record."""
    if isinstance(record.instance, TabooTopic):
        topic = restore_row(record)
        restore_deleted_with(topic)
        return topic
    return restore_row(record, check_term)


def check_term(instance) -> None:
    """A term its topic has already in other capitals would be one term twice (restoring one)."""
    if isinstance(instance, TabooTerm) and (
        TabooTerm.objects.filter(topic_id=instance.topic_id, term__iexact=instance.term)
        .exclude(pk=instance.pk)
        .exists()
    ):
        raise ValidationError(_("The topic has this term already (matching ignores capitals)."))
