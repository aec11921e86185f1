"""The trainings' part of a person's download (portal.personal_data): assignments and quiz attempts."""

from __future__ import annotations

from django.db.models import Q

from portal.personal_data import choice, section
from training.models import Assignment, Campaign


@section("trainings")
def trainings(user) -> list[dict]:
    rows = (
        Assignment.objects.filter(user=user)
        .select_related("module", "campaign")
        .prefetch_related("attempts")
        .order_by("assigned_at", "pk")
    )
    return [
        {
            "module": row.module.display_title,
            "campaign": row.campaign.name if row.campaign else None,
            "assigned_at": row.assigned_at,
            "due_date": row.due_date,
            "status": choice(row, "status"),
            "round": row.cycle,
            "completed_at": row.completed_at,
            "completed_by": choice(row, "completed_how") if row.completed_how else None,
            "valid_until": row.valid_until,
            "reason_for_excusal": row.display_excused_reason or None,
            "quiz_attempts": [
                {
                    "round": attempt.cycle,
                    "attempt": attempt.number,
                    "submitted_at": attempt.submitted_at,
                    "score_percent": attempt.score,
                    "passed": attempt.passed,
                }
                for attempt in sorted(row.attempts.all(), key=lambda a: (a.cycle, a.number))
            ],
        }
        for row in rows
    ]


@section("training_campaigns")
def campaigns(user) -> list[dict]:
    """The campaigns they created or withdrew for HR (who was in them is the others' data)."""
    rows = Campaign.objects.filter(Q(created_by=user) | Q(withdrawn_by=user)).order_by("created_at", "pk")
    return [
        {
            "name": row.name,
            "created_at": row.created_at,
            "created_by_you": row.created_by_id == user.pk,
            "withdrawn_at": row.withdrawn_at,
            "withdrawn_by_you": row.withdrawn_by_id == user.pk,
            "withdrawal_reason": row.withdrawal_reason() if row.withdrawn_at else None,
        }
        for row in rows
    ]
