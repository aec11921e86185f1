"""The taboo topic matcher: which taboo topics a text touches, and where.

Other apps call ``find_taboo_topics(text)`` (the post checker) or, for many
texts at once, ``get_matcher().match(text)`` (monitoring, for every ingested
mention). Both use one compiled matcher of the active topics, kept per process
and rebuilt when a topic or term changes in any process (a version stamp in
the shared cache, bumped by ``bump_matcher_version``).

How a text matches, so that a word list does not fail where German is German:

- case is ignored, and ä/ae, ö/oe, ü/ue, ß/ss are the same letters;
- whitespace of any kind (line breaks too) between the words of a phrase is
  one space;
- a term matches its inflected forms (Produkt → Produkte, Produkten, Produkts)
  and, with its last vowel umlauted, plural forms (Umsatz → Umsätze); in a
  phrase the leading words' endings vary too (neues Produkt → das neue Produkt), and it
  matches written as one word or hyphenated, as hashtags and handles write it (coming soon →
  #comingsoon, coming-soon), as does a term written with a hyphen (E-Auto → #EAuto, E Auto);
  a word matches hyphenated, too (Stellenabbau → Stellen-Abbau);
- unless the term is "whole word only" (or shorter than four letters), it also
  matches inside compounds (Umsatz → Quartalsumsatz, Umsatzzahlen), but not after a verb
  prefix or one or two letters, which make another word (bezahlen, Strategie for Rate);
- regular expression terms run as written, ignoring case, over the text as
  written; and, as they always did, normalised over the normalised text (lower
  case, umlauts written out, one space for any whitespace), unless normalising
  would change what they mean (\\S, \\W, (?P<name>…)). Each run has a time
  limit, so a pathological pattern cannot hang a request.

All literal terms are compiled into one trie-shaped regular expression that
is run once over the text; this keeps a 5,000-character post with thousands
of terms in the low milliseconds.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
import time
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import regex
from django.core.cache import cache

from portal.lib.html import drop_invisible_characters

logger = logging.getLogger(__name__)

# --- public result types ------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One place in the text: ``text[start:end]`` is the matched word(s) as written."""

    start: int
    end: int
    text: str
    term: str


@dataclass(frozen=True)
class TopicMatch:
    topic_id: int
    topic_name: str
    severity: str
    hits: tuple[Hit, ...]

    @property
    def words(self) -> list[str]:
        """Each word found once, as first written ("closing" found twice is said once)."""
        first: dict[str, str] = {}
        for hit in self.hits:
            first.setdefault(hit.text.casefold(), hit.text)
        return list(first.values())


class Matches(list):
    """``Matcher.match``'s topics; ``incomplete`` when a regular expression term ran out of time on
    the text, so a topic may be missing: then nobody may be told "nothing found"."""

    incomplete = False


# --- what the matcher is built from (plain data, no models) --------------------


@dataclass(frozen=True)
class TermSpec:
    term: str
    is_regex: bool = False
    whole_word: bool = False
    term_id: int | None = None


@dataclass(frozen=True)
class TopicSpec:
    id: int
    name: str
    severity: str
    terms: tuple[TermSpec, ...]


# --- normalisation --------------------------------------------------------------

# Characters that become two letters; everything else keeps its length, so
# offsets in the normalised text map back to the original cheaply.
_EXPANSIONS = {"ä": "ae", "Ä": "ae", "ö": "oe", "Ö": "oe", "ü": "ue", "Ü": "ue", "ß": "ss", "ẞ": "ss"}
_WHITESPACE = "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_REPLACEMENTS = {**_EXPANSIONS, **dict.fromkeys(_WHITESPACE, " "), "\u0130": "i"}
# A regex finds the few characters to replace: str.translate would look up every character.
_REPLACED = re.compile("[" + "".join(_REPLACEMENTS) + "]")
_EXPANDING = re.compile("[" + "".join(_EXPANSIONS) + "]")
_SPACES = re.compile(" +")
_WORD_TAIL = re.compile(r"[^\W_]*")

