"""Sanitised HTML: the one place that decides which markup users and feeds may use.

Everything that is shown as HTML and did not come from our own templates —
Markdown written by editors, feed entries, answers — goes through ``clean_html``
or ``markdown_to_html`` before it is stored or rendered.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from contextvars import ContextVar
from functools import partial
from html import unescape
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import bleach
import markdown
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from django.utils.safestring import SafeString, mark_safe

from portal.lib.numbers import parse_int

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel", "target"], "abbr": ["title"], "th": ["scope"]}
# No javascript:, data: or vbscript: links.
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})


def _safe_link_attrs(attrs: dict, new: bool = False) -> dict:
    """Every link opens without handing our page or referrer to the target."""
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "noopener noreferrer nofollow"
    return attrs


class _PerThread(threading.local):
    """bleach's Cleaner keeps its parser's state between calls, so one cleaner shared by threads
    (runserver's, a threaded gunicorn's) spliced one page's guidelines into another's and raised
    from html5lib; each thread builds its own, once."""

    def __init__(self, factory):
        self.cleaner = factory()

    def clean(self, html: str) -> str:
        return self.cleaner.clean(html)


def _editor_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[partial(LinkifyFilter, callbacks=[_safe_link_attrs], skip_tags={"pre", "code"})],
    )


_cleaner = _PerThread(_editor_cleaner)


# bleach strips disallowed tags but keeps their text; for these the text is
# code or styling, never content, so it goes too.
_INVISIBLE_ELEMENTS = re.compile(r"<(script|style|template|noscript)\b.*?(</\1\s*>|$)", re.I | re.S)


def clean_html(html: str) -> SafeString:
    """Sanitise ``html`` to the allow-list above; the result is safe to render."""
    return mark_safe(_cleaner.clean(_INVISIBLE_ELEMENTS.sub("", html or "")))  # noqa: S308 - just sanitised


# Rendered once per process and text: python-markdown's link parsing is quadratic in unclosed
# brackets ("Siehe [Anlage 3 …" 600 times took 2 s on every guidelines page, search and compare).
@functools.lru_cache(maxsize=512)
def markdown_to_html(text: str, top_heading: int | None = None) -> SafeString:
    """Render Markdown written by editors, then sanitise (Markdown passes raw HTML through).

    ``top_heading``: the level the text's highest heading gets where the page shows it under
    headings of its own (3 below a section's h2), the others keeping their depth below it down
    to h6; "## Beispiele" in a section was an h2 beside the section's title for a screen reader.
    """
    source = _escape_unclosed_brackets(text or "")
    rendered = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    cleaned = clean_html(rendered)
    return cleaned if top_heading is None else nest_headings(cleaned, top_heading)


# Unclosed "[" a text may have before they are escaped: a few cost nothing, and escaping touches
# nothing in an ordinary text (a bracket in code, or a link whose text wraps a line, stays).
UNCLOSED_BRACKETS_ALLOWED = 20
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _escape_unclosed_brackets(text: str) -> str:
    """``text`` with each "[" that no "]" closes in its paragraph escaped ("\\["), where there
    are more than a few: it opens no link, and python-markdown looks for the end of every one to
    the end of the text (quadratic: "Siehe [Anlage 3 …" 600 times took 2 s). Code (fenced,
    indented or in backticks) is left as it is: Markdown shows a backslash there."""
    if text.count("[") <= UNCLOSED_BRACKETS_ALLOWED:
        return text
    lines = text.split("\n")
    unclosed: list[tuple[int, int]] = []  # (line, column)
    opened: list[tuple[int, int]] = []
    fenced = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not line.strip():  # a paragraph ends: what it left open stays open
            unclosed += opened
            opened = []
            continue
        if fenced or line.startswith(("    ", "\t")):
            continue
        in_code = False
        for column, char in enumerate(line):
            if char == "`":
                in_code = not in_code
            elif in_code or (column and line[column - 1] == "\\"):
                continue
            elif char == "[" and len(opened) >= UNCLOSED_BRACKETS_ALLOWED:
                unclosed.append((number, column))  # nested this deep: no link either
            elif char == "[":
                opened.append((number, column))
            elif char == "]" and opened:
                opened.pop()
    unclosed += opened
    if len(unclosed) <= UNCLOSED_BRACKETS_ALLOWED:
        return text
    by_line: dict[int, set[int]] = {}
    for number, column in unclosed:
        by_line.setdefault(number, set()).add(column)
    for number, columns in by_line.items():
        line = lines[number]
        lines[number] = "".join("\\[" if i in columns else char for i, char in enumerate(line))
    return "\n".join(lines)


# Sanitised HTML has headings without attributes, and no "<h2>" in text (it is escaped).
_HEADING = re.compile(r"<(/?)h([1-6])>")


def nest_headings(html: SafeString, top_heading: int) -> SafeString:
    """Sanitised ``html`` with its highest heading at ``top_heading`` and the rest below it (to h6)."""
    levels = [int(level) for closing, level in _HEADING.findall(html) if not closing]
    if not levels:
        return html
    shift = top_heading - min(levels)
    return mark_safe(  # noqa: S308 - only the level of sanitised headings changes
        _HEADING.sub(lambda tag: f"<{tag[1]}h{min(6, max(1, int(tag[2]) + shift))}>", html)
    )


# --- Feed entries ---------------------------------------------------------------------------------
#
# Feed HTML is written by strangers. Besides everything clean_html removes,
# nothing in it may make an employee's browser contact a third party when a
# mention is viewed (privacy): remote images become plain links (tracking
# pixels disappear), and tracking parameters are stripped from every link.

# Query parameters that only identify a click for someone's analytics.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id",
        "vero_id", "wt_mc", "wt.mc_id", "ref_src", "s_cid", "cmpid", "ncid", "sr_share",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "__hs")


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _is_tracking_pair(pair: str) -> bool:
    name, _equals, value = pair.partition("=")
    # Medium marks every link in its feeds "?source=rss-<author>------2" (or "rss----<id>---4").
    return is_tracking_parameter(unquote_plus(name)) or (name == "source" and value.startswith("rss-"))


def strip_tracking_params(url: str) -> str:
    """``url`` without utm_*, fbclid, gclid and similar click-tracking parameters.

    Only those pairs go; the rest of the query stays byte for byte (re-encoding it broke real
    links: a Latin-1 "M%FCller", "id=1;page=2", a bare "flag"). Without any, ``url`` as it is.
    """
    if "?" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    pairs = parts.query.split("&")
    kept = [pair for pair in pairs if not _is_tracking_pair(pair)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query="&".join(pair for pair in kept if pair)))


FEED_ALLOWED_TAGS = ALLOWED_TAGS | {"img", "figure", "figcaption", "dl", "dt", "dd", "cite", "q", "small"}
FEED_ALLOWED_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": ["src", "alt", "width", "height"]}
_HREF = (None, "href")
_SRC = (None, "src")
# A lazy-loaded image (WordPress, Medium): its "src" a placeholder (a data: GIF, which the sanitiser
# drops), the picture's address in one of these: the first given, before "src"; else the first
# candidate of a (data-)srcset. Allowed only for feed HTML with a lazy loader (``_lazy_feed_cleaner``);
# no img reaches the output, so neither do these attributes.
_LAZY_SOURCES = ((None, "data-lazy-src"), (None, "data-src"), _SRC)
_LAZY_SOURCE_SETS = ((None, "data-lazy-srcset"), (None, "data-srcset"), (None, "srcset"))
FEED_LAZY_ALLOWED_ATTRIBUTES = {
    **FEED_ALLOWED_ATTRIBUTES,
    "img": [*FEED_ALLOWED_ATTRIBUTES["img"], *(name for _ns, name in _LAZY_SOURCES + _LAZY_SOURCE_SETS)],
}


def _image_source(attrs: dict) -> str:
    """An image's address: the lazy loader's real one before its "src" (see ``_LAZY_SOURCES``)."""
    for key in _LAZY_SOURCES:
        if attrs.get(key):
            return attrs[key]
    for key in _LAZY_SOURCE_SETS:
        candidates = (attrs.get(key) or "").split(None, 1)
        if candidates:
            return candidates[0].rstrip(",")
    return ""


def _tiny(value: str | None) -> bool:
    pixels = parse_int((value or "").strip().removesuffix("px"))
    return pixels is not None and pixels <= 2


# The URL relative links in the HTML being cleaned are resolved against.
_base_url: ContextVar[str] = ContextVar("feed_base_url", default="")


def _absolute(url: str) -> str | None:
    """``url`` resolved against the entry's base and without tracking, or None if it is no web,
    mail or phone link once every character reference in it is decoded.

    The check is bleach's, made again on what the browser will see: bleach checked the value
    with its references still encoded ("&amp;#106;avascript:" has no scheme to it), and the
    link's value is unescaped here, which turns it into "&#106;avascript:"; the serializer keeps
    that reference, and the browser reads "javascript:".
    """
    base = _base_url.get()
    if base and urlsplit(base).scheme.lower() not in ("http", "https"):
        base = ""  # an xml:base such as "mailto:x" would make urljoin keep the link as it is
    url = strip_tracking_params(urljoin(base, url) if base else url)
    decoded = url
    for _ in range(5):  # references inside references
        decoded, previous = unescape(decoded), decoded
        if decoded == previous:
            break
    try:
        scheme = urlsplit(_INVISIBLE_IN_URLS.sub("", decoded)).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ALLOWED_PROTOCOLS else None


# What browsers ignore in a URL's scheme ("java\tscript:").
_INVISIBLE_IN_URLS = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")


# An emoji drawn as an image: WordPress puts every emoji of a post into its feed so (alt="🎉",
# a picture on s.w.org), Mastodon its custom ones (alt=":blobcat:"). It is its text, in the
# line, not a link "[🎉]" to a picture of it.
_EMOJI = re.compile(r"\A(?:[^\w\s]{1,12}|:[\w+-]{1,40}:)\Z")


class _FeedLinkFilter(Filter):
    """Images become links to the image; links lose tracking and get safe rel attributes.

    Character references in text become the characters they stand for ("M&uuml;ller" is
    stored as "Müller"): PostgreSQL's full-text parser does not decode them, so a search for
    "Müller" missed every feed that writes umlauts as references. Only text, once: bleach has
    made each reference in it an Entity token (the serializer escapes &, < and > again);
    attribute values are left as they are.
    """

    lazy = False  # whether images may be lazy-loaded ones (``_lazy_feed_cleaner``)

    def __iter__(self):
        link_depth = 0
        for token in self.source:  # hot loop: no extra generator layer
            name = token.get("name")
            if name != "img" and name != "a":
                if token["type"] == "Entity":
                    token = {"type": "Characters", "data": unescape(f"&{name};")}
                yield token
                continue
            kind = token["type"]
            if name == "img" and kind in ("StartTag", "EmptyTag"):
                yield from self._image(token.get("data", {}), inside_link=link_depth > 0)
                continue
            if name == "a" and kind == "StartTag":
                link_depth += 1
                attrs = token.get("data", {})
                if _HREF in attrs:
                    # The sanitiser has escaped & already; the serializer escapes again.
                    href = _absolute(unescape(attrs[_HREF]))
                    if href is None:
                        del attrs[_HREF]
                    else:
                        attrs[_HREF] = href
                        attrs[(None, "rel")] = "noopener noreferrer nofollow"
            elif name == "a" and kind == "EndTag":
                link_depth = max(0, link_depth - 1)
            yield token

    def _image(self, attrs: dict, inside_link: bool):
        # The sanitiser has escaped & in values already; the serializer escapes again.
        src = unescape(_image_source(attrs) if self.lazy else attrs.get(_SRC) or "")
        if not src or _tiny(attrs.get((None, "width"))) or _tiny(attrs.get((None, "height"))):
            return  # a tracking pixel or a broken image: nothing worth a link
        label = unescape(attrs.get((None, "alt")) or "").strip()
        if _EMOJI.match(label):
            yield {"type": "Characters", "data": label}
            return
        if not label:
            label = src.rstrip("/").rsplit("/", 1)[-1][:80] or src[:80]
        label = f"[{label}]"
        if inside_link:
            yield {"type": "Characters", "data": label}
            return
        target = _absolute(src)
        if target is None:
            yield {"type": "Characters", "data": label}
            return
        href = {_HREF: target, (None, "rel"): "noopener noreferrer nofollow"}
        yield {"type": "StartTag", "name": "a", "namespace": None, "data": href}
        yield {"type": "Characters", "data": label}
        yield {"type": "EndTag", "name": "a", "namespace": None}


class _LazyFeedLinkFilter(_FeedLinkFilter):
    lazy = True


def _feed_cleaner_with(attributes: dict, link_filter: type[Filter]) -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=FEED_ALLOWED_TAGS,
        attributes=attributes,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[link_filter],
    )


_feed_cleaner = _PerThread(partial(_feed_cleaner_with, FEED_ALLOWED_ATTRIBUTES, _FeedLinkFilter))
_lazy_feed_cleaner = _PerThread(
    partial(_feed_cleaner_with, FEED_LAZY_ALLOWED_ATTRIBUTES, _LazyFeedLinkFilter)
)


# Characters that make bleach do more than escape ">": markup, entities, and
# control characters it replaces.
_NOT_PLAIN_TEXT = re.compile(r"[<&\x00-\x08\x0b-\x1f]")


# An image sized (in pixels, or "0" without a unit) or hidden by its style (the sanitiser drops
# style before the link filter sees it): a tracking pixel, which would otherwise become a visible
# "[pixel.gif]" link.
_HIDDEN_IMAGE = re.compile(
    r"""<img\b[^>]*\bstyle\s*=\s*(["'])[^"'>]*?(?:\b(?:width|height)\s*:\s*[0-2](?:\.\d+)?(?:px\b|(?=\s*[;"'!]))|"""
    r"""\bdisplay\s*:\s*none|\bvisibility\s*:\s*hidden)[^>]*>""",
    re.I,
)


# An embedded player or page (a YouTube video in a blog post): it may not load, so it becomes a
# link to what it shows, named by its title or its host, rather than vanishing without a trace.
_IFRAME = re.compile(r"<iframe\b[^>]*>", re.I)
_IFRAME_ATTRIBUTE = re.compile(r"""(?<![\w-])(src|data-src|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def _iframe_link(match: re.Match) -> str:
    attributes = {
        name.lower(): double or single for name, double, single in _IFRAME_ATTRIBUTE.findall(match[0])
    }
    # A lazy loader's "data-src" is the real address (its "src" is "about:blank" until then).
    src = (attributes.get("data-src") or attributes.get("src") or "").strip()
    if not src:
        return ""
    try:
        host = (urlsplit(unescape(src)).hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    label = (attributes.get("title", "").strip() or host or src[:80]).replace("<", "&lt;")
    return f'<a href="{src}">[{label}]</a>'  # still escaped as written; the sanitiser checks both


# What a feed's software adds to every entry, which says nothing of the entry: FeedBurner's share
# buttons ("feedflare": images that became links like "[CloudWeekly?d=yIl2AUoC8zA]") and Yoast
# SEO's default footer on WordPress blogs, in English or German ("The post <title> appeared first
# on <blog>."), which put the blog's name — often a tracked keyword — into every post's text.
_BOILERPLATE = re.compile(
    r"""<div\s+class\s*=\s*["']feedflare["']\s*>.*?</div\s*>"""
    r"|<p>\s*(?:The post|Der Beitrag)\s+<a\b[^>]*>[^<]*</a>\s+(?:appeared first on|erschien zuerst auf)"
    r"\s+<a\b[^>]*>[^<]*</a>\s*\.?\s*</p>",
    re.S | re.I,
)
_BOILERPLATE_HINTS = ("feedflare", "first on", "zuerst auf")


def clean_feed_html(html: str, base_url: str = "") -> SafeString:
    """Sanitise feed-authored HTML (see above); the result is safe to render and loads nothing.

    Relative links and image sources are resolved against ``base_url``.
    """
    html = html or ""
    if not _NOT_PLAIN_TEXT.search(html):
        # Plain text (many teasers and titles): the same result as bleach, without parsing it.
        return mark_safe(html.replace(">", "&gt;"))  # noqa: S308 - no markup, no entities
    html = _INVISIBLE_ELEMENTS.sub("", html)
    # Without the boilerplate, the line breaks it stood between (and a tracking pixel) go too.
    trim = any(hint in html for hint in _BOILERPLATE_HINTS)
    if trim:
        html = _BOILERPLATE.sub("", html)
    cleaner = _feed_cleaner
    if "<img" in html or "<IMG" in html:
        html = _HIDDEN_IMAGE.sub("", html)
        if "data-src" in html or "data-lazy-src" in html:
            cleaner = _lazy_feed_cleaner
    if "<iframe" in html or "<IFRAME" in html:
        html = _IFRAME.sub(_iframe_link, html)
    token = _base_url.set(base_url)
    try:
        cleaned = cleaner.clean(html)
    finally:
        _base_url.reset(token)
    return mark_safe(cleaned.strip() if trim else cleaned)  # noqa: S308 - just sanitised


# What no text from outside keeps: the control characters XML 1.0 forbids (NUL among them, which
# PostgreSQL refuses too; one would break every personal feed carrying the mention), and the
# bidirectional embeddings, overrides and isolates, with which a title shows its words in
# another order than they are matched in.
# A regex rather than str.translate: translate looks every character up, and on text with
# umlauts that cost a feed poll more than a millisecond; the regex scans in C.
_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def drop_unsafe_characters(text: str) -> str:
    """``text`` without the characters in ``_UNSAFE_CHARACTERS``."""
    return _UNSAFE_CHARACTERS.sub("", text)


# Invisible inside a word, and splitting it for any matcher: the soft hyphen (German news sites
# hyphenate with it; text copied from a PDF or web page keeps it), the zero-width space, the word
# joiner and the byte order mark; the zero-width (non-)joiner between two Latin letters ("Um‌satz"),
# not elsewhere: emoji sequences are made with the joiner, Persian words with the non-joiner.
_LATIN = "A-Za-z\u00c0-\u024f"
_INVISIBLE_IN_WORDS = re.compile(f"[\u00ad\u200b\u2060\ufeff]|[\u200c\u200d](?<=[{_LATIN}].)(?=[{_LATIN}])")


def drop_invisible_characters(text: str) -> str:
    """``text`` without soft hyphens and zero-width spaces ("Über\u00adnahme" is "Übernahme")."""
    return _INVISIBLE_IN_WORDS.sub("", text)


def one_line(text: str) -> str:
    """A name or title as typed or pasted, as it reads: composed (NFC), without invisible or unsafe
    characters, its spaces single. Pasted from a Mac or a PDF, "Büro" was "Bu" and a combining
    mark, and "Polaris" could carry a zero-width space: a second department that looks like the
    first, a keyword that never matched (feed text is composed, and has no such characters)."""
    return " ".join(
        drop_invisible_characters(drop_unsafe_characters(unicodedata.normalize("NFC", text))).split()
    )


# A tag starts with a letter, "/", "!" or "?" after "<", as in HTML: "Umsatz < 5 Mio, Gewinn > 2 Mio"
# in a plain-text title is text (it lost "5 Mio, Gewinn" and the taboo match on it).
_TAG = re.compile(r"<[a-zA-Z/!?][^>]*>")
_SPACE = re.compile(r"\s+")


_INVISIBLE_TAG = re.compile(r"<(/?)(script|style|template|noscript)\b[^>]*>", re.I)


def _without_closed_invisible_elements(html: str) -> str:
    """``html`` without the script, style, template and noscript elements that are closed; an
    opening tag without its closing one is left for ``_TAG`` (an RSS title about the "<style>
    element" lost every word after it). One pass over the tags: a regex looking for each
    opening tag's closing one read to the end for every unclosed one (a feed of them took hours)."""
    tags = list(_INVISIBLE_TAG.finditer(html))
    if not tags:
        return html
    closing_after: list[int | None] = [None] * len(tags)  # each tag's next closing tag of its name
    latest: dict[str, int] = {}
    for index in range(len(tags) - 1, -1, -1):
        closing, name = tags[index].group(1), tags[index].group(2).lower()
        closing_after[index] = latest.get(name)
        if closing:
            latest[name] = index
    parts, position, index = [], 0, 0
    while index < len(tags):
        end = closing_after[index]
        if tags[index].group(1) or end is None:
            index += 1
            continue
        parts += [html[position : tags[index].start()], " "]
        position, index = tags[end].end(), end + 1
    return "".join([*parts, html[position:]])


def html_to_text(html: str) -> str:
    """The visible text of ``html`` on one line (for titles, excerpts and matching)."""
    text = _TAG.sub(" ", _without_closed_invisible_elements(html or ""))
    return _SPACE.sub(" ", unescape(text)).strip()
