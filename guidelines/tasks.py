"""Background work of the guidelines: asking everybody to confirm a new version."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from guidelines import notices


@shared_task(bind=True, time_limit=1800, soft_time_limit=1700, max_retries=None)
def ask_to_acknowledge(self, version_id: int) -> int:
    try:
        return notices.ask_to_acknowledge(version_id)
    except SoftTimeLimitExceeded:
        # Thousands of mails through a slow server: the rest in a new run (whoever was asked is
        # recorded, so nobody is asked twice).
        raise self.retry(countdown=1) from None
