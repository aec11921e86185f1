"""The language of a mention: German or English.

A mention is indexed for full-text search in its own language only (stemming
it twice costs twice and finds nothing more: a search is parsed in both
languages, see ``monitoring.search``), and its page marks up the text with it
(``lang``), so screen readers pronounce it right.

Text in another script (Arabic, Hebrew, Cyrillic, Chinese …) is stored as one of
the two as well (it has to be stemmed somehow), but its page does not claim it:
``text_attributes`` gives its ``lang`` as unknown and its ``dir`` from its
letters, so Arabic and Hebrew read right to left.

Feeds often declare a language for everything they carry (news alerts say
"en-US" for German articles), so the words decide: the commoner one of two
small sets of function words wins; the declared language only breaks a tie.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import unescape

from django.utils.translation import gettext_lazy as _

GERMAN = "de"
ENGLISH = "en"
LANGUAGE_CHOICES = [(GERMAN, _("German")), (ENGLISH, _("English"))]

_GERMAN_WORDS = frozenset(
    """
    aber als auch auf aus bei bis das dass dem den der des die dies diese doch durch ein eine
    einem einen einer eines er es für gegen hat haben ihr im ist jetzt kein keine man mehr mit
    nach nicht noch nur oder seit sich sie sind über um und uns unter vom von vor war wie wir
    wird wurde wurden zu zum zur zwischen
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_ENGLISH_WORDS = frozenset(
    """
    a about after all and are as at be been but by can for from had has have he his if
    into is it its more new not of on or our over said she than that the their there they this
    to we were which who will with would you
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_WORD = re.compile(r"[^\W\d_]+")
# Enough words to tell; the rest of a long article would not change the answer.
_SAMPLE = 600


def guess_language(text: str, declared: str = "") -> str:
    """``GERMAN`` or ``ENGLISH`` for ``text``; ``declared`` (e.g. "en-US") breaks a tie, else German."""
    german = english = 0
    for word in _WORD.findall(text[:_SAMPLE].lower()):
        if word in _GERMAN_WORDS:
            german += 1
        elif word in _ENGLISH_WORDS:
            english += 1
    if german != english:
        return GERMAN if german > english else ENGLISH
    return ENGLISH if declared.lower().startswith("en") else GERMAN


@dataclass(frozen=True)
class TextAttributes:
    lang: str  # the mention's language, or "" (HTML: unknown) for text not in Latin letters
    dir: str  # "rtl", "ltr", or "auto" where no letter tells


# Enough to tell a script from tags and attribute values (an anchor's href is Latin).
_TAG = re.compile(r"<[^>]*>?")


def text_attributes(text: str, language: str, html: bool = False) -> TextAttributes:
    """The ``lang`` and ``dir`` of an element showing ``text`` (plain, or sanitised HTML if
    ``html``) of a mention stored in ``language``: the script of most of its letters decides. A
    Latin-script text keeps ``language`` (French too: guess_language knows two languages only);
    any other is of unknown language. Most letters right-to-left (Arabic, Hebrew …), and it reads
    right to left, even where it begins with a Latin name, as "auto" would not."""
    if html:
        sample = _TAG.sub(" ", text[: _SAMPLE * 8])
        sample = unescape(sample) if "&" in sample else sample
    else:
        sample = text[: _SAMPLE * 2]
    letters = latin = rtl = 0
    for character in sample:
        if not character.isalpha():
            continue
        letters += 1
        if unicodedata.bidirectional(character) in ("R", "AL"):
            rtl += 1
        elif unicodedata.name(character, "").startswith("LATIN"):
            latin += 1
        if letters == _SAMPLE:
            break
    if not letters:
        return TextAttributes(lang=language, dir="auto")  # "2024", "🚀": nothing says otherwise
    return TextAttributes(
        lang=language if latin * 2 > letters else "",
        dir="rtl" if rtl * 2 > letters else "ltr",
    )
