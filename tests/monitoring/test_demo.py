from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from monitoring import demo
from monitoring.models import Mention, Source

pytestmark = pytest.mark.django_db


def test_demo_fills_the_mention_feed_offline_and_only_once():
    demo.load(StringIO())
    assert Mention.objects.count() >= 100
    assert Mention.objects.values("source").distinct().count() >= 5
    assert Mention.objects.filter(keywords__name="Polaris").exists()
    # Recent, so the dashboard and the list look alive whenever the demo is loaded.
    assert Mention.objects.latest("published_at").published_at > timezone.now() - timedelta(hours=6)
    # The same article in the alert feed and in the news feed is stored once.
    assert Mention.objects.filter(title="Nordlicht Systems eröffnet Standort in Leipzig").count() == 1
    # Demo sources point nowhere real: they are paused, with the reason shown.
    assert not Source.objects.filter(active=True).exists()
    counts = (Mention.objects.count(), Source.objects.count())
    demo.load(StringIO())
    assert (Mention.objects.count(), Source.objects.count()) == counts


def test_demo_mentions_are_sanitised():
    demo.load(StringIO())
    for mention in Mention.objects.all():
        stored = mention.summary + mention.content
        assert "<img" not in stored
        assert "utm_" not in stored
        assert "fbclid" not in stored


def test_full_demo_flags_mentions_that_touch_the_demo_taboo_topics():
    from django.core.management import call_command

    call_command("load_demo", force=True, stdout=StringIO())
    flagged = Mention.objects.filter(flagged=True)
    assert flagged.count() >= 10
    assert flagged.filter(taboo_topics__name="Finanzkennzahlen").exists()
    leak = Mention.objects.get(title="Exclusive: first look at Polaris 6")
    assert "Aurora" in leak.taboo_matches.get().matched_words
