"""Parse: fetched feed bytes → entries with their identity, sanitised lazily.

feedparser parses the bytes we fetched ourselves (never a URL: it has no
timeout and no SSRF guard). Its own sanitiser is switched off: it keeps forms,
inputs and tracking pixels, so it is no defence, and sanitising twice is
waste. We sanitise once, with bleach (``portal.lib.html.clean_feed_html``),
and only the entries that are new or changed (see ``ParsedEntry.cleaned``).
feedparser's resolving of relative links in entry HTML is off, too: it runs
another HTML parser over every entry, and our bleach filter sees every link
anyway, so it resolves them there (against the xml:base feedparser reports).
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from html import escape, unescape
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit
from xml.sax import SAXParseException

import feedparser
import feedparser.mixin
from django.utils.safestring import SafeString

from monitoring.dates import parse_european_date, parse_local_iso_date
from monitoring.language import guess_language
from monitoring.models import Source
from portal.lib.html import (
    clean_feed_html,
    drop_invisible_characters,
    drop_unsafe_characters,
    html_to_text,
    strip_tracking_params,
)

feedparser.registerDateHandler(parse_european_date)
feedparser.registerDateHandler(parse_local_iso_date)

# feedparser resolves guids like relative URLs ("4711" → "https://host/4711"), so
# an entry's identity would change with the feed's URL (after a 301, say).
# A guid is an opaque string: keep it as written.
feedparser.mixin._FeedParserMixin.can_be_relative_uri = (
    feedparser.mixin._FeedParserMixin.can_be_relative_uri - {"id"}
)


def _start_media_description(self, attrs_d: dict) -> None:
    """Media RSS's description: plain text unless it says otherwise (YouTube's keeps its line
    breaks). One after the entry's own description is a caption of its image or video (Mastodon
    describes every attached image so): feedparser made it the entry's content, which the
    mention's page then showed instead of the post. Kept apart, under a key nobody reads."""
    self._media_caption = "summary" in self._get_context()
    if self._media_caption:
        self.push("media_caption", 1)
    else:
        self._start_description({"type": "plain", **attrs_d})


def _end_media_description(self) -> None:
    if getattr(self, "_media_caption", False):
        self.pop("media_caption")
        self._media_caption = False
    else:
        self._end_description()


feedparser.mixin._FeedParserMixin._start_media_description = _start_media_description
feedparser.mixin._FeedParserMixin._end_media_description = _end_media_description


class NotAFeed(Exception):
    """The bytes are no RSS or Atom feed (an HTML page, garbage).

    ``code`` is one of ``Source.Error``; ``detail`` the parser's complaint, if any (technical).
    """

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code, self.detail = code, detail

    def __str__(self) -> str:
        return Source.error_text(self.code, self.detail)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# Channel-level timestamps and generator comments change on every build even
# when no entry did; they must not defeat the "unchanged body" shortcut.
_HEAD_TIMESTAMPS = re.compile(
    rb"<(lastBuildDate|pubDate|updated|dc:date|sy:updateBase|published)\b[^>]*>.*?</\1\s*>", re.S | re.I
)
_COMMENTS = re.compile(rb"<!--.*?-->", re.S)
_FIRST_ENTRY = re.compile(rb"<(item|entry)[\s>]", re.I)


def body_hash(body: bytes) -> str:
    """A hash of the feed that ignores its build/publish timestamps (not the entries' dates)."""
    body = _COMMENTS.sub(b"", body)
    match = _FIRST_ENTRY.search(body)
    split = match.start() if match else len(body)
    head = _HEAD_TIMESTAMPS.sub(b"", body[:split])
    return hashlib.sha256(head + body[split:]).hexdigest()


def canonical_url(url: str) -> str:
    """The URL two sources would both give for the same article.

    Lower-case scheme and host, no default port, no fragment, no tracking
    parameters, an empty path as "/".
    """
    url = strip_tracking_params(url.strip())
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port and not (scheme == "http" and port == 80) and not (scheme == "https" and port == 443):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def scheme_blind_url(url: str) -> str:
    """``canonical_url`` with "http:" read as "https:": a blog's own feed links
    "http://blog.example/x" and an alert "https://blog.example/x", one article (one feed, too)."""
    canonical = canonical_url(url)
    return "https://" + canonical.removeprefix("http://") if canonical.startswith("http://") else canonical


def canonical_url_hash(url: str) -> str:
    """A mention's ``canonical_hash``: its scheme-blind canonical URL's (``scheme_blind_url``)."""
    return sha256(scheme_blind_url(url))


