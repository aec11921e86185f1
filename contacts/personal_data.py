"""The advisors' part of a person's download (portal.personal_data): the questions they asked
(their anonymous ones too: they are theirs, as on "My questions") and their advisor profile."""

from __future__ import annotations

from django.urls import reverse

from contacts.models import Advisor, Question
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
