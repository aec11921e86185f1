"""Search within the current guidelines: PostgreSQL full-text (German and English), else a simple match."""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from guidelines.matcher import INFLECTION_SUFFIXES, UMLAUT_PLURAL_SUFFIXES
from guidelines.models import GuidelineVersion, Section
from portal.lib import search_words
from portal.lib.html import markdown_to_html
from portal.lib.i18n import shows_german

MAX_QUERY_LENGTH = 200
SNIPPET_RADIUS = 90


@dataclass
class SearchResult:
    section: Section
    snippet: SafeString
    # The language of the snippet where it is not the text the page shows ("de" or "en").
    lang: str = ""


def _words(query: str) -> list[str]:
    """The words looked for as parts of others: not "die" or "the" (SearchForm refuses a search of
    only such words), which are part of nearly every section, nor "-excluded" ones or "OR"."""
    wanted = " ".join(typed for typed in query.lower().split() if not typed.startswith("-") and typed != "or")
    found = search_words.pieces(wanted)
    return [word for word in found if len(word) > 1 and not search_words.is_stop_word(word)][:10]


def _excluded(query: str) -> list[str]:
    """The words of "-Passwort": no section with one of them."""
    return search_words.pieces(" ".join(typed for typed in query.lower().split() if typed.startswith("-")))


def _any_word(query: str) -> bool:
    """ "Passwort OR Kunden": a section with either word."""
    return "or" in query.lower().split()


# A dash standing alone ("Kunden - Fotos", "- Kunden") is punctuation, and "--Kunden" is "-Kunden":
# websearch reads the first as "without Fotos" and the second as "with Kunden" (not not), the word
# match below (and so SQLite) as typed: the two together listed sections either would leave out.
_LONE_DASHES = re.compile(r"(?<!\S)-+(?!\S)")
_DASHES_BEFORE_A_WORD = re.compile(r"(?<!\S)-{2,}(?=\S)")


def _postgres(sections: QuerySet, query: str) -> QuerySet:
    query = _DASHES_BEFORE_A_WORD.sub("-", _LONE_DASHES.sub(" ", query))
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
_LAST_SPELT_OUT = re.compile(r"([aou])e([^aeiouäöü]*)$")
MIN_STEM_LENGTH = 5


def base_forms(word: str) -> set[str]:
    """``word`` and, cut at a German inflection ending, its likely base forms.

    Passwörter → passwort, Produkten → produkt: the plain match then finds the
    base inside compounds (Firmenpasswort), which neither full-text search nor
    a substring of the inflected word would. Each in its other German spelling
    too: "boersengang" finds "Börsengang", and the other way round.
    """
    forms = {word}
    for suffix in INFLECTION_SUFFIXES | UMLAUT_PLURAL_SUFFIXES:
        if suffix and word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LENGTH:
            stem = word[: -len(suffix)]
            # The plural's umlaut, typed or written out, is the singular's vowel: Beiträge and
            # Beitraege → Beitrag (its last vowel; Bücher → Buch).
            forms |= {stem, stem.translate(_DEMUTATE), _LAST_SPELT_OUT.sub(r"\1\2", stem)}
    return {spelling for form in forms for spelling in search_words.spellings(form)}


def _fallback(sections: QuerySet, words: list[str], any_word: bool = False) -> QuerySet:
    matches = [_in_section(word) for word in words]
    if not matches:
        return sections.none()
    return sections.filter(functools.reduce(operator.or_ if any_word else operator.and_, matches))


def _in_section(word: str) -> Q:
    """``word`` in any of its forms in a section's title or text, in either language."""
    any_form = Q()
    # Capitalised too: SQLite's LIKE ignores the case of ASCII letters only ("Übernahmen").
    for form in {variant for base in base_forms(word) for variant in (base, base[:1].upper() + base[1:])}:
        any_form |= (
            Q(title__icontains=form)
            | Q(body__icontains=form)
            | Q(title_en__icontains=form)
            | Q(body_en__icontains=form)
        )
    return any_form


