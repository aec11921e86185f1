"""HR: campaigns, managing assignments, the report and the CSV export; and who may not."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import Department, FeedToken, User
from tests.conftest import make_user
from tests.training.factories import (
    BILINGUAL_DEPARTMENTS,
    ENGLISH_ORDER,
    GERMAN_ORDER,
    AssignmentFactory,
    ModuleFactory,
    QuestionFactory,
    add_quiz,
    in_order,
    overdue_in_bilingual_departments,
    right_answers,
)
from training import actions
from training.models import Assignment, Campaign, Choice, Module, QuizAttempt

pytestmark = pytest.mark.django_db

HR_URLS = [
    ("training:hr_report", []),
    ("training:hr_export", []),
    ("training:hr_campaigns", []),
    ("training:hr_campaign_new", []),
]


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


@pytest.fixture
def sales(department):
    return department


@pytest.fixture
def marketing(db):
    return Department.objects.create(name="Marketing")


def _future(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.mark.parametrize(("name", "args"), HR_URLS)
def test_hr_pages_are_forbidden_for_employees_and_comms(client, employee, comms, name, args):
    for person in (employee, comms):
        client.force_login(person)
        assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), HR_URLS)
def test_hr_pages_open_for_hr(hr_client, name, args):
    assert hr_client.get(reverse(name, args=args)).status_code == 200


def test_hr_object_pages_are_forbidden_for_employees(employee_client, employee):
    assignment = AssignmentFactory(user=employee)
    campaign, _ = actions.create_campaign(
        name="K", module=assignment.module, due_date=_future(), created_by=employee, people=[employee]
    )
    for url in [
        reverse("training:hr_campaign", args=[campaign.pk]),
        reverse("training:hr_assignment", args=[assignment.pk]),
        reverse("training:hr_person", args=[employee.pk]),
    ]:
        assert employee_client.get(url).status_code == 403
    response = employee_client.post(
        reverse("training:hr_assignment", args=[assignment.pk]), {"action": "excuse", "excuse-reason": "x"}
    )
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.NOT_STARTED


def test_hr_creates_a_department_campaign(
    django_capture_on_commit_callbacks, hr_client, employee, sales, marketing
):
    colleague = make_user("kollege@example.com", department=sales)
    outsider = make_user("marketing@example.com", department=marketing)
    make_user("leaver@example.com", department=sales, is_active=False)
    module = ModuleFactory(title="Leitlinien und Tabuthemen")
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            reverse("training:hr_campaign_new"),
            {
                "name": "Vertrieb 2027", "module": module.pk, "departments": [sales.pk],
                "due_date": _future().isoformat(), "enrol_late_joiners": "on", "late_joiner_days": "14",
            },
            follow=True,
        )  # fmt: skip
    assert response.status_code == 200
    assert "2 neue Zuweisungen" in response.text
    assert "Alle bekommen jetzt eine E-Mail dazu." in response.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([employee.email, colleague.email])
    assigned = set(Assignment.objects.filter(module=module).values_list("user__email", flat=True))
    assert assigned == {employee.email, colleague.email}
    assert outsider.email not in assigned
    assert Campaign.objects.get().created_by.email == "hr@example.com"


def test_assigning_the_same_module_twice_creates_no_duplicate(hr_client, employee, hr):
    module = ModuleFactory()
    AssignmentFactory(user=employee, module=module, due_date=_future(5))
    _campaign, created = actions.create_campaign(
        name="Alle", module=module, due_date=_future(60), created_by=hr, everyone=True
    )
    assert created == 1  # only HR themself is new
    assert Assignment.objects.filter(user=employee, module=module).count() == 1
    assert Assignment.objects.get(user=employee, module=module).due_date == _future(5)
    with pytest.raises(IntegrityError):
        Assignment.objects.create(user=employee, module=module, due_date=_future())


def test_the_campaign_form_lists_departments_in_the_readers_alphabetical_order(hr_client):
    """In English they came in the order of their German names (Human resources (Personal) after
    Purchasing (Einkauf)), and in German "Ärztlicher Dienst" after "Vertrieb"."""
    for name, english, _person in BILINGUAL_DEPARTMENTS[:-1]:
        Department.objects.create(name=name, name_en=english)
    url = reverse("training:hr_campaign_new")

    def shown(**headers) -> list[str]:
        page = hr_client.get(url, headers=headers).content.decode()
        choices = page[page.index('id="id_departments"') :]
        return in_order(
            choices, [english if headers else name for name, english, _ in BILINGUAL_DEPARTMENTS[:-1]]
        )

    assert shown(accept_language="en") == ["Human resources", "Medical service", "Purchasing", "Sales"]
    assert shown() == ["Ärztlicher Dienst", "Einkauf", "Personal", "Vertrieb"]


def test_campaign_form_errors_are_clear(hr_client):
    module = ModuleFactory()
    response = hr_client.post(
        reverse("training:hr_campaign_new"),
        {"name": "Leer", "module": module.pk, "due_date": "2001-01-01", "late_joiner_days": "30"},
    )
    assert response.status_code == 200
    assert "Frist darf nicht in der Vergangenheit liegen" in response.text
    assert "Wählen Sie Personen, eine oder mehrere Abteilungen oder alle" in response.text
    response = hr_client.post(reverse("training:hr_campaign_new"), {"name": "", "due_date": "kaputt"})
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_an_id_too_large_for_the_database_is_an_invalid_choice_not_a_500(hr_client):
    module = ModuleFactory()
    huge = "9" * 23
    response = hr_client.post(
        reverse("training:hr_campaign_new"),
        {"name": "X", "module": module.pk, "due_date": "2099-01-01", "late_joiner_days": "30",
         "people": [huge], "departments": [huge]},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Campaign.objects.exists()
    assert response.context["form"].errors["people"]


def test_hr_extends_the_due_date_of_an_overdue_assignment(hr_client, employee):
    assignment = AssignmentFactory(
        user=employee,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        status=Assignment.Status.OVERDUE,
    )
    response = hr_client.post(
        reverse("training:hr_assignment", args=[assignment.pk]),
        {"action": "extend", "extend-due_date": _future(10).isoformat()},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_date == _future(10)
    assert assignment.status == Assignment.Status.NOT_STARTED
    # The change is in the history, with who made it.
    last = assignment.history.first()
    assert last.history_user.email == "hr@example.com"


def test_extending_into_the_past_is_refused(hr_client, employee):
    assignment = AssignmentFactory(user=employee)
    response = hr_client.post(
        reverse("training:hr_assignment", args=[assignment.pk]),
        {"action": "extend", "extend-due_date": "2000-01-01"},
    )
    assert response.status_code == 400
    assert "Vergangenheit" in response.text


def test_hr_excuses_with_a_reason(hr_client, employee):
    assignment = AssignmentFactory(user=employee)
    url = reverse("training:hr_assignment", args=[assignment.pk])
    assert hr_client.post(url, {"action": "excuse", "excuse-reason": ""}).status_code == 400
    assert "Die Person sieht ihn bei der Schulung auf ihrer Seite." in hr_client.get(url).text
    hr_client.post(url, {"action": "excuse", "excuse-reason": "Elternzeit"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.EXCUSED
    assert assignment.excused_reason == "Elternzeit"
    # The person is told why, on their list and on the training's page (as in their data download).
    client = Client()
    client.force_login(employee)
    for page in (reverse("training:index"), reverse("training:detail", args=[assignment.pk])):
        text = " ".join(re.sub(r"<[^>]+>", " ", client.get(page).text).split())
        assert "freigestellt – Elternzeit" in text


def test_hr_lifts_an_excusal_and_cannot_excuse_a_passed_training(hr_client, employee):
    assignment = AssignmentFactory(user=employee)
    url = reverse("training:hr_assignment", args=[assignment.pk])
    hr_client.post(url, {"action": "excuse", "excuse-reason": "Elternzeit"})
    assert "Freistellung aufheben" in hr_client.get(url).text
    response = hr_client.post(url, {"action": "reinstate"}, follow=True)
    assert "wieder fällig" in response.text
    assignment.refresh_from_db()
    assert (assignment.status, assignment.excused_reason) == (Assignment.Status.NOT_STARTED, "")

    passed = AssignmentFactory(user=employee, status=Assignment.Status.PASSED)
    url = reverse("training:hr_assignment", args=[passed.pk])
    assert hr_client.post(url, {"action": "excuse", "excuse-reason": "x"}).status_code == 400
    passed.refresh_from_db()
    assert passed.status == Assignment.Status.PASSED


def test_hr_records_workshop_attendance(hr_client, employee):
    workshop = ModuleFactory(kind=Module.Kind.WORKSHOP, renewal_months=24)
    assignment = AssignmentFactory(user=employee, module=workshop)
    hr_client.post(reverse("training:hr_assignment", args=[assignment.pk]), {"action": "attendance"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PASSED
    assert assignment.completed_how == Assignment.Completion.ATTENDED
    assert assignment.valid_until is not None


def test_hr_actions_clicked_twice_or_from_a_stale_tab_change_nothing(hr_client, employee):
    workshop = ModuleFactory(kind=Module.Kind.WORKSHOP, renewal_months=24)
    assignment = AssignmentFactory(user=employee, module=workshop, status=Assignment.Status.IN_PROGRESS)
    url = reverse("training:hr_assignment", args=[assignment.pk])
    # Excused and back: where the person had got to is kept.
    hr_client.post(url, {"action": "excuse", "excuse-reason": "Elternzeit"})
    hr_client.post(url, {"action": "reinstate"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS
    again = hr_client.post(url, {"action": "reinstate"}, follow=True)  # was a 400 "not possible here"
    assert "Die Freistellung war bereits aufgehoben" in again.text
    # Attendance twice: completed once, the first time.
    hr_client.post(url, {"action": "attendance"})
    assignment.refresh_from_db()
    completed, records = assignment.completed_at, assignment.history.count()
    assert hr_client.post(url, {"action": "attendance"}).status_code == 302  # "recorded already"
    assignment.refresh_from_db()
    assert (assignment.completed_at, assignment.history.count()) == (completed, records)
    hr_client.post(url, {"action": "undo_attendance"})
    again = hr_client.post(url, {"action": "undo_attendance"}, follow=True)
    assert "Die Teilnahme war bereits zurückgenommen" in again.text
    hr_client.post(url, {"action": "attendance"})
    assignment.refresh_from_db()
    # A completed training has no due date to extend.
    due = assignment.due_date
    assert "extend-due_date" not in hr_client.get(url).text
    new_date = (due + datetime.timedelta(days=30)).isoformat()
    assert hr_client.post(url, {"action": "extend", "extend-due_date": new_date}).status_code == 400
    assignment.refresh_from_db()
    assert assignment.due_date == due


def test_an_extension_from_a_page_opened_before_a_colleagues_does_not_overwrite_it_unseen(
    hr_client, employee
):
    assignment = AssignmentFactory(user=employee)
    url = reverse("training:hr_assignment", args=[assignment.pk])
    page = hr_client.get(url).text
    shown = re.search(r'name="extend-shown" value="([^"]*)"', page).group(1)
    assert shown == assignment.due_date.isoformat()
    actions.extend_due_date(assignment, _future(60))  # a colleague's, meanwhile
    mine = {"action": "extend", "extend-due_date": _future(40).isoformat(), "extend-shown": shown}
    response = hr_client.post(url, mine, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "The due date was changed meanwhile (by a colleague or in another tab)" in response.text
    assignment.refresh_from_db()
    assert assignment.due_date == _future(60)
    # Sent again from the page that said so: set on purpose.
    shown = re.search(r'name="extend-shown" value="([^"]*)"', response.text).group(1)
    assert hr_client.post(url, {**mine, "extend-shown": shown}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_date == _future(40)


def test_the_same_extension_sent_again_adds_no_second_line_to_the_persons_history(hr_client, employee):
    """Back and send again: the person's history said "due date changed" twice for one change."""
    assignment = AssignmentFactory(user=employee)
    url = reverse("training:hr_assignment", args=[assignment.pk])
    records = assignment.history.count()
    data = {"action": "extend", "extend-due_date": _future(40).isoformat()}
    assert [hr_client.post(url, data).status_code for _ in range(2)] == [302, 302]
    assert assignment.history.count() == records + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "data",
    [
        {"action": "excuse", "excuse-reason": "Elternzeit"},
        {"action": "extend", "extend-due_date": _future(40).isoformat()},
    ],
    ids=["excuse", "extend"],
)
def test_an_excusal_or_extension_sent_three_times_at_once_is_one_line_of_history(hr, employee, data):
    from tests.conftest import posted_at_once

    assignment = AssignmentFactory(user=employee)
    records = assignment.history.count()
    statuses = posted_at_once(hr, reverse("training:hr_assignment", args=[assignment.pk]), data)
    assert statuses == [302, 302, 302]
    assert assignment.history.count() == records + 1


