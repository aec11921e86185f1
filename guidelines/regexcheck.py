"""Validation of regular expression terms: valid, not empty-matching, not catastrophically slow."""

from __future__ import annotations

import regex
from django.utils.translation import gettext as _

from guidelines.matcher import compile_regex_term

# Texts that make badly written patterns backtrack for ages ("(a+)+b", "(.*a){20}").
_ADVERSARIAL_TEXTS = (
    "a" * 3000 + "!",
    "ab" * 1500 + "!",
    "a " * 1500 + "!",
    "1" * 3000 + "x",
    " " * 3000 + "x",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" * 40,
)
VALIDATION_TIMEOUT_SECONDS = 0.2


def check_regex_term(pattern: str) -> str | None:
    """None if ``pattern`` may be used as a term, else the reason for the editor."""
    try:
        compiled = compile_regex_term(pattern)
    except (regex.error, OverflowError, RecursionError) as exc:
        return _("This is not a valid regular expression: %(error)s") % {"error": exc}
    if compiled.search("") is not None:
        return _("This regular expression matches empty text and would flag every post.")
    try:
        for text in _ADVERSARIAL_TEXTS:
            compiled.search(text, timeout=VALIDATION_TIMEOUT_SECONDS)
    except TimeoutError:
        return _(
            "This regular expression takes too long on some texts (catastrophic backtracking). "
            "Simplify nested repetitions such as (a+)+."
        )
    return None