_GOOGLE_HOST = re.compile(r"(?:www\.)?google(?:\.com?)?(?:\.[a-z]{2,3})?\Z")


def unwrap_redirect(link: str) -> str:
    """The article behind a Google click-tracking link (Google Alerts link every entry as
    "https://www.google.com/url?rct=j&url=<article>&usg=…"); any other link as it is."""
    try:
        parts = urlsplit(link)
    except ValueError:
        return link
    if parts.path != "/url" or not _GOOGLE_HOST.match((parts.hostname or "").lower()):
        return link
    query = dict(parse_qsl(parts.query))
    target = (query.get("url") or query.get("q") or "").strip()
    return target if urlsplit(target).scheme in ("http", "https") else link


def _as_html(detail: dict | None, value: str) -> str:
    """feedparser values are HTML unless their type says plain text."""
    if detail and detail.get("type") == "text/plain":
        return escape(value).replace("\n", "<br>")
    return value


def visible_text(title: str, summary: str, content: str) -> str:
    """A mention's visible text (title as text, summary and content as sanitised HTML), for matching;
    without soft hyphens, with which German news sites break long words ("Über&shy;nahme")."""
    return drop_invisible_characters(" ".join((title, html_to_text(summary), html_to_text(content))))


# PostgreSQL's search vector of a mention (its words and their places) holds at most 1 MB: an
# entry with more text than that (a data dump, a book in one post) failed the whole poll's INSERT,
# again at every poll. Summary and content are each cut to this many characters of sanitised HTML
# (markup and all, far more than the longest article), which keeps the vector well below it.
MAX_STORED_HTML = 250_000


def _cut(html: str) -> SafeString:
    """Sanitised ``html`` cut to ``MAX_STORED_HTML``, cleaned again so that the cut leaves no open tag."""
    return clean_feed_html(html[: MAX_STORED_HTML - 2] + " …")


def _first_words(html: str, limit: int = 80) -> str:
    """What a post without a title (Mastodon's, a microblog's) is called, as feed readers call it:
    the start of its text, cut after a word, rather than its address."""
    text = html_to_text(html)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–-") + " …"


@dataclass
class ParsedEntry:
    guid: str
    url: str
    identity_key: str
    canonical_hash: str
    raw_title: str
    raw_summary: str
    raw_content: str
    summary_base: str
    content_base: str
    author: str
    published_at: datetime
    published_guessed: bool
    content_hash: str
    declared_language: str = ""  # what the feed says, e.g. "en-US"

    @cached_property
    def cleaned(self) -> dict[str, str]:
        """Title as plain text, summary and content as sanitised HTML (done once, on demand)."""
        content = clean_feed_html(self.raw_content, self.content_base) if self.raw_content else ""
        summary = ""
        # feedparser fills in an Atom entry's missing summary with its content (without the
        # content's xml:base): stored once, as content.
        if self.raw_summary and self.raw_summary != self.raw_content:
            summary = clean_feed_html(self.raw_summary, self.summary_base)
        if summary == content:
            summary = ""
        if len(content) > MAX_STORED_HTML:
            content = _cut(content)
        if len(summary) > MAX_STORED_HTML:
            summary = _cut(summary)
        title = html_to_text(self.raw_title)[:500] or _first_words(summary or content)
        # Stored without soft hyphens ("Über&shy;nahme", as German news sites break long words):
        # with them, no search found the word (PostgreSQL's parser splits it there).
        return {
            "title": drop_invisible_characters(title),
            "summary": drop_invisible_characters(summary),
            "content": drop_invisible_characters(content),
        }

    @cached_property
    def text(self) -> str:
        """All visible text, for keyword and taboo matching."""
        cleaned = self.cleaned
        return visible_text(cleaned["title"], cleaned["summary"], cleaned["content"])

    @cached_property
    def language(self) -> str:
        return guess_language(self.text, self.declared_language)


@dataclass
class ParsedFeed:
    title: str
    entries: list[ParsedEntry]
    warning: str = ""


def _text(value: str | None) -> str:
    """A string from feedparser without control characters (``&#0;`` in a feed) or bidi overrides,
    composed ("ü", not "u" and a combining mark, which neither search nor matching would find)."""
    return unicodedata.normalize("NFC", drop_unsafe_characters(value or ""))


# Before this, a feed's date is a broken generator's (the Unix epoch, "1970-01-01", or year 1):
# dated so, a new article was listed last and removed by the next retention run.
_EARLIEST = calendar.timegm((1995, 1, 1, 0, 0, 0))


