"""Sign-up by company domain, password reset and rate limiting (django-allauth)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from unittest import mock

import pytest
import requests
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import User
from portal.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_signup_is_closed_without_company_domains(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.exists()
    assert "Create an account" not in client.get(reverse("account_login")).text


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"], ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_company_address_signs_up_confirms_and_becomes_employee(client, django_capture_on_commit_callbacks):
    from tests.training.factories import ModuleFactory
    from training import actions as training
    from training.models import Assignment

    hr = make_user("hr-signup@example.com", Role.HR)
    training.create_campaign(
        name="Alle", module=ModuleFactory(), due_date=timezone.localdate() + timedelta(days=30),
        created_by=hr, everyone=True, enrol_late_joiners=True, late_joiner_days=30,
    )  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": "Neu@Example.com", "full_name": "Nina Neu"}
        )
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.com")
    assert user.full_name == "Nina Neu"
    assert list(user.groups.values_list("name", flat=True)) == ["Employee"]
    # Nobody yet: not signed in, no trainings or mails but the confirmation, in no report.
    assert (user.is_active, user.has_usable_password()) == (False, False)
    assert client.get(reverse("home")).status_code == 302
    assert not Assignment.objects.filter(user=user).exists()
    [confirmation] = mail.outbox
    link = re.search(r"https?://\S+/confirm-email/\S+", confirmation.body).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link.split("testserver", 1)[-1])
    # Confirmed where the signup was made: signed in, and asked for a password.
    assert response["Location"] == reverse("account_set_password")
    password = {"password1": "ein-sicheres-Passwort-42", "password2": "ein-sicheres-Passwort-42"}
    client.post(reverse("account_set_password"), password)
    user.refresh_from_db()
    assert (user.is_active, user.has_usable_password()) == (True, True)
    assert Assignment.objects.filter(user=user).count() == 1  # the campaign's, as any new colleague's
    assert client.get(reverse("home")).status_code == 200


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"], ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_signing_up_with_somebody_elses_address_gives_no_way_into_their_account(client):
    """The password was chosen at signup: whoever signed up with a colleague's address signed in
    to it once the colleague, puzzled, clicked the confirmation."""
    client.post(reverse("account_signup"), {"email": "opfer@example.com", "full_name": "Angreifer"})
    victim = Client()
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[0].body).group(0)
    page = victim.post(link.split("testserver", 1)[-1], follow=True)
    # Confirmed elsewhere: the owner is sent to get the link that chooses the password.
    assert page.redirect_chain[-1][0] == reverse("account_reset_password")
    assert "Ihre Adresse ist bestätigt." in page.text
    user = User.objects.get(email="opfer@example.com")
    assert user.is_active
    assert not user.has_usable_password()
    # The one who signed up has no password to sign in with, and is not signed in.
    assert client.get(reverse("home")).status_code == 302


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"], ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_a_signup_never_confirmed_does_not_keep_the_address(client, hr):
    client.post(reverse("account_signup"), {"email": "neu@example.com", "full_name": "Vertippt"})
    again = Client().post(reverse("account_signup"), {"email": "neu@example.com", "full_name": "Nina Neu"})
    assert again.status_code == 302
    assert User.objects.get(email="neu@example.com").full_name == "Nina Neu"
    # Nor does it keep HR from adding the real person.
    client.force_login(hr)
    client.post(reverse("admin:portal_user_add"), {"email": "neu@example.com", "full_name": "Nina Neumann"})
    user = User.objects.get(email="neu@example.com")
    assert (user.full_name, user.is_active, user.awaiting_confirmation) == ("Nina Neumann", True, False)


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"])
def test_foreign_address_cannot_sign_up(client):
    response = client.post(reverse("account_signup"), {"email": "someone@gmail.com", "full_name": "Some One"})
    assert response.status_code == 200
    assert "dienstliche E-Mail-Adresse (example.com)" in response.text
    assert not User.objects.exists()


def test_password_reset_mails_a_working_link(client, employee):
    client.post(reverse("account_reset_password"), {"email": employee.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        action, {"password1": "Neues-Passwort-2026", "password2": "Neues-Passwort-2026"}, follow=True
    )
    employee.refresh_from_db()
    assert employee.check_password("Neues-Passwort-2026")
    # Signed in right away (a new account's first page is not a dead end), the mail in German.
    assert done.context["user"] == employee
    assert mail.outbox[0].subject.startswith("[Social-Media-Portal] ")
    client.logout()
    page = client.get(reverse("account_reset_password_from_key_done"))
    assert reverse("account_login") in page.text  # the way on, should the page be reached


def test_password_reset_answers_unknown_addresses_like_known_ones(client, employee):
    known = client.post(reverse("account_reset_password"), {"email": employee.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    # Same redirect for both, so the page does not reveal who has an account.
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    # Nothing goes to an address without an account: no sign-up invitations sent anywhere.
    assert [m.to for m in mail.outbox] == [[employee.email]]
    # allauth's greeting and signature: plain German, naming the portal, not the request's host.
    assert mail.outbox[0].body.startswith("Guten Tag,")
    assert "Ihr Social-Media-Portal" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].body.split("\n")[0]


def test_failed_logins_are_rate_limited_and_said_in_the_portals_words(client, employee):
    wrong = client.post(reverse("account_login"), {"login": employee.email, "password": "wrong"})
    assert "Die E-Mail-Adresse oder das Passwort ist nicht richtig." in wrong.text
    english = client.post(
        reverse("account_login"),
        {"login": employee.email, "password": "wrong"},
        headers={"accept-language": "en"},
    )
    assert "The e-mail address or the password is not correct." in english.text
    for _attempt in range(3):
        client.post(reverse("account_login"), {"login": employee.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": employee.email, "password": "secret-pass-123"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    if response.status_code == 200:  # allauth's form error: German, not its untranslated English
        assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.text


def test_password_change_requires_the_old_password(employee_client, employee):
    response = employee_client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "Neues-Passwort-2026", "password2": "Neues-Passwort-2026"},
    )
    assert response.status_code == 200
    assert "Ihr aktuelles Passwort ist nicht richtig." in response.text  # not "please type it"
    employee.refresh_from_db()
    assert employee.check_password("secret-pass-123")


def test_the_current_password_again_is_no_change_and_mails_no_notice(employee_client, employee):
    same = {"oldpassword": "secret-pass-123", "password1": "secret-pass-123", "password2": "secret-pass-123"}
    response = employee_client.post(reverse("account_change_password"), same)
    assert response.status_code == 200
    assert "Das neue Passwort ist dasselbe wie das aktuelle." in response.text
    assert mail.outbox == []


def test_the_reset_form_asks_for_the_e_mail_address_as_the_sign_in_page_does(client):
    english = client.get(reverse("account_reset_password"), headers={"accept-language": "en"}).text
    assert "E-mail address" in english
    assert "Email:" not in english
    assert 'placeholder="E-mail address"' in english
    assert "E-Mail-Adresse" in client.get(reverse("account_reset_password")).text


def test_a_changed_password_is_reported_to_the_accounts_address(employee_client, employee):
    """Someone who took over an account changes its password first: the owner hears of it."""
    new = {
        "oldpassword": "secret-pass-123",
        "password1": "Neues-Passwort-2026",
        "password2": "Neues-Passwort-2026",
    }
    employee_client.post(
        reverse("account_change_password"), new, headers={"user-agent": "Firefox/140 & <Co>"}
    )
    [notice] = mail.outbox
    assert notice.to == [employee.email]
    assert notice.subject == "[Social-Media-Portal] Passwort geändert"
    assert "Ihr Passwort wurde geändert." in notice.body
    assert "wenden Sie sich bitte sofort an den IT-Service-Desk" in notice.body
    assert "von der IP-Adresse 127.0.0.1 (Firefox/140 & <Co>)" in notice.body  # plain text, unescaped
    assert '"' not in notice.body  # allauth's own German has a stray quote after the date


@pytest.mark.parametrize(
    ("language", "when"), [("de", "am 20. Dezember 2026, 14:05 von"), ("en", "on 20 Dec 2026, 14:05 from")]
)
def test_the_notice_of_a_changed_password_gives_the_time_on_the_24_hour_clock(client, language, when):
    """English said "Made on 20 Dec 2026, 2:05 p.m." where the reminders say "at 14:00"."""
    import datetime

    import time_machine
    from django.utils import timezone

    from tests.conftest import make_user

    user = make_user("greta@example.com", preferred_language=language)
    new = {
        "oldpassword": "secret-pass-123",
        "password1": "Neues-Passwort-2026",
        "password2": "Neues-Passwort-2026",
    }
    moment = datetime.datetime(2026, 12, 20, 14, 5, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=False):
        client.force_login(user)
        client.post(reverse("account_change_password"), new)
    [notice] = mail.outbox
    assert when in notice.body


@pytest.mark.parametrize(("profile", "browser"), [("en", "de"), ("de", "en")])
def test_password_reset_mails_speak_the_accounts_language_not_the_browsers(client, profile, browser):
    """The reset link and the notice that the password was reset came in the language of the browser
    that asked for them (anonymous: its Accept-Language), not the one the person chose."""
    from tests.conftest import make_user

    user = make_user("greta@example.com", full_name="Greta Lange", preferred_language=profile)
    headers = {"accept-language": browser}
    client.post(reverse("account_reset_password"), {"email": user.email}, headers=headers)
    link = re.search(r"https?://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True, headers=headers)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new = {"password1": "Neues-Passwort-2026", "password2": "Neues-Passwort-2026"}
    client.post(action, new, follow=True, headers=headers)
    key, notice = mail.outbox
    if profile == "en":
        assert key.subject == "[Social Media Portal] Reset your password"
        assert notice.subject == "[Social Media Portal] Your password has been reset"
        assert notice.body.startswith("Hello,")
    else:
        assert key.subject == "[Social-Media-Portal] Passwort zurücksetzen"
        assert notice.subject == "[Social-Media-Portal] Ihr Passwort wurde zurückgesetzt"
        assert notice.body.startswith("Guten Tag,")


def test_a_changed_address_is_reported_to_the_old_one_in_the_accounts_language(rf, employee):
    from allauth.core.context import request_context

    from portal.adapters import AccountAdapter

    employee.preferred_language = "en"
    employee.save()
    request = rf.get("/", HTTP_USER_AGENT="Firefox/140")
    with translation.override("de"), request_context(request):
        AccountAdapter(request).send_notification_mail(
            "account/email/email_changed",
            employee,
            {"from_email": "old@example.com", "to_email": employee.email},
            email="old@example.com",
        )
    [notice] = mail.outbox
    assert notice.to == ["old@example.com"]
    assert notice.body.startswith("Hello,")


SSO = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "keycloak",
                "name": "Firmen-Login",
                "client_id": "portal",
                "secret": "s3cret",
                "settings": {"server_url": "https://sso.example.com/realms/corp"},
            }
        ]
    }
}


@override_settings(SOCIALACCOUNT_PROVIDERS=SSO)
def test_configured_single_sign_on_shows_its_button(client):
    page = client.get(reverse("account_login")).text
    assert "Mit Firmen-Login anmelden" in page
    assert "/accounts/oidc/keycloak/login/" in page


@override_settings(SOCIALACCOUNT_PROVIDERS=SSO)
@pytest.mark.parametrize(
    "answer",
    [
        requests.ConnectionError("Connection refused"),  # a wrong OIDC_SERVER_URL, the provider down
        {"issuer": "https://sso.example.com/realms/corp"},  # a discovery document without endpoints
    ],
    ids=["unreachable", "incomplete"],
)
def test_an_unusable_identity_provider_is_a_sign_in_failure_not_a_server_error(client, answer, caplog):
    def discovery(session, url, **kwargs):
        if isinstance(answer, Exception):
            raise answer
        response = requests.Response()
        response.status_code, response._content = 200, json.dumps(answer).encode()
        return response

    with mock.patch("requests.Session.get", discovery):
        response = client.post("/accounts/oidc/keycloak/login/")
    assert response.status_code == 401
    assert "Beim Versuch, sich über Ihr Drittanbieterkonto anzumelden" in response.text
    assert "Single sign-on through keycloak failed" in caplog.text  # for whoever runs the portal


def test_oidc_environment_variables_configure_the_provider():
    from tests.portal.test_deploy import PRODUCTION, run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'])",
        **PRODUCTION,
        OIDC_SERVER_URL="https://login.microsoftonline.com/tenant/v2.0",
        OIDC_CLIENT_ID="client-1",
        OIDC_CLIENT_SECRET="secret-1",
        OIDC_NAME="Microsoft",
    )
    assert result.returncode == 0, result.stderr
    assert "'server_url': 'https://login.microsoftonline.com/tenant/v2.0'" in result.stdout
    assert "'client_id': 'client-1'" in result.stdout
    assert "'name': 'Microsoft'" in result.stdout


def test_without_company_domains_employees_cannot_change_their_sign_in_address(
    employee_client, employee, settings
):
    # No domains = no e-mail verification: an unverified address must not become the login.
    settings.ACCOUNT_ALLOWED_DOMAINS = []
    response = employee_client.post(
        reverse("account_email"), {"action_add": "", "email": "private@elsewhere.test"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email="private@elsewhere.test").exists()
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"
    told = employee_client.get(reverse("account_email"), follow=True).text
    assert "ändern nur die Administratoren des Portals" in told  # HR cannot change it


def test_with_company_domains_the_address_page_is_allauths(employee_client, settings):
    settings.ACCOUNT_ALLOWED_DOMAINS = ["example.com"]
    response = employee_client.get(reverse("account_email"))
    assert response.status_code == 200


def test_single_sign_on_signs_up_only_company_addresses_once_domains_are_set(settings, rf):
    from types import SimpleNamespace

    from portal.adapters import SocialAccountAdapter

    def login_of(email):
        return SimpleNamespace(user=SimpleNamespace(email=email))

    adapter = SocialAccountAdapter()
    settings.ACCOUNT_ALLOWED_DOMAINS = []
    assert adapter.is_open_for_signup(rf.get("/"), login_of("someone@outside.example"))
    settings.ACCOUNT_ALLOWED_DOMAINS = ["nordlicht.example"]
    assert adapter.is_open_for_signup(rf.get("/"), login_of("erika@nordlicht.example"))
    assert not adapter.is_open_for_signup(rf.get("/"), login_of("someone@outside.example"))
    assert not adapter.is_open_for_signup(rf.get("/"), login_of(""))


def test_the_reauthentication_code_page_is_in_the_readers_language(client, employee):
    """A confirmed address can receive a code to confirm sensitive changes with (allauth's page)."""
    EmailAddress.objects.create(user=employee, email=employee.email, verified=True, primary=True)
    client.force_login(employee)
    response = client.get(reverse("account_request_reauthentication_code"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Code senden an" in response.text
    assert "Recipient" not in response.text


def test_the_log_out_page_uses_the_headers_words(employee_client):
    page = employee_client.get(reverse("account_logout"), headers={"accept-language": "en"}).text
    assert "<h1>Log out</h1>" in page or "<h1>Abmelden</h1>" in page
    assert "Sign Out" not in page
    assert "data-clears-drafts" in page


@pytest.mark.parametrize(
    ("full_name", "greeted"),
    [("Dr. Greta Lange", "Greta"), ("Prof. Dr.-Ing. Hans Meier", "Hans"), ("Prof Dr Greta Lange", "Greta"),
     ("Erika Mustermann", "Erika"), ("J. R. Smith", "J."), ("", "x@example.com")],
)  # fmt: skip
def test_greetings_use_the_first_name_not_a_title(full_name, greeted):
    from portal.models import User

    assert User(full_name=full_name, email="x@example.com").get_short_name() == greeted


def test_a_name_loses_control_characters_and_direction_overrides(client, employee):
    """A name with U+202E read backwards on every page and in every e-mail header."""
    client.force_login(employee)
    client.post(
        reverse("profile"), {"full_name": "Eri\u202eka\x01 Muster\x1fmann", "preferred_language": "de"}
    )
    employee.refresh_from_db()
    assert employee.full_name == "Erika Mustermann"


def _loaded_version(page: str) -> str:
    return unescape(re.search(r'name="_loaded_version" value="([^"]*)"', page).group(1))


def test_a_profile_saved_over_a_language_switched_in_another_tab_says_so_in_that_language(
    employee_client, employee
):
    """The language kept from the other tab was English; the messages came in the stale German."""
    employee.preferred_language = "de"
    employee.save()
    version = _loaded_version(employee_client.get(reverse("profile")).text)
    User.objects.filter(pk=employee.pk).update(preferred_language="en")  # the header's switcher, elsewhere
    form = {"full_name": "Erika Muster", "preferred_language": "de", "_loaded_version": version}
    page = employee_client.post(reverse("profile"), form, follow=True).text
    employee.refresh_from_db()
    assert (employee.full_name, employee.preferred_language) == ("Erika Muster", "en")
    assert "Your profile has been saved." in page


def test_the_profile_keeps_what_hr_changed_while_it_was_open(employee_client, employee):
    """The form wrote every field it showed: a name HR corrected while the page was open was
    set back by the person saving their language."""
    version = _loaded_version(employee_client.get(reverse("profile")).text)
    User.objects.filter(pk=employee.pk).update(full_name="Erika Mustermann-Schmidt")  # HR, meanwhile
    form = {"full_name": employee.full_name, "preferred_language": "en", "_loaded_version": version}
    page = employee_client.post(reverse("profile"), form, follow=True).text
    employee.refresh_from_db()
    assert (employee.full_name, employee.preferred_language) == ("Erika Mustermann-Schmidt", "en")
    assert "What was changed meanwhile in other fields (by HR or in another tab) is kept." in page

    # Both changed the name: nothing is saved, and the person is told.
    version = _loaded_version(employee_client.get(reverse("profile")).text)
    User.objects.filter(pk=employee.pk).update(full_name="Erika Schmidt")
    form = {"full_name": "Erika M. Schmidt", "preferred_language": "en", "_loaded_version": version}
    page = employee_client.post(reverse("profile"), form).text
    employee.refresh_from_db()
    assert employee.full_name == "Erika Schmidt"
    assert "changed what you changed too: Full name" in page


def test_too_many_attempts_get_the_portals_page_in_german(client, employee):
    """allauth's fallback was a bare English "429 Too Many Requests"."""
    from django.core.cache import cache

    cache.clear()
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": employee.email}).status_code for _ in range(8)]
    assert 429 in statuses
    response = client.post(url, {"email": employee.email}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.text
    assert "Too Many Requests" not in response.text
    cache.clear()


def test_signing_in_and_out_speaks_the_profiles_language_not_the_browsers(client):
    """An English browser showed a German person "Successfully signed in as …", and the page after
    signing out was English with a German "Sie haben sich abgemeldet."."""
    from tests.conftest import make_user

    make_user("greta@example.com", full_name="Greta Lange", preferred_language="de")
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    page = client.post(
        reverse("account_login"),
        {"login": "greta@example.com", "password": "secret-pass-123"},
        follow=True,
        **english,
    ).text
    assert "Erfolgreich als Greta Lange angemeldet." in page
    page = client.post(reverse("account_logout"), follow=True, **english).text
    assert "Sie haben sich abgemeldet." in page
    assert '<html lang="de"' in page


def test_the_next_person_on_the_browser_gets_their_own_language(client):
    """The language of the person who signed out carried over to the next one (diff review)."""
    from tests.conftest import make_user

    make_user("greta@example.com", preferred_language="de")
    make_user("tom@example.com", preferred_language="")  # "the browser's language"
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    login = reverse("account_login")
    client.post(login, {"login": "greta@example.com", "password": "secret-pass-123"}, **english)
    client.post(reverse("account_logout"), follow=True, **english)
    assert '<html lang="en"' in client.get(login, **english).text  # the page after it only
    page = client.post(
        login, {"login": "tom@example.com", "password": "secret-pass-123"}, follow=True, **english
    )
    assert '<html lang="en"' in page.text


def test_the_language_people_sign_in_with_is_kept_for_their_mails_with_one_write_when_it_changes(
    client, employee
):
    """Mails to someone who follows the browser went out in the portal's language (German), as
    the profile names none: now in the one they sign in with, written only when it changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sign_in(language: str) -> int:
        client.logout()
        sign_in = {"login": employee.email, "password": "secret-pass-123"}
        with CaptureQueriesContext(connection) as queries:
            client.post(reverse("account_login"), sign_in, headers={"accept-language": language})
        employee.refresh_from_db()
        writes = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE")]
        return sum("last_used_language" in sql for sql in writes)

    assert (sign_in("en"), employee.last_used_language) == (1, "en")
    assert (sign_in("en"), employee.last_used_language) == (0, "en")
    assert (sign_in("de"), employee.last_used_language) == (1, "de")
    employee.preferred_language = "en"  # the profile's wins: the browser's is not kept
    employee.save(update_fields=["preferred_language"])
    assert (sign_in("de"), employee.last_used_language) == (0, "de")


def test_a_password_reset_is_in_the_language_last_signed_in_with_not_the_asking_browsers(client, employee):
    client.post(
        reverse("account_login"),
        {"login": employee.email, "password": "secret-pass-123"},
        headers={"accept-language": "en"},
    )
    client.logout()
    client.post(
        reverse("account_reset_password"), {"email": employee.email}, headers={"accept-language": "de"}
    )
    assert mail.outbox[0].subject == "[Social Media Portal] Reset your password"


def test_choosing_the_browsers_language_on_the_profile_keeps_it_for_mails(employee_client, employee):
    employee.preferred_language = "de"
    employee.save(update_fields=["preferred_language"])
    employee_client.post(
        reverse("profile"),
        {"full_name": "Erika", "preferred_language": ""},
        headers={"accept-language": "en"},
    )
    employee.refresh_from_db()
    assert (employee.preferred_language, employee.last_used_language) == ("", "en")


def test_the_password_reset_pages_say_e_mail_in_english_and_sie_in_german(client):
    url = reverse("account_reset_password")
    english = client.get(url, headers={"accept-language": "en"}).text
    assert "Enter your e-mail address below, and we'll send you an e-mail" in english
    german = client.get(url).text
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in german


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"], ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_a_confirmation_link_used_again_says_the_address_is_confirmed(client):
    """The link opened a second time (from the e-mail, another device) said "expired or invalid,
    request a new one", and sending its form again was a 404."""
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.post(reverse("account_signup"), {"email": "neu@example.com", "full_name": "Nina Neu"})
    link = (
        re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[0].body).group(0).split("testserver", 1)[-1]
    )
    client.post(link)
    assert EmailAddress.objects.get(email="neu@example.com").verified

    for method in (client.get, client.post):
        page = method(link, follow=True, **english)
        assert page.redirect_chain[-1][0] == reverse("home")
        assert "This e-mail address has been confirmed already." in page.text
    client.post(reverse("account_logout"))
    page = client.get(link, follow=True, **english)
    assert page.redirect_chain[-1][0] == reverse("account_login")
    assert "This e-mail address has been confirmed already: you can sign in." in page.text
    # A link that is not one still says so.
    assert "expired or is invalid" in client.get("/accounts/confirm-email/made-up/", **english).text


@pytest.mark.parametrize(
    ("claims", "name"),
    [
        # As allauth's OpenID Connect provider passes the claims name, given_name and family_name.
        ({"name": "Greta Lange", "first_name": "Greta", "last_name": "Lange"}, "Greta Lange"),
        ({"first_name": "Greta", "last_name": "Lange"}, "Greta Lange"),
        ({"name": "Greta\u202e Lange "}, "Greta Lange"),
        ({}, ""),
    ],
)
def test_an_account_single_sign_on_creates_has_the_persons_name(rf, claims, name):
    """allauth fills first_name and last_name, which the portal's accounts do not have: people
    signed up through SSO were greeted, listed to HR and named to advisors by their address."""
    from allauth.socialaccount.models import SocialLogin

    from portal.adapters import SocialAccountAdapter

    login = SocialLogin(user=User())
    user = SocialAccountAdapter().populate_user(rf.get("/"), login, {"email": "greta@example.com", **claims})
    assert (user.email, user.full_name) == ("greta@example.com", name)


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"], ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_an_account_hr_creates_is_signed_in_by_its_reset_link_without_confirming_again(client, hr):
    """With company domains, addresses must be confirmed: the person HR had created chose a
    password through the reset link and was then asked to confirm the address by a second e-mail."""
    client.force_login(hr)
    client.post(reverse("admin:portal_user_add"), {"email": "neu@example.com", "full_name": "Nina Neu"})
    client.logout()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": "neu@example.com"})
    link = re.search(r"https?://\S+/password/reset/key/\S+", mail.outbox[0].body).group(0)
    form = client.get(link.split("testserver", 1)[-1], follow=True).redirect_chain[-1][0]
    password = {"password1": "ein-sicheres-Passwort-42", "password2": "ein-sicheres-Passwort-42"}
    page = client.post(form, password, follow=True)
    assert page.redirect_chain[-1][0] == reverse("home")
    # No confirmation request; only the notice that the password was set (its first: "set", not "reset").
    assert [m.subject for m in mail.outbox[1:]] == ["[Social-Media-Portal] Passwort festgelegt"]


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"OIDC_SERVER_URL": "https://sso.example.com/realms/corp"}, "OIDC_CLIENT_ID"),
        ({"OIDC_CLIENT_ID": "portal", "OIDC_CLIENT_SECRET": "s3cret"}, "OIDC_SERVER_URL"),
        (
            {
                "OIDC_SERVER_URL": "https://sso.example.com/realms/corp",
                "OIDC_CLIENT_ID": "portal",
                "OIDC_PROVIDER_ID": "firmen login/neu",
            },
            "OIDC_PROVIDER_ID",
        ),
    ],
    ids=["no-client", "no-server", "provider-id-with-a-slash"],
)
def test_half_configured_single_sign_on_stops_the_start_with_a_clear_message(variables, named):
    """The portal started, and then everybody pressing the sign-on button got the identity
    provider's "invalid client" (or the button was missing, the server's variable misspelt)."""
    from tests.portal.test_deploy import PRODUCTION, run_manage

    result = run_manage("check", **PRODUCTION, **variables)
    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error:")
    assert named in result.stderr


