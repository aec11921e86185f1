"""The trainings' part of a person's download (portal.personal_data): what the history keeps of
their assignments (whether they or someone else changed them, never who), the reminders sent, the
answers they chose, excusals by a withdrawn campaign, and HR's digests."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.portal.test_personal_data import download
from tests.training.factories import AssignmentFactory, ModuleFactory, add_quiz
from training import actions, reminders
from training.models import Choice, SentReminder

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_history_of_ones_assignments_says_whether_you_someone_else_or_the_portal_changed_them(
    employee_client, employee, hr
):
    today = timezone.localdate()
    read = AssignmentFactory(user=employee, module=ModuleFactory(title="Gelesen", title_en="Read"))
    excused = AssignmentFactory(user=employee, module=ModuleFactory(title="Freigestellt", title_en="Excused"))
    AssignmentFactory(
        user=employee,
        module=ModuleFactory(title="Verspätet", title_en="Late"),
        due_date=today - datetime.timedelta(days=1),
    )
    removed = AssignmentFactory(user=employee, module=ModuleFactory(title="Entfernt", title_en="Removed"))
    AssignmentFactory(user=hr, module=read.module)  # HR's own: not in the employee's download
    employee_client.post(reverse("training:complete", args=[read.pk]))
    hr_client = signed_in(hr)
    hr_client.post(
        reverse("training:hr_assignment", args=[excused.pk]),
        {"action": "excuse", "excuse-reason": "Elternzeit"},
    )
    actions.mark_overdue()
    removed._history_user = hr
    removed.delete()

    data = download(employee_client, accept_language="en")
    changes = [
        (c["module"], c["action"], c["status"]["code"], c["changed_by"]["code"])
        for c in data["training_history"]
    ]
    assert ("Read", "changed", "passed", "you") in changes
    assert ("Excused", "changed", "excused", "someone_else") in changes
    assert ("Late", "changed", "overdue", "the_portal") in changes
    assert ("Removed", "deleted", "not_started", "someone_else") in changes  # gone, and still on record
    assert len(changes) == 4 + 4  # and each one's creation
    [excusal] = [c for c in data["training_history"] if c["status"]["code"] == "excused"]
    assert excusal["status"]["label"] == "excused"
    assert excusal["reason_for_excusal"] == "Elternzeit"
    assert excusal["changed_by"] == {"code": "someone_else", "label": "someone else"}
    text = json.dumps(data, ensure_ascii=False)
    assert "Hanna" not in text  # who else changed it is HR's data
    assert hr.email not in text
    assert [c["module"] for c in download(hr_client)["training_history"]] == ["Gelesen"]


def test_the_reminders_sent_for_an_assignment_are_named_in_the_readers_words(employee_client, employee):
    assignment = AssignmentFactory(user=employee, due_date=timezone.localdate() + datetime.timedelta(days=7))
    AssignmentFactory(user=make_user("kollegin@example.com"), due_date=assignment.due_date)
    assert reminders.send_due_reminders() == 2
    for key in ("overdue-14", "ws-20270512-3", "ws-20270512-0"):
        SentReminder.objects.create(assignment=assignment, due_date=assignment.due_date, key=key)

    [training] = download(employee_client, accept_language="en")["trainings"]
    assert [r["reminder"] for r in training["reminders_sent"]] == [
        {"code": "before-7", "label": "7 days before the due date"},
        {"code": "overdue-14", "label": "14 days after the due date"},
        {"code": "ws-20270512-3", "label": "3 days before the workshop"},
        {"code": "ws-20270512-0", "label": "on the day of the workshop"},
    ]
    assert training["reminders_sent"][0]["for_due_date"] == assignment.due_date.isoformat()


def test_the_answers_one_chose_in_each_quiz_attempt_are_in_the_download_and_nobody_elses(
    employee_client, employee, django_assert_max_num_queries
):
    module = ModuleFactory(title="UWG", pass_mark=100)
    quiz = add_quiz(module)
    mine = AssignmentFactory(user=employee, module=module)
    theirs = AssignmentFactory(user=make_user("kollegin@example.com"), module=module)
    single, multiple = quiz["single"], quiz["multiple"]
    no, website = Choice.objects.get(text="Nein"), Choice.objects.get(text="B: Die Website")
    right = [str(c.pk) for c in multiple.choices.filter(is_correct=True)]
    employee_client.post(
        reverse("training:quiz", args=[mine.pk]),
        {f"q{single.pk}": [str(no.pk)], f"q{multiple.pk}": right, "attempt": "1"},
    )
    signed_in(theirs.user).post(
        reverse("training:quiz", args=[theirs.pk]),
        {f"q{single.pk}": [str(no.pk)], f"q{multiple.pk}": [str(website.pk)], "attempt": "1"},
    )

    data = download(employee_client)
    [attempt] = data["trainings"][0]["quiz_attempts"]
    assert attempt["answers"] == [
        {"question": "Muss ich meinen Arbeitgeber nennen?", "chosen": ["Nein"], "answered_right": False},
        {
            "question": "Was ist vertraulich?",
            "chosen": ["A: Umsatzzahlen", "C: Kundenprojekte"],
            "answered_right": True,
        },
    ]
    assert "Die Website" not in json.dumps(data, ensure_ascii=False)  # the colleague's answer
    no.delete()  # HR deletes an answer since: that it was chosen is still told
    with django_assert_max_num_queries(32) as before:
        answers = download(employee_client, accept_language="en")["trainings"][0]["quiz_attempts"][0][
            "answers"
        ]
    queries = len(before.captured_queries)  # counted now: the next request empties the log
    assert answers[0]["chosen"] == ["(deleted since)"]
    employee_client.post(
        reverse("training:quiz", args=[mine.pk]),
        {f"q{single.pk}": [str(single.choices.get().pk)], f"q{multiple.pk}": right, "attempt": "2"},
    )
    with django_assert_max_num_queries(queries):  # more attempts, no more queries
        assert len(download(employee_client)["trainings"][0]["quiz_attempts"]) == 2


def test_an_excusal_by_a_withdrawn_campaign_says_so(employee_client, employee, hr):
    module = ModuleFactory(title="Herbst")
    campaign, _new = actions.create_campaign(
        name="Herbstschulung", module=module, due_date=timezone.localdate() + datetime.timedelta(days=30),
        created_by=hr, people=[employee],
    )  # fmt: skip
    actions.withdraw_campaign(campaign, hr)
    excused = AssignmentFactory(user=employee, module=ModuleFactory(title="Elternzeit"))
    actions.excuse(excused, "Elternzeit")
    AssignmentFactory(user=employee, module=ModuleFactory(title="Offen"))

    by_module = {t["module"]: t for t in download(employee_client)["trainings"]}
    assert by_module["Herbst"]["status"]["code"] == "excused"
    assert by_module["Herbst"]["excused_because_the_campaign_was_withdrawn"] is True
    assert "Herbstschulung" in by_module["Herbst"]["reason_for_excusal"]
    assert by_module["Elternzeit"]["excused_because_the_campaign_was_withdrawn"] is False
    assert by_module["Offen"]["excused_because_the_campaign_was_withdrawn"] is None  # not excused


def test_hr_finds_the_weeks_the_overdue_digest_went_to_them(employee_client, employee, hr):
    AssignmentFactory(user=employee, due_date=timezone.localdate() - datetime.timedelta(days=3))
    assert reminders.send_hr_digest() == 1

    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    assert download(signed_in(hr))["training_digests_sent_for_weeks_of"] == [monday.isoformat()]
    assert download(employee_client)["training_digests_sent_for_weeks_of"] == []
