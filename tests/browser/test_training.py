"""Browser: an employee passes a quiz; HR creates a campaign and reads the report. Axe-clean."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import Department
from portal.roles import Role
from tests.conftest import make_user
from tests.training.factories import AssignmentFactory, ModuleFactory, add_quiz
from training.models import Assignment

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', "secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).not_to_have_url(live_server.url + "/accounts/login/")


def test_employee_passes_a_quiz(live_server, page, assert_accessible):
    sales = Department.objects.create(name="Vertrieb")
    employee = make_user("erika@example.com", full_name="Erika Mustermann", department=sales)
    module = ModuleFactory(title="UWG: Arbeitgeber offenlegen", pass_mark=100)
    add_quiz(module)
    AssignmentFactory(user=employee, module=module)

    _sign_in(page, live_server, "erika@example.com")
    page.goto(live_server.url + "/trainings/")
    assert_accessible(page)
    page.get_by_role("link", name="UWG: Arbeitgeber offenlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("UWG: Arbeitgeber offenlegen")
    assert_accessible(page)
    page.get_by_role("link", name="Quiz starten").click()
    assert_accessible(page)
    page.get_by_label("Ja").check()
    page.get_by_label("A: Umsatzzahlen").check()
    page.get_by_label("C: Kundenprojekte").check()
    # Switching the language on the way keeps the answers chosen (static/js/keep-draft.js).
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("A: Umsatzzahlen")).to_be_checked()
    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_label("Ja")).to_be_checked()
    expect(page.get_by_label("B: Die Website")).not_to_be_checked()
    page.get_by_role("button", name="Antworten abschicken").click()
    expect(page.get_by_text("Bestanden mit 100 %")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/trainings/")
    expect(page.locator(".training-status--passed")).to_have_count(1)


def test_hr_creates_a_campaign_and_sees_the_report(live_server, page, assert_accessible):
    sales = Department.objects.create(name="Vertrieb")
    make_user("hr@example.com", Role.HR, full_name="Hanna Richter")
    for i in range(3):
        make_user(f"v{i}@example.com", full_name=f"Verkäufer {i}", department=sales)
    ModuleFactory(title="Krisenkommunikation")

    _sign_in(page, live_server, "hr@example.com")
    page.goto(live_server.url + "/trainings/hr/campaigns/new/")
    assert_accessible(page)
    page.get_by_role("textbox", name="Name").fill("Vertrieb Krisen 2027")
    page.get_by_label("Modul").select_option(label="Krisenkommunikation")
    page.get_by_label("Vertrieb").check()
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Frist").fill(due.isoformat())
    # Switching the language on the way keeps what HR typed and chose (static/js/keep-draft.js).
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Vertrieb Krisen 2027")
    expect(page.get_by_label("Vertrieb")).to_be_checked()
    expect(page.get_by_label("Frist")).to_have_value(due.isoformat())
    page.get_by_role("button", name="Kampagne anlegen").click()
    expect(page.get_by_text("3 neue Zuweisungen")).to_be_visible()
    assert_accessible(page)
    # Sent and taken: the form is empty when HR opens it again.
    page.goto(live_server.url + "/trainings/hr/campaigns/new/")
    expect(page.get_by_role("textbox", name="Name")).to_have_value("")
    page.go_back()
    # HR gives one person more time, from the campaign page via the assignment page.
    page.get_by_role("link", name=re.compile("Verlängern oder freistellen.*Verkäufer 0")).click()
    assert_accessible(page)
    later = (due + datetime.timedelta(days=14)).isoformat()
    page.get_by_label("Neue Frist").fill(later)
    page.get_by_label("Grund").fill("Elternzeit bis März")  # typed, not sent: kept like the date
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_label("Neue Frist")).to_have_value(later)
    expect(page.get_by_label("Grund")).to_have_value("Elternzeit bis März")
    page.get_by_role("button", name="Frist speichern").click()
    expect(page.get_by_text("Die Frist wurde geändert.")).to_be_visible()
    # Back on the campaign page it came from, for the next person.
    expect(page.get_by_role("heading", name="Zuweisungen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bericht").click()
    expect(page.get_by_role("heading", name="Abschluss je Modul")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_accessible(page)


def test_hr_finds_people_for_a_campaign_by_typing(live_server, page, assert_accessible):
    make_user("hr@example.com", Role.HR, full_name="Hanna Richter")
    for name in ("Anna Berg", "Bernd Adler", "Anna Zeller"):
        make_user(f"{name.split()[1].lower()}@example.com", full_name=name)
    module = ModuleFactory(title="Grundlagen")
    _sign_in(page, live_server, "hr@example.com")
    page.goto(live_server.url + "/trainings/hr/campaigns/new/")
    finder = page.get_by_role("searchbox", name="Personen nach Name oder E-Mail finden")
    finder.fill("anna")
    found = page.locator("#people-found button")
    # The matches (Hanna too), by name.
    expect(found).to_have_text(
        [
            "Anna Berg (berg@example.com) hinzufügen",
            "Anna Zeller (zeller@example.com) hinzufügen",
            "Hanna Richter (hr@example.com) hinzufügen",
        ]
    )
    found.first.click()
    # Focus back in the search, and said (a disabled button left it nowhere).
    expect(finder).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="berg@example.com")).to_have_text(
        "Zur Liste hinzugefügt: berg@example.com"
    )
    finder.fill("adler@")
    page.get_by_role("button", name="Bernd Adler (adler@example.com) hinzufügen").click()
    finder.press("Enter")  # looks, does not send the campaign
    people = page.get_by_role("textbox", name="Personen:", exact=True)
    expect(people).to_have_value("berg@example.com\nadler@example.com")
    assert_accessible(page)

    page.get_by_label("Name:", exact=True).fill("Zwei Personen")
    page.get_by_label("Modul").select_option(label="Grundlagen")
    page.get_by_label("Frist").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Kampagne anlegen").click()
    expect(page.get_by_text("2 neue Zuweisungen")).to_be_visible()
    assigned = set(Assignment.objects.filter(module=module).values_list("user__email", flat=True))
    assert assigned == {"berg@example.com", "adler@example.com"}


def test_hr_pages_fit_a_phone(live_server, page, assert_accessible):
    # Screen-reader text in the wide tables must not widen the page at 375 px.
    sales = Department.objects.create(name="Vertrieb")
    make_user("hr@example.com", Role.HR, full_name="Hanna Richter")
    person = make_user("v@example.com", full_name="Valentina Verkäuferin-Langname", department=sales)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for title in ("Krisenkommunikation", "Urheberrecht und Bildrechte"):
        AssignmentFactory(
            user=person, module=ModuleFactory(title=title), due_date=yesterday, status="overdue"
        )
    page.set_viewport_size({"width": 375, "height": 800})
    _sign_in(page, live_server, "hr@example.com")
    for path in ("/trainings/hr/", f"/trainings/hr/people/{person.pk}/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        # Wide tables scroll: each can be reached by keyboard, and no two regions share a name.
        assert_accessible(page)
