"""The advisors' part of a person's download (portal.personal_data): the questions they asked
(their anonymous ones too: they are theirs, as on "My questions") and their advisor profile, and what they wrote as an advisor."""

from __future__ import annotations

from django.urls import reverse

from contacts.models import Advisor, FaqEntry, FollowUp, Question
from portal.personal_data import choice, section


@section("questions_asked")
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


@section("advisor_profile")
def advisor_profile(user) -> dict | None:
    profile = (
        Advisor.objects.filter(user=user)
        .select_related("department")
        .prefetch_related("topics", "languages")
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
        # The photo itself is behind sign-in, at this address.
        "photo": reverse("contacts:photo", args=[profile.pk]) if profile.photo else None,
    }


@section("answers_written")
def answers_written(user) -> dict:
    """What they wrote as an advisor: their answers (the current ones, and those a follow-up
    question replied to) and the FAQ entries they published. The questions go by number only:
    their subject and text are the askers' data."""
    current = Question.objects.filter(answered_by=user).order_by("answered_at", "pk")
    earlier = FollowUp.objects.filter(answered_by=user).order_by("created_at", "pk")
    return {
        "answers": [
            {"question": pk, "answered_at": at, "answer": answer}
            for pk, at, answer in current.values_list("pk", "answered_at", "answer")
        ]
        + [
            {"question": pk, "answered_at": at, "answer": answer, "replied_to_by_a_follow_up": True}
            for pk, at, answer in earlier.values_list("question_id", "answered_at", "answer")
        ],
        "faq_entries_published": [
            {"title": title, "title_en": title_en or None, "created_at": created, "published": published}
            for title, title_en, created, published in FaqEntry.objects.filter(published_by=user)
            .order_by("created_at", "pk")
            .values_list("title", "title_en", "created_at", "is_published")
        ],
    }
