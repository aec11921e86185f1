"""A withdrawn campaign's reason for the excusals reads in each reader's language (it was stored,
and shown, in German only); a reason HR typed reads as typed."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.roles import Role
from tests.conftest import make_user
from tests.training.factories import ModuleFactory
from training import actions
from training.models import Assignment, Campaign, display_excused_reason

pytestmark = pytest.mark.django_db


def _reasons() -> tuple[str, str]:
    today = timezone.localdate()
    return (
        f"Kampagne „Versehen“ am {today:%d.%m.%Y} zurückgezogen.",
        f"Campaign “Versehen” withdrawn on {today:%d/%m/%Y}.",
    )


@pytest.fixture
def withdrawn(hr, employee, department) -> Campaign:
    """ "Versehen" withdrawn: the employee excused by it, a colleague excused by HR since."""
    colleague = make_user("kollege@example.com", department=department, full_name="Karl Kollege")
    campaign, _new = actions.create_campaign(
        name="Versehen", module=ModuleFactory(), due_date=timezone.localdate() + datetime.timedelta(days=30),
        created_by=hr, departments=[department],
    )  # fmt: skip
    actions.withdraw_campaign(campaign, hr)
    actions.excuse(Assignment.objects.get(user=colleague), "Elternzeit")
    campaign.refresh_from_db()
    return campaign


def _reader(language: str) -> Client:
    client = Client()
    client.force_login(make_user(f"hr-{language}@example.com", Role.HR, preferred_language=language))
    return client


@pytest.mark.parametrize(("language", "shown", "not_shown"), [("de", 0, 1), ("en", 1, 0)])
def test_hr_reads_a_withdrawals_reason_in_their_language(withdrawn, employee, language, shown, not_shown):
    reasons = _reasons()
    client = _reader(language)
    page = client.get(reverse("training:hr_person", args=[employee.pk])).text
    assert page.count(reasons[shown]) == 2  # the training, and its history
    assert reasons[not_shown] not in page
    assignment = Assignment.objects.get(user=employee)
    page = client.get(reverse("training:hr_assignment", args=[assignment.pk])).text
    assert reasons[shown] in page
    export = client.get(reverse("training:hr_export"))
    content = b"".join(export.streaming_content).decode("utf-8")
    assert reasons[shown] in content
    assert reasons[not_shown] not in content
    assert ";Elternzeit" in content  # typed by HR: as typed
    # The stored note stays the mark an undo finds them by, in German whoever reads.
    assert assignment.excused_reason == withdrawn.withdrawal_note == reasons[0]


def test_a_reason_hr_typed_reads_as_typed_in_english(withdrawn):
    colleague = Assignment.objects.get(user__email="kollege@example.com")
    page = _reader("en").get(reverse("training:hr_person", args=[colleague.user_id])).text
    assert page.count("Elternzeit") == 2  # now, and since when in the history
    assert page.count(_reasons()[1]) == 1  # before: the withdrawal, in the history only


def test_a_withdrawals_reason_that_hr_replaced_is_theirs_and_the_undo_leaves_it(withdrawn, employee, hr):
    """Excused again by HR with the very words: still HR's excusal, not the withdrawal's."""
    assignment = Assignment.objects.get(user=employee)
    actions.excuse(assignment, "Bis auf Weiteres")
    assignment.refresh_from_db()
    assert assignment.display_excused_reason == "Bis auf Weiteres"
    assert actions.undo_withdrawal(withdrawn, hr) == 0
    page = _reader("en").get(reverse("training:hr_person", args=[employee.pk])).text
    assert "Bis auf Weiteres" in page


def test_the_history_of_a_deleted_campaign_shows_the_reason_as_stored(withdrawn, employee):
    """Its history records still name the campaign; the page neither fails nor guesses."""
    withdrawn.delete()
    page = _reader("en").get(reverse("training:hr_person", args=[employee.pk]))
    assert page.status_code == 200
    assert _reasons()[0] in page.text  # as stored: there is no campaign left to word it from
    record = Assignment.history.filter(user_id=employee.pk).first()  # the campaign not joined
    assert display_excused_reason(record) == _reasons()[0]


@pytest.mark.parametrize(("language", "shown"), [("de", 0), ("en", 1)])
def test_the_download_gives_the_reason_in_the_readers_language(withdrawn, employee, hr, language, shown):
    for person in (employee, hr):
        type(person).objects.filter(pk=person.pk).update(preferred_language=language)
    client = Client()
    client.force_login(employee)
    data = json.loads(client.get(reverse("my_data")).content)
    assert data["trainings"][0]["reason_for_excusal"] == _reasons()[shown]
    client.force_login(hr)
    data = json.loads(client.get(reverse("my_data")).content)
    assert data["training_campaigns"][0]["withdrawal_reason"] == _reasons()[shown]


def test_the_admin_shows_the_reason_in_the_readers_language_and_does_not_edit_the_mark(withdrawn, admin_user):
    client = Client()
    type(admin_user).objects.filter(pk=admin_user.pk).update(preferred_language="en")
    client.force_login(admin_user)
    page = client.get(reverse("admin:training_campaign_change", args=[withdrawn.pk])).text
    assert _reasons()[1] in page
    assert 'name="withdrawal_note"' not in page


def test_a_withdrawal_taken_back_keeps_its_reason_in_the_readers_language_in_the_history(
    withdrawn, employee, hr
):
    """Taken back, the campaign's note went, and the history's reason read German to everyone."""
    actions.undo_withdrawal(withdrawn, hr)
    page = _reader("en").get(reverse("training:hr_person", args=[employee.pk])).text
    assert _reasons()[1] in page
    assert _reasons()[0] not in page
    record = (
        Assignment.history.filter(user_id=employee.pk, status="excused").select_related("campaign").first()
    )
    with translation.override("en"):
        assert display_excused_reason(record) == _reasons()[1]
    # A reason HR typed that only looks alike stays as typed.
    other = Assignment.objects.get(user__email="kollege@example.com")
    actions.excuse(other, "Kampagne „Versehen“ am 31.02.2026 zurückgezogen.")
    other.refresh_from_db()
    with translation.override("en"):
        assert other.display_excused_reason == "Kampagne „Versehen“ am 31.02.2026 zurückgezogen."
