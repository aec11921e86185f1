"""Changed tracked keywords re-match the stored mentions (in the background, after the commit)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from monitoring.models import TrackedKeyword


@receiver(post_save, sender=TrackedKeyword, dispatch_uid="monitoring_keyword_saved")
@receiver(post_delete, sender=TrackedKeyword, dispatch_uid="monitoring_keyword_deleted")
def relink_after_keyword_change(sender, **kwargs) -> None:
    from monitoring.tasks import relink_keywords

    transaction.on_commit(relink_keywords.delay)
