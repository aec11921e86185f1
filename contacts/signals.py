"""An advisor whose account is deactivated stops like one whose profile is: questions handed over
(and taken back when the account is active again)."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="contacts_note_was_active")
def note_was_active(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    # Only a save that can change is_active needs to know what it was (not last_login's).
    if raw or not instance.pk or (update_fields is not None and "is_active" not in update_fields):
        return
    instance._was_active = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="contacts_hand_over_on_deactivation")
def hand_over_when_deactivated(sender, instance, raw=False, **kwargs) -> None:
    was_active = getattr(instance, "_was_active", None)
    if raw or was_active is None or was_active == instance.is_active:
        return
    instance._was_active = instance.is_active
    from contacts.actions import hand_over_open_questions, take_back_open_questions
    from contacts.models import Advisor

    for advisor in Advisor.objects.filter(user=instance):
        if instance.is_active:
            take_back_open_questions(advisor)
        else:
            hand_over_open_questions(advisor)
