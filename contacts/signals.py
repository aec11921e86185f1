"""An advisor whose account is deactivated, or loses the Advisor role, stops like one whose profile
is switched off: questions handed over (and taken back when the account is active again). An
advisor or account deleted hands them over for good: otherwise they would wait for nobody."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
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


@receiver(
    m2m_changed, sender=get_user_model().groups.through, dispatch_uid="contacts_follow_the_advisor_role"
)
def follow_the_advisor_role(sender, instance, action, reverse=False, pk_set=None, **kwargs) -> None:
    """The Advisor role taken away (only superusers do) stops an advisor like switching them off;
    given back, their open questions return. Without the role nobody reads their inbox."""
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    from django.contrib.auth.models import Group

    from contacts.actions import hand_over_open_questions, take_back_open_questions
    from contacts.models import Advisor
    from portal.roles import Role

    if action != "post_clear" and not Group.objects.filter(pk__in=pk_set or (), name=Role.ADVISOR).exists():
        return
    has_role = instance.is_superuser or instance.groups.filter(name=Role.ADVISOR).exists()
    for advisor in Advisor.objects.filter(user=instance, is_active=True):
        if has_role:
            take_back_open_questions(advisor)
        else:
            hand_over_open_questions(advisor, tell_advisor=False)  # the superuser who did it knows


@receiver(pre_delete, sender="contacts.Advisor", dispatch_uid="contacts_hand_over_on_advisor_delete")
def hand_over_when_advisor_deleted(sender, instance, **kwargs) -> None:
    from contacts.actions import hand_over_open_questions

    hand_over_open_questions(instance, tell_advisor=False)  # the one deleting it is told on the page


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="contacts_hand_over_on_user_delete")
def hand_over_when_account_deleted(sender, instance, **kwargs) -> None:
    from contacts.actions import hand_over_open_questions
    from contacts.models import Advisor

    for advisor in Advisor.objects.filter(user=instance):
        hand_over_open_questions(advisor, tell_advisor=False)


@receiver(post_delete, sender="contacts.Advisor", dispatch_uid="contacts_delete_photo")
def delete_photo(sender, instance, **kwargs) -> None:
    """A deleted profile's photo leaves the server however it was deleted (``delete_after_commit``)."""
    from contacts.photos import delete_after_commit

    delete_after_commit(instance.photo)
