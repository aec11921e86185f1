"""The polling pipeline in one place: claim → fetch → parse → ingest → schedule.

    dispatch (beat, every minute) ─► claim_due_sources ─► poll_source task × N ─► poll()

A source is *claimed* (``claim_token``, ``claimed_at``) before it is polled,
atomically, so no source is polled twice at once even with several workers
and two beats. The claim expires after ``FEED_POLL_LEASE`` seconds, so a
worker that died mid-poll only delays the source. The network I/O runs
outside any transaction; everything a poll writes (mentions, keyword links,
the source's state, releasing the claim) is one short transaction at the end:
a poll killed half-way writes nothing, and the retried task (acks_late) finds
the same state and does the same work once.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from monitoring.ingest import IngestResult, ingest
from monitoring.models import PauseCause, Source
from monitoring.parsing import NotAFeed, body_hash, parse_feed
from portal.lib import http
from portal.lib.mail import absolute_url, notify
from portal.roles import Role, members

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(days=7)


@dataclass
class PollResult:
    source: Source
    outcome: str  # "new", "updated", "unchanged", "failed", "busy"
    ingest: IngestResult | None = None
    error: str = ""
    entries: int = 0

    @property
    def new(self) -> int:
        return self.ingest.new if self.ingest else 0

    @property
    def updated(self) -> int:
        return self.ingest.updated if self.ingest else 0


# --- Claiming ------------------------------------------------------------------------------------


def claim_due_sources(now: datetime | None = None, limit: int = 1000) -> list[tuple[int, uuid.UUID]]:
    """Claim the due sources for polling; returns (id, claim token) pairs.

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so two dispatchers running at
    once each take different rows. Elsewhere (SQLite): one conditional UPDATE
    per source that only succeeds if the row is still due and unclaimed.
    """
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(
                Source.objects.due(now)
                .order_by("next_poll_at")
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:limit]
            )
            # One token for the whole batch: a claim is checked per row, so sharing is safe.
            token = uuid.uuid4()
            Source.objects.filter(pk__in=ids).update(claim_token=token, claimed_at=now)
        return [(pk, token) for pk in ids]
    claims = []
    for pk in Source.objects.due(now).order_by("next_poll_at").values_list("id", flat=True)[:limit]:
        token = uuid.uuid4()
        if Source.objects.due(now).filter(pk=pk).update(claim_token=token, claimed_at=now):
            claims.append((pk, token))
    return claims


def claim_source(source_id: int, now: datetime | None = None) -> uuid.UUID | None:
    """Claim one source now, due or not (poll now, the poll_feeds command); None if busy."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.FEED_POLL_LEASE)
    token = uuid.uuid4()
    claimed = (
        Source.objects.filter(pk=source_id)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claim_token=token, claimed_at=now)
    )
    return token if claimed else None


def dispatch_due_sources() -> int:
    """Claim the due sources and enqueue one poll task for each, after the claim is committed."""
    with transaction.atomic():
        claims = claim_due_sources()
        transaction.on_commit(lambda: _enqueue(claims))
    return len(claims)


class QueueUnavailable(Exception):
    """The broker took no task (Redis down): nothing will be polled, and nothing stays claimed."""

    message = gettext_lazy(
        "The background service cannot be reached right now: nothing will be polled. Please try again "
        "in a few minutes."
    )


def enqueue_polls(source_ids) -> int:
    """Poll these sources now in the background (the admin's "poll now").

    On the default queue, not behind the dispatcher's backlog of scheduled polls: someone waits.
    Raises QueueUnavailable when the broker takes no task: the claims are given up (they kept
    the sources from being polled for the lease's six minutes) and the caller says so.
    """
    claims = [(pk, token) for pk in source_ids if (token := claim_source(pk)) is not None]

    def send() -> None:
        try:
            _enqueue(claims, queue=settings.CELERY_TASK_DEFAULT_QUEUE)
        except Exception as error:  # kombu and redis raise many kinds: all mean "not sent"
            logger.warning("Poll now: the task queue is unavailable: %s", error)
            for pk, token in claims:
                Source.objects.filter(pk=pk, claim_token=token).update(claim_token=None, claimed_at=None)
            raise QueueUnavailable from error

    transaction.on_commit(send)
    return len(claims)


