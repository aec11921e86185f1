"""The asker's follow-up question: the question opens again, the advisors are told, nothing is lost."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts import actions
from contacts.models import Advisor, FollowUp, Question
from tests.conftest import make_user, sent_drafts
from tests.contacts.test_questions import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(employee_client, advisor, advisor_profile, topic) -> Question:
    ask(employee_client, topic=topic.pk, advisor=advisor_profile.pk)
    question = Question.objects.get()
    actions.answer_question(question, advisor, "Ja, ohne Kundennamen.")
    mail.outbox.clear()
    return question


def follow_up(client, question, body="Und mit Kundennamen, wenn der Kunde zustimmt?", **extra):
    url = reverse("contacts:follow_up_my_question", args=[question.pk])
    return client.post(url, {"body": body, **extra}, follow=True)


def test_a_follow_up_opens_the_question_again_and_tells_the_advisor(
    django_capture_on_commit_callbacks, employee_client, advisor, answered
):
    page = employee_client.get(answered.get_absolute_url()).text
    assert "Stellen Sie eine Rückfrage" in page
    with django_capture_on_commit_callbacks(execute=True):
        page = follow_up(employee_client, answered).text
    assert "Ihre Rückfrage wurde gesendet." in page
    assert "Ihre Rückfrage ist noch nicht beantwortet." in page
    assert "Frühere Antwort" in page
    assert "Ja, ohne Kundennamen." in page
    assert 'name="body"' not in page  # one follow-up at a time
    answered.refresh_from_db()
    assert answered.status == Question.Status.OPEN
    assert answered.answer == "Ja, ohne Kundennamen."  # kept until a new answer comes
    [message] = mail.outbox
    assert message.to == [advisor.email]
    assert message.subject.endswith("Rückfrage: Darf ich unser Messefoto posten?")
    assert answered.get_inbox_url() in message.body


def test_the_advisor_answers_the_follow_up_and_every_answer_stays_readable(
    django_capture_on_commit_callbacks, employee_client, advisor, answered
):
    follow_up(employee_client, answered)
    advisor_client = Client()
    advisor_client.force_login(advisor)
    inbox = advisor_client.get(reverse("contacts:inbox")).text
    assert "mit Rückfrage" in inbox
    page = advisor_client.get(answered.get_inbox_url())
    assert "Antwort auf die Rückfrage" in page.text
    assert "Und mit Kundennamen, wenn der Kunde zustimmt?" in page.text
    assert page.context["form"]["answer"].value() == ""  # a new answer, not the old one to improve
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(
            answered.get_inbox_url(),
            {"answer": "Dann ja, schriftlich.", "answered_at": page.context["form"]["answered_at"].value()},
        )
    answered.refresh_from_db()
    assert (answered.status, answered.answer) == (Question.Status.ANSWERED, "Dann ja, schriftlich.")
    assert [m.to for m in mail.outbox] == [[answered.asker.email]]
    mine = employee_client.get(answered.get_absolute_url()).text
    assert mine.index("Ja, ohne Kundennamen.") < mine.index("Und mit Kundennamen") < mine.index("Dann ja")
    assert "Stellen Sie eine Rückfrage" in mine  # and another follow-up is possible now
    page = follow_up(employee_client, answered, body="Gilt das auch für Fotos?").text
    assert "Ihre Rückfrage wurde gesendet." in page
    assert list(FollowUp.objects.values_list("answer", flat=True)) == [
        "Ja, ohne Kundennamen.",
        "Dann ja, schriftlich.",
    ]


def test_a_double_submit_sends_one_follow_up(django_capture_on_commit_callbacks, employee_client, answered):
    with django_capture_on_commit_callbacks(execute=True):
        follow_up(employee_client, answered)
        page = follow_up(employee_client, answered).text
    assert "Ihre Rückfrage wurde bereits gesendet." in page
    assert FollowUp.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_second_follow_up_before_the_answer_is_refused_with_the_text_kept(employee_client, answered):
    follow_up(employee_client, answered)
    page = follow_up(employee_client, answered, body="Noch etwas anderes").text
    assert "Ihre vorige Rückfrage wartet noch auf ihre Antwort." in page
    assert "Noch etwas anderes</textarea>" in page
    assert "<title>Fehler:" in page  # a screen reader hears first that it was not sent
    assert FollowUp.objects.count() == 1
    assert "<title>Fehler:" not in employee_client.get(answered.get_absolute_url()).text  # once


def test_a_follow_up_written_against_an_older_answer_is_not_stored(advisor, answered):
    stale = Question.objects.get(pk=answered.pk)  # the asker's page, before the advisor's addition
    actions.answer_question(answered, advisor, "Nachtrag: Bitte auch das Logo weglassen.")
    assert actions.follow_up(stale, "Warum?") is None
    assert not FollowUp.objects.exists()


def test_empty_overlong_and_foreign_follow_ups_are_refused(employee_client, answered):
    page = follow_up(employee_client, answered, body="   ")
    assert page.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in page.text
    page = follow_up(employee_client, answered, body="x" * 5001)
    assert "höchstens 5000 Zeichen" in page.text.replace(".", "").replace("\u202f", "")
    other = Client()
    other.force_login(make_user("other@example.com"))
    assert follow_up(other, answered).status_code == 404
    assert other.get(reverse("contacts:follow_up_my_question", args=[answered.pk])).status_code == 405
    answered.refresh_from_db()
    assert answered.status == Question.Status.ANSWERED
    assert not FollowUp.objects.exists()


def test_an_unanswered_question_offers_no_follow_up(employee_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    assert 'name="body"' not in employee_client.get(question.get_absolute_url()).text
    follow_up(employee_client, question)
    assert not FollowUp.objects.exists()


def test_an_anonymous_follow_up_names_nobody(
    django_capture_on_commit_callbacks, employee, employee_client, advisor, advisor_profile, topic
):
    ask(employee_client, topic=topic.pk, is_anonymous="on")
    question = Question.objects.get()
    actions.answer_question(question, advisor, "Ja.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up(employee_client, question)
    [message] = mail.outbox
    text = message.body + message.alternatives[0][0]
    assert "anonym gestellt" in text
    assert employee.email not in text
    assert employee.get_full_name() not in text
    advisor_client = Client()
    advisor_client.force_login(advisor)
    page = advisor_client.get(question.get_inbox_url()).text
    assert employee.email not in page
    assert employee.get_full_name() not in page


def test_a_follow_up_on_a_closed_question_reopens_it_and_closing_again_keeps_it_pending(
    employee_client, advisor, answered
):
    employee_client.post(reverse("contacts:close_my_question", args=[answered.pk]), {"action": "close"})
    follow_up(employee_client, answered)
    answered.refresh_from_db()
    assert answered.status == Question.Status.OPEN
    advisor_client = Client()
    advisor_client.force_login(advisor)
    advisor_client.post(reverse("contacts:inbox_close", args=[answered.pk]), {"action": "close"})
    page = employee_client.get(answered.get_absolute_url()).text
    assert "Ohne Antwort auf Ihre Rückfrage abgeschlossen." in page
    advisor_client.post(reverse("contacts:inbox_close", args=[answered.pk]), {"action": "reopen"})
    answered.refresh_from_db()
    assert answered.status == Question.Status.OPEN  # the follow-up still waits for its answer


def test_the_reminder_waits_two_working_days_from_the_follow_up(employee_client, answered):
    Question.objects.filter(pk=answered.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    follow_up(employee_client, answered)
    mail.outbox.clear()
    assert actions.remind_unanswered() == 0
    FollowUp.objects.update(created_at=timezone.now() - datetime.timedelta(days=5))
    assert actions.remind_unanswered() == 1


def test_a_follow_up_of_nothing_but_control_characters_is_empty(employee_client, answered):
    page = follow_up(employee_client, answered, body="\u202e\x01").text
    assert "Dieses Feld ist zwingend erforderlich." in page
    page = follow_up(employee_client, answered, body="\u202e\u200b").text
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert not FollowUp.objects.exists()


def test_an_answer_written_before_a_follow_up_arrived_is_not_sent_as_its_answer(
    employee_client, advisor, answered
):
    """The advisor improved the first answer in a page opened before the follow-up: it went out as
    the answer to a follow-up they never saw."""
    advisor_client = Client()
    advisor_client.force_login(advisor)
    page = advisor_client.get(answered.get_inbox_url())
    version = page.context["form"]["answered_at"].value()
    follow_up(employee_client, answered)
    response = advisor_client.post(
        answered.get_inbox_url(),
        {"answer": "Ja, ohne Kundennamen (Tippfehler korrigiert).", "answered_at": version},
    )
    assert "Die fragende Person hat eine Rückfrage gestellt, während Sie geschrieben haben" in response.text
    assert "Tippfehler korrigiert).</textarea>" in response.text
    answered.refresh_from_db()
    assert (answered.status, answered.answer) == (Question.Status.OPEN, "Ja, ohne Kundennamen.")
    # Nor closed from that page unseen.
    close = reverse("contacts:inbox_close", args=[answered.pk])
    stale_close = page.context["version"]
    response = advisor_client.post(close, {"action": "close", "version": stale_close}, follow=True)
    assert "Bitte lesen Sie sie zuerst." in response.text
    answered.refresh_from_db()
    assert answered.status == Question.Status.OPEN
    fresh = advisor_client.get(answered.get_inbox_url()).context["version"]
    advisor_client.post(close, {"action": "close", "version": fresh})
    answered.refresh_from_db()
    assert answered.status == Question.Status.CLOSED


def test_closing_an_unanswered_follow_up_says_so_to_the_asker(
    django_capture_on_commit_callbacks, employee_client, advisor, answered
):
    follow_up(employee_client, answered)
    mail.outbox.clear()
    advisor_client = Client()
    advisor_client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(reverse("contacts:inbox_close", args=[answered.pk]), {"action": "close"})
    [message] = mail.outbox
    assert "Ihre Rückfrage wurde ohne Antwort geschlossen" in message.subject
    assert "Ihre Rückfrage wurde von den Ansprechpartnern ohne Antwort geschlossen" in message.body


def test_the_reminder_of_a_follow_up_names_the_follow_up(employee_client, answered):
    Question.objects.filter(pk=answered.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    follow_up(employee_client, answered)
    FollowUp.objects.update(created_at=timezone.now() - datetime.timedelta(days=5))
    mail.outbox.clear()
    assert actions.remind_unanswered() == 1
    assert "die Rückfrage vom" in mail.outbox[0].body


def test_a_follow_up_communications_answered_stays_with_them_when_the_advisor_returns(
    employee_client, advisor, advisor_profile, comms, answered
):
    """Open again after a follow-up, it went back to the advisor, and Communications, who had
    answered it and were just mailed its link, got a 404."""
    follow_up(employee_client, answered)
    Advisor.objects.filter(pk=advisor_profile.pk).update(is_active=False)  # switched off in the admin
    assert actions.hand_over_open_questions(advisor_profile) == 1
    actions.answer_question(Question.objects.get(pk=answered.pk), comms, "Die Kommunikation sagt: nein.")
    follow_up(employee_client, Question.objects.get(pk=answered.pk), body="Warum nicht?")
    Advisor.objects.filter(pk=advisor_profile.pk).update(is_active=True)  # and on again
    assert actions.take_back_open_questions(advisor_profile) == 0
    answered.refresh_from_db()
    assert answered.handed_over
    assert answered in Question.objects.addressed_to(comms)


def _language_switch(client, page):
    """The header's language switcher, pressed on ``page``: it comes back to the address it names."""
    [back] = re.findall(r'<input name="next" type="hidden" value="([^"]*)">', page.text)
    return client.post(reverse("set_language"), {"language": "en", "next": html.unescape(back)}, follow=True)


