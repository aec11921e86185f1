"""The pages every employee reaches: sign-in, dashboard, profile, language."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_german_by_default(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    assert "Anmelden" in response.text
    assert "Passwort vergessen?" in response.text


def test_login_page_speaks_english_to_an_english_browser(client):
    response = client.get(reverse("account_login"), headers={"accept-language": "en"})
    assert '<html lang="en">' in response.text
    assert "Forgotten your password?" in response.text


def test_employee_signs_in_with_email_and_sees_dashboard(client, employee):
    response = client.post(
        reverse("account_login"),
        {"login": "Employee@Example.com", "password": "secret-pass-123"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Hallo, Erika" in response.text
    for title in ["Leitlinien", "Erwähnungen", "Schulungen", "Ansprechpartner"]:
        assert title in response.text


def test_wrong_password_gets_a_clear_message_and_no_session(client, employee):
    response = client.post(reverse("account_login"), {"login": employee.email, "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Die E-Mail-Adresse oder das Passwort ist nicht richtig." in response.text


def test_logout_needs_post_and_ends_the_session(employee_client):
    response = employee_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert employee_client.get(reverse("home")).status_code == 302


def test_dashboard_shows_admin_link_only_to_admin_roles(client, employee, comms):
    client.force_login(employee)
    assert reverse("admin:index") not in client.get(reverse("home")).text
    client.force_login(comms)
    assert reverse("admin:index") in client.get(reverse("home")).text


def test_switching_language_is_remembered_on_the_profile(employee_client, employee):
    response = employee_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.preferred_language == "en"
    # The saved choice wins over the browser on another device (no cookie).
    employee_client.cookies.clear()
    employee_client.force_login(employee)
    page = employee_client.get(reverse("home"), headers={"accept-language": "de"})
    assert "Hello, Erika" in page.text


def test_switching_to_an_unknown_language_changes_nothing(employee_client, employee):
    employee_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    employee.refresh_from_db()
    assert employee.preferred_language == ""


def test_anonymous_visitor_can_switch_the_login_page_language(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("account_login")})
    assert "Forgotten your password?" in client.get(reverse("account_login")).text


def test_profile_form_saves_name_and_language(employee_client, employee):
    response = employee_client.post(
        reverse("profile"), {"full_name": "Erika M.", "preferred_language": "en"}, follow=True
    )
    assert "Your profile has been saved." in response.text
    employee.refresh_from_db()
    assert (employee.full_name, employee.preferred_language) == ("Erika M.", "en")


def test_choosing_the_browser_language_on_the_profile_forgets_the_switchers_choice(employee_client, employee):
    employee_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = employee_client.post(
        reverse("profile"),
        {"full_name": "Erika", "preferred_language": ""},
        headers={"accept-language": "de"},
        follow=True,
    )
    assert "Ihr Profil wurde gespeichert." in response.text
    employee.refresh_from_db()
    assert employee.preferred_language == ""
    page = employee_client.get(reverse("home"), headers={"accept-language": "de"})
    assert "Hallo, Erika" in page.text
    profile = employee_client.get(reverse("profile"), headers={"accept-language": "de"}).text
    assert '<option value="" selected>Sprache des Browsers</option>' in profile
    assert "---------" not in profile


def test_employees_cannot_move_themselves_to_another_department(employee_client, employee):
    from portal.models import Department

    other = Department.objects.create(name="Finanzen")
    page = employee_client.get(reverse("profile")).text
    assert "Abteilung: <strong>Vertrieb</strong>" in page
    employee_client.post(reverse("profile"), {"full_name": "Erika", "department": other.pk})
    employee.refresh_from_db()
    assert employee.department.name == "Vertrieb"


def test_profile_form_rejects_an_unknown_language(employee_client, employee):
    response = employee_client.post(reverse("profile"), {"full_name": "X", "preferred_language": "xx"})
    assert response.status_code == 200
    assert "errorlist" in response.text
    employee.refresh_from_db()
    assert employee.full_name == "Erika Mustermann"


@pytest.mark.parametrize("app_url", ["/guidelines/", "/trainings/", "/mentions/", "/advisors/"])
def test_every_feature_app_answers_at_its_prefix(employee_client, app_url):
    assert employee_client.get(app_url).status_code == 200


def test_unknown_page_is_a_friendly_404(employee_client):
    response = employee_client.get("/no-such-page/")
    assert response.status_code == 404


def test_forbidden_page_is_friendly_and_translated(employee_client):
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="tests.portal.urls_forbidden"):
        response = employee_client.get("/forbidden/")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.text


def test_nul_in_the_query_string_is_a_bad_request_not_a_crash(client, comms):
    # PostgreSQL cannot compare text with NUL: an admin list filter used to answer 500.
    client.force_login(comms)
    response = client.get(reverse("admin:guidelines_tabootopic_changelist") + "?severity__exact=%00")
    assert response.status_code == 400
    assert client.get(reverse("guidelines:search") + "?q=a%00b").status_code == 400
    # A page in the reader's own language, whatever the browser says.
    comms.preferred_language = "en"
    comms.save()
    response = client.get(reverse("monitoring:index") + "?q=%00", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "The address contains characters that are not allowed." in response.text
    assert "Back to the overview" in response.text


def test_non_numeric_history_record_is_not_found(client, comms):
    from tests.guidelines.factories import SectionFactory

    section = SectionFactory()
    client.force_login(comms)
    url = reverse("admin:guidelines_section_history", args=[section.pk]) + "abc/"
    assert client.get(url).status_code == 404


def test_admin_action_on_a_made_up_id_is_a_bad_request_not_an_error(client, hr):
    client.force_login(hr)
    response = client.post(
        reverse("admin:portal_department_changelist"),
        {"action": "delete_selected", "_selected_action": ["abc"]},
    )
    assert response.status_code == 400
