"""/mentions/: the newest mentions for every employee."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Mention, TrackedKeyword
from tests.monitoring.factories import SourceFactory

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:index")


def make_mentions(count: int) -> None:
    keyword = TrackedKeyword.objects.create(name="Nordlicht")
    sources = [SourceFactory() for _ in range(3)]
    now = timezone.now()
    for n in range(count):
        mention = Mention.objects.create(
            source=sources[n % 3], identity_key=f"k{n}", content_hash="h", title=f"Mention {n}",
            url=f"https://news.example.com/{n}", published_at=now - timedelta(hours=n),
            summary=f"<p>Summary <strong>{n}</strong></p>",
        )  # fmt: skip
        mention.keywords.add(keyword)


def test_employee_sees_the_newest_mentions_first(employee_client, django_assert_num_queries):
    make_mentions(30)
    # session, user, the user's roles (navigation), count for the paginator,
    # the mentions with their sources, their keywords
    with django_assert_num_queries(6):
        response = employee_client.get(URL)
    assert response.status_code == 200
    text = response.text
    assert text.index("Mention 0") < text.index("Mention 1<") < text.index("Mention 24")
    assert "Mention 25" not in text
    assert "<strong>0</strong>" in text
    assert 'rel="noopener noreferrer nofollow"' in text
    assert employee_client.get(URL, {"page": 2}).text.count('class="card mention"') == 5


def test_empty_list_explains_itself(employee_client):
    response = employee_client.get(URL)
    assert "Noch keine Erwähnungen" in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_dashboard_card_counts_this_weeks_mentions(employee_client):
    make_mentions(3)
    response = employee_client.get(reverse("home"))
    assert "3 neue Erwähnungen in den letzten 7 Tagen" in response.text
