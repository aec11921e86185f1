"""The daily and weekly work: renewals, overdue marking, reminders, late joiners, HR digest."""

from __future__ import annotations

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Department
from portal.roles import Role, members
from tests.conftest import make_user
from tests.training.factories import (
    ENGLISH_ORDER,
    GERMAN_ORDER,
    AssignmentFactory,
    ModuleFactory,
    add_quiz,
    in_order,
    overdue_in_bilingual_departments,
    right_answers,
)
from training import actions, reminders, tasks
from training.models import Assignment, Module, SentReminder

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN)


def test_the_whole_cycle_campaign_quiz_renewal_reminders(
    django_capture_on_commit_callbacks, client, hr, employee, department
):
    """HR campaigns a department, the employee passes, a year passes, the module is due again."""
    module = ModuleFactory(title="Social-Media-Grundlagen", renewal_months=12, pass_mark=100)
    add_quiz(module)
    with time_machine.travel(berlin(2027, 1, 10, 9, 0), tick=False):
        actions.create_campaign(
            name="Vertrieb", module=module, due_date=datetime.date(2027, 1, 31), created_by=hr,
            departments=[department],
        )  # fmt: skip
        assignment = Assignment.objects.get(user=employee)
        client.force_login(employee)
        client.post(reverse("training:quiz", args=[assignment.pk]), {**right_answers(module), "attempt": "1"})
        assignment.refresh_from_db()
        assert assignment.status == Assignment.Status.PASSED
        assert assignment.valid_until == datetime.date(2028, 1, 10)
    # 30 days before it runs out, the renewal comes due, with the expiry as due date.
    with time_machine.travel(berlin(2027, 12, 10, 6, 0), tick=False):
        tasks.daily.delay()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PASSED
    with (
        time_machine.travel(berlin(2027, 12, 11, 6, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.daily.delay()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RENEWAL_DUE
    assert assignment.due_date == datetime.date(2028, 1, 10)
    assert assignment.cycle == 2
    # The round opening is told at once; then reminders: 7 days, 1 day before, on the day, then
    # weekly — each once, even when run twice.
    [notice] = [m for m in mail.outbox if m.to == [employee.email]]
    assert "Zeit für die Auffrischung: „Social-Media-Grundlagen“" in notice.subject
    mail.outbox.clear()
    for day in [3, 3, 9, 10, 10, 11, 16, 17, 17, 24]:
        with time_machine.travel(berlin(2028, 1, day, 6, 0), tick=False):
            tasks.daily.delay()
    keys = list(SentReminder.objects.order_by("sent_at").values_list("key", flat=True))
    assert keys == ["new-2", "before-7", "before-1", "before-0", "overdue-7", "overdue-14"]
    assert len(mail.outbox) == 5
    assert mail.outbox[0].to == [employee.email]
    assert "in 7 Tagen fällig" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert "Überfällig" in mail.outbox[-1].subject
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OVERDUE


def test_a_once_only_module_never_renews(employee):
    assignment = AssignmentFactory(user=employee, module=ModuleFactory(renewal_months=None))
    with time_machine.travel(berlin(2027, 3, 1, 12), tick=False):
        actions.record_attendance(assignment)
    assignment.refresh_from_db()
    assert assignment.valid_until is None
    with time_machine.travel(berlin(2035, 3, 1, 12), tick=False):
        actions.open_renewals()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PASSED


def test_a_renewals_reminder_says_it_is_a_renewal(django_capture_on_commit_callbacks, hr, department):
    """ "Your training is due on 10 January" to someone who passed it a year ago: "I did that!" The
    reminders of a renewal round say it is one (the subject, and the overdue ones, stay as they are)."""
    english = make_user(
        "en@example.com", department=department, full_name="Eve English", preferred_language="en"
    )
    module = ModuleFactory(title="Grundlagen", title_en="Basics", renewal_months=12)
    assignment = AssignmentFactory(
        user=english, module=module, status=Assignment.Status.PASSED,
        due_date=datetime.date(2027, 1, 31), valid_until=datetime.date(2028, 1, 10),
    )  # fmt: skip
    with (
        time_machine.travel(berlin(2027, 12, 11, 6, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.daily.delay()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RENEWAL_DUE
    mail.outbox.clear()
    for day in (3, 10):
        with time_machine.travel(berlin(2028, 1, day, 6, 0), tick=False):
            tasks.daily.delay()
    week_before, on_the_day = mail.outbox
    assert (
        "It is time to renew your training “Basics”: you completed it before, and the renewal is due on "
        "10 Jan 2028." in week_before.body
    )
    assert "renewal is due today." in on_the_day.body
    assert "renew" in week_before.alternatives[0][0]
    # A first round's reminder says nothing of renewing.
    first = AssignmentFactory(user=english, module=ModuleFactory(), due_date=datetime.date(2028, 1, 20))
    mail.outbox.clear()
    with time_machine.travel(berlin(2028, 1, 13, 6, 0), tick=False):
        tasks.daily.delay()
    [reminder] = mail.outbox
    assert f"Your training “{first.module.title_en}” is due on 20 Jan 2028." in reminder.body


@override_settings(TRAINING_RENEWAL_NOTICE_DAYS=0)
def test_fixed_date_renewal_is_every_january(employee):
    module = ModuleFactory(renewal_mode=Module.Renewal.FIXED_DATE, renewal_month=1, renewal_day=1)
    assignment = AssignmentFactory(user=employee, module=module)
    with time_machine.travel(berlin(2027, 6, 15, 12), tick=False):
        actions.record_attendance(assignment)
    assignment.refresh_from_db()
    assert assignment.valid_until == datetime.date(2028, 1, 1)
    with time_machine.travel(berlin(2027, 12, 31, 12), tick=False):
        assert actions.open_renewals() == 0
    with time_machine.travel(berlin(2028, 1, 1, 6), tick=False):
        assert actions.open_renewals() == 1
        assert actions.open_renewals() == 0  # twice changes nothing
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RENEWAL_DUE
    assert assignment.due_date == datetime.date(2028, 1, 1)


def test_completing_on_new_years_day_itself_counts_for_the_whole_year():
    module = Module(renewal_mode=Module.Renewal.FIXED_DATE, renewal_month=1, renewal_day=1)
    assert module.valid_until(datetime.date(2028, 1, 1)) == datetime.date(2029, 1, 1)
    rolling = Module(renewal_months=1)
    assert rolling.valid_until(datetime.date(2027, 1, 31)) == datetime.date(2027, 2, 28)


def test_completion_just_after_midnight_in_berlin_counts_for_the_berlin_day(employee):
    """23:30 UTC on 31 December is already 1 January in Berlin."""
    module = ModuleFactory(renewal_mode=Module.Renewal.FIXED_DATE, renewal_month=1, renewal_day=1)
    assignment = AssignmentFactory(user=employee, module=module)
    with time_machine.travel(datetime.datetime(2027, 12, 31, 23, 30, tzinfo=datetime.UTC), tick=False):
        actions.record_attendance(assignment)
    assignment.refresh_from_db()
    assert assignment.valid_until == datetime.date(2029, 1, 1)


def test_overdue_starts_at_midnight_berlin_not_utc(client, employee):
    assignment = AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10))
    # 23:59 in Berlin on the due day (21:59 UTC): still due today.
    with time_machine.travel(berlin(2027, 5, 10, 23, 59), tick=False):
        client.force_login(employee)
        assert actions.mark_overdue() == 0
        assert "überfällig" not in client.get(reverse("training:index")).text
    # 00:01 in Berlin the next day is still 10 May in UTC (22:01): overdue now.
    with time_machine.travel(berlin(2027, 5, 11, 0, 1), tick=False):
        assert "überfällig" in client.get(reverse("training:index")).text
        assert actions.mark_overdue() == 1
        assert actions.mark_overdue() == 0
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OVERDUE


def test_due_today_reminder_is_sent_on_the_berlin_day(employee):
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10))
    # 22:30 UTC on 9 May is 00:30 on 10 May in Berlin: "due today".
    with time_machine.travel(datetime.datetime(2027, 5, 9, 22, 30, tzinfo=datetime.UTC), tick=False):
        reminders.send_due_reminders()
    assert list(SentReminder.objects.values_list("key", flat=True)) == ["before-0"]
    assert "heute fällig" in mail.outbox[0].subject


def test_reminders_are_in_the_persons_language(employee):
    employee.preferred_language = "en"
    employee.save()
    AssignmentFactory(
        user=employee,
        module=ModuleFactory(title="Grundlagen", title_en="Basics"),
        due_date=datetime.date(2027, 5, 11),
    )
    with time_machine.travel(berlin(2027, 5, 10, 6), tick=False):
        reminders.send_due_reminders()
    assert mail.outbox[0].subject.endswith("Reminder: “Basics” is due tomorrow")
    assert "Hello Erika,\n\nYour training “Basics” is due on" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("profile", "browser", "subject"),
    [
        ("", "en", "Reminder: “Basics” is due tomorrow"),
        ("", "de", "Erinnerung: „Grundlagen“ ist morgen fällig"),
        ("de", "en", "Erinnerung: „Grundlagen“ ist morgen fällig"),
        ("en", "de", "Reminder: “Basics” is due tomorrow"),
    ],
)
def test_reminders_follow_the_browser_the_person_last_used_unless_the_profile_names_a_language(
    client, employee, profile, browser, subject
):
    """Someone who follows the browser (self-signup, single sign-on, HR left the language empty)
    got every mail in German, however they read the portal: now in the language they last signed
    in with. A language on the profile still wins."""
    employee.preferred_language = profile
    employee.save(update_fields=["preferred_language"])
    sign_in = {"login": employee.email, "password": "secret-pass-123"}
    for language in ("en", browser):  # once in English, then the last time in the browser's
        client.logout()
        assert (
            client.post(reverse("account_login"), sign_in, headers={"accept-language": language}).status_code
            == 302
        )
    AssignmentFactory(
        user=employee,
        module=ModuleFactory(title="Grundlagen", title_en="Basics"),
        due_date=datetime.date(2027, 5, 11),
    )
    with time_machine.travel(berlin(2027, 5, 10, 6), tick=False):
        reminders.send_due_reminders()
    [reminder] = mail.outbox
    assert reminder.subject.endswith(subject)


def test_a_missed_day_is_caught_up_with_one_mail(employee):
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10))
    with time_machine.travel(berlin(2027, 5, 9, 6), tick=False):  # 1 day before; 7 days before was missed
        assert reminders.send_due_reminders() == 1
    assert list(SentReminder.objects.values_list("key", flat=True)) == ["before-1"]