def test_attendance_is_only_for_workshops(hr_client, employee):
    assignment = AssignmentFactory(user=employee)
    response = hr_client.post(
        reverse("training:hr_assignment", args=[assignment.pk]), {"action": "attendance"}
    )
    assert response.status_code == 400
    assignment.refresh_from_db()
    assert assignment.is_open


def _populate(n_people: int, modules: list[Module], departments: list[Department]) -> None:
    today = timezone.localdate()
    statuses = [
        (Assignment.Status.PASSED, 5), (Assignment.Status.NOT_STARTED, 5), (Assignment.Status.IN_PROGRESS, -2),
        (Assignment.Status.OVERDUE, -9), (Assignment.Status.RENEWAL_DUE, 20), (Assignment.Status.EXCUSED, 3),
    ]  # fmt: skip
    for i in range(n_people):
        person = make_user(
            f"p{len(modules)}-{i}-{n_people}@example.com", department=departments[i % len(departments)]
        )
        for j, module in enumerate(modules):
            status, offset = statuses[(i + j) % len(statuses)]
            AssignmentFactory(
                user=person, module=module, status=status, due_date=today + datetime.timedelta(days=offset)
            )


def test_report_shows_counts_chart_and_overdue_list(hr_client, sales, marketing):
    modules = [ModuleFactory(title="Krisenkommunikation"), ModuleFactory(title="LinkedIn-Profil")]
    _populate(6, modules, [sales, marketing])
    response = hr_client.get(reverse("training:hr_report"))
    text = response.text
    assert "<svg" in text
    assert "Abschluss je Modul" in text
    assert "Krisenkommunikation" in text
    assert "Marketing" in text
    # 12 assignments: two each with "in progress, 2 days late" and "overdue" status → 4 overdue
    assert "Überfällig (4)" in text


def test_completion_counts_people_renewing_while_their_last_completion_holds(hr_client, sales):
    """For a renewal's 30 days, a department trained to the last person showed 0 %."""
    today = timezone.localdate()
    module = ModuleFactory(title="Krisenkommunikation", renewal_months=12)
    rows = [
        (Assignment.Status.PASSED, 1, 200),  # trained
        (Assignment.Status.RENEWAL_DUE, 2, 20),  # trained until the renewal's due date
        (Assignment.Status.IN_PROGRESS, 2, 10),  # renewing, still trained
        (Assignment.Status.NOT_STARTED, 1, 10),  # never trained yet
        (Assignment.Status.RENEWAL_DUE, 2, -3),  # the last completion ran out: overdue
    ]
    for n, (status, cycle, days) in enumerate(rows):
        person = make_user(f"renew{n}@example.com", department=sales)
        AssignmentFactory(
            user=person,
            module=module,
            status=status,
            cycle=cycle,
            due_date=today + datetime.timedelta(days=days),
        )
    response = hr_client.get(reverse("training:hr_report"))
    (row,) = response.context["by_module"]
    assert row.completion == 60  # 3 of 5, not the 1 of 5 who is "passed"
    assert row.counts[Assignment.Status.RENEWAL_DUE] == 1
    assert row.counts[Assignment.Status.OVERDUE] == 1
    assert "60 %" in response.text


def test_a_deactivated_module_leaves_the_report_unless_chosen(hr_client, sales, marketing):
    modules = [ModuleFactory(title="Krisenkommunikation"), ModuleFactory(title="LinkedIn-Profil")]
    _populate(6, modules, [sales, marketing])
    Module.objects.filter(pk=modules[0].pk).update(active=False)
    response = hr_client.get(reverse("training:hr_report"))
    assert [row.label for row in response.context["by_module"]] == ["LinkedIn-Profil"]
    assert "Überfällig (2)" in response.text
    chosen = hr_client.get(reverse("training:hr_report"), {"module": modules[0].pk})
    assert [row.label for row in chosen.context["by_module"]] == ["Krisenkommunikation"]


