"""Asking, routing, answering, the inbox, FAQ publishing — and that anonymity holds everywhere."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts import actions
from contacts.models import Advisor, AnonymousAsking, FaqEntry, Question
from tests.conftest import make_user, sent_drafts

pytestmark = pytest.mark.django_db


def ask(client, **data):
    payload = {"subject": "Darf ich unser Messefoto posten?", "body": "Auf LinkedIn, mit Kollegen drauf."}
    payload.update({key: value for key, value in data.items() if value is not None})
    return client.post(reverse("contacts:ask"), payload)


def all_mail_text() -> str:
    return "\n".join(
        m.subject + m.body + "".join(content for content, _type in m.alternatives) for m in mail.outbox
    )


# --- asking and routing ----------------------------------------------------------


def test_question_form_prefills_topic_and_advisor(employee_client, advisor_profile, topic):
    page = employee_client.get(reverse("contacts:ask"), {"topic": topic.slug, "advisor": advisor_profile.pk})
    assert page.status_code == 200
    assert f'<option value="{topic.pk}" selected>' in page.text
    assert f'<option value="{advisor_profile.pk}" selected>' in page.text


def test_question_goes_to_the_chosen_advisor_only(
    django_capture_on_commit_callbacks, employee_client, advisor_profile, second_advisor, topic
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(employee_client, topic=topic.pk, advisor=second_advisor.pk)
    question = Question.objects.get()
    assert response.status_code == 302
    assert question.routed_to == Question.Route.ADVISOR
    assert list(question.recipients.all()) == [second_advisor]
    assert [m.to for m in mail.outbox] == [["berta@example.com"]]


def test_line_breaks_count_once_towards_the_length_limit(employee_client, advisor_profile, topic):
    """Browsers send CR LF: 62 lines of 79 characters are 4,960 to the person, 5,021 sent."""
    body = "\r\n".join(["x" * 79] * 62)
    response = ask(employee_client, topic=topic.pk, advisor=advisor_profile.pk, body=body)
    assert response.status_code == 302
    assert Question.objects.get().body == body.replace("\r\n", "\n")


def test_an_advisor_switched_off_while_the_form_was_open_is_said_in_words_with_the_text_kept(
    employee_client, advisor_profile, topic
):
    advisor_profile.is_active = False
    advisor_profile.save(update_fields=["is_active"])
    response = employee_client.post(
        reverse("contacts:ask"),
        {
            "advisor": advisor_profile.pk,
            "topic": topic.pk,
            "subject": "Messefoto?",
            "body": "Mit Kunden drauf.",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "This advisor can no longer be asked here." in response.text
    assert "Select a valid choice" not in response.text
    assert "Mit Kunden drauf." in response.text
    assert not Question.objects.exists()


def test_a_topic_deleted_while_the_form_was_open_is_said_in_words(employee_client, other_topic):
    gone_pk = other_topic.pk
    other_topic.delete()
    response = ask(employee_client, topic=gone_pk)
    assert response.status_code == 200
    assert "Dieses Thema gibt es nicht mehr." in response.text
    assert not Question.objects.exists()


def test_a_flood_of_questions_is_held_after_ten_in_an_hour_with_the_text_kept(
    django_capture_on_commit_callbacks, employee_client, advisor_profile, topic
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            ask(employee_client, topic=topic.pk, subject=f"Frage {n}", is_anonymous="on")
    sent = len(mail.outbox)
    response = ask(employee_client, topic=topic.pk, subject="Frage 11", body="Noch eine")
    assert response.status_code == 429
    assert "in der letzten Stunde" in response.text
    assert "Noch eine" in response.text
    assert Question.objects.count() == 10
    assert len(mail.outbox) == sent


def test_a_line_break_in_the_subject_still_notifies_the_advisor(
    django_capture_on_commit_callbacks, employee_client, advisor_profile, topic
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(
            employee_client, topic=topic.pk, advisor=advisor_profile.pk, subject="Foto\rX-Injected: yes"
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "\r" not in mail.outbox[0].subject
    assert "\n" not in mail.outbox[0].subject


def test_without_choice_the_question_goes_to_all_advisors_of_the_topic(
    django_capture_on_commit_callbacks,
    employee_client,
    advisor_profile,
    second_advisor,
    outsider_advisor,
    topic,
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    assert question.routed_to == Question.Route.TOPIC
    assert set(question.recipients.all()) == {advisor_profile, second_advisor}
    assert sorted(m.to[0] for m in mail.outbox) == ["advisor@example.com", "berta@example.com"]


def test_inactive_advisor_is_not_offered_and_cannot_be_chosen(
    employee_client, advisor_profile, second_advisor, topic
):
    second_advisor.is_active = False
    second_advisor.save()
    assert "Berta Brandt" not in employee_client.get(reverse("contacts:ask")).text
    response = ask(employee_client, topic=topic.pk, advisor=second_advisor.pk)
    assert response.status_code == 200
    assert "Auswahl" in response.text  # "Bitte eine gültige Auswahl treffen."
    assert not Question.objects.exists()


def test_chosen_advisor_who_left_meanwhile_falls_back_to_the_topic(advisor_profile, second_advisor, topic):
    # Between showing the form and sending it, Berta's account was deactivated.
    second_advisor.user.is_active = False
    second_advisor.user.save()
    routing = actions.route(topic, second_advisor)
    assert routing.route == Question.Route.TOPIC
    assert routing.advisors == [advisor_profile]


def test_topic_without_advisors_goes_to_communications(
    django_capture_on_commit_callbacks, employee_client, comms, other_topic
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(employee_client, topic=other_topic.pk)
    question = Question.objects.get()
    assert question.routed_to == Question.Route.COMMUNICATIONS
    assert not question.recipients.exists()
    assert [m.to for m in mail.outbox] == [["comms@example.com"]]


def test_question_without_topic_goes_to_communications(employee_client, comms, advisor_profile):
    ask(employee_client)
    assert Question.objects.get().routed_to == Question.Route.COMMUNICATIONS


def test_advisor_without_account_cannot_receive_questions(employee_client, comms, topic):
    from tests.contacts.factories import AdvisorFactory

    AdvisorFactory(name="Nur im Verzeichnis", topics=[topic])  # no user: nobody could answer
    ask(employee_client, topic=topic.pk)
    assert Question.objects.get().routed_to == Question.Route.COMMUNICATIONS


def test_an_advisor_asking_about_their_own_topic_does_not_get_their_own_question(
    client, advisor, advisor_profile, second_advisor, topic
):
    client.force_login(advisor)
    ask(client, topic=topic.pk, is_anonymous="on")
    assert list(Question.objects.get().recipients.all()) == [second_advisor]


def test_an_advisor_is_not_offered_to_themselves_on_the_question_form(
    client, advisor, advisor_profile, second_advisor, topic
):
    """Chosen, their own name sent the question to the Communications team without a word."""
    client.force_login(advisor)
    form = client.get(reverse("contacts:ask")).text
    choices = re.search(r'<select name="advisor".*?</select>', form, re.S)[0]
    assert f'value="{advisor_profile.pk}"' not in choices
    assert f'value="{second_advisor.pk}"' in choices
    response = ask(client, topic=topic.pk, advisor=advisor_profile.pk)
    assert response.status_code == 200
    assert "Sie können sich nicht selbst fragen." in response.text  # not "no longer reachable"
    assert not Question.objects.exists()
    # Nor does their own card or page offer to ask them (the form then chose nobody, silently).
    ask_link = f"{reverse('contacts:ask')}?advisor="
    own = client.get(reverse("contacts:advisor", args=[advisor_profile.pk])).text
    assert ask_link not in own
    colleague = client.get(reverse("contacts:advisor", args=[second_advisor.pk])).text
    assert f"{ask_link}{second_advisor.pk}" in colleague
    directory = client.get(reverse("contacts:index")).text
    assert f"{ask_link}{advisor_profile.pk}" not in directory
    assert f"{ask_link}{second_advisor.pk}" in directory


def test_empty_question_gets_clear_errors(employee_client):
    response = employee_client.post(reverse("contacts:ask"), {"subject": "", "body": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.text
    # A screen reader says why the subject is invalid, not only that it is.
    assert 'aria-describedby="id_subject_error faq-suggestions"' in response.text
    assert 'id="id_subject_error"' in response.text
    assert not Question.objects.exists()


def test_question_form_shows_matching_faq_entries_via_htmx(employee_client, topic):
    from tests.contacts.factories import FaqEntryFactory

    FaqEntryFactory(title="Darf ich Messefotos posten?", topic=topic)
    response = employee_client.post(
        reverse("contacts:faq_suggestions"), {"subject": "Messefotos"}, headers={"HX-Request": "true"}
    )
    assert "Darf ich Messefotos posten?" in response.text
    assert "<html" not in response.text
    # What is typed is posted, never put into a URL (and so into access logs).
    assert "contacts:faq_suggestions" not in reverse("contacts:ask")
    page = employee_client.get(reverse("contacts:ask")).text
    assert f'hx-post="{reverse("contacts:faq_suggestions")}"' in page
    assert employee_client.get(reverse("contacts:faq_suggestions")).status_code == 405


# --- anonymity --------------------------------------------------------------------


@pytest.fixture
def anonymous_question(django_capture_on_commit_callbacks, employee_client, advisor_profile, topic):
    with django_capture_on_commit_callbacks(execute=True):
        ask(employee_client, topic=topic.pk, is_anonymous="on", subject="Kritik am Chef posten?")
    return Question.objects.get()


def test_anonymous_question_stores_no_asker_on_the_question(anonymous_question, employee):
    assert anonymous_question.is_anonymous
    assert anonymous_question.asker is None
    assert AnonymousAsking.objects.get(question=anonymous_question).asker == employee


def test_anonymous_question_cannot_name_an_asker_in_the_database(anonymous_question, employee):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=anonymous_question.pk).update(asker=employee)


def test_anonymous_asker_is_hidden_from_advisor_pages_and_mail(
    client, advisor, anonymous_question, employee, django_capture_on_commit_callbacks
):
    secrets = ["Erika", "Mustermann", "employee@example.com", "Vertrieb"]
    text = all_mail_text()
    client.force_login(advisor)
    pages = [
        client.get(reverse("contacts:inbox")).text,
        client.get(anonymous_question.get_inbox_url()).text,
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(anonymous_question.get_inbox_url(), {"answer": "Lieber nicht öffentlich."})
    # Reminder and FAQ pages an advisor sees:
    pages.append(client.get(reverse("contacts:inbox_publish_faq", args=[anonymous_question.pk])).text)
    pages.append(client.get(reverse("contacts:inbox"), {"status": "answered"}).text)
    assert "Anonym gefragt" in pages[1]
    for secret in secrets:
        assert secret not in text
        for page in pages:
            assert secret not in page.split('<main id="main"')[1], secret


def test_anonymous_asker_is_hidden_from_a_comms_advisor_in_the_admin(
    client, comms, topic, employee, django_capture_on_commit_callbacks
):
    from tests.contacts.factories import AdvisorFactory

    AdvisorFactory(user=comms, name="Clara Obermeier", topics=[topic])
    client.force_login(employee)
    ask(client, topic=topic.pk, is_anonymous="on")
    question = Question.objects.get()
    client.force_login(comms)
    # Questions are not in the admin for anybody but superusers …
    assert client.get(reverse("admin:contacts_question_changelist")).status_code == 403
    assert client.get(reverse("admin:contacts_question_change", args=[question.pk])).status_code == 403
    # … and the link table has no admin at all.
    assert "anonymousasking" not in client.get(reverse("admin:index")).text.lower()


def test_superuser_admin_shows_no_asker_for_an_anonymous_question(client, admin_user, anonymous_question):
    client.force_login(admin_user)
    page = client.get(reverse("admin:contacts_question_change", args=[anonymous_question.pk])).text
    assert "Erika" not in page
    assert "employee@example.com" not in page


def test_named_question_shows_the_asker_to_the_advisor(
    client, advisor, advisor_profile, employee_client, topic
):
    ask(employee_client, topic=topic.pk)
    client.force_login(advisor)
    page = client.get(Question.objects.get().get_inbox_url())
    assert "Erika Mustermann" in page.text


def test_anonymous_asker_sees_the_question_and_gets_the_answer_mail(
    advisor_client, employee, employee_client, anonymous_question, django_capture_on_commit_callbacks
):
    mine = employee_client.get(reverse("contacts:my_questions"))
    assert "Kritik am Chef posten?" in mine.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(anonymous_question.get_inbox_url(), {"answer": "Lieber intern ansprechen."})
    assert [m.to for m in mail.outbox] == [["employee@example.com"]]
    answer = employee_client.get(anonymous_question.get_absolute_url())
    assert "Lieber intern ansprechen." in answer.text
    anonymous_question.refresh_from_db()
    assert anonymous_question.status == Question.Status.ANSWERED
    assert anonymous_question.answer_seen


def test_nobody_else_sees_my_question(client, anonymous_question, hr, comms, advisor):
    for user in (hr, comms):
        client.force_login(user)
        assert client.get(anonymous_question.get_absolute_url()).status_code == 404
        assert "Kritik am Chef" not in client.get(reverse("contacts:my_questions")).text


def test_faq_from_an_anonymous_question_never_names_the_asker(client, advisor, anonymous_question, topic):
    client.force_login(advisor)
    client.post(anonymous_question.get_inbox_url(), {"answer": "Intern klären."})
    response = client.post(
        reverse("contacts:inbox_publish_faq", args=[anonymous_question.pk]),
        {
            "title": "Darf ich Kritik am Arbeitgeber posten?",
            "answer": "Besser intern klären.",
            "topic": topic.pk,
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.published_by == advisor
    faq = client.get(reverse("contacts:faq")).text
    assert "Darf ich Kritik am Arbeitgeber posten?" in faq
    assert "Erika" not in faq
    # Back in the inbox the question says it is in the FAQ; a second publish edits that entry.
    inbox = client.get(anonymous_question.get_inbox_url()).text
    assert "Diese Frage steht in den FAQ:" in inbox
    assert "FAQ-Eintrag bearbeiten" in inbox
    url = reverse("contacts:inbox_publish_faq", args=[anonymous_question.pk])
    form_page = client.get(url).text
    assert "FAQ-Eintrag bearbeiten" in form_page
    # The wording typed survives signing in again (static/js/keep-draft.js), with the version it
    # was typed against: Communications' corrections meanwhile are merged or named, not undone.
    assert '<form method="post" novalidate autocomplete="off" data-keep-draft="faq">' in form_page
    assert re.search(r'name="_loaded_version" value="[^"]+" data-keep-draft-field>', form_page)
    again = client.post(
        url, {"title": "Kritik am Arbeitgeber?", "answer": "Intern.", "topic": topic.pk}, follow=True
    )
    assert "Der FAQ-Eintrag ist aktualisiert." in again.text
    assert FaqEntry.objects.get().title == "Kritik am Arbeitgeber?"
    # Published too early, or it gives the asker away: the advisor takes it offline at once.
    offline = reverse("contacts:inbox_faq_offline", args=[anonymous_question.pk])
    page = client.post(offline, follow=True).text
    assert "Der FAQ-Eintrag ist offline." in page
    assert "Kritik am Arbeitgeber?" not in client.get(reverse("contacts:faq")).text
    assert not FaqEntry.objects.get().is_published
    assert 'action="' + offline not in page  # nothing more to take offline
    client.post(url, {"title": "Kritik?", "answer": "Intern.", "topic": topic.pk})
    assert not FaqEntry.objects.get().is_published  # editing does not put it back: Communications does
    other = Client()
    other.force_login(make_user("nosy@example.com"))
    assert other.post(offline).status_code == 403  # no inbox at all


# --- inbox --------------------------------------------------------------------------


def test_only_addressed_advisors_see_a_question(
    client, employee_client, advisor_profile, outsider_advisor, topic
):
    ask(employee_client, topic=topic.pk, subject="Nur für Anton")
    question = Question.objects.get()
    client.force_login(outsider_advisor.user)
    assert "Nur für Anton" not in client.get(reverse("contacts:inbox")).text
    assert client.get(question.get_inbox_url()).status_code == 404
    assert client.post(question.get_inbox_url(), {"answer": "Hack"}).status_code == 404
    assert client.post(reverse("contacts:inbox_close", args=[question.pk])).status_code == 404
    client.force_login(advisor_profile.user)
    assert "Nur für Anton" in client.get(reverse("contacts:inbox")).text


def test_communications_sees_only_the_fallback_questions(
    client, comms, employee_client, advisor_profile, topic
):
    ask(employee_client, topic=topic.pk, subject="Für Anton")
    ask(employee_client, subject="Für die Kommunikation")
    client.force_login(comms)
    inbox = client.get(reverse("contacts:inbox")).text
    assert "Für die Kommunikation" in inbox
    assert "Für Anton" not in inbox


def test_employee_and_hr_cannot_open_the_inbox(client, employee, hr):
    for user in (employee, hr):
        client.force_login(user)
        assert client.get(reverse("contacts:inbox")).status_code == 403


def test_deactivated_advisor_loses_the_inbox(client, advisor, advisor_profile):
    advisor_profile.is_active = False
    advisor_profile.save()
    client.force_login(advisor)
    assert client.get(reverse("contacts:inbox")).status_code == 403


def test_empty_answer_is_refused_with_a_clear_error(client, advisor, employee_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    client.force_login(advisor)
    response = client.post(question.get_inbox_url(), {"answer": "  "})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.text
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN


def test_advisor_closes_and_reopens_a_question(client, advisor, employee_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    client.force_login(advisor)
    close = reverse("contacts:inbox_close", args=[question.pk])
    client.post(close, {"action": "close"})
    again = client.post(close, {"action": "close"}, follow=True)  # a double click closes, and does not reopen
    question.refresh_from_db()
    assert question.status == Question.Status.CLOSED
    assert "Die Frage war bereits abgeschlossen." in again.text  # not a page with no word about it
    assert question.subject in client.get(reverse("contacts:inbox"), {"status": "closed"}).text
    client.post(close, {"action": "reopen"})
    again = client.post(close, {"action": "reopen"}, follow=True)
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert "Die Frage ist wieder offen." in again.text


def test_a_withdrawn_question_is_not_answered(client, advisor, employee_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    employee_client.post(reverse("contacts:close_my_question", args=[question.pk]))
    client.force_login(advisor)
    page = client.get(question.get_inbox_url()).text
    assert 'name="answer"' not in page
    response = client.post(question.get_inbox_url(), {"answer": "Zu spät?", "answered_at": ""})
    question.refresh_from_db()
    assert (question.status, question.answer) == (Question.Status.CLOSED, "")
    assert not mail.outbox or "Zu spät?" not in all_mail_text()
    # What the advisor typed is not lost: shown again, to send on purpose.
    assert "während Sie geschrieben haben" in response.text
    assert "Zu spät?</textarea>" in response.text
    assert 'name="reopen"' in response.text
    client.post(question.get_inbox_url(), {"answer": "Zu spät?", "answered_at": "", "reopen": "1"})
    question.refresh_from_db()
    assert (question.status, question.answer) == (Question.Status.ANSWERED, "Zu spät?")


def test_a_second_advisor_does_not_silently_replace_the_first_answer(
    client, advisor, advisor_profile, second_advisor, employee_client, topic
):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    mail.outbox.clear()
    other = Client()
    other.force_login(second_advisor.user)
    stale = other.get(question.get_inbox_url()).context["form"]["answered_at"].value()
    client.force_login(advisor)
    client.post(question.get_inbox_url(), {"answer": "Ja, mit Quelle.", "answered_at": stale})
    response = other.post(question.get_inbox_url(), {"answer": "Nein, lieber nicht.", "answered_at": stale})
    assert response.status_code == 200
    assert "hat diese Frage beantwortet, während Sie geschrieben haben" in response.text
    assert "Nein, lieber nicht." in response.text  # kept
    assert '<blockquote class="current-answer"><p>Ja, mit Quelle.</p></blockquote>' in response.text
    question.refresh_from_db()
    assert question.answer == "Ja, mit Quelle."
    # Having read it, the second advisor may still send theirs.
    fresh = response.context["form"]["answered_at"].value()
    other.post(question.get_inbox_url(), {"answer": "Nein, lieber nicht.", "answered_at": fresh})
    question.refresh_from_db()
    assert question.answer == "Nein, lieber nicht."


def test_an_answer_sent_from_an_older_tab_of_ones_own_is_not_put_as_a_colleagues(
    advisor_client, advisor_profile, employee_client, topic
):
    # Answered in one tab (or sent, then back to the page kept by the browser, and improved):
    # "Anton Vogel answered this question while you were writing" said to Anton Vogel himself.
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    url = question.get_inbox_url()
    stale = advisor_client.get(url).context["form"]["answered_at"].value()
    advisor_client.post(url, {"answer": "Ja.", "answered_at": stale})
    response = advisor_client.post(
        url, {"answer": "Ja, mit Quelle.", "answered_at": stale}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "You answered this question in another tab while you were writing here" in response.text
    assert "Anton Vogel answered" not in response.text
    assert "Ja, mit Quelle." in response.text  # kept, to send on purpose
    question.refresh_from_db()
    assert question.answer == "Ja."


def test_asker_closes_own_question_but_not_anothers(client, employee_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    other = Client()
    other.force_login(make_user("other@example.com"))
    assert other.post(reverse("contacts:close_my_question", args=[question.pk])).status_code == 404
    employee_client.post(reverse("contacts:close_my_question", args=[question.pk]))
    question.refresh_from_db()
    assert question.status == Question.Status.CLOSED
    again = employee_client.post(reverse("contacts:close_my_question", args=[question.pk]), follow=True)
    assert "Die Frage war bereits abgeschlossen." in again.text


def test_publishing_an_unanswered_question_is_refused(
    client, advisor, employee_client, advisor_profile, topic
):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    client.force_login(advisor)
    response = client.post(
        reverse("contacts:inbox_publish_faq", args=[question.pk]), {"title": "T", "answer": "A"}
    )
    assert response.status_code == 302
    assert not FaqEntry.objects.exists()


def test_dashboard_card_counts_open_questions_and_new_answers(advisor_client, employee_client, topic):
    ask(employee_client, topic=topic.pk)
    assert "Offene Fragen an Sie: 1" in advisor_client.get(reverse("home")).text
    advisor_client.post(Question.objects.get().get_inbox_url(), {"answer": "Ja."})
    assert "Neue Antworten auf Ihre Fragen: 1" in employee_client.get(reverse("home")).text


# --- malformed query strings ------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "\x00"},
        {"advisor": "²"},
        {"advisor": "\x00"},
        {"mention": "²", "section": "³"},
        {"mention": "\x00", "section": "\x00"},
    ],
)
def test_question_form_ignores_malformed_prefills(employee_client, advisor_profile, query):
    page = employee_client.get(reverse("contacts:ask"), query)
    # A NUL anywhere in a query string is refused for the whole portal (portal.middleware).
    assert page.status_code == (400 if any("\x00" in value for value in query.values()) else 200)


def test_posting_a_question_with_a_malformed_attachment_still_asks_it(
    employee_client, advisor_profile, topic
):
    response = ask(employee_client, topic=topic.pk, mention="²", section="\x00")
    assert response.status_code == 302
    assert Question.objects.get().mention is None


def test_faq_search_with_a_nul_character_is_no_error(employee_client):
    # Refused as a bad request for the whole portal (portal.middleware), never a 500.
    assert employee_client.get(reverse("contacts:faq"), {"q": "\x00"}).status_code == 400
    hx = employee_client.post(reverse("contacts:faq_suggestions"), {"subject": "Foto\x00"})
    assert hx.status_code == 200


# --- double submits ---------------------------------------------------------------


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_double_submitted_question_is_asked_once(
    django_capture_on_commit_callbacks, employee_client, advisor_profile, topic, anonymous
):
    flag = "on" if anonymous else None
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(employee_client, topic=topic.pk, is_anonymous=flag)
        second = ask(employee_client, topic=topic.pk, is_anonymous=flag)
    question = Question.objects.get()
    assert first["Location"] == second["Location"] == question.get_absolute_url()
    assert len(mail.outbox) == 1


def test_the_same_text_sent_another_way_is_a_question_of_its_own(
    employee_client, advisor_profile, second_advisor, topic
):
    """Taken for a double submit, it was dropped: the anonymous one landed on the named one."""
    ask(employee_client, advisor=advisor_profile.pk)
    ask(employee_client, advisor=second_advisor.pk)
    response = ask(employee_client, advisor=second_advisor.pk, is_anonymous="on")
    assert Question.objects.count() == 3
    anonymous = Question.objects.get(is_anonymous=True)
    assert response["Location"] == anonymous.get_absolute_url()
    assert anonymous.asker is None
    ask(employee_client, advisor=second_advisor.pk, is_anonymous="on")  # this one is a double submit
    assert Question.objects.count() == 3


def test_the_same_question_later_is_a_new_question(employee_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk)
    Question.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    ask(employee_client, topic=topic.pk)
    assert Question.objects.count() == 2


def test_a_double_submitted_answer_mails_the_asker_once(
    django_capture_on_commit_callbacks, advisor_client, employee_client, advisor_profile, topic
):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    url = reverse("contacts:inbox_question", args=[question.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(url, {"answer": "Ja, mit Einverständnis aller Abgebildeten."})
        advisor_client.post(url, {"answer": "Ja, mit Einverständnis aller Abgebildeten."})
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(url, {"answer": "Ja – aber fragen Sie vorher alle Abgebildeten."})
    assert len(mail.outbox) == 2


def test_mail_subjects_are_not_html_escaped(
    django_capture_on_commit_callbacks, employee_client, advisor_client, advisor_profile, topic
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(employee_client, topic=topic.pk, subject="Q&A-Post mit <Hashtags>?")
    question = Question.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(reverse("contacts:inbox_question", args=[question.pk]), {"answer": "Ja."})
    new_question, answered = mail.outbox
    assert new_question.subject.endswith("Neue Frage: Q&A-Post mit <Hashtags>?")
    assert answered.subject.endswith("Q&A-Post mit <Hashtags>?")


def test_an_anonymous_question_that_would_give_its_asker_away_is_not_sent(
    advisor_client, advisor_profile, topic, other_topic
):
    """Anton is the topic's only advisor: leaving him out (nobody answers their own question)
    sends his question to Communications, which happens for nobody else — it would name him."""
    response = ask(advisor_client, topic=topic.pk, is_anonymous="on")
    assert response.status_code == 200
    assert "Sie sind der einzige Ansprechpartner dafür" in response.text
    assert not Question.objects.exists()
    # With his name, or on a topic that goes to Communications for everybody, it is sent.
    assert ask(advisor_client, topic=topic.pk).status_code == 302
    assert ask(advisor_client, topic=other_topic.pk, is_anonymous="on", subject="Anders?").status_code == 302


def test_answers_sent_at_the_same_moment_do_not_both_pass(
    advisor, second_advisor, employee_client, advisor_profile, topic
):
    """The check and the write are one conditional UPDATE: the second of two answers written
    against the same state is refused, and so is an answer to a question closed meanwhile."""
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    seen_by_both = Question.objects.get(pk=question.pk)
    actions.answer_question(question, advisor, "Ja.", based_on=seen_by_both.answered_at)
    with pytest.raises(actions.AnswerConflict):
        actions.answer_question(seen_by_both, second_advisor.user, "Nein.", based_on=seen_by_both.answered_at)
    assert Question.objects.get().answer == "Ja."
    Question.objects.filter(pk=question.pk).update(status=Question.Status.CLOSED)
    with pytest.raises(actions.AnswerConflict):
        actions.answer_question(question, advisor, "Doch noch?", based_on=question.answered_at)
    assert Question.objects.get().status == Question.Status.CLOSED


@pytest.mark.parametrize(
    "typed",
    ["Muss ich sagen, dass ich hier arbeite?", "shitstorm!", "Can I post a photo of my colleagues?"],
)
def test_faq_suggestions_follow_questions_as_people_phrase_them(employee_client, topic, typed):
    from tests.contacts.factories import FaqEntryFactory

    for title, title_en in [
        ("Muss ich kennzeichnen, dass ich beim Unternehmen arbeite?", "Do I have to say that I work here?"),
        ("Was tue ich bei einem Shitstorm?", "What do I do in a shitstorm?"),
        ("Darf ich Fotos von Kolleginnen und Kollegen posten?", "May I post photos of colleagues?"),
    ]:
        FaqEntryFactory(title=title, title_en=title_en, topic=topic)
    response = employee_client.post(reverse("contacts:faq_suggestions"), {"subject": typed})
    assert response.text.count("<li>") >= 1
    first = response.text.split("<li>")[1]
    expected = {"Muss": "arbeite", "shitstorm!": "Shitstorm", "Can": "Fotos"}[typed.split()[0]]
    assert expected in first


@pytest.mark.django_db(transaction=True)
def test_the_same_question_sent_three_times_at_once_is_stored_once(employee, advisor_profile):
    from tests.conftest import posted_at_once

    payload = {"subject": "Darf ich unser Messefoto posten?", "body": "Auf LinkedIn, mit Kollegen drauf."}
    statuses = posted_at_once(employee, reverse("contacts:ask"), payload)
    assert statuses == [302, 302, 302]
    assert Question.objects.count() == 1


def test_the_same_answer_sent_again_from_the_page_it_was_written_on_is_no_conflict(
    django_capture_on_commit_callbacks, employee, advisor, advisor_profile
):
    """The second of a double click finds the first's answer stored: its own, not a colleague's."""
    question = actions.ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    as_the_page_showed_it = Question.objects.get(pk=question.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_question(question, advisor, "Ja.", based_on=None)
        actions.answer_question(as_the_page_showed_it, advisor, "Ja.", based_on=None)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_an_answer_sent_three_times_at_once_is_sent_once_and_said_so(employee, advisor, advisor_profile):
    from tests.conftest import posted_at_once

    question = actions.ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    mail.outbox.clear()
    # One of them showed the form again: "Anton Vogel answered this question while you were writing".
    statuses = posted_at_once(advisor, question.get_inbox_url(), {"answer": "Ja.", "answered_at": ""})
    assert statuses == [302, 302, 302]
    assert [m.to for m in mail.outbox] == [[employee.email]]


@pytest.mark.django_db(transaction=True)
def test_a_question_closed_three_times_at_once_tells_the_asker_once(employee, advisor, advisor_profile):
    from tests.conftest import posted_at_once

    question = actions.ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    mail.outbox.clear()
    statuses = posted_at_once(
        advisor, reverse("contacts:inbox_close", args=[question.pk]), {"action": "close"}
    )
    assert statuses == [302, 302, 302]
    assert len(mail.outbox) == 1  # was one "closed without an answer" per click


def test_an_advisor_closing_a_question_the_asker_just_withdrew_sends_nothing(
    django_capture_on_commit_callbacks, client, employee, advisor, advisor_profile
):
    question = actions.ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    as_the_advisor_loaded_it = Question.objects.get(pk=question.pk)
    mail.outbox.clear()
    actions.close_question(question)  # by the asker
    with django_capture_on_commit_callbacks(execute=True):
        assert not actions.close_question(as_the_advisor_loaded_it, by_advisor=True)
    assert mail.outbox == []


def test_editing_an_faq_entry_that_communications_took_offline_keeps_it_offline(
    client, advisor, anonymous_question, topic
):
    client.force_login(advisor)
    client.post(anonymous_question.get_inbox_url(), {"answer": "Intern klären."})
    url = reverse("contacts:inbox_publish_faq", args=[anonymous_question.pk])
    client.post(url, {"title": "Kritik?", "answer": "Intern.", "topic": topic.pk})
    FaqEntry.objects.update(is_published=False)
    page = client.post(
        url,
        {"title": "Kritik am Arbeitgeber?", "answer": "Intern.", "topic": topic.pk},
        follow=True,
        headers={"accept-language": "en"},
    ).text
    # It said "updated" only, as if the new wording were online now.
    assert "The FAQ entry is updated. It stays offline" in page
    entry = FaqEntry.objects.get()
    assert (entry.title, entry.is_published) == ("Kritik am Arbeitgeber?", False)
    assert (
        "Das Kommunikationsteam kann ihn wieder online stellen"
        in client.get(anonymous_question.get_inbox_url()).text
    )


def test_taking_an_faq_entry_offline_a_second_time_says_it_was_offline_already(
    client, advisor, anonymous_question, topic
):
    """A second click (another tab, or a colleague first) said nothing at all."""
    client.force_login(advisor)
    client.post(anonymous_question.get_inbox_url(), {"answer": "Intern klären."})
    client.post(
        reverse("contacts:inbox_publish_faq", args=[anonymous_question.pk]),
        {"title": "Kritik?", "answer": "Intern.", "topic": topic.pk},
    )
    offline = reverse("contacts:inbox_faq_offline", args=[anonymous_question.pk])
    english = {"follow": True, "headers": {"accept-language": "en"}}
    assert "The FAQ entry is offline." in client.post(offline, **english).text
    assert "The FAQ entry was offline already." in client.post(offline, **english).text
    FaqEntry.objects.all().delete()  # Communications deleted it meanwhile
    assert "There is no FAQ entry for this question any more." in client.post(offline, **english).text


def test_the_asker_can_take_back_a_withdrawal(employee_client, advisor_profile, topic):
    """Withdrawing was final, and the page went on promising an answer."""
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    url = reverse("contacts:close_my_question", args=[question.pk])
    page = employee_client.post(url, {"action": "close"}, follow=True).text
    assert "Sie können sie hier wieder öffnen" in page
    assert "Sie erhalten eine E-Mail, sobald es eine Antwort gibt" not in page
    assert "Sie haben diese Frage zurückgezogen, bevor sie beantwortet wurde." in page
    page = employee_client.post(url, {"action": "reopen"}, follow=True).text
    assert "Die Frage ist wieder offen." in page
    employee_client.post(url, {"action": "reopen"})  # a second click leaves it open
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert "Frage zurückziehen" in employee_client.get(question.get_absolute_url()).text


def test_reopening_an_answered_question_says_it_keeps_its_answer(
    client, advisor, advisor_profile, employee_client, topic
):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    client.force_login(advisor)
    client.post(question.get_inbox_url(), {"answer": "Ja.", "answered_at": ""})
    close = reverse("contacts:inbox_close", args=[question.pk])
    client.post(close, {"action": "close"})
    page = client.get(question.get_inbox_url()).text
    assert "Sie können sie verbessern" not in page
    assert "Öffnen Sie sie wieder, um die Antwort zu verbessern." in page
    page = client.post(close, {"action": "reopen"}, follow=True).text
    assert "Die Frage ist wieder geöffnet. Sie behält ihre Antwort" in page
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED


def test_a_question_reopened_after_its_advisor_stopped_goes_to_communications(
    client, advisor, advisor_profile, employee, comms
):
    from contacts.actions import ask_question, close_question, reopen_question, responsible_users

    question = ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    close_question(question)  # withdrawn by the asker
    advisor_profile.is_active = False
    advisor_profile.save()  # only open questions are handed over
    reopen_question(Question.objects.get(pk=question.pk))
    question.refresh_from_db()
    assert question.handed_over
    assert question in Question.objects.addressed_to(comms)
    assert comms in responsible_users(question)


def test_an_answered_question_reopened_after_its_advisor_stopped_goes_to_communications(
    advisor, advisor_profile, employee, comms
):
    """Reopened as "answered", it was in nobody's inbox: nobody could improve the answer."""
    question = actions.ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    actions.answer_question(question, advisor, "Ja.")
    actions.close_question(question)
    advisor_profile.is_active = False
    advisor_profile.save()
    actions.reopen_question(Question.objects.get(pk=question.pk))
    question.refresh_from_db()
    assert (question.status, question.handed_over) == (Question.Status.ANSWERED, True)
    assert question in Question.objects.addressed_to(comms)


