"""Admin lists filter only by what they offer: no field a role may not see can be probed."""

import re
from html import unescape
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from tests.conftest import make_user


@pytest.mark.parametrize(
    "query",
    [
        "last_login__gte=2026-01-01",
        "last_login__isnull=True",
        "last_login__hour=16",
        "mention_digest=0",
        "is_superuser__exact=1",
        "date_joined__year=2026",
    ],
)
def test_hr_cannot_filter_people_by_fields_the_list_does_not_offer(client, hr, employee, query):
    """Filtering by the sign-in time, one comparison at a time, told HR when someone signed in."""
    client.force_login(hr)
    assert client.get(f"/admin/portal/user/?q={employee.email}").status_code == 200
    response = client.get(f"/admin/portal/user/?q={employee.email}&{query}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_an_action_from_a_list_with_an_unoffered_filter_is_refused(client, hr, employee):
    client.force_login(hr)
    response = client.post(
        "/admin/portal/user/?last_login__isnull=True",
        {"action": "delete_selected", "select_across": "1", "index": "0", "_selected_action": [employee.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
    assert User.objects.filter(pk=employee.pk).exists()


@pytest.mark.parametrize(
    ("persona", "query"),
    [
        ("hr", "/admin/training/assignment/?status__regex=("),
        ("hr", "/admin/training/assignment/?due_date__regex=("),
        ("hr", "/admin/portal/user/?is_active__iregex=["),
        ("comms", "/admin/guidelines/tabootopic/?severity__regex=("),
        ("comms", "/admin/monitoring/mention/?source__kind__regex=("),
        ("comms", "/admin/monitoring/mention/?published_at__gte=0001-01-01"),
        ("comms", "/admin/monitoring/mention/?published_at__in=0001-01-01"),
        ("comms", "/admin/monitoring/mention/?published_at__iso_year=99999999999999999999"),
    ],
)
def test_lookups_the_lists_filters_do_not_use_are_an_invalid_filter_not_a_500(
    client, request, persona, query
):
    """Any lookup after a filter's or the date hierarchy's field went to the database as written:
    a broken regular expression, or a date before the year 1 in UTC."""
    client.force_login(request.getfixturevalue(persona))
    response = client.get(query)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_the_lists_own_filters_search_ordering_and_paging_still_work(client, hr, employee, department):
    client.force_login(hr)
    url = f"/admin/portal/user/?is_active__exact=1&department__id__exact={department.pk}&role=employee&q=a&o=1&p=1"
    response = client.get(url)
    assert response.status_code == 200
    assert employee.email in response.text


@pytest.mark.django_db
def test_every_filter_choice_on_every_admin_list_works(client):
    """Every link Django draws on a list page is accepted."""
    call_command("load_demo", force=True, stdout=StringIO())
    client.force_login(make_user("root-filters@example.com", is_superuser=True, is_staff=True))
    checked = 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page = client.get(url)
        assert page.status_code == 200, url
        # The filter panel's choices, the date hierarchy, the column ordering and the pages.
        for query in set(re.findall(r'href="(\?[^"]+)"', page.text)):
            response = client.get(url + unescape(query))
            assert response.status_code == 200, url + query
            checked += 1
    assert checked > 50


def test_a_search_term_too_long_for_the_database_is_refused_with_a_reason(client, hr):
    """SQLite gives up on a LIKE pattern of some 50,000 characters: every admin list was a 500."""
    client.force_login(hr)
    response = client.get("/admin/portal/user/", {"q": "a" * 100_000})
    assert response.status_code == 400
    assert "Der Suchtext ist zu lang (höchstens 1.000 Zeichen)." in response.content.decode()
    assert "Zurück zur Übersicht" in response.content.decode()  # a page of the portal, with a way back
    assert client.get("/admin/portal/user/", {"q": "a" * 1000}).status_code == 200


def test_a_signed_out_visitor_is_sent_to_sign_in_whatever_the_list_address(client):
    for query in ("last_login__gte=2026-01-01", "q=" + "a" * 2000):
        response = client.get(f"/admin/portal/user/?{query}")
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["aydin", "Aydın", "muller", "mueller", "Müller", "selin aydin", "mueller@"]
)
def test_hr_finds_people_by_their_name_as_typed_on_any_keyboard(client, hr, typed):
    """The people list compared names as stored: "aydin" did not find "Selin Aydın", nor "muller"
    "Jan Müller" (HR's finder on the training pages does, through the same search key)."""
    make_user("keyaccount@example.com", full_name="Selin Aydın")
    make_user("jan.mueller@example.com", full_name="Jan Müller")
    make_user("other@example.com", full_name="Otto Normal")
    client.force_login(hr)
    page = client.get("/admin/portal/user/", {"q": typed}).text
    found = {email for email in ("keyaccount@example.com", "jan.mueller@example.com") if email in page}
    expected = {"keyaccount@example.com"} if "ayd" in typed.lower() else {"jan.mueller@example.com"}
    assert found == expected
    assert "other@example.com" not in page
