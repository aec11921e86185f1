"""HR and comms: acknowledgement rates per department, who is missing, CSV export."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from guidelines import actions
from portal.models import Department

from ..conftest import make_user
from .factories import SectionFactory, publish

pytestmark = pytest.mark.django_db

REPORT = reverse("guidelines:report")
EXPORT = reverse("guidelines:report_export")


@pytest.fixture
def people(employee, department):
    SectionFactory()
    first = publish()
    marketing = Department.objects.create(name="Marketing")
    done = make_user("done@example.com", full_name="Doris Fertig", department=marketing)
    old = make_user("old@example.com", full_name="=Otto Alt", department=marketing)
    make_user("gone@example.com", full_name="Gustav Weg", department=marketing, is_active=False)
    actions.acknowledge(old, first)
    second = publish(requires=True)
    actions.acknowledge(done, second)
    return {"done": done, "old": old, "marketing": marketing}


def test_hr_sees_rate_per_department_and_who_is_missing(client, hr, people, django_assert_num_queries):
    client.force_login(hr)
    # session, user, groups (role check, cached for the sub-navigation), current version,
    # baseline, rates per department, missing people (count, page), departments for the filter
    with django_assert_num_queries(9):
        response = client.get(REPORT)
    assert response.status_code == 200
    text = response.text
    assert "Marketing" in text
    assert "50 %" in text
    assert "Vertrieb" in text
    assert "=Otto Alt" in text
    assert "Erika Mustermann" in text
    assert "Doris Fertig" not in text
    assert "Gustav Weg" not in text  # deactivated people do not count
    # The tables scroll sideways on a phone: keyboard users must reach them (axe: scrollable-region-focusable).
    assert text.count('class="table-wrap card" tabindex="0" role="region"') == 2


def test_report_filters_by_department(client, comms, people):
    client.force_login(comms)
    response = client.get(REPORT, {"department": people["marketing"].pk})
    missing = response.text[response.text.index('id="missing"') :]
    assert "=Otto Alt" in missing
    assert "Erika Mustermann" not in missing


@pytest.mark.parametrize("raw", ["²", "99999999999999999999", "-3", "abc", "424242"])
def test_report_ignores_and_export_refuses_a_department_that_is_none(client, comms, people, raw):
    client.force_login(comms)
    page = client.get(REPORT, {"department": raw})
    assert page.status_code == 200
    # Said so next to the filter, and everybody missing is listed (not "everybody has confirmed").
    assert 'aria-invalid="true"' in page.text
    assert "Erika Mustermann" in page.text
    assert f'href="{EXPORT}"' in page.text  # the export link exports what is shown
    # Never a file with more in it than the selection asked for: everybody missing, here.
    response = client.get(EXPORT, {"department": raw}, follow=True)
    assert response.redirect_chain[-1][0].startswith(REPORT)
    assert "Für den Export müssen die Filter gültig sein." in response.text


def test_csv_export_opens_in_german_excel(client, hr, people):
    client.force_login(hr)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeffName;E-Mail;Abteilung")
    assert "'=Otto Alt;old@example.com;Marketing;1;" in content  # formula-safe
    # The day Otto acknowledged, not the minute: the time of a click is nobody's business.
    otto = next(line for line in content.splitlines() if "Otto" in line)
    assert re.fullmatch(r".*;1;\d{4}-\d{2}-\d{2}", otto)
    assert "Erika Mustermann;employee@example.com;Vertrieb;;" in content
    assert "Doris Fertig" not in content


@pytest.mark.parametrize("url", [REPORT, EXPORT])
def test_employees_and_advisors_cannot_see_the_report(client, employee, advisor, people, url):
    for user in (employee, advisor):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_english_readers_see_departments_in_the_english_alphabetical_order(client, hr, department):
    """Who is missing was sorted by the German names: "Purchasing" (Einkauf) before "Human
    resources" (Personal) in English, and people without a department first or last by database."""
    SectionFactory()
    publish()
    Department.objects.filter(pk=department.pk).update(name_en="Sales")
    for name, english, person in (
        ("Vertrieb", None, "Vera Verkauf"),
        ("Einkauf", "Purchasing", "Emil Einkauf"),
        ("Personal", "Human resources", "Paula Personal"),
        ("Ärztlicher Dienst", "Medical service", "Ärzte Ärztin"),
        (None, None, "Otto Ohne"),
    ):
        if name is None:
            group = None
        elif english is None:
            group = department
        else:
            group = Department.objects.create(name=name, name_en=english)
        make_user(f"{person.split()[0].lower()}@example.com", full_name=person, department=group)
    client.force_login(hr)

    def order(text: str, names: list[str]) -> list[str]:
        return sorted(names, key=text.index)

    people = ["Vera Verkauf", "Emil Einkauf", "Paula Personal", "Ärzte Ärztin", "Otto Ohne"]
    english = client.get(REPORT, headers={"accept-language": "en"}).text
    rates, missing = english.split('id="missing"')
    assert order(rates, ["Sales", "Purchasing", "Human resources", "Medical service", "No department"]) == [
        "Human resources", "Medical service", "Purchasing", "Sales", "No department",
    ]  # fmt: skip
    assert order(missing, people) == [
        "Paula Personal",
        "Ärzte Ärztin",
        "Emil Einkauf",
        "Vera Verkauf",
        "Otto Ohne",
    ]
    export = client.get(EXPORT, headers={"accept-language": "en"})
    content = b"".join(export.streaming_content).decode("utf-8")
    assert order(content, people) == [
        "Paula Personal",
        "Ärzte Ärztin",
        "Emil Einkauf",
        "Vera Verkauf",
        "Otto Ohne",
    ]
    # German readers, the German order; umlauts among their letters.
    german = client.get(REPORT).text
    rates, missing = german.split('id="missing"')
    assert order(rates, ["Vertrieb", "Einkauf", "Personal", "Ärztlicher Dienst", "Ohne Abteilung"]) == [
        "Ärztlicher Dienst", "Einkauf", "Personal", "Vertrieb", "Ohne Abteilung",
    ]  # fmt: skip
    assert order(missing, people) == [
        "Ärzte Ärztin",
        "Emil Einkauf",
        "Paula Personal",
        "Vera Verkauf",
        "Otto Ohne",
    ]


def test_the_report_works_where_no_department_is_set_up(client, hr):
    """Ordered by a list of no departments, PostgreSQL read "ORDER BY 0" as a column number: 500."""
    SectionFactory()
    publish()
    make_user("ohne@example.com", full_name="Otto Ohne")
    client.force_login(hr)
    page = client.get(REPORT)
    assert page.status_code == 200
    missing = page.text.split('id="missing"')[1]
    assert "Otto Ohne" in missing
    export = client.get(EXPORT)
    assert "Otto Ohne" in b"".join(export.streaming_content).decode("utf-8")


def test_who_is_missing_is_listed_with_umlauts_among_their_letters(client, hr, department):
    """Listed by the bytes of the name, "Özlem Kaya" came after "Zoe Berg"."""
    names = ["Oliver Nord", "Özlem Kaya", "Paul Lang", "Zoe Berg"]
    for name in reversed(names):
        make_user(f"{name.split()[1].lower()}@example.com", full_name=name, department=department)
    SectionFactory()
    publish()
    client.force_login(hr)
    page = client.get(REPORT).text
    missing = page[page.index('id="missing"') :]
    assert sorted(names, key=missing.index) == names
