"""Keep every process's taboo matcher in step with the topics (an optional, decoupled concern)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from guidelines.matcher import bump_matcher_version
from guidelines.models import TabooTerm, TabooTopic


@receiver([post_save, post_delete], sender=TabooTopic)
@receiver([post_save, post_delete], sender=TabooTerm)
def topics_changed(sender, **kwargs) -> None:
    # Now, so this process (inside the transaction) sees the change; and after
    # commit, so a process that rebuilt in between does not keep stale terms.
    bump_matcher_version()
    transaction.on_commit(bump_matcher_version)
