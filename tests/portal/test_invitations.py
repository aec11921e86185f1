"""A new account's owner is told by e-mail where the portal is and how to sign in the first time."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.invitations import send_invitation
from portal.models import User


def create_account(client, email="nina.neu@example.com"):
    # A transactional test: the mail goes when the admin's transaction commits, as in production.
    return client.post(
        reverse("admin:portal_user_add"),
        {"email": email, "full_name": "Nina Neu", "_save": "1"},
        follow=True,
    )


@pytest.mark.django_db(transaction=True)
def test_an_account_hr_creates_gets_a_link_to_choose_a_password(client, hr):
    client.force_login(hr)
    page = create_account(client)
    assert "Eine E-Mail mit dem Weg zur Anmeldung ging an nina.neu@example.com." in page.text
    [invitation] = mail.outbox
    assert invitation.to == ["nina.neu@example.com"]
    assert invitation.subject == "[Social-Media-Portal] Ihr Konto im Social-Media-Portal"
    assert invitation.body.startswith("Hallo Nina,")
    assert "(er ist 3 Tage gültig)" in invitation.body
    assert "„Passwort vergessen?“" in invitation.body  # the way on once the link has expired
    html = invitation.alternatives[0][0]
    assert '<html lang="de">' in html
    # The link lets the new colleague choose a password and signs them in.
    client.logout()
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", invitation.body).group(1)
    opened = client.get(link, follow=True)
    form = opened.redirect_chain[-1][0]
    # Somebody without a password chooses one; "Change password" was a puzzle.
    assert "<title>Passwort festlegen" in opened.text
    assert "Mein Passwort festlegen" in opened.text
    assert "Passwort ändern" not in opened.text
    password = {"password1": "ein-sicheres-Passwort-42", "password2": "ein-sicheres-Passwort-42"}
    mail.outbox.clear()
    done = client.post(form, password, follow=True)
    assert done.context["user"].email == "nina.neu@example.com"
    # Chosen, not changed: no "your password has been reset — not you?" on the first day.
    assert "Ihr Passwort ist festgelegt. Willkommen im Social-Media-Portal!" in done.text
    assert "geändert" not in done.text
    [notice] = mail.outbox
    assert "zurückgesetzt" not in notice.subject
    assert "Passwort festgelegt" in notice.subject or "festgelegt" in notice.body
    assert User.objects.get(email="nina.neu@example.com").check_password("ein-sicheres-Passwort-42")
    # Used once: the link is spent.
    client.logout()
    again = client.get(link, follow=True)
    assert "_auth_user_id" not in client.session
    assert again.status_code == 200
    assert 'name="password1"' not in again.text


@pytest.mark.django_db(transaction=True)
def test_the_invitation_comes_before_the_notices_of_the_trainings_the_account_gets(client, hr, settings):
    """The notices came first, their links leading to a sign-in the person had no password for."""
    import datetime

    from django.utils import timezone

    from tests.training.factories import ModuleFactory
    from training import actions

    settings.CELERY_TASK_ALWAYS_EAGER = True
    actions.create_campaign(
        name="Alle", module=ModuleFactory(title="Grundlagen"), created_by=hr, everyone=True,
        due_date=timezone.localdate() + datetime.timedelta(days=30), enrol_late_joiners=True, late_joiner_days=30,
    )  # fmt: skip
    mail.outbox.clear()
    client.force_login(hr)
    create_account(client)
    subjects = [message.subject for message in mail.outbox if message.to == ["nina.neu@example.com"]]
    assert len(subjects) == 2
    assert subjects[0] == "[Social-Media-Portal] Ihr Konto im Social-Media-Portal"


@pytest.mark.django_db(transaction=True)
def test_a_refused_invitation_keeps_the_account_and_says_what_to_do(client, hr, refuse_mail_to):
    refuse_mail_to.add("nina.neu@example.com")
    client.force_login(hr)
    page = create_account(client)
    assert User.objects.filter(email="nina.neu@example.com").exists()
    assert "Die E-Mail an nina.neu@example.com konnte nicht gesendet werden." in page.text
    assert "„Passwort vergessen?“" in page.text
    assert not mail.outbox


def test_an_english_newcomer_choosing_a_password_in_a_german_browser_reads_english(db, client, mailoutbox):
    """ "Ihr Passwort ist festgelegt" stood above "Successfully signed in as …": the message was
    added before the link signed the person in, so in the browser's language."""
    newcomer = User.objects.create_user(
        email="john@example.com", full_name="John Newman", preferred_language="en"
    )
    assert send_invitation(newcomer)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body).group(1)
    opened = client.get(link, follow=True, HTTP_ACCEPT_LANGUAGE="de-DE")
    form = opened.redirect_chain[-1][0]
    password = {"password1": "ein-sicheres-Passwort-42", "password2": "ein-sicheres-Passwort-42"}
    done = client.post(form, password, follow=True, HTTP_ACCEPT_LANGUAGE="de-DE")
    assert "Your password is set. Welcome to the Social Media Portal!" in done.text
    assert "Ihr Passwort ist festgelegt" not in done.text