def test_no_reminders_for_completed_excused_or_far_away(employee):
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10), status=Assignment.Status.PASSED)
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10), status=Assignment.Status.EXCUSED)
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 8, 10))
    with time_machine.travel(berlin(2027, 5, 10, 6), tick=False):
        assert reminders.send_due_reminders() == 0
    assert mail.outbox == []


def test_a_failing_mail_is_retried_next_run(employee, monkeypatch):
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10))

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    with time_machine.travel(berlin(2027, 5, 10, 6), tick=False):
        monkeypatch.setattr(reminders, "send_mail_to", broken)
        assert reminders.send_due_reminders() == 0
        assert not SentReminder.objects.exists()
        monkeypatch.undo()
        assert reminders.send_due_reminders() == 1


@override_settings(TRAINING_REMINDER_DAYS=[3], TRAINING_OVERDUE_REMINDER_INTERVAL=0)
def test_reminder_offsets_are_configurable(employee):
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10))
    for day in [6, 7, 8, 10, 30]:
        with time_machine.travel(berlin(2027, 5, day, 6), tick=False):
            reminders.send_due_reminders()
    assert list(SentReminder.objects.values_list("key", flat=True)) == ["before-3"]


def _campaign(hr, department, module, due_date, **options):
    return actions.create_campaign(
        name="Grundlagen",
        module=module,
        due_date=due_date,
        created_by=hr,
        departments=[department],
        **options,
    )


