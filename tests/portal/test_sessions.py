"""A signed-in session lasts while it is used, not a fixed two weeks from signing in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_used_every_few_days_never_ends_in_the_middle_of_work(client, employee):
    client.post(reverse("account_login"), {"login": employee.email, "password": "secret-pass-123"})
    signed_in = expiry(client)
    now = timezone.now()
    for days in (5, 10, 15, 20):  # two weeks after signing in, and beyond
        with time_machine.travel(now + timedelta(days=days), tick=False):
            response = client.get(reverse("home"))
            assert response.status_code == 200, f"signed out after {days} days"
    assert expiry(client) > signed_in + timedelta(days=19)


def test_a_session_is_written_at_most_once_a_day(client, employee):
    client.force_login(employee)
    url = reverse("guidelines:index")
    client.get(url)
    before = expiry(client)
    client.get(url)  # the same day: nothing written
    assert expiry(client) == before
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        client.get(url)
        assert expiry(client) > before


def test_an_unused_session_still_ends(client, employee):
    client.force_login(employee)
    with time_machine.travel(timezone.now() + timedelta(days=15), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
