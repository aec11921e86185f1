"""Polling real feed files from a local server: formats, conditional GET, errors, storing."""

from __future__ import annotations

import gzip
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from guidelines.matcher import get_matcher
from monitoring.models import Mention, MentionTabooMatch, Source
from monitoring.tasks import poll_source
from tests.monitoring.conftest import feed
from tests.monitoring.factories import TrackedKeywordFactory

pytestmark = pytest.mark.django_db


def poll(source: Source) -> Source:
    poll_source.delay(source.pk)
    source.refresh_from_db()
    return source


@pytest.mark.parametrize(
    ("name", "count", "title"),
    [
        ("rss091.xml", 2, "Nordlicht Systems eröffnet neues Büro in Leipzig"),
        ("rss20.xml", 3, "Nordlicht Systems ships Polaris 5 with offline mode"),
        ("rss10.rdf", 1, "Erste Schritte mit der Polaris-API"),
        ("atom.xml", 2, "Nordlicht Systems & partners at the Logistics Summit"),
    ],
)
def test_poll_stores_entries_of_every_feed_format(serve, source_for, name, count, title):
    source = poll(source_for(serve(name)))
    assert source.last_success_at is not None
    assert source.consecutive_errors == 0
    assert Mention.objects.filter(source=source).count() == count
    assert Mention.objects.filter(title=title).exists()


def test_rss20_entry_keeps_author_date_content_and_resolves_relative_links(serve, source_for):
    url = serve("rss20.xml")
    source = poll(source_for(url))
    mention = Mention.objects.get(guid="techdaily-4711")
    assert mention.author == "Jane Roe"
    assert mention.published_at.isoformat() == "2026-11-23T07:30:00+00:00"
    # Relative to the document's URL (there is no xml:base).
    assert f'href="{url.rsplit("/", 1)[0]}/2026/11/polaris-review"' in mention.content
    # Tracking parameters never reach the stored link.
    assert mention.url == "https://techdaily.example.com/2026/11/polaris-5"
    assert source.title == "Tech Business Daily"


def test_atom_relative_link_is_resolved_against_xml_base(serve, source_for):
    poll(source_for(serve("atom.xml", content_type="application/atom+xml")))
    assert Mention.objects.filter(url="https://alerts.example.com/articles/logistics-summit").exists()


def test_entries_without_guid_date_or_title_are_stored_with_fallbacks(serve, source_for):
    now = timezone.now()
    source = poll(source_for(serve("missing_fields.xml")))
    assert source.mentions.count() == 4
    no_guid = Mention.objects.get(url="https://sloppy.example.com/no-guid")
    assert no_guid.guid == ""
    no_date = Mention.objects.get(guid="sloppy-no-date")
    assert no_date.published_guessed
    assert abs(no_date.published_at - now) < timedelta(minutes=1)
    assert Mention.objects.get(guid="sloppy-no-title").title == "Has no title."  # its first words
    assert Mention.objects.filter(title="Neither guid nor link", guid="", url="").exists()
    # Re-polling the same feed creates nothing new, even for the entry identified by its content.
    source.body_hash = ""
    source.save()
    poll(source)
    assert source.mentions.count() == 4


def test_an_undated_entry_keeps_the_date_it_was_first_seen_when_its_text_changes(httpserver, source_for):
    """Re-dated at every change, a typo fixed put an old article back on top of the list."""
    body = feed("missing_fields.xml")
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(body, content_type="application/rss+xml")
    changed = body.replace(b"Has no pubDate.", b"Has no pubDate, still.")
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        changed, content_type="application/rss+xml"
    )
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    first_seen = timezone.now() - timedelta(days=20)
    Mention.objects.filter(guid="sloppy-no-date").update(published_at=first_seen)
    poll(source)
    mention = Mention.objects.get(guid="sloppy-no-date")
    assert mention.summary == "Has no pubDate, still."  # updated
    assert (mention.published_at, mention.published_guessed) == (first_seen, True)