@pytest.fixture
def sso_only(settings):
    """OIDC_ONLY=true: allauth leaves out its password pages (URLs are read once, at import)."""
    import importlib

    import allauth.account.urls
    import allauth.urls
    from django.urls import clear_url_caches

    import portal.urls

    def reload_urls():
        for module in (allauth.account.urls, allauth.urls, portal.urls):
            importlib.reload(module)
        clear_url_caches()

    settings.SOCIALACCOUNT_PROVIDERS = SSO
    settings.SOCIALACCOUNT_ONLY = True
    reload_urls()
    yield
    settings.SOCIALACCOUNT_ONLY = False
    reload_urls()


def test_with_single_sign_on_only_the_pages_work_and_offer_no_password_change(sso_only, employee_client):
    """Every page named allauth's password change in the user menu, which OIDC_ONLY leaves out:
    with single sign-on only, each page a signed-in person opened was a server error."""
    page = employee_client.get(reverse("profile"))
    assert page.status_code == 200
    assert "Passwort ändern" not in page.text
    assert "Mit Firmen-Login anmelden" in Client().get(reverse("account_login")).text
    hr = make_user("hr-sso@example.com", Role.HR)
    employee_client.force_login(hr)
    assert employee_client.get("/admin/password_change/").status_code == 404


