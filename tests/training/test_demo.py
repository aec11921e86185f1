"""The demo: every page has something to show, and loading twice creates nothing new."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
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
