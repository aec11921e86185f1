"""Changed tracked keywords re-match the stored mentions (in the background, after the commit);
a deleted taboo topic leaves no mention flagged for it alone."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from guidelines.models import TabooTopic
from monitoring.models import Mention, MentionTabooMatch, TrackedKeyword

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


@receiver(post_delete, sender=TabooTopic, dispatch_uid="monitoring_taboo_topic_deleted")
def unflag_after_topic_deleted(sender, **kwargs) -> None:
    """The topic's matches went with it (on delete cascade, before this): a mention flagged for
    it alone would stay in the Communications queue without saying why."""
    matched = MentionTabooMatch.objects.filter(mention=OuterRef("pk"))
    Mention.objects.filter(flagged=True).filter(~Exists(matched)).update(flagged=False)
