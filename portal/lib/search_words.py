"""What a search can look for: letters and digits, less the very common words of German and English.

The stop words are PostgreSQL's, for each language. The mention search leaves out a mention's own
language's ("die" is searched in English mentions only, "the" in German ones only), as PostgreSQL's
stemming in that language does, and on SQLite as well: there a substring search for "die" would
find nearly every German mention. The directory and the FAQ, whose names and topics are short and
in either language, leave out both languages' ("Recht und Datenschutz"). A search made only of
them has nothing to look for, and the pages say so (``nothing_to_search``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

from portal.lib.html import drop_invisible_characters

# PostgreSQL 15's tsearch_data/german.stop and english.stop, copied here: SQLite installs have no
# PostgreSQL to read them from, and both must leave out the same words.
_GERMAN = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm
andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das daß
derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem
deinen deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser dieses doch dort
durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er ihn
ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten
hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem
jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines
können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner
meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen
seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll sollte
sondern sonst über um und uns unse unsem unsen unser unses unter viel vom von vor während war waren
warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will
wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
"""
_ENGLISH = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves what which who whom this that these
those am is are was were be been being have has had having do does did doing a an the and but if or
because as until while of at by for with about against between into through during before after
above below to from up down in out on off over under again further then once here there when where
why how all any both each few more most other some such no nor not only own same so than too very s
t can will just don should now
"""
# As common, and left out of advisor topics' words before these lists were: PostgreSQL's lack them.
_MORE = "beim sowie"
# Umlauts written out: stop words typed without them ("fuer", "ueber"), and ``spellings``.
_WRITTEN_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def _spellings(words: str) -> frozenset[str]:
    return frozenset(
        spelling
        for word in words.split()
        for spelling in (word.casefold(), word.casefold().translate(_WRITTEN_OUT))
    )


GERMAN_STOP_WORDS = _spellings(f"{_GERMAN} {_MORE}")
ENGLISH_STOP_WORDS = _spellings(_ENGLISH)
# The directory and the FAQ: names and topics are in either language, and short.
STOP_WORDS = GERMAN_STOP_WORDS | ENGLISH_STOP_WORDS

# A run of letters or digits in any script. Not "_", which Python counts as a word character and
# PostgreSQL's parser as a separator: "___" would find snake_case words on SQLite only.
_PIECE = re.compile(r"[^\W_]+")
# An en dash or a minus sign before a word, as Word and phones turn a typed "-": an exclusion too.
_TYPOGRAPHIC_MINUS = re.compile("(?<!\\S)[\u2013\u2212](?=\\S)")


def as_searched(text: str) -> str:
    """A search as typed or pasted, as every search here reads it: composed ("u" and a combining
    mark is "ü"), without soft hyphens or zero-width spaces (a word pasted from a web page looks
    whole and was never found), and "–word" and "−word" written "-word" (an exclusion)."""
    text = drop_invisible_characters(unicodedata.normalize("NFC", text))
    return _TYPOGRAPHIC_MINUS.sub("-", text)


_SPELT_OUT = re.compile("(?i)[aou]e|ss")


def spellings(text: str) -> list[str]:
    """``text`` and its other German spellings: umlauts and "ß" written out ("Börsengang" →
    "Boersengang", "äußern" → "aeussern"), or written as umlauts and "ß" ("Boersengang" →
    "Börsengang", "AEUSSERN" → "ÄUßERN"; "Quelle" → "Qülle" costs nothing). A keyboard without
    umlauts, or a Swiss one, finds what a German one wrote, and the other way.

    Each written-out pair is an umlaut or not on its own: the first "ue" of "Steuerpruefung" is
    none, nor is the "ue" of "neue" in the phrase "neue Uebernahme" (at most ``MAX_SPELLINGS``).
    """
    written_out = text.translate(_WRITTEN_OUT)
    variants = [""]
    last = 0
    for match in _SPELT_OUT.finditer(written_out):
        between = written_out[last : match.start()]
        variants = [v + between + pair for v in variants for pair in (match.group(), _umlaut(match))]
        variants = variants[:MAX_SPELLINGS]
        last = match.end()
    variants = [v + written_out[last:] for v in variants]
    return [text, *(v for v in variants if v != text)][:MAX_SPELLINGS]


MAX_SPELLINGS = 8  # each searched (an OR in the query): a word with four pairs stops there


_UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}


def _umlaut(match: re.Match) -> str:
    pair = match.group()
    return "ß" if pair.lower() == "ss" else _UMLAUT[pair[0]]


def pieces(text: str) -> list[str]:
    """The runs of letters and digits in ``text`` ("E-Mail-Marketing" → E, Mail, Marketing)."""
    return _PIECE.findall(text)


def is_stop_word(piece: str, stop_words: frozenset[str] = STOP_WORDS) -> bool:
    """Whether ``piece`` (letters and digits, in any case) is a stop word: "Die", "THE", "fuer"."""
    return piece.casefold() in stop_words


def only_stop_words(text: str, stop_words: frozenset[str] = STOP_WORDS) -> bool:
    """Whether ``text`` has letters or digits and they are all stop words ("die", "and/or", "don't")."""
    found = pieces(text)
    return bool(found) and all(is_stop_word(piece, stop_words) for piece in found)


def nothing_to_search(stop_words: Sequence[str]) -> str:
    """Why a search that has nothing to look for finds nothing: the ``stop_words`` it had
    (as typed), or, without any, its having only emoji, punctuation marks or other symbols."""
    if stop_words:
        return _(
            "Your search has only very common words (“%(words)s”), which every search leaves out "
            "because nearly every text has them. Please add a word that says what you are looking for."
        ) % {"words": " ".join(stop_words)}
    return _(
        "Your search has no word or number to look for. Emoji, punctuation marks and "
        "other symbols cannot be searched on their own."
    )


Term = TypeVar("Term")


@dataclass
class Grouped(Generic[Term]):
    """A search's terms as every search here reads them: each group must match, by one of its
    alternatives (terms joined by OR); no match has any ``excluded`` term. Terms go in as typed,
    so a term left out (a stop word) keeps the OR around it ("Presse OR die OR Recht" is
    "Presse OR Recht"), and an OR with nothing before it is no operator."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    _join_next: bool = field(default=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)

    def add_or(self) -> bool:
        """An OR; False if nothing stands before it to join."""
        self._join_next = bool(self.groups)
        return self._join_next

    def add(self, term: Term, *, negated: bool = False) -> None:
        if negated:
            self.excluded.append(term)
        elif self._join_next:
            self.groups[-1].append(term)
        else:
            self.groups.append([term])
        self._join_next = False
