"""The comms team's admin: adding sources with a trial fetch, actions, OPML, permissions."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from monitoring.models import Mention, Source, TrackedKeyword
from tests.monitoring.factories import SourceFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:monitoring_source_add")
CHANGELIST = reverse("admin:monitoring_source_changelist")


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


def add_form(url: str, **extra) -> dict:
    return {"name": "Tech Daily", "url": url, "kind": "news", "poll_interval": 15, "active": "on", **extra}


def test_adding_a_source_tries_a_fetch_and_shows_what_it_found(comms_client, serve):
    url = serve("rss20.xml")
    response = comms_client.post(ADD_URL, add_form(url), follow=True)
    assert response.status_code == 200
    source = Source.objects.get(name="Tech Daily")
    assert source.url == url
    assert "Der Testabruf hat „Tech Business Daily“ mit 3 Einträgen gefunden." in response.text


def test_an_address_moved_for_good_to_a_feed_that_is_a_source_already_is_refused(comms_client, httpserver):
    """Added, each poll followed the 301 and kept the old address (the other source has it):
    two sources polling one feed for ever, every entry of the second skipped."""
    from tests.monitoring.conftest import feed

    httpserver.expect_request("/feed.xml").respond_with_data(
        feed("rss20.xml"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/feed.xml"})
    SourceFactory(name="Tech Daily", url=httpserver.url_for("/feed.xml"))
    response = comms_client.post(ADD_URL, add_form(httpserver.url_for("/old"), name="Noch mal"))
    assert response.status_code == 200
    assert (
        "Diese Adresse ist dauerhaft zu einem Feed umgezogen, der schon eine Quelle ist: „Tech Daily“."
        in response.text
    )
    assert not Source.objects.filter(name="Noch mal").exists()


def test_the_trial_fetch_runs_before_the_admins_transaction_once(comms_client, serve, monkeypatch):
    """Inside it, a slow feed locked the SQLite database for everybody for the whole fetch."""
    from django.db import connection

    from monitoring import actions

    calls = []
    real = actions.trial_fetch

    def trial_fetch(url):
        calls.append(len(connection.atomic_blocks))
        return real(url)

    monkeypatch.setattr(actions, "trial_fetch", trial_fetch)
    test_transactions = len(connection.atomic_blocks)  # pytest-django's own
    comms_client.post(ADD_URL, add_form(serve("rss20.xml")))
    assert calls == [test_transactions]
    assert Source.objects.filter(name="Tech Daily").exists()
    # Not for somebody who may not add sources.
    from django.test import Client

    from portal.roles import Role
    from tests.conftest import make_user

    hr = Client()
    hr.force_login(make_user("hr2@example.com", Role.HR))
    assert hr.post(ADD_URL, add_form(serve("rss20.xml", path="/other.xml"))).status_code == 403
    assert len(calls) == 1


def test_adding_a_source_whose_fetch_fails_shows_why(comms_client, serve):
    url = serve("html_page.html", content_type="text/html")
    response = comms_client.post(ADD_URL, add_form(url))
    assert response.status_code == 200
    assert not Source.objects.exists()
    assert "Der Testabruf ist fehlgeschlagen: Eine HTML-Seite, kein Feed." in response.text


def test_a_failing_source_can_be_added_on_purpose(comms_client, serve):
    url = serve(body=b"", status=503)
    response = comms_client.post(ADD_URL, add_form(url, skip_trial_fetch="on"))
    assert response.status_code == 302
    assert Source.objects.filter(url=url).exists()
    # The warning is a sentence of its own: it ran into the next message ("… 503 Quelle … wurde").
    [warning, _added] = [str(message) for message in comms_client.get(CHANGELIST).context["messages"]]
    assert warning.startswith("Gespeichert, obwohl der Abruf nicht funktioniert: ")
    assert warning.endswith("."), warning
    assert not warning.endswith(".."), warning


def test_a_source_whose_host_does_not_resolve_now_can_be_added_on_purpose(comms_client, monkeypatch):
    import socket

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    url = "https://feeds.down-right-now.example/rss.xml"
    response = comms_client.post(ADD_URL, add_form(url))
    assert "Host nicht gefunden" in response.text or "Hostname" in response.text
    assert "feeds.down-right-now.example" in response.text
    assert not Source.objects.exists()
    response = comms_client.post(ADD_URL, add_form(url, skip_trial_fetch="on"))
    assert response.status_code == 302
    assert Source.objects.filter(url=url).exists()


def test_a_sources_url_can_move_to_a_host_that_does_not_resolve_yet_on_purpose(comms_client, monkeypatch):
    import socket

    source = SourceFactory(name="Umzug", url="https://old.example.org/feed")

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    url = reverse("admin:monitoring_source_change", args=[source.pk])
    data = {"name": "Umzug", "url": "https://new.not-yet.example/feed", "kind": source.kind,
            "poll_interval": 15, "active": "on"}  # fmt: skip
    response = comms_client.post(url, data)
    assert response.status_code == 200
    assert "Speichern, auch wenn der Testabruf" in response.text
    response = comms_client.post(url, {**data, "skip_trial_fetch": "on"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.url == "https://new.not-yet.example/feed"


def test_the_same_feed_spelled_differently_is_not_added_twice(comms_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    SourceFactory(name="Tech Business Daily", url="https://www.techbusinessdaily.example/rss")
    for twin in ("https://WWW.TechBusinessDaily.example/rss/", "http://www.techbusinessdaily.example/rss"):
        response = comms_client.post(ADD_URL, add_form(twin, skip_trial_fetch="on"))
        assert "ist schon eine Quelle: „Tech Business Daily“" in response.text, twin
    opml = (
        b'<opml version="2.0"><body><outline text="A" xmlUrl="HTTPS://www.techbusinessdaily.example/rss"/>'
        b'<outline text="B" xmlUrl="https://www.techbusinessdaily.example/rss/#top"/>'
        b'<outline text="C" xmlUrl="http://www.techbusinessdaily.example/rss"/></body></opml>'
    )
    upload = SimpleUploadedFile("feeds.opml", opml, content_type="text/x-opml")
    comms_client.post(reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"})
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/", "ftp://example.com/feed", "not a url",
        # localhost by definition, whether DNS answers for it or not ("even if the fetch fails")
        "http://localhost./feed", "http://feeds.localhost/rss",
    ],
)  # fmt: skip
def test_internal_or_invalid_urls_are_form_errors(comms_client, settings, monkeypatch, url):
    import socket

    settings.FEED_ALLOWED_PRIVATE_NETWORKS = []

    real = socket.getaddrinfo

    def no_localhost(host, *args, **kwargs):  # as a resolver without an entry for "localhost."
        if "localhost" in str(host):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_localhost)
    response = comms_client.post(ADD_URL, add_form(url, skip_trial_fetch="on"))
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert not Source.objects.exists()


def test_poll_interval_below_five_minutes_is_refused(comms_client, serve):
    response = comms_client.post(ADD_URL, add_form(serve("rss20.xml"), poll_interval=2))
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_poll_now_pause_and_resume_actions(comms_client, serve, django_capture_on_commit_callbacks):
    source = SourceFactory(url=serve("rss20.xml"))
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(CHANGELIST, {"action": "poll_now", "_selected_action": [source.pk]})
    assert source.mentions.count() == 3

    comms_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    comms_client.post(CHANGELIST, {"action": "pause", "_selected_action": [source.pk]})
    source.refresh_from_db()
    assert not source.active
    # Shown in each reader's language, whatever the language of whoever paused it.
    with translation.override("de"):
        assert source.paused_reason == "Pausiert von Clara Obermeier"
    with translation.override("en"):
        assert source.paused_reason == "Paused by Clara Obermeier"
    again = comms_client.post(CHANGELIST, {"action": "pause", "_selected_action": [source.pk]}, follow=True)
    assert "0 sources paused. 1 was paused already." in again.text

    Source.objects.filter(pk=source.pk).update(consecutive_errors=10)
    comms_client.post(CHANGELIST, {"action": "resume", "_selected_action": [source.pk]})
    source.refresh_from_db()
    assert source.active
    assert source.paused_reason == ""
    assert source.consecutive_errors == 0


def test_pausing_and_resuming_many_sources_is_a_few_queries_with_history(
    comms_client, comms, django_assert_max_num_queries
):
    """One save per source took 338 s for 10,000 sources: past any proxy's timeout, half done."""
    Source.objects.bulk_create(SourceFactory.build() for _ in range(1200))
    # "Select all 1,200" (the page's ids alone would pass Django's limit of 1,000 fields)
    selected = {"select_across": "1", "_selected_action": [Source.objects.first().pk]}
    recorded = Source.history.count()
    with django_assert_max_num_queries(40):
        response = comms_client.post(CHANGELIST, {"action": "pause", **selected}, follow=True)
    assert "1.200 Quellen pausiert." in response.text  # grouped, as the admin's own counts
    assert not Source.objects.filter(active=True).exists()
    paused = Source.history.filter(active=False)
    assert paused.count() == 1200
    assert {record.history_user for record in paused} == {comms}
    with django_assert_max_num_queries(40):
        comms_client.post(CHANGELIST, {"action": "resume", **selected})
    assert Source.objects.filter(active=True).count() == 1200
    assert Source.history.count() == recorded + 2400


