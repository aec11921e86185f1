"""How the directory and the FAQ are searched: the same rules for advisors and FAQ entries.

- Every word must be found, each wherever it is: "Vogel UWG" finds Anton Vogel, who knows
  about UWG. "Presse OR Recht" finds either word, "-Recht" leaves out what has it, as the mention
  and guideline searches have it (``parse``).
- A word's letters and digits are what is looked for: a word joined by hyphens or other
  punctuation is looked for by its parts ("Urheber-Rechte" as "Urheber Rechte", "E-Mail-Marketing"
  finds "E-Mail und Newsletter" next to "Marketing"). Whatever has the whole has its parts, so
  it finds what the whole would find, too.
- Stop words ("und", "die", "the") are left out (``portal.lib.search_words``): "Recht und
  Datenschutz" must not need an "und" in everything it finds.
- A word that begins with a word of a text finds the text: German joins words, and
  "Urheberrecht" is what somebody looks for in "Urheber- und Bildrechte". The text's words are
  kept in a column of their own (``beginning_words``), each between spaces, so a search word's
  beginnings are a few LIKEs in the same query (``begins_with_a_word``).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable

from django.db.models import Q

from portal.lib import search_words
from portal.lib.i18n import fold, search_key
from portal.lib.search_words import STOP_WORDS, is_stop_word, only_stop_words, pieces

MAX_WORDS = 8
# A word a search word may begin with: at least this long, and saying something about the text
# (no stop word: "Underground" is not about "und", "Ihrerseits" not about "ihrer").
BEGINNING_MIN = 4
BEGINNING_MAX = 40  # longer search words are compared by their first 40 letters
_FOLDED_STOP_WORDS = frozenset(form for word in STOP_WORDS for form in search_key(word).split())


def words(text: str, *, stop_words_too: bool = False, min_length: int = 1) -> list[str]:
    """The words of ``text`` to look for (at most ``MAX_WORDS``): its runs of letters and digits of
    ``min_length`` or more, less the stop words unless ``stop_words_too``. None for emoji or
    symbols alone."""
    found = [word for word in pieces(text) if len(word) >= min_length]
    if not stop_words_too:
        found = [word for word in found if not is_stop_word(word) or _abbreviation(word)]
    return found[:MAX_WORDS]


# A search: each typed word by all of its parts (a list of them), grouped (OR) or excluded.
Parsed = search_words.Grouped[list[str]]


def parse(text: str, *, stop_words_too: bool = False) -> Parsed:
    """``text`` as words to find, joined by OR or not, and "-words" to leave out (at most
    ``MAX_WORDS`` parts). An OR with nothing before it is no word; a stop word is left out where
    it stands ("Presse OR die OR Recht" is "Presse OR Recht")."""
    parsed, budget = Parsed(), MAX_WORDS
    for typed in search_words.as_searched(text).split():
        if typed.casefold() == "or":
            parsed.add_or()
            continue
        negated = typed.startswith("-")
        found = words(typed[1:] if negated else typed, stop_words_too=stop_words_too)[:budget]
        if not found:
            continue  # a stop word, a lone "-", "🚀"
        budget -= len(found)
        parsed.add(found, negated=negated)
        if budget <= 0:
            break
    return parsed


def filter_parsed(queryset, parsed: Parsed, matches: Callable[[str], Q]):
    """``queryset`` narrowed to what ``parsed`` finds, each word as ``matches`` has it."""
    groups = (
        functools.reduce(operator.or_, (finds_every(alternative, matches) for alternative in group))
        for group in parsed.groups
    )
    queryset = queryset.filter(functools.reduce(operator.and_, groups, Q()))
    for excluded in parsed.excluded:
        queryset = queryset.exclude(finds_every(excluded, matches))
    return queryset


def _abbreviation(word: str) -> bool:
    """Typed in capitals, "IT" is the department, not the English "it" ("OR" is the operator)."""
    return len(word) >= 2 and word.isupper() and word != "OR"


def stop_words(text: str) -> list[str]:
    """The stop words ``text`` has, as typed ("und/oder"): left out of the search."""
    return [typed for typed in text.split() if only_stop_words(typed) and not _abbreviation(typed)]


def finds_every(found_words: list[str], matches: Callable[[str], Q]) -> Q:
    """Where each of ``found_words`` ``matches`` (an empty Q, matching all, for none)."""
    return functools.reduce(operator.and_, map(matches, found_words), Q())


def beginning_words(*texts: str) -> str:
    """The words of ``texts`` a search word may begin with, folded as ``search_key`` folds them,
    each between spaces (" urheber bildrechte copyright image rights ")."""
    found = {word for word in re.split(r"[\W_]+", search_key(" ".join(texts))) if _may_begin(word)}
    return f" {' '.join(sorted(found))} " if found else ""


def begins_with_a_word(field: str, word: str) -> Q:
    """Whether ``word`` begins with one of the words ``field`` keeps (``beginning_words``)."""
    folded = fold(word)
    beginnings = sorted(
        beginning
        for beginning in (folded[:end] for end in range(BEGINNING_MIN, min(len(folded), BEGINNING_MAX) + 1))
        if _may_begin(beginning)
    )
    if not beginnings:
        return Q(pk__in=[])  # never matches, also when it is the only condition
    return Q(*(Q(**{f"{field}__contains": f" {beginning} "}) for beginning in beginnings), _connector=Q.OR)


def _may_begin(word: str) -> bool:
    return BEGINNING_MIN <= len(word) <= BEGINNING_MAX and word not in _FOLDED_STOP_WORDS
