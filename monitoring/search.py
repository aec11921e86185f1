"""Full-text search over mentions: PostgreSQL's German and English stemming, a fallback elsewhere.

``Mention.search_vector`` is a column PostgreSQL computes itself from the
mention's title, summary and content (title weighted above the rest), stemmed
in the mention's language, whenever a row is written: ingest sends each text
once, and no code path can forget to re-index. The GIN index makes a search
over 100,000 mentions an index lookup. A search is parsed in each language for
the mentions in it, so a word is stemmed as the mention's own words were.
Feed HTML is indexed as stored: PostgreSQL's parser recognises tags and neither
configuration indexes them.
On SQLite (the quick start) the column stays empty and a search matches
substrings, case-insensitively (umlauts too), in the same syntax: words,
"phrases", -excluded, OR.
On both, a word is also searched in its other German spelling: "Boersengang" finds "Börsengang"
and the other way round (``search_words.spellings``).
Only letters and digits are searched, on both, and each mention's language's
stop words are left out on both (``portal.lib.search_words``): "die" finds
English mentions only, "the" German ones only. A search of emoji, punctuation,
other symbols or words as common in both languages alone ("🚀", "%%%", "—",
"in", "OR") has nothing to look for and finds nothing; the pages say so
(``searchable``, ``stop_words``) rather than list every mention. A phrase is
searched whole unless it is made only of stop words.
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass, field

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Func, Index, Q, TextField, Value
from django.db.models.functions import Concat

from monitoring.language import ENGLISH, GERMAN
from portal.lib import search_words
from portal.lib.html import html_to_text

# PostgreSQL's text search configuration for each Mention.language.
CONFIGURATIONS = {GERMAN: "german", ENGLISH: "english"}
FIELD_WEIGHTS = (("title", "A"), ("summary", "B"), ("content", "C"))


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


class MentionSearchVector(Expression):
    """What ``Mention.search_vector`` is generated from: each text field stemmed in the row's language.

    A generated column must be immutable, so each configuration is a constant
    (``'english'::regconfig``), never a cast of a computed name. NULL on SQLite.
    """

    output_field = SearchVectorField()

    def __init__(self):
        super().__init__()
        self.fields = [F("language"), *(F(name) for name, _weight in FIELD_WEIGHTS)]

    def get_source_expressions(self):
        return self.fields

    def set_source_expressions(self, expressions):
        self.fields = list(expressions)

    def as_sql(self, compiler, connection):
        # Only column names and our own constants go into the SQL.
        language, *texts = (compiler.compile(field)[0] for field in self.fields)
        config = "CASE {} {} ELSE '{}'::regconfig END".format(
            language,
            " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGURATIONS.items()),
            CONFIGURATIONS[GERMAN],
        )
        parts = (
            f"setweight(to_tsvector({config}, COALESCE({text}, '')), '{weight}')"
            for text, (_name, weight) in zip(texts, FIELD_WEIGHTS, strict=True)
        )
        return " || ".join(parts), []

    def as_sqlite(self, compiler, connection):
        return "NULL", []


# Each language's stop words, which PostgreSQL's configuration for it leaves out; a mention is
# searched with its own language's left out (those in any other language are German ones).
_STOP_WORDS = {GERMAN: search_words.GERMAN_STOP_WORDS, ENGLISH: search_words.ENGLISH_STOP_WORDS}
_COMMON_STOP_WORDS = search_words.GERMAN_STOP_WORDS & search_words.ENGLISH_STOP_WORDS


def searchable(text: str) -> bool:
    """Whether ``text`` has a word or number to look for in some language (not only emoji,
    symbols, or words as common in German as in English: "in", "so", "OR")."""
    return any(_parse(text, words) for words in _STOP_WORDS.values())


def stop_words(text: str) -> list[str]:
    """The words of ``text`` no language searches (as typed, "OR" too)."""
    return _parse(text, _COMMON_STOP_WORDS).stop_words


def search(queryset, text: str, also: Q | None = None):
    """Mentions of ``queryset`` matching ``text`` (web-search syntax: words, "phrases", OR, -not),
    each with its own language's stop words left out: "die" finds English mentions only. A blank
    ``text`` is no search (all of ``queryset``); one with nothing ``searchable`` in it finds
    nothing, on PostgreSQL as on SQLite.

    ``also``: what else a mention may match instead (the admin's search: its source's name), in
    the same condition, so that PostgreSQL combines the indexes of both."""
    if not text.strip():
        return queryset
    by_language = {language: _parse(text, words) for language, words in _STOP_WORDS.items()}
    wanted = {language: parsed for language, parsed in by_language.items() if parsed}
    if not wanted:
        # "🚀", "%%%", "-", "so": a search, and nothing it could find
        return queryset.none() if also is None else queryset.filter(also)
    if uses_postgres_search():
        matches = [
            _in(language) & Q(search_vector=_tsquery(parsed, language)) for language, parsed in wanted.items()
        ]
    else:
        queryset = _with_texts(queryset)
        matches = [_in(language) & _has_substrings(parsed) for language, parsed in wanted.items()]
    if also is not None:
        matches.append(also)
    return queryset.filter(functools.reduce(operator.or_, matches))


def _in(language: str) -> Q:
    return Q(language=ENGLISH) if language == ENGLISH else ~Q(language=ENGLISH)


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool


@dataclass
class _Parsed(search_words.Grouped[Term]):
    stop_words: list[str] = field(default_factory=list)  # left out, as typed


# "a phrase", -excluded, OR between two terms; „German quotes“ count as quotes. A quote left
# open runs to the end (as PostgreSQL's web-search syntax has it); a stray one separates.
_TERM = re.compile(r'(-?)"([^"]*)(?:"|$)|(-?)([^\s"]+)')
_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"'})


def _parse(text: str, stop_words: frozenset[str]) -> _Parsed:
    """The terms of ``text``. An excluded term always excludes (an OR before it is ignored), an
    OR with nothing on one side is no word ("OR polaris" is "polaris"), and a stop word is left
    out where it stands ("Produkt OR die OR Gerät" is "Produkt OR Gerät" in German)."""
    parsed = _Parsed()
    for match in _TERM.finditer(search_words.as_searched(text.translate(_QUOTES))):
        negated = bool(match.group(1) or match.group(3))
        phrase = match.group(2) is not None
        word = match.group(2) if phrase else match.group(4)
        if not phrase and not negated and word.casefold() == "or":
            if not parsed.add_or():
                parsed.stop_words.append(word)  # an English stop word too: "or" as a word is no search
            continue
        if not search_words.pieces(word):
            continue  # nothing to find in "", a lone "-" or "🚀"
        if search_words.only_stop_words(word, stop_words):
            parsed.stop_words.append(word)
            continue
        parsed.add(Term(word, phrase), negated=negated)
    return parsed


def _tsquery(parsed: _Parsed, language: str) -> SearchQuery:
    """PostgreSQL: the terms parsed in ``language``, as its mentions are indexed."""
    config = CONFIGURATIONS[language]

    def written(term: Term) -> str:
        if term.phrase:
            return '"' + term.text.replace('"', " ") + '"'
        # "Open-Source" as the phrase "Open Source": PostgreSQL's own reading of the hyphenated word
        # ('open-sourc' followed by its parts) misses it inside "Open-Source-Beitrag".
        pieces = search_words.pieces(term.text)
        return '"' + " ".join(pieces) + '"' if len(pieces) > 1 else term.text

    def query(term: Term, invert: bool = False) -> SearchQuery:
        """The term in each of its spellings: "Boersengang" finds "Börsengang" (an excluded term
        excludes every spelling)."""
        spelt = (
            SearchQuery(
                written(Term(text, term.phrase)), config=config, search_type="websearch", invert=invert
            )
            for text in search_words.spellings(term.text)
        )
        return functools.reduce(operator.and_ if invert else operator.or_, spelt)

    # Each group on its own: PostgreSQL's web-search syntax reads "a or b c" as a | (b & c), not
    # as the (a | b) & c every search here means (and SQLite searches).
    parts = [functools.reduce(operator.or_, map(query, group)) for group in parsed.groups]
    parts.extend(query(term, invert=True) for term in parsed.excluded)
    return functools.reduce(operator.and_, parts)


# A word stored in HTML exactly as it reads: no character an entity could stand for.
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
# What is around a word, not of it: punctuation, "#", "@", quotes, invisible characters.
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def _with_texts(queryset):
    """SQLite: ``queryset`` with each mention's text as stored and as read, casefolded (umlauts too)."""
    connection.ensure_connection()
    # SQLite's LIKE folds only ASCII letters: compare Python's casefold of both sides instead.
    connection.connection.create_function("portal_casefold", 1, _casefold, deterministic=True)
    # Summary and content are HTML: their visible text only (a search for "href" finds nothing).
    connection.connection.create_function("portal_visible_text", 1, _visible_text, deterministic=True)

    def folded(*parts):
        return Func(
            Concat(parts[0], Value(" "), parts[1], Value(" "), parts[2], output_field=TextField()),
            function="portal_casefold",
            output_field=TextField(),
        )

    # Only the rows whose text as stored has a term are made visible text and looked at again:
    # stripping tags is the costly part (aliases, not annotations: nothing extra is selected).
    return queryset.alias(
        stored=folded("title", "summary", "content"),
        haystack=folded(
            "title",
            Func("summary", function="portal_visible_text"),
            Func("content", function="portal_visible_text"),
        ),
    )


