"""A person downloads what the portal stores about them (GDPR Art. 15 and 20): theirs only, whole."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from contacts import actions as contacts_actions
from guidelines import actions as guideline_actions
from monitoring.models import MentionState
from portal.models import FeedToken
from tests.conftest import make_user
from tests.guidelines.factories import SectionFactory, publish
from tests.monitoring.factories import make_mention
from tests.training.factories import AssignmentFactory, ModuleFactory

pytestmark = pytest.mark.django_db
URL = reverse("my_data")


def download(client, **headers) -> dict:
    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="social-media-portal-my-data-')
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return json.loads(response.content)


def test_a_person_downloads_everything_the_portal_keeps_about_them_and_nothing_of_others(
    employee_client, employee
):
    colleague = make_user("kollegin@example.com", full_name="Karla Kollegin")
    SectionFactory()
    version = publish()
    guideline_actions.acknowledge(employee, version)
    AssignmentFactory(user=employee, module=ModuleFactory(title="Grundlagen"))
    AssignmentFactory(user=colleague, module=ModuleFactory(title="Nicht meins"))
    contacts_actions.ask_question(employee, subject="Anonym gefragt", body="…", anonymous=True)
    contacts_actions.ask_question(colleague, subject="Ihre Frage", body="…")
    mention = make_mention(title="Polaris im Test")
    MentionState.objects.create(user=employee, mention=mention, read=True, starred=True)
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.MENTIONS)

    data = download(employee_client)
    text = json.dumps(data, ensure_ascii=False)
    assert data["account"]["email"] == employee.email
    assert data["account"]["department"] == "Vertrieb"
    assert data["guideline_acknowledgements"][0]["version"] == version.number
    assert [t["module"] for t in data["trainings"]] == ["Grundlagen"]
    assert data["trainings"][0]["status"] == {"code": "not_started", "label": "nicht begonnen"}
    assert [q["subject"] for q in data["questions_asked"]] == ["Anonym gefragt"]  # theirs, anonymous too
    assert data["questions_asked"][0]["anonymous"] is True
    assert data["mentions"]["read_or_starred"] == [
        {"title": "Polaris im Test", "url": mention.url, "read": True, "starred": True}
    ]
    assert data["account"]["feed_addresses"][0]["purpose"] == "mentions"
    assert token.key not in text  # a secret: named, not given
    assert "Nicht meins" not in text
    assert "Ihre Frage" not in text
    assert "Karla" not in text
    assert data["advisor_profile"] is None


def test_the_download_is_in_the_readers_language_and_its_queries_do_not_grow(
    employee_client, employee, django_assert_max_num_queries
):
    for _ in range(3):
        AssignmentFactory(user=employee, module=ModuleFactory())
    with django_assert_max_num_queries(20) as few:
        download(employee_client)
    for _ in range(20):
        AssignmentFactory(user=employee, module=ModuleFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = download(employee_client, accept_language="en")
    assert data["trainings"][0]["status"]["label"] == "not started"


def test_the_profile_links_it_and_it_needs_sign_in(client, employee_client):
    assert URL in employee_client.get(reverse("profile")).text
    client.logout()
    assert client.get(URL).status_code == 302


def test_an_advisors_and_a_superusers_download_name_their_profile_and_status(client, advisor, admin_user):
    from contacts.models import AdvisorTopic
    from tests.contacts.factories import AdvisorFactory

    topic = AdvisorTopic.objects.create(name="Recht und UWG", slug="recht")
    AdvisorFactory(
        user=advisor, name="Anton Vogel", email=advisor.email, topics=[topic], is_spokesperson=True
    )
    client.force_login(advisor)
    profile = download(client)["advisor_profile"]
    assert (profile["name"], profile["topics"], profile["is_spokesperson"]) == (
        "Anton Vogel",
        ["Recht und UWG"],
        True,
    )
    assert profile["photo"] is None
    client.force_login(admin_user)
    account = download(client)["account"]
    assert (account["is_superuser"], account["is_staff"]) == (True, True)
    assert account["single_sign_on"] == []
