"""Editors write German; what English readers see where an English twin is filled in, and the
German where it is empty: advisor profiles, department names and workshop locations."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from contacts.models import Advisor
from guidelines.models import Section
from portal.models import Department, FeedToken
from portal.roles import Role
from tests.conftest import make_user
from tests.contacts.factories import AdvisorFactory
from tests.guidelines.factories import SectionFactory, publish
from tests.training.factories import AssignmentFactory, ModuleFactory, add_quiz
from training import tasks
from training.models import Module

ENGLISH = {"accept-language": "en"}


def seen(response) -> str:
    """The page's text as a reader sees it (no markup)."""
    from portal.lib.html import html_to_text

    return html_to_text(response.text)


@pytest.fixture
def legal(db) -> Department:
    return Department.objects.create(name="Recht", name_en="Legal")


@pytest.fixture
def profile(db, legal) -> Advisor:
    return AdvisorFactory(
        name="Anton Vogel",
        email="anton@example.com",
        department=legal,
        job_title="Syndikusrechtsanwalt",
        job_title_en="In-house lawyer",
        office_hours="Di und Do 10–12 Uhr",
        office_hours_en="Tue and Thu 10–12",
        location="Berlin, Haus A",
        location_en="Berlin, building A",
        bio="Fragen Sie mich gern.",
        bio_en="Do ask me.",
    )


def test_english_readers_see_the_english_profile_and_germans_the_german(employee_client, profile):
    for url in (reverse("contacts:index"), profile.get_absolute_url()):
        english = seen(employee_client.get(url, headers=ENGLISH))
        assert "In-house lawyer · Legal" in english
        assert "Tue and Thu 10–12" in english
        assert "Syndikusrechtsanwalt" not in english
        german = seen(employee_client.get(url))
        assert "Syndikusrechtsanwalt · Recht" in german
        assert "Di und Do 10–12 Uhr" in german
        assert "In-house lawyer" not in german
    english = employee_client.get(profile.get_absolute_url(), headers=ENGLISH).text
    assert "Berlin, building A" in english
    assert "Do ask me." in english


def test_an_empty_english_field_shows_the_german(employee_client, profile):
    Advisor.objects.filter(pk=profile.pk).update(job_title_en="", bio_en="")
    Department.objects.filter(pk=profile.department_id).update(name_en="")
    english = seen(employee_client.get(profile.get_absolute_url(), headers=ENGLISH))
    assert "Syndikusrechtsanwalt · Recht" in english
    assert (
        '<span lang="de">Syndikusrechtsanwalt</span>'
        in employee_client.get(profile.get_absolute_url(), headers=ENGLISH).text
    )  # German on an English page, said so
    assert "Fragen Sie mich gern." in english
    assert "Tue and Thu 10–12" in english  # filled in: still English


def test_a_topic_without_english_name_is_marked_german_on_the_card_and_on_the_profile(
    employee_client, profile
):
    from contacts.models import AdvisorTopic

    profile.topics.set([AdvisorTopic.objects.create(name="Vertraulichkeit", slug="vertraulichkeit")])
    for url in (reverse("contacts:index"), profile.get_absolute_url()):
        page = employee_client.get(url, headers=ENGLISH).text
        assert re.search(
            r'<a class="tag" href="/advisors/topics/vertraulichkeit/" lang="de">Vertraulichkeit</a>', page
        )


def test_the_directory_finds_an_advisor_by_the_english_job_title(employee_client, profile):
    response = employee_client.get(reverse("contacts:index"), {"q": "lawyer"})
    assert "Anton Vogel" in response.text
    assert "Anton Vogel" not in employee_client.get(reverse("contacts:index"), {"q": "baker"}).text


def test_the_department_filter_is_in_the_readers_language(employee_client, profile):
    english = employee_client.get(reverse("contacts:index"), headers=ENGLISH).text
    assert f'<option value="{profile.department_id}">Legal</option>' in english
    assert (
        f'<option value="{profile.department_id}">Recht</option>'
        in employee_client.get(reverse("contacts:index")).text
    )


def test_the_vcard_is_in_the_readers_language(employee_client, profile):
    card = employee_client.get(reverse("contacts:vcard", args=[profile.pk]), headers=ENGLISH).content.decode()
    assert "TITLE:In-house lawyer" in card
    assert "Legal" in card
    assert "Tue and Thu 10–12" in card
    assert "Syndikusrechtsanwalt" not in card


