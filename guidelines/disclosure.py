"""The UWG disclosure hint: praise for our own products without saying one works here.

Under German unfair competition law (UWG §5a) a post by an employee that
praises or recommends the employer's products or services is commercial
communication unless the employment relationship is disclosed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from django.utils.translation import gettext as _

from guidelines.matcher import Hit, Matcher, TermSpec, TopicSpec
from guidelines.models import CompanyName, CompanyNameKind

PRAISE_TERMS = (
    # German
    "empfehle", "empfehlen", "empfehlenswert", "Empfehlung", "super", "toll", "genial", "großartig",
    "hervorragend", "fantastisch", "begeistert", "beste", "bester", "bestes", "unschlagbar", "top",
    "klasse", "spitze", "lohnt sich", "unbedingt", "jetzt kaufen", "jetzt bestellen", "ausprobieren",
    "überzeugt", "perfekt", "Must-have", "Gamechanger", "sensationell", "grandios",
    "mega", "zufrieden", "liebe", "lieben", "empfohlen", "richtig gut", "sehr gut", "echt gut",
    "wirklich gut", "so gut", "der Hammer",
    # English
    "recommend", "great", "awesome", "amazing", "best", "love it", "excellent", "fantastic",
    "game changer", "check out", "buy now", "try it", "brilliant", "outstanding", "unbeatable",
    "love", "loving", "recommended", "really good", "very good", "so good", "must have", "must-have", "incredible",
    "superb",
)  # fmt: skip
DISCLOSURE_TERMS = (
    "ich arbeite bei", "ich arbeite für", "arbeite bei", "mein Arbeitgeber", "meinem Arbeitgeber",
    "meines Arbeitgebers", "meine Firma", "unser Unternehmen", "unsere Firma", "unser Team", "bei uns",
    "wir bei", "Mitarbeiter", "Mitarbeiterin", "Kollegen", "Werbung", "Anzeige", "#ad", "Transparenzhinweis",
    "in eigener Sache", "angestellt", "beschäftigt", "Arbeitgeber", "arbeite selbst",
    "I work at", "I work for", "I work here", "work here", "my employer", "employed", "our company",
    "my company", "our team", "we at", "employee", "staff member", "disclosure", "sponsored",
)  # fmt: skip


@dataclass(frozen=True)
class DisclosureWarning:
    names: tuple[str, ...]
    praise: tuple[Hit, ...]
    suggestions: tuple[str, ...]


def _word_matcher(terms: tuple[str, ...]) -> Matcher:
    return Matcher([TopicSpec(0, "", "", tuple(TermSpec(t, whole_word=True) for t in terms))])


@cache
def _praise_matcher() -> Matcher:
    return _word_matcher(PRAISE_TERMS)


@cache
def _disclosure_matcher() -> Matcher:
    # Compounds count too: "Mitarbeiterin", "Werbeanzeige", "Mitarbeiterrabatt". A phrase ends
    # where its last word does: "we at" is no disclosure in "We attended".
    return Matcher([TopicSpec(0, "", "", tuple(TermSpec(t, whole_word=" " in t) for t in DISCLOSURE_TERMS))])


@lru_cache(maxsize=8)
def _names_matcher(names: tuple[str, ...]) -> Matcher:
    # Each name is its own "topic" so we learn which ones the text mentions. The matcher knows a
    # name written as one word or hyphenated too (#PolarisCloud, polaris-cloud).
    return Matcher([TopicSpec(i, name, "", (TermSpec(name),)) for i, name in enumerate(names)])


def found_as(name: str, others: Iterable[str]) -> str | None:
    """The first of ``others`` the checker finds ``name`` as, whole: "Polaris-Cloud" and
    "PolarisCloud" are spellings of "Polaris Cloud" (see ``_names_matcher``). Not one differing only
    in capitals (the unique check says that). A hashtag or handle is its name: "#PolarisCloud"."""
    bare = name.lstrip("#@")
    for other in others:
        if other.casefold() == name.casefold():
            continue
        for match in _names_matcher((other,)).match(bare):
            if any(hit.start == 0 and hit.end == len(bare) for hit in match.hits):
                return other
    return None


def _named(mentioned) -> tuple[str, ...]:
    """The names the text mentions, without those it mentions only as part of a longer one
    ("Nordlicht" in "Nordlicht Systems"), and each place once (stored before names were checked
    for it, "Polaris Cloud" and "Polaris-Cloud" both find "Polaris-Cloud")."""
    spans = {}
    for match in mentioned:
        places = [(hit.start, hit.end) for hit in match.hits]
        if places not in spans.values():
            spans[match.topic_name] = places

    def inside_another(name: str, start: int, end: int) -> bool:
        return any(
            (s, e) != (start, end) and s <= start and end <= e
            for other, hits in spans.items()
            if other != name
            for s, e in hits
        )

    return tuple(name for name, hits in spans.items() if not all(inside_another(name, s, e) for s, e in hits))


def _hits(matcher: Matcher, text: str) -> tuple[Hit, ...]:
    return tuple(hit for match in matcher.match(text) for hit in match.hits)


def check_disclosure(text: str) -> DisclosureWarning | None:
    """A warning when ``text`` praises one of our names and does not disclose the employment."""
    rows = list(CompanyName.objects.filter(active=True).values_list("name", "kind"))
    if not rows or not text:
        return None
    mentioned = _names_matcher(tuple(name for name, _kind in rows)).match(text)
    if not mentioned:
        return None
    praise = _hits(_praise_matcher(), text)
    if not praise or _hits(_disclosure_matcher(), text):
        return None
    # The longest company name is the full one ("Nordlicht Systems", not "Nordlicht").
    companies = sorted(
        (name for name, kind in rows if kind == CompanyNameKind.COMPANY), key=len, reverse=True
    )
    company = companies[0] if companies else None
    if company:
        suggestions = (
            _("Disclosure: I work at %(company)s.") % {"company": company},
            _("I work at %(company)s, so I am biased – but: …") % {"company": company},
        )
    else:
        suggestions = (_("Disclosure: I work for the company behind this product."),)
    suggestions += ("#Mitarbeiter #employee",)
    return DisclosureWarning(names=_named(mentioned), praise=praise, suggestions=suggestions)
