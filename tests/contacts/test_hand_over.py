"""An advisor hands a question to a colleague who knows more about it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from contacts.models import Question
from portal.roles import Role
from tests.contacts.factories import AdvisorFactory
from tests.contacts.test_questions import ask

pytestmark = pytest.mark.django_db


def hand_over(client, question, **data):
    return client.post(reverse("contacts:inbox_hand_over", args=[question.pk]), data, follow=True)


@pytest.fixture
def question(employee_client, advisor_profile, topic) -> Question:
    ask(employee_client, topic=topic.pk, advisor=advisor_profile.pk, subject="Darf ich das Messefoto posten?")
    return Question.objects.get()


def test_an_advisor_hands_a_question_to_a_colleague_who_is_told_with_the_note(
    django_capture_on_commit_callbacks, advisor_client, question, outsider_advisor
):
    page = advisor_client.get(question.get_inbox_url()).text
    assert "An Kollegin oder Kollegen übergeben" in page
    assert f'<option value="{outsider_advisor.pk}">Otto Andere</option>' in page
    assert "Anton Vogel</option>" not in page  # not to oneself
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = hand_over(
            advisor_client, question, colleague=outsider_advisor.pk, note="Das ist Ihr Thema."
        )
    assert "Otto Andere hat die Frage jetzt" in response.text
    assert "Darf ich das Messefoto posten?" not in response.text  # gone from the own inbox
    assert advisor_client.get(question.get_inbox_url()).status_code == 404
    assert list(question.recipients.all()) == [outsider_advisor]
    [message] = mail.outbox
    assert message.to == ["otto@example.com"]
    assert "Anton Vogel" in message.body
    assert "Das ist Ihr Thema." in message.body
    assert "Erika Mustermann" in message.body  # a named question names its asker
    # The colleague finds it in their inbox; the asker's page names who has it now.
    assert Question.objects.get().advisor == outsider_advisor


def test_a_double_click_hands_over_once_and_says_so(
    advisor_client, question, outsider_advisor, second_advisor
):
    hand_over(advisor_client, question, colleague=outsider_advisor.pk)
    response = hand_over(advisor_client, question, colleague=second_advisor.pk)
    assert "Diese Frage ist nicht (mehr) in Ihrem Posteingang." in response.text
    assert list(question.recipients.all()) == [outsider_advisor]


def test_bad_choices_are_refused_and_the_asker_is_never_offered(
    advisor_client, question, employee, outsider_advisor
):
    employee.groups.add(Group.objects.get(name=Role.ADVISOR))
    own = AdvisorFactory(user=employee, name="Erika Mustermann", email=employee.email)
    page = advisor_client.get(question.get_inbox_url()).text
    assert "Erika Mustermann</option>" not in page
    assert '<option value="" selected>Kollegin oder Kollegen wählen</option>' in page  # not "---------"
    for colleague in (own.pk, question.advisor.pk, "kaputt", "99999999999999999999", ""):
        response = hand_over(advisor_client, question, colleague=colleague, note="Bitte übernehmen")
        assert response.status_code == 200
        assert "Die Frage wurde nicht übergeben." in response.text
        assert "Bitte übernehmen" in response.text  # the note is kept
        # Shown at the hand-over's address: the answer form still sends to the question's own.
        assert (
            f'<form method="post" action="{question.get_inbox_url()}" novalidate autocomplete="off" data-keep-draft="answer">'
            in (response.text)
        )
    assert list(question.recipients.all()) == [question.advisor]
    # That address opened again (the language switched, a reload) leads back to the question.
    again = advisor_client.get(reverse("contacts:inbox_hand_over", args=[question.pk]))
    assert again["Location"] == question.get_inbox_url()


def test_nobody_else_can_hand_over_and_a_closed_question_is_not_handed_over(
    client, question, outsider_advisor, comms, advisor_client
):
    client.force_login(outsider_advisor.user)
    response = hand_over(client, question, colleague=outsider_advisor.pk)
    assert "nicht (mehr) in Ihrem Posteingang" in response.text
    client.force_login(comms)  # Communications may open the inbox, but received nothing here
    hand_over(client, question, colleague=outsider_advisor.pk)
    assert list(question.recipients.all()) == [question.advisor]
    advisor_client.post(reverse("contacts:inbox_close", args=[question.pk]), {"action": "close"})
    response = hand_over(advisor_client, question, colleague=outsider_advisor.pk)
    assert "Die Frage ist abgeschlossen." in response.text
    assert list(question.recipients.all()) == [question.advisor]
    assert "An Kollegin oder Kollegen übergeben" not in advisor_client.get(question.get_inbox_url()).text


def test_an_anonymous_askers_colleagues_are_all_offered_so_the_list_does_not_name_them(
    client, employee, advisor_client, advisor_profile, second_advisor, outsider_advisor, topic
):
    # The asker is an advisor too (on the topic, so the only one of its advisors who did not
    # receive it): leaving them, or only the other recipients, out of the list would name them.
    employee.groups.add(Group.objects.get(name=Role.ADVISOR))
    own = AdvisorFactory(user=employee, name="Erika Mustermann", email=employee.email, topics=[topic])
    client.force_login(employee)
    ask(client, topic=topic.pk, is_anonymous="on", subject="Kritik am Chef posten?")
    question = Question.objects.get()
    assert set(question.recipients.all()) == {advisor_profile, second_advisor}
    page = advisor_client.get(question.get_inbox_url()).text
    for colleague in (own, second_advisor, outsider_advisor):
        assert f'<option value="{colleague.pk}">{colleague.name}</option>' in page
    assert "Anton Vogel</option>" not in page  # not to oneself
    # Handed to a colleague who has it already: it leaves the own inbox, nothing else changes.
    response = hand_over(advisor_client, question, colleague=second_advisor.pk)
    assert "Berta Brandt hat die Frage jetzt" in response.text
    assert list(question.recipients.all()) == [second_advisor]


def test_the_mail_calls_a_named_question_whose_asker_left_no_anonymous_one(
    django_capture_on_commit_callbacks, advisor_client, question, outsider_advisor, employee
):
    employee.delete()  # left the company: the question stays, asked by nobody now
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hand_over(advisor_client, question, colleague=outsider_advisor.pk)
    [message] = mail.outbox
    assert "anonym" not in message.body
    assert "anonym" not in message.alternatives[0][0]


def test_an_answer_sent_from_a_page_open_before_the_hand_over_is_kept_on_the_page(
    advisor_client, question, outsider_advisor
):
    # Handed over in another tab: the answer typed in the first one is not sent, and not lost.
    hand_over(advisor_client, question, colleague=outsider_advisor.pk)
    url = reverse("contacts:inbox_question", args=[question.pk])
    response = advisor_client.post(url, {"answer": "Ja, <b>gern</b>."})
    assert response.status_code == 404  # as for a question that was never theirs
    assert "Diese Frage ist nicht (mehr) in Ihrem Posteingang." in response.text
    assert "Ja, &lt;b&gt;gern&lt;/b&gt;." in response.text
    assert Question.objects.get().answer == ""
    # Nothing about the question itself, as for one that was never theirs.
    assert "Darf ich das Messefoto posten?" not in response.text
    assert advisor_client.get(url).status_code == 404
    # The inbox's tabs lead to the inbox, not to this address again (a 404).
    assert f'href="{reverse("contacts:inbox")}?status=answered"' in response.text


@pytest.mark.parametrize(
    "view", ["contacts:inbox_close", "contacts:inbox_faq_offline", "contacts:inbox_publish_faq"]
)
def test_a_button_on_a_page_open_before_the_hand_over_says_where_the_question_went(
    advisor_client, question, outsider_advisor, view
):
    hand_over(advisor_client, question, colleague=outsider_advisor.pk)
    response = advisor_client.post(reverse(view, args=[question.pk]), {"action": "close"})
    assert response.status_code == 404
    assert "Diese Frage ist nicht (mehr) in Ihrem Posteingang." in response.text
    assert "Fragen an mich" in response.text  # the inbox, not "Page not found"
    assert Question.objects.get().status == Question.Status.OPEN