# Endings of German (and English) inflection: Produkt-e, -en, -s, -es, -er …
INFLECTION_SUFFIXES = frozenset(
    {"", "e", "en", "n", "s", "es", "er", "ern", "em", "ens", "nen", "innen", "in"}
)
# Plurals with an umlaut: Umsatz → Umsätze, Vertrag → Verträge.
UMLAUT_PLURAL_SUFFIXES = frozenset({"e", "en", "er", "ern"})
# Feminine forms of a term ending in -e: Kunde → Kundin, Kundinnen; written gender-inclusively
# with a mark before the ending (Kund*innen, Kund:innen, Kund_innen; KundInnen is lower-cased).
FEMININE_SUFFIXES = frozenset({"in", "innen"})
_GENDER_MARKS = frozenset("*:_·")
_FEMININE_STEM = re.compile(r"[^\W\d_]+[^\W\d_e]e")  # letters, ending in one -e (not Verein)
# A term preceded only by one of these is a different word, not a compound
# (bezahlen is not about Zahlen).
VERB_PREFIXES = frozenset({"be", "ge", "er", "ver", "ent", "zer", "miss", "un"})
# Nor is a term after one or two letters: no word that short starts a compound, so the term sits
# inside another word (Rate in Strategie, Satz in Umsatz, Halt in Inhalt).
MIN_COMPOUND_HEAD = 3
# Shorter terms match whole words only: "KI" must not fire inside "Kiel".
MIN_COMPOUND_LENGTH = 4

REGEX_TIMEOUT_SECONDS = 0.05  # per regular expression term and text
REGEX_BUDGET_SECONDS = 0.25  # all regular expression terms together, per text
REGEX_FLAGS = regex.IGNORECASE | regex.FULLCASE | regex.V0  # FULLCASE: "ß" matches "SS"


def normalize(text: str) -> str:
    """Lower case, umlauts written out, every whitespace character a space."""
    return _REPLACED.sub(_replacement, text).lower()


def _replacement(match: re.Match) -> str:
    return _REPLACEMENTS[match.group()]


def as_matched(text: str) -> str:
    """``text`` as the matcher reads drafts and terms: composed (macOS and PDFs write "ü" as "u"
    and a combining mark), without soft hyphens and zero-width spaces (invisible, they split the
    words they sit in). A term pasted into the admin with them looked right and never matched."""
    return drop_invisible_characters(unicodedata.normalize("NFC", text))


def normalize_term(term: str) -> str:
    """A literal term as the matcher stores it: normalised, single spaces."""
    return _SPACES.sub(" ", normalize(as_matched(term))).strip()


# The regex library's recursion, "(?R)", "(?1)", "(?&name)": "(?R)" alone exhausted the memory
# (a 500 in the admin), "a(?R)" found every "a". Refused as a term (after an even number of
# backslashes, the bracket is no literal one).
RECURSION = re.compile(r"(?<!\\)(?:\\\\)*\(\?(?:R|[+-]?\d+|&\w+|P>\w+)\)")


def compile_regex_term(pattern: str) -> regex.Pattern:
    """Compile a regular expression term as the matcher runs it over the text as written:
    as written, ignoring case (raises regex.error, also for recursion)."""
    if RECURSION.search(pattern):
        raise regex.error("recursion")
    return regex.compile(as_matched(pattern), REGEX_FLAGS)


# What lower case would turn into something else: \S into \s, (?P<name> into an error.
_CASE_SENSITIVE_SYNTAX = re.compile(r"\\[A-Z]|\(\?P")


def compile_normalised_regex_term(pattern: str) -> regex.Pattern | None:
    """The term as it ran before it also ran as written: normalised, over the normalised text
    ("gebuehr\\w*" finds "Gebühren", "polaris cloud" finds "Polaris⏎Cloud"). None where
    normalising would change its meaning, or breaks it."""
    if _CASE_SENSITIVE_SYNTAX.search(pattern) or RECURSION.search(pattern):
        return None
    try:
        return regex.compile(normalize(as_matched(pattern)), REGEX_FLAGS)
    except (regex.error, OverflowError, RecursionError):
        return None


def _umlaut_variant(term: str) -> str | None:
    """Umsatz → umsaetz: the stem of an umlaut plural, or None."""
    if " " in term or not term.isalpha():
        return None
    for i in range(len(term) - 1, -1, -1):
        ch = term[i]
        if ch in "ei":
            if ch == "e" or i == 0 or term[i - 1] not in "ae":
                return None
            continue
        if ch in "aou":
            if ch == "u" and i > 0 and term[i - 1] == "a":  # Haus → Häuser
                return term[: i - 1] + "aeu" + term[i + 1 :]
            return term[:i] + ch + "e" + term[i + 1 :]
    return None


ADJECTIVE_ENDINGS = ("es", "er", "en", "em", "e")
MAX_PHRASE_VARIANTS = 36


