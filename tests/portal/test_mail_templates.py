"""Plain-text e-mails show characters, not HTML entities."""

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
