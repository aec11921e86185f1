"""An employee signs in, finds the dashboard, switches language and signs out."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from guidelines.models import Section
from portal.roles import Role
from tests.conftest import make_user
from tests.guidelines.factories import SectionFactory


def test_employee_signs_in_switches_language_and_signs_out(live_server, page, assert_accessible):
    make_user("employee@example.com", full_name="Erika Mustermann")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("E-Mail-Adresse").fill("employee@example.com")
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()

    expect(page.get_by_role("heading", name="Hallo, Erika")).to_be_visible()
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for title in ["Leitlinien", "Erwähnungen", "Schulungen", "Ansprechpartner"]:
        expect(nav.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Hello, Erika")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_role("heading", name="Hallo, Erika")).to_be_visible()

    page.get_by_text("Erika", exact=True).click()  # the user menu
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_dashboard_fits_a_phone_screen(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("employee@example.com")
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Hallo, Erika")).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The user menu, opened over the navigation, closes with Escape and when focus leaves it
    # (once its script has run: the heading shows before the deferred scripts are loaded).
    page.wait_for_load_state("load")
    menu = page.locator("details.user-menu")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(menu.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Shift+Tab")  # back into the navigation
    expect(menu).not_to_have_attribute("open", "")


def test_a_form_opened_before_signing_in_again_in_another_tab_is_still_sent(live_server, page):
    """Signing in again gives the browser a new CSRF token; static/js/fresh-csrf.js sends the
    older page's form with it instead of the "please try again" page that lost the text."""
    make_user("comms@example.com", Role.COMMUNICATIONS, full_name="Clara Obermeier")
    section = SectionFactory(title="Netiquette")

    def sign_in(tab):
        tab.goto(live_server.url + "/accounts/login/")
        tab.get_by_label("E-Mail-Adresse").fill("comms@example.com")
        tab.get_by_label("Passwort", exact=True).fill("secret-pass-123")
        tab.get_by_role("button", name="Anmelden").click()
        expect(tab.get_by_role("heading", name="Hallo, Clara")).to_be_visible()

    sign_in(page)
    page.goto(f"{live_server.url}/admin/guidelines/section/{section.pk}/change/")
    page.locator("#id_body").fill("Ein langer Text, den niemand zweimal schreiben möchte.")

    other = page.context.new_page()
    other.goto(live_server.url + "/")
    other.locator(".user-menu summary").click()
    other.get_by_role("button", name="Abmelden").click()
    expect(other).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(other)

    page.locator("input[name=_save]").click()
    expect(page).to_have_url(re.compile(r"/admin/guidelines/section/(\?.*)?$"))
    assert Section.objects.get(pk=section.pk).body == "Ein langer Text, den niemand zweimal schreiben möchte."
