"""One article at "http://" and at "https://" (a blog's own feed, an alert) is one mention."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import DeletedMention, Mention
from monitoring.parsing import canonical_url, canonical_url_hash, sha256
from monitoring.pipeline import ingest_file
from monitoring.tasks import poll_source
from tests.monitoring.factories import SourceFactory, make_mention

pytestmark = pytest.mark.django_db


def rss(*items: tuple[str, str]) -> bytes:
    """An RSS feed of (guid, link) entries."""
    body = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><link>{link}</link>"
        f"<title>Vorstand stellt Strategie vor</title><description>Text {guid}</description></item>"
        for guid, link in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{body}</channel></rss>".encode()


def test_the_same_article_by_http_and_by_https_is_stored_once(httpserver, source_for):
    httpserver.expect_request("/blog.xml").respond_with_data(
        rss(("b1", "http://Blog.example/x")), content_type="application/rss+xml"
    )
    httpserver.expect_request("/alert.xml").respond_with_data(
        rss(("a1", "https://blog.example/x?utm_source=alert")), content_type="application/rss+xml"
    )
    blog = source_for(httpserver.url_for("/blog.xml"))
    alert = source_for(httpserver.url_for("/alert.xml"))
    poll_source.delay(blog.pk)
    poll_source.delay(alert.pk)
    assert list(Mention.objects.values_list("url", flat=True)) == ["http://Blog.example/x"]
    assert canonical_url_hash("http://blog.example:80/x#top") == canonical_url_hash("https://blog.example/x")
    assert canonical_url_hash("http://blog.example/x") != canonical_url_hash("http://blog.example/y")


def test_a_deleted_article_is_not_brought_back_by_its_other_scheme():
    blog, alert = SourceFactory(name="Blog"), SourceFactory(name="Alert")
    ingest_file(blog, rss(("b1", "http://blog.example/x")))
    mention = Mention.objects.get()
    Mention.objects.filter(pk=mention.pk).update(published_at=timezone.now() - timedelta(days=4000))
    from monitoring.retention import delete_old_mentions

    assert delete_old_mentions() == 1
    assert DeletedMention.objects.get().canonical_hash == canonical_url_hash("https://blog.example/x")
    result = ingest_file(alert, rss(("a1", "https://blog.example/x")))
    assert (result.ingest.new, result.ingest.skipped) == (0, 1)


def test_the_admin_finds_a_mention_by_its_address_with_either_scheme(client, comms):
    client.force_login(comms)
    make_mention(
        title="Strategie",
        url="http://blog.example/x",
        canonical_hash=canonical_url_hash("http://blog.example/x"),
    )
    url = reverse("admin:monitoring_mention_changelist")
    alert = "https://www.google.com/url?rct=j&sa=t&url=https://blog.example/x&usg=AOv"  # pasted from an alert
    for address in ("https://blog.example/x", "http://blog.example/x?utm_medium=mail", alert):
        listed = [m.title for m in client.get(url, {"q": address}).context["cl"].result_list]
        assert listed == ["Strategie"], address


def test_the_migration_gives_http_links_their_new_hash_in_batches_and_survives_duplicates(monkeypatch):
    from django.apps import apps

    # Its function on today's tables (migrated back to 0015, the table lacks the later columns).
    migration = importlib.import_module("monitoring.migrations.0016_canonical_hash_without_scheme")
    monkeypatch.setattr(migration, "BATCH", 2)
    source = SourceFactory()

    def stored(url, **fields):
        fields.setdefault("canonical_hash", sha256(canonical_url(url)))
        return make_mention(source=source, url=url, **fields)

    lonely = stored("http://blog.example/lonely")
    # The same article stored twice before: the older keeps the link, whichever scheme it has.
    older_http, newer_https = stored("http://blog.example/a"), stored("https://blog.example/a")
    older_https, newer_http = stored("https://blog.example/b"), stored("HTTP://blog.example/b")
    shared = stored("http://blog.example/home", canonical_hash=None)  # a feed's shared link
    cut = stored("http://blog.example/" + "x" * 1980, canonical_hash=sha256("longer"))  # cut at 2,000
    secure = stored("https://blog.example/c")
    nothing = stored("", canonical_hash=None)
    migration.rehash_http_links(apps, None)
    migration.rehash_http_links(apps, None)  # again: nothing more changes

    def hash_of(mention):
        return Mention.objects.values_list("canonical_hash", flat=True).get(pk=mention.pk)

    assert hash_of(lonely) == canonical_url_hash("http://blog.example/lonely")
    assert hash_of(older_http) == canonical_url_hash("https://blog.example/a")
    assert hash_of(newer_https) is None
    assert hash_of(older_https) == canonical_url_hash("https://blog.example/b")
    assert hash_of(newer_http) is None
    assert hash_of(shared) is None
    assert hash_of(cut) == sha256("longer")
    assert hash_of(secure) == sha256("https://blog.example/c")
    assert hash_of(nothing) is None
