"""Browser (end-to-end) test support: Debian's Chromium driven by plain Playwright.

* Uses the system browser (``apt-get install -y chromium`` -> /usr/bin/chromium,
  overridable with the CHROMIUM_PATH env var). No ``playwright install`` and no
  pytest-playwright: both want Playwright's own downloaded browser builds.
* Every test collected below this directory gets the ``browser`` marker, so
  ``pytest -m browser`` / ``pytest -m "not browser"`` select or drop them.
* If Chromium (or the playwright package) is missing, these tests are skipped
  with a clear reason -- except when CI=true, where they error out instead:
  in CI they must always run.

Fixtures provided:
    browser            (session)  playwright.sync_api.Browser
    page               (function) playwright.sync_api.Page, fresh BrowserContext
                                  per test: locale de-DE, 1280x800, 10 s timeouts
    assert_accessible  (function) callable(page, context=None, *, impacts=...,
                                  options=None) -> None; runs axe-core and fails
                                  on "serious"/"critical" violations
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

# --------------------------------------------------------------------------
# Django <-> Playwright sync API
#
# Playwright's sync API runs an asyncio event loop in the *test's own thread*
# (it switches into it with greenlets). From `sync_playwright().start()` until
# `.stop()`, asyncio.get_running_loop() succeeds in that thread, so Django's
# @async_unsafe guard raises SynchronousOnlyOperation on every ORM/DB call made
# by the test, by factories, and by pytest-django's own DB setup/flush. Because
# the Playwright instance below is session-scoped, that also holds for any
# non-browser test that runs later in the same pytest process.
#
# Setting DJANGO_ALLOW_ASYNC_UNSAFE is safe here: the guard exists to stop
# async code from sharing a thread-bound DB connection between concurrently
# running coroutines. Our tests are plain synchronous code; the loop only
# carries Playwright's own browser IPC and never runs Django code, so there is
# no concurrent use of a connection. The live_server runs in its own thread
# with its own connections (pytest-django handles that). Django reads the
# variable at call time, so setting it when this conftest is imported (before
# any test or fixture runs) is sufficient. Test-process only; production code
# is unaffected.
# --------------------------------------------------------------------------
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

try:  # imported lazily-guarded so a missing package skips instead of crashing collection
    from playwright.sync_api import Browser, Page, expect, sync_playwright

    _PLAYWRIGHT_IMPORT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - environment dependent
    _PLAYWRIGHT_IMPORT_ERROR = f"playwright is not importable: {exc}"

try:
    from axe_playwright_python.sync_playwright import Axe

    _AXE_IMPORT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - environment dependent
    _AXE_IMPORT_ERROR = f"axe-playwright-python is not importable: {exc}"


BROWSER_TESTS_DIR = Path(__file__).resolve().parent
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").strip().lower() == "true"

DEFAULT_TIMEOUT_MS = 10_000
LOCALE = "de-DE"
VIEWPORT = {"width": 1280, "height": 800}

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in containers; the setuid sandbox can't work there
    "--disable-gpu",
    "--disable-dev-shm-usage",  # Docker's default /dev/shm is 64 MB -> renderer crashes
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # Belt and braces: the browser cannot resolve any host name except the
    # loopback ones, so nothing (page assets, Chromium's own background
    # services) can reach a non-local address via DNS.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

# Only loopback traffic is allowed out of a test page; everything else is aborted
# (and reported in the failure message of the test that caused it).
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
_ROUTED_SCHEMES = {"http", "https", "ws", "wss"}

# axe-core impacts, in increasing severity: minor, moderate, serious, critical.
FAILING_IMPACTS: tuple[str, ...] = ("serious", "critical")


def _unavailable_reason() -> str | None:
    """Why browser tests cannot run here, or None if they can."""
    if _PLAYWRIGHT_IMPORT_ERROR:
        return _PLAYWRIGHT_IMPORT_ERROR
    if _AXE_IMPORT_ERROR:
        return _AXE_IMPORT_ERROR
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        return (
            f"Chromium not found at {CHROMIUM_PATH!r} "
            "(install it with `apt-get install -y chromium`, or set CHROMIUM_PATH)"
        )
    return None


# --------------------------------------------------------------------------
# Markers / collection
# --------------------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (tests/browser)")


def _is_browser_test(item: pytest.Item) -> bool:
    try:
        path = Path(str(item.path)).resolve()
    except (AttributeError, OSError):  # pragma: no cover
        return False
    return path == BROWSER_TESTS_DIR or BROWSER_TESTS_DIR in path.parents


# tryfirst: the marker must be added before pytest's own -m deselection runs.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees *all* collected items, not just ours: filter by path.
    reason = _unavailable_reason()
    for item in items:
        if not _is_browser_test(item):
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not IN_CI:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))
        # In CI (CI=true) nothing is skipped: the `browser` fixture fails loudly.


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Playwright driver + one headless Chromium for the whole session."""
    reason = _unavailable_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"browser tests must run in CI (CI=true), but: {reason}", pytrace=False)
        pytest.skip(reason)

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)  # expect() defaults to 5 s
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM_PATH,
            headless=True,
            args=CHROMIUM_ARGS,
        )
    except Exception:
        pw.stop()
        raise
    try:
        yield chromium
    finally:
        try:
            chromium.close()
        finally:
            pw.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh, isolated BrowserContext (cookies, storage) and Page per test."""
    context = browser.new_context(
        locale=LOCALE,  # navigator.language + Accept-Language: de-DE
        viewport=VIEWPORT,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)

    blocked: list[str] = []

    def _only_loopback(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in _ROUTED_SCHEMES and (parts.hostname or "") not in _LOOPBACK_HOSTS:
            blocked.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", _only_loopback)
    pg = context.new_page()
    # The portal's Content-Security-Policy must not break its own pages.
    refused: list[str] = []
    pg.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        yield pg
    finally:
        context.close()
    if refused:
        pytest.fail("the Content-Security-Policy refused:\n  " + "\n  ".join(refused), pytrace=False)
    if blocked:
        # Surface it: a page that needs a CDN or other external host cannot work
        # offline (and must not try to).
        pytest.fail(
            "page tried to load non-loopback URLs (aborted):\n  " + "\n  ".join(blocked),
            pytrace=False,
        )


_AXE: Any = None


def _axe() -> Any:
    global _AXE
    if _AXE is None:
        _AXE = Axe()  # uses the axe.min.js bundled in the package; nothing is fetched
    return _AXE


def _format_target(target: Any) -> str:
    # axe targets are CSS selectors; inside iframes/shadow DOM they are nested lists.
    if isinstance(target, list):
        return " >> ".join(_format_target(t) for t in target)
    return str(target)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for v in violations:
        lines.append(f"[{v.get('impact')}] {v.get('id')}: {v.get('help')}")
        if v.get("helpUrl"):
            lines.append(f"    {v['helpUrl']}")
        for node in v.get("nodes", []):
            target = ", ".join(_format_target(t) for t in node.get("target", []))
            lines.append(f"    - {target}")
            html = " ".join((node.get("html") or "").split())
            if html:
                lines.append(f"      html: {html[:200]}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def check_accessibility(
    page: Page,
    context: str | list | None = None,
    *,
    impacts: tuple[str, ...] | list[str] = FAILING_IMPACTS,
    options: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Run axe-core on the page's current DOM and fail on violations of `impacts`.

    `context`: optional CSS selector (or list of selectors) limiting the scan,
    e.g. "main". `options`: axe.run options, e.g.
    {"rules": {"color-contrast": {"enabled": False}}}.
    Returns all violations (any impact) so a test can inspect the rest.
    """
    page.wait_for_load_state("load")
    run_options: dict[str, Any] = {"resultTypes": ["violations"]}
    if options:
        run_options.update(options)
    results = _axe().run(page, context=context, options=run_options)
    violations: list[dict[str, Any]] = results.response["violations"]
    failing = [v for v in violations if v.get("impact") in impacts]
    if failing:
        pytest.fail(
            f"{len(failing)} accessibility violation(s) with impact "
            f"{'/'.join(impacts)} on {page.url}:\n{format_violations(failing)}",
            pytrace=False,
        )
    return violations


@pytest.fixture
def assert_accessible() -> Callable[..., list[dict[str, Any]]]:
    """Usage: `assert_accessible(page)` (see check_accessibility for options)."""
    return check_accessibility
