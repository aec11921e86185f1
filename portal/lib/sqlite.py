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
    return _compiled(pattern.casefold(), escape)(str(value).casefold())


_ONE = object()  # "_": any one character


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str, escape: str | None):
    """A test of a folded value: plain ``in``/``startswith`` for what Django's lookups send
    ("%word%", "word%"), a regex for anything else (a Python call per row: kept quick)."""
    parts: list = []  # literal characters, None for "%", _ONE for "_"
    regex = []
    characters = iter(pattern)
    for character in characters:
        if character == escape:
            literal = next(characters, "")
            regex.append(re.escape(literal))
            parts.append(literal)
        elif character == "%":
            regex.append(".*")
            parts.append(None)
        elif character == "_":
            regex.append(".")
            parts.append(_ONE)
        else:
            regex.append(re.escape(character))
            parts.append(character)
    inner = parts[1:-1] if len(parts) > 1 and parts[0] is None and parts[-1] is None else None
    if inner is not None and all(isinstance(part, str) for part in inner):
        text = "".join(inner)
        return lambda value: text in value
    if parts and parts[-1] is None and all(isinstance(part, str) for part in parts[:-1]):
        prefix = "".join(parts[:-1])
        return lambda value: value.startswith(prefix)
    matcher = re.compile("".join(regex), re.DOTALL).fullmatch
    return lambda value: matcher(value) is not None
