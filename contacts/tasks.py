"""Daily reminders: unanswered questions and profiles to confirm."""

from __future__ import annotations

from celery import shared_task

from contacts import actions


@shared_task(time_limit=600, soft_time_limit=540)
def remind_unanswered_questions() -> int:
    """Remind advisors of questions unanswered for 2 working days (once per question and day)."""
    return actions.remind_unanswered()


@shared_task(time_limit=600, soft_time_limit=540)
def remind_profile_confirmations() -> int:
    """Ask advisors whose profile was last confirmed over 6 months ago to confirm it."""
    return actions.remind_profile_confirmation()