def _enqueue(claims: list[tuple[int, uuid.UUID]], **options) -> None:
    """One poll task per claim, all sent through one producer (acquiring one per task cost the
    dispatcher a quarter of its time per source), in batches: on Redis, kombu pipelines the
    messages instead of a round trip and a new client each (bench/polling.py: the dispatcher
    sent 500 polls in 0.3 s instead of 0.5–0.8 s). Other brokers publish one by one."""
    from monitoring.tasks import poll_source

    if not claims:
        return
    # Flushed every 50: the workers start on the first polls while the rest are being sent.
    with poll_source.app.producer_or_acquire() as producer, producer.batch(max_size=50):
        for pk, token in claims:
            poll_source.apply_async((pk, str(token)), producer=producer, **options)


# --- Polling -------------------------------------------------------------------------------------


def poll(source_id: int, token: uuid.UUID | str | None = None) -> PollResult | None:
    """Poll one source: fetch, parse, ingest and schedule the next poll.

    ``token`` is the claim from the dispatcher; without one the source is
    claimed here. Returns None for a missing source, outcome "busy" when
    another poll holds the claim.
    """
    try:
        source = Source.objects.get(pk=source_id)  # not first(): no ORDER BY to build for one row
    except Source.DoesNotExist:
        return None
    if token is None:
        token = claim_source(source_id)
        if token is None:
            return PollResult(source, "busy")
        source.claim_token = token
    token = uuid.UUID(str(token))
    if source.claim_token != token:
        # Superseded: the claim expired and someone else polls it now.
        return PollResult(source, "busy")

    now = timezone.now()
    try:
        return _fetch_and_store(source, token, now)
    except (OperationalError, InterfaceError):
        raise  # the database, not the feed: the task fails, the claim expires, a later poll retries
    except Exception as error:
        # A feed that trips a bug (or runs past the time limit) is a failure like any other:
        # recorded on the source, backed off, and after enough of them paused and reported —
        # not a task that crashes on every retry while comms sees nothing.
        logger.exception("Polling source %s failed unexpectedly", source.pk)
        detail = f"{type(error).__name__}: {error}"
        return _failed(source, token, now, Source.Error.INTERNAL, detail, None)


def _fetch_and_store(source: Source, token: uuid.UUID, now: datetime) -> PollResult:
    try:
        response = http.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if response.not_modified:
            return _succeeded(source, token, now, response, None, None)
        digest = body_hash(response.body)
        if digest == source.body_hash:
            return _succeeded(source, token, now, response, None, digest)
        parsed = parse_feed(response.body, response.headers, response.url, now)
    except http.FetchError as error:
        return _failed(source, token, now, error.code, error.detail, error.retry_after)
    except NotAFeed as error:
        return _failed(source, token, now, error.code, error.detail, None)
    return _succeeded(source, token, now, response, parsed, digest)


def _write_state(source: Source, token: uuid.UUID, fields: dict) -> bool:
    """Store the poll's outcome on the source if our claim still holds; else roll back the poll.

    The conditional UPDATE is the check: with it, whatever this transaction
    wrote (mentions too) commits only if nobody took the source over meanwhile.
    """
    if Source.objects.filter(pk=source.pk, claim_token=token).update(**fields):
        return True
    if connection.in_atomic_block:
        transaction.set_rollback(True)
    return False


