"""Whole numbers from request parameters, headers and feed markup: the one check for them; and
counts as messages say them.

``str.isdigit()`` alone is no check: it accepts "²" (which ``int()`` refuses)
and numbers no database column holds (SQLite raises OverflowError, PostgreSQL
an error) or that ``int()`` refuses to read (over 4,300 digits).
"""

from __future__ import annotations

from django.utils.formats import number_format

MAX_BIGINT = 2**63 - 1  # the largest id PostgreSQL's bigint and SQLite's INTEGER hold


def parse_int(raw: object, maximum: int = MAX_BIGINT) -> int | None:
    """``raw`` ("42", surrounding spaces allowed) as an int from 0 to ``maximum``; None otherwise."""
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(maximum)):
        return None
    value = int(raw)
    return value if value <= maximum else None


def grouped(count: int) -> str:
    """``count`` with the language's thousands separator ("10.000", "10,000"), for "%(count)s" in a
    message: "%(count)d" said "10000 Quellen pausiert" beside the admin's "10.000 Quellen"."""
    return number_format(count, force_grouping=True)
