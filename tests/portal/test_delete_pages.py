"""Admin delete pages count what goes with an object instead of listing it: constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from tests.training.factories import AssignmentFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def delete_page(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, len(queries)


def test_a_module_with_assignments_is_not_deleted_and_its_page_counts_them(client, admin_user):
    """Deleting a module took its assignments and quiz attempts with it, beyond any restore: the
    module is switched off instead. The page counts what protects it rather than naming each
    (with 5,000 assignments it took 9,000 queries and four seconds, one str() each)."""
    from training.models import Assignment, Module

    client.force_login(admin_user)
    some, many = ModuleFactory(), ModuleFactory()
    for n in range(12):
        AssignmentFactory(module=some, user=make_user(f"s{n}@example.com"))
    for n in range(30):
        AssignmentFactory(module=many, user=make_user(f"p{n}@example.com"))
    _page, few_queries = delete_page(client, reverse("admin:training_module_delete", args=[some.pk]))
    page, more_queries = delete_page(client, reverse("admin:training_module_delete", args=[many.pk]))
    assert more_queries == few_queries
    assert "Zuweisungen: 30" in page
    assert "p29@example.com" not in page  # not listed one by one
    client.post(reverse("admin:training_module_delete", args=[many.pk]), {"post": "yes"})
    client.post(
        reverse("admin:training_module_changelist"),
        {"action": "delete_selected", "_selected_action": [some.pk], "post": "yes"},
    )
    assert Module.objects.count() == 2
    assert Assignment.objects.count() == 42
    unused = ModuleFactory()
    page, _queries = delete_page(client, reverse("admin:training_module_delete", args=[unused.pk]))
    assert 'name="post"' in page  # a module nobody was assigned can go


def test_a_persons_delete_page_does_not_grow_with_their_assignments(client, admin_user):
    client.force_login(admin_user)
    light, busy = make_user("light@example.com"), make_user("busy@example.com")
    AssignmentFactory(user=light)
    for _ in range(20):
        AssignmentFactory(user=busy)
    _page, few = delete_page(client, reverse("admin:portal_user_delete", args=[light.pk]))
    _page, many = delete_page(client, reverse("admin:portal_user_delete", args=[busy.pk]))
    assert many == few


def test_a_persons_delete_page_counts_neither_anonymous_questions_nor_what_they_read(
    client, admin_user, employee
):
    """ "Anonymous askings: 3" on the delete page gave away who asked; nor is what somebody
    read anybody's business. Link tables are named after their field."""
    from contacts.models import AnonymousAsking, Question
    from monitoring.models import MentionState
    from tests.monitoring.factories import make_mention

    question = Question.objects.create(subject="Anonym gefragt", body="…", is_anonymous=True)
    AnonymousAsking.objects.create(question=question, asker=employee)
    MentionState.objects.create(user=employee, mention=make_mention(), read=True)
    client.force_login(admin_user)
    page, _queries = delete_page(client, reverse("admin:portal_user_delete", args=[employee.pk]))
    for model in (AnonymousAsking, MentionState):
        assert str(model._meta.verbose_name_plural) not in page
        assert str(model._meta.verbose_name) not in page
    assert "Fragestellung" not in page
    assert "Beziehungen" not in page
    assert "Gruppen (Verknüpfungen): 1" in page  # the Employee role


def test_a_departments_delete_page_says_who_and_what_lose_it(client, admin_user, employee, department):
    """Deleting a department people belong to said "Departments: 1" only: its members (who stay,
    without one), the campaigns that enrol its late joiners and its advisors lose it unsaid."""
    import datetime

    from training.models import Campaign

    make_user("second@example.com", department=department)
    campaign = Campaign.objects.create(
        name="Vertrieb: LinkedIn", module=ModuleFactory(), due_date=datetime.date(2030, 1, 1)
    )
    campaign.departments.add(department)
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page, _queries = delete_page(client, reverse("admin:portal_department_delete", args=[department.pk]))
    assert "2 people belong to it: they stay, without a department, until HR gives them another." in page
    assert "1 training campaign is for it: people who join later are no longer enrolled through it." in page


def test_an_advisors_delete_page_says_which_topics_and_mentions_lose_them(client, admin_user):
    """Deleting an advisor said "Advisors: 1" only: the taboo topics naming them as spokesperson
    and the flagged mentions assigned to them lose them unsaid."""
    from guidelines.models import TabooTopic
    from tests.contacts.factories import AdvisorFactory
    from tests.monitoring.factories import make_mention

    advisor = AdvisorFactory(name="Petra Presse")
    for name in ("Quartalszahlen", "Börsengang"):
        TabooTopic.objects.create(name=name, explanation="…", spokesperson=advisor)
    make_mention(flagged=True, assigned_to=advisor)
    make_mention(flagged=True, assigned_to=advisor, review_status="resolved")  # not in the queue
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page, _queries = delete_page(client, reverse("admin:contacts_advisor_delete", args=[advisor.pk]))
    assert (
        "The taboo topics “Börsengang”, “Quartalszahlen” name them as spokesperson: they show none then."
        in page.replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert "1 flagged mention is assigned to them: it is nobody&#x27;s then." in page


def test_the_deleted_objects_link_is_only_for_whoever_may_restore(client, comms, hr):
    """Communications may view the departments; the "Deleted departments" link led them to a 403."""
    url = reverse("admin:portal_department_changelist")
    deleted = reverse("admin:portal_department_deleted_objects")
    client.force_login(comms)
    page = client.get(url)
    assert page.status_code == 200
    assert deleted not in page.text
    client.force_login(hr)
    assert deleted in client.get(url).text
    assert client.get(deleted).status_code == 200
