"""SQLite, the embedded default: LIKE folds the case of every letter, not only of ASCII ones.

SQLite's own LIKE ignores case for A–Z alone, so on it ``icontains`` found
"öffentlich" but not "Öffentlich" (the advisor directory, the FAQ, every admin
search: "müller" missed "Müller"). PostgreSQL's ILIKE folds every letter itself.
"""

from __future__ import annotations

import functools
import re


def fold_like_everywhere(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite's ``like()`` (both forms) replaced by ``_like``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, _like, deterministic=True)
        connection.connection.create_function("like", 3, _like, deterministic=True)


def _like(pattern, value, escape=None) -> bool | None:
    """``value LIKE pattern [ESCAPE escape]``, comparing case-folded text ("ß" is "ss" too)."""
    if pattern is None or value is None:
        return None
    return _compiled(pattern.casefold(), escape).fullmatch(str(value).casefold()) is not None


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str, escape: str | None) -> re.Pattern:
    parts = []
    characters = iter(pattern)
    for character in characters:
        if character == escape:
            parts.append(re.escape(next(characters, "")))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.DOTALL)