def test_the_asker_is_told_when_an_advisor_closes_their_question_unanswered(
    django_capture_on_commit_callbacks, employee, employee_client, advisor_client, advisor_profile, topic
):
    ask(employee_client, topic=topic.pk, is_anonymous="on")
    question = Question.objects.get()
    mail.outbox.clear()
    close = reverse("contacts:inbox_close", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(close, {"action": "close"})
        advisor_client.post(close, {"action": "close"})  # a double click: one e-mail
    [message] = mail.outbox
    assert message.to == [employee.email]  # anonymous to the advisor, not to the portal
    assert "ohne Antwort geschlossen" in message.subject
    assert question.get_absolute_url() in message.body
    # Answered and then closed: the asker has their answer, nothing to tell.
    advisor_client.post(close, {"action": "reopen"})
    advisor_client.post(question.get_inbox_url(), {"answer": "Ja."})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(close, {"action": "close"})
    assert mail.outbox == []


def test_withdrawing_my_own_question_mails_me_nothing(
    django_capture_on_commit_callbacks, employee_client, advisor_profile, topic
):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(reverse("contacts:close_my_question", args=[question.pk]), {"action": "close"})
    assert mail.outbox == []


def test_an_faq_edit_keeps_what_communications_corrected_meanwhile(
    advisor, advisor_client, employee_client, advisor_profile, topic
):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    actions.answer_question(question, advisor, "Ja.")
    url = reverse("contacts:inbox_publish_faq", args=[question.pk])
    advisor_client.post(url, {"title": "Darf ich posten?", "answer": "Ja.", "topic": topic.pk})
    form = advisor_client.get(url).context["form"]
    version = form.page_version()
    # Communications corrects the answer and translates it in the admin meanwhile.
    FaqEntry.objects.update(answer="Ja, ohne Kundennamen.", answer_en="Yes, without customer names.")
    response = advisor_client.post(
        url,
        {
            "title": "Darf ich das Foto posten?",
            "answer": "Ja.",
            "topic": topic.pk,
            "_loaded_version": version,
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert (entry.title, entry.answer, entry.answer_en) == (
        "Darf ich das Foto posten?",
        "Ja, ohne Kundennamen.",
        "Yes, without customer names.",
    )
    # Both changed the answer: refused, the advisor's text kept.
    version = advisor_client.get(url).context["form"].page_version()
    FaqEntry.objects.update(answer="Ja, aber ohne Logo.")
    response = advisor_client.post(
        url, {"title": entry.title, "answer": "Nein.", "topic": topic.pk, "_loaded_version": version}
    )
    assert response.status_code == 200
    assert "Nein.</textarea>" in response.text
    assert FaqEntry.objects.get().answer == "Ja, aber ohne Logo."


def test_a_question_loses_control_characters_and_direction_overrides(employee_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk, subject="Darf ich \u202eposten\u202c?", body="Zeile\x01 eins")
    question = Question.objects.get()
    assert (question.subject, question.body) == ("Darf ich posten?", "Zeile eins")


def test_a_question_of_nothing_visible_is_empty(employee_client, advisor_profile, topic):
    """A subject of a zero-width space was a link nobody could see or click in the inbox."""
    response = ask(employee_client, topic=topic.pk, subject="\u200b", body="\u00ad\u2060 \ufeff")
    assert response.text.count("Dieses Feld ist zwingend erforderlich.") == 2
    assert not Question.objects.exists()
    # Inside words they stay: what the asker typed, not a test for emptiness.
    ask(employee_client, topic=topic.pk, subject="Über\u00adnahme?", body="Ja\u200b.")
    assert Question.objects.get().subject == "Über\u00adnahme?"


def test_an_faq_entry_deleted_while_the_advisor_edits_it_comes_back_whole(
    advisor, advisor_client, employee_client, advisor_profile, topic
):
    """Saved unchanged, it came back as a published entry without title or answer."""
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    actions.answer_question(question, advisor, "Ja.")
    url = reverse("contacts:inbox_publish_faq", args=[question.pk])
    fields = {"title": "Darf ich posten?", "answer": "Ja.", "topic": topic.pk}
    advisor_client.post(url, fields)
    version = advisor_client.get(url).context["form"].page_version()
    FaqEntry.objects.all().delete()  # by Communications, in the admin
    advisor_client.post(url, {**fields, "_loaded_version": version})
    entry = FaqEntry.objects.get()
    assert (entry.title, entry.answer, entry.topic) == ("Darf ich posten?", "Ja.", topic)
    # Changed by the advisor: saved at once, not refused as changed by somebody else.
    version = advisor_client.get(url).context["form"].page_version()
    FaqEntry.objects.all().delete()
    response = advisor_client.post(url, {**fields, "answer": "Ja, gern.", "_loaded_version": version})
    assert response.status_code == 302
    assert FaqEntry.objects.get().answer == "Ja, gern."


def test_an_advisor_writes_the_faq_entry_in_german_and_english(client, advisor, anonymous_question, topic):
    """An English-writing advisor's entry was stored as the German one, marked lang="de"."""
    client.force_login(advisor)
    client.post(anonymous_question.get_inbox_url(), {"answer": "Intern klären."})
    url = reverse("contacts:inbox_publish_faq", args=[anonymous_question.pk])
    form = {
        "title": "Kritik am Arbeitgeber?", "answer": "Intern klären.", "topic": topic.pk,
        "title_en": "Criticising the employer?", "answer_en": "Talk internally.",
    }  # fmt: skip
    assert client.post(url, form).status_code == 302
    entry = FaqEntry.objects.get()
    assert (entry.title_en, entry.answer_en) == ("Criticising the employer?", "Talk internally.")
    english = client.get(reverse("contacts:faq"), headers={"accept-language": "en"}).text
    assert "<span>Criticising the employer?</span>" in english
    # The German reworded, the English as it was: it would say something else, so it goes.
    page = client.get(url)
    version = page.context["form"].page_version()
    client.post(url, {**form, "answer": "Immer intern klären.", "_loaded_version": version})
    entry.refresh_from_db()
    assert (entry.answer, entry.answer_en, entry.title_en) == (
        "Immer intern klären.",
        "",
        "Criticising the employer?",
    )
    # Both reworded together: both kept.
    version = client.get(url).context["form"].page_version()
    client.post(
        url,
        {**form, "answer": "Nur intern.", "answer_en": "Internally only.", "title_en": "Criticising the employer?",
         "_loaded_version": version},
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.answer, entry.answer_en) == ("Nur intern.", "Internally only.")


def test_a_question_and_an_answer_sent_tell_the_tab_to_forget_their_text(
    employee_client, advisor_client, advisor_profile, topic
):
    """The text typed is kept in the browser tab until sent (static/js/keep-draft.js); a refused
    send keeps it."""
    refused = employee_client.post(reverse("contacts:ask"), {"subject": "", "body": "Auf LinkedIn?"})
    assert "Dieses Feld ist zwingend erforderlich." in refused.text
    assert sent_drafts(refused.text) == []
    response = employee_client.post(
        reverse("contacts:ask"),
        {"subject": "Darf ich?", "body": "Auf LinkedIn?", "topic": topic.pk},
        follow=True,
    )
    assert sent_drafts(response.text) == ["question"]
    question = Question.objects.get()
    refused = advisor_client.post(question.get_inbox_url(), {"answer": "  "})
    assert sent_drafts(refused.text) == []
    response = advisor_client.post(question.get_inbox_url(), {"answer": "Ja."}, follow=True)
    assert "Ihre Antwort wurde gesendet." in response.text
    assert sent_drafts(response.text) == ["answer"]


def test_the_advisors_to_choose_from_are_listed_with_umlauts_among_their_letters(employee_client):
    """By the bytes of the name, "Özlem Kaya" came after "Zoe Berg" in the question form's list."""
    from portal.roles import Role
    from tests.contacts.factories import AdvisorFactory

    names = ["Oliver Nord", "Özlem Kaya", "Paul Lang", "Zoe Berg"]
    for name in reversed(names):
        user = make_user(f"{name.split()[1].lower()}@example.com", Role.ADVISOR, full_name=name)
        AdvisorFactory(name=name, user=user)
    page = employee_client.get(reverse("contacts:ask")).text
    options = page[page.index('name="advisor"') :]
    assert sorted(names, key=options.index) == names


def test_an_asker_reopening_an_unanswered_question_tells_whoever_received_it(
    advisor,
    advisor_client,
    advisor_profile,
    employee,
    employee_client,
    topic,
    django_capture_on_commit_callbacks,
):
    """The mail that a question was closed unanswered invites the asker to reopen it: reopened, it
    waited for the next daily reminder, the advisors told nothing."""
    ask(employee_client, topic=topic.pk, subject="Darf ich das Messefoto posten?")
    question = Question.objects.get()
    close = reverse("contacts:close_my_question", args=[question.pk])
    advisor_client.post(reverse("contacts:inbox_close", args=[question.pk]), {"action": "close"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(close, {"action": "reopen"})
    [notice] = mail.outbox
    assert notice.to == [advisor.email]
    assert notice.subject.endswith("Wieder geöffnet: Darf ich das Messefoto posten?")
    assert "hat diese Frage wieder geöffnet" in notice.body
    assert notice.body.startswith("Hallo ")
    assert question.get_inbox_url() in notice.body
    # Reopened once more by a second click (an old tab): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(close, {"action": "reopen"})
    assert len(mail.outbox) == 1


def test_two_reopens_at_the_same_moment_reopen_once_and_mail_once(
    advisor, advisor_client, advisor_profile, employee_client, topic, django_capture_on_commit_callbacks
):
    """Two tabs (or a double click without JavaScript) both read the question as closed: two
    "reopened" mails."""
    from contacts import actions

    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    advisor_client.post(reverse("contacts:inbox_close", args=[question.pk]), {"action": "close"})
    first, second = Question.objects.get(pk=question.pk), Question.objects.get(pk=question.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.reopen_question(first, by_asker=True) is True
        assert actions.reopen_question(second, by_asker=True) is False  # read as closed: too late
    assert len(mail.outbox) == 1
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN


def test_an_asker_withdrawing_and_reopening_again_and_again_mails_nobody(
    advisor, advisor_profile, employee_client, topic, django_capture_on_commit_callbacks
):
    """Each reopening of their own withdrawal mailed the advisors "reopened, closed without an
    answer": a way round the limit on questions an hour to fill their mailboxes."""
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    close = reverse("contacts:close_my_question", args=[question.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            employee_client.post(close, {"action": "close"})
            employee_client.post(close, {"action": "reopen"})
    assert mail.outbox == []
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert question in Question.objects.addressed_to(advisor)


def test_the_asker_reads_who_closed_their_question(employee_client, advisor_client, advisor_profile, topic):
    ask(employee_client, topic=topic.pk)
    question = Question.objects.get()
    employee_client.post(reverse("contacts:close_my_question", args=[question.pk]), {"action": "close"})
    page = employee_client.get(question.get_absolute_url()).text
    assert "Sie haben diese Frage zurückgezogen, bevor sie beantwortet wurde." in page
    employee_client.post(reverse("contacts:close_my_question", args=[question.pk]), {"action": "reopen"})
    advisor_client.post(reverse("contacts:inbox_close", args=[question.pk]), {"action": "close"})
    page = employee_client.get(question.get_absolute_url()).text
    assert "Von der Beratung ohne Antwort abgeschlossen." in page
    # Closed before it was recorded: either.
    Question.objects.update(closed_by_asker=None)
    page = employee_client.get(question.get_absolute_url()).text
    assert "zurückgezogen oder von der Beratung abgeschlossen" in page


@pytest.mark.parametrize("how", ["reopen", "follow_up"])
def test_a_question_of_a_deleted_advisor_reopened_or_followed_up_goes_to_communications(
    how, admin_client, advisor, advisor_client, advisor_profile, employee, employee_client, comms,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Their rows went with the profile: the asker was told "sent", and it reached nobody."""
    ask(employee_client, advisor=advisor_profile.pk)
    question = Question.objects.get()
    if how == "reopen":
        advisor_client.post(reverse("contacts:inbox_close", args=[question.pk]), {"action": "close"})
    else:
        actions.answer_question(question, advisor, "Ja.")
    admin_client.post(reverse("admin:contacts_advisor_delete", args=[advisor_profile.pk]), {"post": "yes"})
    assert not Advisor.objects.filter(pk=advisor_profile.pk).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if how == "reopen":
            employee_client.post(
                reverse("contacts:close_my_question", args=[question.pk]), {"action": "reopen"}
            )
        else:
            url = reverse("contacts:follow_up_my_question", args=[question.pk])
            employee_client.post(url, {"body": "Auch mit Kundennamen?"})
    question.refresh_from_db()
    assert (question.status, question.handed_over) == (Question.Status.OPEN, True)
    assert question in Question.objects.addressed_to(comms)
    assert [message.to for message in mail.outbox] == [[comms.email]]
    comms_client = Client()
    comms_client.force_login(comms)
    assert comms_client.get(question.get_inbox_url()).status_code == 200


def test_a_question_too_long_says_its_numbers_grouped_and_keeps_the_text(
    employee_client, advisor_profile, topic
):
    """ "höchstens 5000 Zeichen besteht. (Er besteht aus 20000 Zeichen.)" beside the help's "5.000"."""
    response = ask(employee_client, topic=topic.pk, body="x" * 20_000)
    assert "Bitte höchstens 5.000 Zeichen (es sind 20.000)." in response.text
    assert not Question.objects.exists()