def _phrase_variants(key: str) -> list[str]:
    """A phrase with the endings of its leading words varied: neues Produkt → neue/neuen/… Produkt."""
    words = key.split(" ")
    if len(words) < 2:
        return []
    options: list[list[str]] = []
    for index, word in enumerate(words[:-1]):
        stem = next(
            (word[: -len(e)] for e in ADJECTIVE_ENDINGS if word.endswith(e) and len(word) - len(e) >= 3), None
        )
        if index < 2 and stem is not None and word.isalpha():
            options.append([stem + ending for ending in ("", *ADJECTIVE_ENDINGS)])
        else:
            options.append([word])
    variants = [""]
    for choices in options:
        variants = [f"{v} {c}".lstrip() for v in variants for c in choices]
    variants = [f"{v} {words[-1]}" for v in variants[:MAX_PHRASE_VARIANTS]]
    return [v for v in variants if v != key]


# A space or a hyphen between two words of a term: either is written for the other, or neither.
_WORD_JOINT = re.compile(r"(?<=\w)[ -](?=\w)")


def _joined_spellings(key: str) -> list[str]:
    """A phrase or a hyphenated term as hashtags, handles and addresses write it, or the other
    way round: "comingsoon", "coming-soon", "coming_soon"; "e-auto" → "eauto", "e auto"."""
    if not _WORD_JOINT.search(key):
        return []
    spellings = {_WORD_JOINT.sub(joint, key) for joint in ("", "-", " ", "_")}  # "_": handles
    return sorted(spellings - {key})


_HYPHENS = ("-", "\u2010", "\u2011")  # the typographic hyphens too


def _hyphens_in_words(text: str) -> list[int]:
    """The offsets of the hyphens between two letters or digits ("stellen-abbau"), in order.
    (str.find, not a regular expression: this runs over every mention, and a pattern that
    tests each character took as long as the whole match.)"""
    offsets = []
    for hyphen in _HYPHENS:
        at = text.find(hyphen, 1)
        while at != -1 and at + 1 < len(text):
            if text[at - 1].isalnum() and text[at + 1].isalnum():
                offsets.append(at)
            at = text.find(hyphen, at + 1)
    return sorted(offsets)


class _OffsetMap:
    """Maps offsets in the normalised text back to the original text."""

    def __init__(self, text: str):
        self.ends: list[int] = []  # normalised offset right after each expansion
        self.starts: list[int] = []  # original offset of each expansion
        for i, m in enumerate(_EXPANDING.finditer(text)):
            self.starts.append(m.start())
            self.ends.append(m.start() + i + 2)

    def start(self, n: int) -> int:
        c = bisect.bisect_right(self.ends, n)
        if c < len(self.starts) and n == self.ends[c] - 1:  # second letter of "ae"
            return self.starts[c]
        return n - c

    def end(self, n: int) -> int:
        c = bisect.bisect_right(self.ends, n)
        if c < len(self.starts) and n == self.ends[c] - 1:
            return self.starts[c] + 1
        return n - c


# --- the matcher ----------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    topic: int  # index into Matcher._topics
    term: str  # as the editor wrote it
    whole_word: bool
    umlaut: bool  # the umlaut-plural variant of the term
    feminine: bool = False  # the stem of a term ending in -e, for its -in/-innen forms


def _trie_pattern(node: dict) -> str:
    """A regular expression matching exactly the keys of ``node``, longest first."""
    branches = []
    for ch in sorted(k for k in node if k):
        atom = " +" if ch == " " else re.escape(ch)
        child = node[ch]
        rest = _trie_pattern(child) if any(child) else ""
        branches.append(atom + rest)
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a key ends here; longer keys are tried first (greedy)
        pattern = "(?:" + pattern + ")?"
    return pattern


