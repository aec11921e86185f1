"""Background work of the guidelines: asking everybody to confirm a new version."""

from __future__ import annotations

from celery import shared_task

from guidelines import notices


@shared_task(time_limit=1800, soft_time_limit=1700)
def ask_to_acknowledge(version_id: int) -> int:
    return notices.ask_to_acknowledge(version_id)
