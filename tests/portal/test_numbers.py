"""portal.lib.numbers.parse_int: the one check for whole numbers from outside."""

from __future__ import annotations

import pytest

from portal.lib.numbers import MAX_BIGINT, parse_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        (str(MAX_BIGINT), MAX_BIGINT),
        (str(MAX_BIGINT + 1), None),  # no database id column holds it
        ("9" * 5000, None),  # int() would refuse to read it
        ("²", None),  # str.isdigit() says yes, int() says no
        ("٣", None),  # an Arabic-Indic digit
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_parse_int(raw, expected):
    assert parse_int(raw) == expected


def test_parse_int_honours_a_smaller_maximum():
    assert parse_int("500", maximum=500) == 500
    assert parse_int("501", maximum=500) is None
