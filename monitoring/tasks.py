"""Celery tasks: thin wrappers taking ids; the work is in monitoring.pipeline and .retention."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.db import close_old_connections, connection

from monitoring import digest, ingest, pipeline, retention


def _drop_broken_connections() -> None:
    """Connections are reused across tasks (CELERY_DB_REUSE_MAX): drop broken or expired ones first.

    Never inside a transaction (tasks run eagerly in tests).
    """
    if not connection.in_atomic_block:
        close_old_connections()


@shared_task(acks_late=True, ignore_result=True, expires=50)
def dispatch_due_sources() -> int:
    """Every minute (beat): claim the due sources and enqueue a poll for each."""
    _drop_broken_connections()
    return pipeline.dispatch_due_sources()


# acks_late + reject_on_worker_lost: a worker killed mid-poll hands the task
# back; the poll writes in one transaction at its end, so the rerun is safe.
@shared_task(
    acks_late=True, reject_on_worker_lost=True, ignore_result=True, time_limit=300, soft_time_limit=240
)
def poll_source(source_id: int, token: str | None = None) -> str | None:
    _drop_broken_connections()
    result = pipeline.poll(source_id, token)
    return result.outcome if result else None


@shared_task(acks_late=True, ignore_result=True, time_limit=3600, soft_time_limit=3500)
def relink_keywords() -> int:
    """After the tracked keywords changed: match the stored mentions again."""
    from monitoring.signals import RELINK_PENDING

    cache.delete(RELINK_PENDING)  # a change from now on queues another run
    return ingest.relink_keywords()


@shared_task(acks_late=True, ignore_result=True, time_limit=3600, soft_time_limit=3500)
def rematch_queue_taboo_topics() -> int:
    """After taboo topics or terms changed: match the mentions in the comms queue again."""
    from monitoring.signals import REMATCH_PENDING

    cache.delete(REMATCH_PENDING)  # a change from now on queues another run
    return ingest.rematch_queue_taboo_topics()


@shared_task(acks_late=True, ignore_result=True, time_limit=3600, soft_time_limit=3500)
def delete_old_mentions() -> int:
    """Daily (beat): retention."""
    return retention.delete_old_mentions()


@shared_task(acks_late=True, ignore_result=True, time_limit=3600, soft_time_limit=3500)
def send_weekly_digests() -> int:
    """Mondays (beat): the weekly digest; running twice sends nothing twice (DigestDelivery)."""
    return digest.send_weekly_digests()
