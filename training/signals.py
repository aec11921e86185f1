"""Late joiners: a new person, or one who moves department, gets matching campaigns at once.

The daily task enrols them too; this only makes it immediate. It is a signal
because the portal's user code must not know about trainings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="training_enrol_late_joiner")
def enrol_late_joiner(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not instance.is_active:
        return
    if update_fields is not None and not {"department", "is_active"} & set(update_fields):
        return  # e.g. last_login on sign-in
    from training.tasks import enrol_user

    # robust: a broker that is down must not turn saving a person into an error;
    # the daily task enrols them anyway.
    transaction.on_commit(lambda: enrol_user.delay(instance.pk), robust=True)
