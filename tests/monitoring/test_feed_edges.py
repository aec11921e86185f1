"""Feeds found in review: shared links, copied summaries, podcasts, parser warnings, re-opened reviews."""

from __future__ import annotations

import pytest
from django.utils import translation

from monitoring.models import Mention, ReviewStatus
from monitoring.pipeline import ingest_file, poll
from tests.monitoring.conftest import feed
from tests.monitoring.factories import SourceFactory
from tests.monitoring.test_polling import make_taboo_topic

pytestmark = pytest.mark.django_db


def rss(items: str, head: str = "<?xml version='1.0' encoding='utf-8'?>\n") -> bytes:
    return (
        f"{head}<rss version='2.0' xmlns:media='http://search.yahoo.com/mrss/'><channel><title>T</title>"
        f"{items}</channel></rss>"
    ).encode()


def item(guid: str, title: str, link: str = "https://firma.example/", text: str = "") -> str:
    return (
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title><link>{link}</link>"
        f"<description>{text or title}</description></item>"
    )


def test_entries_with_their_own_guids_all_linking_the_home_page_are_each_stored():
    source = SourceFactory()
    body = rss(item("1", "Neues Werk") + item("2", "Neuer Vorstand") + item("3", "Tag der offenen Tür"))
    result = ingest_file(source, body)
    assert (result.ingest.new, result.ingest.skipped) == (3, 0)
    assert sorted(source.mentions.values_list("title", flat=True)) == [
        "Neuer Vorstand", "Neues Werk", "Tag der offenen Tür",
    ]  # fmt: skip
    again = ingest_file(source, body)
    assert (again.ingest.new, again.ingest.unchanged) == (0, 3)


def test_one_article_listed_twice_under_two_guids_is_still_stored_once():
    source = SourceFactory()
    link = "https://news.example/werk"
    result = ingest_file(source, rss(item("1", "Neues Werk", link) + item("2", "Neues Werk", link)))
    assert (result.ingest.new, result.ingest.skipped) == (1, 1)


def test_a_home_page_link_shared_in_one_feed_does_not_hide_another_sources_article():
    blog, agency = SourceFactory(name="Blog"), SourceFactory(name="Agentur")
    ingest_file(blog, rss(item("1", "Neues Werk") + item("2", "Neuer Vorstand")))
    # The blog's entries gave up the home page link, so the agency's one entry linking it is no
    # article stored already, and is stored.
    result = ingest_file(agency, rss(item("a", "Firmenporträt")))
    assert result.ingest.new == 1