def test_people_hear_of_a_new_campaign_at_once_in_their_language_and_once(
    django_capture_on_commit_callbacks, hr, employee, department
):
    """They heard of a training a week before it was due: "due in 7 days" was the first they knew."""
    english = make_user("en@example.com", department=department, full_name="Eve", preferred_language="en")
    make_user("weg@example.com", department=department, is_active=False)
    module = ModuleFactory(title="Grundlagen", title_en="Basics", estimated_minutes=20)
    with (
        time_machine.travel(berlin(2027, 1, 10, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _campaign(hr, department, module, datetime.date(2027, 2, 28))
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {employee.email, english.email}
    german, in_english = by_address[employee.email], by_address[english.email]
    assert german.subject.endswith("Neue Schulung: „Grundlagen“")
    assert (
        "Hallo Erika,\n\ndie Personalabteilung hat Ihnen eine Schulung zugewiesen. Ihre Schulung „Grundlagen“ ist am "
        "28. Februar 2027 fällig." in german.body
    )
    assert in_english.subject.endswith("New training: “Basics”")
    assert "HR has assigned you a training. Your training “Basics” is due on 28 Feb 2027." in in_english.body
    assert "It takes about 20 minutes." in in_english.body
    assignment = Assignment.objects.get(user=english)
    assert reverse("training:detail", args=[assignment.pk]) in in_english.body
    assert "Basics" in in_english.alternatives[0][0]
    # Told once: the task again, HR moving the due date, the daily run — no second notice.
    mail.outbox.clear()
    assert tasks.send_assignment_notices.delay([assignment.pk]).get() == 0
    actions.extend_due_date(assignment, datetime.date(2027, 3, 31), shown=assignment.due_date)
    with time_machine.travel(berlin(2027, 1, 11, 6), tick=False):
        tasks.daily.delay()
    assert mail.outbox == []


def test_a_notice_makes_the_first_reminder_no_news(
    django_capture_on_commit_callbacks, hr, employee, department
):
    with (
        time_machine.travel(berlin(2027, 5, 5, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _campaign(hr, department, ModuleFactory(), datetime.date(2027, 5, 10))
    assert len(mail.outbox) == 1
    sent = []
    for day in range(6, 12):
        with time_machine.travel(berlin(2027, 5, day, 6), tick=False):
            tasks.daily.delay()
        sent += [(day, m.subject) for m in mail.outbox[1 + len(sent) :]]
    # Not "due in 5 days" the morning after the notice said it; the day before and on the day, yes.
    assert [day for day, _subject in sent] == [9, 10]
    assert list(SentReminder.objects.order_by("sent_at").values_list("key", flat=True)) == [
        "new-1", "before-1", "before-0",
    ]  # fmt: skip


def test_the_daily_run_tells_those_the_immediate_notice_missed_and_no_one_from_before(
    hr, employee, department
):
    """The broker was down when HR saved the campaign (its task never ran): the next morning's run
    sends the notice. Assignments older than notices, or reminded already, get none."""
    colleague = make_user("kollegin@example.com", department=department)
    with time_machine.travel(berlin(2027, 1, 1, 9), tick=False):
        old = AssignmentFactory(user=colleague, due_date=datetime.date(2027, 3, 31))
    with time_machine.travel(berlin(2027, 1, 9, 9), tick=False):
        reminded = AssignmentFactory(user=colleague, due_date=datetime.date(2027, 1, 16))
    SentReminder.objects.create(assignment=reminded, due_date=reminded.due_date, key="before-7")
    with time_machine.travel(berlin(2027, 1, 10, 9), tick=False):
        _campaign(hr, department, ModuleFactory(), datetime.date(2027, 2, 28))  # its on_commit never runs
    assert mail.outbox == []
    with time_machine.travel(berlin(2027, 1, 11, 6), tick=False):
        assert reminders.send_assignment_notices() == 2  # the campaign's two people
        assert reminders.send_assignment_notices() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([employee.email, colleague.email])
    assert not SentReminder.objects.filter(assignment=old).exists()
    assert list(SentReminder.objects.filter(assignment=reminded).values_list("key", flat=True)) == [
        "before-7"
    ]


def test_people_a_new_campaign_takes_over_from_a_withdrawn_one_are_told_again(
    django_capture_on_commit_callbacks, hr, employee, department
):
    """Campaign A, withdrawn (the wrong date): its people's page said "excused". Campaign B takes
    them over with its own date; the notice of A was all they had heard."""
    module = ModuleFactory(title="Grundlagen")
    with (
        time_machine.travel(berlin(2027, 1, 10, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        wrong, _created = _campaign(hr, department, module, datetime.date(2027, 1, 31))
    actions.withdraw_campaign(wrong, hr)
    with (
        time_machine.travel(berlin(2027, 1, 11, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _campaign(hr, department, module, datetime.date(2027, 3, 31))
    first, second = [m for m in mail.outbox if m.to == [employee.email]]
    assert "31. Januar 2027" in first.body
    assert "Ihre Schulung „Grundlagen“ ist am 31. März 2027 fällig." in second.body
    # The broker down when B was saved: the next morning's run tells them, too.
    SentReminder.objects.filter(sent_at__gte=berlin(2027, 1, 11)).delete()
    with time_machine.travel(berlin(2027, 1, 12, 6), tick=False):
        assert reminders.send_assignment_notices() == 1


def test_a_failing_notice_is_sent_by_the_next_run(hr, employee, department, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    with time_machine.travel(berlin(2027, 1, 10, 9), tick=False):
        _campaign(hr, department, ModuleFactory(), datetime.date(2027, 2, 28))
        monkeypatch.setattr(reminders, "send_mail_to", broken)
        assert reminders.send_assignment_notices(Assignment.objects.values_list("pk", flat=True)) == 0
        assert not SentReminder.objects.exists()
        monkeypatch.undo()
    with time_machine.travel(berlin(2027, 1, 11, 6), tick=False):
        assert reminders.send_assignment_notices() == 1
    assert len(mail.outbox) == 1


def test_a_late_joiner_hears_of_the_training_when_enrolled(
    django_capture_on_commit_callbacks, hr, department
):
    with time_machine.travel(berlin(2027, 3, 1, 9), tick=False):
        _campaign(hr, department, ModuleFactory(title="Grundlagen"), datetime.date(2027, 3, 31))
    with (
        time_machine.travel(berlin(2027, 6, 1, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        newcomer = make_user("neu@example.com", department=department, preferred_language="de")
    [notice] = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert "Ihre Schulung „Grundlagen“ ist am 1. Juli 2027 fällig." in notice.body  # 30 days on


def test_a_workshop_notice_says_when_and_where(django_capture_on_commit_callbacks, hr, employee, department):
    module = ModuleFactory(
        title="LinkedIn-Workshop", kind=Module.Kind.WORKSHOP, workshop_location="Raum 2.14",
        workshop_starts_at=berlin(2027, 5, 12, 14), workshop_ends_at=berlin(2027, 5, 12, 16),
    )  # fmt: skip
    with (
        time_machine.travel(berlin(2027, 4, 20, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _campaign(hr, department, module, datetime.date(2027, 5, 19))
    [notice] = mail.outbox
    assert notice.subject.endswith("Workshop „LinkedIn-Workshop“ am 12. Mai 2027")
    assert (
        "die Personalabteilung hat Sie für einen Workshop angemeldet. Ihr Workshop „LinkedIn-Workshop“ "
        "findet am 12. Mai 2027 um 14:00 statt. Ort: Raum 2.14." in notice.body
    )


def test_notices_are_named_among_the_reminders_sent():
    with translation.override("en"):
        assert reminders.reminder_label("new-1") == "when it was assigned"
        assert reminders.reminder_label("new-2") == "when the renewal round opened"
    assert reminders.reminder_label("new-1") == "bei der Zuweisung"


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_reminder_once(employee):
    if connection.vendor == "sqlite":
        pytest.skip("needs a database server for real concurrency; the unique constraint is tested above")
    for _ in range(5):
        AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 10))
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            with time_machine.travel(berlin(2027, 5, 10, 6), tick=False):
                reminders.send_due_reminders()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SentReminder.objects.count() == 5
    assert len(mail.outbox) == 5


def test_late_joiner_is_enrolled_with_due_date_after_joining(
    django_capture_on_commit_callbacks, hr, department
):
    module = ModuleFactory()
    with time_machine.travel(berlin(2027, 3, 1, 9), tick=False):
        actions.create_campaign(
            name="Vertrieb", module=module, due_date=datetime.date(2027, 3, 31), created_by=hr,
            departments=[department], late_joiner_days=14,
        )  # fmt: skip
    with (
        time_machine.travel(berlin(2027, 6, 1, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        newcomer = make_user("neu@example.com", department=department)
    assignment = Assignment.objects.get(user=newcomer)
    assert assignment.due_date == datetime.date(2027, 6, 15)
    assert assignment.module == module


def test_a_late_joiner_is_never_due_before_everyone_else(django_capture_on_commit_callbacks, hr, department):
    with time_machine.travel(berlin(2027, 3, 1, 9), tick=False):
        actions.create_campaign(
            name="Jahresauffrischung", module=ModuleFactory(), due_date=datetime.date(2027, 5, 31),
            created_by=hr, departments=[department], late_joiner_days=14,
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            newcomer = make_user("neu@example.com", department=department)
    assert Assignment.objects.get(user=newcomer).due_date == datetime.date(2027, 5, 31)


def test_person_moving_into_a_targeted_department_is_enrolled(
    django_capture_on_commit_callbacks, hr, department
):
    other = Department.objects.create(name="Marketing")
    person = make_user("wechsel@example.com", department=other)
    module = ModuleFactory()
    actions.create_campaign(
        name="V", module=module, due_date=datetime.date(2030, 1, 1), created_by=hr, departments=[department]
    )
    assert not Assignment.objects.filter(user=person).exists()
    with django_capture_on_commit_callbacks(execute=True):
        person.department = department
        person.save(update_fields=["department"])
    assert Assignment.objects.filter(user=person, module=module).count() == 1
    # The daily task finds nothing more to do; signing in (last_login) enrols nothing.
    assert actions.enrol_late_joiners() == 0


def test_company_wide_campaign_enrols_new_people_via_daily_task(hr):
    module = ModuleFactory()
    actions.create_campaign(
        name="Alle", module=module, due_date=datetime.date(2027, 1, 1), created_by=hr, everyone=True
    )
    newcomer = make_user("neu@example.com")  # no on-commit here: the daily task catches them
    with time_machine.travel(berlin(2027, 6, 1, 9), tick=False):
        tasks.daily.delay()
    assert Assignment.objects.get(user=newcomer).due_date == datetime.date(2027, 7, 1)
    tasks.daily.delay()
    assert Assignment.objects.filter(user=newcomer).count() == 1


def test_campaign_without_late_joiners_leaves_newcomers_alone(hr, department):
    actions.create_campaign(
        name="Einmalig", module=ModuleFactory(), due_date=datetime.date(2030, 1, 1), created_by=hr,
        departments=[department], enrol_late_joiners=False,
    )  # fmt: skip
    newcomer = make_user("neu@example.com", department=department)
    assert actions.enrol_late_joiners() == 0
    assert not Assignment.objects.filter(user=newcomer).exists()


def test_weekly_digest_lists_overdue_people_per_department_once(hr, employee):
    AssignmentFactory(
        user=employee, module=ModuleFactory(title="Krisenkommunikation"), due_date=datetime.date(2027, 5, 1)
    )
    with time_machine.travel(berlin(2027, 5, 10, 7), tick=False):
        assert tasks.weekly_hr_digest.delay().get() == 1
        assert tasks.weekly_hr_digest.delay().get() == 0
    assert mail.outbox[0].to == [hr.email]
    assert "Vertrieb" in mail.outbox[0].body
    assert "Erika Mustermann: Krisenkommunikation" in mail.outbox[0].body


def test_the_weekly_digest_leaves_out_deactivated_modules(hr, employee):
    AssignmentFactory(user=employee, module=ModuleFactory(active=False), due_date=datetime.date(2027, 5, 1))
    with time_machine.travel(berlin(2027, 5, 10, 7), tick=False):
        tasks.weekly_hr_digest.delay().get()
    assert "Erika Mustermann" not in "".join(message.body for message in mail.outbox)


def test_plain_text_mails_and_subjects_are_not_html_escaped(hr, employee):
    employee.department = Department.objects.create(name="Forschung & Entwicklung")
    employee.full_name = "Erika O'Brien"
    employee.save()
    AssignmentFactory(
        user=employee,
        module=ModuleFactory(title='Q&A: <Tipps> für "Profis"'),
        due_date=datetime.date(2027, 5, 11),
    )
    with time_machine.travel(berlin(2027, 5, 10, 6), tick=False):
        reminders.send_due_reminders()
    with time_machine.travel(berlin(2027, 5, 17, 7), tick=False):
        tasks.weekly_hr_digest.delay().get()
    reminder, digest = mail.outbox[0], mail.outbox[-1]
    assert 'Q&A: <Tipps> für "Profis"' in reminder.subject
    assert 'Q&A: <Tipps> für "Profis"' in reminder.body
    assert "Forschung & Entwicklung" in digest.body
    assert "Erika O'Brien" in digest.body
    assert "&amp;" not in reminder.subject + reminder.body + digest.subject + digest.body
    assert "&lt;Tipps&gt;" in reminder.alternatives[0][0]  # the HTML part stays escaped


def test_a_refused_hr_address_does_not_stop_the_weekly_digest_for_the_others(refuse_mail_to, hr, employee):
    second = make_user("hr2@example.com", Role.HR)
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 1))
    refuse_mail_to.add(members(Role.HR)[0].email)  # the first one mailed
    with time_machine.travel(berlin(2027, 5, 10, 7), tick=False):
        assert tasks.weekly_hr_digest.delay().get() == 1
        refuse_mail_to.clear()
        assert tasks.weekly_hr_digest.delay().get() == 1  # the refused one is tried again
    assert sorted(message.to[0] for message in mail.outbox) == sorted([hr.email, second.email])


def test_the_january_refresh_done_in_november_counts_for_the_coming_year():
    """Done on 28 November for a campaign due 12 January, it ran out on 1 January: due again
    within five weeks, before the campaign's own deadline."""
    module = Module(renewal_mode=Module.Renewal.FIXED_DATE, renewal_month=1, renewal_day=1)
    assert module.valid_until(datetime.date(2026, 11, 28), datetime.date(2027, 1, 12)) == datetime.date(
        2028, 1, 1
    )
    assert module.valid_until(datetime.date(2026, 12, 20), datetime.date(2027, 1, 1)) == datetime.date(
        2028, 1, 1
    )
    # Done late, or for a deadline long before the date, as before.
    assert module.valid_until(datetime.date(2027, 3, 20), datetime.date(2027, 2, 15)) == datetime.date(
        2028, 1, 1
    )
    assert module.valid_until(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)) == datetime.date(
        2027, 1, 1
    )


def test_a_completed_january_refresh_is_not_renewed_a_month_later(employee):
    module = ModuleFactory(renewal_mode=Module.Renewal.FIXED_DATE, renewal_month=1, renewal_day=1)
    assignment = AssignmentFactory(user=employee, module=module, due_date=datetime.date(2027, 1, 12))
    with time_machine.travel(berlin(2026, 11, 28, 10), tick=False):
        actions.complete_by_employee(assignment)
    with time_machine.travel(berlin(2026, 12, 2, 6), tick=False):
        assert actions.open_renewals() == 0
    assignment.refresh_from_db()
    assert (assignment.status, assignment.valid_until) == (
        Assignment.Status.PASSED,
        datetime.date(2028, 1, 1),
    )


def test_workshop_reminders_count_to_the_workshop_day_and_say_when_and_where(employee):
    """They counted to the due date a week after the workshop: "due in 7 days" on the workshop's
    day without its time or place, and "due tomorrow" when it was long over."""
    module = ModuleFactory(
        title="LinkedIn-Workshop", kind=Module.Kind.WORKSHOP, workshop_location="Raum 2.14",
        workshop_starts_at=berlin(2027, 5, 12, 14), workshop_ends_at=berlin(2027, 5, 12, 16),
    )  # fmt: skip
    AssignmentFactory(user=employee, module=module, due_date=datetime.date(2027, 5, 19))
    sent = []
    for day in range(4, 21):  # 4 to 20 May, every morning
        with time_machine.travel(berlin(2027, 5, day, 6), tick=False):
            reminders.send_due_reminders()
        sent += [(day, m.subject) for m in mail.outbox[len(sent) :]]
    assert [day for day, _subject in sent] == [5, 11, 12]  # 7 days, 1 day before, on the day; none after
    assert sent[0][1].endswith("Erinnerung: Workshop „LinkedIn-Workshop“ in 7 Tagen")
    assert sent[2][1].endswith("Erinnerung: Workshop „LinkedIn-Workshop“ heute")
    body = mail.outbox[0].body
    assert "Ihr Workshop „LinkedIn-Workshop“ findet am 12. Mai 2027 um 14:00 statt. Ort: Raum 2.14." in body
    assert "dauert" not in body  # "Sie dauert etwa …" read as addressing the reader


def test_a_moved_workshop_is_reminded_again_and_a_renewal_round_by_its_due_date(employee):
    module = ModuleFactory(
        title="LinkedIn-Workshop", kind=Module.Kind.WORKSHOP, renewal_months=12,
        workshop_starts_at=berlin(2027, 5, 12, 14), workshop_ends_at=berlin(2027, 5, 12, 16),
    )  # fmt: skip
    with time_machine.travel(berlin(2027, 5, 1, 6), tick=False):
        assignment = AssignmentFactory(user=employee, module=module, due_date=datetime.date(2027, 6, 30))
    with time_machine.travel(berlin(2027, 5, 5, 6), tick=False):
        assert reminders.send_due_reminders() == 1  # a week before
    Module.objects.filter(pk=module.pk).update(
        workshop_starts_at=berlin(2027, 5, 26, 14), workshop_ends_at=berlin(2027, 5, 26, 16)
    )
    with time_machine.travel(berlin(2027, 5, 19, 6), tick=False):
        assert reminders.send_due_reminders() == 1  # a week before the new day
    assert "26. Mai 2027" in mail.outbox[-1].body
    # Next year's round of the training: last year's workshop is not it; the due date counts.
    Assignment.objects.filter(pk=assignment.pk).update(cycle=2, due_date=datetime.date(2028, 5, 31))
    with time_machine.travel(berlin(2028, 5, 30, 6), tick=False):
        assert reminders.send_due_reminders() == 1
    assert "fällig" in mail.outbox[-1].subject


def test_the_weekly_digest_lists_departments_in_each_recipients_alphabetical_order(hr):
    """English recipients got the German order ("Purchasing" (Einkauf) before "Human resources"
    (Personal)); umlauts came after "Z"."""
    english = make_user("hr-en@example.com", Role.HR, preferred_language="en")
    with time_machine.travel(berlin(2027, 5, 10, 7), tick=False):
        overdue_in_bilingual_departments()
        assert tasks.weekly_hr_digest.delay().get() == 2
    digests = {message.to[0]: message for message in mail.outbox}
    for address, order in ((english.email, ENGLISH_ORDER), (hr.email, GERMAN_ORDER)):
        for text in (digests[address].body, digests[address].alternatives[0][0]):
            assert in_order(text, ENGLISH_ORDER) == order
    assert "Human resources (1)" in digests[english.email].body
    assert "No department (1)" in digests[english.email].body
    assert "Ärztlicher Dienst (1)" in digests[hr.email].body


UMLAUT_NAMES = ["Oliver Nord", "Özlem Kaya", "Paul Lang", "Zoe Berg"]  # as a German dictionary has them


def test_the_weekly_digest_lists_people_with_umlauts_among_their_letters(hr, department):
    """By the bytes of the name, "Özlem Kaya" came after "Zoe Berg" (SQLite, and PostgreSQL with
    the C collation): HR looking for her under O did not find her."""
    module = ModuleFactory(title="Grundlagen")
    for name in reversed(UMLAUT_NAMES):
        user = make_user(f"{name.split()[1].lower()}@example.com", full_name=name, department=department)
        AssignmentFactory(
            user=user, module=module, due_date=timezone.localdate() - datetime.timedelta(days=3)
        )
    reminders.send_hr_digest()
    [digest] = mail.outbox
    assert in_order(digest.body, UMLAUT_NAMES) == UMLAUT_NAMES
