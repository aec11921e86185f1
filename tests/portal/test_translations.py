"""The German catalogue is complete, and every placeholder survives translation."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
GERMAN = polib.pofile(str(ROOT / "locale/de/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")


def test_every_german_message_is_translated():
    missing = [e.msgid for e in GERMAN if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


def test_translations_keep_their_placeholders():
    broken = []
    for entry in GERMAN.translated_entries():
        # Plural entries keep their text in msgstr_plural (checked below), not msgstr.
        if not entry.msgid_plural and sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ):
            broken.append(entry.msgid)
        for source, plural in entry.msgstr_plural.items():
            if sorted(set(PLACEHOLDER.findall(entry.msgid_plural))) != sorted(
                set(PLACEHOLDER.findall(plural))
            ):
                broken.append(f"{entry.msgid} [{source}]")
    assert broken == []


INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*)\b", re.IGNORECASE)


def test_german_catalogue_says_sie_never_du():
    informal = [e.msgid for e in GERMAN.translated_entries() if INFORMAL.search(e.msgstr)]
    assert informal == []


@pytest.mark.django_db
def test_allauth_pages_and_mails_say_sie(client, employee):
    page = client.get(reverse("account_reset_password")).text
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in page
    assert not INFORMAL.search(page.split("<main", 1)[1])
    client.post(reverse("account_reset_password"), {"email": employee.email})
    body = mail.outbox[-1].body
    assert "Sie erhalten diese E-Mail" in body
    assert not INFORMAL.search(body)


def test_english_dates_are_day_first():
    """A German company's English readers: 06/11/2026 is 6 November, as on every other page."""
    import datetime

    from django.utils import formats, translation

    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 11, 6), "SHORT_DATE_FORMAT") == "06/11/2026"
        assert formats.date_format(datetime.date(2026, 11, 6)) == "6 Nov 2026"
    with translation.override("de"):
        assert formats.date_format(datetime.date(2026, 11, 6), "SHORT_DATE_FORMAT") == "06.11.2026"


def test_english_writes_percent_without_the_german_space():
    """German typesets "80 %", English "80%": the English catalogue drops the space."""
    english = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    missing = [
        e.msgid
        for e in english
        if not e.obsolete
        and " %%" in e.msgid
        and (e.msgstr_plural.get(0, e.msgstr) if e.msgid_plural else e.msgstr) != e.msgid.replace(" %%", "%%")
    ]
    assert missing == [], "run make messages (manage.py english_percent) for these"


@pytest.mark.django_db
def test_percentages_read_naturally_in_both_languages():
    from django.utils import translation

    from training.report import Row, svg_chart

    row = Row("Vertrieb", key=1, counts={"passed": 4, "in_progress": 1, "not_started": 0, "renewal_due": 0,
                              "overdue": 0, "excused": 0})  # fmt: skip
    with translation.override("de"):
        assert ">80 %<" in svg_chart([row], "Abschluss")
    with translation.override("en"):
        assert ">80%<" in svg_chart([row], "Completion")


@pytest.mark.django_db
def test_allauth_pages_and_mails_read_naturally_in_english(client, employee):
    page = client.get(reverse("account_reset_password"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Reset your password" in page
    assert "Reset My Password" not in page
    assert "ask HR or the IT service desk" in page
    client.post(reverse("account_reset_password"), {"email": employee.email}, HTTP_ACCEPT_LANGUAGE="en")
    message = mail.outbox[-1]
    assert "Password Reset Email" not in message.subject
    assert "Hello from" not in message.body


def test_the_superusers_user_pages_are_german(client, admin_user, employee):
    """Django 5.2's German catalogue leaves the password options of its user pages English."""
    client.force_login(admin_user)
    add = client.get(reverse("admin:portal_user_add"), HTTP_ACCEPT_LANGUAGE="de").text
    change = client.get(
        reverse("admin:portal_user_change", args=[employee.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).text
    for english in ("Password-based authentication", "Raw passwords are not stored", "Reset password"):
        assert english not in add + change


def test_the_admins_save_buttons_say_speichern_as_its_save_does(client, admin_user, employee):
    """Django's German says "Sichern und weiter bearbeiten" next to our "Speichern"."""
    client.force_login(admin_user)
    change = client.get(reverse("admin:portal_user_change", args=[employee.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert "Speichern und weiter bearbeiten" in change.text
    assert "Sichern" not in change.text


def test_the_allauth_messages_the_portal_rewords_are_allauths_own():
    """portal/allauth_formal.py names allauth's msgids so that our catalogue can word them: one
    spelt differently from allauth's (a line break, "e-mail" for "email") silently rewords nothing."""
    import allauth

    from portal.allauth_formal import ALLAUTH_MESSAGES

    allauths = polib.mofile(str(Path(allauth.__file__).parent / "locale/de/LC_MESSAGES/django.mo"))
    known = {entry.msgid for entry in allauths}
    assert [msgid for msgid in ALLAUTH_MESSAGES if msgid not in known] == []
