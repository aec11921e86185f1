"""Directory and inbox render with a fixed number of queries, however many advisors and questions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import Advisor, AdvisorTopic, Language, Question, QuestionRecipient
from portal.lib.i18n import search_key
from portal.models import Department

pytestmark = pytest.mark.django_db


def populate(advisors: int, questions: int, addressed_to: Advisor) -> None:
    departments = [Department.objects.create(name=f"Abteilung {i}") for i in range(8)]
    topics = [AdvisorTopic.objects.create(name=f"Thema {i}", slug=f"thema-{i}") for i in range(12)]
    languages = list(Language.objects.all())
    created = Advisor.objects.bulk_create(
        Advisor(
            name=f"Person {i:04d}",
            search_text=search_key(f"Person {i:04d}"),  # what save() keeps; bulk_create does not call it
            email=f"p{i}@example.com",
            department=departments[i % 8],
        )
        for i in range(advisors)
    )
    Advisor.topics.through.objects.bulk_create(
        Advisor.topics.through(advisor_id=a.pk, advisortopic_id=topics[(i + k) % 12].pk)
        for i, a in enumerate(created)
        for k in range(3)
    )
    Advisor.languages.through.objects.bulk_create(
        Advisor.languages.through(advisor_id=a.pk, language_id=languages[i % len(languages)].pk)
        for i, a in enumerate(created)
    )
    statuses = Question.Status.values
    asked = Question.objects.bulk_create(
        Question(
            subject=f"Frage {i}",
            body="…",
            topic=topics[i % 12],
            routed_to=Question.Route.TOPIC,
            status=statuses[i % 3],
            is_anonymous=bool(i % 2),
        )
        for i in range(questions)
    )
    QuestionRecipient.objects.bulk_create(
        QuestionRecipient(question_id=q.pk, advisor_id=addressed_to.pk) for q in asked
    )


@pytest.mark.parametrize(("advisors", "questions"), [(5, 10), (500, 10_000)])
def test_directory_queries_do_not_grow(
    employee_client, advisor_profile, django_assert_num_queries, advisors, questions
):
    populate(advisors, questions, advisor_profile)
    # session, user, roles (cached: also navigation; an employee without the Advisor role has
    # no own profile to look up), FAQ hits, advisor count, topic / language / department
    # choices, the advisor page, its topics, its languages, the topic index with counts
    with django_assert_num_queries(12):
        response = employee_client.get(reverse("contacts:index"), {"q": "Person", "page": "2"})
    assert response.status_code == 200


@pytest.mark.parametrize(("advisors", "questions"), [(5, 10), (500, 10_000)])
def test_inbox_queries_do_not_grow(
    client, advisor, advisor_profile, django_assert_num_queries, advisors, questions
):
    populate(advisors, questions, advisor_profile)
    client.force_login(advisor)
    # session, user, own advisor profile (access), roles, counts per status, page count,
    # page of questions with topic and advisor, the tabs (advisor profile exists), navigation roles
    with django_assert_num_queries(8):
        response = client.get(reverse("contacts:inbox"), {"status": "open", "page": "3"})
    assert response.status_code == 200
    if questions > 100:
        assert len(response.context["page"].object_list) == 25


@pytest.mark.parametrize("advisors", [5, 300])
def test_topic_page_shows_a_page_of_advisors_in_constant_queries(
    employee_client, advisor_profile, django_assert_num_queries, advisors
):
    """All 500 advisors of a topic were one page of 0.6 MB (0.35-0.56 s); now a page at a time."""
    from contacts.views import ADVISORS_PER_PAGE

    populate(advisors, 0, advisor_profile)
    topic = AdvisorTopic.objects.get(slug="thema-0")
    topic.advisors.add(*Advisor.objects.all())
    url = reverse("contacts:topic", args=[topic.slug])
    # session, user, roles, the topic, advisor count, the page of advisors, their topics, their
    # languages, the FAQ entries
    with django_assert_num_queries(9):
        response = employee_client.get(url, {"page": "2"})
    listed = response.context["page"].object_list
    if advisors > ADVISORS_PER_PAGE:
        assert len(listed) == ADVISORS_PER_PAGE
        assert 'rel="next"' in response.text
        assert 'rel="prev"' in response.text
    else:  # page 2 of one: the first
        assert "Person 0004" in response.text
