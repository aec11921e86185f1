"""Ingest: store parsed entries as mentions with a fixed number of queries per poll.

Per poll, whatever the number of entries: one query for the mentions we
already have, one for tombstones, one for the keywords, one INSERT of the new
mentions that returns their ids (per 500), one bulk update of the changed
ones, and two each for the keyword and the taboo topic links (PostgreSQL
computes the search vectors itself, see monitoring.search). The taboo
matcher is compiled once per process and checked against the shared cache
once per poll.
Must run inside the caller's transaction, so a poll killed half-way leaves
nothing behind and its retry starts from the same state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from guidelines.matcher import TopicMatch, build_matcher, get_matcher
from monitoring.models import (
    DeletedMention,
    Mention,
    MentionTabooMatch,
    ReviewStatus,
    Source,
    TrackedKeyword,
)
from monitoring.parsing import ParsedEntry, visible_text
from portal.lib.db import insert_rows

# What a changed entry updates: everything _values gives but the source, and the time.
UPDATE_FIELDS = [
    "identity_key", "guid", "url", "canonical_hash", "title", "author", "summary", "content",
    "content_hash", "language", "published_at", "published_guessed", "flagged", "updated_at",
]  # fmt: skip


@dataclass
class IngestResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # Entries skipped on purpose: another source has the article, retention deleted it, or too old.
    skipped: int = 0
    new_ids: list[int] = field(default_factory=list)


# Scripts written without spaces between words (Chinese, Japanese, Thai …) or with particles
# joined to a word (Korean): a term's end in one is no word's end, so no boundary is asked for
# there, and a letter of one next to a Latin name ("Nordlichtの") is no part of the name.
_UNSPACED_RANGES = (
    "\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
_UNSPACED = re.compile(f"[{_UNSPACED_RANGES}]")
_SPACED_LETTER = f"[^\\W{_UNSPACED_RANGES}]"  # one character class: as quick as \w


def whole_word_pattern(terms) -> re.Pattern | None:
    """One case-insensitive regex for whole-word ``terms``, longest first ("Polaris Cloud" before
    "Polaris"); the match is group 1. None without terms. Also used to highlight (monitoring.highlight).
    """
    terms = set(terms)
    # Python's re.I does not fold "ß" to "ss": the case-folded spellings ("strasse") are looked for too.
    ordered = sorted(terms | {term.casefold() for term in terms}, key=len, reverse=True)
    if not ordered:
        return None
    # Neighbours needing the same boundaries share one lookaround (ten times quicker than one per
    # term); only neighbours, so the alternatives stay longest first across groups too.
    groups: list[tuple[str, str, list[str]]] = []
    for term in ordered:
        before = "" if _UNSPACED.match(term[0]) else f"(?<!{_SPACED_LETTER})"
        after = "" if _UNSPACED.match(term[-1]) else f"(?!{_SPACED_LETTER})"
        if not groups or groups[-1][:2] != (before, after):
            groups.append((before, after, []))
        groups[-1][2].append(re.escape(term))
    alternatives = (f"{before}(?:{'|'.join(escaped)}){after}" for before, after, escaped in groups)
    return re.compile("(" + "|".join(alternatives) + ")", re.I)


class KeywordMatcher:
    """Finds the tracked keywords (and aliases) in a text: case-insensitive, whole words.

    A term may belong to several keywords (one's name, another's alias): a text with it has both.
    """

    def __init__(self, keywords: list[tuple[int, list[str]]]):
        self._ids: dict[str, set[int]] = {}
        terms = []
        for keyword_id, names in keywords:
            for term in names:
                self._ids.setdefault(term.casefold(), set()).add(keyword_id)
                terms.append(term)
        self._pattern = whole_word_pattern(terms)

    @classmethod
    def load(cls) -> KeywordMatcher:
        rows = TrackedKeyword.objects.filter(active=True).values_list("id", "name", "aliases")
        return cls([(pk, TrackedKeyword(name=name, aliases=aliases).terms) for pk, name, aliases in rows])

    def match(self, text: str) -> set[int]:
        if self._pattern is None:
            return set()
        found: set[int] = set()
        for word in {m.group(1).casefold() for m in self._pattern.finditer(text)}:
            found.update(self._ids.get(word, ()))
        return found


def _unique(entries: list[ParsedEntry]) -> list[ParsedEntry]:
    """The first of each identity and each URL within one feed (feeds repeat themselves)."""
    seen_keys: set[str] = set()
    seen_urls: set[str] = set()
    unique = []
    for entry in entries:
        if entry.identity_key in seen_keys or (entry.canonical_hash and entry.canonical_hash in seen_urls):
            continue
        seen_keys.add(entry.identity_key)
        if entry.canonical_hash:
            seen_urls.add(entry.canonical_hash)
        unique.append(entry)
    return unique


def ingest(source: Source, entries: list[ParsedEntry], now: datetime) -> IngestResult:
    """Create new mentions, update changed ones, skip the rest (see module docstring)."""
    result = IngestResult()
    cutoff = now - timedelta(days=settings.MENTION_RETENTION_DAYS)
    fresh = [e for e in _unique(entries) if e.published_at >= cutoff]
    result.skipped = len(entries) - len(fresh)
    if not fresh:
        return result
    keys = [e.identity_key for e in fresh]
    urls = [e.canonical_hash for e in fresh if e.canonical_hash]

    by_key: dict[str, tuple] = {}
    by_url: dict[str, tuple] = {}
    existing = list(
        _same_entries(
            Mention,
            source,
            keys,
            urls,
            "id",
            "source_id",
            "identity_key",
            "canonical_hash",
            "content_hash",
            "review_status",
            "published_at",
            "published_guessed",
        )
    )
    for row in existing:
        if row[1] == source.pk:
            by_key[row[2]] = row
        if row[3]:
            by_url[row[3]] = row
    tombstones = _same_entries(
        DeletedMention, source, keys, urls, "source_id", "identity_key", "canonical_hash"
    )
    deleted_keys = {key for source_id, key, _url in tombstones if source_id == source.pk}
    deleted_urls = {url for _s, _k, url in tombstones if url}

    to_create: list[ParsedEntry] = []
    to_update: list[tuple[int, ParsedEntry]] = []
    # A mention is one entry's: its own (by identity) first, then one found by URL.
    claimed = {by_key[e.identity_key][0] for e in fresh if e.identity_key in by_key}
    for entry in fresh:
        row = by_key.get(entry.identity_key)
        if row is None and entry.canonical_hash:
            row = by_url.get(entry.canonical_hash)
            if row is not None and row[1] != source.pk:
                result.skipped += 1  # the same article, already stored from another source
                continue
            if row is not None and row[0] in claimed:
                row = None  # the feed gave that mention's link to another entry: this one is new
            elif row is not None:
                claimed.add(row[0])
        if row is None:
            if entry.identity_key in deleted_keys or entry.canonical_hash in deleted_urls:
                result.skipped += 1
            else:
                to_create.append(entry)
        elif row[4] != entry.content_hash:
            to_update.append((row[0], entry))
        else:
            result.unchanged += 1
    stored_urls = {row[0]: row[3] for row in existing}
    kept = _without_url_clashes(to_update, stored_urls, by_url)
    result.skipped += len(to_update) - len(kept)
    to_update = kept
    if not to_create and not to_update:
        return result

    matcher = KeywordMatcher.load()
    taboo = get_matcher()
    touched: dict[str, list[TopicMatch]] = {
        entry.identity_key: taboo.match(entry.text) for entry in [*to_create, *(e for _pk, e in to_update)]
    }
    # Changed mentions first: a link one gives up may be a new entry's (the feed moved its links).
    moving = [pk for pk, entry in to_update if (entry.canonical_hash or None) != stored_urls[pk]]
    if moving:  # let go of their old links first: two may swap theirs
        Mention.objects.filter(pk__in=moving).update(canonical_hash=None)
    stored_dates = {row[0]: row[6:8] for row in existing}
    updates = [
        Mention(id=pk, updated_at=now, **_values(source, entry, bool(touched[entry.identity_key])))
        for pk, entry in to_update
    ]
    for mention in updates:
        if mention.published_guessed:
            # Undated, the entry's date is when it was first seen, not when its text last changed
            # (a typo fixed put an old article back on top of the list and the digest).
            mention.published_at, mention.published_guessed = stored_dates[mention.pk]
    Mention.objects.bulk_update(updates, UPDATE_FIELDS)
    result.updated = len(updates)
    created = _insert_mentions(source, to_create, touched, now)
    result.new_ids = [created[e.identity_key] for e in to_create if e.identity_key in created]
    result.new = len(result.new_ids)
    result.skipped += len(to_create) - result.new

    matched = [(created[e.identity_key], e) for e in to_create if e.identity_key in created] + to_update
    replace_ids = [pk for pk, _e in to_update]
    handled = {row[0] for row in existing if row[5] != ReviewStatus.OPEN}
    _reopen_on_new_topics([(pk, e) for pk, e in to_update if pk in handled], touched)
    _link_keywords(matcher, [(pk, entry.text) for pk, entry in matched], replace_ids)
    _link_taboo_topics(touched, matched, replace_ids)
    return result


def _without_url_clashes(
    to_update: list[tuple[int, ParsedEntry]], stored_urls: dict[int, str | None], by_url: dict[str, tuple]
) -> list[tuple[int, ParsedEntry]]:
    """The updates whose new link no other mention keeps: an entry that now links an article stored
    in another mention (of this source, or of another) keeps its mention as it was — the article
    is there once already, and the unique link would refuse the update (every later poll, too)."""
    while True:
        final = {pk: entry.canonical_hash or None for pk, entry in to_update}
        kept = []
        for pk, entry in to_update:
            url = final[pk]
            holder = by_url.get(url) if url and url != stored_urls.get(pk) else None
            if holder is not None and holder[0] != pk and final.get(holder[0], url) == url:
                continue  # its holder keeps it
            kept.append((pk, entry))
        if len(kept) == len(to_update):
            return kept
        to_update = kept  # a mention left as it was keeps its link: check the rest again


def _same_entries(model, source: Source, keys: list[str], urls: list[str], *columns: str):
    """``columns`` of ``model``'s rows for these entries: the same identity in ``source``, or the
    same URL in any source. One query; a UNION ALL of two index lookups, which PostgreSQL plans
    several times faster than the two conditions joined by OR (measured: bench/polling.py)."""
    in_source = model.objects.filter(source=source, identity_key__in=keys).order_by().values_list(*columns)
    if not urls:
        return in_source
    same_url = model.objects.filter(canonical_hash__in=urls).order_by().values_list(*columns)
    return in_source.union(same_url, all=True)


def _values(source: Source, entry: ParsedEntry, flagged: bool) -> dict:
    """The mention's fields from ``entry`` (new or changed); every other field keeps its default."""
    cleaned = entry.cleaned
    return {
        "source_id": source.pk,
        "identity_key": entry.identity_key,
        "guid": entry.guid,
        "url": entry.url,
        "canonical_hash": entry.canonical_hash or None,
        "title": cleaned["title"],
        "author": entry.author,
        "summary": cleaned["summary"],
        "content": cleaned["content"],
        "content_hash": entry.content_hash,
        "language": entry.language,
        "published_at": entry.published_at,
        "published_guessed": entry.published_guessed,
        "flagged": flagged,
    }