def test_repeated_and_blank_guids_fall_back_to_links(serve, source_for):
    source = poll(source_for(serve("repeated_guids.xml")))
    assert sorted(source.mentions.values_list("title", flat=True)) == ["First", "Second", "Third"]


def test_etag_round_trip_gives_304_and_counts_as_success(httpserver, source_for):
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        feed("rss20.xml"), headers={"ETag": '"v1"'}, content_type="application/rss+xml"
    )
    httpserver.expect_ordered_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    assert source.etag == '"v1"'
    before = source.last_success_at
    later = time_machine.travel(timezone.now() + timedelta(minutes=20))
    with later, CaptureQueriesContext(connection) as queries:
        source = poll(source)
    # Most polls find nothing new: read the source, claim it, store its state — nothing else.
    assert [query["sql"].split()[0] for query in queries][:3] == ["SELECT", "UPDATE", "UPDATE"]
    assert len(queries) == 4  # and refresh_from_db
    assert source.last_success_at > before
    assert source.consecutive_errors == 0
    assert source.etag == '"v1"'
    assert source.mentions.count() == 3
    httpserver.check_assertions()


def test_last_modified_round_trip_gives_304(httpserver, source_for):
    stamp = "Mon, 23 Nov 2026 08:00:00 GMT"
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        feed("rss20.xml"), headers={"Last-Modified": stamp}, content_type="application/rss+xml"
    )
    httpserver.expect_ordered_request("/feed.xml", headers={"If-Modified-Since": stamp}).respond_with_data(
        "", status=304
    )
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    source = poll(source)
    assert source.last_modified == stamp
    assert source.last_error_code == ""
    httpserver.check_assertions()


def test_unchanged_body_with_new_build_date_is_not_parsed_again(httpserver, source_for, monkeypatch):
    first = feed("rss20.xml")
    second = first.replace(
        b"Mon, 23 Nov 2026 08:00:00 GMT</lastBuildDate>", b"Mon, 23 Nov 2026 09:00:00 GMT</lastBuildDate>"
    )
    assert first != second
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        first, content_type="application/rss+xml"
    )
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        second, content_type="application/rss+xml"
    )
    source = poll(source_for(httpserver.url_for("/feed.xml")))

    def parse_must_not_run(*args, **kwargs):
        raise AssertionError("parsed an unchanged feed")

    monkeypatch.setattr("monitoring.pipeline.parse_feed", parse_must_not_run)
    source = poll(source)
    assert source.last_error_code == ""
    assert source.consecutive_errors == 0


def test_changed_entry_is_updated_not_duplicated(httpserver, source_for):
    first = feed("rss20.xml")
    second = first.replace(b"Analysts expect another strong year.", b"Analysts now expect a record year.")
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        first, content_type="application/rss+xml"
    )
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        second, content_type="application/rss+xml"
    )
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    poll(source)
    assert source.mentions.count() == 3
    assert "record year" in Mention.objects.get(title="Cloud spending keeps growing in Europe").summary


def test_gzip_compressed_feed_is_decoded(serve, source_for):
    body = gzip.compress(feed("rss20.xml"))
    source = poll(source_for(serve(body=body, headers={"Content-Encoding": "gzip"})))
    assert source.mentions.count() == 3


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_updates_the_stored_url(httpserver, source_for, status):
    httpserver.expect_request("/old.xml").respond_with_data(
        "", status=status, headers={"Location": "/new.xml"}
    )
    httpserver.expect_request("/new.xml").respond_with_data(
        feed("rss20.xml"), content_type="application/rss+xml"
    )
    source = poll(source_for(httpserver.url_for("/old.xml")))
    assert source.url == httpserver.url_for("/new.xml")
    assert source.mentions.count() == 3


