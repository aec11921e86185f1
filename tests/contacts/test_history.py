"""Advisor profiles, topics and FAQ entries keep a history: nothing overwritten or deleted is lost."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import Advisor, AdvisorTopic, FaqEntry
from tests.contacts.factories import AdvisorFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db


def _profile_form(advisor: Advisor, **fields) -> dict:
    data = {"name": advisor.name, "email": advisor.email, "is_active": "on", "user": advisor.user_id or ""}
    data.update({name: getattr(advisor, name) for name in ("bio", "office_hours")})
    return {**data, **fields}


def _revert(client, advisor: Advisor, record, **fields):
    url = reverse("admin:contacts_advisor_simple_history", args=[advisor.pk, record.history_id])
    return client.post(
        url, _profile_form(advisor, bio=record.bio, office_hours=record.office_hours, **fields)
    )


def test_a_bio_overwritten_in_the_admin_is_restored_from_the_profiles_history(
    client, admin_user, advisor_profile
):
    """An advisor's bio overwritten in the admin could not be restored: profiles kept no history."""
    Advisor.objects.filter(pk=advisor_profile.pk).update(bio="Ursprünglich.")  # as before the history
    advisor_profile.refresh_from_db()
    advisor_profile.save()  # a version with the original bio
    client.force_login(admin_user)
    change = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    client.post(change, _profile_form(advisor_profile, bio="Überschrieben."))
    advisor_profile.refresh_from_db()
    assert advisor_profile.bio == "Überschrieben."

    history = client.get(reverse("admin:contacts_advisor_history", args=[advisor_profile.pk])).text
    assert "Ursprünglich." in history  # before → after
    assert "Überschrieben." in history
    original = advisor_profile.history.filter(bio="Ursprünglich.").latest()
    page = reverse("admin:contacts_advisor_simple_history", args=[advisor_profile.pk, original.history_id])
    assert "Ursprünglich." in client.get(page).text  # the earlier version, to put back
    response = _revert(client, advisor_profile, original)
    assert response.status_code == 302
    advisor_profile.refresh_from_db()
    assert advisor_profile.bio == "Ursprünglich."
    assert advisor_profile.history.latest().history_user == admin_user  # who put it back


def test_office_hours_changed_on_the_own_profile_page_are_restored_from_the_history(
    client, comms, advisor, advisor_profile
):
    advisor_profile.office_hours = "Mo–Fr 9–12"
    advisor_profile.save()
    client.force_login(advisor)
    fields = {"email": advisor_profile.email, "office_hours": "nur freitags", "bio": "Neu geschrieben."}
    client.post(reverse("contacts:my_profile"), fields)
    advisor_profile.refresh_from_db()
    assert (advisor_profile.office_hours, advisor_profile.bio) == ("nur freitags", "Neu geschrieben.")
    own = advisor_profile.history.latest()
    assert own.history_user == advisor  # the advisor's own change, with their name
    assert advisor_profile.last_confirmed_on is not None

    client.force_login(comms)
    earlier = advisor_profile.history.filter(office_hours="Mo–Fr 9–12").latest()
    assert _revert(client, advisor_profile, earlier).status_code == 302
    advisor_profile.refresh_from_db()
    assert (advisor_profile.office_hours, advisor_profile.bio) == ("Mo–Fr 9–12", "")


def test_saving_the_own_profile_unchanged_or_confirming_it_adds_nothing_to_its_history(
    client, advisor, advisor_profile
):
    records = advisor_profile.history.count()
    client.force_login(advisor)
    unchanged = {"email": advisor_profile.email, "office_hours": "", "bio": ""}
    client.post(reverse("contacts:my_profile"), unchanged)
    client.post(reverse("contacts:confirm_profile"))
    advisor_profile.refresh_from_db()
    assert advisor_profile.last_confirmed_on is not None  # confirmed
    assert advisor_profile.history.count() == records


def test_putting_back_an_earlier_version_keeps_the_photo(client, comms, advisor_profile):
    """The file of a replaced photo is deleted: no earlier version may point at it, or take the
    current one away."""
    assert "photo" not in {field.name for field in Advisor.history.model._meta.fields}
    original = advisor_profile.history.earliest()
    advisor_profile.photo = "advisors/neu.jpg"
    advisor_profile.bio = "Mit Foto."
    advisor_profile.save()
    client.force_login(comms)
    assert _revert(client, advisor_profile, original).status_code == 302
    advisor_profile.refresh_from_db()
    assert (advisor_profile.bio, advisor_profile.photo.name) == ("", "advisors/neu.jpg")


