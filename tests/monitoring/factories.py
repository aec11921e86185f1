from __future__ import annotations

import factory

from monitoring.models import Source, TrackedKeyword


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    url = factory.Sequence(lambda n: f"https://feeds.example.com/{n}.xml")
    kind = Source.Kind.NEWS


class TrackedKeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedKeyword
        django_get_or_create = ["name"]

    name = "Nordlicht"
