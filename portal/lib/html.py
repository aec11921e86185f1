"""Sanitised HTML: the one place that decides which markup users and feeds may use.

Everything that is shown as HTML and did not come from our own templates —
Markdown written by editors, feed entries, answers — goes through ``clean_html``
or ``markdown_to_html`` before it is stored or rendered.
"""

from __future__ import annotations

import re
from functools import partial
from html import escape, unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.utils.safestring import SafeString, mark_safe

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


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_safe_link_attrs], skip_tags={"pre", "code"})],
)


# bleach strips disallowed tags but keeps their text; for these the text is
# code or styling, never content, so it goes too.
_INVISIBLE_ELEMENTS = re.compile(r"<(script|style|template|noscript)\b.*?(</\1\s*>|$)", re.I | re.S)


def clean_html(html: str) -> SafeString:
    """Sanitise ``html`` to the allow-list above; the result is safe to render."""
    return mark_safe(_cleaner.clean(_INVISIBLE_ELEMENTS.sub("", html or "")))  # noqa: S308 - just sanitised


def markdown_to_html(text: str) -> SafeString:
    """Render Markdown written by editors, then sanitise (Markdown passes raw HTML through)."""
    rendered = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return clean_html(rendered)


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


def strip_tracking_params(url: str) -> str:
    """``url`` without utm_*, fbclid, gclid and similar click-tracking parameters."""
    if "?" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_parameter(k)]
    return urlunsplit(parts._replace(query=urlencode(kept, doseq=True)))


FEED_ALLOWED_TAGS = ALLOWED_TAGS | {"img", "figure", "figcaption", "dl", "dt", "dd", "cite", "q", "small"}
FEED_ALLOWED_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": ["src", "alt", "width", "height"]}


def _tiny(value: str | None) -> bool:
    return bool(value) and value.strip().rstrip("px").isdigit() and int(value.strip().rstrip("px")) <= 2


def _absolute(url: str, base: str) -> str:
    return strip_tracking_params(urljoin(base, url) if base else url)


# bleach's serializer writes every tag alike: each attribute value quoted ("…", or '…' when it
# holds a "), and "<" and ">" in text escaped. So these find exactly the links and images of its
# output, and rewriting them there costs a fraction of a bleach filter over every token.
_LINK_OR_IMAGE = re.compile(r"""<(/?)(a|img)\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""([^\s="']+)=(?:"([^"]*)"|'([^']*)')""")
_SAFE_REL = "noopener noreferrer nofollow"


def _tag(name: str, attrs: dict[str, str]) -> str:
    """A tag as bleach writes it (& < " escaped in values)."""
    quoted = (
        value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") for value in attrs.values()
    )
    return f"<{name}" + "".join(f' {key}="{value}"' for key, value in zip(attrs, quoted, strict=True)) + ">"


def _rewrite_links(html: str, base: str) -> str:
    """Images become links to the image; links lose tracking, get safe rel attributes and are
    resolved against ``base``."""
    if "<a" not in html and "<img" not in html:
        return html
    link_depth = 0

    def rewrite(match: re.Match) -> str:
        nonlocal link_depth
        closing, name, attributes = match.groups()
        if name == "a" and closing:
            link_depth = max(0, link_depth - 1)
            return match.group(0)
        attrs = {key: unescape(double or single) for key, double, single in _ATTRIBUTE.findall(attributes)}
        if name == "a":
            link_depth += 1
            if "href" in attrs:
                attrs["href"] = _absolute(attrs["href"], base)
                attrs["rel"] = _SAFE_REL
            return _tag("a", attrs)
        if closing:
            return ""
        return _image(attrs, base, inside_link=link_depth > 0)

    return _LINK_OR_IMAGE.sub(rewrite, html)


def _image(attrs: dict[str, str], base: str, inside_link: bool) -> str:
    src = attrs.get("src")
    if not src or _tiny(attrs.get("width")) or _tiny(attrs.get("height")):
        return ""  # a tracking pixel or a broken image: nothing worth a link
    label = attrs.get("alt", "").strip() or src.rstrip("/").rsplit("/", 1)[-1][:80] or src[:80]
    label = escape(f"[{label}]", quote=False)
    if inside_link:
        return label
    return _tag("a", {"href": _absolute(src, base), "rel": _SAFE_REL}) + label + "</a>"


_feed_cleaner = bleach.Cleaner(
    tags=FEED_ALLOWED_TAGS,
    attributes=FEED_ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


# Characters that make bleach do more than escape ">": markup, entities, and
# control characters it replaces.
_NOT_PLAIN_TEXT = re.compile(r"[<&\x00-\x08\x0b-\x1f]")


def clean_feed_html(html: str, base_url: str = "") -> SafeString:
    """Sanitise feed-authored HTML (see above); the result is safe to render and loads nothing.

    Relative links and image sources are resolved against ``base_url``.
    """
    html = html or ""
    if not _NOT_PLAIN_TEXT.search(html):
        # Plain text (many teasers and titles): the same result as bleach, without parsing it.
        return mark_safe(html.replace(">", "&gt;"))  # noqa: S308 - no markup, no entities
    cleaned = _feed_cleaner.clean(_INVISIBLE_ELEMENTS.sub("", html))
    return mark_safe(_rewrite_links(cleaned, base_url))  # noqa: S308 - just sanitised


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """The visible text of ``html`` on one line (for titles, excerpts and matching)."""
    text = _TAG.sub(" ", _INVISIBLE_ELEMENTS.sub(" ", html or ""))
    return _SPACE.sub(" ", unescape(text)).strip()
