"""Feeds that move links between their entries: nothing is lost, and no poll fails for good."""

from __future__ import annotations

import pytest

from monitoring.models import Mention
from monitoring.pipeline import ingest_file
from tests.monitoring.factories import SourceFactory

pytestmark = pytest.mark.django_db


def rss(*items: tuple[str, str]) -> bytes:
    """An RSS feed of (guid, link) entries, each titled by its guid."""
    body = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><link>https://news.example/{link}</link>"
        f"<title>Artikel {guid}</title><description>Text {guid} über {link}</description></item>"
        for guid, link in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{body}</channel></rss>".encode()


def links(source) -> dict[str, str]:
    return dict(Mention.objects.filter(source=source).values_list("guid", "url"))


def test_two_entries_swapping_their_links_are_both_updated():
    source = SourceFactory()
    ingest_file(source, rss(("k1", "1"), ("k2", "2")))
    result = ingest_file(source, rss(("k1", "2"), ("k2", "1")))
    assert result.outcome != "failed", result.error
    assert links(source) == {"k1": "https://news.example/2", "k2": "https://news.example/1"}


def test_entries_shifting_along_the_links_lose_no_article():
    """Entry 2 took entry 1's link and a new entry 3 took entry 2's: article b was lost."""
    source = SourceFactory()
    ingest_file(source, rss(("1", "a"), ("2", "b")))
    result = ingest_file(source, rss(("1", "c"), ("2", "a"), ("3", "b")))
    assert result.outcome != "failed", result.error
    assert links(source) == {
        "1": "https://news.example/c",
        "2": "https://news.example/a",
        "3": "https://news.example/b",
    }
    assert (result.ingest.new, result.ingest.updated) == (1, 2)


def test_an_entry_now_linking_an_article_stored_from_another_source_does_not_break_the_poll():
    agency, heise = SourceFactory(name="Agentur"), SourceFactory(name="Heise")
    ingest_file(heise, rss(("h1", "heise-artikel")))
    ingest_file(agency, rss(("a1", "agentur-123")))
    result = ingest_file(agency, rss(("a1", "heise-artikel"), ("a2", "agentur-neu")))
    assert result.outcome != "failed", result.error
    # The article is stored once, from Heise; the agency's mention stays as it was, the rest is in.
    assert links(agency) == {
        "a1": "https://news.example/agentur-123",
        "a2": "https://news.example/agentur-neu",
    }
    assert links(heise) == {"h1": "https://news.example/heise-artikel"}
    again = ingest_file(agency, rss(("a1", "heise-artikel"), ("a2", "agentur-neu")))
    assert again.outcome != "failed", again.error