def test_hr_sends_a_fresh_invitation_to_active_accounts_not_yet_in_use_only(client, hr, employee):
    """Long-standing users (the superuser too) were told "an account has been created for you",
    with a link to choose a password: it reads like phishing."""
    new = User.objects.create_user(email="neu@example.com", full_name="Neu")  # invited, no password yet
    leaver = User.objects.create_user(email="weg@example.com", full_name="Weg", is_active=False)
    client.force_login(hr)
    changelist = reverse("admin:portal_user_changelist")
    page = client.post(
        changelist,
        {"action": "send_invitation", "_selected_action": [new.pk, employee.pk, leaver.pk]},
        follow=True,
    )
    assert [m.to for m in mail.outbox] == [[new.email]]
    assert f"Eine E-Mail mit dem Weg zur Anmeldung ging an {new.email}." in page.text
    assert "Konten in Gebrauch erhalten keine Einladung" in page.text  # the employee has a password
    # Among others, the leaver seemed to have been sent one too.
    assert "Deaktivierte Konten erhalten keine Einladung." in page.text
    page = client.post(
        changelist, {"action": "send_invitation", "_selected_action": [leaver.pk]}, follow=True
    )
    assert "Deaktivierte Konten erhalten keine Einladung." in page.text
    assert len(mail.outbox) == 1
    # Signed in by single sign-on (no password of the portal's): in use too.
    User.objects.filter(pk=new.pk).update(last_login=timezone.now())
    client.post(changelist, {"action": "send_invitation", "_selected_action": [new.pk]})
    assert len(mail.outbox) == 1


def test_the_invitation_is_in_the_persons_language(employee):
    employee.preferred_language = "en"
    employee.save()
    assert send_invitation(employee)
    assert mail.outbox[0].subject == "[Social Media Portal] Your account on the Social Media Portal"
    assert (
        "To choose your password and sign in, open this link (it is valid for 3 days):" in mail.outbox[0].body
    )


@pytest.mark.parametrize("only", [True, False])
def test_with_single_sign_on_the_invitation_names_it(settings, employee, only):
    settings.SOCIALACCOUNT_ONLY = only
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [{"name": "Firmen-Login"}]}}
    assert send_invitation(employee)
    body = mail.outbox[0].body
    if only:
        assert "Melden Sie sich mit Firmen-Login an: http" in body
        assert "/password/reset/key/" not in body
    else:
        assert "/password/reset/key/" in body
        assert "Sie können sich dort auch mit Firmen-Login anmelden." in body


@pytest.mark.django_db(transaction=True)
def test_hr_chooses_the_new_accounts_language_and_the_invitation_speaks_it(client, hr):
    """HR's form for a new account had no language: the invitation to a colleague who reads no
    German went in German, and HR could only set English after it had gone."""
    client.force_login(hr)
    form = client.get(reverse("admin:portal_user_add")).text
    assert 'name="preferred_language"' in form
    # Its help speaks of the person, not to HR ("the one you last signed in with").
    assert "Leer: die Sprache des Browsers der Person." in form
    assert "zuletzt angemeldet" not in form
    client.force_login(User.objects.create_superuser("root@example.com", "x"))
    changed = client.get(reverse("admin:portal_user_change", args=[hr.pk])).text
    assert "Leer: die Sprache des Browsers der Person." in changed
    client.force_login(hr)
    client.post(
        reverse("admin:portal_user_add"),
        {"email": "sam.new@example.com", "full_name": "Sam New", "preferred_language": "en", "_save": "1"},
        follow=True,
    )
    assert User.objects.get(email="sam.new@example.com").preferred_language == "en"
    [invitation] = mail.outbox
    assert invitation.subject == "[Social Media Portal] Your account on the Social Media Portal"
    assert invitation.body.startswith("Hello Sam,")
