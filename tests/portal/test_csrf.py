"""A form opened before signing in again (in another tab) is still sent: static/js/fresh-csrf.js
sets its token to the CSRF cookie's value just before sending. What that relies on is pinned here;
tests/browser/test_foundation.py sends such a form."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from guidelines.models import Section
from tests.guidelines.factories import SectionFactory


def test_the_csrf_cookie_is_readable_by_the_page_script():
    # fresh-csrf.js reads the cookie by this name; HttpOnly or a token kept in the session would
    # leave it nothing to read, and every form opened before signing in again would be refused.
    assert settings.CSRF_COOKIE_NAME == "csrftoken"
    assert not settings.CSRF_COOKIE_HTTPONLY
    assert not settings.CSRF_USE_SESSIONS


@pytest.mark.parametrize("address", ["/", "/admin/"])
def test_every_page_carries_the_script(comms, address):
    client = Client()
    client.force_login(comms)
    assert "js/fresh-csrf.js" in client.get(address).content.decode()


def test_a_form_opened_before_signing_in_again_is_taken_with_the_cookies_token(comms):
    section = SectionFactory(title="Netiquette")
    client = Client(enforce_csrf_checks=True)
    client.force_login(comms)
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    page = client.get(url)
    shown_token = page.context["csrf_token"]
    # Signing out and in again (another tab) gives the browser a new CSRF cookie.
    client.logout()
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    client.post(
        "/accounts/login/",
        {
            "login": comms.email,
            "password": "secret-pass-123",
            "csrfmiddlewaretoken": login.context["csrf_token"],
        },
    )
    new_cookie = client.cookies[settings.CSRF_COOKIE_NAME].value
    data = {
        "title": "Netiquette im Netz",
        "title_en": section.title_en,
        "category": section.category,
        "kind": section.kind,
        "body": "Ein langer Text, den niemand zweimal schreiben möchte.",
        "body_en": section.body_en,
        "position": section.position,
        "_save": "Sichern",
    }
    # As the page showed it: refused (Django's "please try again" page) ...
    refused = client.post(url, {**data, "csrfmiddlewaretoken": shown_token})
    assert refused.status_code == 403
    # ... with the cookie's value, as the script sends it: saved.
    taken = client.post(url, {**data, "csrfmiddlewaretoken": new_cookie})
    assert taken.status_code == 302, taken.content.decode()[:2000]
    assert Section.objects.get(pk=section.pk).body.startswith("Ein langer Text")
