"""The language of a mention: German or English.

A mention is indexed for full-text search in its own language only (stemming
it twice costs twice and finds nothing more: a search is parsed in both
languages, see ``monitoring.search``), and its page marks up the text with it
(``lang``), so screen readers pronounce it right.

Feeds often declare a language for everything they carry (news alerts say
"en-US" for German articles), so the words decide: the commoner one of two
small sets of function words wins; the declared language only breaks a tie.
"""

from __future__ import annotations

import re

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