def test_advisors_write_their_own_english_office_hours_and_bio(client, advisor, profile):
    Advisor.objects.filter(pk=profile.pk).update(user=advisor)
    client.force_login(advisor)
    url = reverse("contacts:my_profile")
    form = client.get(url).context["form"]
    shown = {name: form[name].value() or "" for name in form.fields}
    response = client.post(
        url,
        {
            **shown,
            "office_hours_en": "Mon 9–11",
            "bio_en": "Employment law.",
            "_loaded_version": form.page_version(),
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.office_hours_en, profile.bio_en) == ("Mon 9–11", "Employment law.")
    assert profile.office_hours == "Di und Do 10–12 Uhr"  # the German stays


def test_the_workshop_location_in_english_on_the_page_and_in_the_calendar(client, employee):
    module = ModuleFactory(
        kind=Module.Kind.WORKSHOP,
        workshop_location="Raum 2.14, Hauptgebäude",
        workshop_location_en="Room 2.14, main building",
        workshop_starts_at=datetime.datetime(2030, 3, 15, 13, tzinfo=datetime.UTC),
        workshop_ends_at=datetime.datetime(2030, 3, 15, 15, tzinfo=datetime.UTC),
    )
    assignment = AssignmentFactory(user=employee, module=module, due_date=datetime.date(2030, 3, 15))
    client.force_login(employee)
    url = reverse("training:detail", args=[assignment.pk])
    assert "Room 2.14, main building" in client.get(url, headers=ENGLISH).text
    assert "Raum 2.14, Hauptgebäude" in client.get(url).text
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.CALENDAR)
    feed = Client().get(reverse("training:calendar_feed", args=[token.key])).content.decode()
    assert "LOCATION:Raum 2.14\\, Hauptgebäude" in feed  # the profile's language: German
    employee.preferred_language = "en"
    employee.save()
    feed = Client().get(reverse("training:calendar_feed", args=[token.key])).content.decode()
    assert "LOCATION:Room 2.14\\, main building" in feed


def test_the_hr_digest_names_departments_in_each_recipients_language(employee):
    make_user("hr@example.com", Role.HR, full_name="Hanna Richter")
    make_user("hr-en@example.com", Role.HR, full_name="Harriet Rich", preferred_language="en")
    Department.objects.filter(pk=employee.department_id).update(name_en="Sales")
    AssignmentFactory(user=employee, due_date=datetime.date(2027, 5, 1))
    with time_machine.travel(datetime.datetime(2027, 5, 10, 5, tzinfo=datetime.UTC), tick=False):
        assert tasks.weekly_hr_digest.delay().get() == 2
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "Vertrieb (1)" in by_recipient["hr@example.com"]
    assert "Sales (1)" in by_recipient["hr-en@example.com"]
    assert "Vertrieb" not in by_recipient["hr-en@example.com"]


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def test_hr_reports_and_exports_name_departments_in_the_readers_language(client, hr, employee):
    Department.objects.filter(pk=employee.department_id).update(name_en="Sales")
    SectionFactory()
    publish()
    AssignmentFactory(user=employee, due_date=datetime.date(2030, 5, 1))
    client.force_login(hr)
    for url in (
        reverse("guidelines:report"),
        reverse("guidelines:report_export"),
        reverse("training:hr_report"),
        reverse("training:hr_export"),
    ):
        english = _text(client.get(url, headers=ENGLISH))
        assert "Sales" in english, url
        assert "Vertrieb" not in english, url
        assert "Vertrieb" in _text(client.get(url)), url


