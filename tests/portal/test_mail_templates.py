"""Plain-text e-mails show characters, not HTML entities."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.glob("**/email/*.txt")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_every_plain_text_mail_template_switches_html_escaping_off(path):
    """Without it, a subject read „Müller &amp; Partner“ and a link with ?a=1&amp;b=2 no longer worked."""
    text = path.read_text()
    assert "{% autoescape off %}" in text
    assert text.rstrip().endswith("{% endautoescape %}")


@pytest.mark.parametrize(
    "path",
    sorted(p for p in TEMPLATES.glob("**/email/*.html") if not p.name.startswith("_")),  # not the parts
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_every_html_mail_says_its_language(path):
    """A screen reader reads a German mail with German pronunciation only if it is told (WCAG 3.1.1)."""
    text = path.read_text()
    assert re.search(r'<html lang="\{\{ (\w+) \}\}"', text)
    assert "{% get_current_language as" in text
