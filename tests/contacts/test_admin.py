"""Communications maintains advisors, topics and the FAQ in the admin; nobody else does."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from contacts.models import AdvisorTopic

pytestmark = pytest.mark.django_db


def test_comms_adds_a_topic_and_edits_an_advisor(client, comms, advisor_profile):
    client.force_login(comms)
    response = client.post(
        reverse("admin:contacts_advisortopic_add"),
        {
            "name": "Barrierefreiheit",
            "slug": "barrierefreiheit",
            "description": "",
            "guideline_categories-TOTAL_FORMS": "1",
            "guideline_categories-INITIAL_FORMS": "0",
            "guideline_categories-0-category": "netiquette",
        },
    )
    assert response.status_code == 302
    topic = AdvisorTopic.objects.get(slug="barrierefreiheit")
    assert topic.guideline_categories.get().category == "netiquette"
    listing = client.get(reverse("admin:contacts_advisortopic_changelist")).text
    assert "Netiquette" in listing  # the category's name, not its code
    page = client.get(reverse("admin:contacts_advisor_change", args=[advisor_profile.pk]))
    assert page.status_code == 200
    assert client.get(reverse("admin:contacts_faqentry_changelist")).status_code == 200


def test_comms_cannot_delete_advisors(client, comms, advisor_profile):
    client.force_login(comms)
    assert client.get(reverse("admin:contacts_advisor_delete", args=[advisor_profile.pk])).status_code == 403


def test_hr_does_not_maintain_advisors(client, hr, advisor_profile):
    client.force_login(hr)
    assert client.get(reverse("admin:contacts_advisor_changelist")).status_code == 403


def test_advisor_admin_refuses_an_unsafe_chat_link(client, comms):
    client.force_login(comms)
    response = client.post(
        reverse("admin:contacts_advisor_add"),
        {"name": "Eva", "email": "eva@example.com", "chat_url": "javascript:alert(1)", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Chat-Link" in response.text


def test_linking_an_advisor_profile_to_an_account_without_the_role_opens_no_inbox(
    client, comms, employee, advisor_profile
):
    from contacts.forms import AdvisorAdminForm
    from contacts.models import Question

    # The admin offers only accounts with the Advisor role (which only superusers grant) ...
    offered = set(AdvisorAdminForm(instance=advisor_profile).fields["user"].queryset)
    assert advisor_profile.user in offered
    assert employee not in offered
    assert comms not in offered
    # ... and a link made some other way gives an account without the role nothing.
    type(advisor_profile).objects.filter(pk=advisor_profile.pk).update(user=employee)
    client.force_login(employee)
    assert client.get(reverse("contacts:inbox")).status_code == 403
    assert not Question.objects.addressed_to(employee).exists()


def test_only_a_superuser_links_an_advisor_profile_to_an_account(client, comms, advisor, advisor_profile):
    from portal.roles import Role
    from tests.conftest import make_user

    comms.groups.add(*make_user("x@example.com", Role.ADVISOR).groups.all())  # comms is an advisor too
    client.force_login(comms)
    url = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    page = client.get(url)
    assert 'name="user"' not in page.text  # shown, not editable
    assert str(advisor) in page.text
    # Without a link to the user page, which only superusers open (it was a 403).
    assert reverse("admin:portal_user_change", args=[advisor.pk]) not in page.text
    data = {"name": advisor_profile.name, "email": "a@example.com", "user": comms.pk, "is_active": "on"}
    client.post(url, data)
    advisor_profile.refresh_from_db()
    assert advisor_profile.user == advisor  # the inbox stays where it was


def test_deactivating_an_advisor_hands_their_open_questions_to_communications(
    client, comms, employee, advisor_profile, second_advisor, topic
):
    from contacts.actions import ask_question
    from contacts.models import Question

    only_mine = ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile, anonymous=True)
    shared = ask_question(employee, subject="Und das?", body="…", topic=topic)  # both of the topic
    answered = ask_question(employee, subject="Erledigt?", body="…", advisor=advisor_profile)
    Question.objects.filter(pk=answered.pk).update(status=Question.Status.ANSWERED)

    client.force_login(comms)
    change_url = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    response = client.post(
        change_url, {"name": advisor_profile.name, "email": advisor_profile.email}, follow=True
    )
    advisor_profile.refresh_from_db()
    assert not advisor_profile.is_active
    # All open ones, whoever else has them: which alone would say who else received (and asked).
    assert "2 offene Fragen dieses Ansprechpartners liegen jetzt" in response.text
    handed = dict(Question.objects.values_list("pk", "handed_over"))
    assert handed == {only_mine.pk: True, shared.pk: True, answered.pk: False}
    assert {only_mine, shared} <= set(Question.objects.addressed_to(comms))
    # Still Berta's too, with her reminders; the asker's page still says where it went.
    assert shared in Question.objects.addressed_to(second_advisor.user)
    assert Question.objects.get(pk=shared.pk).routed_to == Question.Route.TOPIC
    from contacts.actions import responsible_users

    assert {second_advisor.user, comms} <= set(responsible_users(Question.objects.get(pk=shared.pk)))


def test_deactivating_an_advisors_account_hands_over_their_questions_too(employee, advisor, advisor_profile):
    from contacts.actions import ask_question
    from contacts.models import Question

    question = ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    advisor.last_login = None
    advisor.save(update_fields=["last_login"])  # not about is_active: nothing happens
    assert not Question.objects.get(pk=question.pk).handed_over
    advisor.is_active = False
    advisor.save()
    assert Question.objects.get(pk=question.pk).handed_over
    advisor.is_active = True
    advisor.save()
    assert not Question.objects.get(pk=question.pk).handed_over  # back with the advisor


def test_switching_an_advisor_off_and_on_again_gives_communications_nothing_to_keep(
    client, comms, employee, advisor, advisor_profile, django_capture_on_commit_callbacks
):
    """Found in a security review: the off-and-on toggle let Communications read any advisor's
    open questions, named askers included, for as long as it liked."""
    from contacts.actions import answer_question, ask_question
    from contacts.models import Question

    named = ask_question(employee, subject="Darf ich das posten?", body="…", advisor=advisor_profile)
    answered_by_comms = ask_question(employee, subject="Und das?", body="…", advisor=advisor_profile)
    client.force_login(comms)
    change_url = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url, {"name": advisor_profile.name, "email": advisor_profile.email})
    assert set(Question.objects.addressed_to(comms)) == {named, answered_by_comms}
    # The advisor is told, in their language.
    (message,) = mail.outbox
    assert message.to == [advisor.email]
    assert "2 offenen Fragen" in message.body
    answer_question(Question.objects.get(pk=answered_by_comms.pk), comms, "Ja.", based_on=None)

    response = client.post(
        change_url,
        {"name": advisor_profile.name, "email": advisor_profile.email, "is_active": "on"},
        follow=True,
    )
    assert (
        "1 offene Frage dieses Ansprechpartners ist nicht mehr im Posteingang des Kommunikationsteams"
        in response.text
    )
    assert set(Question.objects.addressed_to(comms)) == {answered_by_comms}  # the one it answered
    assert named in Question.objects.addressed_to(advisor)
    assert client.get(reverse("contacts:inbox_question", args=[named.pk])).status_code == 404


def test_an_advisor_without_the_advisor_role_gets_no_questions_and_loses_theirs_to_communications(
    comms, employee, advisor, advisor_profile, topic
):
    """Switched on again without the role, the questions left Communications for an inbox nobody reads."""
    from django.contrib.auth.models import Group

    from contacts.actions import ask_question, route
    from contacts.models import Question
    from portal.roles import Role

    question = ask_question(employee, subject="Darf ich?", body="…", advisor=advisor_profile)
    role = Group.objects.get(name=Role.ADVISOR)
    advisor.groups.remove(role)
    assert Question.objects.get(pk=question.pk).handed_over
    assert question in Question.objects.addressed_to(comms)
    # Switching the profile off and on again does not take it back to nobody.
    advisor_profile.is_active = False
    advisor_profile.save()
    from contacts.actions import take_back_open_questions

    advisor_profile.is_active = True
    advisor_profile.save()
    assert take_back_open_questions(advisor_profile) == 0
    assert Question.objects.get(pk=question.pk).handed_over
    # New questions do not go to them either.
    assert route(topic, advisor_profile).route == Question.Route.COMMUNICATIONS
    advisor.groups.add(role)
    assert not Question.objects.get(pk=question.pk).handed_over
    assert route(topic, advisor_profile).route == Question.Route.ADVISOR


def _change_form(advisor, **fields) -> dict:
    data = {"name": advisor.name, "email": advisor.email, "is_active": "on", "user": advisor.user_id or ""}
    return {**data, **fields}


def test_unlinking_an_advisors_account_hands_over_their_open_questions(
    client, admin_user, employee, advisor_profile
):
    from contacts.actions import ask_question
    from contacts.models import Question

    question = ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    client.force_login(admin_user)
    change_url = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    response = client.post(change_url, _change_form(advisor_profile, user=""), follow=True)
    assert "1 offene Frage dieses Ansprechpartners liegt jetzt" in response.text
    assert Question.objects.get(pk=question.pk).handed_over


def test_saving_an_advisor_whose_account_is_switched_off_keeps_the_link(
    client, admin_user, advisor, advisor_profile
):
    advisor.is_active = False
    advisor.save()
    client.force_login(admin_user)
    change_url = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    page = client.get(change_url).text
    assert f'<option value="{advisor.pk}" selected>' in page
    client.post(change_url, _change_form(advisor_profile, office_hours="Mo–Fr 9–12"))
    advisor_profile.refresh_from_db()
    assert advisor_profile.user == advisor
    assert advisor_profile.office_hours == "Mo–Fr 9–12"


def test_the_admin_history_names_changed_fields_in_the_readers_language(client, comms, advisor_profile):
    client.force_login(comms)
    change_url = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    client.post(change_url, {"name": advisor_profile.name, "email": advisor_profile.email, "bio": "Neu"})
    history = client.get(reverse("admin:contacts_advisor_history", args=[advisor_profile.pk])).text
    # The profile's history (django-simple-history): each field, before → after.
    assert "<strong>Kurzvorstellung:</strong>" in history  # not "Short bio"
    assert "<strong>Aktiv:</strong>" in history


@pytest.mark.parametrize("deleted", ["advisor", "account"])
def test_deleting_an_advisor_or_their_account_hands_their_open_questions_over(
    client, admin_user, comms, employee, advisor, advisor_profile, deleted
):
    """Deleted, their open questions waited for nobody: no inbox, no reminder, the asker for ever."""
    from contacts.actions import ask_question, responsible_users
    from contacts.models import Question

    question = ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile, anonymous=True)
    client.force_login(admin_user)
    if deleted == "advisor":
        url = reverse("admin:contacts_advisor_delete", args=[advisor_profile.pk])
    else:
        url = reverse("admin:portal_user_delete", args=[advisor.pk])
    page = client.get(url).text
    assert (
        "1 offene Frage, die diese Person erhalten hat, geht in den Posteingang des Kommunikationsteams."
        in page
    )
    client.post(url, {"post": "yes"})
    question.refresh_from_db()
    assert question.handed_over
    assert question in Question.objects.addressed_to(comms)
    assert comms in responsible_users(question)


def test_a_language_is_listed_once_whatever_its_capitals(client, comms):
    """ "DE" beside "de", or "deutsch" beside "Deutsch", showed one language twice in the
    directory's filter, with the advisors split between the two."""
    from contacts.models import Language

    client.force_login(comms)
    add = reverse("admin:contacts_language_add")
    for code, name, refusal in [
        ("DE", "Hochdeutsch", "Sprache mit diesem Wert für das Feld Kürzel existiert bereits."),
        ("xx", "deutsch", "Es gibt bereits einen Eintrag mit diesem Namen (Groß- und Kleinschreibung"),
    ]:
        response = client.post(add, {"code": code, "name": name, "name_en": ""})
        assert response.status_code == 200
        assert refusal in response.text
    response = client.post(add, {"code": "SW", "name": "Suaheli", "name_en": "Swahili"})
    assert response.status_code == 302
    assert Language.objects.get(name="Suaheli").code == "sw"
    assert Language.objects.filter(name__iexact="deutsch").count() == 1


