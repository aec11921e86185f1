"""Employees read the newest mentions; comms add a feed and see what the trial fetch found."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from playwright.sync_api import expect

from monitoring import demo
from portal.roles import Role
from tests.conftest import make_user

FEEDS = Path(__file__).parent.parent / "monitoring" / "feeds"


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()


def test_employee_reads_the_newest_mentions(live_server, page, assert_accessible):
    make_user("employee@example.com", full_name="Erika Mustermann")
    demo.load(StringIO())
    sign_in(page, live_server, "employee@example.com")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Erwähnungen").click()
    expect(page.get_by_role("heading", name="Erwähnungen", level=1)).to_be_visible()
    expect(page.locator(".mention")).to_have_count(25)
    expect(page.get_by_role("link", name="Ältere")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_comms_adds_a_source_and_sees_the_trial_fetch(live_server, page, httpserver, settings):
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    httpserver.expect_request("/feed.xml").respond_with_data(
        (FEEDS / "rss20.xml").read_bytes(), content_type="application/rss+xml"
    )
    make_user("comms@example.com", Role.COMMUNICATIONS, full_name="Clara Obermeier")
    sign_in(page, live_server, "comms@example.com")
    page.goto(live_server.url + "/admin/monitoring/source/add/")
    page.get_by_label("Name").fill("Tech Daily")
    page.get_by_label("Feed-URL").fill(httpserver.url_for("/feed.xml"))
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(
        page.get_by_text("Der Testabruf hat „Tech Business Daily“ mit 3 Einträgen gefunden.")
    ).to_be_visible()
    expect(page.locator("#result_list").get_by_role("link", name="Tech Daily")).to_be_visible()


def test_employee_searches_stars_and_shares_a_mention(live_server, page, assert_accessible):
    make_user("employee@example.com", full_name="Erika Mustermann")
    demo.load(StringIO())
    sign_in(page, live_server, "employee@example.com")
    page.goto(live_server.url + "/mentions/")
    page.get_by_role("searchbox", name="Suchen").fill("Polaris")
    page.get_by_role("button", name="Suchen", exact=True).click()
    assert "q=Polaris" in page.url
    first = page.locator("li.mention").first
    expect(first.locator("mark").filter(has_text="Polaris").first).to_be_visible()

    # Star with htmx: the button flips without a page load.
    star = first.get_by_role("button", name="Stern")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(first.get_by_role("button", name="Stern")).to_have_attribute("aria-pressed", "true")
    # The filters are open while a search or filter is active.
    page.get_by_label("Nur mit Stern").check()
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.locator("li.mention")).to_have_count(1)

    share = page.locator("li.mention").first.locator("details.share")
    share.locator("summary").click()
    linkedin = share.get_by_role("link", name="Auf LinkedIn teilen")
    assert linkedin.get_attribute("href").startswith(
        "https://www.linkedin.com/sharing/share-offsite/?url=https"
    )
    assert linkedin.get_attribute("rel") == "noopener noreferrer"
    assert_accessible(page)

    page.locator("li.mention").first.locator("h2 a").click()
    expect(page.get_by_role("link", name="Original lesen")).to_be_visible()
    assert_accessible(page)

    page.go_back()
    assert "starred=on" in page.url
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/mentions/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.get_by_role("button", name="Suchen", exact=True)).to_be_visible()


def test_comms_resolves_a_flagged_mention(live_server, page, assert_accessible):
    make_user("comms@example.com", Role.COMMUNICATIONS, full_name="Clara Obermeier")
    from guidelines import demo as guidelines_demo

    guidelines_demo.load(StringIO())
    demo.load(StringIO())
    sign_in(page, live_server, "comms@example.com")
    page.goto(live_server.url + "/")
    page.locator("a.nav-badge").click()
    expect(page.get_by_role("heading", name="Markierte Erwähnungen", level=1)).to_be_visible()
    assert_accessible(page)
    item = page.locator("li.queue-item").first
    title = item.locator("h2").inner_text()
    item.get_by_role("button", name="Erledigen").click()
    expect(page.get_by_text("Bitte beschreiben Sie kurz, wie es erledigt wurde.")).to_be_visible()
    item = page.locator("li.queue-item").first
    item.get_by_label("Notiz").fill("Mit der Pressestelle abgestimmt")
    item.get_by_role("button", name="Erledigen").click()
    expect(page.get_by_text(f"„{title}“ ist erledigt.")).to_be_visible()
    page.get_by_role("link", name="Feed-Zustand").click()
    expect(page.get_by_role("heading", name="Feed-Zustand", level=1)).to_be_visible()
    assert_accessible(page)


def test_a_star_on_a_mention_deleted_meanwhile_says_the_click_did_not_work(live_server, page):
    """htmx swaps in nothing on an error: the button stayed as it was and nothing was said."""
    from monitoring.models import Mention

    make_user("employee@example.com", full_name="Erika Mustermann")
    demo.load(StringIO())
    sign_in(page, live_server, "employee@example.com")
    page.goto(live_server.url + "/mentions/")
    page.wait_for_load_state("load")  # htmx's script: without it, the click is a plain post (a 404 page)
    first = page.locator(".mention").first
    actions = first.locator(".mention-actions").get_attribute("id")
    Mention.objects.filter(pk=int(actions.rsplit("-", 1)[1])).delete()  # retention, meanwhile
    first.get_by_role("button", name="Stern").click()
    expect(page.get_by_role("alert")).to_contain_text("Das hat nicht geklappt")
