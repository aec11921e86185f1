"""Render a text with matched places marked, escaping everything else."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from guidelines.matcher import TopicMatch


def highlight(text: str, matches: Iterable[TopicMatch]) -> SafeString:
    """``text`` escaped, with every hit wrapped in <mark> (overlapping hits merged)."""
    spans = sorted((hit.start, hit.end) for match in matches for hit in match.hits)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, last = [], 0
    for start, end in merged:
        parts.append(escape(text[last:start]))
        parts.append(f'<mark class="taboo-hit">{escape(text[start:end])}</mark>')
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