def test_a_deactivated_account_is_told_what_happened_and_whom_to_ask(client, employee):
    """allauth's page said "Dieser Benutzer ist inaktiv." – about them, not to them, and nothing
    on what to do (someone back from a long leave, deactivated by mistake)."""
    employee.is_active = False
    employee.save()
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    page = client.post(
        reverse("account_login"),
        {"login": employee.email, "password": "secret-pass-123"},
        follow=True,
        **english,
    )
    assert page.redirect_chain[-1][0] == reverse("account_inactive")
    assert "<h1>Your account is deactivated</h1>" in page.text
    assert "please ask HR to activate your account again" in page.text


def test_a_notice_from_a_request_without_a_browser_name_says_so_in_words(rf, employee):
    """allauth put its English "Unspecified" into the notice, German ones too."""
    from allauth.core.context import request_context

    from portal.adapters import AccountAdapter

    employee.preferred_language = "en"
    employee.save()
    request = rf.get("/")
    with request_context(request):
        AccountAdapter(request).send_notification_mail("account/email/password_changed", employee)
    [notice] = mail.outbox
    assert "from the IP address 127.0.0.1 (unknown browser)." in notice.body
    assert "Unspecified" not in notice.body


def test_the_admins_change_password_page_is_the_portals_with_its_limit_and_notice(client):
    """Django's own page in the admin let HR guess the current password without limit and changed
    it without the e-mail to the account."""
    hr = make_user("hr-admin@example.com", Role.HR)
    client.force_login(hr)
    assert client.get("/admin/password_change/")["Location"] == reverse("account_change_password")
    assert client.get("/admin/password_change/done/")["Location"] == reverse("account_change_password")


