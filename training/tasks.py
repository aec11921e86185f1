"""Periodic training work: renewals, overdue marking, late joiners, notices, reminders, HR digest."""

from __future__ import annotations

from celery import shared_task

from training import actions, reminders


@shared_task(time_limit=1800, soft_time_limit=1700)
def daily() -> dict[str, int]:
    """Once a day (beat); safe to run twice or concurrently."""
    return {
        "renewals": actions.open_renewals(),
        "overdue": actions.mark_overdue(),
        "late_joiners": actions.enrol_late_joiners(),
        # Before the reminders: a round's notice makes its first reminder's news no news.
        "notices": reminders.send_assignment_notices(),
        "reminders": reminders.send_due_reminders(),
    }


@shared_task(time_limit=1800, soft_time_limit=1700)
def send_assignment_notices(assignment_ids: list[int]) -> int:
    """Tell people of the assignments just made or taken over, and of renewal rounds just opened."""
    return reminders.send_assignment_notices(assignment_ids)


@shared_task(time_limit=600, soft_time_limit=540)
def weekly_hr_digest() -> int:
    """Monday morning (beat): overdue people per department to every HR member."""
    return reminders.send_hr_digest()


@shared_task(time_limit=120, soft_time_limit=100)
def enrol_user(user_id: int) -> int:
    """A person joined or changed department: enrol them in matching campaigns."""
    from portal.models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return actions.enrol_late_joiners(user)
