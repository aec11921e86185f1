"""Retention: mentions older than MENTION_RETENTION_DAYS go; starred ones and open queue items stay.

Each deleted mention leaves a tombstone (``DeletedMention``) so that a feed
still listing the old entry does not bring it back on the next poll.
Tombstones older than the retention period are dropped, too: by then ingest
skips such old entries anyway.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from monitoring.models import DeletedMention, Mention

BATCH_SIZE = 1000


def delete_old_mentions(batch_size: int = BATCH_SIZE) -> int:
    """Delete expired mentions nobody keeps (``kept_beyond_retention``) in batches; returns how many went."""
    now = timezone.now()
    cutoff = now - timedelta(days=settings.MENTION_RETENTION_DAYS)
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(
                Mention.objects.filter(published_at__lt=cutoff)
                .exclude(pk__in=Mention.objects.kept_beyond_retention().values("pk"))
                .order_by("published_at")
                .values_list("id", "source_id", "identity_key", "canonical_hash")[:batch_size]
            )
            if not batch:
                break
            DeletedMention.objects.bulk_create(
                [
                    DeletedMention(
                        source_id=source_id, identity_key=key, canonical_hash=url or "", deleted_at=now
                    )
                    for _pk, source_id, key, url in batch
                ],
                ignore_conflicts=True,
            )
            Mention.objects.filter(id__in=[row[0] for row in batch]).delete()
            deleted += len(batch)
    DeletedMention.objects.filter(deleted_at__lt=cutoff).delete()
    return deleted