def test_changelist_shows_failing_sources_with_their_reason(comms_client):
    SourceFactory(name="Broken", last_error_code="timeout", last_error_detail="10 s",
                  consecutive_errors=2)  # fmt: skip
    response = comms_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Zeitüberschreitung: 10 s" in response.text or "Timed out: 10 s" in response.text


def test_opml_export_and_import_round_trip(comms_client):
    SourceFactory(name="Alpha", url="https://alpha.example.com/feed", kind="blog")
    SourceFactory(name="Beta & Co", url="https://beta.example.com/rss")
    response = comms_client.get(reverse("admin:monitoring_source_export"))
    assert response["Content-Type"].startswith("text/x-opml")
    opml = response.content
    assert b'xmlUrl="https://alpha.example.com/feed"' in opml
    Source.objects.all().delete()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("feeds.opml", opml, content_type="text/x-opml")
    response = comms_client.post(reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"})
    assert response.status_code == 302
    assert dict(Source.objects.values_list("name", "kind")) == {"Alpha": "blog", "Beta & Co": "news"}
    # Importing again adds nothing.
    upload = SimpleUploadedFile("feeds.opml", opml, content_type="text/x-opml")
    comms_client.post(reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"})
    assert Source.objects.count() == 2


def test_a_large_opml_import_is_quick_and_keeps_who_added_each_source(
    comms_client, comms, django_assert_max_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    outlines = "".join(
        f'<outline text="Feed {i}" xmlUrl="https://feed{i}.example.org/rss"/>' for i in range(2000)
    )
    opml = f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()
    upload = SimpleUploadedFile("reader.opml", opml, content_type="text/x-opml")
    with django_assert_max_num_queries(
        150
    ):  # batches (SQLite takes ~50 rows a statement), not a query per feed
        response = comms_client.post(
            reverse("admin:monitoring_source_import"), {"file": upload, "kind": "blog"}
        )
    assert response.status_code == 302
    assert Source.objects.filter(kind="blog").count() == 2000
    # Grouped as the reader writes numbers.
    assert [str(m) for m in comms_client.get(CHANGELIST).context["messages"]] == [
        "2.000 Quellen hinzugefügt."
    ]
    history = Source.history.filter(name="Feed 1999").get()
    assert (history.history_type, history.history_user) == ("+", comms)


@pytest.mark.django_db(transaction=True)
def test_an_opml_file_imported_three_times_at_once_adds_each_feed_once_without_an_error_page(comms):
    """A double click on a slow upload: the second request waited for the first at the unique
    name and address, and ended in a server error."""
    from tests.conftest import posted_at_once

    outlines = "".join(
        f'<outline text="Feed {i}" xmlUrl="https://feed{i}.example.org/rss"/>' for i in range(300)
    )
    opml = f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()

    class Upload:  # each request reads the whole file (one upload object is read once)
        name = "reader.opml"

        def read(self):
            return opml

    statuses = posted_at_once(
        comms, reverse("admin:monitoring_source_import"), {"file": Upload(), "kind": "news"}
    )
    assert statuses == [302, 302, 302]
    assert Source.objects.count() == 300


def test_the_portals_own_export_of_many_sources_comes_back_in(comms_client):
    """The export of 10,011 sources (1.35 MB) was refused by the import (1 MB)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring import actions

    for i in range(20):
        SourceFactory(
            name=f"Lokalzeitung Nummer {i} – Wirtschaft",
            url=f"https://zeitung{i}.example.org/feeds/wirtschaft.xml",
        )
    per_source = len(actions.export_opml(Source.objects.all())) / 20
    assert per_source * 50_000 < actions.MAX_OPML_BYTES
    too_large = b" " * (actions.MAX_OPML_BYTES + 1)
    upload = SimpleUploadedFile("big.opml", too_large, content_type="text/x-opml")
    response = comms_client.post(reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"})
    assert "Die Datei ist zu groß (höchstens 10 MB)." in response.text


def test_opml_with_folders_from_a_feed_reader_is_imported(comms_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    opml = b"""<?xml version="1.0"?><opml version="1.0"><head><title>Reader</title></head><body>
      <outline text="Tech"><outline text="Heise" type="rss" xmlUrl="https://www.heise.de/rss/heise.rdf"/></outline>
      <outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/>
      <outline text="Blog" type="rss" xmlUrl="https://blog.example.org/feed/"/>
      <outline text="Evil &#x202E;gpj.exe" type="rss" xmlUrl="https://evil.example/feed"/></body></opml>"""
    response = comms_client.post(
        reverse("admin:monitoring_source_import"),
        {"file": SimpleUploadedFile("r.opml", opml), "kind": "blog"},
        follow=True,
    )
    # Without the bidirectional override, as the add form takes a name.
    assert sorted(Source.objects.values_list("name", flat=True)) == ["Blog", "Evil gpj.exe", "Heise"]
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [b"not xml", b"<html><body>hi</body></html>",
     b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>'],
)  # fmt: skip
def test_broken_opml_is_a_form_error(comms_client, body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = comms_client.post(
        reverse("admin:monitoring_source_import"),
        {"file": SimpleUploadedFile("x.opml", body), "kind": "news"},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert not Source.objects.exists()


def test_a_keyword_that_differs_only_in_capitals_is_refused(comms_client):
    TrackedKeyword.objects.create(name="Leipzig")
    response = comms_client.post(
        reverse("admin:monitoring_trackedkeyword_add"), {"name": "leipzig", "aliases": "", "active": "on"}
    )
    assert response.status_code == 200
    assert "Es gibt bereits einen Suchbegriff „Leipzig“" in response.text
    assert TrackedKeyword.objects.count() == 1


def test_a_keyword_pasted_with_a_combining_umlaut_or_invisible_characters_is_stored_as_it_reads(
    comms_client,
):
    """Pasted from a Mac or a PDF, "Müller" was "Mu" and a combining mark: it never matched a mention
    (feed text is composed), nor was it "Müller"'s twin. A zero-width space or soft hyphen the same."""
    from monitoring.ingest import KeywordMatcher

    comms_client.post(
        reverse("admin:monitoring_trackedkeyword_add"),
        {"name": "Mu\u0308ller\u00a0AG", "aliases": "Pola\u200bris\nNord\u00adlicht\n\u200b", "active": "on"},
    )
    keyword = TrackedKeyword.objects.get()
    assert (keyword.name, keyword.aliases) == ("Müller AG", "Polaris\nNordlicht")
    matcher = KeywordMatcher.load()
    assert matcher.match("Die Müller AG baut Polaris mit Nordlicht") == {keyword.pk}
    response = comms_client.post(
        reverse("admin:monitoring_trackedkeyword_add"), {"name": "Müller AG", "aliases": "", "active": "on"}
    )
    assert "Es gibt bereits einen Suchbegriff „Müller AG“" in response.text
    assert TrackedKeyword.objects.count() == 1


def test_keyword_and_mention_admin_work_for_comms(comms_client):
    keyword = TrackedKeyword.objects.create(name="Nordlicht", aliases="Nordlicht Systems")
    source = SourceFactory()
    mention = Mention.objects.create(source=source, identity_key="k", content_hash="h", title="T",
                                     published_at="2026-11-20T10:00:00Z", content="<p>ok</p>")  # fmt: skip
    assert comms_client.get(reverse("admin:monitoring_trackedkeyword_changelist")).status_code == 200
    assert (
        comms_client.get(reverse("admin:monitoring_trackedkeyword_change", args=[keyword.pk])).status_code
        == 200
    )
    assert comms_client.get(reverse("admin:monitoring_mention_change", args=[mention.pk])).status_code == 200
    assert comms_client.get(reverse("admin:monitoring_mention_add")).status_code == 403


def test_a_reviewed_mention_names_its_reviewer_as_a_link_only_for_who_may_open_user_pages(
    comms_client, comms, admin_user
):
    """Communications clicked "Reviewed by" on a mention's admin page and got a 403: the user
    page is for superusers. They see the name as plain text; a superuser still gets the link."""
    from monitoring import actions

    mention = Mention.objects.create(source=SourceFactory(), identity_key="k", content_hash="h", title="T",
                                     published_at="2026-11-20T10:00:00Z", flagged=True)  # fmt: skip
    actions.review(mention, comms, "dismissed", "Nur Spekulation")
    url = reverse("admin:monitoring_mention_change", args=[mention.pk])
    user_page = reverse("admin:portal_user_change", args=[comms.pk])
    assert comms_client.get(user_page).status_code == 403
    page = comms_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Reviewed by" in page  # the field keeps its label
    assert "Clara Obermeier" in page
    assert f'href="{user_page}"' not in page
    comms_client.force_login(admin_user)
    assert f'href="{user_page}"' in comms_client.get(url).text


def test_the_mention_admin_shows_a_review_only_for_mentions_in_the_queue_or_handled_there(
    comms_client, comms
):
    """Every mention starts "open": the list said "open" of each one never flagged nor asked about,
    and the review filter's "open" listed them all, while the queue had a few."""
    from monitoring import actions

    def mention(title, **fields):
        return Mention.objects.create(source=source, identity_key=title, content_hash=title, title=title,
                                      published_at="2026-11-20T10:00:00Z", **fields)  # fmt: skip

    source = SourceFactory()
    mention("Quiet")
    mention("Flagged", flagged=True)
    mention("Asked about", needs_attention=True)
    actions.review(mention("Dismissed", flagged=True), comms, "dismissed")
    changelist = reverse("admin:monitoring_mention_changelist")

    def titles(query):
        page = comms_client.get(f"{changelist}?{query}")
        assert page.status_code == 200
        return sorted(m.title for m in page.context["cl"].result_list)

    assert titles("review_status__exact=open") == ["Asked about", "Flagged"]  # the queue's
    assert titles("review_status__exact=dismissed") == ["Dismissed"]
    assert len(titles("")) == 4
    assert comms_client.get(f"{changelist}?review_status__exact=nonsense").status_code == 302  # ?e=1
    quiet = Mention.objects.get(title="Quiet")
    page = comms_client.get(changelist, HTTP_ACCEPT_LANGUAGE="en").text
    rows = re.findall(r'<a href="[^"]+">([^<]+)</a></th>.*?<td class="field-review">([^<]*)</td>', page, re.S)
    assert dict(rows) == {"Quiet": "–", "Flagged": "open", "Asked about": "open", "Dismissed": "dismissed"}
    page = comms_client.get(
        reverse("admin:monitoring_mention_change", args=[quiet.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert ">open<" not in page.text


@pytest.mark.parametrize(
    "url",
    [ADD_URL, CHANGELIST, reverse("admin:monitoring_source_import"), reverse("admin:monitoring_source_export"),
     reverse("admin:monitoring_trackedkeyword_changelist")],
)  # fmt: skip
def test_employees_and_hr_cannot_reach_the_source_admin(client, employee, hr, url):
    client.force_login(employee)
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(hr)
    assert client.get(url).status_code == 403


def test_deleted_keywords_and_sources_are_listed_and_come_back(comms_client):
    """Their history (and its revert) could only be found by typing its address."""
    from monitoring.models import TrackedKeyword

    keyword = TrackedKeyword.objects.create(name="Müllerstraße")
    source = SourceFactory(name="Lokalblatt", url="https://lokal.example.org/rss")
    comms_client.post(reverse("admin:monitoring_trackedkeyword_delete", args=[keyword.pk]), {"post": "yes"})
    comms_client.post(reverse("admin:monitoring_source_delete", args=[source.pk]), {"post": "yes"})
    assert not TrackedKeyword.objects.exists()
    assert not Source.objects.exists()

    listing = comms_client.get(reverse("admin:monitoring_trackedkeyword_changelist")).text
    deleted_keywords = reverse("admin:monitoring_trackedkeyword_deleted_objects")
    assert deleted_keywords in listing
    page = comms_client.get(deleted_keywords).text
    assert "Müllerstraße" in page
    # Meanwhile a colleague added it again, spelled differently: not twice.
    twin = TrackedKeyword.objects.create(name="müllerstraße")
    record = TrackedKeyword.history.get(history_type="-")
    response = comms_client.post(
        deleted_keywords, {"restore": f"monitoring.trackedkeyword:{record.history_id}"}, follow=True
    )
    assert "Es gibt bereits einen Suchbegriff „müllerstraße“" in response.text
    twin.delete()
    comms_client.post(deleted_keywords, {"restore": f"monitoring.trackedkeyword:{record.history_id}"})
    assert TrackedKeyword.objects.get().name == "Müllerstraße"

    deleted_sources = reverse("admin:monitoring_source_deleted_objects")
    assert deleted_sources in comms_client.get(CHANGELIST).text
    page = comms_client.get(deleted_sources).text
    assert "Lokalblatt" in page
    assert "Die Erwähnungen einer Quelle wurden mit ihr gelöscht" in page
    record = Source.history.get(history_type="-")
    # A colleague named another source so meanwhile: the same clear words as the add form's.
    other = SourceFactory(name="Lokalblatt", url="https://anders.example.org/rss")
    response = comms_client.post(
        deleted_sources, {"restore": f"monitoring.source:{record.history_id}"}, follow=True
    )
    assert (
        "Es gibt bereits einen Eintrag mit diesem Namen (Groß- und Kleinschreibung zählen nicht)."
        in response.text
    )
    assert "existiert bereits" not in response.text
    other.delete()
    comms_client.post(deleted_sources, {"restore": f"monitoring.source:{record.history_id}"})
    assert Source.objects.get().name == "Lokalblatt"


def test_a_paused_sources_page_shows_no_next_poll(comms_client):
    source = SourceFactory(active=False)
    page = comms_client.get(reverse("admin:monitoring_source_change", args=[source.pk])).text
    assert 'class="form-row field-next_poll"' in page
    next_poll = page.split("field-next_poll", 1)[1][:400]
    assert "–" in next_poll


def test_the_admin_mention_search_uses_the_search_index_source_names_and_addresses(comms_client):
    """Django's LIKE over title, URL and source name read all 100,000 mentions, three times a page."""
    from tests.monitoring.factories import make_mention

    rundschau = SourceFactory(name="Nordsee-Rundschau")
    from monitoring.parsing import canonical_url_hash

    address = "https://a.example/produkte?utm_source=x"
    make_mention(title="Neue Produkte vorgestellt", url=address, canonical_hash=canonical_url_hash(address))
    make_mention(source=rundschau, title="Hafenfest")
    make_mention(title="Etwas anderes")
    url = reverse("admin:monitoring_mention_changelist")

    def listed(q):
        return {m.title for m in comms_client.get(url, {"q": q}).context["cl"].result_list}

    assert listed("Produkte") == {"Neue Produkte vorgestellt"}
    assert listed("rundschau") == {"Hafenfest"}
    assert listed("https://A.example/produkte") == {
        "Neue Produkte vorgestellt"
    }  # as two sources would spell it
    assert listed("nichts davon") == set()
    assert listed("Rundschau Hafenfest") == {"Hafenfest"}  # every word, each in text or source
    assert listed("Rundschau Produkte") == set()
    for n in range(21):  # a word in many sources' names: read another way, found the same
        make_mention(source=SourceFactory(name=f"Kurier {n}"), title=f"Meldung {n}")
    assert listed("kurier") == {f"Meldung {n}" for n in range(21)}
    assert listed("kurier Meldung") == {f"Meldung {n}" for n in range(21)}


def test_the_admin_mention_search_for_emoji_or_symbols_says_it_searched_only_source_names(comms_client):
    """A word without letters or digits found every mention, as if it matched them all."""
    from tests.monitoring.factories import make_mention

    make_mention(source=SourceFactory(name="Nordsee-Rundschau"), title="Hafenfest")
    make_mention(title="Start 🚀 gelungen")
    url = reverse("admin:monitoring_mention_changelist")

    def listed(q):
        response = comms_client.get(url, {"q": q})
        return {m.title for m in response.context["cl"].result_list}, response.text

    found, page = listed("🚀")
    assert found == set()
    assert "„🚀“ enthält kein Wort und keine Zahl, nach denen gesucht werden kann" in page
    found, page = listed("-")
    assert found == {"Hafenfest"}  # "Nordsee-Rundschau"
    assert "nur in den Namen ihrer Quellen" in page
    found, page = listed("gelungen")
    assert found == {"Start 🚀 gelungen"}
    assert "kein Wort" not in page


def test_the_admin_mention_search_for_stop_words_says_it_searched_only_source_names(comms_client):
    """ "in" found nearly every mention on SQLite; "die" is searched in English mentions only."""
    from tests.monitoring.factories import make_mention

    make_mention(source=SourceFactory(name="Die Welt in Bildern"), title="Hafenfest", language="de")
    make_mention(title="Die neue App in Berlin", language="de")
    make_mention(title="Phones never die in use", language="en")
    url = reverse("admin:monitoring_mention_changelist")

    def listed(q):
        response = comms_client.get(url, {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
        return {m.title for m in response.context["cl"].result_list}, response.text

    found, page = listed("in")
    assert found == {"Hafenfest"}  # "Die Welt in Bildern"
    assert "“in”: very common words are not searched in the mentions&#x27; texts" in page
    assert "has no word or number" not in page
    found, page = listed("in 🚀")
    assert found == set()
    assert "“in”: very common words" in page
    assert "“🚀” has no word or number" in page
    found, page = listed("die")
    assert found == {"Hafenfest", "Phones never die in use"}
    assert "very common words" not in page
    found, page = listed("App")
    assert found == {"Die neue App in Berlin"}
    assert "very common words" not in page


def test_the_admin_mention_search_leaves_out_common_words_and_symbols_next_to_others(comms_client):
    """Each word is searched on its own, and "Die" alone only in English mentions: "Die Polaris"
    found none of the German ones, "Polaris 🚀" none at all."""
    from tests.monitoring.factories import make_mention

    make_mention(title="Die Polaris Cloud wächst", language="de")
    make_mention(title="Polaris goes global", language="en")
    url = reverse("admin:monitoring_mention_changelist")

    def listed(q):
        response = comms_client.get(url, {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
        return {m.title for m in response.context["cl"].result_list}, response.text

    found, page = listed("Die Polaris")
    assert found == {"Die Polaris Cloud wächst", "Polaris goes global"}
    assert "“Die” left out of the search" in page
    found, page = listed("Polaris 🚀 OR")
    assert found == {"Die Polaris Cloud wächst", "Polaris goes global"}
    assert "“🚀 OR” left out of the search" in page
    found, page = listed("Polaris Cloud")
    assert found == {"Die Polaris Cloud wächst"}
    assert "left out" not in page


def test_the_deleted_sources_page_comes_in_pages_in_constant_queries(
    comms_client, monkeypatch, django_assert_max_num_queries
):
    """One query per deleted source (its live row looked up), all on one page that only grows."""
    monkeypatch.setattr("portal.admin_history.DELETED_PER_PAGE", 10)
    sources = [SourceFactory(name=f"Alt {n:02}") for n in range(25)]
    for source in sources:
        source.delete()
    url = reverse("admin:monitoring_source_deleted_objects")
    with django_assert_max_num_queries(12):
        first = comms_client.get(url).text
    assert first.count('name="restore"') == 10
    assert "Seite 1 von 3" in first
    last = comms_client.get(url, {"page": 3}).text
    assert last.count('name="restore"') == 5
    assert "Alt 00" in last  # the oldest deletion last


def test_a_feed_on_a_unicode_host_is_one_feed_however_its_host_is_written(comms_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    SourceFactory(name="Bücher", url="http://bücher.example/feed")
    for twin in (
        "http://xn--bcher-kva.example/feed",
        "http://bücher.example./feed",
        "http://BÜCHER.example/feed",
    ):
        response = comms_client.post(ADD_URL, add_form(twin, skip_trial_fetch="on"))
        assert "ist schon eine Quelle: „Bücher“" in response.text, twin
    opml = '<opml version="2.0"><body><outline text="A" xmlUrl="http://xn--bcher-kva.example/feed"/></body></opml>'
    upload = SimpleUploadedFile("feeds.opml", opml.encode(), content_type="text/x-opml")
    comms_client.post(reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"})
    assert Source.objects.count() == 1
    # "straße" and "strasse" are two domains (IDNA 2008; Python's own codec makes them one).
    SourceFactory(name="Straße", url="http://straße.example/feed")
    response = comms_client.post(ADD_URL, add_form("http://strasse.example/feed", skip_trial_fetch="on"))
    assert "ist schon eine Quelle" not in response.text


def test_opml_in_a_namespace_of_its_own_is_imported_like_any_other(comms_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    opml = (
        b'<?xml version="1.0"?><opml xmlns="http://opml.org/spec2" version="2.0"><head><title>x</title></head>'
        b'<body><outline text="Tech"><outline text="Fine" type="rss" xmlUrl="https://fine.example/feed"/>'
        b"</outline></body></opml>"
    )
    upload = SimpleUploadedFile("feeds.opml", opml, content_type="text/x-opml")
    comms_client.post(reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"})
    assert list(Source.objects.values_list("name", "url")) == [("Fine", "https://fine.example/feed")]


def test_opml_skips_a_url_the_add_form_refuses_and_gives_error_positions_from_one(comms_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    opml = (
        b'<opml version="2.0"><body><outline text="Port" xmlUrl="http://port.example:99999/feed"/>'
        b'<outline text="Fine" xmlUrl="https://fine.example/feed"/></body></opml>'
    )
    upload = SimpleUploadedFile("feeds.opml", opml, content_type="text/x-opml")
    response = comms_client.post(
        reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"}, follow=True
    )
    assert list(Source.objects.values_list("name", flat=True)) == ["Fine"]
    assert "1 ungültige URL übersprungen" in response.text
    broken = SimpleUploadedFile("x.opml", b"<opml>\n<body><</body></opml>")
    response = comms_client.post(reverse("admin:monitoring_source_import"), {"file": broken, "kind": "news"})
    assert "(Zeile 2, Spalte 8)" in response.text  # the second "<", counted as people count


def test_a_name_with_control_characters_is_saved_without_them_and_exports_as_valid_opml(comms_client, serve):
    import xml.etree.ElementTree as ET

    comms_client.post(ADD_URL, add_form(serve("rss20.xml"), name="Bad\x01Name\x1b"))
    assert Source.objects.get().name == "BadName"
    Source.objects.update(name="Old\x02Row")  # stored before names were cleaned
    opml = comms_client.get(reverse("admin:monitoring_source_export")).content
    assert ET.fromstring(opml).find("body/outline").get("text") == "OldRow"  # noqa: S314 - our own export


def test_the_change_page_shows_the_next_poll_in_local_time(comms_client, settings):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Europe/Berlin"
    source = SourceFactory(next_poll_at=datetime(2026, 11, 27, 21, 10, 21, 839556, tzinfo=UTC))
    response = comms_client.get(reverse("admin:monitoring_source_change", args=[source.pk]))
    assert "27. November 2026, 22:10" in response.text
    assert "+00:00" not in response.text


def test_poll_now_and_resume_say_what_they_did_not_do(comms_client, serve):
    running = SourceFactory(url=serve("rss20.xml"))
    Source.objects.filter(pk=running.pk).update(claimed_at=timezone.now(), claim_token=uuid.uuid4())
    idle = SourceFactory(url="https://idle.example/feed")
    response = comms_client.post(
        CHANGELIST, {"action": "poll_now", "_selected_action": [running.pk, idle.pk]}, follow=True
    )
    assert "1 Quelle wird gleich abgerufen. 1 wartet schon auf den Abruf oder wird gerade abgerufen." in (
        response.text
    )
    response = comms_client.post(CHANGELIST, {"action": "resume", "_selected_action": [idle.pk]}, follow=True)
    assert "0 Quellen werden wieder abgerufen. 1 war nicht pausiert." in response.text


def test_technical_error_details_are_worded_for_people(settings):
    with translation.override("de"):
        assert Source.error_text("connection", "Connection refused") == (
            "Verbindung fehlgeschlagen: der Server hat die Verbindung abgelehnt"
        )
        assert Source.error_text("not_a_feed", "<unknown>:2:0: not well-formed (invalid token)") == (
            "Kein RSS- oder Atom-Feed: Zeile 2, Spalte 1: kein wohlgeformtes XML"
        )
        assert Source.error_text("too_large", "> 5242880 B") == "Feed zu groß: > 5,0\xa0MB"
        assert (
            Source.error_text("too_large", "Content-Length 6291456")
            == "Feed zu groß: Content-Length 6,0\xa0MB"
        )
        assert Source.error_text("too_many_redirects", "> 5") == "Zu viele Weiterleitungen: > 5"
    with translation.override("en"):
        assert Source.error_text("connection", "Connection refused") == (
            "Connection failed: the server refused the connection"
        )


@pytest.mark.parametrize(
    ("typed", "language", "stored"),
    [
        ("1.000", "de", 1000),
        ("10.080", "de", 10080),
        ("1,000", "en", 1000),
        ("1 000", "de", 1000),
        ("30", "de", 30),
    ],
)
def test_a_poll_interval_typed_with_a_thousands_separator_is_read_as_grouped(
    comms_client, serve, typed, language, stored
):
    """ "1.000" was read as 1 (Django drops ".000" as decimals) and refused as under 5 minutes."""
    form = add_form(serve("rss20.xml"), poll_interval=typed)
    response = comms_client.post(ADD_URL, form, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Source.objects.get().poll_interval == stored


@pytest.mark.parametrize(("typed", "language"), [("1,000", "de"), ("1.000", "en"), ("1.000,000", "de")])
def test_a_poll_interval_with_a_separator_that_may_be_decimals_is_refused_clearly(
    comms_client, serve, typed, language
):
    """ "1,000" is a thousand to an English reader, one to a German one: asked, not guessed."""
    form = add_form(serve("rss20.xml"), poll_interval=typed)
    response = comms_client.post(ADD_URL, form, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert not Source.objects.exists()
    if language == "en":
        assert (
            f"“{typed}” is unclear: please type the minutes without a dot or comma, such as 1000."
            in response.text
        )
    else:
        assert "größer oder gleich 5" not in response.text  # not read as 1


def test_putting_back_an_earlier_name_taken_meanwhile_says_so_clearly(comms_client):
    """The history's "revert" got Django's "Quelle mit diesem Wert für das Feld Name existiert bereits."."""
    source = SourceFactory(name="Alt", url="https://a.example/rss")
    first = source.history.get()
    source.name = "Neu"
    source.save()
    SourceFactory(name="Alt", url="https://b.example/rss")
    url = reverse("admin:monitoring_source_simple_history", args=[source.pk, first.history_id])
    form = {
        "name": "Alt",
        "url": "https://a.example/rss",
        "kind": "news",
        "poll_interval": 15,
        "active": "on",
    }
    response = comms_client.post(url, form)
    assert response.status_code == 200
    assert (
        "Es gibt bereits einen Eintrag mit diesem Namen (Groß- und Kleinschreibung zählen nicht)."
        in response.text
    )
    assert "existiert bereits" not in response.text
    source.refresh_from_db()
    assert source.name == "Neu"


@pytest.mark.parametrize("count", [1, 6])
def test_the_needs_attention_filter_reads_its_mentions_by_an_index(
    comms_client, django_assert_num_queries, count
):
    """Count, page and date drill-down of "needs attention: yes" read every mention (0.7 s with
    100,000): mention_attention_idx holds the few colleagues asked about."""
    import datetime

    from django.db import connection

    from tests.monitoring.factories import make_mention

    june = datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)  # one year in the drill-down
    for n in range(count):
        make_mention(
            title=f"Bitte ansehen {n}", needs_attention=True, published_at=june + datetime.timedelta(days=n)
        )
    make_mention(title="Nichts zu tun", published_at=june)
    url = reverse("admin:monitoring_mention_changelist") + "?needs_attention__exact=1"
    with django_assert_num_queries(14):  # session, user, roles, counts, page, dates (few: one query), badge …
        page = comms_client.get(url).text
    assert "Bitte ansehen 0" in page
    assert "Nichts zu tun" not in page
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # the test's few rows: else always a scan
            sql, params = (
                Mention.objects.filter(needs_attention=True).order_by("-published_at").query.sql_with_params()
            )
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "mention_attention_idx" in plan


def test_the_date_drill_down_of_filtered_mentions_reads_no_more_than_a_page(comms_client):
    """Django's drill-down took MIN, MAX and a DISTINCT of the dates over every mention the filter
    let through (0.5 s for "news" among 100,000): the first and last come from the date's index
    and each year or month is asked whether it has a mention. The links are the same."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.monitoring.factories import make_mention

    news, blog = SourceFactory(kind=Source.Kind.NEWS), SourceFactory(kind=Source.Kind.BLOG)
    berlin = timezone.get_current_timezone()
    for when, source in [
        ((2024, 12, 31, 23, 30), news),  # 22:30 UTC: still 2024 in Berlin
        ((2025, 1, 1, 0, 30), news),  # 2024 in UTC, 2025 in Berlin
        ((2025, 3, 15, 12, 0), news),
        ((2025, 7, 1, 12, 0), blog),  # not news: no July
        ((2026, 12, 1, 12, 0), news),
    ]:
        make_mention(source=source, published_at=datetime.datetime(*when, tzinfo=berlin))
    url = reverse("admin:monitoring_mention_changelist")

    def drill_down(query: str = "") -> list[int]:
        with CaptureQueriesContext(connection) as queries:
            page = comms_client.get(f"{url}?{query}source__kind__exact=news").text
        assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"] or "MIN(" in q["sql"]]
        level = "month" if query else "year"
        return [
            int(n)
            for n in re.findall(rf'href="\?published_at__{level}=(\d+)&amp;[^"]*kind__exact=news"', page)
        ]

    assert drill_down() == [2024, 2025, 2026]  # in Berlin's time, as Django lists them
    assert drill_down("published_at__year=2024&") == [12]
    assert drill_down("published_at__year=2025&") == [1, 3]  # July's is a blog's
    assert drill_down("published_at__year=2026&") == [12]


def test_a_deep_page_of_the_mention_admin_reads_its_ids_first_with_the_count_and_filters_as_before(
    comms_client, monkeypatch
):
    """Django's paginator skipped whole rows with OFFSET: page 900 of 100,000 mentions took 0.2 s
    (0.03 s by the ids; measured on PostgreSQL)."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.admin import MentionAdmin

    monkeypatch.setattr(MentionAdmin, "list_per_page", 2)
    source = SourceFactory()
    start = timezone.now()
    for n in range(7):
        Mention.objects.create(source=source, identity_key=f"m{n}", content_hash="h", title=f"M{n}",
                               published_at=start - timedelta(hours=n), flagged=n % 2 == 0)  # fmt: skip
    changelist = reverse("admin:monitoring_mention_changelist")

    def page(query):
        with CaptureQueriesContext(connection) as queries:
            response = comms_client.get(f"{changelist}?{query}")
        assert response.status_code == 200
        cl = response.context["cl"]
        return [m.title for m in cl.result_list], cl.result_count, queries

    titles, count, queries = page("p=3")
    assert (titles, count) == (["M4", "M5"], 7)
    mention_rows = [
        q["sql"] for q in queries if '"monitoring_mention"."title"' in q["sql"] and "OFFSET" in q["sql"]
    ]
    assert mention_rows == []  # the OFFSET is over the ids only
    assert page("p=2&flagged__exact=1")[:2] == (["M4", "M6"], 4)
    assert page("p=4")[:2] == (["M6"], 7)
    assert page("o=-1&p=2")[:2] == (["M4", "M3"], 7)  # by title, the other way round


def test_a_source_resumed_after_failing_is_not_said_to_wait_for_its_first_poll():
    """Resumed (its errors reset) after never succeeding, it read "waiting for first poll" beside
    its last poll's time and error."""
    from django.utils import timezone, translation

    with translation.override("en"):
        assert SourceFactory().status == "waiting for first poll"
        resumed = SourceFactory(last_polled_at=timezone.now(), last_error_code="http_status")
        assert resumed.status == "not polled successfully yet"


def test_a_mentions_delete_page_counts_what_goes_and_names_nobodys_reading(client, admin_user, employee):
    """It listed "Read and starred state: 4:2" (who read what, by ids) and a link table named in
    the start-up language ("Mention-trackedkeyword-Beziehung: Mention_keywords object (517)")."""
    from monitoring.models import MentionState, TrackedKeyword
    from tests.monitoring.factories import make_mention

    mention = make_mention(title="Polaris in der Presse")
    mention.keywords.add(TrackedKeyword.objects.create(name="Polaris"))
    MentionState.objects.create(user=employee, mention=mention, read=True, starred=True)
    type(admin_user).objects.filter(pk=admin_user.pk).update(preferred_language="en")
    client.force_login(admin_user)
    page = client.get(reverse("admin:monitoring_mention_delete", args=[mention.pk])).text
    assert "Polaris in der Presse" in page
    assert "Tracked keywords (links): 1" in page
    assert f"{employee.pk}:{mention.pk}" not in page
    assert "object (" not in page
    assert "Beziehung" not in page
