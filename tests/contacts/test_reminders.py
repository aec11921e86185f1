"""Daily reminders: unanswered questions after 2 working days, stale profiles."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from contacts.models import Question, QuestionRecipient
from contacts.tasks import remind_profile_confirmations, remind_unanswered_questions
from tests.contacts.factories import AdvisorFactory, QuestionFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def friday_question(advisor_profile) -> Question:
    # Friday 27 November 2026, 10:00: two working days later is Tuesday 10:00.
    question = QuestionFactory(created_at=at(2026, 11, 27, 10, 0))
    QuestionRecipient.objects.create(question=question, advisor=advisor_profile)
    return question


def test_no_reminder_before_two_working_days_have_passed(friday_question):
    with time_machine.travel(at(2026, 11, 30, 11, 0)):  # Monday: only one working day
        assert remind_unanswered_questions.delay().get() == 0
    assert mail.outbox == []


def test_weekend_does_not_count_as_working_days(friday_question):
    with time_machine.travel(at(2026, 12, 1, 9, 0)):  # Tuesday 9:00, not yet 10:00
        assert remind_unanswered_questions() == 0
    with time_machine.travel(at(2026, 12, 1, 10, 30)):
        assert remind_unanswered_questions() == 1
    assert [m.to for m in mail.outbox] == [["advisor@example.com"]]
    assert "Frage" in mail.outbox[0].subject


def test_reminder_runs_at_most_once_per_question_and_day(friday_question):
    with time_machine.travel(at(2026, 12, 1, 10, 30)):
        assert remind_unanswered_questions() == 1
        assert remind_unanswered_questions() == 0  # the task ran twice: nothing new
    with time_machine.travel(at(2026, 12, 1, 23, 0)):
        assert remind_unanswered_questions() == 0
    with time_machine.travel(at(2026, 12, 2, 8, 5)):  # the next day: remind again
        assert remind_unanswered_questions() == 1
    assert len(mail.outbox) == 2


def test_answered_and_closed_questions_are_not_reminded(friday_question):
    Question.objects.filter(pk=friday_question.pk).update(status=Question.Status.ANSWERED)
    with time_machine.travel(at(2026, 12, 3, 10, 0)):
        assert remind_unanswered_questions() == 0


def test_fallback_questions_remind_communications(comms):
    QuestionFactory(created_at=at(2026, 11, 23, 10, 0), routed_to=Question.Route.COMMUNICATIONS)
    with time_machine.travel(at(2026, 11, 26, 10, 0)):
        assert remind_unanswered_questions() == 1
    assert [m.to for m in mail.outbox] == [["comms@example.com"]]


def test_reminder_for_an_anonymous_question_does_not_name_the_asker(advisor_profile, employee):
    from contacts.models import AnonymousAsking

    question = QuestionFactory(created_at=at(2026, 11, 23, 10, 0), is_anonymous=True)
    AnonymousAsking.objects.create(question=question, asker=employee)
    QuestionRecipient.objects.create(question=question, advisor=advisor_profile)
    with time_machine.travel(at(2026, 11, 26, 10, 0)):
        remind_unanswered_questions()
    message = mail.outbox[0]
    assert "Erika" not in message.body
    assert "employee@example.com" not in message.alternatives[0][0]


def test_stale_profile_gets_a_confirmation_reminder_every_two_weeks_at_most(advisor_profile):
    advisor_profile.last_confirmed_on = datetime.date(2026, 5, 1)
    advisor_profile.save()
    with time_machine.travel(at(2026, 11, 2, 8, 15)):
        assert remind_profile_confirmations() == 1
        assert remind_profile_confirmations() == 0
    with time_machine.travel(at(2026, 11, 10, 8, 15)):
        assert remind_profile_confirmations() == 0
    with time_machine.travel(at(2026, 11, 16, 8, 15)):
        assert remind_profile_confirmations() == 1
    assert [m.to for m in mail.outbox] == [["advisor@example.com"], ["advisor@example.com"]]
    assert "/advisors/me/" in mail.outbox[0].body


def test_recently_confirmed_profile_gets_no_reminder(advisor_profile):
    advisor_profile.last_confirmed_on = datetime.date(2026, 6, 1)
    advisor_profile.save()
    with time_machine.travel(at(2026, 11, 30, 8, 15)):
        assert remind_profile_confirmations() == 0


def test_advisor_without_account_gets_no_reminder(db):
    AdvisorFactory(last_confirmed_on=None)
    assert remind_profile_confirmations() == 0


def test_a_named_question_of_somebody_who_left_is_not_reminded_and_says_so(
    client, advisor, advisor_profile, employee
):
    """Reminders went on for ever, and the page promised the leaver an e-mail."""
    from django.urls import reverse

    from contacts.models import AnonymousAsking

    named = QuestionFactory(created_at=at(2026, 11, 23, 10, 0), asker=employee)
    anonymous = QuestionFactory(created_at=at(2026, 11, 23, 10, 0), is_anonymous=True)
    AnonymousAsking.objects.create(question=anonymous, asker=employee)
    for question in (named, anonymous):
        QuestionRecipient.objects.create(question=question, advisor=advisor_profile)
    employee.is_active = False
    employee.save()
    deleted = QuestionFactory(created_at=at(2026, 11, 23, 10, 0), asker=None)  # the account deleted
    QuestionRecipient.objects.create(question=deleted, advisor=advisor_profile)
    with time_machine.travel(at(2026, 11, 26, 10, 0)):
        assert remind_unanswered_questions() == 1  # the anonymous one: nobody may tell
    assert "Frage" in mail.outbox[0].subject
    client.force_login(advisor)
    page = client.get(reverse("contacts:inbox_question", args=[named.pk])).text
    assert "hat das Unternehmen verlassen: Niemand wird die Antwort lesen" in page
    assert "Die fragende Person erhält eine E-Mail" not in page
    page = client.get(reverse("contacts:inbox_question", args=[deleted.pk])).text
    assert "hat das Unternehmen verlassen" in page
    page = client.get(reverse("contacts:inbox_question", args=[anonymous.pk])).text
    assert "verlassen" not in page
    assert "Die fragende Person erhält eine E-Mail" in page
