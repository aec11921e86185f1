"""Demo guidelines (two published versions), taboo topics, company names, acknowledgements."""

from __future__ import annotations

import random
import uuid

from simple_history.utils import bulk_create_with_history

from guidelines import actions
from guidelines.demo_content import (
    COMPANY_NAMES,
    SECTIONS,
    TABOO_TOPICS,
    VERSION_1_CONFIDENTIALITY,
    VERSION_1_OMITS,
    VERSIONS,
)
from guidelines.models import (
    Acknowledgement,
    CompanyName,
    GuidelineVersion,
    Section,
    TabooExample,
    TabooTerm,
    TabooTopic,
)
from portal.models import User

# Stable keys, so the demo's sections are the same sections across versions.
_NAMESPACE = uuid.UUID("6f1d7a52-3c1b-4a55-9a57-0d2f4c7e8b10")


def _load_guidelines() -> None:
    if GuidelineVersion.objects.exists() or Section.objects.exists():
        return
    comms = User.objects.filter(email="comms@example.com").first()
    position = 0
    for key, category, kind, title, title_en, body, body_en in SECTIONS:
        position += 1
        if key in VERSION_1_OMITS:
            continue
        if key == "confidentiality":
            body, body_en = VERSION_1_CONFIDENTIALITY
        Section.objects.create(
            key=uuid.uuid5(_NAMESPACE, key),
            position=position * 10,
            title=title,
            title_en=title_en,
            category=category,
            kind=kind,
            body=body,
            body_en=body_en,
        )
    summary, summary_en, requires = VERSIONS[0]
    actions.publish_version(comms, summary, summary_en=summary_en, requires_acknowledgement=requires)
    # Version 2: the full text.
    for position, (key, category, kind, title, title_en, body, body_en) in enumerate(SECTIONS, start=1):
        Section.objects.update_or_create(
            version=None,
            key=uuid.uuid5(_NAMESPACE, key),
            defaults={
                "position": position * 10,
                "title": title,
                "title_en": title_en,
                "category": category,
                "kind": kind,
                "body": body,
                "body_en": body_en,
            },
        )
    summary, summary_en, requires = VERSIONS[1]
    actions.publish_version(comms, summary, summary_en=summary_en, requires_acknowledgement=requires)


def _load_acknowledgements() -> None:
    if Acknowledgement.objects.exists():
        return
    first, second = GuidelineVersion.objects.order_by("number")[:2]
    rng = random.Random(7)  # noqa: S311 - the same picture on every machine
    for user in User.objects.filter(is_active=True).order_by("email"):
        if user.email == "employee@example.com":
            # The demo employee confirmed version 1 and is asked again for version 2.
            Acknowledgement.objects.create(user=user, version=first)
            continue
        roll = rng.random()
        if roll < 0.55:
            Acknowledgement.objects.create(user=user, version=first)
            Acknowledgement.objects.create(user=user, version=second)
        elif roll < 0.8:
            Acknowledgement.objects.create(user=user, version=first)


def _load_taboo_topics() -> None:
    for (
        name,
        name_en,
        severity,
        speaker,
        speaker_en,
        explanation,
        explanation_en,
        examples,
        terms,
    ) in TABOO_TOPICS:
        topic, created = TabooTopic.objects.get_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "severity": severity,
                "speaker_role": speaker,
                "speaker_role_en": speaker_en,
                "explanation": explanation,
                "explanation_en": explanation_en,
            },
        )
        if not created:
            continue
        bulk_create_with_history(  # with their first history record, so a rewording can be undone
            [
                TabooExample(topic=topic, text=text, text_en=text_en, position=i)
                for i, (text, text_en) in enumerate(examples)
            ],
            TabooExample,
        )
        for term, whole_word, is_regex in terms:
            TabooTerm.objects.create(topic=topic, term=term, whole_word=whole_word, is_regex=is_regex)


def load(stdout) -> None:
    _load_guidelines()
    _load_acknowledgements()
    _load_taboo_topics()
    for name, kind in COMPANY_NAMES:
        CompanyName.objects.get_or_create(name=name, defaults={"kind": kind})
    stdout.write(
        f"  guidelines: {GuidelineVersion.objects.count()} versions, {TabooTopic.objects.count()} taboo topics, "
        f"{Acknowledgement.objects.count()} acknowledgements"
    )
