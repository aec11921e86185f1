"""Validation of regular expression terms: valid, not empty-matching, not catastrophically slow."""

from __future__ import annotations

import regex
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidelines.matcher import REGEX_FLAGS, compile_regex_term

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

# The regex library explains its errors in English; the commonest in the editor's language.
_PROBLEMS = {
    "missing )": gettext_lazy("a closing bracket “)” is missing"),
    "unbalanced parenthesis": gettext_lazy("a “)” has no opening bracket"),
    "nothing to repeat": gettext_lazy("“*”, “+” or “?” has nothing before it to repeat"),
    "unterminated character set": gettext_lazy("a “[” is not closed"),
    "bad escape": gettext_lazy("a backslash is followed by a letter with no meaning"),
    "multiple repeat": gettext_lazy("two repetitions follow each other"),
    "bad character range": gettext_lazy("a range in […] runs backwards"),
    "min repeat greater than max repeat": gettext_lazy("in {m,n} the first number is larger"),
}


def _problem(error: regex.error) -> str:
    message = getattr(error, "msg", str(error))
    for start, problem in _PROBLEMS.items():
        if message.startswith(start):
            message = str(problem)
            break
    position = getattr(error, "pos", None)
    if position is None:
        return message
    return _("%(problem)s (at character %(position)d)") % {"problem": message, "position": position + 1}


def check_regex_term(pattern: str) -> str | None:
    """None if ``pattern`` may be used as a term, else the reason for the editor."""
    try:
        compiled = compile_regex_term(pattern)
    except regex.error:
        # The matcher compiles the pattern normalised (ä → ae): the position of the mistake is
        # taken from the pattern as typed, where the editor looks for it.
        try:
            regex.compile(pattern, REGEX_FLAGS)
        except regex.error as typed:
            exc = typed
        else:
            exc.pos = None
        return _("This is not a valid regular expression: %(error)s") % {"error": _problem(exc)}
    except (OverflowError, RecursionError) as exc:
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
