"""Scheduling: the dispatcher's claims, next polls, backoff, Retry-After and pausing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.utils import timezone, translation

from monitoring import pipeline
from monitoring.models import Source
from monitoring.tasks import dispatch_due_sources, poll_source
from portal.roles import Role
from tests.conftest import make_user
from tests.monitoring.conftest import feed
from tests.monitoring.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_success_schedules_the_next_poll_at_the_interval_with_a_little_jitter(serve, source_for):
    source = source_for(serve("rss20.xml"), poll_interval=30)
    before = timezone.now()
    poll_source.delay(source.pk)
    source.refresh_from_db()
    assert before + timedelta(minutes=30) <= source.next_poll_at <= timezone.now() + timedelta(minutes=31)
    assert source.claim_token is None


def test_dispatcher_polls_due_active_sources_once(serve, source_for, django_capture_on_commit_callbacks):
    due = source_for(serve("rss20.xml", path="/due.xml"))
    later = source_for(serve("atom.xml", path="/later.xml"))
    later.next_poll_at = timezone.now() + timedelta(minutes=5)
    later.save()
    paused = source_for(serve("rss091.xml", path="/paused.xml"), active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_due_sources.delay().result == 1
    for source in (due, later, paused):
        source.refresh_from_db()
    assert due.mentions.count() == 3
    assert later.mentions.count() == 0
    assert paused.mentions.count() == 0
    # Nothing is due now: a second run claims nothing.
    assert dispatch_due_sources.delay().result == 0


def test_a_claimed_source_is_not_claimed_again_until_the_lease_expires(settings):
    source = SourceFactory()
    assert [pk for pk, _token in pipeline.claim_due_sources()] == [source.pk]
    assert pipeline.claim_due_sources() == []
    assert pipeline.claim_source(source.pk) is None  # "poll now" waits, too
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.FEED_POLL_LEASE + 1)):
        assert [pk for pk, _token in pipeline.claim_due_sources()] == [source.pk]


def test_a_poll_with_a_superseded_claim_does_nothing(serve, source_for):
    source = source_for(serve("rss20.xml"))
    [(pk, old)] = pipeline.claim_due_sources()
    Source.objects.filter(pk=pk).update(claimed_at=timezone.now() - timedelta(days=1))
    [(pk, new)] = pipeline.claim_due_sources()
    assert poll_source.delay(pk, str(old)).result == "busy"
    assert source.mentions.count() == 0
    assert poll_source.delay(pk, str(new)).result == "new"


def test_failures_back_off_exponentially_up_to_a_day(serve, source_for):
    source = source_for(serve(body=b"", status=500), poll_interval=15)
    delays = []
    now = timezone.now()
    for _ in range(9):
        with time_machine.travel(now, tick=False):
            poll_source.delay(source.pk)
        source.refresh_from_db()
        delays.append(source.next_poll_at - now)
        now = source.next_poll_at
    expected = [timedelta(minutes=15 * 2**n) for n in range(1, 10)]
    for delay, base in zip(delays, expected, strict=True):
        base = min(base, timedelta(hours=24))
        assert base <= delay <= base + timedelta(seconds=30)
    assert source.consecutive_errors == 9
    assert source.active


def test_retry_after_is_honoured_on_429_and_503(httpserver, source_for):
    httpserver.expect_request("/429").respond_with_data("", status=429, headers={"Retry-After": "7200"})
    httpserver.expect_request("/503").respond_with_data(
        "", status=503, headers={"Retry-After": "Thu, 01 Jan 2099 00:00:00 GMT"}
    )
    limited = source_for(httpserver.url_for("/429"))
    down = source_for(httpserver.url_for("/503"))
    now = timezone.now()
    poll_source.delay(limited.pk)
    poll_source.delay(down.pk)
    limited.refresh_from_db()
    down.refresh_from_db()
    assert limited.next_poll_at >= now + timedelta(hours=2)
    assert limited.last_error_detail == "HTTP 429"
    # An absurd date is capped at a week.
    assert now + timedelta(days=6) < down.next_poll_at <= now + timedelta(days=7, minutes=1)


def test_a_retry_after_that_is_no_number_is_ignored(httpserver, source_for):
    httpserver.expect_request("/429").respond_with_data("", status=429, headers={"Retry-After": "²"})
    source = source_for(httpserver.url_for("/429"), poll_interval=15)
    now = timezone.now()
    poll_source.delay(source.pk)
    source.refresh_from_db()
    assert source.last_error_detail == "HTTP 429"
    # The ordinary backoff: twice the interval, plus jitter.
    assert now + timedelta(minutes=30) <= source.next_poll_at <= now + timedelta(minutes=31)


def test_source_is_paused_after_repeated_failures_and_comms_get_one_email(
    serve, source_for, settings, django_capture_on_commit_callbacks, comms, employee
):
    settings.FEED_MAX_CONSECUTIVE_FAILURES = 3
    other_comms = make_user("press@example.com", Role.COMMUNICATIONS, preferred_language="en")
    source = source_for(serve(body=b"", status=404) + "?a=1&b=2", name="Lokalblatt & Partner <Feed>")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            poll_source.delay(source.pk)
    source.refresh_from_db()
    assert not source.active
    # The pause is in the source's history, by nobody, with why.
    record = source.history.first()
    assert (record.active, record.pause_cause, record.history_user) == (False, "failures", None)
    assert record.pause_details["count"] == 3
    assert source.history.filter(active=False).count() == 1
    with translation.override("de"):
        assert source.paused_reason == (
            "3 fehlgeschlagene Abrufe in Folge. Letzter Fehler: Der Server hat mit einem Fehler geantwortet: HTTP 404"
        )
    with translation.override("en"):
        assert source.paused_reason == (
            "3 failed polls in a row. Last error: Server answered with an error: HTTP 404"
        )
    assert sorted(m.to[0] for m in mail.outbox) == [comms.email, other_comms.email]
    german = next(m for m in mail.outbox if m.to == [comms.email])
    # Plain text: the characters themselves, and an address that still works.
    assert "„Lokalblatt & Partner <Feed>“" in german.subject
    assert "pausiert" in german.subject
    assert "HTTP 404" in german.body
    assert f"({source.url})" in german.body
    assert "&amp;" not in german.body
    # One click to the source, to resume it there.
    admin_url = f"{settings.PORTAL_URL}/admin/monitoring/source/{source.pk}/change/"
    assert f"Die Quelle in der Verwaltung: {admin_url}" in german.body
    assert f'href="{admin_url}"' in german.alternatives[0][0]
    english = next(m for m in mail.outbox if m.to == [other_comms.email])
    assert "paused" in english.subject
    assert "3 failed polls in a row. Last error: Server answered with an error: HTTP 404" in english.body
    # Paused sources are not dispatched, and no more e-mail goes out.
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.dispatch_due_sources() == 0
    assert len(mail.outbox) == 2


def test_an_unexpected_error_is_recorded_backed_off_and_releases_the_claim(
    serve, source_for, monkeypatch, caplog
):
    source = source_for(serve("rss20.xml"), poll_interval=15)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug that this feed trips")

    monkeypatch.setattr(pipeline, "ingest", broken)
    now = timezone.now()
    poll_source.delay(source.pk)
    source.refresh_from_db()
    assert source.last_error_code == Source.Error.INTERNAL
    assert source.last_error_detail == "RuntimeError: a bug that this feed trips"
    assert "Internal error" in source.last_error or "Interner Fehler" in source.last_error
    assert source.consecutive_errors == 1
    assert source.next_poll_at >= now + timedelta(minutes=30)  # backed off like any failure
    assert source.claim_token is None  # the next due poll may run
    assert not source.mentions.exists()  # nothing half-stored
    assert "failed unexpectedly" in caplog.text


def test_a_database_outage_is_not_blamed_on_the_feed(serve, source_for, monkeypatch):
    from django.db import OperationalError

    source = source_for(serve("rss20.xml"))

    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(pipeline, "ingest", unreachable)
    with pytest.raises(OperationalError):
        pipeline.poll(source.pk)
    source.refresh_from_db()
    assert source.last_error_code == ""
    assert source.consecutive_errors == 0


def test_success_resets_the_error_count(httpserver, source_for):
    httpserver.expect_ordered_request("/feed").respond_with_data("", status=500)
    httpserver.expect_ordered_request("/feed").respond_with_data(feed("rss20.xml"))
    source = source_for(httpserver.url_for("/feed"))
    poll_source.delay(source.pk)
    source.refresh_from_db()
    assert source.consecutive_errors == 1
    poll_source.delay(source.pk)
    source.refresh_from_db()
    assert source.consecutive_errors == 0
    assert source.last_error_code == ""


def test_dispatcher_enqueues_only_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    SourceFactory()
    sent = []
    monkeypatch.setattr(poll_source, "apply_async", lambda args, **options: sent.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pipeline.dispatch_due_sources()
    assert sent == []
    for callback in callbacks:
        callback()
    assert len(sent) == 1


@pytest.mark.skipif(not settings.REDIS_URL, reason="publishes to the Redis broker")
def test_dispatcher_publishes_one_task_per_claimed_source_to_the_broker(django_capture_on_commit_callbacks):
    """The dispatcher's messages go to Redis in pipelined batches (a round trip and a new client
    per task cost it half its time): every claim arrives, each once, with its token."""
    from portal.celery import app

    sources = [SourceFactory() for _ in range(60)]  # more than one batch
    with app.connection_for_write() as conn, conn.SimpleQueue("polling") as queue:
        queue.clear()
        eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            with django_capture_on_commit_callbacks(execute=True):
                assert pipeline.dispatch_due_sources() == 60
        finally:
            app.conf.task_always_eager = eager
        received = []
        while len(received) < 100:
            try:
                message = queue.get(timeout=1)
            except queue.Empty:
                break
            message.ack()
            received.append(message)
    published = [(m.headers["task"], *m.decode()[0]) for m in received]
    tokens = {s.pk: str(s.claim_token) for s in Source.objects.all()}
    assert sorted(published) == sorted((poll_source.name, pk, token) for pk, token in tokens.items())
    assert len(tokens) == len(sources)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_racing_on_postgresql_poll_each_source_exactly_once(httpserver, monkeypatch):
    sources = []
    for n in range(40):
        path = f"/feed{n}.xml"
        httpserver.expect_request(path).respond_with_data(
            feed("rss20.xml").replace(b"techdaily", f"t{n}".encode())
        )
        sources.append(SourceFactory(url=httpserver.url_for(path)))
    claimed: list[list[tuple]] = [[], []]
    barrier = threading.Barrier(2)
    real_claim = pipeline.claim_due_sources
    monkeypatch.setattr(poll_source, "apply_async", lambda args, **options: poll_source(*args))

    def dispatcher(index: int) -> None:
        try:
            barrier.wait()
            # Each dispatcher claims in small steps so the two really interleave.
            while batch := real_claim(limit=3):
                claimed[index].extend(batch)
                for pk, token in batch:
                    poll_source(pk, str(token))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatcher, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [pk for pk, _token in claimed[0] + claimed[1]]
    assert sorted(ids) == sorted(s.pk for s in sources)  # every source, none twice
    assert claimed[0]
    assert claimed[1]
    requests = [entry[0].path for entry in httpserver.log]
    assert len(requests) == len(set(requests)) == 40
    for source in Source.objects.all():
        assert source.mentions.count() == 3


def test_scheduled_polls_wait_in_their_own_queue_and_poll_now_does_not(
    monkeypatch, django_capture_on_commit_callbacks
):
    """After an OPML import of 10,000 feeds, re-matching a new keyword and "poll now" waited
    behind the whole backlog of scheduled polls, for many minutes."""
    from portal.celery import app

    assert app.amqp.router.route({}, poll_source.name)["queue"].name == "polling"
    assert app.amqp.router.route({}, "monitoring.tasks.relink_keywords")["queue"].name == "celery"
    assert {"celery", "polling"} <= set(app.amqp.queues)  # a worker without -Q takes both

    sent = []
    monkeypatch.setattr(
        poll_source, "apply_async", lambda args, **options: sent.append(options.get("queue", "routed"))
    )
    due, clicked = SourceFactory(), SourceFactory(next_poll_at=timezone.now() + timedelta(hours=1))
    Source.objects.filter(pk=due.pk).update(next_poll_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.dispatch_due_sources()
        pipeline.enqueue_polls([clicked.pk])
    assert sent == ["routed", "celery"]  # the dispatcher's polls go where the router sends them
