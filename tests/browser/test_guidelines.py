"""Browser: an employee checks a draft and acknowledges the guidelines; axe scans the pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from guidelines.models import Acknowledgement, Section
from portal.roles import Role
from tests.conftest import make_user
from tests.guidelines.factories import SectionFactory, publish, topic


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(live_server.url + "/")


@pytest.fixture
def guidelines_published(transactional_db):
    SectionFactory(title="Netiquette", body="Bleiben Sie **freundlich**.", kind="recommendation")
    SectionFactory(title="Vertraulichkeit", body="Interna bleiben intern.")
    publish(summary="Erste Fassung")
    topic("Finanzkennzahlen", "Umsatz", "Quartalszahlen", speaker_role="Investor Relations")


def test_employee_checks_a_draft_and_acknowledges_the_guidelines(
    live_server, page, assert_accessible, guidelines_published
):
    employee = make_user("erika@example.com", full_name="Erika Mustermann")
    sign_in(page, live_server, "erika@example.com")

    # The dashboard card asks for the acknowledgement.
    expect(page.locator(".dashboard-card").first).to_contain_text("Bitte lesen und bestätigen Sie Version 1")
    page.get_by_role("link", name="Lesen und bestätigen").click()

    expect(page.locator("h1")).to_have_text("Social-Media-Leitlinien")
    assert_accessible(page)
    page.get_by_role("button", name="Ich habe die Leitlinien gelesen und verstanden").click()
    expect(page.locator("#acknowledgement")).to_contain_text("Danke")
    assert Acknowledgement.objects.filter(user=employee, version__number=1).exists()

    page.goto(live_server.url + "/guidelines/check/")
    assert_accessible(page)
    page.fill("#id_text", "Die Umsätze\nsteigen, die Quartalszahlen kommen bald!")
    page.click("form.check-form button[type=submit]")
    results = page.locator("#check-results")
    expect(results).to_contain_text("Finanzkennzahlen")
    expect(results).to_contain_text("Investor Relations")
    expect(results.locator("mark.taboo-hit").first).to_be_visible()
    assert_accessible(page)

    page.fill("#id_text", "Schönes Wochenende!")
    page.click("form.check-form button[type=submit]")
    expect(results).to_contain_text("Nichts gefunden.")

    # Checked while typing; a draft deleted takes its result (and its marked copy) with it.
    page.fill("#id_text", "Die Quartalszahlen kommen")
    expect(results).to_contain_text("Finanzkennzahlen")
    page.fill("#id_text", "")
    expect(results).to_have_text("")
    page.click("form.check-form button[type=submit]")  # empty: the browser asks for a draft
    expect(results).to_have_text("")
    # Too long: the error is the text area's (as without JavaScript), which has the focus again.
    page.fill("#id_text", "Wort " * 1001)
    page.click("form.check-form button[type=submit]")
    expect(results).to_contain_text("Der Entwurf ist zu lang")
    text = page.locator("#id_text")
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(text).to_be_focused()
    assert "check-error" in text.get_attribute("aria-describedby")

    page.goto(live_server.url + "/guidelines/taboo-topics/")
    expect(page.locator("h1")).to_have_text("Tabuthemen")
    assert_accessible(page)


def test_hr_report_is_accessible(live_server, page, assert_accessible, guidelines_published):
    hr_group, _created = Group.objects.get_or_create(name=Role.HR.value)
    make_user("hanna@example.com", full_name="Hanna Richter").groups.add(hr_group)
    sign_in(page, live_server, "hanna@example.com")
    page.goto(live_server.url + "/guidelines/acknowledgements/")
    expect(page.locator("h1")).to_have_text("Bestätigungen der Leitlinien")
    assert_accessible(page)


def test_a_section_saved_after_the_session_ran_out_is_kept_through_signing_in(live_server, page):
    """static/js/keep-draft.js on the admin's change form: given back only after a send that did
    not arrive, and forgotten once saved."""
    make_user("comms@example.com", Role.COMMUNICATIONS, full_name="Clara Obermeier")
    section = SectionFactory(title="Netiquette", body="Bleiben Sie freundlich.")
    url = f"{live_server.url}/admin/guidelines/section/{section.pk}/change/"
    sign_in(page, live_server, "comms@example.com")
    page.goto(url)
    page.locator("#id_body").fill("Ein langer Text, den niemand zweimal schreiben möchte.")
    # The session runs out while writing (the CSRF cookie stays, as it does).
    kept = [cookie for cookie in page.context.cookies() if cookie["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)
    page.locator("input[name=_continue]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("E-Mail-Adresse").fill("comms@example.com")
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(url)
    expect(page.locator("#id_body")).to_have_value("Ein langer Text, den niemand zweimal schreiben möchte.")
    assert Section.objects.get(pk=section.pk).body == "Bleiben Sie freundlich."

    page.locator("input[name=_continue]").click()  # saved, back to the same page
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Section.objects.get(pk=section.pk).body == "Ein langer Text, den niemand zweimal schreiben möchte."
    # Changed by a colleague meanwhile, and opened again: the saved draft does not come back over it.
    Section.objects.filter(pk=section.pk).update(body="Von einer Kollegin.")
    page.goto(url)
    expect(page.locator("#id_body")).to_have_value("Von einer Kollegin.")
    # Typed and left unsaved: not given back either.
    page.locator("#id_body").fill("Nur angefangen.")
    page.goto(url)
    expect(page.locator("#id_body")).to_have_value("Von einer Kollegin.")
