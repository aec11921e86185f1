"""The demo: every page has something to show, and loading twice creates nothing new."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from training import actions
from training.demo_content import MODULES
from training.models import Assignment, Campaign, Choice, Module, Question

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_every_state_and_pages_render(client):
    call_command("load_demo", force=True, stdout=io.StringIO())
    counts = (Module.objects.count(), Campaign.objects.count(), Assignment.objects.count())
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert (Module.objects.count(), Campaign.objects.count(), Assignment.objects.count()) == counts
    assert Module.objects.count() == 10
    assert Module.objects.filter(questions__isnull=False).distinct().count() >= 7
    assert set(Assignment.objects.values_list("status", flat=True)) == set(Assignment.Status.values)
    erika = User.objects.get(email="employee@example.com")
    assert set(Assignment.objects.filter(user=erika).values_list("status", flat=True)) >= {
        "passed", "overdue", "not_started", "in_progress", "renewal_due",
    }  # fmt: skip

    client.force_login(erika)
    assert "Social-Media-Grundlagen" in client.get(reverse("training:index")).text
    for assignment in Assignment.objects.filter(user=erika):
        assert client.get(reverse("training:detail", args=[assignment.pk])).status_code == 200
    client.force_login(User.objects.get(email="hr@example.com"))
    for name in ["training:hr_report", "training:hr_campaigns"]:
        assert client.get(reverse(name)).status_code == 200
    campaign = Campaign.objects.first()
    assert client.get(reverse("training:hr_campaign", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("training:hr_person", args=[erika.pk])).status_code == 200


def test_demo_has_english_for_every_body_question_answer_and_explanation(client):
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert not Module.objects.filter(body_en="").exists()
    assert not Question.objects.filter(text_en="").exists()
    assert not Choice.objects.filter(text_en="").exists()
    # An explanation has an English twin exactly when it has a German one.
    assert not Question.objects.exclude(explanation="").filter(explanation_en="").exists()
    assert not Question.objects.filter(explanation="").exclude(explanation_en="").exists()
    assert Question.objects.exclude(explanation_en="").exists()

    erika = User.objects.get(email="employee@example.com")
    erika.preferred_language = "en"
    erika.save()
    client.force_login(erika)
    module = Module.objects.get(title="Social-Media-Grundlagen")
    assignment = Assignment.objects.get(user=erika, module=module)
    page = client.get(reverse("training:detail", args=[assignment.pk])).text
    assert "Three ground rules" in page
    assert "Drei Grundregeln" not in page


def test_demo_fills_in_english_missing_from_an_older_demo_but_keeps_edits():
    call_command("load_demo", force=True, stdout=io.StringIO())
    edited = Question.objects.get(text=MODULES[0]["questions"][0][0])
    edited.text = "Eine von HR geänderte Frage"
    edited.save()
    Module.objects.update(body_en="")
    Question.objects.update(text_en="", explanation_en="")
    Choice.objects.update(text_en="")

    call_command("load_demo", force=True, stdout=io.StringIO())
    assert not Module.objects.filter(body_en="").exists()
    assert list(Question.objects.filter(text_en="")) == [edited]
    assert not Choice.objects.exclude(question=edited).filter(text_en="").exists()


@pytest.mark.parametrize(
    "day",
    [
        datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC),  # the January refresh far ahead
        datetime.datetime(2026, 12, 15, 9, 0, tzinfo=datetime.UTC),  # the January refresh in 17 days
    ],
)
def test_demo_renewals_follow_each_modules_renewal_rule(day):
    """Renewal-due rows were made for 340 days after a completion whatever the module's interval
    (24 months, or every January), due on a day no renewal rule gives, with no end of validity."""
    with time_machine.travel(day, tick=False):
        call_command("load_demo", force=True, stdout=io.StringIO())
        today = timezone.localdate()
        renewals = Assignment.objects.filter(status=Assignment.Status.RENEWAL_DUE).select_related("module")
        assert renewals.exists()
        notice = datetime.timedelta(days=settings.TRAINING_RENEWAL_NOTICE_DAYS)
        for row in renewals:
            assert row.module.renews
            assert row.cycle == 2
            completed_on = timezone.localdate(row.completed_at)
            # As actions.open_renewals opens a round: due on the day the first one runs out.
            assert row.due_date == row.valid_until == row.module.valid_until(completed_on), row.module
            assert today <= row.due_date <= today + notice
        fixed = renewals.filter(module__renewal_mode=Module.Renewal.FIXED_DATE)
        if day.month == 6:
            assert not fixed.exists()  # due in January, opened in December
            # The daily task finds the demo as it would have left it.
            assert actions.open_renewals() == 0
            assert actions.mark_overdue() == 0
        else:
            assert {row.due_date for row in fixed} == {datetime.date(2027, 1, 1)}


def test_the_first_daily_run_after_the_demo_tells_nobody_of_its_trainings_as_new(mailoutbox):
    """Assigned "now", every demo training (overdue and passed ones too) was a new one to tell."""
    from training.reminders import send_assignment_notices

    call_command("load_demo", force=True, stdout=io.StringIO())
    mailoutbox.clear()
    send_assignment_notices()
    assert mailoutbox == []
