"""Sanitised HTML: the one place that decides which markup users and feeds may use.

Everything that is shown as HTML and did not come from our own templates —
Markdown written by editors, feed entries, answers — goes through ``clean_html``
or ``markdown_to_html`` before it is stored or rendered.
"""

from __future__ import annotations

import re
from functools import partial

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
