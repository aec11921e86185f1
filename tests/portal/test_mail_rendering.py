"""Every e-mail the portal sends, rendered for a German and an English recipient: in the
recipient's language whatever the sender's, with links on PORTAL_URL, dates as the recipient
writes them in the company's time zone, and a plain-text part that reads as a letter."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from contacts.actions import _advisor_mail_context
from monitoring.models import PauseCause, Source
from portal.lib.mail import send_mail_to, tidy_text
from tests.conftest import make_user
from tests.contacts.factories import AdvisorFactory, AdvisorTopicFactory, QuestionFactory
from tests.monitoring.factories import SourceFactory, make_mention
from tests.training.factories import AssignmentFactory, ModuleFactory
from training import reminders
from training.models import Module

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
PORTAL = "https://portal.example.com"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _portal_url(settings):
    settings.PORTAL_URL = PORTAL


def _every_mail(recipient, sender) -> None:
    """One of each mail to ``recipient``, sent while ``sender``'s language is the active one."""
    topic = AdvisorTopicFactory(name="Datenschutz", name_en="Data protection")
    question = QuestionFactory(subject="Messefoto & Co.", topic=topic, asker=sender)
    # Asked at 00:30 in Berlin on the night the clocks go forward: still the 28th in UTC.
    asked = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN)
    follow_up = question.follow_ups.create(body="Und auf Instagram?", answer="Ja.", created_at=asked)
    advisor = AdvisorFactory(user=recipient, name="")
    mention = make_mention(title="Nordlicht wächst", source=SourceFactory(name="Tech Daily"))
    source = SourceFactory(
        name="Alert", **Source.paused_fields(asked, PauseCause.FAILURES, count=10, code="404")
    )
    url = f"{PORTAL}/x/"
    contexts = {
        "contacts/email/new_question": _advisor_mail_context(question),
        "contacts/email/follow_up": _advisor_mail_context(question),
        "contacts/email/reminder": {**_advisor_mail_context(question), "follow_up": follow_up},
        "contacts/email/answered": {"question": question, "url": url},
        "contacts/email/closed_unanswered": {"question": question, "follow_up": False, "url": url},
        "contacts/email/confirm_profile": {"url": url},
        "contacts/email/handed_over": {"count": 2},
        "monitoring/email/assigned": {
            "advisor": advisor, "assigned_by": sender, "mention": mention, "note": "Bitte prüfen", "url": url,
        },
        "monitoring/email/unassigned": {"advisor": advisor, "assigned_by": sender, "mention": mention, "url": url},
        "contacts/email/handed_on": {
            **_advisor_mail_context(question), "colleague": AdvisorFactory(name="Tom Baker"), "note": "Danke!",
        },
        "monitoring/email/source_paused": {"source": source, "admin_url": url},
        "monitoring/email/digest": {"mentions": [(mention, url)], "list_url": url, "profile_url": url},
        "portal/email/invitation": {
            "set_password_url": url, "valid_days": 3, "login_url": url, "sso_name": "",
        },
    }  # fmt: skip
    with translation.override(sender.preferred_language):
        for template, context in contexts.items():
            send_mail_to(recipient, template, context)


@pytest.mark.parametrize(("language", "other"), [("de", "en"), ("en", "de")])
def test_every_mail_is_in_the_recipients_language_and_reads_as_a_letter(language, other):
    recipient = make_user("greta@example.com", full_name="Greta Lange", preferred_language=language)
    sender = make_user("tom@example.com", full_name="Tom Baker", preferred_language=other)
    _every_mail(recipient, sender)
    assert len(mail.outbox) == 13
    greeting = {"de": "Hallo Greta,", "en": "Hello Greta,"}[language]
    prefix = {"de": "[Social-Media-Portal] ", "en": "[Social Media Portal] "}[language]
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert message.subject.startswith(prefix), message.subject
        assert message.body.startswith(greeting + "\n\n"), message.subject
        assert message.body[-2:] in (".\n", "/\n", "l\n"), message.subject  # one line break at the end
        assert "\n\n\n" not in message.body, message.subject  # no holes where an optional part was
        assert "&amp;" not in message.body  # plain text
        # Every link is on the portal's public address, not relative or on the request's host.
        for link in re.findall(r'href="([^"]+)"', html) + re.findall(r"https?://\S+", message.body):
            assert link.startswith((PORTAL, "https://feeds.example.com/")), (message.subject, link)
    # The words of the other language are nowhere: the sender's language did not leak in.
    bodies = "\n".join(m.subject + m.body for m in mail.outbox)
    if language == "de":
        assert not re.search(r"\b(Hello|Your|question|the|please)\b", bodies)
        assert "Thema: Datenschutz" in bodies
    else:
        assert not re.search(r"\b(Hallo|Ihre?|Frage|bitte|und)\b", bodies)
        assert "Topic: Data protection" in bodies
    # The follow-up's day as the recipient writes it, in the company's time zone.
    assert {"de": "Rückfrage vom 29.03.2026", "en": "follow-up question of 29/03/2026"}[language] in bodies


