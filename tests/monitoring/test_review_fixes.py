"""Defects found in a review of the mention feed and the sources admin (issues 5 and 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import FeedToken
from tests.monitoring.factories import make_mention

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"since": "0001-01-01", "until": "9999-12-31"},
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_a_form_error_not_a_500(
    employee_client, employee, client, query
):
    make_mention(title="Still listed", published_at=timezone.now())
    response = employee_client.get(reverse("monitoring:index"), query)
    assert response.status_code == 200
    assert "Bitte geben Sie ein Datum zwischen 1900 und 2999 ein." in response.text
    assert "Still listed" in response.text

    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.MENTIONS)
    response = client.get(reverse("monitoring:feed", args=[token.key]), query)
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()
