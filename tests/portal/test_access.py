"""Walk every URL pattern: anonymous visitors are sent to sign-in, and role
pages refuse a plain employee."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# Converter → a sample value that makes the pattern reversible.
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


def walk(patterns, prefix=""):
    """Yield (example URL, view callback) for every route pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if re.search(r"[\^\$\(\\\[]", route):
                # A regex route (allauth's reset keys, admin's catch-all):
                # the view is reached through other tests.
                continue
            url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
            yield url, entry.callback


ALL_ROUTES = list(walk(get_resolver().url_patterns))


def needs_login(callback) -> bool:
    return getattr(callback, "login_required", True)


def test_the_walk_covers_the_portal():
    urls = {url for url, _ in ALL_ROUTES}
    assert {"/", "/profile/", "/guidelines/", "/trainings/", "/mentions/", "/advisors/"} <= urls


@pytest.mark.parametrize(
    ("url", "callback"),
    [r for r in ALL_ROUTES if needs_login(r[1])],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_anonymous_visitor_is_sent_to_sign_in(client, url, callback):
    response = client.get(url)
    assert response.status_code == 302, url
    assert "/login/" in response["Location"], url


def test_public_pages_are_exactly_sign_in_reset_signup_and_health():
    public = {url for url, callback in ALL_ROUTES if not needs_login(callback)}
    allowed_prefixes = ("/accounts/", "/healthz", "/i18n/setlang/", "/admin/login/", "/admin/logout/")
    # Secret-token feeds (calendar, mentions) authenticate by their key.
    allowed_feeds = re.compile(r"^/[\w-]+/feeds?/")
    unexpected = [u for u in public if not u.startswith(allowed_prefixes) and not allowed_feeds.match(u)]
    assert unexpected == []


ROLE_ROUTES = [(url, cb) for url, cb in ALL_ROUTES if getattr(cb, "required_roles", None)]


@pytest.mark.parametrize(("url", "callback"), ROLE_ROUTES, ids=lambda v: v if isinstance(v, str) else "")
def test_employee_is_refused_on_role_pages(employee_client, url, callback):
    if "Employee" in callback.required_roles:
        pytest.skip("open to every employee")
    response = employee_client.get(url)
    assert response.status_code in (403, 404), url


def test_employee_cannot_enter_the_admin_and_is_told_so(employee_client):
    response = employee_client.get(reverse("admin:index"), follow=True)
    # Not a redirect loop through the sign-in, which sent signed-in people straight back.
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_a_signed_in_admin_user_at_the_admins_sign_in_goes_on(client, comms):
    client.force_login(comms)
    response = client.get("/admin/login/?next=/admin/monitoring/source/")
    assert response["Location"] == "/admin/monitoring/source/"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == reverse("admin:index")


def test_the_admins_sign_in_is_the_portals_with_its_limits(client, admin_user):
    response = client.get("/admin/login/?next=/admin/guidelines/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fguidelines%2F"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"].endswith("next=%2Fadmin%2F")
    # A password posted to the admin's own form is never checked there.
    response = client.post("/admin/login/", {"username": admin_user.email, "password": "secret-pass-123"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("persona", ["hr", "comms"])
def test_hr_and_comms_enter_the_admin_through_their_role(client, request, persona):
    user = request.getfixturevalue(persona)
    assert not user.is_staff
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_advisor_stays_out_of_the_admin(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("admin:index")).status_code == 302


def test_deactivated_user_loses_access(client, employee):
    client.force_login(employee)
    employee.is_active = False
    employee.save(update_fields=["is_active"])
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("comms", "/admin/monitoring/mention/?published_at__year=2147483648"),
        ("comms", "/admin/monitoring/mention/?published_at__year=2026&published_at__month=13"),
        ("hr", "/admin/training/assignment/?due_date__year=abc"),
        ("hr", "/admin/training/assignment/?due_date__year=0"),
        ("comms", "/admin/monitoring/mention/?published_at__year__gte=99999"),
    ],
)
def test_impossible_dates_in_admin_lists_are_an_invalid_filter_not_a_500(client, request, role, url):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("?e=1")


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("hr", "/admin/training/assignment/?due_date__year=9999&due_date__month=12&due_date__day=31"),
        ("comms", "/admin/monitoring/mention/?published_at__year=1"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_no_500(client, request, role, url):
    """Depending on the database and time zone they filter, or give the invalid-filter page."""
    client.force_login(request.getfixturevalue(role))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert not response.redirect_chain or response.redirect_chain[-1][0].endswith("?e=1")


def test_possible_dates_in_admin_lists_filter(client, comms):
    client.force_login(comms)
    response = client.get("/admin/monitoring/mention/?published_at__year=2026&published_at__month=11")
    assert response.status_code == 200


def test_a_background_request_after_the_session_ran_out_sends_the_page_to_sign_in(client):
    """htmx followed the redirect and put the sign-in page inside the page (post checker, stars)."""
    response = client.post(
        reverse("guidelines:check"),
        {"text": "Unser Umsatz"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/guidelines/check/?x=1"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("account_login") + "?next=/guidelines/check/%3Fx%3D1"
    # Without htmx, the usual redirect.
    assert client.post(reverse("guidelines:check"), {"text": "x"}).status_code == 302


def test_a_form_sent_after_the_session_ran_out_comes_back_to_its_page_after_sign_in(client):
    """next= was the form's POST-only URL: after signing in, a blank 405."""
    star = reverse("monitoring:set_starred", args=[5])
    response = client.post(star, headers={"Referer": "http://testserver/mentions/5/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/mentions/5/%3Fpage%3D2"
    # A page elsewhere, or none: the home page.
    response = client.post(star, headers={"Referer": "https://evil.example/"})
    assert response["Location"] == reverse("account_login") + "?next=/"
    assert client.post(star)["Location"] == reverse("account_login") + "?next=/"
    # Signing out is no expired session: the next person does not land on the last one's page.
    client.force_login(make_user("erika@example.com"))
    response = client.post(
        reverse("account_logout"), headers={"Referer": "http://testserver/advisors/questions/"}
    )
    assert response["Location"] == reverse("account_login")
    # A page opened with GET still comes back to itself.
    assert client.get("/mentions/?q=x")["Location"] == reverse("account_login") + "?next=/mentions/%3Fq%3Dx"


def test_pages_of_a_signed_in_person_are_not_kept_by_the_browser(employee_client):
    response = employee_client.get(reverse("contacts:my_questions"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_page_forbids_scripts_from_elsewhere_and_inline(client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_a_buttons_address_opened_as_a_page_says_so_instead_of_a_blank_page(employee_client):
    """A bookmark or a reload of a button's POST-only address was a blank 405."""
    response = employee_client.get(reverse("guidelines:acknowledge"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Diese Adresse gehört zu einer Schaltfläche" in response.text
    assert reverse("home") in response.text


def test_a_message_the_button_address_page_shows_is_not_shown_again(employee):
    """Signed in on the way to a button's address: "Signed in as …" on that page and the next."""
    client = Client()
    url = reverse("guidelines:acknowledge")
    login = client.get(url).url
    page = client.post(login, {"login": employee.email, "password": "secret-pass-123"}, follow=True)
    assert page.status_code == 405
    assert "Erfolgreich als" in page.text
    assert "Erfolgreich als" not in client.get(reverse("home")).text
