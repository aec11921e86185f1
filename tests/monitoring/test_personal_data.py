"""The mentions' part of a person's download (portal.personal_data): the mentions an advisor was
asked to handle, the sources somebody paused by hand, and reviews in the reader's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring import actions
from monitoring.models import Source
from tests.contacts.factories import AdvisorFactory
from tests.monitoring.factories import SourceFactory, make_mention
from tests.portal.test_personal_data import download

pytestmark = pytest.mark.django_db


def test_an_advisor_finds_the_mentions_they_were_asked_to_handle_with_the_note_and_where_they_stand(
    client, advisor, comms
):
    mine = AdvisorFactory(user=advisor, name="Anton Vogel", email=advisor.email)
    colleague = AdvisorFactory(name="Berta Brandt")
    asked = make_mention(title="Polaris brennt", flagged=True, published_at=timezone.now())
    handled = make_mention(
        title="Polaris im Test", flagged=True, published_at=timezone.now() - timedelta(days=1)
    )
    theirs = make_mention(title="Nicht für Anton", flagged=True)
    actions.assign(asked, mine, comms, "Bitte bis Freitag antworten.")
    actions.assign(handled, mine, comms)
    actions.review(handled, comms, "resolved", "Anton hat geantwortet.")
    actions.assign(theirs, colleague, comms, "Für Berta")

    client.force_login(advisor)
    assert download(client)["mentions_assigned_to_you"] == [  # oldest first
        {"title": "Polaris im Test", "url": handled.url, "note_to_you": None,
         "review": {"code": "resolved", "label": "erledigt"}},
        {"title": "Polaris brennt", "url": asked.url, "note_to_you": "Bitte bis Freitag antworten.",
         "review": {"code": "open", "label": "offen"}},
    ]  # fmt: skip
    client.force_login(comms)  # who asked keeps no list of it here: it is the advisor's work
    assert download(client)["mentions_assigned_to_you"] == []


def test_the_sources_somebody_paused_by_hand_are_theirs_until_resumed_and_a_colleagues_edit_is_no_pause(
    client, comms
):
    colleague = comms.__class__.objects.create_user(email="kollege@example.com", full_name="Karl Kollege")
    polled, mine, edited, theirs = (
        SourceFactory(name=name) for name in ("Läuft", "Meins", "Umbenannt", "Seins")
    )
    actions.pause_sources(Source.objects.filter(pk__in=[mine.pk, edited.pk]), comms)
    actions.pause_sources(Source.objects.filter(pk=theirs.pk), colleague)
    edited.refresh_from_db()
    edited.name, edited._history_user = "Umbenannt von Karl", colleague
    edited.save()

    client.force_login(comms)
    paused = download(client, accept_language="en")["sources_paused_by_you"]
    assert [(p["source"], p["your_name_as_shown"]) for p in paused] == [
        ("Meins", "Clara Obermeier"),
        ("Umbenannt von Karl", "Clara Obermeier"),
    ]
    assert paused[0]["paused_at"]
    client.force_login(colleague)
    assert [p["source"] for p in download(client)["sources_paused_by_you"]] == ["Seins"]

    actions.resume_sources(Source.objects.filter(pk=mine.pk), colleague)  # and its "Paused by" is gone
    client.force_login(comms)
    assert [p["source"] for p in download(client)["sources_paused_by_you"]] == ["Umbenannt von Karl"]
    assert polled.active