def snippet(text: str, words: list[str]) -> SafeString:
    """A piece of ``text`` around the first search word, words marked, everything escaped.

    The words as the page shows them ("Q&A", not "Q&amp;A": the text is escaped once, here), the
    piece beginning and ending with whole words ("… und Personalentscheidungen", not "… d Personal…").
    """
    plain = " ".join(unescape(strip_tags(text)).split())
    forms = sorted({f for w in words for f in base_forms(w)}, key=len, reverse=True)
    pattern = (
        re.compile(r"\w*(" + "|".join(re.escape(f) for f in forms) + r")\w*", re.IGNORECASE)
        if forms
        else None
    )
    first = pattern.search(plain) if pattern else None
    start = max(0, first.start() - SNIPPET_RADIUS) if first else 0
    end = start + SNIPPET_RADIUS * 2
    if start and plain[start - 1] != " ":
        # In the middle of a word: from the next one (never past the word looked for).
        space = plain.find(" ", start, first.start() if first else None)
        start = space + 1 if space != -1 else start
    if end < len(plain) and plain[end] != " ":
        space = plain.rfind(" ", max(start, first.end() if first else start), end)
        end = space if space != -1 else end
    piece = plain[start:end]
    if pattern is None:
        return escape(piece) + (" …" if end < len(plain) else "")
    parts, last = [], 0
    for m in pattern.finditer(piece):
        parts.append(escape(piece[last : m.start()]))
        parts.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    parts.append(escape(piece[last:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - pieces escaped above


def search_sections(query: str, version: GuidelineVersion | None) -> list[SearchResult]:
    """Sections of ``version`` that match ``query``, best first."""
    query = search_words.as_searched(query.strip()[:MAX_QUERY_LENGTH])
    words = _words(query)
    if version is None or not words:
        return []
    sections = Section.objects.of_version(version)
    for word in _excluded(query):  # in every spelling ("-Boersengang" leaves out "Börsengang" too)
        sections = sections.exclude(_in_section(word))
    found = list(_postgres(sections, query)) if connection.vendor == "postgresql" else []
    # Full-text search does not look inside compounds (Passwort in Firmenpasswort):
    # plain word matches follow the ranked results.
    seen = {s.pk for s in found}
    any_word = _any_word(query)
    found += [s for s in _fallback(sections, words, any_word) if s.pk not in seen]
    return [_result(s, words) for s in found if not _only_in_markup(s, words, any_word)]


def _only_in_markup(section: Section, words: list[str], any_word: bool) -> bool:
    """Whether ``section`` matched only through what its reader never sees: a link's address
    ("guidelines" in /guidelines/taboo-topics/), raw HTML the sanitiser removes ("alert", "evil").
    The database searches the stored Markdown; a word found there but not in the text as shown
    does not count. (A word full-text search found only by its stem is in neither: it counts.)"""
    stored = " ".join((section.title, section.body, section.title_en, section.body_en)).casefold()
    shown = " ".join(
        (section.title, _visible(section.body), section.title_en, _visible(section.body_en))
    ).casefold()
    hidden = seen = 0
    for word in words:
        forms = base_forms(word.casefold())
        if any(form in shown for form in forms):
            seen += 1
        elif any(form in stored for form in forms):
            hidden += 1
    return bool(hidden) and (not any_word or not seen)


def _visible(markdown: str) -> str:
    return unescape(strip_tags(str(markdown_to_html(markdown)))) if markdown else ""


def _result(section: Section, words: list[str]) -> SearchResult:
    """``section`` with a snippet of its text in the reader's language, or of the other language's
    text where only that has the words: a German reader looking for "messages" got German text
    without a marked word in it, and no hint of where the section matched."""
    shown = snippet(str(section.body_html), words)
    if "<mark>" in shown:  # what the text says is escaped: only a match is marked up so
        return SearchResult(section, shown)
    if shows_german(section, "body"):
        return SearchResult(section, shown)  # the reader has the German text: there is no other
    english_page = (get_language() or "").startswith("en")
    other, lang = (section.body, "de") if english_page else (section.body_en, "en")
    if other:
        theirs = snippet(str(markdown_to_html(other)), words)
        if "<mark>" in theirs:
            return SearchResult(section, theirs, lang)
    return SearchResult(section, shown)
