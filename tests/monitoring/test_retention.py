"""Retention: old mentions go (except starred), and feeds don't bring them back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from monitoring.models import DeletedMention, Mention, MentionState
from monitoring.tasks import delete_old_mentions, poll_source
from tests.conftest import make_user
from tests.monitoring.conftest import feed

pytestmark = pytest.mark.django_db


def test_old_mentions_are_deleted_in_batches_except_starred_and_stay_deleted(
    httpserver, source_for, settings
):
    settings.MENTION_RETENTION_DAYS = 30
    httpserver.expect_request("/feed.xml").respond_with_data(feed("rss20.xml"))
    source = source_for(httpserver.url_for("/feed.xml"))
    fetched = timezone.now()
    with time_machine.travel(fetched.replace(year=2026, month=11, day=24)):
        poll_source.delay(source.pk)
    assert source.mentions.count() == 3
    # Starred by anybody (not by the one who unstars it: a second person's star still keeps it).
    kept = Mention.objects.get(guid="techdaily-4711")
    MentionState.objects.create(user=make_user("a@example.com"), mention=kept, starred=True)
    MentionState.objects.create(user=make_user("b@example.com"), mention=kept, starred=False)

    with time_machine.travel(datetime(2027, 1, 15, tzinfo=UTC)):
        from monitoring import retention

        assert retention.delete_old_mentions(batch_size=1) == 2
        assert list(source.mentions.values_list("guid", flat=True)) == ["techdaily-4711"]
        assert DeletedMention.objects.count() == 2
        # Retention is 30 days, but pretend the feed is polled with a longer one: tombstones hold.
        settings.MENTION_RETENTION_DAYS = 3650
        source.refresh_from_db()
        source.body_hash = ""
        source.next_poll_at = timezone.now()
        source.save()
        poll_source.delay(source.pk)
        assert source.mentions.count() == 1


def test_entries_older_than_the_retention_period_are_not_stored(serve, source_for, settings):
    settings.MENTION_RETENTION_DAYS = 1
    with time_machine.travel(datetime(2027, 6, 1, tzinfo=UTC)):
        source = source_for(serve("rss20.xml"))
        poll_source.delay(source.pk)
    assert source.mentions.count() == 0


def test_retention_task_runs():
    assert delete_old_mentions.delay().result == 0


def test_retention_keeps_open_queue_items_and_ignores_the_stars_of_leavers(settings):
    """An unhandled flagged mention (perhaps with an advisor asked to look) was deleted unreviewed,
    and one star of somebody who left kept a mention for ever."""
    from datetime import timedelta

    from monitoring.models import ReviewStatus
    from tests.monitoring.factories import make_mention

    settings.MENTION_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=400)
    waiting = make_mention(title="Waiting", published_at=old, flagged=True)
    asked = make_mention(title="Asked about", published_at=old, needs_attention=True)
    handled = make_mention(
        title="Handled", published_at=old, flagged=True, review_status=ReviewStatus.RESOLVED
    )
    left = make_mention(title="Starred by a leaver", published_at=old)
    stayed = make_mention(title="Starred by a colleague", published_at=old)
    leaver = make_user("left@example.com", is_active=False)
    MentionState.objects.create(user=leaver, mention=left, starred=True)
    MentionState.objects.create(user=make_user("here@example.com"), mention=stayed, starred=True)
    assert delete_old_mentions.delay().get() == 2
    assert set(Mention.objects.values_list("title", flat=True)) == {waiting.title, asked.title, stayed.title}
    assert not Mention.objects.filter(pk__in=[handled.pk, left.pk]).exists()
