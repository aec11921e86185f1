"""portal.lib.html: the plain-text shortcut of clean_feed_html gives exactly what bleach gives."""

from __future__ import annotations

import random

import pytest

from portal.lib.html import _feed_cleaner, clean_feed_html

SAMPLES = [
    "",
    "Nordlicht Systems wächst > 20 % – „Grüße“ an 'alle'",
    'a > b, "quoted" = fine; \x7f\x80\x85\xa0\u2028\ufeff\ufffe 😀',
    "Zeile eins\nZeile zwei\tTab",
    "Fünf Wörter " * 5000,
    # Not plain text: these must go through bleach.
    "Tom & Jerry",
    "Tom &amp; Jerry &lt;3",
    "a < b",
    "<b>fett</b> <i>kursiv</i>",
    "Zeile\r\nmit CR",
    "Steuer\x01zeichen\x0b\x0c\x1f",
    "NUL\x00byte",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_clean_feed_html_equals_bleach(text):
    assert clean_feed_html(text) == _feed_cleaner.clean(text)


def test_clean_feed_html_equals_bleach_on_random_text():
    rng = random.Random(5)
    alphabet = "abc äöüß\"'>=/\t\n\r\x0b\x0c\x01\x7f\x80\x85\xa0\u2028\ufeff\ufffe\U0001f600€?!;:<&#"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert clean_feed_html(text) == _feed_cleaner.clean(text), repr(text)
