"""poll_feeds and import_feed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from monitoring.models import Mention
from tests.monitoring.conftest import FEEDS, feed
from tests.monitoring.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_poll_feeds_polls_all_active_sources_and_prints_a_summary(serve, source_for):
    good = source_for(serve("rss20.xml", path="/good.xml"), name="Good feed")
    source_for(serve(body=b"", status=404, path="/bad.xml"), name="Bad feed")
    source_for(serve("atom.xml", path="/paused.xml"), name="Paused feed", active=False)
    out = StringIO()
    with pytest.raises(CommandError, match="Some sources failed") as failed:
        call_command("poll_feeds", stdout=out, stderr=StringIO())
    assert failed.value.returncode == 1  # cron notices
    text = out.getvalue()
    assert "Good feed" in text
    assert "Bad feed" in text
    assert "Paused feed" not in text
    assert "HTTP 404" in text
    assert "2 sources: 1 with new mentions (3 new)" in text
    assert "1 failed" in text
    assert good.mentions.count() == 3


def test_poll_feeds_without_active_sources_says_so_instead_of_an_empty_table(source_for):
    out = StringIO()
    call_command("poll_feeds", stdout=out, stderr=StringIO())
    assert out.getvalue() == "No sources yet: nothing to poll.\n"
    source_for("http://feeds.example/paused.xml", active=False)
    out = StringIO()
    call_command("poll_feeds", stdout=out, stderr=StringIO())
    assert out.getvalue() == "No active sources: nothing to poll (1 paused; --source ID polls one anyway).\n"


def test_poll_feeds_polls_given_sources_even_if_paused(serve, source_for):
    paused = source_for(serve("atom.xml"), active=False)
    call_command("poll_feeds", "--source", str(paused.pk), stdout=StringIO(), stderr=StringIO())
    assert paused.mentions.count() == 2


def test_poll_feeds_rejects_unknown_ids():
    with pytest.raises(CommandError, match="No source with id 4242"):
        call_command("poll_feeds", "--source", "4242", stdout=StringIO(), stderr=StringIO())
    for bad in ("99999999999999999999", "abc", "0"):
        with pytest.raises(CommandError, match="not a source id"):
            call_command("poll_feeds", "--source", bad, stdout=StringIO(), stderr=StringIO())


def test_import_feed_ingests_a_local_file_through_the_same_path():
    source = SourceFactory(name="Offline", url="https://techdaily.example.com/feed")
    out = StringIO()
    call_command("import_feed", str(FEEDS / "hostile.xml"), "--source", "Offline", stdout=out)
    assert "1 new" in out.getvalue()
    mention = Mention.objects.get(source=source)
    assert "<script" not in mention.content
    assert "<iframe" not in mention.content
    call_command("import_feed", str(FEEDS / "hostile.xml"), "--source", "Offline", stdout=StringIO())
    assert Mention.objects.count() == 1


def test_after_an_import_the_next_poll_reads_the_live_feed_again(serve, source_for, tmp_path):
    """Imported from an older copy, the mentions kept its text: the poll found the live feed's
    body unchanged since its last poll and skipped it."""
    source = source_for(serve("rss20.xml"))
    call_command("poll_feeds", "--source", str(source.pk), stdout=StringIO())
    live = Mention.objects.get(guid="techdaily-4711").title
    older = tmp_path / "older.xml"
    older.write_bytes(feed("rss20.xml").replace(live.encode(), b"An older title"))
    call_command("import_feed", str(older), "--source", str(source.pk), stdout=StringIO())
    assert Mention.objects.get(guid="techdaily-4711").title == "An older title"
    call_command("poll_feeds", "--source", str(source.pk), stdout=StringIO())
    assert Mention.objects.get(guid="techdaily-4711").title == live


def test_import_feed_explains_its_errors(tmp_path):
    SourceFactory(name="Offline")
    with pytest.raises(CommandError, match="No source named 'Nope'"):
        call_command("import_feed", str(FEEDS / "rss20.xml"), "--source", "Nope")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_feed", str(tmp_path / "missing.xml"), "--source", "Offline")
    with pytest.raises(CommandError, match="not a feed"):
        call_command("import_feed", str(FEEDS / "html_page.html"), "--source", "Offline")


def test_import_feed_refuses_files_larger_than_a_fetched_feed_may_be(tmp_path, settings):
    SourceFactory(name="Offline")
    settings.FEED_MAX_BYTES = 2048
    huge = tmp_path / "huge.xml"
    huge.write_bytes((FEEDS / "rss20.xml").read_bytes().ljust(4096))
    with pytest.raises(CommandError, match="larger than FEED_MAX_BYTES"):
        call_command("import_feed", str(huge), "--source", "Offline")
    assert not Mention.objects.exists()
