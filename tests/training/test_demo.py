"""The demo: every page has something to show, and loading twice creates nothing new."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from training.models import Assignment, Campaign, Module

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_every_state_and_pages_render(client):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Module.objects.count(), Campaign.objects.count(), Assignment.objects.count())
    call_command("load_demo", stdout=io.StringIO())
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
