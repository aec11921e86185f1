"""portal.lib.html: feed HTML keeps what bleach keeps; links and images are rewritten exactly.

The plain-text shortcut of clean_feed_html gives exactly what bleach gives.
"""

from __future__ import annotations

import random

import pytest

from portal.lib.html import _feed_cleaner, clean_feed_html, html_to_text

SAMPLES = [
    "",
    "Nordlicht Systems wächst > 20 % – „Grüße“ an 'alle'",
    'a > b, "quoted" = fine; \x7f\x80\x85\xa0\u2028\ufeff\ufffe 😀',
    "Zeile eins\nZeile zwei\tTab",
    "Fünf Wörter " * 5000,
    # Not plain text: these must go through bleach.
    "Tom & Jerry",
    "Tom &amp; Jerry &lt;3",
    "a < b",
    "<b>fett</b> <i>kursiv</i>",
    "Zeile\r\nmit CR",
    "Steuer\x01zeichen\x0b\x0c\x1f",
    "NUL\x00byte",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_clean_feed_html_equals_bleach(text):
    assert clean_feed_html(text) == _feed_cleaner.clean(text)


def test_clean_feed_html_equals_bleach_on_random_text():
    rng = random.Random(5)
    alphabet = "abc äöüß\"'>=/\t\n\r\x0b\x0c\x01\x7f\x80\x85\xa0\u2028\ufeff\ufffe\U0001f600€?!;:<&#"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert clean_feed_html(text) == _feed_cleaner.clean(text), repr(text)


SAFE = 'rel="noopener noreferrer nofollow"'
BASE = "https://news.example.com/2026/article.html"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Relative links are resolved, tracking parameters dropped, rel set (an existing one replaced).
        (
            '<a href="../x?utm_source=rss&amp;id=7" rel="me" target="_blank">t</a>',
            f'<a href="https://news.example.com/x?id=7" {SAFE} target="_blank">t</a>',
        ),
        # A ">" inside a quoted attribute value is no end of the tag.
        ('<a title="a>b" href="/z">z</a>', f'<a title="a>b" href="https://news.example.com/z" {SAFE}>z</a>'),
        # An anchor without href is left alone.
        ("<a>anchor</a>", "<a>anchor</a>"),
        # A remote image becomes a link to it, labelled with its alt text (escaped once)...
        (
            '<img src="/i.png" alt="A &amp; B <c>">',
            f'<a href="https://news.example.com/i.png" {SAFE}>[A &amp; B &lt;c&gt;]</a>',
        ),
        # ... also when bleach quotes the alt text with single quotes.
        (
            """<img src="/q.png" alt='say "cheese"'>""",
            f'<a href="https://news.example.com/q.png" {SAFE}>[say "cheese"]</a>',
        ),
        # ... or by its file name without alt text; inside a link it is just the label.
        (
            '<a href="/p"><img src="/img/team.jpg"></a>',
            f'<a href="https://news.example.com/p" {SAFE}>[team.jpg]</a>',
        ),
        # A width that only looks like a number ("²") is no tracking pixel, and no crash.
        ('<img src="/w.png" width="²">', f'<a href="https://news.example.com/w.png" {SAFE}>[w.png]</a>'),
        # Tracking pixels and images without a source disappear.
        ('x<img src="https://t.example.com/p.gif" width="1" height="1">y<img alt="none">', "xy"),
        # Neither <abbr> nor text that looks like a tag is touched.
        ('<abbr title="a">A</abbr> &lt;a href="x"&gt;', '<abbr title="a">A</abbr> &lt;a href="x"&gt;'),
    ],
)
def test_links_and_images_in_feed_html_are_rewritten(html, expected):
    assert clean_feed_html(html, BASE) == expected