@pytest.mark.parametrize("status", [302, 307])
def test_temporary_redirect_keeps_the_stored_url(httpserver, source_for, status):
    httpserver.expect_request("/feed.xml").respond_with_data(
        "", status=status, headers={"Location": "/temporary.xml"}
    )
    httpserver.expect_request("/temporary.xml").respond_with_data(
        feed("rss20.xml"), content_type="application/rss+xml"
    )
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    assert source.url == httpserver.url_for("/feed.xml")
    assert source.mentions.count() == 3


def test_too_many_redirects_are_an_error(httpserver, source_for):
    for n in range(7):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            "", status=302, headers={"Location": f"/r{n + 1}"}
        )
    source = poll(source_for(httpserver.url_for("/r0")))
    assert source.last_error_code == Source.Error.TOO_MANY_REDIRECTS


@pytest.mark.parametrize(("status", "detail"), [(404, "HTTP 404"), (500, "HTTP 500")])
def test_http_errors_are_recorded_with_their_reason(serve, source_for, status, detail):
    source = poll(source_for(serve(body=b"nope", status=status)))
    assert source.last_error_code == Source.Error.HTTP_STATUS
    assert source.last_error_detail == detail
    assert source.consecutive_errors == 1
    assert source.mentions.count() == 0


def test_timeout_is_an_error_with_a_reason(httpserver, source_for, settings):
    settings.FEED_TIMEOUT = 1

    def slow(request):
        import time

        from werkzeug import Response

        time.sleep(1.5)
        return Response(feed("rss20.xml"))

    httpserver.expect_request("/slow.xml").respond_with_handler(slow)
    source = poll(source_for(httpserver.url_for("/slow.xml")))
    assert source.last_error_code == Source.Error.TIMEOUT


def test_a_refused_connection_is_said_plainly(source_for):
    import socket

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    source = poll(source_for(f"http://127.0.0.1:{port}/feed.xml"))
    assert source.last_error_code == Source.Error.CONNECTION
    assert source.last_error_detail == "Connection refused"


def test_a_feed_dripping_a_byte_at_a_time_stops_at_the_overall_deadline(httpserver, source_for, settings):
    """Each byte arrives within the read timeout; the whole fetch may still take 3 timeouts at most."""
    settings.FEED_TIMEOUT = 0.5

    def drip(request):
        import time

        from werkzeug import Response

        def body():
            for _ in range(40):
                time.sleep(0.1)
                yield b" "

        return Response(body(), content_type="application/rss+xml")

    httpserver.expect_request("/drip.xml").respond_with_handler(drip)
    started = time.monotonic()
    source = poll(source_for(httpserver.url_for("/drip.xml")))
    assert source.last_error_code == Source.Error.TIMEOUT
    assert time.monotonic() - started < 3  # the drip would last 4 s


def test_oversize_body_is_refused(serve, source_for, settings):
    settings.FEED_MAX_BYTES = 10_000
    source = poll(source_for(serve(body=feed("rss20.xml") * 10)))
    assert source.last_error_code == Source.Error.TOO_LARGE


def test_gzip_bomb_stops_at_the_cap_on_decompressed_bytes(serve, source_for, settings):
    settings.FEED_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b"<rss>" + b" " * (50 * 1024 * 1024))
    assert len(bomb) < 100_000
    source = poll(source_for(serve(body=bomb, headers={"Content-Encoding": "gzip"})))
    assert source.last_error_code == Source.Error.TOO_LARGE


def test_html_page_is_an_error_with_a_clear_reason(serve, source_for):
    source = poll(source_for(serve("html_page.html", content_type="text/html")))
    assert source.last_error_code == Source.Error.HTML_PAGE
    with translation.override("de"):
        assert source.last_error == "Eine HTML-Seite, kein Feed"


def test_garbage_is_an_error(serve, source_for):
    source = poll(source_for(serve(body=b"\x00\x01 not xml at all {}")))
    assert source.last_error_code == Source.Error.NOT_A_FEED


def test_billion_laughs_does_not_expand(serve, source_for):
    source = poll(source_for(serve("billion_laughs.xml")))
    total = sum(len(m.title) + len(m.summary) for m in source.mentions.all())
    assert total < 1000


