"""Highlight tracked keywords in sanitised HTML without breaking it.

The HTML was sanitised at ingest. Only text between tags is touched: it is
matched as it reads (``AT&amp;T`` as "AT&T", never inside a character
reference) and written back escaped, so ``<mark>`` can only wrap visible words
and the result is as safe as the input.
"""

from __future__ import annotations

import re
from html import escape, unescape

from django.utils.safestring import SafeString, mark_safe

from monitoring.ingest import whole_word_pattern
from monitoring.models import TrackedKeyword

# Tags (a quoted attribute value may contain ">") pass through untouched.
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")


class KeywordHighlighter:
    def __init__(self, terms: list[str]):
        self._pattern = whole_word_pattern(t for t in terms if t.strip())

    @classmethod
    def load(cls) -> KeywordHighlighter:
        """The active tracked keywords and their aliases (one query)."""
        terms = []
        for keyword in TrackedKeyword.objects.filter(active=True).only("name", "aliases"):
            terms.extend(keyword.terms)
        return cls(terms)

    def html(self, html: str) -> SafeString:
        """``html`` (already sanitised) with every keyword wrapped in ``<mark>``."""
        if self._pattern is None or not html:
            return mark_safe(html)  # noqa: S308 - the caller passes sanitised HTML only
        parts = _TAG.split(html)
        for index in range(0, len(parts), 2):  # even indexes are text between tags
            text = unescape(parts[index]) if "&" in parts[index] else parts[index]
            if self._pattern.search(text):
                parts[index] = self._marked(text)
        return mark_safe("".join(parts))  # noqa: S308 - only <mark> added around escaped text

    def _marked(self, text: str) -> str:
        """Plain ``text`` escaped, each keyword in it wrapped in ``<mark>``."""
        pieces, last = [], 0
        for match in self._pattern.finditer(text):
            pieces += [escape(text[last : match.start()], quote=False), "<mark>"]
            pieces += [escape(match.group(), quote=False), "</mark>"]
            last = match.end()
        pieces.append(escape(text[last:], quote=False))
        return "".join(pieces)

    def text(self, text: str) -> SafeString:
        """Plain ``text`` escaped, with the keywords marked."""
        return self.html(escape(text))
