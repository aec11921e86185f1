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
