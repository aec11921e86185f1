"""Search within the current guidelines: PostgreSQL full-text (German and English), else a simple match."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from guidelines.matcher import INFLECTION_SUFFIXES, UMLAUT_PLURAL_SUFFIXES
from guidelines.models import GuidelineVersion, Section
from portal.lib import search_words

MAX_QUERY_LENGTH = 200
SNIPPET_RADIUS = 90


@dataclass
class SearchResult:
    section: Section
    snippet: SafeString


def _words(query: str) -> list[str]:
    """The words looked for as parts of others: not "die" or "the" (SearchForm refuses a search of
    only such words), which are part of nearly every section."""
    return [w for w in search_words.pieces(query.lower()) if len(w) > 1 and not search_words.is_stop_word(w)][
        :10
    ]


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


_DEMUTATE = str.maketrans("äöü", "aou")
MIN_STEM_LENGTH = 5


def base_forms(word: str) -> set[str]:
    """``word`` and, cut at a German inflection ending, its likely base forms.

    Passwörter → passwort, Produkten → produkt: the plain match then finds the
    base inside compounds (Firmenpasswort), which neither full-text search nor
    a substring of the inflected word would.
    """
    forms = {word}
    for suffix in INFLECTION_SUFFIXES | UMLAUT_PLURAL_SUFFIXES:
        if suffix and word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LENGTH:
            stem = word[: -len(suffix)]
            forms |= {stem, stem.translate(_DEMUTATE)}
    return forms


def _fallback(sections: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        any_form = Q()
        for form in base_forms(word):
            any_form |= (
                Q(title__icontains=form)
                | Q(body__icontains=form)
                | Q(title_en__icontains=form)
                | Q(body_en__icontains=form)
            )
        sections = sections.filter(any_form)
    return sections


def snippet(text: str, words: list[str]) -> SafeString:
    """A piece of ``text`` around the first search word, words marked, everything escaped."""
    plain = " ".join(strip_tags(text).split())
    if not words:
        return escape(plain[: SNIPPET_RADIUS * 2])
    forms = sorted({f for w in words for f in base_forms(w)}, key=len, reverse=True)
    pattern = re.compile(r"\w*(" + "|".join(re.escape(f) for f in forms) + r")\w*", re.IGNORECASE)
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