def _has_substrings(parsed: _Parsed) -> Q:
    """SQLite: every term a case-insensitive substring of the text (``_with_texts``)."""

    def has(term: Term) -> Q:
        """The term in any of its spellings ("Boersengang" finds "Börsengang")."""
        return functools.reduce(
            operator.or_, (spelt(Term(text, term.phrase)) for text in search_words.spellings(term.text))
        )

    def spelt(term: Term) -> Q:
        text = term.text.casefold()
        if not term.phrase:  # "Polaris!", "#Polaris", "(Polaris)": the word, as PostgreSQL reads it
            text = _EDGES.sub("", text)
        stored = Q(stored__contains=text) if _PLAIN_WORD.fullmatch(text) else Q()
        if search_words.is_stop_word(text):
            # Another language's stop word ("a", "war", "it" in German mentions): the word, not every
            # "software" or "mit" (PostgreSQL finds the word only).
            return stored & Q(haystack__regex=rf"(?<![^\W_]){re.escape(text)}(?![^\W_])")
        # "R&D", "café", "<Polaris>" or a phrase may be stored as &amp;, &eacute;, &lt; or
        # with a line break: only the visible text has them as the reader sees them.
        return stored & Q(haystack__contains=text)

    matches = [functools.reduce(operator.or_, map(has, group)) for group in parsed.groups]
    matches += [~has(term) for term in parsed.excluded]
    return functools.reduce(operator.and_, matches)


def _casefold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def _visible_text(html: str | None) -> str | None:
    return html_to_text(html) if html is not None else None


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere a plain one (SQLite has no GIN and never searches by it)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)