def test_a_refused_follow_up_comes_back_on_the_question_page_which_can_switch_language(
    employee_client, answered
):
    """Shown at the form's POST-only address, the page with the error led to a 405 when the
    language was switched or the page reloaded."""
    overlong = "Kann ich das Foto posten? " * 200
    page = follow_up(employee_client, answered, body=overlong)
    assert page.redirect_chain == [(f"{answered.get_absolute_url()}#follow-up", 302)]
    assert "Ihre Rückfrage wurde nicht gesendet." in page.text
    assert "höchstens 5000 Zeichen" in page.text.replace(".", "").replace("\u202f", "")
    assert f"{html.escape(overlong)}</textarea>" in page.text  # nothing typed is lost
    switched = _language_switch(employee_client, page)
    assert switched.status_code == 200
    assert switched.redirect_chain[-1][0] == answered.get_absolute_url()
    assert "Ask a follow-up question" in switched.text
    # Shown once: a later visit offers the empty form (the browser keeps the draft in the tab).
    assert "Dieses Feld" not in employee_client.get(answered.get_absolute_url()).text
    assert not FollowUp.objects.exists()


def test_a_follow_up_refused_while_the_last_one_waits_comes_back_on_the_question_page(
    employee_client, answered
):
    follow_up(employee_client, answered)
    page = follow_up(employee_client, answered, body="Noch etwas anderes")
    assert page.redirect_chain == [(f"{answered.get_absolute_url()}#follow-up", 302)]
    assert "Noch etwas anderes</textarea>" in page.text
    assert "Dieses Feld" not in page.text  # refused for waiting, not for its text
    assert _language_switch(employee_client, page).status_code == 200