def test_malformed_feed_with_entries_is_accepted_with_a_warning(serve, source_for):
    source = poll(source_for(serve("malformed.xml")))
    assert source.mentions.filter(title="Still readable").exists()
    assert source.last_warning
    assert source.last_error_code == ""
    with translation.override("de"):  # in the reader's words, not the parser's
        assert "kein wohlgeformtes XML" in source.warning, source.warning


def test_windows_1252_feed_is_decoded(serve, source_for):
    poll(source_for(serve("windows1252.xml", content_type="application/rss+xml")))
    mention = Mention.objects.get(guid="fp-1")
    assert mention.title == "Nordlicht übernimmt Wartungsgeschäft – „Größter Schritt“"
    assert "5 Mio. €" in mention.summary


def test_utf8_umlauts_survive(serve, source_for):
    poll(source_for(serve("utf8_umlauts.xml", content_type="application/rss+xml; charset=utf-8")))
    mention = Mention.objects.get(guid="wd-2026-1")
    assert mention.title == "Größere Räume für Nordlicht: Umzug nach Hamburg-Altona"
    assert "Straßenanbindung – „ein Glücksfall“" in mention.summary


def test_nul_characters_in_a_feed_are_dropped(serve, source_for):
    """&#0; anywhere: PostgreSQL refuses NUL in text, and the whole feed failed on every poll."""
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed&#0;</title><item>'
        b"<title>Nord&#0;licht</title><link>https://n.example.com/a&#0;b</link><guid>g&#0;1</guid>"
        b"<author>x&#0;y</author><description>d&#0;e &lt;b&gt;x&#0;&lt;/b&gt;</description>"
        b"</item></channel></rss>"
    )
    source = poll(source_for(serve(body=body)))
    assert source.last_error_code == ""
    mention = source.mentions.get()
    assert (source.title, mention.title, mention.author, mention.guid) == ("Feed", "Nordlicht", "xy", "g1")
    assert "\x00" not in mention.summary + mention.content + mention.url


def test_hostile_html_is_neutralised(serve, source_for):
    poll(source_for(serve("hostile.xml")))
    mention = Mention.objects.get(guid="evil-1")
    stored = (mention.title + mention.summary + mention.content).lower()
    for bad in ["<script", "<style", "<iframe", "<form", "<input", "<object", "<embed", "<svg", "onerror",
                "onclick", "onmouseover", "onload", "javascript:", "data:", "style=", "<img", "tracker.example.com",
                "utm_", "fbclid", "gclid", "document.cookie"]:  # fmt: skip
        assert bad not in stored, bad
    assert mention.title == "Click me"
    assert mention.url == "https://evil.example.com/story?id=7"
    assert 'href="https://news.example.com/a?page=2"' in mention.content
    # The remote image is a link now (nothing loads), with its alt text.
    assert (
        '<a href="https://cdn.example.com/photos/ceo.jpg" rel="noopener noreferrer nofollow">'
        in mention.content
    )
    assert "[The CEO on stage]" in mention.content
    for link in mention.content.split("<a ")[1:]:
        assert 'rel="noopener noreferrer nofollow"' in link


def test_same_article_from_two_sources_is_stored_once(serve, source_for):
    wire = poll(source_for(serve("article_source_a.xml", path="/a.xml")))
    aggregator = poll(
        source_for(serve("article_source_b.xml", path="/b.xml", content_type="application/atom+xml"))
    )
    assert Mention.objects.filter(title="Nordlicht wins logistics award").count() == 1
    assert wire.mentions.count() == 1
    assert aggregator.mentions.count() == 0
    assert aggregator.last_error_code == ""