def test_german_shown_on_an_english_page_is_marked_as_german_for_screen_readers(employee_client, employee):
    SectionFactory(title="Unser Bekenntnis", title_en="", body="Wir sind **offen**.", body_en="We are open.")
    publish()
    english = employee_client.get(reverse("guidelines:index"), headers=ENGLISH).text
    assert re.search(r'<h2 id="section-\d+-title" lang="de">Unser Bekenntnis</h2>', english)
    assert '<div class="prose">' in english  # its English body: no lang
    german = employee_client.get(reverse("guidelines:index")).text
    assert re.search(r'<h2 id="section-\d+-title">Unser Bekenntnis</h2>', german)  # German page: no lang
    module = ModuleFactory(title="Grundlagen", title_en="", summary="Kurz erklärt.", summary_en="In short.")
    add_quiz(module)
    assignment = AssignmentFactory(user=employee, module=module)
    page = employee_client.get(reverse("training:detail", args=[assignment.pk]), headers=ENGLISH).text
    assert '<h1 lang="de">Grundlagen</h1>' in page
    assert '<p class="lead">In short.</p>' in page
    quiz = employee_client.get(reverse("training:quiz", args=[assignment.pk]), headers=ENGLISH).text
    assert '<span lang="de">Muss ich meinen Arbeitgeber nennen?</span>' in quiz  # no English question


def test_german_is_marked_as_german_in_the_contents_versions_search_diff_and_quiz_too(
    employee_client, employee, comms
):
    section = SectionFactory(title="Datenschutz", title_en="", body="Keine Fotos von Kunden.", body_en="")
    publish(comms, summary="Erste Fassung")
    Section.objects.filter(pk=section.pk).update(body="Keine Fotos von Kunden ohne Einwilligung.")
    publish(comms, summary="Einwilligung ergänzt")
    get = lambda url, **query: employee_client.get(url, query, headers=ENGLISH).text  # noqa: E731
    assert re.search(r'<a href="#section-\d+" lang="de">Datenschutz</a>', get(reverse("guidelines:index")))
    assert '<p lang="de">Einwilligung ergänzt</p>' in get(reverse("guidelines:versions"))
    assert '<span lang="de">Erste Fassung</span>' in get(reverse("guidelines:version", args=[1]))
    search = get(reverse("guidelines:search"), q="Kunden")
    assert re.search(r'#section-\d+" lang="de">Datenschutz</a>', search)
    assert re.search(r'<p lang="de">Keine Fotos von <mark>Kunden</mark>', search)
    diff = get(reverse("guidelines:compare", args=[1, 2]))
    assert '<p class="lead" lang="de">Einwilligung ergänzt</p>' in diff
    assert '<span lang="de">Datenschutz</span></h2>' in diff
    assert '<div class="diff-text" lang="de">' in diff
    module = ModuleFactory(title="Grundlagen", title_en="")
    add_quiz(module)
    assignment = AssignmentFactory(user=employee, module=module)
    quiz = get(reverse("training:quiz", args=[assignment.pk]))
    assert '<h1>Quiz: <span lang="de">Grundlagen</span></h1>' in quiz
    assert '← <span lang="de">Grundlagen</span></a>' in quiz
    german = employee_client.get(reverse("guidelines:compare", args=[1, 2])).text
    assert 'lang="de"' not in german.split("<main", 1)[1]  # a German page: nothing to mark


def test_departments_are_listed_in_the_readers_alphabetical_order_umlauts_among_their_letters(db):
    from django.utils import translation

    for name, english in (("Vertrieb", "Sales"), ("Ärztlicher Dienst", "Medical service"), ("Einkauf", "")):
        Department.objects.create(name=name, name_en=english)
    with translation.override("de"):
        assert [d.display_name for d in Department.in_reading_order()] == [
            "Ärztlicher Dienst",
            "Einkauf",
            "Vertrieb",
        ]
    with translation.override("en"):
        assert [d.display_name for d in Department.in_reading_order()] == [
            "Einkauf",
            "Medical service",
            "Sales",
        ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field", "first", "second"),
    [
        ("guidelines.TabooTopic", "name", {"name": "Finanzkennzahlen", "explanation": "x"}, {"name": "Zahlen", "explanation": "y"}),
        ("training.Module", "title", {"title": "Grundlagen"}, {"title": "Basiswissen"}),
        ("portal.Department", "name", {"name": "Recht"}, {"name": "Rechtsabteilung"}),
        ("contacts.AdvisorTopic", "name", {"name": "Recht", "slug": "recht"}, {"name": "Rechtliches", "slug": "rechtliches"}),
        ("contacts.Language", "name", {"name": "Klingonisch", "code": "xx"}, {"name": "Vulkanisch", "code": "yy"}),
    ],
)  # fmt: skip
def test_two_rows_with_one_english_name_are_refused(model, field, first, second):
    """Two modules (topics, departments …) named "Social media basics" in English were accepted: an
    English reader chose between two entries of one name."""
    from django.apps import apps
    from django.core.exceptions import ValidationError

    cls = apps.get_model(model)
    cls.objects.create(**first, **{f"{field}_en": "Social media basics"})
    twin = cls(**second, **{f"{field}_en": "SOCIAL MEDIA BASICS"})
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert f"{field}_en" in refused.value.message_dict
    twin.__dict__[f"{field}_en"] = ""  # no English twin: the German name is shown, no clash
    twin.full_clean()
    # Shown by its German name, which is the other's English one: English readers see it twice.
    twin.__dict__[field] = "Social Media Basics"
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    with translation.override("en"):
        assert "Give this one an English name" in str(refused.value.message_dict[f"{field}_en"])
    # And the other way round: an English name that is another's German name shown in English.
    cls.objects.create(**{**second, field: "Netiquette"})
    third = cls(**{**first, field: "Umgangsformen", f"{field}_en": "netiquette"})
    if "slug" in first:
        third.slug = "umgangsformen"
    if "code" in first:
        third.code = "zz"
    with pytest.raises(ValidationError) as refused:
        third.full_clean()
    assert f"{field}_en" in refused.value.message_dict


