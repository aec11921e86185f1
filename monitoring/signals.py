"""Changed tracked keywords re-match the stored mentions (in the background, after the commit)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from monitoring.models import TrackedKeyword

# Set while a re-match is queued: saving five keywords at once queues one, not five.
RELINK_PENDING = "monitoring:relink-keywords-pending"


@receiver(post_save, sender=TrackedKeyword, dispatch_uid="monitoring_keyword_saved")
@receiver(post_delete, sender=TrackedKeyword, dispatch_uid="monitoring_keyword_deleted")
def relink_after_keyword_change(sender, **kwargs) -> None:
    transaction.on_commit(_enqueue_relink)


def _enqueue_relink() -> None:
    from monitoring.tasks import relink_keywords

    if cache.add(RELINK_PENDING, True, timeout=3600):
        relink_keywords.delay()