def _insert_mentions(
    source: Source, entries: list[ParsedEntry], touched: dict[str, list[TopicMatch]], now: datetime
) -> dict[str, int]:
    """INSERT the new mentions, skipping conflicts (a poll of another source may have stored the
    same URL a moment ago); their ids by identity key."""
    if not entries:
        return {}
    rows = [_values(source, entry, bool(touched[entry.identity_key])) for entry in entries]
    fields = [*rows[0], "fetched_at", "updated_at"]
    values = [[*row.values(), now, now] for row in rows]
    returned = insert_rows(Mention, fields, values, returning=("id", "identity_key"))
    if returned is None:  # SQLite before 3.35
        keys = [entry.identity_key for entry in entries]
        returned = Mention.objects.filter(source=source, identity_key__in=keys).values_list(
            "id", "identity_key"
        )
    return {key: pk for pk, key in returned}


def relink_keywords(batch_size: int = 1000) -> int:
    """Match every stored mention against the tracked keywords again; returns how many were read.

    After a keyword is added, changed or removed, the mention list's keyword
    filter and chips cover the mentions stored before, too. Batch by batch,
    each replacing its links in one transaction: running twice, or
    interrupted and run again, gives the same links.
    """
    matcher = KeywordMatcher.load()
    last_id = done = 0
    while True:
        rows = list(
            Mention.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "title", "summary", "content")[:batch_size]
        )
        if not rows:
            return done
        last_id, done = rows[-1][0], done + len(rows)
        texts = [(pk, visible_text(*fields)) for pk, *fields in rows]
        with transaction.atomic():
            _link_keywords(matcher, texts, replace_ids=[pk for pk, _text in texts])


