"""The communications team's queue of flagged mentions and the feed health page."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Mention, MentionTabooMatch, ReviewStatus, Source
from tests.conftest import sent_drafts
from tests.monitoring.factories import SourceFactory, make_mention
from tests.monitoring.test_polling import make_taboo_topic

pytestmark = pytest.mark.django_db

QUEUE = reverse("monitoring:queue")
SOURCES = reverse("monitoring:sources")


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


def flagged(title: str = "Umsatz verdoppelt", words=("Umsatz",)) -> Mention:
    mention = make_mention(title=title, flagged=True)
    topic = make_taboo_topic(f"Finanzkennzahlen {title}", list(words))
    MentionTabooMatch.objects.create(mention=mention, topic=topic, matched_words=list(words))
    return mention


@pytest.mark.parametrize("count", [1, 12])
def test_queue_shows_flagged_mentions_with_topic_and_words_in_constant_queries(
    comms_client, django_assert_num_queries, count
):
    for n in range(count):
        flagged(f"Flagged {n}")
    asked = make_mention(title="Asked about", needs_attention=True)
    make_mention(title="Harmless")
    make_mention(title="Done", flagged=True, review_status=ReviewStatus.RESOLVED)
    # session, user, roles, navigation badge count, paginator count, the mentions
    # with sources and assigned advisors, their taboo matches, the matches' topics,
    # the active advisors to assign to
    with django_assert_num_queries(9):
        response = comms_client.get(QUEUE)
    text = response.text
    assert "Flagged 0" in text
    assert asked.title in text
    assert "Harmless" not in text
    assert "Done" not in text
    # The words in the mention's language (a screen reader reads German words as German).
    assert re.search(r'<strong>Finanzkennzahlen Flagged 0</strong>: <span lang="de" dir="ltr">Umsatz', text)
    assert "Eine Kollegin oder ein Kollege bittet um Prüfung." in text


def test_navigation_shows_the_queue_count_to_comms_only(client, comms, employee):
    flagged()
    make_mention(needs_attention=True)
    client.force_login(comms)
    assert "2 markierte Erwähnungen zu prüfen" in client.get(reverse("home")).text
    client.force_login(employee)
    text = client.get(reverse("home")).text
    assert "markierte Erwähnung" not in text


def test_resolving_needs_a_note_and_takes_the_mention_out_of_the_queue(comms_client, comms):
    mention = flagged()
    url = reverse("monitoring:review", args=[mention.pk])
    response = comms_client.post(url, {"action": "resolved", "note": "  "}, follow=True)
    # Back on the queue (not at the form's address: reloading sends nothing, links work),
    # with the error next to the mention, opened at it, and said at the top.
    assert response.redirect_chain == [(f"{QUEUE}#mention-{mention.pk}", 302)]
    assert "Bitte beschreiben Sie kurz, wie es erledigt wurde." in response.text
    assert f"„{mention}“ wurde nicht gespeichert: Den Grund sehen Sie bei der Erwähnung." in response.text
    assert 'aria-invalid="true"' in response.text
    # Shown once: a reload is the plain queue.
    assert "Bitte beschreiben Sie kurz" not in comms_client.get(QUEUE).text

    response = comms_client.post(url, {"action": "resolved", "note": "Pressestelle informiert"}, follow=True)
    assert "ist erledigt" in response.text
    mention.refresh_from_db()
    assert (mention.review_status, mention.review_note, mention.reviewed_by) == (
        ReviewStatus.RESOLVED, "Pressestelle informiert", comms
    )  # fmt: skip
    assert not Mention.objects.in_queue().exists()


def test_resolving_says_how_to_put_a_mention_resolved_by_mistake_back_in_the_queue(comms_client):
    """ "Resolve" sits next to "Dismiss"; only the dismissal said the way back. Both say it, and
    the way works for a resolved mention too."""
    mention = flagged()
    response = comms_client.post(
        reverse("monitoring:review", args=[mention.pk]),
        {"action": "resolved", "note": "Falscher Knopf"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        f"“{mention}” is resolved. Resolved by mistake? On the mention's page, “Ask the communications "
        "team to take a look” puts it back in the queue."
    ) in html.unescape(response.text)
    page = comms_client.get(reverse("monitoring:detail", args=[mention.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Ask the communications team to take a look" in page.text
    comms_client.post(reverse("monitoring:request_attention", args=[mention.pk]))
    assert list(Mention.objects.in_queue()) == [mention]


def test_dismissing_needs_no_note_and_bad_actions_are_refused(comms_client):
    mention = flagged()
    url = reverse("monitoring:review", args=[mention.pk])
    response = comms_client.post(url, {"action": "delete"}, follow=True)
    mention.refresh_from_db()
    assert mention.review_status == ReviewStatus.OPEN
    assert '<p class="field-error" role="alert">' in response.text  # said at the mention, too
    comms_client.post(url, {"action": "dismissed"})
    mention.refresh_from_db()
    assert mention.review_status == ReviewStatus.DISMISSED
    harmless = make_mention()  # never in the queue: nothing to dismiss, and nothing changes
    comms_client.post(reverse("monitoring:review", args=[harmless.pk]), {"action": "dismissed"})
    harmless.refresh_from_db()
    assert (harmless.review_status, harmless.reviewed_by) == (ReviewStatus.OPEN, None)


def test_an_employee_asking_again_reopens_a_dismissed_mention(employee_client, comms_client):
    mention = flagged()
    comms_client.post(reverse("monitoring:review", args=[mention.pk]), {"action": "dismissed"})
    employee_client.post(reverse("monitoring:request_attention", args=[mention.pk]))
    assert Mention.objects.in_queue().get() == mention


@pytest.mark.parametrize("persona", ["employee", "hr", "advisor"])
def test_other_roles_cannot_see_or_work_the_queue_or_feed_health(client, request, persona):
    mention = flagged()
    source = SourceFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == 403
    assert (
        client.post(reverse("monitoring:review", args=[mention.pk]), {"action": "dismissed"}).status_code
        == 403
    )
    assert client.get(SOURCES).status_code == 403
    assert client.post(reverse("monitoring:poll_now", args=[source.pk])).status_code == 403
    mention.refresh_from_db()
    assert mention.review_status == ReviewStatus.OPEN


def test_feed_health_lists_every_source_with_its_state_in_constant_queries(
    comms_client, django_assert_num_queries
):
    now = timezone.now()
    ok = SourceFactory(name="Good feed", last_success_at=now)
    SourceFactory(
        name="Broken feed", consecutive_errors=4, last_error_at=now, last_error_code="timeout",
        last_error_detail="after 10 s",
    )  # fmt: skip
    SourceFactory(
        name="Paused feed",
        active=False,
        pause_cause="other",
        pause_details={"text": "10 failures in a row: 404"},
    )
    for _ in range(3):
        make_mention(source=ok)
    # session, user, roles, navigation badge, how many sources, the page of sources, their 7-day counts
    with django_assert_num_queries(7):
        response = comms_client.get(SOURCES)
    text = response.text
    assert "Zeitüberschreitung: after 10 s" in text or "after 10 s" in text
    assert "10 failures in a row: 404" in text
    row = text.split("Good feed")[1].split("</tr>")[0]
    assert "<td>3</td>" in row


def test_feed_health_comes_in_pages_with_the_paused_and_failing_first(
    comms_client, django_assert_num_queries
):
    from monitoring.comms_views import SOURCES_PAGE_SIZE

    for n in range(SOURCES_PAGE_SIZE + 5):
        SourceFactory(name=f"Feed {n:03}")
    SourceFactory(name="Zz paused", active=False, pause_cause="other", pause_details={"text": "10 failures"})
    # session, user, roles, navigation badge, the count, the page of sources, their 7-day counts
    with django_assert_num_queries(7):
        first = comms_client.get(SOURCES).text
    assert "Zz paused" in first
    assert "Seite 1 von 2" in first
    # Failing ones before those paused by hand (a big import paused put them on the last page).
    for n in range(SOURCES_PAGE_SIZE):
        SourceFactory(name=f"Aa paused {n:03}", active=False, pause_cause="manual")
    SourceFactory(name="Zz failing", consecutive_errors=3, last_error_code="http_status")
    names = [source.name for source in comms_client.get(SOURCES).context["sources"]]
    assert names[0] == "Zz failing"
    Source.objects.filter(name__startswith="Aa paused").delete()
    assert "Feed 104" in comms_client.get(SOURCES, {"page": "2"}).text
    for not_a_page in ("abc", "0", "-1", " -3 "):  # the first page, not (for 0 and below) the last
        assert "Seite 1 von 2" in comms_client.get(SOURCES, {"page": not_a_page}).text
    assert "Seite 2 von 2" in comms_client.get(SOURCES, {"page": "99"}).text
    # "Poll now" on page 2 comes back to page 2.
    late = Source.objects.get(name="Feed 104")
    response = comms_client.post(reverse("monitoring:poll_now", args=[late.pk]), {"page": "2"})
    assert response["Location"] == SOURCES + "?page=2"


def test_poll_now_enqueues_a_poll(comms_client, monkeypatch):
    from monitoring import pipeline

    source = SourceFactory(name="Manual")
    calls = []
    monkeypatch.setattr(pipeline, "enqueue_polls", lambda ids: calls.append(list(ids)) or 1)
    response = comms_client.post(reverse("monitoring:poll_now", args=[source.pk]), follow=True)
    assert calls == [[source.pk]]
    assert "„Manual“ wird gleich abgerufen." in response.text
    response = comms_client.post(reverse("monitoring:poll_now", args=[999999]), follow=True)
    assert "Diese Quelle gibt es nicht mehr." in response.text
    assert comms_client.get(reverse("monitoring:poll_now", args=[source.pk])).status_code == 405


@pytest.mark.django_db(transaction=True)  # no test transaction: the task is sent as in production
def test_poll_now_with_the_task_queue_down_says_so_and_leaves_no_claim(comms_client, monkeypatch):
    """A 500, and the source stayed claimed for the lease's six minutes: "being polled already"."""
    from kombu.exceptions import OperationalError

    from monitoring import pipeline

    source = SourceFactory(name="Manual")

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(pipeline, "_enqueue", down)
    response = comms_client.post(reverse("monitoring:poll_now", args=[source.pk]), follow=True)
    assert response.status_code == 200
    assert "Der Hintergrunddienst ist gerade nicht erreichbar" in response.text
    source.refresh_from_db()
    assert (source.claim_token, source.claimed_at) == (None, None)
    admin_page = comms_client.post(
        reverse("admin:monitoring_source_changelist"),
        {"action": "poll_now", "_selected_action": [source.pk]},
        follow=True,
    )
    assert "Der Hintergrunddienst ist gerade nicht erreichbar" in admin_page.text
    monkeypatch.undo()
    monkeypatch.setattr(pipeline, "_enqueue", lambda claims, **options: None)
    assert pipeline.enqueue_polls([source.pk]) == 1  # free to be polled at once