def test_a_changed_keyword_matches_the_mentions_stored_before(
    serve, source_for, django_capture_on_commit_callbacks
):
    from monitoring.ingest import relink_keywords

    poll(source_for(serve("rss20.xml")))
    review = Mention.objects.get(guid="techdaily-4711")
    assert not review.keywords.exists()
    with django_capture_on_commit_callbacks(execute=True):
        polaris = TrackedKeywordFactory(name="Polaris", aliases="")
    assert list(review.keywords.all()) == [polaris]
    with django_capture_on_commit_callbacks(execute=True):
        polaris.active = False
        polaris.save()
    assert not review.keywords.exists()
    # Batch by batch, and running again changes nothing.
    polaris.active = True
    polaris.save()
    assert relink_keywords(batch_size=1) == Mention.objects.count()
    assert relink_keywords(batch_size=2) == Mention.objects.count()
    assert list(review.keywords.all()) == [polaris]


def test_keywords_saved_together_queue_one_re_match(django_capture_on_commit_callbacks, monkeypatch):
    from django.core.cache import cache

    from monitoring import tasks
    from monitoring.signals import RELINK_PENDING

    queued = []
    monkeypatch.setattr(tasks.relink_keywords, "delay", lambda: queued.append(1))
    cache.delete(RELINK_PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Nordlicht", "Polaris", "Aurora"):
            TrackedKeywordFactory(name=name)
    assert queued == [1]
    tasks.relink_keywords()  # running clears the mark: the next change queues again
    with django_capture_on_commit_callbacks(execute=True):
        TrackedKeywordFactory(name="Zeppelin")
    assert queued == [1, 1]


def test_keywords_and_aliases_are_recorded_on_ingest(serve, source_for):
    nordlicht = TrackedKeywordFactory(name="Nordlicht Systems", aliases="Nordlicht\nNordlicht's")
    polaris = TrackedKeywordFactory(name="Polaris", aliases="")
    TrackedKeywordFactory(name="Unrelated", aliases="Zeppelin")
    poll(source_for(serve("rss20.xml")))
    assert set(Mention.objects.get(guid="techdaily-4711").keywords.all()) == {nordlicht, polaris}
    assert set(Mention.objects.get(guid="techdaily-4709").keywords.all()) == {nordlicht}
    assert not Mention.objects.get(title="Cloud spending keeps growing in Europe").keywords.exists()


def test_queries_per_poll_do_not_grow_with_the_number_of_entries(
    httpserver, source_for, django_assert_max_num_queries
):
    from django.db import connection

    def feed_with(n: int) -> bytes:
        items = "".join(
            f"<item><title>Nordlicht item {i}</title><link>https://n.example.com/{n}/{i}</link>"
            f"<guid>{n}-{i}</guid><description>Text {i}</description></item>"
            for i in range(n)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()

    TrackedKeywordFactory(name="Nordlicht")
    make_taboo_topic("Finanzkennzahlen", ["Umsatz", "item"])
    get_matcher()  # compiled once per process, not per poll
    counts = {}
    # SQLite allows 999 parameters per statement, so Django splits bulk inserts
    # into batches of ~45 entries there; PostgreSQL takes a whole feed at once.
    for n in (5, 100 if connection.vendor == "postgresql" else 40):
        httpserver.expect_request(f"/{n}.xml").respond_with_data(
            feed_with(n), content_type="application/rss+xml"
        )
        source = source_for(httpserver.url_for(f"/{n}.xml"))
        with CaptureQueriesContext(connection) as queries:
            poll_source.delay(source.pk)
        counts[n] = len(queries)
        assert source.mentions.count() == n
    assert len(set(counts.values())) == 1, counts


def test_killed_and_retried_poll_loses_and_duplicates_nothing(serve, source_for, monkeypatch):
    source = source_for(serve("rss20.xml"))
    TrackedKeywordFactory(name="Nordlicht")

    class WorkerKilled(BaseException):
        pass

    def killed(*args, **kwargs):
        raise WorkerKilled

    # The worker dies after the mentions were inserted, before the poll finished.
    monkeypatch.setattr("monitoring.ingest._link_keywords", killed)
    from monitoring.pipeline import claim_due_sources

    [(pk, token)] = claim_due_sources()
    with pytest.raises(WorkerKilled):
        poll_source.delay(pk, str(token))
    assert Mention.objects.count() == 0
    monkeypatch.undo()
    # acks_late: the broker hands the same task (same claim) to another worker.
    poll_source.delay(pk, str(token))
    source.refresh_from_db()
    assert source.mentions.count() == 3
    assert Mention.objects.get(guid="techdaily-4711").keywords.count() == 1
    assert source.claim_token is None
    # And if it is delivered yet again after it finished, nothing changes.
    poll_source.delay(pk, str(token))
    assert source.mentions.count() == 3


def make_taboo_topic(name: str, terms: list[str]):
    from guidelines.models import TabooTerm, TabooTopic

    topic = TabooTopic.objects.create(name=name, explanation="…")
    for term in terms:
        TabooTerm.objects.create(topic=topic, term=term)
    return topic


def test_mentions_touching_taboo_topics_are_flagged_with_the_matched_words(httpserver, source_for):
    figures = make_taboo_topic("Finanzkennzahlen", ["Umsatz", "revenue"])
    products = make_taboo_topic("Unangekündigte Produkte", ["Prototyp", "unreleased"])
    first = feed("rss20.xml").replace(
        b"Analysts expect another strong year.",
        b"Analysts expect record revenue and an unreleased Revenue tool.",
    )
    second = first.replace(b"record revenue and an unreleased Revenue tool", b"a quiet year")
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        first, content_type="application/rss+xml"
    )
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        second, content_type="application/rss+xml"
    )
    source = poll(source_for(httpserver.url_for("/feed.xml")))

    cloud = Mention.objects.get(title="Cloud spending keeps growing in Europe")
    assert cloud.flagged
    matches = {m.topic: m.matched_words for m in MentionTabooMatch.objects.filter(mention=cloud)}
    assert matches == {figures: ["Revenue", "revenue"], products: ["unreleased"]}
    assert not Mention.objects.get(guid="techdaily-4711").flagged
    assert Mention.objects.filter(flagged=True).count() == 1

    # The article is edited and no longer touches anything: the flag goes.
    poll(source)
    cloud.refresh_from_db()
    assert not cloud.flagged
    assert not cloud.taboo_topics.exists()


