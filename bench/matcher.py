"""Benchmark of the taboo topic matcher (guidelines/matcher.py).

200 taboo topics x 20 terms (words, phrases, whole-word terms and a few regular
expressions), run against a 5,000-character post and against 10,000 mention
texts. The matcher is compiled once and reused, as get_matcher() does.
Prints the time per text; the target is under 5 ms per post-sized text.

    .venv/bin/python bench/matcher.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guidelines.matcher import Matcher, TermSpec, TopicSpec  # noqa: E402

TOPICS = 200
TERMS_PER_TOPIC = 20
POST_LENGTH = 5_000
MENTIONS = 10_000

SYLLABLES = [
    "an",
    "be",
    "ber",
    "bau",
    "da",
    "dar",
    "del",
    "ein",
    "en",
    "er",
    "fa",
    "fin",
    "ge",
    "gel",
    "grund",
    "han",
    "heit",
    "kauf",
    "keit",
    "kon",
    "kun",
    "la",
    "lan",
    "le",
    "lung",
    "markt",
    "mi",
    "na",
    "ner",
    "ni",
    "no",
    "ort",
    "pla",
    "pro",
    "quar",
    "ra",
    "re",
    "ri",
    "sa",
    "schaf",
    "stra",
    "ta",
    "te",
    "tei",
    "ter",
    "ti",
    "tung",
    "um",
    "un",
    "ver",
    "vor",
    "wa",
    "we",
    "zahl",
    "zu",
    "zug",
    "ä",
    "ö",
    "ü",
    "ß",
]
COMMON_WORDS = [
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "mit",
    "für",
    "auf",
    "wir",
    "unser",
    "neue",
    "Kunden",
    "heute",
    "Team",
    "Woche",
    "sehr",
    "gut",
    "Projekt",
    "Arbeit",
    "Kollegen",
    "Veranstaltung",
    "Messe",
    "Danke",
    "freuen",
    "Ergebnis",
    "Zukunft",
    "Markt",
    "Technik",
    "the",
    "and",
    "is",
    "with",
    "our",
    "new",
    "team",
    "great",
    "today",
    "customers",
    "event",
    "thanks",
    "future",
    "market",
]


def make_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def make_topics(rng: random.Random) -> list[TopicSpec]:
    topics = []
    for t in range(TOPICS):
        terms = []
        for i in range(TERMS_PER_TOPIC):
            kind = rng.random()
            if i == 0 and t % 10 == 0:
                terms.append(TermSpec(rf"{make_word(rng).lower()}\s*\d{{2,4}}", is_regex=True))
            elif kind < 0.2:
                terms.append(TermSpec(f"{make_word(rng)} {make_word(rng)}"))
            elif kind < 0.35:
                terms.append(TermSpec(make_word(rng), whole_word=True))
            else:
                terms.append(TermSpec(make_word(rng)))
        topics.append(TopicSpec(t + 1, f"Topic {t + 1}", "never" if t % 3 == 0 else "ask", tuple(terms)))
    return topics


def make_text(rng: random.Random, length: int, topics: list[TopicSpec]) -> str:
    words: list[str] = []
    size = 0
    while size < length:
        roll = rng.random()
        if roll < 0.03:  # now and then a real term, inflected or in a compound
            term = rng.choice(rng.choice(topics).terms)
            word = term.term if not term.is_regex else "Quartal 2026"
            word = rng.choice([word, word + "en", "Quartals" + word.lower(), word + "zahlen"])
        elif roll < 0.3:
            word = make_word(rng)
        else:
            word = rng.choice(COMMON_WORDS)
        word += rng.choice([" ", " ", " ", ", ", ".\n", "\n"])
        words.append(word)
        size += len(word)
    return "".join(words)[:length]


def per_text_ms(matcher: Matcher, texts: list[str]) -> tuple[float, float, float, int]:
    timings = []
    found = 0
    for text in texts:
        started = time.perf_counter()
        found += len(matcher.match(text))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return statistics.mean(timings), statistics.median(timings), p95, found


def main() -> None:
    rng = random.Random(20261126)
    topics = make_topics(rng)
    started = time.perf_counter()
    matcher = Matcher(topics)
    build_ms = (time.perf_counter() - started) * 1000
    print(f"matcher: {TOPICS} topics x {TERMS_PER_TOPIC} terms, compiled once in {build_ms:.0f} ms")

    posts = [make_text(rng, POST_LENGTH, topics) for _ in range(200)]
    matcher.match(posts[0])  # warm up
    mean, median, p95, found = per_text_ms(matcher, posts)
    print(
        f"post ({POST_LENGTH:,} chars) x {len(posts)}: mean {mean:.2f} ms, median {median:.2f} ms, "
        f"p95 {p95:.2f} ms per text ({found / len(posts):.1f} topics found per post)"
    )

    mentions = [make_text(rng, rng.randint(200, 1_500), topics) for _ in range(MENTIONS)]
    started = time.perf_counter()
    mean, median, p95, found = per_text_ms(matcher, mentions)
    total = time.perf_counter() - started
    average_length = sum(map(len, mentions)) / len(mentions)
    print(
        f"mentions ({MENTIONS:,} texts, {average_length:.0f} chars on average): total {total:.2f} s, "
        f"mean {mean:.3f} ms, median {median:.3f} ms, p95 {p95:.3f} ms per text"
    )
    verdict = "OK" if median < 5 else "TOO SLOW"
    print(f"target < 5 ms per post-sized text: {verdict}")


if __name__ == "__main__":
    main()