def test_a_refused_follow_up_is_shown_on_its_own_question_only(employee_client, advisor, answered, topic):
    ask(employee_client, topic=topic.pk, subject="Eine zweite Frage")
    second = Question.objects.exclude(pk=answered.pk).get()
    actions.answer_question(second, advisor, "Nein.")
    employee_client.post(reverse("contacts:follow_up_my_question", args=[answered.pk]), {"body": "x" * 5001})
    # Left for another tab: the other question's page neither shows nor drops it.
    assert "x" * 5001 not in employee_client.get(second.get_absolute_url()).text
    assert "x" * 5001 in employee_client.get(answered.get_absolute_url()).text


def test_a_sent_follow_up_tells_the_tab_to_forget_its_text_once(employee_client, answered):
    """The send comes back to the question's page, where the text typed is kept in the tab
    (static/js/keep-draft.js): sent, it filled the next follow-up's form again."""
    employee_client.get(answered.get_absolute_url())  # the page asking led to, its note read
    page = follow_up(employee_client, answered)
    assert page.redirect_chain == [(answered.get_absolute_url(), 302)]
    assert sent_drafts(page.text) == ["body"]
    assert sent_drafts(employee_client.get(answered.get_absolute_url()).text) == []  # said once
    # A double submit was sent too (the first click's text).
    assert sent_drafts(follow_up(employee_client, answered).text) == ["body"]


def test_a_refused_follow_up_leaves_its_text_in_the_tab(employee_client, answered):
    employee_client.get(answered.get_absolute_url())  # the page asking led to, its note read
    for body in ("", "Kann ich das Foto posten? " * 200):
        page = follow_up(employee_client, answered, body=body)
        assert "Ihre Rückfrage wurde nicht gesendet." in page.text
        assert sent_drafts(page.text) == []
    follow_up(employee_client, answered)
    page = follow_up(employee_client, answered, body="Noch etwas anderes")  # the last one waits
    assert "Noch etwas anderes</textarea>" in page.text
    assert sent_drafts(page.text) == []
