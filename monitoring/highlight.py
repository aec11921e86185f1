"""Highlight tracked keywords in sanitised HTML without breaking it.

The HTML was sanitised at ingest. Only text between tags is touched, and
character references (``&amp;``) are never split, so ``<mark>`` can only wrap
visible words: the result is as safe as the input.
"""

from __future__ import annotations

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

from monitoring.ingest import whole_word_pattern
from monitoring.models import TrackedKeyword

# Tags (a quoted attribute value may contain ">") and character references pass through untouched.
_OPAQUE = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>|&#?\w+;)""")


class KeywordHighlighter:
    def __init__(self, terms: list[str]):
        # Escaped like the HTML they are looked for in.
        self._pattern = whole_word_pattern(escape(t, quote=False) for t in terms if t.strip())

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
        parts = _OPAQUE.split(html)
        for index in range(0, len(parts), 2):  # even indexes are text between tags/references
            parts[index] = self._pattern.sub(r"<mark>\1</mark>", parts[index])
        return mark_safe("".join(parts))  # noqa: S308 - only <mark> added around text

    def text(self, text: str) -> SafeString:
        """Plain ``text`` escaped, with the keywords marked."""
        return self.html(escape(text))