def test_missing_source_is_a_quiet_return():
    assert poll_source.delay(999999).result is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors need PostgreSQL")
def test_search_vectors_follow_every_change_of_a_mention(httpserver, source_for):
    """PostgreSQL generates the vector: new mentions, changed entries and edits are all indexed."""
    first = feed("rss20.xml")
    second = first.replace(b"Analysts expect another strong year.", b"Analysts now expect a record year.")
    for body in (first, second):
        httpserver.expect_ordered_request("/feed.xml").respond_with_data(
            body, content_type="application/rss+xml"
        )
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    assert all(Mention.objects.values_list("search_vector", flat=True))

    poll(source)  # one entry changed
    changed = Mention.objects.get(title="Cloud spending keeps growing in Europe")
    assert "'record'" in changed.search_vector
    assert "'strong'" not in changed.search_vector

    Mention.objects.filter(pk=changed.pk).update(title="Quartalszahlen", language="de")
    changed.refresh_from_db()
    assert "'quartalszahl':1A" in changed.search_vector


@pytest.mark.parametrize("returning", [True, False], ids=["RETURNING", "SQLite before 3.35"])
def test_insert_skips_an_article_another_poll_stored_meanwhile(source_for, monkeypatch, returning):
    """Between ingest's check and its INSERT another source's poll may store the same URL."""
    from monitoring.ingest import _insert_mentions, ingest
    from monitoring.parsing import parse_feed

    now = timezone.now()
    entries = parse_feed(feed("rss20.xml"), {}, "https://techdaily.example.com/feed.xml", now).entries
    first, second = source_for("https://a.example.com/feed"), source_for("https://b.example.com/feed")
    ingest(first, entries[:1], now)
    if not returning:
        monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    created = _insert_mentions(second, entries, {entry.identity_key: [] for entry in entries}, now)
    assert set(created) == {entry.identity_key for entry in entries[1:]}
    assert set(Mention.objects.filter(source=second).values_list("id", flat=True)) == set(created.values())
    assert Mention.objects.filter(source=first).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="collations are PostgreSQL's")