def test_a_deleted_advisor_is_listed_and_comes_back(client, admin_user, advisor_profile):
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_advisor_delete", args=[advisor_profile.pk]), {"post": "yes"})
    assert not Advisor.objects.exists()
    deleted = reverse("admin:contacts_advisor_deleted_objects")
    assert deleted in client.get(reverse("admin:contacts_advisor_changelist")).text
    assert "Anton Vogel" in client.get(deleted).text
    record = Advisor.history.get(history_type="-")
    client.post(deleted, {"restore": f"contacts.advisor:{record.history_id}"})
    restored = Advisor.objects.get()
    assert (restored.name, restored.search_text) == ("Anton Vogel", advisor_profile.search_text)


def test_a_restored_advisor_gets_back_topics_languages_and_spokesperson_roles(
    client, admin_user, advisor_profile, topic, other_topic
):
    """Restored, the advisor was reachable again, but for no topic, in no language, and the
    taboo topic they spoke for had nobody."""
    from contacts.models import Language
    from guidelines.models import TabooTopic

    french = Language.objects.get(code="fr")
    advisor_profile.topics.set([topic, other_topic])
    advisor_profile.languages.set([french])
    figures = TabooTopic.objects.create(name="Finanzkennzahlen", spokesperson=advisor_profile)
    strategy = TabooTopic.objects.create(name="Strategie", spokesperson=advisor_profile)
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_advisor_delete", args=[advisor_profile.pk]), {"post": "yes"})
    figures.refresh_from_db()
    assert figures.spokesperson is None
    strategy.spokesperson = AdvisorFactory(name="Pressestelle")  # given another meanwhile: kept
    strategy.save()
    record = Advisor.history.get(history_type="-", id=advisor_profile.pk)
    client.post(
        reverse("admin:contacts_advisor_deleted_objects"),
        {"restore": f"contacts.advisor:{record.history_id}"},
    )
    restored = Advisor.objects.get(pk=advisor_profile.pk)
    assert set(restored.topics.all()) == {topic, other_topic}
    assert list(restored.languages.all()) == [french]
    figures.refresh_from_db()
    strategy.refresh_from_db()
    assert (figures.spokesperson, strategy.spokesperson.name) == (restored, "Pressestelle")


def test_a_deleted_faq_entry_is_listed_and_comes_back(client, comms, admin_user, topic):
    entry = FaqEntryFactory(title="Darf ich posten?", answer="Ja.", topic=topic)
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_faqentry_delete", args=[entry.pk]), {"post": "yes"})
    assert not FaqEntry.objects.exists()
    deleted = reverse("admin:contacts_faqentry_deleted_objects")
    assert deleted in client.get(reverse("admin:contacts_faqentry_changelist")).text
    assert "Darf ich posten?" in client.get(deleted).text
    record = FaqEntry.history.get(history_type="-")
    client.post(deleted, {"restore": f"contacts.faqentry:{record.history_id}"}, follow=True)
    restored = FaqEntry.objects.get()
    assert (restored.title, restored.topic) == ("Darf ich posten?", topic)
    assert FaqEntry.objects.search("posten").get() == restored  # its search words are back too


def test_a_faq_entry_whose_topic_was_deleted_meanwhile_comes_back_without_it(client, admin_user, topic):
    """Its history still named the topic: the entry could not come back at all."""
    entry = FaqEntryFactory(title="Darf ich posten?", answer="Ja.", topic=topic)
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_faqentry_delete", args=[entry.pk]), {"post": "yes"})
    topic.delete()
    record = FaqEntry.history.get(history_type="-")
    response = client.post(
        reverse("admin:contacts_faqentry_deleted_objects"),
        {"restore": f"contacts.faqentry:{record.history_id}"},
        follow=True,
    )
    assert "wiederhergestellt" in response.text or "is restored" in response.text
    assert FaqEntry.objects.get().topic is None


def test_a_reworded_faq_entry_is_restored_from_its_history(client, comms):
    entry = FaqEntryFactory(title="Darf ich posten?", answer="Ja.")
    client.force_login(comms)
    change = reverse("admin:contacts_faqentry_change", args=[entry.pk])
    form = {"title": entry.title, "answer": "Nein.", "is_published": "on"}
    client.post(change, form)
    entry.refresh_from_db()
    assert entry.answer == "Nein."
    original = entry.history.earliest()
    revert = reverse("admin:contacts_faqentry_simple_history", args=[entry.pk, original.history_id])
    assert client.post(revert, {**form, "answer": original.answer}).status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "Ja."