ATOM_TEXT = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>
<entry><id>urn:1</id><title>HTML lernen</title><updated>2026-11-27T10:00:00Z</updated>
<content type="text">Nutzen Sie &lt;script&gt; sparsam, sagt die Nordlicht-Entwicklerin.</content></entry>
</feed>"""


def test_atom_plain_text_content_without_summary_keeps_every_word_in_the_list(employee_client):
    source = SourceFactory()
    ingest_file(source, ATOM_TEXT)
    mention = Mention.objects.get(source=source)
    assert mention.summary == ""  # feedparser's copy of the content is not stored twice
    assert "&lt;script&gt; sparsam, sagt die Nordlicht-Entwicklerin." in mention.content
    page = employee_client.get("/mentions/").content.decode()
    assert "sparsam, sagt die Nordlicht-Entwicklerin." in page


def test_podcast_items_link_to_their_enclosure_and_items_with_only_one_are_kept():
    source = SourceFactory()
    body = rss(
        "<item><title>Folge 12</title><guid isPermaLink='false'>ep12</guid>"
        "<enclosure url='https://cdn.example/ep12.mp3?utm_source=feed' type='audio/mpeg' length='1'/></item>"
        "<item><enclosure url='https://cdn.example/ep13.mp3' type='audio/mpeg' length='1'/></item>"
        "<item><title>Video</title><media:content url='https://cdn.example/v.mp4' type='video/mp4'/></item>"
        "<item><title>Artikel</title><link>https://news.example/a</link>"
        "<enclosure url='https://cdn.example/a.jpg' type='image/jpeg' length='1'/></item>"
    )
    result = ingest_file(source, body)
    assert result.ingest.new == 4
    assert sorted(source.mentions.values_list("url", flat=True)) == [
        "https://cdn.example/ep12.mp3", "https://cdn.example/ep13.mp3", "https://cdn.example/v.mp4",
        "https://news.example/a",
    ]  # fmt: skip
    assert ingest_file(source, body).ingest.new == 0


def warning_of(serve, source_for, body: bytes, content_type: str = "application/rss+xml") -> str:
    source = source_for(serve(body=body, content_type=content_type))
    poll(source.pk)
    source.refresh_from_db()
    with translation.override("en"):
        return source.warning + source.last_error


BROKEN = "<rss version='2.0'>\n<channel><title>T</title>\n<item><title>Gewinn & Umsatz</title></item></channel></rss>"


@pytest.mark.parametrize("head", ["", "<?xml version='1.0' encoding='utf-8'?>\n"])
def test_a_parser_warning_names_the_feeds_own_line(serve, source_for, head):
    # The "&" is on line 3 of the feed, and on line 4 when it has a declaration first.
    line = 4 if head else 3
    text = warning_of(serve, source_for, (head + BROKEN).encode())
    assert text.startswith(f"line {line}, column "), text
    assert text.endswith(": not well-formed XML")


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "\n\n<?xml version='1.0'?>" + BROKEN.replace("&", "und"),
            "the XML declaration is not at the very beginning",
        ),
        (BROKEN.replace("&", "und") + "\nmehr", "text after the end of the feed"),
        (BROKEN.replace("&", "<media:x/>"), "a namespace prefix that is not declared"),
        (BROKEN.replace("&", "&#x1;"), "a character reference to a character XML does not allow"),
    ],
)
def test_common_parser_complaints_are_in_the_readers_words(serve, source_for, body, said):
    """Real feeds' common faults showed expat's English ("junk after document element") in German too."""
    text = warning_of(serve, source_for, body.encode())
    assert text.endswith(": " + said), text


def test_a_json_feed_is_named_as_such(serve, source_for):
    body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}'
    text = warning_of(serve, source_for, body, content_type="application/feed+json")
    assert text == "Not an RSS or Atom feed: a JSON Feed; the portal reads RSS and Atom feeds"


def test_a_list_of_feeds_given_as_a_source_says_how_to_add_its_feeds(serve, source_for):
    """A blogroll's or a feed reader's OPML address given as a source was "not an RSS or Atom feed"
    and nothing more."""
    body = feed("thunderbird.opml")
    text = warning_of(serve, source_for, body, content_type="text/x-opml")
    assert text == (
        "Not an RSS or Atom feed: a list of feeds (OPML); add them with “Import OPML” on the list of sources"
    )


def test_text_xml_without_a_charset_is_read_as_the_feed_declares_without_a_warning(serve, source_for):
    body = rss(item("1", "Müller über Nordlicht"))
    source = source_for(serve(body=body, content_type="text/xml"))
    poll(source.pk)
    source.refresh_from_db()
    assert source.last_warning == ""
    assert source.mentions.get().title == "Müller über Nordlicht"


def test_feedparsers_content_type_complaint_is_worded_for_people(serve, source_for):
    text = warning_of(serve, source_for, rss(item("1", "x")), content_type="text/plain; charset=utf-8")
    assert text == "served as text/plain; charset=utf-8, which is no XML media type"
    with translation.override("de"):
        assert (
            "kein XML-Medientyp" in SourceFactory(last_warning="text/plain is not an XML media type").warning
        )


def reviewed(status: str, title: str) -> Mention:
    mention = Mention.objects.get(title=title)
    Mention.objects.filter(pk=mention.pk).update(review_status=status, review_note="harmlos")
    return mention


def test_a_dismissed_mention_rewritten_to_touch_a_new_taboo_topic_comes_back_to_the_queue():
    make_taboo_topic("Finanzkennzahlen", ["Umsatz"])
    make_taboo_topic("Unangekündigte Produkte", ["Prototyp"])
    source = SourceFactory()
    ingest_file(source, rss(item("1", "Werk", text="Umsatz gestiegen") + item("2", "Feier", text="Umsatz")))
    first = reviewed(ReviewStatus.DISMISSED, "Werk")
    second = reviewed(ReviewStatus.RESOLVED, "Feier")
    # The first now also touches another topic; the second changes but touches the same one only.
    ingest_file(
        source,
        rss(
            item("1", "Werk", text="Umsatz gestiegen, Prototyp gezeigt")
            + item("2", "Feier", text="Umsatz, Torte")
        ),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review_status, first.review_note) == (ReviewStatus.OPEN, "harmlos")
    assert Mention.objects.in_queue().filter(pk=first.pk).exists()
    assert second.review_status == ReviewStatus.RESOLVED


@pytest.mark.parametrize("link", ["/p/1", "p/1"])
def test_an_atom_entrys_relative_link_after_its_id_is_resolved_against_the_feed(link):
    """feedparser marks the <id> as the link (guidislink) when <id> comes first: the relative
    <link> after it was taken for a guid that is no URL, and dropped."""
    source = SourceFactory(url="https://blog.example/feeds/atom.xml")
    body = (
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>A</title><entry><title>Neues Werk</title>"
        f"<id>urn:e1</id><link href='{link}'/><updated>2026-11-27T10:00:00Z</updated></entry></feed>"
    ).encode()
    ingest_file(source, body)
    expected = "https://blog.example/p/1" if link.startswith("/") else "https://blog.example/feeds/p/1"
    assert source.mentions.get().url == expected


def test_a_guid_that_is_no_url_is_still_no_link():
    source = SourceFactory(url="https://blog.example/rss")
    ingest_file(source, rss("<item><guid>artikel-17</guid><title>Neues Werk</title></item>"))
    assert source.mentions.get().url == ""


def test_a_poll_the_dispatcher_queued_before_a_pause_fetches_nothing(httpserver, comms):
    """Paused at a site owner's request, a source got hundreds of requests from polls queued already."""
    from monitoring import actions, pipeline
    from monitoring.models import Source

    httpserver.expect_request("/feed.xml").respond_with_data(rss(item("1", "Neues Werk")))
    source = SourceFactory(url=httpserver.url_for("/feed.xml"))
    [(pk, token)] = pipeline.claim_due_sources()  # queued, not yet run
    actions.pause_sources(Source.objects.filter(pk=pk), comms)
    assert poll(pk, token).outcome == "busy"
    assert httpserver.log == []
    source.refresh_from_db()
    assert (source.active, source.mentions.count(), source.last_polled_at) == (False, 0, None)
    # "Poll now" after the pause is asked for: it claims the source afresh and fetches.
    assert poll(pk).outcome == "new"
