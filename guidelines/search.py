"""Search within the current guidelines: PostgreSQL full-text (German and English), else a simple match."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from guidelines.models import GuidelineVersion, Section

MAX_QUERY_LENGTH = 200
SNIPPET_RADIUS = 90


@dataclass
class SearchResult:
    section: Section
    snippet: SafeString


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1][:10]


def _postgres(sections: QuerySet, query: str) -> QuerySet:
    # The guidelines are a few dozen sections per version: vectors are built
    # at query time, so no index has to be kept in step with two languages.
    vector = (
        SearchVector("title", weight="A", config="german")
        + SearchVector("body", weight="B", config="german")
        + SearchVector("title_en", weight="A", config="english")
        + SearchVector("body_en", weight="B", config="english")
    )
    search = SearchQuery(query, config="german", search_type="websearch") | SearchQuery(
        query, config="english", search_type="websearch"
    )
    return (
        sections.annotate(search=vector)
        .filter(search=search)
        .annotate(rank=SearchRank(vector, search))
        .order_by("-rank", "position")
    )


def _fallback(sections: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        sections = sections.filter(
            Q(title__icontains=word)
            | Q(body__icontains=word)
            | Q(title_en__icontains=word)
            | Q(body_en__icontains=word)
        )
    return sections


def snippet(text: str, words: list[str]) -> SafeString:
    """A piece of ``text`` around the first search word, words marked, everything escaped."""
    plain = " ".join(strip_tags(text).split())
    if not words:
        return escape(plain[: SNIPPET_RADIUS * 2])
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    first = pattern.search(plain)
    start = max(0, first.start() - SNIPPET_RADIUS) if first else 0
    piece = plain[start : start + SNIPPET_RADIUS * 2]
    parts, last = [], 0
    for m in pattern.finditer(piece):
        parts.append(escape(piece[last : m.start()]))
        parts.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    parts.append(escape(piece[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + len(piece) < len(plain) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - pieces escaped above


def search_sections(query: str, version: GuidelineVersion | None) -> list[SearchResult]:
    """Sections of ``version`` that match ``query``, best first."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    words = _words(query)
    if version is None or not words:
        return []
    sections = Section.objects.of_version(version)
    found = list(_postgres(sections, query)) if connection.vendor == "postgresql" else []
    # Full-text search does not look inside compounds (Passwort in Firmenpasswort):
    # plain word matches follow the ranked results.
    seen = {s.pk for s in found}
    found += [s for s in _fallback(sections, words) if s.pk not in seen]
    return [SearchResult(s, snippet(str(s.body_html), words)) for s in found]