def test_poll_now_of_a_paused_source_says_it_stays_paused(comms_client, monkeypatch):
    """ "Poll now" on a source paused after failures polls it once: it read as if that resumed it."""
    from monitoring import pipeline

    paused = SourceFactory(name="Kaputt", active=False, pause_cause="failures", pause_details={"count": 5})
    monkeypatch.setattr(pipeline, "enqueue_polls", lambda ids: 1)
    response = comms_client.post(
        reverse("monitoring:poll_now", args=[paused.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (
        "“Kaputt” will be polled once in a moment. It stays paused until it is resumed in the administration."
        in response.text
    )


def test_dashboard_card_shows_comms_the_flagged_count(comms_client):
    flagged()
    text = comms_client.get(reverse("home")).text
    assert "1 markierte Erwähnung zu prüfen" in text


def test_comms_assigns_a_flagged_mention_to_an_advisor_who_gets_an_e_mail(
    comms_client, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.contacts.factories import AdvisorFactory

    mention = flagged("Umsatz & Gewinn verdoppelt")
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    AdvisorFactory(name="Inaktiv", is_active=False)
    url = reverse("monitoring:review", args=[mention.pk])
    response = comms_client.get(QUEUE)
    assert "Anton Vogel" in response.text
    assert "Inaktiv" not in response.text

    response = comms_client.post(url, {"action": "assign", "note": "Bitte bis Freitag"}, follow=True)
    assert "Bitte wählen Sie einen Ansprechpartner." in response.text
    assert "Bitte bis Freitag</textarea>" in response.text  # what was typed is kept
    gone = AdvisorFactory(name="Bald weg")
    gone.is_active = False
    gone.save()
    response = comms_client.post(url, {"action": "assign", "advisor": gone.pk}, follow=True)
    assert "Dieser Ansprechpartner ist nicht mehr verfügbar. Bitte wählen Sie einen anderen." in response.text
    assert "gültige Auswahl" not in response.text
    assert "Bitte wählen Sie einen Ansprechpartner." not in response.text

    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(
            url, {"action": "assign", "advisor": anton.pk, "note": "Bitte bis Freitag"}, follow=True
        )
    assert "Anton Vogel wurde gebeten, sich „Umsatz &amp; Gewinn verdoppelt“ anzusehen." in response.text
    assert "Zugewiesen an Anton Vogel: Bitte bis Freitag" in response.text
    mention.refresh_from_db()
    assert mention.assigned_to == anton
    assert mention.review_status == ReviewStatus.OPEN  # stays in the queue until resolved
    assert [m.to for m in mailoutbox] == [["advisor@example.com"]]
    assert mailoutbox[0].subject.endswith("„Umsatz & Gewinn verdoppelt“")  # plain text: no &amp;
    assert f"http://localhost:8000/mentions/{mention.pk}/" in mailoutbox[0].body
    assert "Bitte bis Freitag" in mailoutbox[0].body  # the note reaches the advisor
    assert mailoutbox[0].body.startswith("Hallo Anton,")  # greeted as in every other mail
    # A double click (or a second tab) asks once; a new note is a new request.
    with django_capture_on_commit_callbacks(execute=True):
        again = comms_client.post(url, {"action": "assign", "advisor": anton.pk, "note": "Bitte bis Freitag"})
    assert again.status_code == 302
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": anton.pk, "note": "Eilt jetzt"})
    assert len(mailoutbox) == 2


def test_queue_form_errors_sit_where_the_problem_is_and_keep_the_choice(comms_client, advisor):
    from tests.contacts.factories import AdvisorFactory

    mention = flagged("Umsatz & Gewinn verdoppelt")
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    url = reverse("monitoring:review", args=[mention.pk])
    page = comms_client.post(url, {"action": "assign", "note": "ok"}, follow=True).text
    assert f'id="note-error-{mention.pk}"' not in page  # the note is fine
    assert 'aria-invalid="true" aria-describedby="advisor-error' in page
    page = comms_client.post(
        url, {"action": "resolved", "note": "x" * 2001, "advisor": anton.pk}, follow=True
    ).text
    assert "höchstens 2.000 Zeichen (es sind" in page
    assert "Bitte beschreiben Sie kurz" not in page  # a note was typed: it is too long, not missing
    assert f'<option value="{anton.pk}" selected>' in page


def test_a_refused_review_comes_back_on_the_page_its_mention_moved_to(comms_client):
    """A newer flagged mention pushed it to page 2: the note typed on page 1 was shown nowhere."""
    from monitoring.comms_views import QUEUE_PAGE_SIZE

    mentions = [flagged(f"Meldung {n}") for n in range(QUEUE_PAGE_SIZE)]
    last_on_page_one = min(mentions, key=lambda m: (m.published_at, m.pk))
    newest = flagged("Ganz neu")  # arrives while the note is typed
    Mention.objects.filter(pk=newest.pk).update(published_at=timezone.now() + timedelta(minutes=1))
    response = comms_client.post(
        reverse("monitoring:review", args=[last_on_page_one.pk]),
        {"action": "resolved", "note": "y" * 2001, "page": "1"},
    )
    assert response["Location"] == f"{QUEUE}?page=2#mention-{last_on_page_one.pk}"
    page = comms_client.get(response["Location"]).text
    assert "y" * 2001 in page


def test_the_review_outcome_shows_on_the_mention_for_comms_only(comms_client, client, employee):
    mention = flagged()
    comms_client.post(
        reverse("monitoring:review", args=[mention.pk]), {"action": "resolved", "note": "Geklärt"}
    )
    detail = reverse("monitoring:detail", args=[mention.pk])
    assert "Geklärt" in comms_client.get(detail).text
    client.force_login(employee)
    assert "Geklärt" not in client.get(detail).text


@pytest.mark.parametrize("second", [{"action": "dismissed"}, {"action": "assign"}])
def test_of_two_colleagues_acting_at_once_the_second_is_told_and_changes_nothing(
    comms_client, comms, advisor, monkeypatch, second, mailoutbox, django_capture_on_commit_callbacks
):
    """Both requests read the mention while it was open; the first to write wins."""
    from monitoring import comms_views
    from tests.contacts.factories import AdvisorFactory

    mention = flagged()
    stale = comms_views.get_reviewable_mention(mention.pk)  # as the second request read it
    comms_client.post(
        reverse("monitoring:review", args=[mention.pk]), {"action": "resolved", "note": "Presse informiert"}
    )
    reads = iter([stale])
    real = comms_views.get_reviewable_mention
    monkeypatch.setattr(comms_views, "get_reviewable_mention", lambda pk: next(reads, None) or real(pk))
    if second["action"] == "assign":
        second = {**second, "advisor": AdvisorFactory(user=advisor).pk, "note": "Bitte ansehen"}
    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(reverse("monitoring:review", args=[mention.pk]), second, follow=True)
    assert "wurde bereits von" in response.text
    assert "bearbeitet (erledigt)" in response.text
    mention.refresh_from_db()
    assert (mention.review_status, mention.review_note) == (ReviewStatus.RESOLVED, "Presse informiert")
    assert mention.assigned_to is None
    assert mailoutbox == []


def test_only_advisors_an_e_mail_reaches_can_be_asked_to_look(comms_client, advisor):
    from tests.contacts.factories import AdvisorFactory

    mention = flagged()
    AdvisorFactory(name="Anton Konto", user=advisor, email="")
    AdvisorFactory(name="Petra Postfach", email="petra@example.com")
    phone_only = AdvisorFactory(name="Paul Telefon", email="", phone="+49 40 1234")
    queue = comms_client.get(QUEUE).text
    assert "Anton Konto" in queue
    assert "Petra Postfach" in queue
    assert "Paul Telefon" not in queue
    response = comms_client.post(
        reverse("monitoring:review", args=[mention.pk]),
        {"action": "assign", "advisor": phone_only.pk},
        follow=True,
    )
    assert "Dieser Ansprechpartner ist nicht mehr verfügbar." in response.text
    mention.refresh_from_db()
    assert mention.assigned_to is None


def test_a_reopened_mention_is_assigned_to_nobody_and_shows_its_earlier_review_as_such(
    comms_client, comms, employee
):
    from django.test import Client

    from tests.contacts.factories import AdvisorFactory

    employee_client = Client()
    employee_client.force_login(employee)

    mention = flagged()
    url = reverse("monitoring:review", args=[mention.pk])
    comms_client.post(url, {"action": "assign", "advisor": AdvisorFactory(name="Jens Kaufmann").pk})
    comms_client.post(url, {"action": "resolved", "note": "Erledigt, Presse informiert"})
    employee_client.post(reverse("monitoring:request_attention", args=[mention.pk]))
    mention.refresh_from_db()
    assert mention.assigned_to is None
    queue = comms_client.get(QUEUE).text
    assert "Zugewiesen an" not in queue
    assert "Zuvor bearbeitet von" in queue
    assert "Erledigt, Presse informiert" in queue


def test_asked_about_while_a_colleague_resolves_it_the_mention_comes_back_assigned_to_nobody(comms):
    """Read as open, then resolved by comms, then saved: it came back open and still assigned to
    the advisor who had just been told it was resolved."""
    from monitoring import actions
    from tests.contacts.factories import AdvisorFactory

    mention = flagged()
    actions.assign(mention, AdvisorFactory(name="Jens Kaufmann"), comms, "Bitte ansehen")
    stale = Mention.objects.get(pk=mention.pk)  # what the employee's request read: open, assigned
    assert actions.review(Mention.objects.get(pk=mention.pk), comms, ReviewStatus.RESOLVED, "Erledigt")
    actions.request_attention(stale)
    mention.refresh_from_db()
    assert (mention.review_status, mention.needs_attention) == (ReviewStatus.OPEN, True)
    assert (mention.assigned_to, mention.assignment_note) == (None, "")
    assert mention.review_note == "Erledigt"  # the earlier review stays, shown as such


def test_a_refused_advisor_address_still_assigns_the_mention(
    comms_client, advisor, refuse_mail_to, django_capture_on_commit_callbacks
):
    from tests.contacts.factories import AdvisorFactory

    mention = flagged("Umsatz verdoppelt")
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    refuse_mail_to.add(advisor.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(
            reverse("monitoring:review", args=[mention.pk]), {"action": "assign", "advisor": anton.pk}
        )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.assigned_to == anton


def test_deleting_a_taboo_topic_takes_the_mentions_flagged_for_it_alone_out_of_the_queue(comms_client):
    only_this = flagged("Umsatz verdoppelt")
    topic = only_this.taboo_matches.get().topic
    also_other = flagged("Umsatz und Übernahme")
    MentionTabooMatch.objects.create(mention=also_other, topic=topic, matched_words=["Umsatz"])
    asked = flagged("Gewinn gesunken")
    MentionTabooMatch.objects.filter(mention=asked).update(topic=topic)
    Mention.objects.filter(pk=asked.pk).update(needs_attention=True)  # an employee asked, too
    topic.delete()
    only_this.refresh_from_db()
    also_other.refresh_from_db()
    assert not only_this.flagged
    assert also_other.flagged  # still touches its other topic
    page = comms_client.get(QUEUE).text
    assert "Umsatz verdoppelt" not in page
    assert "Umsatz und Übernahme" in page
    assert "Gewinn gesunken" in page  # asked about: stays in the queue


def test_resolving_keeps_the_note_the_advisor_was_sent(comms_client, advisor):
    """Assignment and resolution shared one note: resolving replaced what the advisor was asked."""
    from tests.contacts.factories import AdvisorFactory

    mention = flagged("Umsatz verdoppelt")
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    url = reverse("monitoring:review", args=[mention.pk])
    comms_client.post(url, {"action": "assign", "advisor": anton.pk, "note": "Bitte bis Freitag"})
    comms_client.post(url, {"action": ReviewStatus.RESOLVED, "note": "Anton hat geantwortet"})
    mention.refresh_from_db()
    assert (mention.assignment_note, mention.review_note) == ("Bitte bis Freitag", "Anton hat geantwortet")
    page = comms_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert "Zugewiesen an Anton Vogel: Bitte bis Freitag" in page
    assert "Anton hat geantwortet" in page


def test_the_migration_moves_an_open_assignments_note(advisor):
    import importlib

    from django.apps import apps

    from tests.contacts.factories import AdvisorFactory

    migration = importlib.import_module("monitoring.migrations.0013_mention_assignment_note")
    waiting = flagged("Offen")
    handled = flagged("Erledigt")
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    Mention.objects.filter(pk=waiting.pk).update(assigned_to=anton, review_note="Bitte prüfen")
    Mention.objects.filter(pk=handled.pk).update(
        assigned_to=anton, review_note="Erledigt", review_status=ReviewStatus.RESOLVED
    )
    migration.move_open_assignment_notes(apps, None)
    waiting.refresh_from_db()
    handled.refresh_from_db()
    assert (waiting.assignment_note, waiting.review_note) == ("Bitte prüfen", "")
    assert (handled.assignment_note, handled.review_note) == ("", "Erledigt")


def test_a_new_assignment_shows_only_its_own_note(comms_client, employee):
    """The queue showed the note sent to the first advisor as if the second had been sent it."""
    from django.test import Client

    from tests.contacts.factories import AdvisorFactory

    mention = flagged()
    url = reverse("monitoring:review", args=[mention.pk])
    anton, ben = AdvisorFactory(name="Anton Vogel"), AdvisorFactory(name="Ben Koch")
    comms_client.post(url, {"action": "assign", "advisor": anton.pk, "note": "Bitte prüfen: Zahlen"})
    comms_client.post(url, {"action": "assign", "advisor": anton.pk})  # a second click: nothing lost
    mention.refresh_from_db()
    assert mention.assignment_note == "Bitte prüfen: Zahlen"
    comms_client.post(url, {"action": "assign", "advisor": ben.pk})
    mention.refresh_from_db()
    assert (mention.assigned_to, mention.assignment_note) == (ben, "")
    assert "Bitte prüfen: Zahlen" not in comms_client.get(QUEUE).text
    # Handled, asked about again, assigned anew: the earlier round's note is not this one's.
    comms_client.post(url, {"action": "assign", "advisor": anton.pk, "note": "Runde eins"})
    comms_client.post(url, {"action": "resolved", "note": "Erledigt"})
    employee_client = Client()
    employee_client.force_login(employee)
    employee_client.post(reverse("monitoring:request_attention", args=[mention.pk]))
    comms_client.post(url, {"action": "assign", "advisor": ben.pk})
    mention.refresh_from_db()
    assert (mention.assigned_to, mention.assignment_note) == (ben, "")
    assert "Zugewiesen an Ben Koch: Runde eins" not in comms_client.get(QUEUE).text


def test_a_mention_that_left_the_queue_meanwhile_is_said_so_and_the_note_given_back(comms_client):
    """A bare 404 used to swallow the note typed on the open queue page."""
    mention = flagged("Umsatz verdoppelt")
    url = reverse("monitoring:review", args=[mention.pk])
    Mention.objects.filter(pk=mention.pk).update(flagged=False)  # a term deleted meanwhile
    response = comms_client.post(url, {"action": "resolved", "note": "Presse informiert"}, follow=True)
    assert response.status_code == 200
    assert (
        "„Umsatz verdoppelt“ ist nicht mehr unter den markierten Erwähnungen: Es wurde nichts gespeichert."
        " Ihre Notiz: „Presse informiert“" in response.text
    )
    mention.refresh_from_db()
    assert (mention.review_status, mention.review_note) == (ReviewStatus.OPEN, "")
    mention.delete()
    response = comms_client.post(url, {"action": "resolved", "note": "Zu spät"}, follow=True)
    assert response.status_code == 200
    assert "Ihre Notiz: „Zu spät“" in response.text


def test_two_tabs_assigning_to_different_advisors_the_second_is_told_and_sends_nothing(
    comms_client, mailoutbox, django_capture_on_commit_callbacks
):
    """The second tab silently replaced the first's advisor, and both advisors were e-mailed."""
    from tests.contacts.factories import AdvisorFactory

    mention = flagged("Umsatz verdoppelt")
    url = reverse("monitoring:review", args=[mention.pk])
    anton = AdvisorFactory(name="Anton Vogel", email="anton@example.com")
    ben = AdvisorFactory(name="Ben Koch", email="ben@example.com")
    assert 'name="assigned" value=""' in comms_client.get(QUEUE).text  # the page says: nobody yet

    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": anton.pk, "assigned": "", "note": "Zahlen?"})
    with django_capture_on_commit_callbacks(execute=True):
        second = comms_client.post(
            url,
            {"action": "assign", "advisor": ben.pk, "assigned": "", "note": "Bitte prüfen"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert (
        "“Umsatz verdoppelt” was assigned to Anton Vogel meanwhile (by a colleague or in another tab): "
        "nothing was changed or sent."
    ) in second.text
    assert "Your note: “Bitte prüfen”" in second.text
    mention.refresh_from_db()
    assert (mention.assigned_to, mention.assignment_note) == (anton, "Zahlen?")
    assert [m.to for m in mailoutbox] == [["anton@example.com"]]

    # The same tab clicked twice: asked already, as before.
    again = comms_client.post(
        url, {"action": "assign", "advisor": anton.pk, "assigned": "", "note": "Zahlen?"}, follow=True
    )
    assert "Anton Vogel wurde bereits gebeten" in again.text
    # Reloaded, the page shows Anton: choosing Ben now is meant, and Ben is asked.
    assert f'name="assigned" value="{anton.pk}"' in again.text
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": ben.pk, "assigned": str(anton.pk)})
    mention.refresh_from_db()
    assert mention.assigned_to == ben
    # Ben is asked, and Anton told he need not look at it any more.
    assert [m.to for m in mailoutbox] == [["anton@example.com"], ["ben@example.com"], ["anton@example.com"]]


def test_queue_lists_every_advisor_per_mention_escaped_with_the_assigned_one_chosen(
    comms_client, django_assert_num_queries
):
    """The lists are written in Python (monitoring.templatetags.mentions.advisor_options): as a
    template loop, 20 mentions × 500 advisors took half a second of the page."""
    from tests.contacts.factories import AdvisorFactory

    advisors = [AdvisorFactory(name=f"Beraterin {n} <Vertrieb & Co>") for n in range(30)]
    mentions = [flagged(f"Meldung {n}") for n in range(3)]
    Mention.objects.filter(pk=mentions[1].pk).update(assigned_to=advisors[7])
    with django_assert_num_queries(9):  # as many advisors as there are
        page = comms_client.get(QUEUE).text
    for advisor in advisors:
        assert page.count(f'<option value="{advisor.pk}"') == 3
    assert page.count("Beraterin 7 &lt;Vertrieb &amp; Co&gt;</option>") == 3
    assert page.count(" selected>") == 1
    assigned = page.index(f'<option value="{advisors[7].pk}" selected>')
    assert page.rfind('id="mention-', 0, assigned) == page.find(
        f'id="mention-{mentions[1].pk}"'
    )  # in its form


def test_the_advisors_to_ask_are_listed_with_umlauts_among_their_letters(comms_client):
    """By the bytes of the name, "Özlem Kaya" came after "Zoe Berg" in the queue's list of advisors."""
    from tests.contacts.factories import AdvisorFactory

    flagged()
    names = ["Oliver Nord", "Özlem Kaya", "Paul Lang", "Zoe Berg"]
    for name in reversed(names):
        AdvisorFactory(name=name)
    page = comms_client.get(QUEUE).text
    assert sorted(names, key=page.index) == names


def test_a_review_note_is_kept_in_the_tab_until_the_review_is_taken(comms_client, advisor):
    """The note typed survives the session running out or a reload (static/js/keep-draft.js),
    with whom the mention was assigned to then; once taken, the tab forgets it (an assigned
    mention stays in the queue, and its note must not fill the form again)."""
    from tests.contacts.factories import AdvisorFactory

    first, second = flagged("Umsatz verdoppelt"), flagged("Umsatz halbiert")
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    page = comms_client.get(QUEUE).text
    assert f'data-keep-draft="review-{first.pk}"' in page
    assert 'name="assigned" value="" data-keep-draft-field>' in page
    refused = comms_client.post(
        reverse("monitoring:review", args=[first.pk]), {"action": "resolved", "note": ""}, follow=True
    )
    assert sent_drafts(refused.text) == []
    assigned = comms_client.post(
        reverse("monitoring:review", args=[first.pk]),
        {"action": "assign", "advisor": anton.pk, "note": "Bitte bis Freitag"},
        follow=True,
    )
    assert sent_drafts(assigned.text) == [f"review-{first.pk}"]
    resolved = comms_client.post(
        reverse("monitoring:review", args=[second.pk]),
        {"action": "resolved", "note": "Erledigt."},
        follow=True,
    )
    assert sent_drafts(resolved.text) == [f"review-{second.pk}"]


def _assigned_to_anton(comms_client, advisor, capture_on_commit):
    """A flagged mention comms assigned to Anton Vogel (whose account reads English), with a note."""
    from tests.contacts.factories import AdvisorFactory

    advisor.preferred_language = "en"
    advisor.save(update_fields=["preferred_language"])
    mention = flagged("Umsatz verdoppelt")
    url = reverse("monitoring:review", args=[mention.pk])
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    with capture_on_commit(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": anton.pk, "assigned": "", "note": "Zahlen?"})
    return mention, url, anton


def test_comms_takes_an_assigned_mention_back_and_the_advisor_is_told_in_their_language(
    comms_client, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    """An assignment could only be moved, never taken back: the advisor kept working on it."""
    mention, url, anton = _assigned_to_anton(comms_client, advisor, django_capture_on_commit_callbacks)
    queue = comms_client.get(QUEUE).text
    assert 'name="action" value="unassign"' in queue
    detail = comms_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert 'name="action" value="unassign"' in detail  # where the assignment is shown, too

    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(
            url,
            {"action": "unassign", "advisor": anton.pk, "assigned": str(anton.pk), "note": ""},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    text = html.unescape(response.text)
    assert (
        "“Umsatz verdoppelt” has been taken back from Anton Vogel. They have been told by e-mail. "
        "The note they had been sent: “Zahlen?” Taken back by mistake? Choose the advisor again and “Assign”."
    ) in text  # the note sent is not lost, and the way back is said
    mention.refresh_from_db()
    assert (mention.assigned_to, mention.assignment_note) == (None, "")
    assert mention.review_status == ReviewStatus.OPEN  # still to be handled
    assert mention.in_queue
    assert [m.to for m in mailoutbox] == [["advisor@example.com"], ["advisor@example.com"]]
    told = mailoutbox[1]
    assert told.subject.endswith("No longer needed: “Umsatz verdoppelt”")  # in the advisor's language
    assert told.body.startswith("Hello Anton,")
    assert "Clara Obermeier from the communications team has taken this mention back" in told.body
    assert "You no longer need to look at it." in told.body

    # A second click, or a second tab: nothing to take back, nobody mailed again.
    with django_capture_on_commit_callbacks(execute=True):
        again = comms_client.post(
            url, {"action": "unassign", "assigned": str(anton.pk)}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert again.status_code == 200
    assert len(mailoutbox) == 2
    assert "is assigned to nobody (any more)." in again.text


def test_taking_back_keeps_a_colleagues_assignment_made_meanwhile(
    comms_client, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.contacts.factories import AdvisorFactory

    mention = flagged("Umsatz verdoppelt")
    url = reverse("monitoring:review", args=[mention.pk])
    anton = AdvisorFactory(name="Anton Vogel", email="anton@example.com")
    ben = AdvisorFactory(name="Ben Koch", email="ben@example.com")
    comms_client.post(url, {"action": "assign", "advisor": anton.pk, "assigned": ""})
    comms_client.post(url, {"action": "assign", "advisor": ben.pk, "assigned": str(anton.pk)})
    mailoutbox.clear()
    # A tab loaded while Anton had it: taking it back from him must not take it from Ben.
    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(
            url, {"action": "unassign", "assigned": str(anton.pk), "note": "Erledigt?"}, follow=True
        )
    assert "wurde inzwischen Ben Koch zugewiesen" in html.unescape(response.text)
    assert "Ihre Notiz: „Erledigt?“" in html.unescape(response.text)
    mention.refresh_from_db()
    assert mention.assigned_to == ben
    assert mailoutbox == []
    # Resolved meanwhile: said so, nothing taken back.
    Mention.objects.filter(pk=mention.pk).update(review_status=ReviewStatus.RESOLVED)
    response = comms_client.post(url, {"action": "unassign", "assigned": str(ben.pk)}, follow=True)
    assert "bereits" in response.text
    mention.refresh_from_db()
    assert mention.assigned_to == ben


def test_moving_a_mention_to_another_advisor_tells_the_first_one(
    comms_client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """The first advisor was not told and could go on working on it."""
    from tests.contacts.factories import AdvisorFactory

    settings.LANGUAGE_CODE = "en"  # the language of mails to an advisor's own address

    mention = flagged("Umsatz verdoppelt")
    url = reverse("monitoring:review", args=[mention.pk])
    anton = AdvisorFactory(name="Anton Vogel", email="anton@example.com")
    ben = AdvisorFactory(name="Ben Koch", email="ben@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": anton.pk, "assigned": ""})
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": anton.pk, "note": "Eilt"})  # a new note
    assert [m.to for m in mailoutbox] == [["anton@example.com"], ["anton@example.com"]]  # no "no longer"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": ben.pk, "assigned": str(anton.pk)})
    assert sorted(m.to[0] for m in mailoutbox) == ["anton@example.com", "ben@example.com"]
    told = next(m for m in mailoutbox if m.to == ["anton@example.com"])
    assert "Clara Obermeier from the communications team has asked somebody else to look" in told.body
    assert told.subject.endswith("No longer needed: “Umsatz verdoppelt”")
    # Sent from elsewhere, without saying whom the page showed: the one it had is told as well.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": anton.pk})
    assert sorted(m.to[0] for m in mailoutbox) == ["anton@example.com", "ben@example.com"]
    # A deactivated advisor is not written to.
    Advisor = type(anton)
    Advisor.objects.filter(pk=anton.pk).update(is_active=False)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "unassign", "advisor": anton.pk, "assigned": str(anton.pk)})
    mention.refresh_from_db()
    assert mention.assigned_to is None
    assert mailoutbox == []


def test_the_advisor_sees_on_the_mention_that_comms_asked_them_and_the_note(
    client, comms_client, advisor, employee, django_capture_on_commit_callbacks
):
    from tests.contacts.factories import AdvisorFactory

    mention = flagged()
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(
            reverse("monitoring:review", args=[mention.pk]),
            {"action": "assign", "advisor": anton.pk, "note": "Bitte bis Freitag"},
        )
    # The link in the mail: the advisor is told why they are here, with the note, and is not
    # offered to ask comms to look at what comms asked them about.
    # (In English: the German wording is added to the catalogue separately.)
    advisor.preferred_language = "en"
    advisor.save(update_fields=["preferred_language"])
    client.force_login(advisor)
    text = client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert "The communications team has asked you to look at this mention." in text
    assert "Bitte bis Freitag" in text
    assert "Ask the communications team to take a look" not in text
    # Nobody else reads the note.
    client.force_login(employee)
    text = client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert "Bitte bis Freitag" not in text
    assert "Kommunikationsteam um Prüfung bitten" in text


def test_the_advisor_finds_what_comms_asked_them_about_from_the_dashboard_until_it_is_handled(
    comms_client, advisor, employee, django_capture_on_commit_callbacks
):
    """The e-mail was the only way to a mention comms asked an advisor about."""
    from django.test import Client

    from tests.contacts.factories import AdvisorFactory

    client = Client()

    asked, other = flagged(), flagged("Gewinn gestiegen", ("Gewinn",))
    make_mention(title="Nordlicht eröffnet Standort")
    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(
            reverse("monitoring:review", args=[asked.pk]), {"action": "assign", "advisor": anton.pk}
        )
    client.force_login(advisor)
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de").text
    link = reverse("monitoring:index") + "?asked=on"
    assert f'<a href="{link}">Das Kommunikationsteam hat Sie gebeten, sich 1 Erwähnung anzusehen</a>' in home
    listing = client.get(link, HTTP_ACCEPT_LANGUAGE="de")
    assert [m.pk for m in listing.context["page"]] == [asked.pk]
    assert "Nur die, zu denen ich gefragt wurde" in listing.text
    assert "Nur die, zu denen ich gefragt wurde" in client.get(reverse("monitoring:index")).text  # offered

    comms_client.post(
        reverse("monitoring:review", args=[asked.pk]), {"action": "resolved", "note": "Geklärt"}
    )
    assert Mention.objects.get(pk=asked.pk).review_status == ReviewStatus.RESOLVED
    assert "hat Sie gebeten" not in client.get(reverse("home")).text
    assert list(client.get(link).context["page"]) == []
    assert other.assigned_to is None

    # Employees are not offered it; a bookmark with it finds nothing asked of them.
    client.force_login(employee)
    assert "Nur die, zu denen ich gefragt wurde" not in client.get(reverse("monitoring:index")).text
    assert list(client.get(link).context["page"]) == []


def test_a_term_deleted_or_a_topic_deactivated_takes_what_it_alone_flagged_out_of_the_queue(
    client, comms, admin_user, django_capture_on_commit_callbacks
):
    """A false alarm (a term too broad) is taken out in the admin: the queue it filled empties too,
    as after a deleted topic, instead of twenty dismissals. Handled mentions stay as they were."""
    from guidelines.models import TabooTerm

    figures = make_taboo_topic("Finanzkennzahlen", ["Umsatz", "Rate"])
    layoffs = make_taboo_topic("Stellenabbau", ["Kündigungswelle"])
    only_rate = make_mention(title="Die Rate steigt", flagged=True)
    both = make_mention(title="Umsatz und Rate", flagged=True)
    asked = make_mention(title="Rate gesenkt", flagged=True, needs_attention=True)
    handled = make_mention(title="Rate fällt", flagged=True, review_status=ReviewStatus.RESOLVED)
    other = make_mention(title="Kündigungswelle droht", flagged=True)
    for mention, words in (
        (only_rate, ["Rate"]),
        (both, ["Rate", "Umsatz"]),
        (asked, ["Rate"]),
        (handled, ["Rate"]),
    ):
        MentionTabooMatch.objects.create(mention=mention, topic=figures, matched_words=words)
    MentionTabooMatch.objects.create(mention=other, topic=layoffs, matched_words=["Kündigungswelle"])

    with django_capture_on_commit_callbacks(execute=True):
        TabooTerm.objects.get(term="Rate").delete()
    queue = set(Mention.objects.in_queue())
    assert queue == {both, asked, other}
    assert both.taboo_matches.get().matched_words == ["Umsatz"]  # the words shown are today's
    assert not asked.taboo_matches.exists()  # in the queue because a colleague asked, not for "Rate"
    assert handled.taboo_matches.get().matched_words == ["Rate"]  # what was decided about stays

    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:guidelines_tabootopic_changelist"),
            {"action": "deactivate", "_selected_action": [layoffs.pk]},
        )
    assert set(Mention.objects.in_queue()) == {both, asked}
    client.force_login(comms)
    assert "2 markierte Erwähnungen zu prüfen" in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("action", "said"),
    [
        ("resolved", "Clara Obermeier from the communications team has resolved this mention:"),
        ("dismissed", "Clara Obermeier from the communications team has dismissed this mention:"),
    ],
)
def test_the_advisor_asked_is_told_when_comms_closes_the_mention(
    comms_client, advisor, mailoutbox, django_capture_on_commit_callbacks, action, said
):
    """Taking a mention back told the advisor; resolving or dismissing it did not, and they kept
    working on something already settled."""
    _mention, url, _anton = _assigned_to_anton(comms_client, advisor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": action, "note": "Pressestelle hat geantwortet."})
    assert len(mailoutbox) == 2
    told = mailoutbox[1]
    assert told.to == ["advisor@example.com"]
    assert told.subject.endswith("No longer needed: “Umsatz verdoppelt”")
    assert said in told.body
    assert "Their note: Pressestelle hat geantwortet." in told.body
    assert "You no longer need to look at it." in told.body
    # Closed twice (a double click, a colleague): told once.
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": action, "note": "Nochmal"})
    assert len(mailoutbox) == 2


def test_closing_an_unassigned_mention_mails_nobody(
    comms_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(
            reverse("monitoring:review", args=[flagged().pk]), {"action": "resolved", "note": "Erledigt."}
        )
    assert mailoutbox == []


def test_comms_asking_themselves_as_an_advisor_mails_nobody(
    comms_client, comms, mailoutbox, django_capture_on_commit_callbacks
):
    """Someone in comms who is an advisor too, taking a mention on themselves: "Clara Obermeier
    from the communications team asks you …" went to Clara."""
    from tests.contacts.factories import AdvisorFactory

    clara = AdvisorFactory(name="Clara Obermeier", user=comms)
    mention = flagged()
    url = reverse("monitoring:review", args=[mention.pk])
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"action": "assign", "advisor": clara.pk, "note": "Mache ich"})
        comms_client.post(url, {"action": "unassign", "assigned": clara.pk})
    mention.refresh_from_db()
    assert mention.assigned_to is None
    assert mailoutbox == []


def test_a_topic_switched_off_and_on_again_or_a_term_restored_puts_its_mentions_back(
    client, admin_user, advisor, django_capture_on_commit_callbacks
):
    """Switched off and on again, the queue had lost its mentions for good; one assigned to an
    advisor left the queue while the advisor was still asked about it."""
    from guidelines.models import TabooTerm
    from tests.contacts.factories import AdvisorFactory

    figures = make_taboo_topic("Finanzkennzahlen", ["Umsatz"])
    waiting = make_mention(title="Umsatz verdoppelt", flagged=True)
    assigned = make_mention(title="Umsatz halbiert", flagged=True)
    Mention.objects.filter(pk=assigned.pk).update(assigned_to=AdvisorFactory(user=advisor))
    never = make_mention(title="Umsatz gleich", flagged=False)  # came in before the topic: stays out
    for mention in (waiting, assigned):
        MentionTabooMatch.objects.create(mention=mention, topic=figures, matched_words=["Umsatz"])
    client.force_login(admin_user)
    changelist = reverse("admin:guidelines_tabootopic_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "deactivate", "_selected_action": [figures.pk]})
    assert set(Mention.objects.in_queue()) == {assigned}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "activate", "_selected_action": [figures.pk]})
    assert set(Mention.objects.in_queue()) == {waiting, assigned}
    assert waiting.taboo_matches.get().matched_words == ["Umsatz"]
    assert never not in Mention.objects.in_queue()

    with django_capture_on_commit_callbacks(execute=True):
        TabooTerm.objects.get(term="Umsatz").delete()
    assert set(Mention.objects.in_queue()) == {assigned}
    with django_capture_on_commit_callbacks(execute=True):
        TabooTerm.objects.create(topic=figures, term="Umsatz")  # restored
    assert set(Mention.objects.in_queue()) == {waiting, assigned}

    with django_capture_on_commit_callbacks(execute=True):
        figures.delete()  # by a superuser
    assert set(Mention.objects.in_queue()) == {assigned}
