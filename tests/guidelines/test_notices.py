"""Publishing a version that everybody must confirm asks them by e-mail, once each."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from guidelines import actions, notices, tasks
from guidelines.models import AcknowledgementRequest, GuidelineVersion
from portal.personal_data import collect
from tests.conftest import make_user

from .factories import SectionFactory, publish

pytestmark = pytest.mark.django_db

ADD = "admin:guidelines_guidelineversion_add"


def _publish_in_admin(comms, django_capture_on_commit_callbacks, **data):
    client = Client()
    client.force_login(comms)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(ADD),
            {"summary": "", "summary_en": "", "requires_acknowledgement": "", **data},
            follow=True,
        )
    assert response.status_code == 200
    return response


def test_publishing_a_version_to_be_confirmed_asks_everybody_by_e_mail_in_their_language(
    comms, employee, django_capture_on_commit_callbacks
):
    SectionFactory()
    first = publish(comms)
    english = make_user("en@example.com", full_name="Eve English", preferred_language="en")
    make_user("weg@example.com", is_active=False)
    actions.acknowledge(employee, first)
    SectionFactory(title="Neu")
    mail.outbox.clear()
    response = _publish_in_admin(
        comms, django_capture_on_commit_callbacks,
        summary="Neuer Abschnitt zu KI-Bildern", summary_en="A new section on AI images",
        requires_acknowledgement="on",
    )  # fmt: skip
    assert "Alle werden jetzt per E-Mail gebeten, sie zu bestätigen." in response.text
    version = GuidelineVersion.objects.current()
    by_address = {m.to[0]: m for m in mail.outbox}
    # Everybody active: who confirmed the earlier version too (this one asks again), comms as well.
    assert set(by_address) == {employee.email, english.email, comms.email}
    german, in_english = by_address[employee.email], by_address[english.email]
    assert german.subject.endswith(
        "Die Social-Media-Leitlinien haben sich geändert: Bitte bestätigen Sie sie"
    )
    assert f",\n\ndie Social-Media-Leitlinien haben sich geändert (Version {version.number})" in german.body
    assert "Was sich geändert hat: Neuer Abschnitt zu KI-Bildern" in german.body
    assert in_english.subject.endswith("The social media guidelines have changed: please confirm them")
    assert "What changed: A new section on AI images" in in_english.body
    assert reverse("guidelines:index") in in_english.body
    assert reverse("guidelines:compare", args=[first.number, version.number]) in in_english.body
    assert "AI images" in in_english.alternatives[0][0]
    # Once each: the task again asks nobody.
    mail.outbox.clear()
    assert tasks.ask_to_acknowledge.delay(version.pk).get() == 0
    assert mail.outbox == []
    assert AcknowledgementRequest.objects.filter(version=version).count() == 3
    assert collect(english)["guideline_acknowledgements_asked_for"][0]["version"] == version.number


def test_a_version_not_to_be_confirmed_again_sends_nothing(
    comms, employee, django_capture_on_commit_callbacks
):
    SectionFactory()
    publish(comms)
    SectionFactory(title="Tippfehler")
    mail.outbox.clear()
    response = _publish_in_admin(comms, django_capture_on_commit_callbacks, summary="Tippfehler behoben")
    assert "per E-Mail" not in response.text
    assert mail.outbox == []


def test_the_first_version_asks_everybody_to_read_the_guidelines(
    comms, employee, django_capture_on_commit_callbacks
):
    SectionFactory()
    _publish_in_admin(comms, django_capture_on_commit_callbacks, summary="Erste Fassung")
    german = next(m for m in mail.outbox if m.to == [employee.email])
    assert german.subject.endswith("Bitte lesen und bestätigen Sie die Social-Media-Leitlinien")
    assert "Vorversion" not in german.body  # nothing to compare with


def test_whoever_confirmed_before_the_mail_went_and_a_superseded_version_ask_nobody(comms, employee):
    SectionFactory()
    version = publish(comms, requires=True)
    actions.acknowledge(employee, version)
    assert notices.ask_to_acknowledge(version.pk) == 1  # comms only: the employee confirmed already
    assert [m.to for m in mail.outbox] == [[comms.email]]
    SectionFactory(title="Noch eine")
    newer = publish(comms, requires=True)
    SectionFactory(title="Und noch eine")
    publish(comms, requires=True)
    mail.outbox.clear()
    assert notices.ask_to_acknowledge(newer.pk) == 0  # a later version asks instead
    assert mail.outbox == []


def test_a_refused_address_does_not_stop_the_others(refuse_mail_to, comms, employee):
    SectionFactory()
    version = publish(comms, requires=True)
    refuse_mail_to.add(comms.email)
    assert notices.ask_to_acknowledge(version.pk) == 1
    assert [m.to for m in mail.outbox] == [[employee.email]]
    assert not AcknowledgementRequest.objects.filter(user=comms).exists()


def test_a_mail_out_cut_short_by_the_time_limit_goes_on_in_a_new_run(comms, employee, monkeypatch):
    """Thousands of mails through a slow server outlast the task's time limit: the rest were never
    asked. The task runs again from where it stopped, asking nobody twice."""
    from celery.exceptions import Retry, SoftTimeLimitExceeded

    make_user("dritte@example.com")
    SectionFactory()
    version = publish(comms, requires=True)
    send, calls = notices.send_mail_to, []

    def slow(user, *args, **kwargs):
        calls.append(user.email)
        if len(calls) == 2:
            raise SoftTimeLimitExceeded
        send(user, *args, **kwargs)

    monkeypatch.setattr(notices, "send_mail_to", slow)
    with pytest.raises(Retry):  # the task asks to run again (eager here: the worker would)
        tasks.ask_to_acknowledge.delay(version.pk)
    assert len(mail.outbox) == 1
    tasks.ask_to_acknowledge.delay(version.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([comms.email, employee.email, "dritte@example.com"])
    assert AcknowledgementRequest.objects.filter(version=version).count() == 3