def test_a_deleted_topic_is_listed_and_comes_back(client, admin_user, topic):
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_advisortopic_delete", args=[topic.pk]), {"post": "yes"})
    assert not AdvisorTopic.objects.exists()
    deleted = reverse("admin:contacts_advisortopic_deleted_objects")
    assert deleted in client.get(reverse("admin:contacts_advisortopic_changelist")).text
    assert topic.name in client.get(deleted).text
    record = AdvisorTopic.history.get(history_type="-")
    client.post(deleted, {"restore": f"contacts.advisortopic:{record.history_id}"})
    restored = AdvisorTopic.objects.get()
    assert (restored.name, restored.slug, restored.search_words) == (
        topic.name,
        topic.slug,
        topic.search_words,
    )
    history = client.get(reverse("admin:contacts_advisortopic_history", args=[topic.pk]))
    assert history.status_code == 200
    assert "Verlauf" in history.text


def test_a_restored_topic_gets_back_its_advisors_questions_and_faq_entries(
    client, admin_user, topic, other_topic, advisor_profile, employee
):
    from contacts.models import Question

    entry = FaqEntryFactory(title="Darf ich Fotos posten?", topic=topic)
    moved = FaqEntryFactory(title="Was tue ich bei einem Shitstorm?", topic=topic)
    question = Question.objects.create(asker=employee, topic=topic, subject="Messefoto?", body="Darf ich?")
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_advisortopic_delete", args=[topic.pk]), {"post": "yes"})
    assert not advisor_profile.topics.exists()
    moved.topic = other_topic  # given another topic meanwhile: it keeps that one
    moved.save()
    record = AdvisorTopic.history.get(history_type="-", id=topic.pk)
    deleted = reverse("admin:contacts_advisortopic_deleted_objects")
    client.post(deleted, {"restore": f"contacts.advisortopic:{record.history_id}"})
    restored = AdvisorTopic.objects.get(pk=topic.pk)
    assert list(advisor_profile.topics.all()) == [restored]
    entry.refresh_from_db()
    moved.refresh_from_db()
    question.refresh_from_db()
    assert (entry.topic, moved.topic, question.topic) == (restored, other_topic, restored)


def test_a_renamed_language_is_put_back_from_its_history(client, comms):
    from contacts.models import Language

    french = Language.objects.get(code="fr")
    client.force_login(comms)
    change = reverse("admin:contacts_language_change", args=[french.pk])
    client.post(change, {"code": "fr", "name": "Frankreich", "name_en": "France"})
    french.refresh_from_db()
    assert french.name == "Frankreich"
    history = client.get(reverse("admin:contacts_language_history", args=[french.pk])).text
    assert "Frankreich" in history
    original = french.history.earliest()
    assert original.name == "Französisch"
    revert = reverse("admin:contacts_language_simple_history", args=[french.pk, original.history_id])
    form = {"code": "fr", "name": original.name, "name_en": original.name_en}
    assert client.post(revert, form).status_code == 302
    french.refresh_from_db()
    assert (french.name, french.name_en) == ("Französisch", original.name_en)


def test_a_deleted_language_comes_back_with_its_advisors(client, admin_user, advisor_profile):
    from contacts.models import Language

    french = Language.objects.get(code="fr")
    advisor_profile.languages.add(french)
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_language_delete", args=[french.pk]), {"post": "yes"})
    assert not advisor_profile.languages.filter(code="fr").exists()
    deleted = reverse("admin:contacts_language_deleted_objects")
    assert deleted in client.get(reverse("admin:contacts_language_changelist")).text
    assert "Französisch" in client.get(deleted).text
    record = Language.history.get(history_type="-", id=french.pk)
    client.post(deleted, {"restore": f"contacts.language:{record.history_id}"})
    assert list(advisor_profile.languages.filter(code="fr").values_list("name", flat=True)) == ["Französisch"]


def test_the_deleted_pages_are_for_whoever_may_change_the_records(client, employee, advisor):
    for url in ("contacts_advisor", "contacts_advisortopic", "contacts_faqentry", "contacts_language"):
        client.force_login(advisor)
        response = client.get(reverse(f"admin:{url}_deleted_objects"))
        assert response.status_code in (302, 403)


def test_the_own_profiles_earlier_versions_are_in_the_advisors_download(
    client, comms, advisor, advisor_profile
):
    client.force_login(comms)
    change = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    client.post(change, _profile_form(advisor_profile, bio="Von Clara geschrieben."))
    from portal.personal_data import collect

    versions = collect(advisor)["advisor_profile_history"]
    assert [v["action"] for v in versions] == ["created", "changed"]
    assert versions[-1]["bio"] == "Von Clara geschrieben."
    assert versions[-1]["changed_by"]["code"] == "someone_else"  # not whose name