def test_paragraphs_of_the_plain_text_part_are_apart():
    """The mail to an advisor whose profile was switched off ran its two paragraphs together."""
    recipient = make_user("greta@example.com", full_name="Greta Lange", preferred_language="en")
    send_mail_to(recipient, "contacts/email/handed_over", {"count": 2})
    body = mail.outbox[0].body
    assert "advisor directory.\n\nSo that none is left unanswered" in body


def test_tidy_text_leaves_one_empty_line_between_paragraphs():
    assert tidy_text("Hallo,\n\n\n\nText  \n\n\nhttps://x/\n\n\n") == "Hallo,\n\nText\n\nhttps://x/\n"


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("de", "Ihr Workshop „LinkedIn“ findet am 29. März 2026 um 10:00 statt. Ort: Raum 2.14.\n\n"),
        ("en", "Your workshop “LinkedIn” is on 29 Mar 2026 at 10:00. Place: Room 2.14.\n\n"),
    ],
)
def test_a_workshop_on_the_day_the_clocks_change_is_named_in_berlin_time(language, when):
    """The workshop reminder names the workshop's day and time as the company's clock shows them,
    on the night the clocks go forward too, and its plain text has no empty lines where the
    lesson's "It takes about … minutes" would be."""
    user = make_user("greta@example.com", full_name="Greta Lange", preferred_language=language)
    module = ModuleFactory(
        title="LinkedIn", title_en="LinkedIn", kind=Module.Kind.WORKSHOP,
        workshop_location="Raum 2.14", workshop_location_en="Room 2.14",
        workshop_starts_at=datetime.datetime(2026, 3, 29, 10, tzinfo=BERLIN),
    )  # fmt: skip
    AssignmentFactory(
        user=user, module=module, due_date=datetime.date(2026, 4, 5),
        assigned_at=datetime.datetime(2026, 3, 1, tzinfo=BERLIN),
    )  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 3, 29, 0, 5, tzinfo=BERLIN), tick=False):
        assert reminders.send_due_reminders() == 1
    [message] = mail.outbox
    assert message.subject.endswith(
        {"de": "Workshop „LinkedIn“ heute", "en": "workshop “LinkedIn” today"}[language]
    )
    assert when in message.body
    assert "\n\n\n" not in message.body


@pytest.mark.parametrize(
    ("language", "subject", "text"),
    [
        ("de", "Erinnerung: „Grundlagen“ ist heute fällig", "Ihre Schulung „Grundlagen“ ist heute fällig."),
        ("en", "Reminder: “Basics” is due today", "Your training “Basics” is due today."),
    ],
)
def test_the_reminder_just_after_midnight_on_the_autumn_changeover_is_for_that_day(language, subject, text):
    """At 00:30 on 25 October 2026 it is still the 24th in UTC: the due-today reminder is for the
    Berlin day, whatever the server's clock says."""
    user = make_user("greta@example.com", full_name="Greta Lange", preferred_language=language)
    module = ModuleFactory(title="Grundlagen", title_en="Basics", estimated_minutes=1)
    AssignmentFactory(user=user, module=module, due_date=datetime.date(2026, 10, 25))
    with time_machine.travel(datetime.datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN), tick=False):
        reminders.send_due_reminders()
    [message] = mail.outbox
    assert message.subject.endswith(subject)
    assert text in message.body
    assert {"de": "Sie dauert etwa 1 Minute.", "en": "It takes about 1 minute."}[language] in message.body
