"""Escalating a web mention: ask an advisor about it, and the question keeps what it was about."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Question
from monitoring.models import Mention
from tests.monitoring.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mention(db) -> Mention:
    return Mention.objects.create(
        source=SourceFactory(name="Branchenblatt"),
        identity_key="k1",
        content_hash="h",
        title="Kritik an Nordlicht im Branchenblatt",
        url="https://news.example.com/kritik",
        published_at=timezone.now(),
    )


def test_every_mention_offers_to_ask_an_advisor(employee_client, mention):
    page = employee_client.get(reverse("monitoring:index")).text
    assert f"{reverse('contacts:ask')}?mention={mention.pk}" in page


def test_question_about_a_mention_shows_it_to_the_advisor(employee_client, advisor_client, mention, topic):
    form = employee_client.get(reverse("contacts:ask"), {"mention": mention.pk}).text
    assert re.search(
        r'Erwähnung: <span lang="de" dir="ltr">Kritik an Nordlicht im Branchenblatt</span>', form
    )
    employee_client.post(
        reverse("contacts:ask"),
        {"subject": "Soll ich antworten?", "body": "…", "topic": topic.pk, "mention": mention.pk},
    )
    question = Question.objects.get()
    assert question.mention == mention
    page = advisor_client.get(question.get_inbox_url()).text
    assert 'href="https://news.example.com/kritik"' in page
    assert "Kritik an Nordlicht im Branchenblatt" in page


def test_question_keeps_the_mention_after_retention_deleted_it(
    employee_client, advisor_client, mention, topic
):
    employee_client.post(
        reverse("contacts:ask"),
        {"subject": "Antworten?", "body": "…", "topic": topic.pk, "mention": mention.pk},
    )
    mention.delete()
    question = Question.objects.get()
    assert question.mention is None
    assert "Kritik an Nordlicht im Branchenblatt" in advisor_client.get(question.get_inbox_url()).text


def test_a_mention_link_that_is_not_a_web_address_is_not_linked(advisor_client, advisor_profile):
    question = Question.objects.create(
        subject="S",
        body="B",
        routed_to=Question.Route.TOPIC,
        mention_title="Böse",
        mention_url="javascript:alert(1)",
    )
    question.recipients.add(advisor_profile)
    page = advisor_client.get(question.get_inbox_url()).text
    assert "javascript:alert" not in page
    assert "Böse" in page