def rematch_queue_taboo_topics(batch_size: int = 500) -> int:
    """After taboo topics or terms changed: the mentions waiting in the comms queue for a taboo
    topic are matched again, so that one flagged only for a term since deleted (or a topic
    deactivated) leaves the queue, as after a deleted topic, and the topics and words shown are
    today's; and those an earlier change took out come back if they match again (a topic
    switched off and on again, a term restored). Handled mentions, those assigned to an advisor
    and those never flagged stay as they were (no old article comes back). Returns how many
    were read."""
    taboo = build_matcher()  # from the database now: a worker's cached one may predate the change
    last_id = done = 0
    while True:
        with transaction.atomic():
            # Locked, as a poll updating one of them locks it: the two replace its links in turn.
            rows = list(
                Mention.objects.select_for_update()
                .filter(REMATCHED, pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", "title", "summary", "content")[:batch_size]
            )
            if not rows:
                return done
            last_id, done = rows[-1][0], done + len(rows)
            touched = {pk: taboo.match(visible_text(*fields)) for pk, *fields in rows}
            flagged = [pk for pk, topics in touched.items() if topics]
            Mention.objects.filter(pk__in=touched).exclude(pk__in=flagged).update(
                flagged=False, unflagged_by_change=True
            )
            Mention.objects.filter(pk__in=flagged).update(flagged=True, unflagged_by_change=False)
            MentionTabooMatch.objects.filter(mention_id__in=touched).delete()
            links = [
                [pk, topic.topic_id, _matched_words(topic)]
                for pk, topics in touched.items()
                for topic in topics
            ]
            if links:
                insert_rows(MentionTabooMatch, ["mention", "topic", "matched_words"], links)


# What a change of the taboo topics matches again: the open mentions flagged, or unflagged by an
# earlier change, that nobody was asked to look at (an advisor's would leave the queue under them).
REMATCHED = Q(
    Q(flagged=True) | Q(unflagged_by_change=True), review_status=ReviewStatus.OPEN, assigned_to=None
)


def _link_keywords(matcher: KeywordMatcher, texts: list[tuple[int, str]], replace_ids: list[int]):
    """Link each mention (id, visible text) to the keywords it contains, replacing ``replace_ids``' links."""
    through = Mention.keywords.through
    if replace_ids:
        through.objects.filter(mention_id__in=replace_ids).delete()
    links = [[pk, keyword_id] for pk, text in texts for keyword_id in matcher.match(text)]
    if links:
        insert_rows(through, ["mention", "trackedkeyword"], links)


def _reopen_on_new_topics(handled: list[tuple[int, ParsedEntry]], touched: dict[str, list[TopicMatch]]):
    """Changed mentions the comms team had resolved or dismissed come back into its queue when
    they now touch a taboo topic they did not touch before (a harmless article rewritten): what
    was decided was about the old text. As when an employee asks for attention, the earlier
    review's note and reviewer stay; nobody is assigned. Before the old links are replaced."""
    handled = [(pk, entry) for pk, entry in handled if touched[entry.identity_key]]
    if not handled:
        return
    before: dict[int, set[int]] = {}
    links = MentionTabooMatch.objects.filter(mention_id__in=[pk for pk, _e in handled])
    for pk, topic_id in links.values_list("mention_id", "topic_id"):
        before.setdefault(pk, set()).add(topic_id)
    reopen = [
        pk
        for pk, entry in handled
        if {topic.topic_id for topic in touched[entry.identity_key]} - before.get(pk, set())
    ]
    if reopen:
        Mention.objects.filter(pk__in=reopen).update(
            review_status=ReviewStatus.OPEN, assigned_to=None, assignment_note=""
        )


def _link_taboo_topics(
    touched: dict[str, list[TopicMatch]], matched: list[tuple[int, ParsedEntry]], replace_ids: list[int]
) -> None:
    if replace_ids:
        MentionTabooMatch.objects.filter(mention_id__in=replace_ids).delete()
    links = [
        [pk, topic.topic_id, _matched_words(topic)]
        for pk, entry in matched
        for topic in touched[entry.identity_key]
    ]
    if links:
        insert_rows(MentionTabooMatch, ["mention", "topic", "matched_words"], links)


def _matched_words(topic: TopicMatch) -> list[str]:
    return sorted({hit.text for hit in topic.hits}, key=lambda word: (word.casefold(), word))
