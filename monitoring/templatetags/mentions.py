"""Template helpers for mentions: keyword highlighting, language and direction, share links."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from monitoring import language
from monitoring.models import ReviewStatus
from portal.lib import html as html_lib

register = template.Library()


@register.filter
def highlight(html: str, highlighter) -> str:
    """``{{ mention.summary|truncatewords_html:60|highlight:highlighter }}`` — sanitised HTML only."""
    return highlighter.html(html)


@register.filter
def nest_headings(html: str, top_heading: int) -> str:
    """``{{ mention.content|nest_headings:2 }}`` — sanitised HTML whose headings go below the page's
    own (a feed's "<h1>" was a second h1 on the page, or one inside a list item's h2)."""
    return html_lib.nest_headings(html, top_heading)


@register.filter
def highlight_text(text: str, highlighter) -> str:
    """``{{ mention.title|highlight_text:highlighter }}`` — plain text, escaped here."""
    return highlighter.text(text)


@register.simple_tag
def advisor_options(advisors, selected) -> SafeString:
    """``{% advisor_options advisors mention.assigned_to_id %}``: an ``<option>`` per advisor, the
    one with the pk ``selected`` (an id or the posted string) selected. In Python, not a template
    loop: the queue has a list per mention, and 20 mentions × 500 advisors took half a second."""
    chosen = "" if selected is None else str(selected)
    options = (
        f'<option value="{advisor.pk}"{" selected" if str(advisor.pk) == chosen else ""}>{escape(advisor.name)}</option>'
        for advisor in advisors
    )
    return mark_safe("".join(options))  # noqa: S308 - the names escaped (html.escape: format_html took as long)


@register.simple_tag
def text_attributes(text: str, mention_language: str, html: bool = False) -> SafeString:
    """``<h2 {% text_attributes mention.heading mention.language %}>``: its ``lang`` and ``dir``
    (monitoring.language.text_attributes); ``html=True`` for sanitised HTML."""
    attributes = language.text_attributes(text or "", mention_language, html=html)
    return format_html('lang="{}" dir="{}"', attributes.lang, attributes.dir)


@register.filter
def not_for_sharing(mention) -> bool:
    """Flagged for a taboo topic, and not dismissed by the communications team as a false alarm."""
    return mention.flagged and mention.review_status != ReviewStatus.DISMISSED


@register.simple_tag
def share_links(mention) -> list[dict]:
    """The networks' own share pages for the original link: nothing is sent until the employee clicks.

    None for a mention touching a taboo topic (unless comms dismissed the flag): the portal would
    help post what its own post checker forbids."""
    if not mention.url or not_for_sharing(mention):
        return []
    title = mention.heading
    networks = [
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": mention.url})),
        ("Xing", "https://www.xing.com/spi/shares/new?" + urlencode({"url": mention.url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": mention.url, "text": title})),
    ]
    links = [
        {"label": _("Share on %(network)s") % {"network": name}, "url": url, "new_tab": True}
        for name, url in networks
    ]
    # mailto: wants %20 for spaces, not "+". It opens the mail program, not a tab (a new one
    # stayed empty in the browser, announced as "opens in a new tab").
    mailto = "mailto:?" + urlencode({"subject": title, "body": mention.url}, quote_via=quote)
    return [*links, {"label": _("Share by e-mail"), "url": mailto, "new_tab": False}]
