"""Details a comms editor or an English reader notices: commands, labels, languages."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from guidelines.models import TabooTopic
from monitoring.models import Mention, MentionTabooMatch
from tests.monitoring.conftest import FEEDS
from tests.monitoring.factories import SourceFactory, make_mention

pytestmark = pytest.mark.django_db


def test_poll_feeds_takes_the_source_option_repeated(serve, source_for):
    first = source_for(serve("atom.xml", path="/one.xml"), active=False)
    second = source_for(serve("rss20.xml", path="/two.xml"), active=False)
    call_command("poll_feeds", "--source", str(first.pk), "--source", str(second.pk), stdout=StringIO())
    assert first.mentions.count() == 2
    assert second.mentions.count() == 3


def test_import_feed_finds_the_source_whatever_its_capitals():
    source = SourceFactory(name="Tech Business Daily")
    call_command(
        "import_feed", str(FEEDS / "rss20.xml"), "--source", "tech business daily", stdout=StringIO()
    )
    assert source.mentions.count() == 3


def test_taboo_topics_of_a_mention_are_named_in_the_readers_language(client, comms):
    topic = TabooTopic.objects.create(name="Finanzkennzahlen", name_en="Financial figures", explanation="x")
    mention = make_mention(title="Zahlen", flagged=True)
    MentionTabooMatch.objects.create(mention=mention, topic=topic, matched_words=["Umsatz"])
    comms.preferred_language = "en"
    comms.save()
    client.force_login(comms)
    with translation.override("en"):
        for url in (reverse("monitoring:detail", args=[mention.pk]), reverse("monitoring:queue")):
            text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
            assert "Financial figures" in text
            assert "Finanzkennzahlen" not in text


def test_the_source_form_names_the_real_minimum_interval_and_pauses_in_the_readers_language(
    client, comms, settings
):
    source = SourceFactory(name="Feed", poll_interval=15)
    client.force_login(comms)
    url = reverse("admin:monitoring_source_change", args=[source.pk])
    data = {"name": "Feed", "url": source.url, "kind": source.kind, "poll_interval": -5}
    response = client.post(url, data)
    assert "größer oder gleich 5" in response.text
    with translation.override("en"):
        client.post(url, {**data, "poll_interval": 15}, HTTP_ACCEPT_LANGUAGE="en")  # "active" unticked
    source.refresh_from_db()
    assert not source.active
    with translation.override("de"):
        assert source.paused_reason == "Pausiert von Clara Obermeier"  # the reader's language
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert "Pausiert von Clara Obermeier" in response.text


def test_the_last_error_column_cuts_at_a_word_with_an_ellipsis(client, comms):
    SourceFactory(name="Broken", last_error_code="http", last_error_detail="sehr " * 60)
    client.force_login(comms)
    text = client.get(reverse("admin:monitoring_source_changelist")).text
    assert "sehr sehr …" in text
    assert "sehr se…" not in text


def test_the_history_of_a_source_says_yes_and_no(client, comms):
    source = SourceFactory(name="Feed")
    source.active = False
    source.save()
    client.force_login(comms)
    text = client.get(reverse("admin:monitoring_source_history", args=[source.pk])).text
    assert re.search(r"Ja\s*&nbsp;&rarr;&nbsp;&nbsp;Nein", text)
    assert "True" not in text


def test_deleting_a_keyword_says_how_many_mentions_lose_it(client, comms):
    from monitoring.models import TrackedKeyword

    keyword = TrackedKeyword.objects.create(name="Polaris")
    for n in range(3):
        make_mention(title=f"M{n}").keywords.add(keyword)
    client.force_login(comms)
    page = client.get(reverse("admin:monitoring_trackedkeyword_delete", args=[keyword.pk])).text
    assert "3 Erwähnungen verlieren" in page
    assert "object (" not in page
    client.post(reverse("admin:monitoring_trackedkeyword_delete", args=[keyword.pk]), {"post": "yes"})
    assert not TrackedKeyword.objects.exists()
    assert Mention.objects.count() == 3