def _date(entry: dict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                stamp = calendar.timegm(value)
                if stamp >= _EARLIEST:
                    return datetime.fromtimestamp(stamp, tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


_XML_ENCODING = re.compile(rb"""(<\?xml[^>]*?\bencoding\s*=\s*["'])([^"']*)(["'])""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.I)
# Encodings whose every byte is a character: a label any body passes, right or wrong.
_SINGLE_BYTE = ("cp125", "iso8859", "latin", "ascii", "mac-")


def _utf8_mislabelled(body: bytes, headers: dict[str, str]) -> bool:
    """Whether ``body`` is UTF-8 with umlauts and the like, but labelled as a single-byte encoding
    ("windows-1252" from a CMS default): decoded as labelled, "Müller" would be "MÃ¼ller".
    Text in a real single-byte encoding is next to never also valid UTF-8 with such characters."""
    labels = [m.group(1) for m in _CHARSET.finditer(headers.get("content-type", ""))]
    declaration = _XML_ENCODING.search(body[:512])
    if declaration:
        labels.append(declaration.group(2).decode("ascii", "replace"))
    try:
        single_byte = any(codecs.lookup(label).name.startswith(_SINGLE_BYTE) for label in labels)
    except LookupError:
        return False
    if not single_byte or body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _as_windows_1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """codecs error handler: the bytes UTF-8 cannot read, read as Windows-1252 (as Latin-1 where
    it has no character)."""
    bad = error.object[error.start : error.end]
    return "".join(_WINDOWS_1252.get(byte) or chr(byte) for byte in bad), error.end


_WINDOWS_1252 = {byte: bytes([byte]).decode("cp1252", "ignore") for byte in range(0x80, 0x100)}
codecs.register_error("portal_windows_1252", _as_windows_1252)
STRAY_BYTES = "stray bytes: {} read as windows-1252"  # a parse warning (worded in monitoring.models)


def _utf8_with_stray_bytes(body: bytes, headers: dict[str, str]) -> tuple[bytes, int] | None:
    """``body`` as UTF-8 and how many bytes were not, if it is UTF-8 as labelled (or by XML's
    default) but for a few bytes of another encoding (a "Bär" pasted from a Latin-1 source).

    feedparser reads such a feed as Windows-1252 as a whole: every correct "ü" elsewhere became
    "Ã¼", and taboo topics and keywords went unmatched. Only the stray bytes are read so here.
    A body without any valid UTF-8 beyond ASCII is left to feedparser (Latin-1, wrongly labelled).
    """
    if body.isascii() or body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    labels = [m.group(1) for m in _CHARSET.finditer(headers.get("content-type", ""))]
    declaration = _XML_ENCODING.search(body[:512])
    if declaration:
        labels.append(declaration.group(2).decode("ascii", "replace"))
    try:
        if any(codecs.lookup(label).name != "utf-8" for label in labels):
            return None
    except LookupError:
        return None
    try:
        body.decode("utf-8")
        return None  # valid as it is
    except UnicodeDecodeError:
        pass
    strict = body.decode("utf-8", "replace")
    stray = strict.count("\ufffd")
    # Mostly UTF-8: far more characters read as UTF-8 than bytes that are not. A feed in
    # Windows-1252 throughout forms a UTF-8 character by chance now and then ("ß“" is U+07D3):
    # read as a whole, as feedparser does, it keeps every letter.
    if sum(ord(char) > 0x7F for char in strict) - stray <= 2 * stray:
        return None
    return body.decode("utf-8", "portal_windows_1252").encode("utf-8"), stray


# A feed that begins with an XML declaration of its own (after a UTF-8 byte order mark, if any).
_OWN_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml\b")
_JSON_FEED = re.compile(rb"(?:\xef\xbb\xbf)?\s*\{")
JSON_FEED = "JSON Feed"  # the detail of NOT_A_FEED for one (worded in monitoring.models)
OPML = "OPML"  # the same for a feed reader's list of feeds


def _warning(error: Exception | None, body: bytes) -> str:
    """The parser's complaint about a feed, as ``Source.error_text`` words it.

    An XML error's line is the feed's own: feedparser puts an XML declaration and a line break
    before a feed without one, so the parser counts one line too many.
    """
    if isinstance(error, SAXParseException):
        line = error.getLineNumber()
        if not _OWN_DECLARATION.match(body):
            line = max(1, line - 1)
        return f"<unknown>:{line}:{error.getColumnNumber()}: {error.getMessage()}"[:500]
    return str(error or "")[:500]


def _web_link(link: str, url: str) -> str:
    """``link`` made absolute against the feed's ``url``, unwrapped and without tracking; "" unless
    it is a web address."""
    if not link:
        return ""
    link = strip_tracking_params(unwrap_redirect(urljoin(url, link)))
    return link if urlsplit(link).scheme in ("http", "https") else ""


def _media_link(entry: dict) -> str:
    """An entry's enclosure or media:content: what a podcast or video item links to instead of a page."""
    for enclosure in entry.get("enclosures") or ():
        if enclosure.get("href"):
            return _text(enclosure["href"]).strip()
    for media in entry.get("media_content") or ():
        if media.get("url"):
            return _text(media["url"]).strip()
    return ""


def _forget_shared_links(entries: list[ParsedEntry]) -> None:
    """Entries with guids of their own and different titles that all link to one page (a feed
    linking every item to its home page, say): that link is no article of theirs, so it does
    not make them one mention. Stored each by its guid; same-URL deduplication skips them."""
    titles: dict[str, set[str]] = {}
    for entry in entries:
        if entry.canonical_hash:
            titles.setdefault(entry.canonical_hash, set()).add(entry.raw_title.strip().casefold())
    shared = {url for url, seen in titles.items() if len(seen) > 1}
    for entry in entries:
        if entry.guid and entry.canonical_hash in shared:
            entry.canonical_hash = ""


# RSS writes an author as "email (Name)"; feedparser writes an Atom author with both as "Name (email)".
_AUTHOR_WITH_ADDRESS = re.compile(
    r"\A(?:[^\s@()]+@[^\s()]+\s*\((?P<rss>[^()]+)\)|(?P<atom>[^()]+?)\s*\(\s*[^\s@()]+@[^\s()]+\s*\))\Z"
)


def _author_name(author: str) -> str:
    """The name of an author given with an e-mail address; employees need the name, not the address
    (often "noreply@blogger.com"). feedparser's own split cuts addresses under long top-level domains
    ("info@nordlicht.systems" became "ems (Team"), so the text is read here."""
    match = _AUTHOR_WITH_ADDRESS.match(author)
    if match is None:
        return author
    return (match["rss"] or match["atom"]).strip() or author


_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(rb"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_FEED_TYPES = {b"application/rss+xml", b"application/atom+xml", b"application/rdf+xml"}


def feed_links(page: bytes, url: str) -> list[str]:
    """The feeds an HTML page names for itself (``<link rel="alternate" type="application/rss+xml"
    href="…">`` in its head, as feed readers find them), as absolute http(s) URLs."""
    links = []
    for tag in _LINK_TAG.findall(page[: 512 * 1024]):
        attributes = {
            name.lower(): next((value for value in values if value), b"").strip()
            for name, *values in _ATTRIBUTE.findall(tag)
        }
        rels = attributes.get(b"rel", b"").lower().split()
        kind = attributes.get(b"type", b"").split(b";")[0].strip().lower()  # "…; charset=utf-8"
        if b"alternate" not in rels or kind not in _FEED_TYPES:
            continue
        href = unescape(attributes.get(b"href", b"").decode("utf-8", "replace"))
        link = urljoin(url, href) if href else ""
        if link.lower().startswith(("http://", "https://")) and link not in links:
            links.append(link)
    return links


def parse_feed(body: bytes, headers: dict[str, str], url: str, fetched_at: datetime) -> ParsedFeed:
    """Parse ``body`` (fetched from ``url`` with ``headers``) into entries.

    Raises ``NotAFeed`` when nothing feed-like comes out. A malformed feed
    that still yields entries is accepted; the parser's complaint is returned
    as ``warning``.
    """
    response_headers = {k: v for k, v in headers.items() if k in ("content-type", "content-language")}
    content_type = response_headers.get("content-type", "")
    if content_type.lower().startswith("text/") and not _CHARSET.search(content_type):
        # RFC 3023 makes "text/xml" without a charset US-ASCII, whatever the XML declaration says;
        # no server means that, and every feed reader follows the declaration. So do we (without
        # a warning about it on nearly every feed served as text/xml).
        response_headers["content-type"] = "application/xml"
    if _utf8_mislabelled(body, response_headers):
        body = _XML_ENCODING.sub(rb"\1utf-8\3", body, count=1)
        response_headers["content-type"] = _CHARSET.sub(
            "charset=utf-8", response_headers.get("content-type", "")
        )
    repaired = _utf8_with_stray_bytes(body, response_headers)
    if repaired:
        body, stray = repaired
    if b"xml:base" in body:
        # feedparser tracks xml:base per element only against an absolute base, and that costs a
        # URL join per element (a third of its time). Without xml:base, links are resolved
        # against ``url`` below and in clean_feed_html.
        response_headers["content-location"] = url
    # A file-like object: given bytes, feedparser would first try to open() them as a file name.
    result = feedparser.parse(
        io.BytesIO(body), response_headers=response_headers, sanitize_html=False, resolve_relative_uris=False
    )
    warning = _warning(result.get("bozo_exception"), body) if result.get("bozo") else ""
    if repaired and not warning:
        warning = STRAY_BYTES.format(stray)
    if not result.entries and not result.get("version"):
        head = body[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise NotAFeed(Source.Error.HTML_PAGE)
        if b"<opml" in head:  # a list of feeds (a blogroll, a reader's export), not a feed
            raise NotAFeed(Source.Error.NOT_A_FEED, OPML)
        if _JSON_FEED.match(body):
            raise NotAFeed(Source.Error.NOT_A_FEED, JSON_FEED)
        raise NotAFeed(Source.Error.NOT_A_FEED, warning)

    feed_language = result.feed.get("language") or ""
    # Atom declares whether a title is text or HTML ("Why the <canvas> element matters" keeps its
    # word). RSS does not: feedparser's "text/plain" is a guess, and feeds put markup there.
    typed_titles = result.get("version", "").startswith("atom")
    raw_guids = [_text(entry.get("id")).strip() for entry in result.entries]
    # Some feeds give every entry the same guid, or blank ones: fall back as if there were none.
    repeated = {guid for guid in raw_guids if guid and raw_guids.count(guid) > 1}
    entries = []
    for entry, raw_guid in zip(result.entries, raw_guids, strict=True):
        guid = "" if raw_guid in repeated else raw_guid
        # FeedBurner links every item through its own redirector (feedproxy.google.com/~r/…) and
        # names the article itself in feedburner:origLink: the address other sources give, too.
        link = _text(entry.get("feedburner_origlink") or entry.get("link")).strip()
        # feedparser also says guidislink of an Atom entry whose <id> came before its <link>.
        if (
            entry.get("guidislink")
            and link == raw_guid
            and not link.lower().startswith(("http://", "https://"))
        ):
            link = ""  # the guid standing in for a link (isPermaLink not "false"), and no URL
        link = _web_link(link, url)
        # A podcast or video item without a page: its enclosure is what the mention links to
        # (not its identity, which stays as before, from the guid or the text).
        shown_link = link or _web_link(_media_link(entry), url)
        title = _text(entry.get("title"))
        summary = _text(entry.get("summary"))
        content, content_base, content_value = "", url, None
        for part in entry.get("content") or ():
            content_value = _text(part.get("value"))
            content, content_base = _as_html(part, content_value), part.get("base") or url
            if part.get("type") in ("text/html", "application/xhtml+xml"):
                break
        if entry.get("summary_detail") is None and summary == content_value:
            summary = content  # feedparser's copy of an Atom entry's content, of the content's type
        else:
            summary = _as_html(entry.get("summary_detail"), summary)
        if not (title.strip() or shown_link or summary.strip() or content.strip()):
            continue  # nothing to show or link to: no mention
        summary_base = (entry.get("summary_detail") or {}).get("base") or url
        # Twice: feedparser's loose parser (for a feed that is no well-formed XML) leaves the
        # markup of "&lt;b&gt;Hans&lt;/b&gt;" escaped, and a name has no "<" of its own.
        author = html_to_text(html_to_text(_text(entry.get("author"))))
        if "@" in author:
            author = _author_name(author)
        author = author[:300]
        declared = (entry.get("summary_detail") or {}).get("language") or feed_language
        published = _date(entry)
        guessed = published is None or published > fetched_at
        if guessed:
            published = fetched_at
        if guid:
            identity = "guid:" + guid
        elif link:
            identity = "link:" + link
        else:
            identity = "hash:" + sha256(title + "\0" + (content or summary))
        entries.append(
            ParsedEntry(
                guid=guid[:1000],
                url=shown_link[:2000],
                identity_key=sha256(identity),
                canonical_hash=canonical_url_hash(shown_link) if shown_link else "",
                raw_title=_as_html(entry.get("title_detail") if typed_titles else None, title),
                raw_summary=summary,
                raw_content=content,
                summary_base=summary_base,
                content_base=content_base,
                author=author,
                published_at=published,
                published_guessed=guessed,
                content_hash=sha256("\0".join((title, shown_link, summary, content, author))),
                declared_language=declared or "",
            )
        )
    _forget_shared_links(entries)
    return ParsedFeed(
        title=html_to_text(
            _as_html(
                result.feed.get("title_detail") if typed_titles else None, _text(result.feed.get("title"))
            )
        )[:500],
        entries=entries,
        warning=warning,
    )