def test_the_digests_ingest_looks_mentions_up_by_compare_bytewise():
    """A locale's collation makes every index comparison of a hex digest slower (HashField)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, collation_name FROM information_schema.columns "
            "WHERE column_name IN ('identity_key', 'canonical_hash') AND table_name LIKE 'monitoring_%%'"
        )
        columns = cursor.fetchall()
    assert {(table, column) for table, column, _c in columns} == {
        (table, column)
        for table in ("monitoring_mention", "monitoring_deletedmention")
        for column in ("identity_key", "canonical_hash")
    }
    assert {collation for _t, _c, collation in columns} == {"C"}


def test_an_atom_entry_with_content_only_is_stored_once_with_links_against_its_xml_base():
    from monitoring.parsing import parse_feed

    body = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/base/">
      <title>Atom</title>
      <entry><id>urn:1</id><title>Nur Inhalt</title><updated>2026-11-20T10:00:00Z</updated>
        <content type="html">&lt;p&gt;&lt;a href="more"&gt;Mehr&lt;/a&gt;&lt;/p&gt;</content></entry>
      <entry><id>urn:2</id><title></title><summary></summary></entry>
    </feed>"""
    entries = parse_feed(body, {}, "https://feeds.example.org/atom.xml", timezone.now()).entries
    assert len(entries) == 1  # the blank entry has nothing to show or link to
    cleaned = entries[0].cleaned
    assert 'href="https://atom.example/base/more"' in cleaned["content"]
    assert cleaned["summary"] == ""  # the list's excerpt comes from the content, not a worse copy


def test_titles_are_read_as_text_or_html_as_the_feed_declares_them():
    """Every title was read as HTML: an Atom title "Q&A with O'Brien <CEO>" lost its CEO."""
    from monitoring.parsing import parse_feed

    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title type="text">Q&amp;A &lt;Blog&gt;</title>
      <entry><id>1</id><title type="text">Q&amp;A with O'Brien &lt;CEO&gt;</title><link href="https://b.example/1"/></entry>
      <entry><id>2</id><title type="html">Bold &lt;b&gt;news&lt;/b&gt;</title><link href="https://b.example/2"/></entry>
      <entry><id>3</id><title>Why the &lt;canvas&gt; element matters</title><link href="https://b.example/3"/></entry>
    </feed>"""
    feed = parse_feed(atom, {}, "https://b.example/feed", timezone.now())
    assert feed.title == "Q&A <Blog>"
    titles = [entry.cleaned["title"] for entry in feed.entries]
    assert titles == ["Q&A with O'Brien <CEO>", "Bold news", "Why the <canvas> element matters"]

    # RSS says nothing: a title is read as HTML, as feeds use it.
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>
      <item><title>Bold &lt;b&gt;news&lt;/b&gt; &amp; more</title><link>https://a.example/1</link>
        <author>&lt;b&gt;Hans Meier&lt;/b&gt;</author></item>
      <item><title>Umsatz \xe2\x80\xaetlhaz\xe2\x80\xac gestiegen &#1;</title><link>https://a.example/2</link></item>
    </channel></rss>"""
    first, second = parse_feed(rss, {}, "https://a.example/feed", timezone.now()).entries
    assert first.cleaned["title"] == "Bold news & more"
    assert first.author == "Hans Meier"
    assert second.cleaned["title"] == "Umsatz tlhaz gestiegen"  # no right-to-left override to disguise a word