def _relaxed_durability() -> None:
    """Don't wait for the disk at commit (PostgreSQL): a poll lost in a crash is simply polled again.

    Everything a poll writes, including the source's ETag and next poll time,
    commits together, so a lost commit leaves the previous state, from which
    the re-poll starts. (A lost pause e-mail is sent again at the next failure.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _next_poll(source: Source, now: datetime) -> datetime:
    interval = timedelta(minutes=source.poll_interval)
    # A little jitter spreads sources added together over the interval.
    jitter = random.uniform(0, min(60.0, interval.total_seconds() * 0.1))  # noqa: S311 - not security
    return now + interval + timedelta(seconds=jitter)


def _succeeded(source, token, now, response, parsed, digest) -> PollResult:
    moved = response.permanent_url and response.permanent_url != source.url
    if parsed is None and not moved:
        # Unchanged (304, or the same body as last time), as most polls are: nothing to store
        # but the source's state, in one UPDATE without a transaction around it.
        fields = _state_after_success(source, now, response, digest)
        if not _write_state(source, token, fields):
            return PollResult(source, "busy")
        for name, value in fields.items():
            setattr(source, name, value)
        return PollResult(source, "unchanged")

    result = PollResult(source, "unchanged")
    with transaction.atomic():
        _relaxed_durability()
        if parsed is not None:
            result.ingest = ingest(source, parsed.entries, now)
            result.entries = len(parsed.entries)
            if result.ingest.new:
                result.outcome = "new"
            elif result.ingest.updated:
                result.outcome = "updated"
            source.title = parsed.title or source.title
            source.last_warning = parsed.warning
        fields = _state_after_success(source, now, response, digest)
        # 301/308: the feed moved for good. Unless another source has that URL already.
        if moved and not Source.objects.filter(url=response.permanent_url).exclude(pk=source.pk).exists():
            fields["url"] = response.permanent_url[:2000]
        if not _write_state(source, token, fields):
            return PollResult(source, "busy")
    for name, value in fields.items():
        setattr(source, name, value)
    return result


def _state_after_success(source, now, response, digest) -> dict:
    fields = {
        "etag": response.headers.get("etag", source.etag if response.not_modified else "")[:500],
        "last_modified": response.headers.get(
            "last-modified", source.last_modified if response.not_modified else ""
        )[:100],
        "next_poll_at": _next_poll(source, now),
        "last_polled_at": now,
        "last_success_at": now,
        "last_error_code": "",
        "last_error_detail": "",
        "consecutive_errors": 0,
        "claim_token": None,
        "claimed_at": None,
        "title": source.title,
        "last_warning": source.last_warning,
    }
    if digest is not None:
        fields["body_hash"] = digest
    return fields


def backoff(errors: int, interval_minutes: int) -> timedelta:
    """Exponential: the interval doubled per consecutive failure, at most a day."""
    return min(timedelta(minutes=interval_minutes) * (2 ** min(errors, 20)), MAX_BACKOFF)


def _failed(source, token, now, code, detail, retry_after) -> PollResult:
    logger.info("Polling source %s failed: %s %s", source.pk, code, detail)
    paused = False
    with transaction.atomic():
        _relaxed_durability()
        errors = source.consecutive_errors + 1
        delay = backoff(errors, source.poll_interval)
        if retry_after:
            # 429/503: never earlier than the server asked.
            delay = max(delay, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
        jitter = timedelta(seconds=random.uniform(0, 30))  # noqa: S311 - not security
        fields = {
            "next_poll_at": now + delay + jitter,
            "last_polled_at": now,
            "last_error_at": now,
            "last_error_code": code,
            "last_error_detail": (detail or "")[:500],
            "consecutive_errors": errors,
            "claim_token": None,
            "claimed_at": None,
        }
        if errors >= settings.FEED_MAX_CONSECUTIVE_FAILURES and source.active:
            fields.update(
                Source.paused_fields(
                    now, PauseCause.FAILURES, count=errors, code=code, detail=fields["last_error_detail"]
                )
            )
            paused = True
        if not _write_state(source, token, fields):
            return PollResult(source, "busy")
        for name, value in fields.items():
            setattr(source, name, value)
        if paused:
            # In the source's history like a pause by hand (by nobody): comms see when it stopped.
            Source.history.bulk_history_create([source], update=True)
            transaction.on_commit(lambda: notify_paused(source.pk))
    return PollResult(source, "failed", error=source.last_error)


def notify_paused(source_id: int) -> None:
    """Tell the communications team, once, that a source stopped and why."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return
    admin_url = absolute_url(reverse("admin:monitoring_source_change", args=[source.pk]))
    for user in members(Role.COMMUNICATIONS):
        notify(user, "monitoring/email/source_paused", {"source": source, "admin_url": admin_url})


def ingest_file(source: Source, body: bytes) -> PollResult:
    """Parse and store a feed we already have as bytes (``import_feed``, the demo): no fetching.

    Raises ``NotAFeed``.
    """
    now = timezone.now()
    parsed = parse_feed(body, {}, source.url, now)
    with transaction.atomic():
        result = PollResult(source, "unchanged", ingest=ingest(source, parsed.entries, now))
        result.entries = len(parsed.entries)
        result.outcome = "new" if result.ingest.new else "updated" if result.ingest.updated else "unchanged"
        if parsed.title and not source.title:
            source.title = parsed.title
            source.save(update_fields=["title"])
        # The next poll reads the live feed again, even unchanged since the last one: what it
        # stored may have just been overwritten from this (perhaps older) copy.
        Source.objects.filter(pk=source.pk).update(body_hash="", etag="", last_modified="")
    return result
