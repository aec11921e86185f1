"""The trainings' part of a person's download (portal.personal_data): assignments with the
reminders sent and the quiz answers given, what the assignments' history keeps, the campaigns that
named them, and what they did for HR (campaigns created or withdrawn, digests received)."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext as _

from portal.personal_data import HISTORY_ACTIONS, choice, done_by, section
from training.actions import withdrawn_with_campaign
from training.models import Assignment, Campaign, Choice, SentDigest, display_excused_reason
from training.reminders import reminder_label


@section("trainings", covers=("training.Assignment.user",))
def trainings(user) -> list[dict]:
    rows = list(
        Assignment.objects.filter(user=user)
        .select_related("module", "campaign")
        .prefetch_related("attempts", "reminders")
        .annotate(withdrawn=ExpressionWrapper(withdrawn_with_campaign(), output_field=BooleanField()))
        .order_by("assigned_at", "pk")
    )
    answers = quiz_answers([attempt for row in rows for attempt in row.attempts.all()])
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
            # Excused by HR's withdrawal of the campaign, not for a reason of the person's.
            "excused_because_the_campaign_was_withdrawn": row.withdrawn
            if row.status == row.Status.EXCUSED
            else None,
            "reminders_sent": [
                {
                    "sent_at": r.sent_at,
                    "for_due_date": r.due_date,
                    "reminder": {"code": r.key, "label": reminder_label(r.key)},
                }
                for r in sorted(row.reminders.all(), key=lambda r: (r.sent_at, r.pk))
            ],
            "quiz_attempts": [
                {
                    "round": attempt.cycle,
                    "attempt": attempt.number,
                    "submitted_at": attempt.submitted_at,
                    "score_percent": attempt.score,
                    "passed": attempt.passed,
                    "answers": answers[attempt.pk],
                }
                for attempt in sorted(row.attempts.all(), key=lambda a: (a.cycle, a.number))
            ],
        }
        for row in rows
    ]


def quiz_answers(attempts: list) -> dict[int, list[dict]]:
    """Per attempt, the answers chosen to each question, in the reader's language, and whether the
    question was answered right as graded. One query for all attempts (none without any); a
    question or answer HR has deleted since is named as such."""
    chosen = {a.pk: {int(question): set(ids) for question, ids in a.answers.items()} for a in attempts}
    asked = {question for questions in chosen.values() for question in questions}
    choices = Choice.objects.filter(question_id__in=asked).select_related("question") if asked else []
    texts = {c.pk: c.display_text for c in choices}
    questions = {c.question_id: c.question for c in choices}
    deleted = _("(deleted since)")

    def in_quiz_order(pk: int) -> tuple:
        return (0, questions[pk].position, pk) if pk in questions else (1, 0, pk)

    def answers(attempt) -> list[dict]:
        wrong = attempt.wrong_questions  # None: graded before the verdicts were kept
        return [
            {
                "question": questions[pk].display_text if pk in questions else deleted,
                "chosen": [texts.get(choice_id, deleted) for choice_id in sorted(chosen[attempt.pk][pk])],
                "answered_right": None if wrong is None else pk not in wrong,
            }
            for pk in sorted(chosen[attempt.pk], key=in_quiz_order)
        ]

    return {attempt.pk: answers(attempt) for attempt in attempts}


@section("training_history", covers=("training.HistoricalAssignment.user",))
def history(user) -> list[dict]:
    """What the history keeps of their assignments (removed ones too), oldest first: each change's
    status, due date and round, and whether they made it, someone else or the portal — never who
    else: that is HR's data. One query."""
    rows = (
        Assignment.history.filter(user=user)
        .select_related("module", "campaign")
        .order_by("history_date", "history_id")
    )
    return [
        {
            "module": row.module.display_title if row.module else _("(deleted since)"),
            "changed_at": row.history_date,
            "action": HISTORY_ACTIONS.get(row.history_type, row.history_type),
            "status": choice(row, "status"),
            "due_date": row.due_date,
            "round": row.cycle,
            "reason_for_excusal": display_excused_reason(row) or None,
            "changed_by": done_by(user, row.history_user_id),
        }
        for row in rows
    ]


@section(
    "training_campaigns",
    covers=("training.Campaign.created_by", "training.Campaign.withdrawn_by", "training.Campaign.people"),
)
def campaigns(user) -> list[dict]:
    """The campaigns that chose them by name, and those they created or withdrew for HR (who
    else was in them is the others' data)."""
    named = Campaign.people.through.objects.filter(user=user)
    rows = (
        Campaign.objects.filter(
            Q(created_by=user) | Q(withdrawn_by=user) | Q(pk__in=named.values("campaign_id"))
        )
        .annotate(names_you=Exists(named.filter(campaign=OuterRef("pk"))))
        .order_by("created_at", "pk")
    )
    return [
        {
            "name": row.name,
            "chose_you_by_name": row.names_you,
            "created_at": row.created_at,
            "created_by_you": row.created_by_id == user.pk,
            "withdrawn_at": row.withdrawn_at,
            "withdrawn_by_you": row.withdrawn_by_id == user.pk,
            "withdrawal_reason": row.withdrawal_reason() if row.withdrawn_at else None,
        }
        for row in rows
    ]


@section("training_digests_sent_for_weeks_of", covers=("training.SentDigest.user",))
def digests(user) -> list:
    """The weeks HR's digest of overdue trainings went to them."""
    return list(SentDigest.objects.filter(user=user).order_by("week").values_list("week", flat=True))
