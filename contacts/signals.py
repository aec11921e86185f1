"""An advisor whose account is deactivated stops like one whose profile is: questions handed over."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="contacts_hand_over_on_deactivation")
def hand_over_when_deactivated(sender, instance, **kwargs) -> None:
    if instance.is_active:
        return
    from contacts.actions import hand_over_open_questions
    from contacts.models import Advisor

    for advisor in Advisor.objects.filter(user=instance):
        hand_over_open_questions(advisor)
