"""Found in review: phone layout of the comms pages, and the list without JavaScript."""

from __future__ import annotations

from io import StringIO

from playwright.sync_api import expect

from monitoring import demo
from portal.lib.html import clean_feed_html
from portal.roles import Role
from tests.browser.test_monitoring import sign_in
from tests.conftest import make_user
from tests.monitoring.factories import SourceFactory, make_mention


def test_feed_health_scrolls_inside_its_table_on_a_phone(live_server, page, assert_accessible):
    make_user("comms@example.com", Role.COMMUNICATIONS, full_name="Clara Obermeier")
    demo.load(StringIO())
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server, "comms@example.com")
    page.goto(live_server.url + "/mentions/sources/")
    expect(page.get_by_role("heading", name="Feed-Zustand", level=1)).to_be_visible()
    # The page itself does not scroll sideways; the table does, and can be reached by keyboard.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    region = page.get_by_role("region", name="Quellen und ihr Abrufzustand")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert region.get_attribute("tabindex") == "0"
    assert_accessible(page)


def test_a_feeds_code_block_or_wide_table_does_not_push_a_mention_off_a_phone(
    live_server, page, assert_accessible
):
    make_user("employee@example.com", full_name="Erika Mustermann")
    code = "<pre><code>polaris.sync(" + ", ".join(f"job{i}" for i in range(60)) + ")</code></pre>"
    table = "<table><tr>" + "".join(f"<td>Spalte{i}</td>" for i in range(30)) + "</tr></table>"
    content = clean_feed_html(f"<p>Nordlicht</p>{code}{table}")
    mention = make_mention(SourceFactory(), title="Polaris-API", summary=content, content=content)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server, "employee@example.com")
    for path in ("/mentions/", f"/mentions/{mention.pk}/"):
        page.goto(live_server.url + path)
        expect(page.get_by_text("polaris.sync(job0")).to_be_visible()
        # The page does not scroll sideways (it was 3,400 pixels wide, the buttons out of sight).
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert_accessible(page)