class Matcher:
    """A compiled set of taboo topics. Build once, call ``match`` many times."""

    def __init__(self, topics: Iterable[TopicSpec]):
        self._topics = list(topics)
        entries: dict[str, list[_Entry]] = {}
        # (topic, term, pattern, whether it runs over the normalised text)
        self._regexes: list[tuple[int, str, regex.Pattern, bool]] = []
        for index, topic in enumerate(self._topics):
            for spec in topic.terms:
                if spec.is_regex:
                    try:
                        self._regexes.append((index, spec.term, compile_regex_term(spec.term), False))
                        if normalised := compile_normalised_regex_term(spec.term):
                            self._regexes.append((index, spec.term, normalised, True))
                    except regex.error:
                        logger.warning("Skipping invalid regular expression term %s", spec.term_id)
                    continue
                key = normalize_term(spec.term)
                if not key:
                    continue
                whole = spec.whole_word or len(key) < MIN_COMPOUND_LENGTH
                entries.setdefault(key, []).append(_Entry(index, spec.term, whole, False))
                variant = _umlaut_variant(key)
                if variant:
                    entries.setdefault(variant, []).append(_Entry(index, spec.term, whole, True))
                # Written as a German noun (capitalised: "Kunde", not "raise": "raisin", "aspirin").
                if (
                    spec.term[:1].isupper()
                    and len(key) > MIN_COMPOUND_LENGTH
                    and _FEMININE_STEM.fullmatch(key)
                ):
                    entries.setdefault(key[:-1], []).append(_Entry(index, spec.term, whole, False, True))
                for phrase in _phrase_variants(key) + _joined_spellings(key):
                    entries.setdefault(phrase, []).append(_Entry(index, spec.term, whole, False))
        self._entries = entries
        self._longest_key = max(map(len, entries), default=0)
        # Every key that is a prefix of a longer key: the trie reports the
        # longest key at a position, the shorter ones are found through this.
        self._prefixes: dict[str, tuple[str, ...]] = {}
        for key in entries:
            shorter = tuple(key[:i] for i in range(1, len(key)) if key[:i] in entries)
            if shorter:
                self._prefixes[key] = shorter
        trie: dict = {}
        for key in entries:
            node = trie
            for ch in key:
                node = node.setdefault(ch, {})
            node[""] = True
        pattern = _trie_pattern(trie)
        # A lookahead finds overlapping occurrences (each start position once).
        self._trie = re.compile(f"(?=({pattern}))") if pattern else None

    def __len__(self) -> int:
        return len(self._topics)

    def match(self, text: str) -> Matches:
        """Every topic ``text`` touches with its hits; "never post" topics first."""
        results = Matches()
        if not text or not self._topics:
            return results
        norm = normalize(text)
        found: dict[int, dict[tuple[int, int], Hit]] = {}
        offsets = _OffsetMap(text) if len(norm) != len(text) else None

        def add(topic: int, start: int, end: int, term: str, in_text: bool = False) -> None:
            if offsets is not None and not in_text:
                start, end = offsets.start(start), offsets.end(end)
            hits = found.setdefault(topic, {})
            if (start, end) not in hits:
                hits[(start, end)] = Hit(start, end, text[start:end], term)

        if self._trie is not None:
            for m in self._trie.finditer(norm):
                raw = m.group(1)
                if not raw:
                    continue
                self._check(norm, m.start(), raw, add)
            self._match_hyphenated(norm, add)
        deadline = time.perf_counter() + REGEX_BUDGET_SECONDS
        for topic, term, pattern, on_normalised in self._regexes:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                logger.warning("Regular expression terms ran out of time; the rest were skipped")
                results.incomplete = True
                break
            try:
                subject = norm if on_normalised else text
                for m in pattern.finditer(subject, timeout=min(REGEX_TIMEOUT_SECONDS, remaining)):
                    if m.end() > m.start():
                        add(topic, m.start(), m.end(), term, in_text=not on_normalised)
            except TimeoutError:
                # Never log the text itself: it may be a private draft.
                logger.warning("Regular expression term %r timed out", term)
                results.incomplete = True
        for index, hits in found.items():
            topic = self._topics[index]
            results.append(TopicMatch(topic.id, topic.name, topic.severity, _outermost(hits.values())))
        results.sort(key=lambda t: (t.severity != "never", t.hits[0].start))
        return results

    def _match_hyphenated(self, norm: str, add) -> None:
        """Terms written with a hyphen inside ("Stellen-Abbau" for Stellenabbau): the text is
        scanned again with the hyphens inside words taken out. Only hits across such a hyphen
        count; the rest the scan of the text as written judged already (with the word's own start:
        "Mitarbeiter-bezahlen" is not about Zahlen)."""
        hyphens = _hyphens_in_words(norm)
        if not hyphens:
            return
        joined = "".join(norm[a + 1 : b] for a, b in zip([-1, *hyphens], [*hyphens, len(norm)], strict=True))
        # Where in ``joined`` each hyphen stood (the offset of the letter after it), in order.
        cuts = [offset - i for i, offset in enumerate(hyphens)]

        def add_across(topic, start, end, term):
            add(topic, start + bisect.bisect_right(cuts, start), end + bisect.bisect_left(cuts, end), term)

        # Only around the hyphens: a term across one starts at most its length before it (scanning
        # all of ``joined`` again doubled the matching time of every mention).
        reach = self._longest_key + 16  # a phrase's words may be further apart
        windows: list[list[int]] = []
        for cut in cuts:
            if windows and cut - reach <= windows[-1][1]:
                windows[-1][1] = cut + reach
            else:
                windows.append([max(0, cut - reach), cut + reach])
        for low, high in windows:
            for m in self._trie.finditer(joined, low, high):
                raw = m.group(1)
                if raw:
                    after = bisect.bisect_right(cuts, m.start())  # the first hyphen after the start
                    if after < len(cuts) and cuts[after] < m.start() + len(raw):
                        self._check(joined, m.start(), raw, add_across, across=cuts)

    def _check(self, norm: str, start: int, raw: str, add, across: list[int] = ()) -> None:
        """Apply word-boundary, inflection and compound rules to one trie match; with ``across``
        (where the hyphens of a joined word stood), only to terms across one of them."""
        key = _SPACES.sub(" ", raw) if " " in raw else raw
        word_start = start == 0 or not norm[start - 1].isalnum()
        head_start = start
        while head_start > 0 and norm[head_start - 1].isalnum():
            head_start -= 1
        if across:  # hyphenated words, joined: their other hyphens still bound the term's word
            before = bisect.bisect_right(across, start)  # the first hyphen after the start
            if before and across[before - 1] >= head_start:
                head_start = across[before - 1]
                word_start = word_start or head_start == start
        head = norm[head_start:start]
        for candidate in (key, *self._prefixes.get(key, ())):
            length = (
                len(candidate) if candidate is key or " " not in raw else _raw_length(raw, len(candidate))
            )
            end = start + length
            word_end = _WORD_TAIL.match(norm, end).end()
            if across:
                if before == len(across) or across[before] >= end:
                    continue  # not across a hyphen
                following = bisect.bisect_left(across, end)
                if following < len(across):
                    word_end = min(word_end, across[following])
            if word_end == end and end < len(norm) and norm[end] in _GENDER_MARKS:
                tail = _WORD_TAIL.match(norm, end + 1).end()
                if norm[end + 1 : tail] in FEMININE_SUFFIXES:  # Kund*innen: the mark belongs to the word
                    word_end = tail
            suffix = norm[end:word_end].lstrip("".join(_GENDER_MARKS))
            for entry in self._entries[candidate]:
                if entry.umlaut and suffix not in UMLAUT_PLURAL_SUFFIXES:
                    continue
                if entry.feminine and suffix not in FEMININE_SUFFIXES:
                    continue
                if entry.whole_word:
                    if not word_start or suffix not in INFLECTION_SUFFIXES:
                        continue
                elif head in VERB_PREFIXES or (0 < len(head) < MIN_COMPOUND_HEAD and head.isalpha()):
                    continue  # (a head with a digit is a tag's prefix: #Q3Umsatz)
                add(entry.topic, head_start, word_end, entry.term)