def test_the_admin_says_an_english_name_is_taken_on_its_field(client, comms):
    from guidelines.models import TabooTopic

    TabooTopic.objects.create(name="Finanzkennzahlen", name_en="Financial figures", explanation="x")
    client.force_login(comms)
    response = client.post(
        reverse("admin:guidelines_tabootopic_add"),
        {
            "name": "Zahlen", "name_en": "financial figures", "explanation": "y", "explanation_en": "",
            "speaker_role": "", "speaker_role_en": "", "severity": "never", "active": "on",
            "examples-TOTAL_FORMS": "0", "examples-INITIAL_FORMS": "0",
            "terms-TOTAL_FORMS": "0", "terms-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "name_en" in response.context["adminform"].form.errors
    assert "englischen Namen" in response.text


def test_german_names_on_english_pages_are_marked_german_wherever_they_stand(client, employee):
    """Marked on the cards, they were not in the topic list, the questions' tables and the profile:
    a screen reader read them with an English voice."""
    from contacts.actions import ask_question
    from contacts.models import AdvisorTopic

    employee.department = Department.objects.create(name="Kundendienst")
    employee.preferred_language = "en"
    employee.save()
    topic = AdvisorTopic.objects.create(name="Finanzkennzahlen", slug="finanzkennzahlen")
    AdvisorFactory(name="Anton Vogel").topics.add(topic)
    question = ask_question(employee, subject="Darf ich?", body="…", topic=topic)
    client.force_login(employee)
    assert '<strong lang="de">Kundendienst</strong>' in client.get(reverse("profile"), headers=ENGLISH).text
    assert (
        '<td lang="de">Finanzkennzahlen</td>'
        in client.get(reverse("contacts:my_questions"), headers=ENGLISH).text
    )
    page = client.get(question.get_absolute_url(), headers=ENGLISH).text
    assert '<span lang="de">Finanzkennzahlen</span>' in page
    directory = client.get(reverse("contacts:index"), headers=ENGLISH).text
    assert f'<a href="{topic.get_absolute_url()}" lang="de">Finanzkennzahlen</a>' in directory


def test_a_german_only_faq_title_is_marked_german_wherever_it_is_suggested(employee_client, db):
    """The FAQ page marked it; the directory's "Answered already in the FAQ" and the ask form's
    suggestions showed it unmarked, read out with English pronunciation."""
    from tests.contacts.factories import FaqEntryFactory

    FaqEntryFactory(title="Journalistenanfrage auf Xing", title_en="", answer="An die Pressestelle.")
    marked = '<span lang="de">Journalistenanfrage auf Xing</span>'
    directory = employee_client.get(reverse("contacts:index"), {"q": "Journalistenanfrage"}, headers=ENGLISH)
    assert re.search(
        r'<a href="/advisors/faq/\?entry=\d+#faq-\d+" lang="de">Journalistenanfrage auf Xing</a>',
        directory.text,
    )
    suggestions = employee_client.post(
        reverse("contacts:faq_suggestions"), {"subject": "Eine Journalistenanfrage kam"}, headers=ENGLISH
    )
    assert marked in suggestions.text
