"""Bilingual content: editors write German, with an optional English twin field."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """``obj.<field>_en`` for English readers when it is filled in, else the German ``obj.<field>``."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


def shows_german(obj, field: str) -> bool:
    """Whether ``localized(obj, field)`` gives an English reader the German text (no English twin)."""
    return (
        (get_language() or "").startswith("en")
        and bool(getattr(obj, field, ""))
        and not getattr(obj, f"{field}_en", "")
    )


# Letters that Unicode does not decompose into a base letter and an accent.
_SEPARATE_LETTERS = str.maketrans(
    {"ı": "i", "İ": "i", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
     "đ": "d", "Đ": "d", "ß": "ss", "ẞ": "ss"}
)  # fmt: skip
_GERMAN_SPELLING = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def fold(text: str) -> str:
    """``text`` as typed on any keyboard: lower case, without accents ("Aydın Çelik" → "aydin celik")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SEPARATE_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


Named = TypeVar("Named")


def in_reading_order(items: Iterable[Named]) -> list[Named]:
    """``items`` (departments, topics, languages: anything with a ``display_name``) in the
    alphabetical order of their names in the reader's language. The database sorts by the German
    name, which an English reader sees as no order at all; folded, "Ärztlicher Dienst" comes among
    the A's, as German dictionaries have it, not after Z."""
    return sorted(items, key=lambda item: fold(item.display_name))


def search_key(text: str) -> str:
    """What a name is found by: folded, and with German umlauts also as "ae", "oe", "ue"
    ("Müller" is found as "muller", "mueller" and "Müller")."""
    folded, german = fold(text), fold(text.casefold().translate(_GERMAN_SPELLING))
    return folded if folded == german else f"{folded} {german}"
