"""Full-text search over mentions: PostgreSQL's German and English stemming, a fallback elsewhere.

Ingest writes ``Mention.search_vector`` (title weighted above summary and
content, stemmed in the mention's language) with each new row; the GIN index
makes a search over 100,000 mentions an index lookup. A search is parsed in
German and in English, so it finds a mention in either, and stemming each
mention once, in its own language, finds everything stemming it in both would.
Feed HTML is indexed as stored: PostgreSQL's parser recognises tags and
neither configuration indexes them.
On SQLite (the quick start) a search is a case-insensitive substring match of
every word.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Index, Q, Value, When

from monitoring.language import ENGLISH, GERMAN

# PostgreSQL's text search configuration for each Mention.language.
CONFIGURATIONS = {GERMAN: "german", ENGLISH: "english"}
FIELD_WEIGHTS = (("title", "A"), ("summary", "B"), ("content", "C"))


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search_vector() -> SearchVector:
    """The expression stored in ``Mention.search_vector``: each field stemmed in the row's language."""
    config = Case(
        *(When(language=code, then=Value(name)) for code, name in CONFIGURATIONS.items()),
        default=Value(CONFIGURATIONS[GERMAN]),
    )
    vector = None
    for field, weight in FIELD_WEIGHTS:
        part = SearchVector(field, config=config, weight=weight)
        vector = part if vector is None else vector + part
    return vector


# ``search_vector()`` of given values: only our own constants go into the SQL; the values are parameters.
_VECTOR_OF_VALUES = " || ".join(
    f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')" for _field, weight in FIELD_WEIGHTS
)


def search_vector_of(language: str, title: str, summary: str, content: str) -> tuple[str, list[str]] | None:
    """``search_vector()`` of these values as SQL and parameters, for a row's INSERT; None off PostgreSQL.

    Ingest computes it in the INSERT of each new mention, so PostgreSQL does
    not write every new row twice (insert, then an UPDATE for the vector).
    """
    if not uses_postgres_search():
        return None
    config = CONFIGURATIONS.get(language, CONFIGURATIONS[GERMAN])
    return _VECTOR_OF_VALUES, [value for text in (title, summary, content) for value in (config, text or "")]


def update_search_vectors(queryset) -> int:
    """Recompute the search vectors of ``queryset`` (one UPDATE); nothing to do off PostgreSQL."""
    if not uses_postgres_search():
        return 0
    return queryset.update(search_vector=search_vector())


def search(queryset, text: str):
    """Mentions of ``queryset`` matching ``text`` (web-search syntax: words, "phrases", -not)."""
    text = text.strip()
    if not text:
        return queryset
    if uses_postgres_search():
        query = None
        # Parsed in both languages: a mention matches in whichever it is indexed in.
        for config in CONFIGURATIONS.values():
            part = SearchQuery(text, config=config, search_type="websearch")
            query = part if query is None else query | part
        return queryset.filter(search_vector=query)
    for word in text.split():
        word = word.strip('"')
        if word:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(content__icontains=word)
            )
    return queryset


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere a plain one (SQLite has no GIN and never searches by it)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)