def _outermost(hits: Iterable[Hit]) -> tuple[Hit, ...]:
    """The hits in text order, without those inside another (Produkt in "neues Produkt")."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if kept and hit.end <= kept[-1].end:
            continue
        kept.append(hit)
    return tuple(kept)


def _raw_length(raw: str, collapsed_length: int) -> int:
    """How many characters of ``raw`` (spaces not collapsed) make ``collapsed_length``."""
    count = 0
    for i, ch in enumerate(raw):
        if count == collapsed_length:
            return i
        if ch == " " and i > 0 and raw[i - 1] == " ":
            continue
        count += 1
    return len(raw)


# --- the cached matcher of the active topics -------------------------------------

VERSION_KEY = "guidelines:taboo-matcher-version"
_lock = threading.Lock()
_cached: tuple[str, Matcher] | None = None


def bump_matcher_version() -> None:
    """Make every process rebuild its matcher on next use (topics or terms changed)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    return version


def build_matcher() -> Matcher:
    """A fresh matcher of the active taboo topics, read from the database."""
    from guidelines.models import TabooTopic

    return Matcher(topic.as_spec() for topic in TabooTopic.objects.active().prefetch_related("terms"))


def get_matcher() -> Matcher:
    """The matcher of the active topics, rebuilt only when they changed."""
    global _cached
    version = _current_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
        matcher = build_matcher()
        _cached = (version, matcher)
        return matcher


def find_taboo_topics(text: str) -> Matches:
    """Every active taboo topic ``text`` touches, with the matched places."""
    return get_matcher().match(text)
