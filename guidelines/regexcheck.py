"""Validation of regular expression terms: valid, not empty-matching, not catastrophically slow."""

from __future__ import annotations

import regex
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidelines.matcher import REGEX_TIMEOUT_SECONDS, compile_normalised_regex_term, compile_regex_term

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
# Posts as people write them, as long as the checker takes (5,000 characters): a term must run
# on them within the checker's own limit, or it would silently check nothing on every long post.
_PROSE = (
    "Wir haben heute ein tolles Team-Event gehabt, und alle waren dabei. "
    "We shipped the new release to our customers today; everyone helped. "
)
_POST_LENGTH = 5000

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
    "repeat count too big": gettext_lazy("a number in {…} is too large"),
    "bad escape (end of pattern)": gettext_lazy("a backslash at the end has nothing to escape"),
    "unknown group": gettext_lazy("it refers to a group that does not exist"),
    "bad group name": gettext_lazy("a group name is not valid"),
    "bad character in group name": gettext_lazy("a group name is not valid"),
    "recursion": gettext_lazy("it refers to itself ((?R), (?1) …), which terms cannot do"),
    "invalid group reference": gettext_lazy("it refers to a group that does not exist"),
    "unknown extension": gettext_lazy("“(?” is followed by a character with no meaning"),
    "missing group name": gettext_lazy("a group name is missing"),
    "unknown property": gettext_lazy("it names a character property that does not exist"),
    "incomplete escape": gettext_lazy("an escape such as \\x41 is incomplete"),
    "undefined character name": gettext_lazy("it names a character that does not exist"),
}
# Longest first: "bad escape (end of pattern)" before "bad escape".
_PROBLEMS_LONGEST_FIRST = sorted(_PROBLEMS.items(), key=lambda item: -len(item[0]))


def _problem(error: regex.error) -> str:
    message = getattr(error, "msg", str(error))
    known = ""
    for start, problem in _PROBLEMS_LONGEST_FIRST:
        if message.startswith(start):
            message, known = str(problem), start
            break
    position = getattr(error, "pos", None)
    if position is None:
        return message
    pattern = getattr(error, "pattern", None)
    if isinstance(pattern, str) and position >= len(pattern):
        # "[ab" is missing its "]" after the last character: there is no character 4 to point at.
        if known == "bad escape (end of pattern)":
            return message  # says "at the end" itself
        return _("%(problem)s (at the end)") % {"problem": message}
    return _("%(problem)s (at character %(position)d)") % {"problem": message, "position": position + 1}


def _adversarial_texts(pattern: str):
    """The texts above, and each character the pattern names repeated: "(x+x+)+y" backtracks
    on "xxx…", "(.*a){20}" on anything without twenty a's, "(\\s*,\\s*)+$" on ", , , …"."""
    yield from _ADVERSARIAL_TEXTS
    yield "x" * 3000 + "!"
    yield ", " * 1500 + "!"
    for char in dict.fromkeys(c for c in pattern if c.isalnum()):
        yield char * 3000 + "\x00"
        yield ("x" * 100 + char) * 19  # some, but fewer than a repetition asks for


def _posts(pattern: str):
    """Long ordinary posts, also ending in each word the pattern names ("…{8}zielbild")."""
    prose = (_PROSE * (_POST_LENGTH // len(_PROSE) + 1))[:_POST_LENGTH]
    yield prose
    for word in dict.fromkeys(regex.findall(r"[^\W\d_]{3,}", pattern)):
        yield prose[: _POST_LENGTH - len(word) - 1] + " " + word


def check_regex_term(pattern: str) -> str | None:
    """None if ``pattern`` may be used as a term, else the reason for the editor."""
    try:
        compiled = compile_regex_term(pattern)
    except regex.error as exc:
        return _("This is not a valid regular expression: %(error)s") % {"error": _problem(exc)}
    except (OverflowError, RecursionError) as exc:
        return _("This is not a valid regular expression: %(error)s") % {"error": exc}
    normalised = compile_normalised_regex_term(pattern)
    try:
        if compiled.search("", timeout=VALIDATION_TIMEOUT_SECONDS) is not None or (
            normalised and normalised.search("", timeout=VALIDATION_TIMEOUT_SECONDS) is not None
        ):
            return _("This regular expression matches empty text and would flag every post.")
        variants = (compiled, normalised) if normalised else (compiled,)
        for text in _adversarial_texts(pattern):
            for variant in variants:
                variant.search(text, timeout=VALIDATION_TIMEOUT_SECONDS)
        for text in _posts(pattern):
            for variant in variants:
                for _match in variant.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                    pass
    except (TimeoutError, MemoryError):
        return _(
            "This regular expression takes too long on some texts (catastrophic backtracking). "
            "Simplify nested repetitions such as (a+)+."
        )
    return None
