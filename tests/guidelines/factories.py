"""Factories and helpers for guideline tests."""

from __future__ import annotations

import factory

from guidelines import actions
from guidelines.models import (
    CompanyName,
    Section,
    SectionCategory,
    SectionKind,
    TabooExample,
    TabooTerm,
    TabooTopic,
)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    position = factory.Sequence(lambda n: (n + 1) * 10)
    title = factory.Sequence(lambda n: f"Abschnitt {n}")
    title_en = factory.Sequence(lambda n: f"Section {n}")
    category = SectionCategory.NETIQUETTE
    kind = SectionKind.RULE
    body = "Bleiben Sie **freundlich**."
    body_en = "Stay **friendly**."


class TabooTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TabooTopic

    name = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    explanation = "Darüber spricht nur die Pressestelle."
    speaker_role = "Pressestelle"
    severity = "never"


def topic(name: str, *terms: str, whole_word: bool = False, **extra) -> TabooTopic:
    """A topic with literal ``terms`` (and one example)."""
    created = TabooTopicFactory(name=name, **extra)
    for term in terms:
        TabooTerm.objects.create(topic=created, term=term, whole_word=whole_word)
    TabooExample.objects.create(topic=created, text=f"Beispiel zu {name}")
    return created


def publish(user=None, summary: str = "Neue Fassung", requires: bool = False):
    """Publish the draft as a new version; the draft gets a (trailing-space) change first, as
    publishing an unchanged draft publishes nothing."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    first = Section.objects.drafts().order_by("position", "pk").first()
    if first is not None:
        Section.objects.filter(pk=first.pk).update(body=Concat("body", Value(" ")))
    return actions.publish_version(user, summary, requires_acknowledgement=requires)


def company_names() -> None:
    CompanyName.objects.create(name="Nordlicht Systems", kind="company")
    CompanyName.objects.create(name="Polaris Cloud", kind="product")
    CompanyName.objects.create(name="Nordlicht", kind="company")  # the short name, as in the demo
