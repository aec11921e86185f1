"""What real feeds do: German dates, mislabelled encodings, Google Alerts links, odd query strings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitoring.parsing import parse_feed
from portal.lib.html import strip_tracking_params

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def entry(
    item: str, encoding: str = "utf-8", declared: str = "utf-8", content_type: str = "application/rss+xml"
):
    body = (
        f"<?xml version='1.0' encoding='{declared}'?><rss version='2.0'><channel><title>T</title>"
        f"<item>{item}</item></channel></rss>"
    ).encode(encoding)
    [parsed] = parse_feed(body, {"content-type": content_type}, "https://feed.example/rss", NOW).entries
    return parsed


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Di, 24 Nov 2026 09:00:00 +0100", datetime(2026, 11, 24, 8, tzinfo=UTC)),
        ("Tue, 24 Nov 2026 09:00:00 CET", datetime(2026, 11, 24, 8, tzinfo=UTC)),
        ("Mi, 15 Jul 2026 09:00:00 MESZ", datetime(2026, 7, 15, 7, tzinfo=UTC)),
        ("Mo, 08 Dez 2025 09:00:00 MEZ", datetime(2025, 12, 8, 8, tzinfo=UTC)),
        ("Tue, 24 Nov 2026 09:00:00 EST", datetime(2026, 11, 24, 14, tzinfo=UTC)),  # feedparser's own
        ("Di, 24 Nov 2026 09:00", datetime(2026, 11, 24, 8, tzinfo=UTC)),  # no zone: the portal's
    ],
)
def test_german_day_and_month_names_and_european_zones_are_read(written, utc):
    parsed = entry(f"<title>x</title><link>https://a.example/1</link><pubDate>{written}</pubDate>")
    assert (parsed.published_at, parsed.published_guessed) == (utc, False)


@pytest.mark.parametrize(
    ("element", "written", "utc"),
    [
        ("dc:date", "2026-11-24T10:00:00", datetime(2026, 11, 24, 9, tzinfo=UTC)),
        ("dc:date", "2026-07-15T10:00", datetime(2026, 7, 15, 8, tzinfo=UTC)),  # summer time
        ("dc:date", "2026-11-24 10:00:00.250", datetime(2026, 11, 24, 9, tzinfo=UTC)),
        ("dc:date", "2026-11-24", datetime(2026, 11, 23, 23, tzinfo=UTC)),  # midnight here
        ("dc:date", "2026-11-24T10:00:00Z", datetime(2026, 11, 24, 10, tzinfo=UTC)),  # zones as written
        ("dc:date", "2026-11-24T10:00:00+02:00", datetime(2026, 11, 24, 8, tzinfo=UTC)),
        ("pubDate", "24.11.2026, 10:00 Uhr", datetime(2026, 11, 24, 9, tzinfo=UTC)),  # German sites
        ("pubDate", "15.07.2026 10:00:30", datetime(2026, 7, 15, 8, 0, 30, tzinfo=UTC)),
        ("pubDate", "1.7.2026", datetime(2026, 6, 30, 22, tzinfo=UTC)),
    ],
)
def test_an_iso_or_german_time_without_a_zone_is_the_portals_not_utc(element, written, utc):
    """Read as UTC, an article written at 10:00 in Berlin showed 11:00 (and one fresh from the
    press could be "in the future", dated at its fetch instead)."""
    body = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        f"<channel><title>T</title><item><title>x</title><link>https://a.example/1</link>"
        f"<{element}>{written}</{element}></item></channel></rss>"
    ).encode()
    [parsed] = parse_feed(body, {}, "https://feed.example/rss", NOW).entries
    assert (parsed.published_at, parsed.published_guessed) == (utc, False)


def test_an_atom_time_without_a_zone_is_the_portals():
    def atom(updated):
        return (
            "<feed xmlns='http://www.w3.org/2005/Atom'><title>A</title><entry><id>urn:1</id><title>x</title>"
            f"<updated>{updated}</updated></entry></feed>"
        ).encode()

    [parsed] = parse_feed(atom("2026-11-24T10:00:00"), {}, "https://feed.example/atom", NOW).entries
    assert parsed.published_at == datetime(2026, 11, 24, 9, tzinfo=UTC)


def test_an_impossible_date_is_no_date():
    parsed = entry(
        "<title>x</title><link>https://a.example/1</link><pubDate>Di, 31 Feb 2026 09:00:00 MEZ</pubDate>"
    )
    assert parsed.published_guessed


@pytest.mark.parametrize(
    ("declared", "content_type"),
    [("windows-1252", "application/rss+xml"), ("utf-8", "application/rss+xml; charset=windows-1252")],
)
def test_utf8_labelled_as_windows_1252_is_read_as_utf8(declared, content_type):
    title = "Müller über Nordlicht – „Zitat“"
    parsed = entry(f"<title>{title}</title>", declared=declared, content_type=content_type)
    assert parsed.raw_title == title


def test_real_windows_1252_stays_windows_1252():
    title = "Müller über Nordlicht – „Zitat“"
    parsed = entry(f"<title>{title}</title>", encoding="cp1252", declared="windows-1252")
    assert parsed.raw_title == title


@pytest.mark.parametrize("declared", ["utf-8", ""])
def test_a_stray_latin1_byte_in_a_utf8_feed_garbles_nothing_else(declared):
    """feedparser read the whole feed as Windows-1252 then: "über" was "Ã¼ber" and no taboo topic
    or keyword with an umlaut matched. Only the stray byte is read so."""
    head = f"<?xml version='1.0' encoding='{declared}'?>" if declared else ""
    body = (
        f"{head}<rss version='2.0'><channel><title>T</title>"
        "<item><title>Erster Artikel über Größe und Müller</title><link>https://a.example/1</link>"
        "<description>Polaris Übernahme</description></item>"
        "<item><title>Zweiter Artikel B\xe4r</title><link>https://a.example/2</link></item>"
        "</channel></rss>"
    )
    raw = body.replace("\xe4", "@@").encode().replace(b"@@", b"\xe4")
    feed = parse_feed(raw, {"content-type": "application/rss+xml"}, "https://feed.example/rss", NOW)
    first, second = feed.entries
    assert first.raw_title == "Erster Artikel über Größe und Müller"
    assert first.cleaned["summary"] == "Polaris Übernahme"
    assert second.raw_title == "Zweiter Artikel Bär"
    assert feed.warning == "stray bytes: 1 read as windows-1252"
    from django.utils import translation

    from monitoring.models import Source

    source = Source(last_warning=feed.warning)
    with translation.override("en"):
        assert source.warning == "UTF-8 but for 1 byte, read as Windows-1252"
    with translation.override("de"):
        assert source.warning == "UTF-8 bis auf 1 Byte, als Windows-1252 gelesen"


def test_a_windows_1252_feed_whose_letters_form_a_utf8_character_by_chance_is_read_as_it_is():
    """ "ß“" is a valid UTF-8 character (U+07D3): taken for UTF-8 with stray bytes, the whole
    feed lost letters and was labelled broken."""
    title = "Bürgermeister: „Das wird groß“ – Straße gesperrt, Äpfel ’n Öl"
    raw = (
        f"<rss version='2.0'><channel><title>T</title><item><title>{title}</title>"
        "<link>https://a.example/1</link></item></channel></rss>"
    ).encode("cp1252")
    feed = parse_feed(raw, {}, "https://feed.example/rss", NOW)
    assert feed.entries[0].raw_title == title
    assert "stray bytes" not in feed.warning


def test_a_latin1_feed_labelled_utf8_is_still_read_as_windows_1252():
    raw = "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>T</title><item><title>Müller über Nordlicht</title><link>https://a.example/1</link></item></channel></rss>".encode(
        "cp1252"
    )
    [parsed] = parse_feed(raw, {}, "https://feed.example/rss", NOW).entries
    assert parsed.raw_title == "Müller über Nordlicht"


def test_google_alerts_links_lead_to_the_article_without_tracking():
    link = (
        "https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.heise.example/news/a.html"
        "%3Futm_source%3Dalert&amp;ct=ga&amp;usg=AOvVaw"
    )
    parsed = entry(f"<title>x</title><link>{link}</link>")
    assert parsed.url == "https://www.heise.example/news/a.html"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.example.de/suche?q=M%FCller", "https://www.example.de/suche?q=M%FCller"),
        ("https://x.example/?id=1;page=2", "https://x.example/?id=1;page=2"),
        ("https://x.example/?flag&id=2&utm_source=rss", "https://x.example/?flag&id=2"),
        ("https://x.example/a?utm_source=x&id=2&fbclid=3#f", "https://x.example/a?id=2#f"),
        ("https://x.example/a?utm%5Fsource=x", "https://x.example/a"),
    ],
)
def test_only_tracking_parameters_leave_a_link(url, kept):
    assert strip_tracking_params(url) == kept