def test_report_filters_by_module_department_and_status(hr_client, sales, marketing):
    modules = [ModuleFactory(title="Krisenkommunikation"), ModuleFactory(title="LinkedIn-Profil")]
    _populate(6, modules, [sales, marketing])
    response = hr_client.get(
        reverse("training:hr_report"),
        {"module": modules[0].pk, "department": sales.pk, "status": Assignment.Status.PASSED},
    )
    assert response.status_code == 200
    by_module = response.context["by_module"]
    assert [row.label for row in by_module] == ["Krisenkommunikation"]
    assert response.context["total"].counts == {
        **{s: 0 for s in response.context["total"].counts},
        "passed": response.context["total"].total,
    }
    response = hr_client.get(
        reverse("training:hr_report"),
        {"module": "999999", "status": "nonsense"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "This module no longer exists." in response.text  # not "Select a valid choice…"


def _count_report_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("training:hr_report")).status_code == 200
    return len(queries)


def test_report_query_count_does_not_grow_with_data(hr_client, sales, marketing, django_assert_num_queries):
    _populate(2, [ModuleFactory()], [sales])
    # session, user, roles (nav), aggregate by module × department, module names,
    # department names, overdue list, filter form: modules, departments
    with django_assert_num_queries(9):
        hr_client.get(reverse("training:hr_report"))
    _populate(12, [ModuleFactory(), ModuleFactory(), ModuleFactory()], [sales, marketing])
    with django_assert_num_queries(9):
        hr_client.get(reverse("training:hr_report"))


def test_csv_export_opens_in_german_excel_with_constant_queries(hr_client, sales, django_assert_num_queries):
    modules = [ModuleFactory(title="=Formel"), ModuleFactory(title="Datenschutz")]
    _populate(3, modules, [sales])
    # session, user, roles, the departments (their order in the reader's language), the rows
    # (one streamed query)
    with django_assert_num_queries(5):
        response = hr_client.get(reverse("training:hr_export"))
        content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeffName;E-Mail;Abteilung;Modul;Status")
    assert "'=Formel" in content
    assert len(content.strip().splitlines()) == 1 + 6
    _populate(9, [ModuleFactory(), ModuleFactory()], [sales])
    # the same, the department filter's lookup instead of the order (one department has none)
    with django_assert_num_queries(5):
        response = hr_client.get(reverse("training:hr_export"), {"department": sales.pk})
        content = b"".join(response.streaming_content).decode("utf-8")
    assert len(content.strip().splitlines()) == 1 + 6 + 9 * 2
    # Dates Excel reads as dates whatever the interface language.
    due = Assignment.objects.first().due_date.isoformat()
    assert f";{due};" in content


def test_person_history_shows_status_changes(hr_client, hr, employee):
    assignment = AssignmentFactory(user=employee)
    actions.excuse(assignment, "Langzeiturlaub")
    response = hr_client.get(reverse("training:hr_person", args=[employee.pk]))
    assert "Langzeiturlaub" in response.text
    assert "freigestellt" in response.text


def test_hr_sees_the_day_a_training_was_completed_not_the_minute(client, hr, admin_user, employee):
    """Passing a quiz or confirming a link is the person's click: its time of day showed in the
    person's history and throughout the admin, though "Completed on" gives the day."""
    assignment = AssignmentFactory(user=employee, module=ModuleFactory(kind=Module.Kind.LINK))
    with time_machine.travel(
        datetime.datetime(2026, 11, 24, 23, 47, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")), tick=False
    ):
        actions.complete_by_employee(assignment)
    record = assignment.history.first()
    admin_pages = [
        reverse("admin:training_assignment_changelist"),
        reverse("admin:training_assignment_change", args=[assignment.pk]),
        reverse("admin:training_assignment_history", args=[assignment.pk]),
    ]
    client.force_login(hr)
    for url in [reverse("training:hr_person", args=[employee.pk]), *admin_pages]:
        page = client.get(url).text
        assert "24" in page
        assert "23:47" not in page, url
    # The page of one earlier version is a form with the time in it; the list says what changed.
    version = reverse("admin:training_assignment_simple_history", args=[assignment.pk, record.history_id])
    assert client.get(version).status_code == 403
    # Superusers, who may see the quiz attempts too, see the time.
    client.force_login(admin_user)
    assert "23:47" in client.get(admin_pages[2]).text
    assert client.get(version).status_code == 200


def test_campaign_pages_list_assignments(hr_client, hr, employee, sales, django_assert_num_queries):
    module = ModuleFactory(kind=Module.Kind.WORKSHOP)
    campaign, _ = actions.create_campaign(
        name="Workshop Vertrieb", module=module, due_date=_future(), created_by=hr, departments=[sales]
    )
    assert "Workshop Vertrieb" in hr_client.get(reverse("training:hr_campaigns")).text
    # session, user, campaign, departments, count for the paginator, the page, people.exists ×2, roles,
    # the open assignments a withdrawal would excuse
    with django_assert_num_queries(10):
        response = hr_client.get(reverse("training:hr_campaign", args=[campaign.pk]))
    assert "Teilnahme eintragen" in response.text
    assert employee.full_name in response.text
    sales.delete()  # its only department: "For" said nothing at all
    page = hr_client.get(reverse("training:hr_campaign", args=[campaign.pk])).text
    assert "niemand mehr: Die Abteilungen der Kampagne wurden gelöscht" in page


def test_the_admin_assignment_search_finds_people_and_modules(hr_client, employee):
    from tests.conftest import make_user

    other = make_user("zoe@example.com", full_name="Zoë Adler")
    AssignmentFactory(
        user=employee, module=ModuleFactory(title="Krisenkommunikation", title_en="Crisis talk")
    )
    AssignmentFactory(user=other, module=ModuleFactory(title="Grundlagen"))
    url = reverse("admin:training_assignment_changelist")

    def found(term):
        return {
            (a.user.email, a.module.title) for a in hr_client.get(url, {"q": term}).context["cl"].result_list
        }

    assert found("zoe@") == {("zoe@example.com", "Grundlagen")}
    assert found("Adler") == {("zoe@example.com", "Grundlagen")}
    assert found("crisis") == {(employee.email, "Krisenkommunikation")}
    assert found("nichts") == set()
    assert found("adler grundlagen") == {("zoe@example.com", "Grundlagen")}  # every word, anywhere
    assert found('"Zoe Adler"') == {("zoe@example.com", "Grundlagen")}  # folded, quotes ignored
    assert found("adler krisen") == set()


def test_hr_edits_modules_and_sees_assignments_in_the_admin(hr_client, employee):
    module = ModuleFactory()
    assignment = AssignmentFactory(user=employee, module=module)
    for url in [
        reverse("admin:training_module_changelist"),
        reverse("admin:training_module_add"),
        reverse("admin:training_module_change", args=[module.pk]),
        reverse("admin:training_question_add"),
        reverse("admin:training_assignment_changelist"),
        reverse("admin:training_assignment_change", args=[assignment.pk]),
        reverse("admin:training_assignment_history", args=[assignment.pk]),
    ]:
        assert hr_client.get(url).status_code == 200, url
    # Compliance records are not deleted by HR, and changed only on the HR pages, which keep
    # the rules (no excusing a passed training, no due date in the year 9999, no other person).
    assert hr_client.get(reverse("admin:training_assignment_delete", args=[assignment.pk])).status_code == 403
    assert hr_client.get(reverse("admin:training_assignment_add")).status_code == 403
    change_page = hr_client.get(reverse("admin:training_assignment_change", args=[assignment.pk])).text
    assert 'name="status"' not in change_page
    hr_client.post(
        reverse("admin:training_assignment_change", args=[assignment.pk]),
        {"user": employee.pk, "module": module.pk, "status": "excused", "due_date": "9999-12-31", "cycle": 1},
    )
    assignment.refresh_from_db()
    assert assignment.status != "excused"
    assert hr_client.get(reverse("admin:training_module_delete", args=[module.pk])).status_code == 403


@pytest.mark.parametrize(
    ("pass_mark", "questions", "needed"), [(80, 4, 4), (80, 5, 4), (67, 3, 2), (100, 2, 2), (1, 2, 1)]
)
def test_the_module_page_says_how_many_questions_the_pass_mark_means(hr_client, pass_mark, questions, needed):
    """80 % of 4 questions is all 4: HR could not tell from the percentage."""
    module = ModuleFactory(pass_mark=pass_mark)
    url = reverse("admin:training_module_change", args=[module.pk])
    assert "Sobald das Quiz Fragen hat" in hr_client.get(url).text
    for n in range(questions):
        question = QuestionFactory(module=module, text=f"Frage {n}", position=n)
        Choice.objects.create(question=question, text="Ja", is_correct=True, position=1)
    QuestionFactory(module=module, text="Noch ohne richtige Antwort", position=99)  # not asked yet
    text = hr_client.get(url).text
    assert f"{needed} von {questions} Fragen richtig beantwortet" in text
    # A workshop has no quiz to pass.
    Module.objects.filter(pk=module.pk).update(kind=Module.Kind.WORKSHOP)
    assert "nicht durch ein Quiz" in hr_client.get(url).text
    # As the quiz grades: one right answer fewer fails.
    assert (
        actions.percent_right(needed, questions) >= pass_mark > actions.percent_right(needed - 1, questions)
    )


def test_a_module_whose_title_differs_only_in_capitals_is_refused(hr_client):
    """Both were listed to choose from in the campaign form and counted apart in the report."""
    ModuleFactory(title="Social-Media-Grundlagen")
    form = {"kind": "lesson", "estimated_minutes": "15", "pass_mark": "80", "max_attempts": "3",
            "renewal_mode": "rolling", "renewal_day": "1", "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0"}  # fmt: skip
    for title in ("SOCIAL-MEDIA-GRUNDLAGEN", "Social-Media-Grundlagen\u200b"):
        response = hr_client.post(reverse("admin:training_module_add"), {**form, "title": title})
        assert response.status_code == 200, title
        assert 'class="errorlist' in response.text
    assert list(Module.objects.values_list("title", flat=True)) == ["Social-Media-Grundlagen"]
    hr_client.post(reverse("admin:training_module_add"), {**form, "title": "Krisenkommunikation"})
    assert Module.objects.count() == 2


def test_attempts_allowed_has_an_upper_limit(hr_client):
    """99999999999999999 attempts was saved on SQLite (and an error from the database elsewhere)."""
    form = {"title": "Grundlagen", "kind": "lesson", "estimated_minutes": "15", "pass_mark": "80",
            "renewal_mode": "rolling", "renewal_day": "1", "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0"}  # fmt: skip
    for attempts in ("101", "99999999999999999"):
        response = hr_client.post(reverse("admin:training_module_add"), {**form, "max_attempts": attempts})
        assert "kleiner oder gleich 100" in response.text, attempts
    assert not Module.objects.exists()
    hr_client.post(reverse("admin:training_module_add"), {**form, "max_attempts": "100"})
    assert Module.objects.get().max_attempts == 100


def test_saving_a_workshop_with_quiz_questions_says_they_are_not_asked(hr_client):
    form = {"title": "LinkedIn-Workshop", "kind": "workshop", "estimated_minutes": "90", "pass_mark": "80",
            "max_attempts": "3", "renewal_mode": "rolling", "renewal_day": "1",
            "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
            "questions-0-text": "Was ist ein Hashtag?", "questions-0-kind": "single", "questions-0-position": "1"}  # fmt: skip
    page = hr_client.post(reverse("admin:training_module_add"), form, follow=True).text
    assert "Ein Workshop hat kein Quiz" in page
    lesson = hr_client.post(
        reverse("admin:training_module_add"), {**form, "title": "Lektion", "kind": "lesson"}, follow=True
    ).text
    assert "Ein Workshop hat kein Quiz" not in lesson


def test_comms_and_employees_cannot_edit_trainings_in_the_admin(client, comms, employee):
    client.force_login(comms)
    assert client.get(reverse("admin:training_module_changelist")).status_code == 403
    client.force_login(employee)
    assert client.get(reverse("admin:training_module_changelist")).status_code == 302


def test_module_validation_explains_what_is_missing():
    from django.core.exceptions import ValidationError

    module = Module(title="Link ohne Ziel", kind=Module.Kind.LINK, renewal_mode=Module.Renewal.FIXED_DATE)
    with pytest.raises(ValidationError) as error:
        module.full_clean()
    assert set(error.value.message_dict) >= {"external_url", "renewal_month"}


@pytest.mark.parametrize(
    ("today", "last_day"),
    [("2026-11-29", "2031-11-29"), ("2026-01-31", "2031-01-31"), ("2028-02-29", "2033-02-28")],
)
def test_a_due_date_exactly_five_years_ahead_is_taken(hr_client, hr, employee, today, last_day):
    """From the 29th to the 31st of a month, the fifth anniversary was refused as "more than five
    years ahead" (the limit was the 28th)."""
    assignment = AssignmentFactory(user=employee)
    url = reverse("training:hr_assignment", args=[assignment.pk])
    last = datetime.date.fromisoformat(last_day)
    with time_machine.travel(datetime.datetime.fromisoformat(f"{today}T12:00+01:00"), tick=False):
        hr_client.force_login(hr)  # a session of then
        too_far = hr_client.post(
            url, {"action": "extend", "extend-due_date": str(last + datetime.timedelta(1))}
        )
        assert "höchstens 5 Jahre" in too_far.text
        hr_client.post(url, {"action": "extend", "extend-due_date": last_day})
    assignment.refresh_from_db()
    assert assignment.due_date == last


@pytest.mark.parametrize("day", ["9999-12-31", "2200-01-01"])
def test_a_due_date_centuries_ahead_is_refused(hr_client, employee, day):
    # A typo like 9999 would break the person's calendar feed (no day after 31 Dec 9999).
    assignment = AssignmentFactory(user=employee)
    response = hr_client.post(
        reverse("training:hr_assignment", args=[assignment.pk]), {"action": "extend", "extend-due_date": day}
    )
    assert response.status_code == 400
    assert "höchstens 5 Jahre" in response.text
    module = ModuleFactory()
    response = hr_client.post(
        reverse("training:hr_campaign_new"),
        {
            "name": "Tippfehler",
            "module": module.pk,
            "everyone": "on",
            "due_date": day,
            "late_joiner_days": 14,
        },
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_calendar_feed_survives_the_last_possible_due_date(client, employee):
    # Set in the admin, where the form's limit does not apply.
    AssignmentFactory(user=employee, due_date=datetime.date.max)
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.CALENDAR)
    feed = client.get(reverse("training:calendar_feed", args=[token.key]))
    assert feed.status_code == 200
    assert "DTSTART;VALUE=DATE:99991231" in feed.content.decode()


def test_hr_allows_new_attempts_after_they_ran_out(
    hr_client, employee, mailoutbox, django_capture_on_commit_callbacks
):
    module = ModuleFactory(max_attempts=1, pass_mark=100, title="Social Media Basics")
    add_quiz(module)
    assignment = AssignmentFactory(user=employee, module=module)
    single = module.questions.get(kind="single")
    wrong = {**right_answers(module), f"q{single.pk}": [str(single.choices.get(is_correct=False).pk)]}
    client = Client()
    client.force_login(employee)
    quiz_url = reverse("training:quiz", args=[assignment.pk])
    client.post(quiz_url, {**wrong, "attempt": "1"})
    hr_url = reverse("training:hr_assignment", args=[assignment.pk])
    assert "Neue Versuche erlauben" in hr_client.get(hr_url).text
    # The employee is stuck until HR acts.
    assert client.post(quiz_url, {**right_answers(module), "attempt": "2"}).status_code == 302
    assert assignment.attempts.count() == 1
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(hr_url, {"action": "attempts"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.extra_attempts == 1
    # The employee waiting to try again is told, in their language, with the way to the quiz.
    (mail,) = mailoutbox
    assert mail.to == [employee.email]
    assert mail.subject.endswith("Sie können das Quiz zu „Social Media Basics“ noch einmal ablegen")
    assert ",\n\ndie Personalabteilung hat Ihnen 1 neuen Versuch für das Quiz" in mail.body
    assert reverse("training:detail", args=[assignment.pk]) in mail.body
    # Sent twice (double click): still one more attempt, not two, and no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(hr_url, {"action": "attempts"})
    assignment.refresh_from_db()
    assert assignment.extra_attempts == 1
    assert len(mailoutbox) == 1
    assert "Neue Versuche erlauben" not in hr_client.get(hr_url).text
    client.post(quiz_url, {**right_answers(module), "attempt": "2"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PASSED
    assert assignment.attempts.count() == 2  # the failed attempt stays on record


def test_new_attempts_are_the_modules_number_after_hr_lowered_it(hr_client, employee):
    """Three attempts used, then the limit lowered to two: the grant gave 2 extra (5 − 3 used =
    1 left) while the mail promised 2; lowered to one, none at all."""
    module = ModuleFactory(max_attempts=3, pass_mark=100)
    add_quiz(module)
    assignment = AssignmentFactory(user=employee, module=module)

    def fail(times: int) -> None:
        used = assignment.attempts.count()
        QuizAttempt.objects.bulk_create(
            QuizAttempt(assignment=assignment, cycle=assignment.cycle, number=used + n, score=0, passed=False)
            for n in range(1, times + 1)
        )

    fail(3)
    hr_url = reverse("training:hr_assignment", args=[assignment.pk])
    for limit in (2, 1):
        Module.objects.filter(pk=module.pk).update(max_attempts=limit)
        assignment.refresh_from_db()
        assert actions.attempts_left(assignment) == 0
        assert hr_client.post(hr_url, {"action": "attempts"}).status_code == 302
        assignment.refresh_from_db()
        assert actions.attempts_left(assignment) == limit
        fail(limit)


def test_new_attempts_only_when_used_up(hr_client, employee):
    module = ModuleFactory(max_attempts=3)
    assignment = AssignmentFactory(user=employee, module=module)
    hr_url = reverse("training:hr_assignment", args=[assignment.pk])
    assert "Neue Versuche erlauben" not in hr_client.get(hr_url).text
    # Sent anyway (a stale tab, a colleague granted them a moment ago): said so, nothing changed.
    response = hr_client.post(hr_url, {"action": "attempts"}, follow=True)
    assert "Die Person kann das Quiz bereits ablegen." in response.text
    assignment.refresh_from_db()
    assert assignment.extra_attempts == 0


def test_a_renewal_starts_without_the_extra_attempts(employee):
    module = ModuleFactory(max_attempts=1, renewal_months=12)
    assignment = AssignmentFactory(
        user=employee,
        module=module,
        status=Assignment.Status.PASSED,
        valid_until=timezone.localdate(),
        extra_attempts=2,
    )
    actions.open_renewals()
    assignment.refresh_from_db()
    assert assignment.cycle == 2
    assert assignment.extra_attempts == 0


@pytest.mark.django_db(transaction=True)
def test_a_campaign_sent_twice_at_once_is_created_once(hr, employee, department):
    """Without JavaScript a double click sends two requests together; both passed the check."""
    from tests.conftest import posted_at_once

    data = {
        "name": "Vertrieb 2027", "module": ModuleFactory().pk, "departments": [department.pk],
        "due_date": _future().isoformat(), "late_joiner_days": "7", "enrol_late_joiners": "on",
    }  # fmt: skip
    statuses = posted_at_once(hr, reverse("training:hr_campaign_new"), data)
    assert statuses == [302, 302, 302]
    assert Campaign.objects.count() == 1


def test_a_campaign_for_one_person_says_that_person_is_told(hr_client, employee):
    data = {
        "name": "Einzeln",
        "module": ModuleFactory().pk,
        "people": employee.email,
        "due_date": _future().isoformat(),
    }
    page = hr_client.post(reverse("training:hr_campaign_new"), data, follow=True).text
    assert "1 neue Zuweisung " in page
    assert "Die Person bekommt jetzt eine E-Mail dazu." in page
    assert "Alle bekommen" not in page


def test_a_module_deactivated_or_department_deleted_while_the_form_was_open_is_said_in_words(
    hr_client, employee, sales
):
    module = ModuleFactory()
    gone_department = Department.objects.create(name="Aufgelöst")
    data = {"name": "Herbst", "module": module.pk, "departments": [sales.pk, gone_department.pk],
            "due_date": _future().isoformat()}  # fmt: skip
    Module.objects.filter(pk=module.pk).update(active=False)
    gone_department.delete()
    page = hr_client.post(reverse("training:hr_campaign_new"), data).text
    assert "Dieses Modul wird nicht mehr angeboten" in page
    assert "Eine gewählte Abteilung gibt es nicht mehr" in page
    assert "gültige Auswahl" not in page
    assert not Campaign.objects.exists()


def test_a_double_submitted_campaign_is_created_once(hr_client, employee, sales):
    module = ModuleFactory()
    data = {
        "name": "Vertrieb 2027", "module": module.pk, "departments": [sales.pk],
        "due_date": _future().isoformat(), "late_joiner_days": "7", "enrol_late_joiners": "on",
    }  # fmt: skip
    first = hr_client.post(reverse("training:hr_campaign_new"), data)
    assert first.status_code == 302, first.context["form"].errors
    second = hr_client.post(reverse("training:hr_campaign_new"), data, follow=True)
    campaign = Campaign.objects.get()
    assert (
        first["Location"]
        == second.redirect_chain[0][0]
        == reverse("training:hr_campaign", args=[campaign.pk])
    )
    assert "Diese Kampagne wurde gerade eben schon angelegt" in second.text  # said, not silent
    assert campaign.assignments.count() == 1
    # Sent again with other late-joiner settings: what HR meant, not a double click.
    hr_client.post(reverse("training:hr_campaign_new"), {**data, "late_joiner_days": "60"})
    assert Campaign.objects.filter(late_joiner_days=60).exists()
    make_user("neu@example.com", department=sales)  # someone it assigns (else it assigns nobody)
    hr_client.post(reverse("training:hr_campaign_new"), {**data, "enrol_late_joiners": ""})
    assert Campaign.objects.filter(enrol_late_joiners=False).exists()
    assert Campaign.objects.count() == 3
    # Withdrawn, then created again at once: a campaign of its own that takes the people over.
    actions.withdraw_campaign(campaign, campaign.created_by)
    again = hr_client.post(reverse("training:hr_campaign_new"), data, follow=True)
    assert "gerade eben schon angelegt" not in again.text
    assert Campaign.objects.count() == 4
    assert Campaign.objects.filter(withdrawn_at=None, name="Vertrieb 2027").count() == 3
    assert Assignment.objects.get(user=employee).is_open


def test_an_invalid_filter_applies_not_and_the_export_refuses_instead_of_exporting_everything(
    hr_client, employee
):
    overdue = AssignmentFactory(
        user=employee,
        status=Assignment.Status.OVERDUE,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    AssignmentFactory(user=employee)
    report_url = reverse("training:hr_report")
    response = hr_client.get(
        report_url, {"status": "overdue", "department": "999999"}, headers={"accept-language": "en"}
    )
    # A bookmark from before the department was deleted said "Select a valid choice…".
    assert "This department no longer exists." in response.text
    assert "valid choice" not in response.text
    assert response.context["listed_total"] == 1  # the valid status filter still applies
    response = hr_client.get(reverse("training:hr_export"), {"status": "overdue", "department": "999999"})
    assert response.status_code == 302
    assert response["Location"] == f"{report_url}?status=overdue&department=999999"
    response = hr_client.get(reverse("training:hr_export"), {"status": "overdue"})
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.count("\n") == 2  # the header and the one overdue assignment
    assert overdue.module.title in content


def test_a_quiz_question_needs_two_answers_and_a_correct_one(hr_client):
    from training.models import Question

    question = QuestionFactory(kind=Question.Kind.SINGLE)
    url = reverse("admin:training_question_change", args=[question.pk])

    def save(*answers):
        data = {
            "module": question.module_id, "text": question.text, "kind": question.kind, "position": 0,
            "choices-TOTAL_FORMS": str(len(answers)), "choices-INITIAL_FORMS": "0",
        }  # fmt: skip
        for index, (text, correct) in enumerate(answers):
            data.update({f"choices-{index}-text": text, f"choices-{index}-position": index})
            if correct:
                data[f"choices-{index}-is_correct"] = "on"
        return hr_client.post(url, data)

    assert "mindestens zwei Antworten" in save(("Ja", True)).text
    assert "mindestens zwei Antworten" in save(("Ja", False), ("Nein", False)).text
    assert "genau eine richtige Antwort" in save(("Ja", True), ("Auch ja", True)).text
    assert not question.choices.exists()
    assert save(("Ja", True), ("Nein", False)).status_code == 302
    assert question.choices.count() == 2


def test_a_question_with_two_correct_answers_cannot_be_made_single_choice_on_the_module_page():
    from django.forms import modelform_factory

    from training.admin import QuestionInlineForm
    from training.models import Question

    module = ModuleFactory()
    multiple = add_quiz(module)["multiple"]
    form_class = modelform_factory(Question, form=QuestionInlineForm, fields=["position", "kind", "text"])
    data = {"position": multiple.position, "text": multiple.text}
    form = form_class({**data, "kind": Question.Kind.SINGLE}, instance=multiple)
    assert not form.is_valid()
    assert "genau eine" in form.errors["kind"][0]
    assert form_class({**data, "kind": Question.Kind.MULTIPLE}, instance=multiple).is_valid()


def test_modules_are_offered_in_the_readers_alphabet(hr_client, hr):
    from training.forms import CampaignForm

    ModuleFactory(title="Zeitmanagement", title_en="Acting in a crisis")
    ModuleFactory(title="Abwehr von Hass", title_en="Zero tolerance for hate")
    from django.utils import translation

    for language, expected in (
        ("de", ["Abwehr von Hass", "Zeitmanagement"]),
        ("en", ["Acting in a crisis", "Zero tolerance for hate"]),
    ):
        with translation.override(language):
            labels = [label for _value, label in CampaignForm().fields["module"].choices if _value != ""]
        assert labels == expected


def test_a_left_persons_page_says_so_and_a_gone_department_gets_one_error(hr_client, employee):
    from portal.models import User

    User.objects.filter(pk=employee.pk).update(is_active=False)
    page = hr_client.get(reverse("training:hr_person", args=[employee.pk])).text
    assert "Hat das Unternehmen verlassen" in page
    response = hr_client.post(
        reverse("training:hr_campaign_new"),
        {
            "name": "X",
            "module": ModuleFactory().pk,
            "departments": ["999999"],
            "due_date": _future().isoformat(),
        },
    )
    assert "Eine gewählte Abteilung gibt es nicht mehr" in response.text
    assert "Wählen Sie Personen, eine oder mehrere Abteilungen oder alle" not in response.text


def test_more_time_keeps_a_started_training_in_progress(hr_client, employee):
    assignment = AssignmentFactory(user=employee, due_date=_future(3))
    employee_client = Client()
    employee_client.force_login(employee)
    employee_client.get(reverse("training:detail", args=[assignment.pk]))  # opened: in progress
    Assignment.objects.filter(pk=assignment.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    actions.mark_overdue()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OVERDUE
    hr_client.post(
        reverse("training:hr_assignment", args=[assignment.pk]),
        {"action": "extend", "extend-due_date": _future(10).isoformat()},
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS
    # Still no trace of the opening in the history.
    assert all(not hasattr(record, "started") for record in assignment.history.all())


def test_a_workshop_campaign_cannot_be_due_before_the_workshop(hr_client, employee):
    starts = timezone.now() + datetime.timedelta(days=20)
    module = ModuleFactory(kind=Module.Kind.WORKSHOP, workshop_starts_at=starts)
    response = hr_client.post(
        reverse("training:hr_campaign_new"),
        {
            "name": "Workshop",
            "module": module.pk,
            "due_date": _future(5).isoformat(),
            "people": employee.email,
        },
    )
    assert response.status_code == 200
    assert "Der Workshop findet am" in response.text
    assert not Campaign.objects.exists()


def test_a_campaign_for_a_workshop_that_took_place_is_refused_and_late_joiners_not_enrolled(
    hr_client, hr, employee, sales
):
    """People were assigned a workshop held last week: overdue on something nobody could attend."""
    held = timezone.now() - datetime.timedelta(days=10)
    module = ModuleFactory(kind=Module.Kind.WORKSHOP, workshop_starts_at=held)
    data = {
        "name": "Workshop",
        "module": module.pk,
        "due_date": _future(20).isoformat(),
        "people": employee.email,
    }
    response = hr_client.post(reverse("training:hr_campaign_new"), data)
    assert "Dieser Workshop fand am" in response.text
    assert not Campaign.objects.exists()
    # A campaign from before it took place enrols nobody who joins after.
    campaign, _created = actions.create_campaign(
        name="Früher", module=module, due_date=_future(20), created_by=hr, departments=[sales],
        enrol_late_joiners=True, late_joiner_days=30,
    )  # fmt: skip
    make_user("neu@example.com", department=sales)
    assert not Assignment.objects.filter(user__email="neu@example.com").exists()
    # Given a new date, it does.
    Module.objects.filter(pk=module.pk).update(workshop_starts_at=timezone.now() + datetime.timedelta(days=5))
    assert actions.enrol_late_joiners() == 1


def test_a_workshop_moved_past_its_peoples_due_dates_is_refused_and_so_is_an_extension_before_it(
    hr_client, employee
):
    """Moved to February, its people stayed due in December: overdue before they could attend."""
    from django.core.exceptions import ValidationError

    module = ModuleFactory(
        kind=Module.Kind.WORKSHOP, workshop_starts_at=timezone.now() + datetime.timedelta(days=5)
    )
    assignment = AssignmentFactory(user=employee, module=module, due_date=_future(10))
    module.workshop_starts_at = timezone.now() + datetime.timedelta(days=60)
    with pytest.raises(ValidationError) as refused:
        module.full_clean()
    assert "1 Person muss diesen Workshop vor dem" in str(refused.value.message_dict["workshop_starts_at"])
    # Their due date moved first, the workshop may follow.
    url = reverse("training:hr_assignment", args=[assignment.pk])
    hr_client.post(url, {"action": "extend", "extend-due_date": _future(70).isoformat()})
    module.full_clean()
    module.save()
    # An extension to before the workshop is refused.
    response = hr_client.post(url, {"action": "extend", "extend-due_date": _future(30).isoformat()})
    assert "Der Workshop findet am" in response.text
    assignment.refresh_from_db()
    assert assignment.due_date == _future(70)


def test_sorting_the_assignments_by_completion_gives_away_no_time_of_day(hr_client):
    """Sorted by the exact time, the list told HR who finished first within a day."""
    module = ModuleFactory(title="Grundlagen")
    morning = timezone.now().replace(hour=10, minute=0)
    for name, minutes in [("Anna", 3), ("Bernd", 1), ("Clara", 2)]:
        AssignmentFactory(
            user=make_user(f"{name.lower()}@example.com", full_name=name), module=module,
            status=Assignment.Status.PASSED, completed_at=morning + datetime.timedelta(minutes=minutes),
        )  # fmt: skip
    url = reverse("admin:training_assignment_changelist")

    def names(order: str) -> list[str]:
        changelist = hr_client.get(url, {"o": order}).context["cl"]
        assert changelist.list_display[int(order.lstrip("-"))] == "completed_on"  # HR has no actions
        return [a.user.full_name for a in changelist.result_list]

    assert names("5") == names("-5")  # one day: the same order either way, not by the minute
    assert names("5") != ["Bernd", "Clara", "Anna"]


def test_a_workshop_moved_later_in_the_admin_takes_its_peoples_due_dates_along_when_asked(
    hr_client, employee
):
    """Postponed, its 500 people needed 500 extensions first: the message pointed to "the
    campaign's" due date, which no page can change."""
    from django.utils import formats

    module = ModuleFactory(
        title="LinkedIn-Workshop", kind=Module.Kind.WORKSHOP,
        workshop_starts_at=timezone.now() + datetime.timedelta(days=5),
    )  # fmt: skip
    early = AssignmentFactory(user=employee, module=module, due_date=_future(10))
    late = AssignmentFactory(user=make_user("spaeter@example.com"), module=module, due_date=_future(90))
    new_day = timezone.localtime(timezone.now() + datetime.timedelta(days=60))
    form = {
        "title": module.title, "kind": "workshop", "estimated_minutes": "90", "pass_mark": "80",
        "max_attempts": "3", "renewal_mode": "rolling", "renewal_day": "1", "active": "on",
        "workshop_starts_at_0": formats.date_format(new_day, "SHORT_DATE_FORMAT"),
        "workshop_starts_at_1": "10:00",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    }  # fmt: skip
    url = reverse("admin:training_module_change", args=[module.pk])
    refused = hr_client.post(url, form)
    assert refused.status_code == 200
    assert "1 Person muss diesen Workshop vor dem" in refused.text
    assert "„Fälligkeiten davor auf seinen Tag legen“" in refused.text
    done = hr_client.post(url, {**form, "move_due_dates": "on"}, follow=True)
    assert "1 Person ist jetzt am Tag des Workshops fällig." in done.text
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.due_date == new_day.date()
    assert late.due_date == _future(90)  # after the workshop already
    assert early.history.count() == 2  # the move is in their history


def test_late_joiners_are_never_due_before_the_workshop_moved_past_the_campaigns_date(hr, sales):
    module = ModuleFactory(
        kind=Module.Kind.WORKSHOP, workshop_starts_at=timezone.now() + datetime.timedelta(days=5)
    )
    actions.create_campaign(
        name="Workshop", module=module, due_date=_future(10), created_by=hr, departments=[sales],
        enrol_late_joiners=True, late_joiner_days=1,
    )  # fmt: skip
    Module.objects.filter(pk=module.pk).update(
        workshop_starts_at=timezone.now() + datetime.timedelta(days=60)
    )
    make_user("neu@example.com", department=sales)
    assert actions.enrol_late_joiners() == 1
    joined = Assignment.objects.get(user__email="neu@example.com")
    assert joined.due_date == timezone.localdate(timezone.now() + datetime.timedelta(days=60))


def test_a_campaign_created_by_mistake_is_withdrawn_and_the_withdrawal_undone(hr_client, hr, employee, sales):
    """One click assigned everyone, and HR could only excuse them one by one."""
    colleague = make_user("kollege@example.com", department=sales, full_name="Karl Kollege")
    done = make_user("fertig@example.com", department=sales, full_name="Frieda Fertig")
    module = ModuleFactory(title="Stellenanzeigen teilen")
    campaign, created = actions.create_campaign(
        name="Versehen", module=module, due_date=_future(), created_by=hr, departments=[sales]
    )
    assert created == 3
    passed = Assignment.objects.get(user=done, module=module)
    Assignment.objects.filter(pk=passed.pk).update(status=Assignment.Status.PASSED)
    page = hr_client.get(reverse("training:hr_campaign", args=[campaign.pk])).text
    assert "Die 2 offenen Zuweisungen der Kampagne werden freigestellt" in page
    url = reverse("training:hr_campaign_withdraw", args=[campaign.pk])
    response = hr_client.post(url, {"action": "withdraw"}, follow=True)
    assert "2 offene Zuweisungen sind freigestellt" in response.text
    again = hr_client.post(url, {"action": "withdraw"}, follow=True)  # a second tab: nothing more
    assert "Die Kampagne wurde bereits zurückgezogen: Es hat sich nichts geändert." in again.text
    statuses = dict(Assignment.objects.filter(module=module).values_list("user__email", "status"))
    assert statuses == {employee.email: "excused", colleague.email: "excused", done.email: "passed"}
    excused = Assignment.objects.get(user=employee, module=module)
    assert excused.excused_reason.startswith("Kampagne „Versehen“ am ")
    assert excused.excused_reason.endswith(" zurückgezogen.")
    assert excused.history.first().history_user == hr  # each in the person's history, by whom
    # Nobody joins it later.
    make_user("neu@example.com", department=sales)
    assert actions.enrol_late_joiners() == 0
    assert "zurückgezogen" in hr_client.get(reverse("training:hr_campaigns")).text
    page = hr_client.get(reverse("training:hr_campaign", args=[campaign.pk])).text
    assert "werden nicht eingeschrieben (zurückgezogen)" in page
    assert "automatisch eingeschrieben" not in page
    # HR excused the colleague for another reason meanwhile: that stays.
    actions.excuse(Assignment.objects.get(user=colleague, module=module), "Elternzeit")
    response = hr_client.post(url, {"action": "undo"}, follow=True)
    assert "1 Zuweisung ist wieder fällig" in response.text
    statuses = dict(Assignment.objects.filter(module=module).values_list("user__email", "status"))
    assert statuses == {employee.email: "not_started", colleague.email: "excused", done.email: "passed"}
    campaign.refresh_from_db()
    assert campaign.withdrawn_at is None


def test_withdrawing_a_campaign_counts_the_people_its_page_lists(hr_client, hr, employee, sales):
    """A leaver's assignment is not on the campaign's page (nor in its numbers): the withdrawal
    said "3 open assignments" of the 2 people listed."""
    make_user("kollege@example.com", department=sales, full_name="Karl Kollege")
    leaver = make_user("weg@example.com", department=sales, full_name="Walter Weg")
    campaign, created = actions.create_campaign(
        name="Versehen", module=ModuleFactory(), due_date=_future(), created_by=hr, departments=[sales]
    )
    assert created == 3
    leaver.is_active = False
    leaver.save()
    page = hr_client.get(reverse("training:hr_campaign", args=[campaign.pk])).text
    assert "Walter Weg" not in page
    assert "Die 2 offenen Zuweisungen der Kampagne werden freigestellt" in page
    url = reverse("training:hr_campaign_withdraw", args=[campaign.pk])
    assert (
        "2 offene Zuweisungen sind freigestellt"
        in hr_client.post(url, {"action": "withdraw"}, follow=True).text
    )
    assert Assignment.objects.get(user=leaver).status == Assignment.Status.EXCUSED  # theirs too
    assert "2 Zuweisungen sind wieder fällig" in hr_client.post(url, {"action": "undo"}, follow=True).text


def test_the_campaign_list_marks_a_switched_off_module(hr_client, hr, employee, sales):
    """Its people overdue in the list, in neither the report nor the digest: the list says why."""
    module = ModuleFactory(title="Alt")
    actions.create_campaign(name="Alt", module=module, due_date=_future(), created_by=hr, departments=[sales])
    assert "inaktiv" not in hr_client.get(reverse("training:hr_campaigns")).text
    Module.objects.filter(pk=module.pk).update(active=False)
    text = " ".join(re.sub(r"<[^>]+>", " ", hr_client.get(reverse("training:hr_campaigns")).text).split())
    assert "Alt inaktiv" in text


def test_only_hr_withdraws_campaigns(client, hr, employee, comms):
    campaign, _ = actions.create_campaign(
        name="X", module=ModuleFactory(), due_date=_future(), created_by=hr, everyone=True
    )
    url = reverse("training:hr_campaign_withdraw", args=[campaign.pk])
    for person in (employee, comms):
        client.force_login(person)
        assert client.post(url, {"action": "withdraw"}).status_code == 403
    client.force_login(hr)
    assert client.get(url).status_code == 405
    campaign.refresh_from_db()
    assert campaign.withdrawn_at is None


def test_the_campaign_meant_instead_of_a_withdrawn_one_gets_its_people(hr, employee, sales):
    """Withdrawn first or second, the mistaken campaign left the right one with nobody."""
    colleague = make_user("kollege@example.com", department=sales)
    elsewhere = make_user("anderswo@example.com")
    module = ModuleFactory(title="Stellenanzeigen teilen")
    wrong, _ = actions.create_campaign(
        name="Alle (Versehen)", module=module, due_date=_future(), created_by=hr, everyone=True
    )
    assert actions.withdraw_campaign(wrong, hr) == (4, 0)  # hr, employee, colleague, elsewhere
    right, created = actions.create_campaign(
        name="Vertrieb", module=module, due_date=_future() + datetime.timedelta(days=7), created_by=hr,
        departments=[sales],
    )  # fmt: skip
    assert created == 2
    mine = Assignment.objects.get(user=employee, module=module)
    assert (mine.campaign, mine.status, mine.excused_reason) == (right, "not_started", "")
    assert mine.due_date == right.due_date
    assert mine.history.first().history_user == hr
    assert Assignment.objects.get(user=elsewhere, module=module).status == "excused"
    # A late joiner of the department: the right campaign's, though the withdrawn one had them.
    wrong.refresh_from_db()
    late = make_user("spaet@example.com")
    Assignment.objects.create(
        user=late, module=module, campaign=wrong, due_date=_future(), status="excused",
        excused_reason=wrong.withdrawal_note,
    )  # fmt: skip
    type(late).objects.filter(pk=late.pk).update(department=sales)
    assert actions.enrol_late_joiners() == 1
    assert Assignment.objects.get(user=late, module=module).campaign == right

    # The other way round: the right one first, then the mistaken one withdrawn.
    other_module = ModuleFactory(title="Krisenkommunikation")
    right, _ = actions.create_campaign(
        name="Vertrieb", module=other_module, due_date=_future(), created_by=hr, departments=[sales]
    )
    Assignment.objects.filter(module=other_module).delete()  # as if the mistaken one came first
    wrong, _ = actions.create_campaign(
        name="Alle", module=other_module, due_date=_future(), created_by=hr, everyone=True
    )
    excused, moved = actions.withdraw_campaign(wrong, hr)
    assert moved == 3  # employee, colleague and the late joiner: the department's campaign's now
    statuses = dict(Assignment.objects.filter(module=other_module).values_list("user__email", "status"))
    assert statuses[employee.email] == statuses[colleague.email] == "not_started"
    assert statuses[elsewhere.email] == "excused"
    assert Assignment.objects.get(user=employee, module=other_module).campaign == right


def test_a_withdrawal_hands_people_to_an_older_campaign_only_as_a_late_joiner(hr, sales):
    """An old Sales campaign (no late joiners, due two months ago) got a newcomer, overdue at once."""
    module = ModuleFactory()
    old, _ = actions.create_campaign(
        name="Vertrieb 2024", module=module, due_date=timezone.localdate() - datetime.timedelta(days=60),
        created_by=hr, departments=[sales], enrol_late_joiners=False,
    )  # fmt: skip
    newcomer = make_user("neu@example.com", department=sales)
    withdrawer = make_user("theo@example.com", full_name="Theo Dritter")
    wrong, _ = actions.create_campaign(
        name="Alle", module=module, due_date=_future(), created_by=hr, everyone=True
    )
    assert actions.withdraw_campaign(wrong, withdrawer)[1] == 0  # nobody goes to the old one
    assert Assignment.objects.get(user=newcomer, module=module).status == "excused"
    # With late joiners on, the newcomer is one: due the campaign's days from today.
    actions.undo_withdrawal(wrong, hr)
    Campaign.objects.filter(pk=old.pk).update(enrol_late_joiners=True, late_joiner_days=30)
    excused, moved = actions.withdraw_campaign(wrong, withdrawer)
    assert moved == 1
    mine = Assignment.objects.get(user=newcomer, module=module)
    assert (mine.campaign_id, mine.status) == (old.pk, "not_started")
    assert mine.due_date == timezone.localdate() + datetime.timedelta(days=30)
    assert mine.history.first().history_user == withdrawer  # who did it, not who made the campaign


def test_the_csv_export_lists_departments_in_the_readers_alphabetical_order(hr_client):
    """It was by the German names whatever the language ("Purchasing" (Einkauf) before "Human
    resources" (Personal) in English), umlauts after "Z" and people without a department first or
    last by database: as the report's table, the filter and the acknowledgement report read them."""
    overdue_in_bilingual_departments()
    people = [person for *_, person in BILINGUAL_DEPARTMENTS]

    def export(**headers) -> str:
        response = hr_client.get(reverse("training:hr_export"), headers=headers)
        return b"".join(response.streaming_content).decode("utf-8")

    assert in_order(export(accept_language="en"), people) == ENGLISH_ORDER
    assert in_order(export(), people) == GERMAN_ORDER


def test_the_report_lists_departments_and_modules_with_umlauts_among_their_letters(hr_client):
    overdue_in_bilingual_departments(ModuleFactory(title="Öffentliche Auftritte"))
    for title in ("Netiquette", "Zitate und Quellen"):
        AssignmentFactory(user=User.objects.get(email="otto@example.com"), module=ModuleFactory(title=title))
    page = hr_client.get(reverse("training:hr_report")).context
    by_module, by_department = (breakdown["rows"] for breakdown in page["breakdowns"])
    assert [row.label for row in by_module] == ["Netiquette", "Öffentliche Auftritte", "Zitate und Quellen"]
    assert [row.label for row in by_department] == [
        "Ärztlicher Dienst", "Einkauf", "Personal", "Vertrieb", "Ohne Abteilung",
    ]  # fmt: skip


def test_a_campaign_that_would_assign_nobody_is_not_created(hr_client, employee):
    """Named people who all have the module already: nothing to do, now or later; said, and the
    form keeps what was typed. A department campaign for late joiners is still created."""
    module = ModuleFactory()
    AssignmentFactory(user=employee, module=module, due_date=_future(5))
    data = {
        "name": "Nachzügler", "module": module.pk, "people": employee.email,
        "due_date": _future().isoformat(), "late_joiner_days": "14",
    }  # fmt: skip
    response = hr_client.post(reverse("training:hr_campaign_new"), data)
    assert response.status_code == 200
    assert "Es wurde keine Kampagne angelegt" in response.text
    assert "Nachzügler" in response.text
    assert not Campaign.objects.exists()
    assert Assignment.objects.get(user=employee, module=module).due_date == _future(5)

    response = hr_client.post(
        reverse("training:hr_campaign_new"),
        {**data, "people": "", "departments": [employee.department.pk], "enrol_late_joiners": "on"},
        follow=True,
    )
    assert Campaign.objects.count() == 1
    assert "0 neue Zuweisungen" in response.text


def test_the_people_with_a_status_are_listed_with_umlauts_among_their_letters(hr_client, department):
    """Listed by the bytes of the name, "Özlem Kaya" came after "Zoe Berg"."""
    names = ["Oliver Nord", "Özlem Kaya", "Paul Lang", "Zoe Berg"]
    module = ModuleFactory(title="Grundlagen")
    for name in reversed(names):
        user = make_user(f"{name.split()[1].lower()}@example.com", full_name=name, department=department)
        AssignmentFactory(user=user, module=module, status=Assignment.Status.NOT_STARTED)
    page = hr_client.get(reverse("training:hr_report"), {"status": "not_started"}).text
    assert in_order(page, names) == names


def test_a_campaigns_people_and_the_finder_list_umlauts_among_their_letters(hr_client, hr, department):
    """The report had them in a dictionary's order, the campaign's page "Özlem Kaya" after "Zoe Berg"."""
    names = ["Oliver Nord", "Özlem Kaya", "Paul Lang", "Zoe Berg"]
    for name in reversed(names):
        make_user(f"{name.split()[1].lower()}@example.com", full_name=name, department=department)
    campaign, _ = actions.create_campaign(
        name="Alle", module=ModuleFactory(), due_date=_future(), created_by=hr, departments=[department]
    )
    page = hr_client.get(reverse("training:hr_campaign", args=[campaign.pk])).text
    assert in_order(page, names) == names
    found = hr_client.get(reverse("training:hr_people_search"), {"find": "example.com"}).text
    assert in_order(found, names) == names


def test_lifting_an_excusal_past_the_due_date_says_it_is_overdue_and_stays_to_extend(hr_client, employee):
    """Back from parental leave after the due date: "due again" was an overdue reminder the next
    morning. HR is told, on the assignment's page, where the due date is extended."""
    assignment = AssignmentFactory(user=employee, due_date=timezone.localdate() - datetime.timedelta(days=40))
    url = reverse("training:hr_assignment", args=[assignment.pk])
    hr_client.post(url, {"action": "excuse", "excuse-reason": "Elternzeit"})
    report = reverse("training:hr_report")
    english = {"accept-language": "en"}
    response = hr_client.post(url, {"action": "reinstate", "next": report}, headers=english)
    assert response.url == f"{url}?next={report.replace('/', '%2F')}"
    page = hr_client.get(response.url, headers=english)
    text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    day = assignment.due_date
    assert f"the due date, {day.day} {day:%b %Y}, has passed: the training is overdue" in text
    assert "due again" not in text
    assert f'name="next" value="{report}"' in page.text
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OVERDUE


def test_a_workshop_with_an_end_and_no_start_is_refused():
    """Its calendar entry and reminders go by the start: an end alone told nobody when."""
    from django.core.exceptions import ValidationError

    tz = timezone.get_current_timezone()
    module = Module(
        title="LinkedIn-Workshop", kind=Module.Kind.WORKSHOP,
        workshop_ends_at=datetime.datetime(2027, 5, 12, 16, tzinfo=tz),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        module.full_clean()
    assert "workshop_starts_at" in refused.value.message_dict
