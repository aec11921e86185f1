"""What the layout and the stylesheets promise screen reader, keyboard and phone users.

The markup of every page (lang, one h1, labels, skip link, landmarks, th scope, errors tied to
their fields, scrolling tables) is checked page by page in test_html.py; here what that crawl
cannot see: the page title after a failed form, the current page in the header's menus, and
colour contrast computed from the CSS.
"""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR) / "static" / "css"


def test_a_form_sent_back_with_errors_says_so_first_in_the_page_title(employee_client):
    english = {"accept-language": "en"}
    response = employee_client.post(reverse("profile"), {"preferred_language": "xx"}, headers=english)
    assert "<title>Error: My profile · " in response.text
    assert "<title>My profile · " in employee_client.get(reverse("profile"), headers=english).text
    german = employee_client.post(
        reverse("profile"), {"preferred_language": "xx"}, headers={"accept-language": "de"}
    )
    assert "<title>Fehler: Mein Profil · " in german.text
    # A form under another name than "form": the guidelines' search form.
    search = reverse("guidelines:search")
    assert "<title>Error: " in employee_client.get(search, {"q": "the"}, headers=english).text
    assert "<title>Error: " not in employee_client.get(search, {"q": "Datenschutz"}, headers=english).text


def test_the_header_marks_the_page_it_is_on(employee_client):
    current = re.compile(r'<a [^>]*href="([^"]+)"[^>]*aria-current="page"')
    assert current.findall(employee_client.get(reverse("home")).text) == [reverse("home")]
    assert current.findall(employee_client.get(reverse("profile")).text) == [reverse("profile")]
    on_guidelines = current.findall(employee_client.get(reverse("guidelines:check")).text)
    assert on_guidelines[0] == reverse("guidelines:index")  # the main navigation, then the section's own


def test_the_name_fields_say_what_they_ask_for_so_browsers_can_fill_them_in(employee_client, settings):
    """WCAG 1.3.5: the own name on the profile and at sign-up is marked as a person's name."""
    profile = employee_client.get(reverse("profile")).text
    assert re.search(r'<input type="text" name="full_name"[^>]*autocomplete="name"', profile)
    settings.ACCOUNT_ALLOWED_DOMAINS = ["example.com"]
    signup = Client().get(reverse("account_signup"))
    assert signup.status_code == 200
    assert re.search(r'<input type="text" name="full_name"[^>]*autocomplete="name"', signup.text)


def test_the_admin_keeps_its_dark_theme_colours(client, admin_user):
    """The portal's blue links had 2.8:1 on the admin's dark background: only the light theme gets them."""
    client.force_login(admin_user)
    style = re.search(r"<style>(.*?)</style>", client.get(reverse("admin:index")).text, re.S)[1]
    style = re.sub(r"/\*.*?\*/", "", style, flags=re.S)
    outside_light = re.sub(r"@media \(prefers-color-scheme: light\) \{.*?\}\s*\}", "", style, flags=re.S)
    for rule in re.findall(r"([^{}]*)\{([^{}]*--link-fg[^{}]*)\}", outside_light):
        assert rule[0].strip() == 'html[data-theme="light"]'


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    light, dark = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    digits = hex_colour.lstrip("#")
    digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))


WHITE, PAGE = _rgb("#fff"), _rgb("#f4f6f9")  # cards and the page behind them


def test_every_text_colour_in_the_stylesheets_has_4_5_to_1_contrast():
    """A rule that sets a text colour: on the background it sets, else on a card and on the page."""
    css = re.sub(r"/\*.*?\*/", "", "\n".join(p.read_text() for p in sorted(CSS.glob("*.css"))), flags=re.S)
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", css))

    def colour(value: str) -> tuple[float, float, float] | None:
        if found := re.fullmatch(r"var\((--[\w-]+)(?:,\s*(#[0-9a-fA-F]+))?\)", value.strip()):
            value = variables.get(found[1], found[2] or "")
        return _rgb(value) if re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value.strip()) else None

    checked, low = 0, []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declared = {name: value for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)}
        if not (text := colour(declared.get("color", ""))):
            continue  # inherit, currentColor, no colour
        background = declared.get("background-color", declared.get("background"))
        if background and not colour(background):
            continue  # a gradient or a computed colour (the avatars: their own test)
        for behind in [colour(background)] if background else [WHITE, PAGE]:
            checked += 1
            if (ratio := _contrast(text, behind)) < 4.5:
                low.append(f"{selector.strip()}: {ratio:.2f}")
    assert checked > 50
    assert low == []


def test_white_initials_on_an_avatar_have_4_5_to_1_on_every_hue():
    rule = re.search(r"hsl\(var\(--hue[^)]*\),\s*(\d+)%,\s*(\d+)%\)", (CSS / "contacts.css").read_text())
    saturation, lightness = int(rule[1]) / 100, int(rule[2]) / 100
    worst = min(_contrast(WHITE, colorsys.hls_to_rgb(hue / 360, lightness, saturation)) for hue in range(360))
    assert worst >= 4.5


def test_the_training_reports_status_colours_have_3_to_1_against_white():
    """Bars and legend swatches are graphics (WCAG 1.4.11): "excused" had 2.55:1."""
    from training.report import STATUS_COLOURS

    ratios = {status: round(_contrast(_rgb(colour), WHITE), 2) for status, colour in STATUS_COLOURS.items()}
    assert min(ratios.values()) >= 3, ratios


def test_the_admin_search_fields_name_is_in_the_readers_language(client, admin_user):
    """Django's search form labels its field with an image whose alt text is English on every page."""
    client.force_login(admin_user)
    page = client.get(reverse("admin:contacts_language_changelist"), headers={"accept-language": "de"}).text
    assert 'alt="Suchen"' in page
    assert 'alt="Search"' not in page