@pytest.mark.parametrize("base", ["mailto:a@example.org", "magnet:?x", "sip:x@example.org", ""])
@pytest.mark.parametrize(
    "html",
    [
        '<a href="&amp;#106;avascript:alert(2)">x</a>',
        '<a href="&amp;amp;#106;avascript:alert(2)">x</a>',
        '<a href="java&amp;#x09;script:alert(2)">x</a>',
        '<a href="&amp;#x6A;avascript&amp;colon;alert(2)">x</a>',
        '<img src="&amp;#106;avascript:alert(2)" alt="x">',
        '<a href="data&amp;#58;text/html,x">x</a>',
    ],
)
def test_no_script_link_survives_character_references_or_an_odd_xml_base(html, base):
    """Bleach checks a link with its references encoded; the browser reads it decoded."""
    cleaned = clean_feed_html(html, base)
    decoded = cleaned
    for _ in range(3):
        decoded = __import__("html").unescape(decoded)
    assert "javascript" not in decoded.lower().replace("\t", "")
    assert "data:" not in decoded
    assert "href" not in cleaned


def test_links_against_a_web_base_stay_links_into_that_site():
    cleaned = clean_feed_html('<a href="&amp;#106;avascript:alert(2)">x</a>', "https://blog.example.org/")
    assert cleaned.startswith('<a href="https://blog.example.org/')
    cleaned = clean_feed_html('<a href="2026/11/bericht.html">x</a>', "https://blog.example.org/")
    assert cleaned.startswith('<a href="https://blog.example.org/2026/11/bericht.html"')


def test_character_references_are_stored_as_the_characters_they_stand_for():
    """PostgreSQL's full-text parser does not decode them: "M&uuml;ller" was never found as "Müller"."""
    cleaned = clean_feed_html("<p>M&uuml;ller &amp; S&ouml;hne, caf&#233; &lt;b&gt;</p>")
    assert cleaned == "<p>Müller &amp; Söhne, café &lt;b&gt;</p>"  # markup characters stay escaped
    assert clean_feed_html("&#x3C;b&#62; &amp;lt;b&amp;gt;") == "&lt;b&gt; &amp;lt;b&amp;gt;"  # decoded once
    # Attribute values are left as written: a query string keeps "&region" (not "®ion").
    link = '<a href="https://x.example/a?x=1&amp;region=de&amp;section=2" title="&quot;&gt;P">y</a>'
    assert clean_feed_html(link).startswith(
        '<a href="https://x.example/a?x=1&amp;region=de&amp;section=2" title="&quot;&gt;P"'
    )
    assert clean_feed_html('<a href="java&#115;cript:alert(1)">x</a>') == "<a>x</a>"


@pytest.mark.parametrize(
    "style", ["width:1px;height:1px", "height: 0PX", "display: none", "visibility:hidden", "WIDTH:1.5px"]
)
def test_an_image_sized_or_hidden_by_its_style_is_a_tracking_pixel_and_goes(style):
    html = f'<p>Text <img src="https://tracker.example/p.gif" style="{style}"> weiter</p>'
    cleaned = clean_feed_html(html)
    assert "tracker.example" not in cleaned
    assert "p.gif" not in cleaned


def test_an_image_styled_to_fit_stays_a_link():
    cleaned = clean_feed_html(
        '<img src="https://news.example/foto.jpg" style="max-width:100%;width:600px" alt="Foto">'
    )
    assert '<a href="https://news.example/foto.jpg"' in cleaned


def test_text_with_less_than_and_greater_than_signs_keeps_its_words():
    """A plain-text feed title "Umsatz < 5 Mio, Gewinn > 2 Mio" lost "5 Mio, Gewinn" (and with it
    the taboo match on "Gewinn"): a "<" before a space or digit starts no tag."""
    assert html_to_text("Nordlicht: Umsatz < 5 Mio, Gewinn > 2 Mio erwartet") == (
        "Nordlicht: Umsatz < 5 Mio, Gewinn > 2 Mio erwartet"
    )
    assert html_to_text("a<3 <b>fett</b> <!-- x --> b") == "a<3 fett b"
