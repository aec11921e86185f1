"""The weekly digest e-mail and the personal Atom feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from monitoring.models import DigestDelivery, TrackedKeyword
from monitoring.tasks import send_weekly_digests
from portal.models import FeedToken
from tests.conftest import make_user
from tests.monitoring.factories import make_mention

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)


@pytest.fixture
def week_of_mentions(db):
    keyword = TrackedKeyword.objects.create(name="Nordlicht")
    with time_machine.travel(MONDAY, tick=False):
        make_mention(title="Most relevant", published_at=MONDAY - timedelta(days=3), keywords=[keyword])
        make_mention(title="Newer but less relevant", published_at=MONDAY - timedelta(days=1))
        make_mention(title="Last month", published_at=MONDAY - timedelta(days=30))


def test_digest_goes_once_per_person_and_week_even_if_the_task_runs_twice(week_of_mentions, employee):
    english = make_user("en@example.com", preferred_language="en")
    make_user("off@example.com", mention_digest=False)
    make_user("gone@example.com", is_active=False)
    with time_machine.travel(MONDAY, tick=False):
        send_weekly_digests.delay()
        send_weekly_digests.delay()
    assert sorted(m.to[0] for m in mail.outbox) == ["employee@example.com", "en@example.com"]
    assert DigestDelivery.objects.count() == 2
    german = next(m for m in mail.outbox if m.to == ["employee@example.com"])
    assert german.subject.startswith("[Social-Media-Portal] Erwähnungen der Woche")
    assert german.body.index("Most relevant") < german.body.index("Newer but less relevant")
    assert "Last month" not in german.body
    html = german.alternatives[0][0]
    assert "http://localhost:8000/mentions/" in html
    assert "/profile/" in html
    assert next(m for m in mail.outbox if m.to == [english.email]).subject.startswith(
        "[Social Media Portal] Mentions of the week"
    )

    # The next week brings the next digest.
    with time_machine.travel(MONDAY + timedelta(days=7), tick=False):
        make_mention(title="Next week", published_at=MONDAY + timedelta(days=6))
        send_weekly_digests.delay()
    assert len(mail.outbox) == 4


def test_digest_is_switched_off_on_the_profile_page(employee_client, employee, week_of_mentions):
    response = employee_client.get(reverse("profile"))
    assert "Wöchentliche Zusammenfassung der Erwähnungen" in response.text
    form = {"full_name": employee.full_name, "department": employee.department_id, "preferred_language": "de"}
    employee_client.post(reverse("profile"), form)  # an unticked checkbox is not sent
    employee.refresh_from_db()
    assert employee.mention_digest is False
    with time_machine.travel(MONDAY, tick=False):
        send_weekly_digests.delay()
    assert mail.outbox == []


def test_no_digest_in_a_week_without_mentions(employee):
    send_weekly_digests.delay()
    assert mail.outbox == []


def feed_url(client) -> str:
    return client.get(reverse("monitoring:subscribe")).context["feed_url"]


def test_personal_atom_feed_with_filters_works_without_a_session_until_revoked(client, employee, settings):
    make_mention(title="Nordlicht news", summary="<p>Hello <strong>Nordlicht</strong></p>")
    starred = make_mention(title="My starred one")
    client.force_login(employee)
    client.post(reverse("monitoring:set_starred", args=[starred.pk]), {"starred": "1"})
    url = feed_url(client)
    client.logout()

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "no-store" in response["Cache-Control"]  # personal: no shared proxy keeps it
    body = response.content.decode()
    assert "Nordlicht news" in body
    assert "My starred one" in body
    assert "&lt;strong&gt;Nordlicht&lt;/strong&gt;" in body  # sanitised HTML, escaped once more in XML
    assert f"/mentions/{starred.pk}/" in body
    # Entry links and ids on the portal's address, whatever host the feed was fetched under.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "portal-alias.example.com"]
    other_host = client.get(url, headers={"host": "portal-alias.example.com"}).content.decode()
    assert f'href="{settings.PORTAL_URL}/mentions/{starred.pk}/"' in other_host
    assert f"portal-alias.example.com/mentions/{starred.pk}/" not in other_host

    filtered = client.get(url + "?starred=on").content.decode()
    assert "My starred one" in filtered
    assert "Nordlicht news" not in filtered

    client.force_login(employee)
    response = client.get(reverse("monitoring:subscribe") + "?starred=on")
    assert response.context["feed_url"].endswith("?starred=on")
    response = client.post(reverse("monitoring:subscribe"), {"query": "starred=on\r\nX: y"})
    assert response.status_code == 302
    response = client.post(reverse("monitoring:subscribe"))
    assert response["Location"] == reverse("monitoring:subscribe")  # no stray "?"
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring:feed", args=["not-a-key"])).status_code == 404


def test_the_personal_feed_can_be_switched_off(client, employee):
    """Only a new address could be had: a feed no longer wanted stayed readable."""
    make_mention(title="Nordlicht news")
    client.force_login(employee)
    url = feed_url(client)
    response = client.post(reverse("monitoring:subscribe"), {"action": "off"}, follow=True)
    assert response.redirect_chain == [(reverse("monitoring:index"), 302)]
    assert "Ihr Feed ist abgeschaltet" in response.text
    assert not FeedToken.objects.filter(user=employee).exists()
    assert client.post(reverse("monitoring:subscribe"), {"action": "off"}).status_code == 302  # twice
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(employee)
    assert feed_url(client) != url  # "My feed" again: a new address


def test_feed_tokens_of_other_purposes_or_leavers_do_not_open_the_feed(client, employee):
    calendar = FeedToken.objects.for_user(employee, FeedToken.Purpose.CALENDAR)
    assert client.get(reverse("monitoring:feed", args=[calendar.key])).status_code == 404
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.MENTIONS)
    employee.is_active = False
    employee.save()
    assert client.get(reverse("monitoring:feed", args=[token.key])).status_code == 404


def test_a_feed_address_with_a_filter_the_portal_cannot_use_says_so(client, employee):
    """Dropping the bad filter sent every mention from every source, as if it were the selection."""
    make_mention(title="Everything")
    client.force_login(employee)
    url = feed_url(client)
    client.logout()
    response = client.get(url + "?source=abc&since=2026-02-30")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Everything" not in text
    assert "Quelle:" in text  # each bad filter named, in the owner's language
    assert "Von:" in text
    assert "kopieren Sie die Adresse" in text


def test_a_control_character_in_a_stored_mention_does_not_break_the_feed(client, employee):
    """XML 1.0 has no \\x01: the feed failed for everyone whose selection held the mention."""
    make_mention(title="Nordlicht \x01 Systems", author="Ha\x02ns", summary="<p>Text\x0b</p>")
    client.force_login(employee)
    url = feed_url(client)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert "Nordlicht  Systems" in response.content.decode()


def test_the_feed_address_leaves_out_filters_the_list_could_not_use_and_says_so(client, employee):
    make_mention(title="Polaris news")
    client.force_login(employee)
    query = "?q=Polaris&kind=xyz&unread=0&since=2026-03-01&until=2026-01-01"
    response = client.get(reverse("monitoring:subscribe") + query)
    url = response.context["feed_url"]
    assert url.endswith("/?q=Polaris")  # no refused value, no empty or half range
    assert (
        "Nicht in der Adresse, weil die Liste sie auch nicht verwenden konnte: Art der Quelle, Von, Bis."
        in (response.text)
    )
    client.logout()
    feed = client.get(url)
    assert feed.status_code == 200
    assert "Polaris news" in feed.text


def test_a_feed_address_searching_only_emoji_says_so_instead_of_sending_every_mention(client, employee):
    make_mention(title="Everything")
    client.force_login(employee)
    response = client.get(reverse("monitoring:subscribe"), {"q": "🚀", "kind": "news"})
    assert response.context["feed_url"].endswith("/?kind=news")  # the list did not use it either
    assert "Nicht in der Adresse, weil die Liste sie auch nicht verwenden konnte: Suchen." in response.text
    url = feed_url(client)
    client.logout()
    response = client.get(url, {"q": "🚀"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Everything" not in text
    assert "Suchen: Ihre Suche enthält kein Wort und keine Zahl" in text
