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


_mention_number = iter(range(1, 10**9))


def make_mention(source=None, keywords=(), **fields):
    """A stored mention (PostgreSQL indexes it for full-text search itself)."""
    from datetime import timedelta

    from django.utils import timezone

    from monitoring.language import guess_language
    from monitoring.models import Mention
    from portal.lib.html import html_to_text

    n = next(_mention_number)
    fields.setdefault("title", f"Mention {n}")
    fields.setdefault("url", f"https://news.example.com/{n}")
    fields.setdefault("published_at", timezone.now() - timedelta(hours=n % 100))
    text = " ".join(html_to_text(fields.get(name, "")) for name in ("title", "summary", "content"))
    fields.setdefault("language", guess_language(text))
    mention = Mention.objects.create(
        source=source or SourceFactory(), identity_key=f"k{n}", content_hash="h", **fields
    )
    if keywords:
        mention.keywords.add(*keywords)
    return mention