def test_a_password_like_the_own_name_is_refused(employee):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    employee.full_name = "Erika Mustermann"
    for password in ("Erika Mustermann", "ErikaMustermann", "mustermann"):
        with pytest.raises(ValidationError):
            validate_password(password, employee)


def test_an_invitation_link_opened_again_says_so_without_reset_or_change(client, hr):
    """Used once, it said "Change password" and "the password reset link was invalid" to someone
    who had just chosen their first one."""
    client.force_login(hr)
    client.post(reverse("admin:portal_user_add"), {"email": "neu@example.com", "full_name": "Nina Neu"})
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "neu@example.com"})
    link = re.search(r"https?://testserver(\S+/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True).redirect_chain[-1][0]
    password = {"password1": "ein-sicheres-Passwort-42", "password2": "ein-sicheres-Passwort-42"}
    client.post(form, password)
    client.logout()
    page = Client().get(link, follow=True).text
    assert "Dieser Link funktioniert nicht mehr" in page
    assert "Passwort ändern" not in page
    assert "Zurücksetzen" not in page


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"], ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_an_unconfirmed_signup_hr_activated_is_somebody_whom_no_signup_deletes(client, hr):
    """HR ticked "active" ("her mail got lost"); once she left, a signup with her address deleted
    the account, her trainings with it."""
    client.post(reverse("account_signup"), {"email": "neu@example.com", "full_name": "Nina Neu"})
    user = User.objects.get(email="neu@example.com")
    user.is_active = True
    user.save()  # HR's change form
    user.refresh_from_db()
    assert not user.awaiting_confirmation
    User.objects.filter(pk=user.pk).update(is_active=False)  # left the company
    Client().post(reverse("account_signup"), {"email": "neu@example.com", "full_name": "Jemand"})
    assert User.objects.filter(pk=user.pk).exists()


@override_settings(ACCOUNT_ALLOWED_DOMAINS=["example.com"], ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_signing_in_by_single_sign_on_to_an_unconfirmed_signup_makes_it_the_owners(client, rf):
    """Connected to the inactive account somebody had signed up with (typed name and all), the
    owner was sent to confirm an address the identity provider vouched for."""
    from types import SimpleNamespace

    from portal.adapters import SocialAccountAdapter

    client.post(reverse("account_signup"), {"email": "alice@example.com", "full_name": "Mallory"})
    user = User.objects.get(email="alice@example.com")
    login = SimpleNamespace(user=user, account=SimpleNamespace(extra_data={"name": "Alice Adler"}))
    SocialAccountAdapter().pre_social_login(rf.get("/"), login)
    user.refresh_from_db()
    assert (user.is_active, user.awaiting_confirmation, user.full_name) == (True, False, "Alice Adler")
    assert EmailAddress.objects.get(user=user).verified
