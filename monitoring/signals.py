"""Changed tracked keywords re-match the stored mentions, changed taboo topics and terms the
mentions in the comms queue (in the background, after the commit); a deleted taboo topic leaves
no mention flagged for it alone."""

from __future__ import annotations

from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from guidelines.models import TabooTerm, TabooTopic
from monitoring.models import Mention, MentionTabooMatch, ReviewStatus, TrackedKeyword

# Set while a re-match is queued: saving five keywords at once queues one, not five.
RELINK_PENDING = "monitoring:relink-keywords-pending"
# The same for taboo topics and terms (a topic saved with its twenty terms queues one).
REMATCH_PENDING = "monitoring:rematch-taboo-pending"


@receiver(post_save, sender=TrackedKeyword, dispatch_uid="monitoring_keyword_saved")
@receiver(post_delete, sender=TrackedKeyword, dispatch_uid="monitoring_keyword_deleted")
def relink_after_keyword_change(sender, **kwargs) -> None:
    transaction.on_commit(partial(_enqueue_once, "relink_keywords", RELINK_PENDING))


def _enqueue_once(task_name: str, pending_key: str) -> None:
    """Queue the task ``task_name`` of monitoring.tasks unless a run is queued already (the task
    clears ``pending_key`` as it starts)."""
    from monitoring import tasks

    if cache.add(pending_key, True, timeout=3600):
        getattr(tasks, task_name).delay()


@receiver(post_delete, sender=TabooTopic, dispatch_uid="monitoring_taboo_topic_deleted")
def unflag_after_topic_deleted(sender, **kwargs) -> None:
    """The topic's matches went with it (on delete cascade, before this): a mention flagged for
    it alone would stay in the Communications queue without saying why. Restored, the topic
    flags them again (rematch_queue_taboo_topics); one assigned to an advisor stays."""
    matched = MentionTabooMatch.objects.filter(mention=OuterRef("pk"))
    unmatched = Mention.objects.filter(flagged=True).filter(~Exists(matched))
    unmatched.exclude(review_status=ReviewStatus.OPEN, assigned_to__isnull=False).update(
        flagged=False, unflagged_by_change=True
    )


@receiver([post_save, post_delete], sender=TabooTopic, dispatch_uid="monitoring_taboo_topic_changed")
@receiver([post_save, post_delete], sender=TabooTerm, dispatch_uid="monitoring_taboo_term_changed")
def rematch_queue_after_taboo_change(sender, **kwargs) -> None:
    """A term deleted or a topic deactivated as a false alarm: the mentions it alone flagged
    leave the queue (in the background, after the commit)."""
    transaction.on_commit(partial(_enqueue_once, "rematch_queue_taboo_topics", REMATCH_PENDING))
