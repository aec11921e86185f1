"""A mail server refusing one recipient neither fails what caused the mail nor stops the others."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from contacts import actions
from contacts.models import Question, QuestionRecipient
from tests.contacts.factories import QuestionFactory
from tests.contacts.test_questions import ask

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def test_a_refused_advisor_address_does_not_fail_asking(
    django_capture_on_commit_callbacks,
    refuse_mail_to,
    employee_client,
    advisor_profile,
    second_advisor,
    topic,
):
    refuse_mail_to.add(advisor_profile.user.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(employee_client, topic=topic.pk)
    assert response.status_code == 302
    assert Question.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[second_advisor.user.email]]


def test_reminders_go_on_after_a_refused_address_and_retry_it(
    refuse_mail_to, advisor_profile, second_advisor
):
    created = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
    first, second = QuestionFactory(created_at=created), QuestionFactory(created_at=created)
    QuestionRecipient.objects.create(question=first, advisor=advisor_profile)
    QuestionRecipient.objects.create(question=second, advisor=second_advisor)
    refuse_mail_to.add(advisor_profile.user.email)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 30, tzinfo=BERLIN)):
        assert actions.remind_unanswered() == 1
        assert [m.to for m in mail.outbox] == [[second_advisor.user.email]]
        first.refresh_from_db()
        assert first.last_reminded_on is None  # not reminded: the next run tries again
        refuse_mail_to.clear()
        assert actions.remind_unanswered() == 1
    assert [m.to for m in mail.outbox][-1] == [advisor_profile.user.email]


def test_a_refused_asker_address_does_not_lose_the_answer(
    django_capture_on_commit_callbacks, refuse_mail_to, employee, employee_client, advisor_client, topic
):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    refuse_mail_to.add(employee.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = advisor_client.post(question.get_inbox_url(), {"answer": "Ja, gern."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Ja, gern."