def test_view_on_site_is_offered_only_where_the_page_opens(admin_client):
    """A question's page is the asker's (a 404 for the superuser), a switched-off advisor has none."""
    from tests.contacts.factories import AdvisorFactory, QuestionFactory

    question = QuestionFactory()
    page = admin_client.get(reverse("admin:contacts_question_change", args=[question.pk])).text
    assert "viewsitelink" not in page
    shown, hidden = AdvisorFactory(name="Sichtbar"), AdvisorFactory(name="Abgeschaltet", is_active=False)
    page = admin_client.get(reverse("admin:contacts_advisor_change", args=[shown.pk])).text
    assert f'href="{shown.get_absolute_url()}" class="viewsitelink"' in page
    assert admin_client.get(shown.get_absolute_url()).status_code == 200
    page = admin_client.get(reverse("admin:contacts_advisor_change", args=[hidden.pk])).text
    assert "viewsitelink" not in page


def test_deleting_a_language_or_topic_counts_the_advisors_losing_it_in_words(admin_client):
    """The page listed "Advisor-language-Beziehung: Advisor_languages object (1)" per advisor."""
    from contacts.models import Language
    from tests.contacts.factories import AdvisorFactory

    topic = AdvisorTopic.objects.create(name="Recht", slug="recht")
    italian = Language.objects.get(code="it")
    for name in ("Anna", "Bert"):
        advisor = AdvisorFactory(name=name)
        advisor.topics.add(topic)
        advisor.languages.add(italian)
    for url in (
        reverse("admin:contacts_language_delete", args=[italian.pk]),
        reverse("admin:contacts_advisortopic_delete", args=[topic.pk]),
    ):
        page = admin_client.get(url).text
        assert "object (" not in page, url
        assert "_languages" not in page
        assert "_topics" not in page