def test_putting_back_an_earlier_version_keeps_the_linked_account_for_communications(
    client, comms, advisor_profile
):
    """Only a superuser links a profile to an account (its inbox goes with it): a version put back
    by Communications relinked the account the profile had then."""
    original = advisor_profile.history.earliest()
    advisor_profile.user = None
    advisor_profile.bio = "Ohne Konto."
    advisor_profile.save()
    client.force_login(comms)
    assert _revert(client, advisor_profile, original).status_code == 302
    advisor_profile.refresh_from_db()
    assert (advisor_profile.bio, advisor_profile.user) == ("", None)


def test_an_active_version_put_back_takes_the_advisors_open_questions_back(
    client, comms, employee, advisor_profile
):
    """The form of a version starts from that version: switched back on, it looked unchanged, and
    the questions handed over when the advisor was switched off stayed with Communications."""
    from contacts.actions import ask_question
    from contacts.models import Question

    question = ask_question(employee, subject="Posten?", body="…", advisor=advisor_profile)
    client.force_login(comms)
    change = reverse("admin:contacts_advisor_change", args=[advisor_profile.pk])
    client.post(change, _profile_form(advisor_profile, is_active=""))
    assert Question.objects.get(pk=question.pk).handed_over
    active = advisor_profile.history.filter(is_active=True).latest()
    response = _revert(client, advisor_profile, active)
    assert response.status_code == 302
    advisor_profile.refresh_from_db()
    assert advisor_profile.is_active
    assert not Question.objects.get(pk=question.pk).handed_over


def test_an_faq_entry_put_back_after_its_question_was_deleted_is_saved_without_it(client, comms):
    """The version named the question: saving it pointed at a row that is gone (a 500)."""
    from tests.contacts.factories import QuestionFactory

    question = QuestionFactory()
    entry = FaqEntryFactory(title="Darf ich posten?", answer="Ja.", question=question)
    original = entry.history.earliest()
    question.delete()
    client.force_login(comms)
    revert = reverse("admin:contacts_faqentry_simple_history", args=[entry.pk, original.history_id])
    response = client.post(revert, {"title": "Darf ich posten?", "answer": "Ja.", "is_published": "on"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.question is None


def test_a_deleted_faq_entry_one_published_stays_in_their_download(advisor):
    """Its history keeps it with their name, to restore it."""
    from portal.personal_data import collect

    FaqEntryFactory(title="Darf ich posten?", published_by=advisor).delete()
    FaqEntryFactory(title="Noch da?", published_by=advisor)
    published = collect(advisor)["answers_written"]["faq_entries_published"]
    assert [(entry["title"], "deleted_at" in entry) for entry in published] == [
        ("Noch da?", False),
        ("Darf ich posten?", True),
    ]


def test_a_deleted_faq_entry_comes_back_when_its_question_was_published_again(
    client, admin_user, employee, topic
):
    """Refused with Django's "already exists": the old wording could not come back at all."""
    from contacts.models import Question

    question = Question.objects.create(asker=employee, topic=topic, subject="Messefoto?", body="Darf ich?")
    old = FaqEntryFactory(title="Messefoto?", answer="Alte Antwort.", topic=topic, question=question)
    client.force_login(admin_user)
    client.post(reverse("admin:contacts_faqentry_delete", args=[old.pk]), {"post": "yes"})
    new = FaqEntryFactory(title="Messefoto? (neu)", answer="Neue Antwort.", topic=topic, question=question)
    record = FaqEntry.history.get(history_type="-", id=old.pk)
    client.post(
        reverse("admin:contacts_faqentry_deleted_objects"),
        {"restore": f"contacts.faqentry:{record.history_id}"},
    )
    restored = FaqEntry.objects.get(pk=old.pk)
    assert (restored.answer, restored.question_id) == ("Alte Antwort.", None)
    new.refresh_from_db()
    assert new.question_id == question.pk


def test_an_earlier_version_of_an_advisor_does_not_pretend_to_restore_topics_and_languages(
    client, comms, advisor_profile, topic, other_topic
):
    """The history keeps no topics: its page showed today's as the version's, editable, and a
    restore said "restored" with them unchanged."""
    advisor_profile.save()  # a version
    record = advisor_profile.history.latest()
    advisor_profile.topics.set([topic, other_topic])
    client.force_login(comms)
    url = reverse("admin:contacts_advisor_simple_history", args=[advisor_profile.pk, record.history_id])
    page = client.get(url).text
    assert 'name="topics"' not in page
    assert 'name="languages"' not in page
    assert _revert(client, advisor_profile, record, topics=[topic.pk]).status_code == 302
    assert set(advisor_profile.topics.all()) == {topic, other_topic}  # as they are: nothing pretended
