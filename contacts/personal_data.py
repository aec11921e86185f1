"""The advisors' part of a person's download (portal.personal_data): the questions they asked
(their anonymous ones too: they are theirs, as on "My questions"), their advisor profile with how
many questions were addressed to it, and what they wrote as an advisor."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from contacts.models import Advisor, FaqEntry, FollowUp, Question, QuestionRecipient
from portal.personal_data import HISTORY_ACTIONS, choice, done_by, section


@section("questions_asked", covers=("contacts.Question.asker", "contacts.AnonymousAsking.asker"))
def questions(user) -> list[dict]:
    rows = Question.objects.asked_by(user).prefetch_related("follow_ups").order_by("created_at", "pk")
    return [
        {
            "subject": row.subject,
            "question": row.body,
            "anonymous": row.is_anonymous,
            "asked_at": row.created_at,
            "status": choice(row, "status"),
            "answer": row.answer or None,
            "answered_at": row.answered_at,
            "follow_ups": [
                {"asked_at": f.created_at, "question": f.body, "earlier_answer": f.answer}
                for f in row.follow_ups.all()
            ],
        }
        for row in rows
    ]


@section(
    "advisor_profile",
    covers=(
        "contacts.Advisor.user",
        "contacts.Question.advisor",
        "contacts.Question.recipients",
        "contacts.QuestionRecipient.advisor",
        "guidelines.TabooTopic.spokesperson",
    ),
)
def advisor_profile(user) -> dict | None:
    profile = (
        Advisor.objects.filter(user=user)
        .select_related("department")
        .prefetch_related("topics", "languages", "taboo_topics")
        .first()
    )
    if profile is None:
        return None
    fields = ("name", "job_title", "job_title_en", "email", "phone", "chat_url", "office_hours",
              "office_hours_en", "location", "location_en", "bio", "bio_en", "is_spokesperson", "is_active",
              "last_confirmed_on")  # fmt: skip
    return {
        **{name: getattr(profile, name) for name in fields},
        "department": profile.department.display_name if profile.department else None,
        "topics": [topic.display_name for topic in profile.topics.all()],
        "languages": [language.display_name for language in profile.languages.all()],
        "spokesperson_for_taboo_topics": sorted(topic.display_name for topic in profile.taboo_topics.all()),
        # The photo itself is behind sign-in, at this address.
        "photo": reverse("contacts:photo", args=[profile.pk]) if profile.photo else None,
        "questions_addressed_to_you": questions_addressed(profile),
    }


@section("advisor_profile_history", covers=("contacts.HistoricalAdvisor.user",))
def advisor_profile_history(user) -> list[dict]:
    """What the history keeps of their advisor profile (kept to restore it), oldest first: each
    version while it was linked to their account, with who made the change (never whose name:
    "someone else")."""
    fields = ("name", "job_title", "job_title_en", "email", "phone", "chat_url", "office_hours",
              "office_hours_en", "location", "location_en", "bio", "bio_en", "is_spokesperson",
              "is_active")  # fmt: skip
    rows = Advisor.history.filter(user=user).order_by("history_date", "history_id")
    return [
        {
            "changed_at": row.history_date,
            "action": HISTORY_ACTIONS.get(row.history_type, row.history_type),
            "changed_by": done_by(user, row.history_user_id),
            **{name: getattr(row, name) for name in fields},
        }
        for row in rows
    ]


def questions_addressed(profile: Advisor) -> list[dict]:
    """How many questions were addressed to the profile (chosen, or routed to it by topic), by
    status. Numbers only: the questions' words and askers are the askers' data."""
    received = QuestionRecipient.objects.filter(advisor=profile).values("question_id")
    rows = (
        Question.objects.filter(Q(pk__in=received) | Q(advisor=profile))
        .order_by("status")
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return [{"status": choice(Question(status=status), "status"), "count": count} for status, count in rows]


@section(
    "answers_written",
    covers=(
        "contacts.Question.answered_by",
        "contacts.FollowUp.answered_by",
        "contacts.FaqEntry.published_by",
        "contacts.HistoricalFaqEntry.published_by",
    ),
)
def answers_written(user) -> dict:
    """What they wrote as an advisor: their answers (the current ones, and those a follow-up
    question replied to) and the FAQ entries they published. The questions go by number only:
    their subject and text are the askers' data."""
    current = Question.objects.filter(answered_by=user).order_by("answered_at", "pk")
    earlier = list(
        FollowUp.objects.filter(answered_by=user)
        .order_by("created_at", "pk")
        .values_list("question_id", "answered_at", "answer")
    )
    # While a follow-up waits, the answer it replied to is the question's current one too: once.
    replied_to = set(earlier)
    return {
        "answers": [
            {"question": pk, "answered_at": at, "answer": answer}
            for pk, at, answer in current.values_list("pk", "answered_at", "answer")
            if (pk, at, answer) not in replied_to
        ]
        + [
            {"question": pk, "answered_at": at, "answer": answer, "replied_to_by_a_follow_up": True}
            for pk, at, answer in earlier
        ],
        "faq_entries_published": [
            {"title": title, "title_en": title_en or None, "created_at": created, "published": published}
            for title, title_en, created, published in FaqEntry.objects.filter(published_by=user)
            .order_by("created_at", "pk")
            .values_list("title", "title_en", "created_at", "is_published")
        ]
        # Deleted since, as their history keeps them (to restore them).
        + [
            {
                "title": title,
                "title_en": title_en or None,
                "created_at": created,
                "published": published,
                "deleted_at": deleted,
            }
            for title, title_en, created, published, deleted in FaqEntry.history.filter(
                published_by=user, history_type="-"
            )
            .exclude(id__in=FaqEntry.objects.values("pk"))
            .order_by("history_date", "history_id")
            .values_list("title", "title_en", "created_at", "is_published", "history_date")
        ],
    }
