"""Keyboard and phone use the markup alone cannot show: where the focus goes, what fits a screen."""

from __future__ import annotations

import re
from io import StringIO

from playwright.sync_api import expect

from contacts.models import Advisor, AdvisorTopic
from monitoring import demo
from tests.conftest import make_user


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name=re.compile("Hallo"))).to_be_visible()


def test_a_form_sent_back_with_errors_puts_the_focus_on_the_first_wrong_field(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    sign_in(page, live_server, "employee@example.com")
    page.goto(live_server.url + "/advisors/ask/")
    page.get_by_role("button", name="Frage senden").click()
    expect(page.locator("#id_subject")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_subject")).to_be_focused()


def test_a_wrong_password_is_where_the_focus_is_so_it_is_read_out(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("employee@example.com")
    page.get_by_label("Passwort", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator(".errorlist.nonfield")).to_be_focused()


def test_a_message_after_saving_is_where_the_focus_is_so_it_is_read_out(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    sign_in(page, live_server, "employee@example.com")
    page.goto(live_server.url + "/profile/")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_be_focused()


def test_marking_a_mention_read_keeps_the_keyboard_on_its_button(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    demo.load(StringIO())
    sign_in(page, live_server, "employee@example.com")
    page.goto(live_server.url + "/mentions/")
    first = page.locator(".mention").first
    first.get_by_role("button", name=re.compile("^Als gelesen markieren")).focus()
    page.keyboard.press("Enter")
    # htmx swapped the buttons: the focus is on the new one, not back at the top of the page.
    expect(first.get_by_role("button", name=re.compile("^Als ungelesen markieren"))).to_be_focused()


def test_the_advisor_directory_fits_a_320_px_screen(live_server, page):
    """WCAG 1.4.10: nothing needs sideways scrolling at 320 CSS pixels (a column of 20rem did)."""
    make_user("employee@example.com", full_name="Erika Mustermann")
    advisor = make_user("advisor@example.com", full_name="Anton Vogel")
    topic = AdvisorTopic.objects.create(name="Recht und UWG", slug="recht-uwg")
    Advisor.objects.create(
        user=advisor, name="Anton Vogel", job_title="Jurist", email=advisor.email
    ).topics.add(topic)
    sign_in(page, live_server, "employee@example.com")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/advisors/")
    expect(page.get_by_role("heading", name="Anton Vogel")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.goto(live_server.url + "/advisors/faq/")  # a search field with its button beside it
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_header_of_someone_known_only_by_a_long_address_fits_a_phone(live_server, page):
    """Without a name the user menu shows the e-mail address, which has no space to wrap at."""
    email = "kommunikation.team-nord.hamburg@nordlicht-systems.example.com"
    make_user(email)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server, email)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_phone_the_tab_key_goes_through_the_header_as_it_is_seen(live_server, page):
    """WCAG 2.4.3: the navigation was moved below the tools by CSS only, so focus went down to it
    and back up to the language buttons and the user menu."""
    make_user("employee@example.com", full_name="Erika Mustermann")
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server, "employee@example.com")
    page.wait_for_load_state("load")
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.site-header a, .site-header button, .site-header summary')]
            .filter((el) => el.offsetParent !== null && !el.closest('.user-menu ul'))
            .map((el) => Math.round(el.getBoundingClientRect().top))"""
    )
    rows = [top // 20 for top in tops]  # elements in one row differ by a few pixels
    assert rows == sorted(rows), tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
