"""The communications team adding sources and importing OPML as they come from real feed readers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from monitoring.models import Source
from tests.monitoring.conftest import feed

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:monitoring_source_import")


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


def post_opml(client, body: bytes, **extra):
    upload = SimpleUploadedFile("feeds.opml", body, content_type="text/x-opml")
    return client.post(IMPORT_URL, {"file": upload, "kind": "news"}, follow=True, **extra)


@pytest.mark.parametrize(
    "declaration",
    [b'<?xml version="1.0" encoding="ISO-8859-1"?>', b'<?xml version="1.0" encoding="UTF-8"?>', b""],
)
def test_opml_from_windows_tools_in_windows_1252_is_read_as_such(comms_client, declaration):
    """Windows tools write Windows-1252 and call it ISO-8859-1, or say nothing: the dash was an
    invisible control character in the source's name, or the whole file "not a valid OPML file"."""
    body = declaration + (
        b'<opml version="2.0"><body><outline text="M\xfcnchner Merkur \x96 Wirtschaft" type="rss"'
        b' xmlUrl="https://www.merkur.example/rss"/></body></opml>'
    )
    response = post_opml(comms_client, body)
    assert "1 Quelle hinzugefügt." in response.text
    assert list(Source.objects.values_list("name", flat=True)) == ["Münchner Merkur – Wirtschaft"]


def test_opml_in_utf_8_and_latin_1_without_special_characters_reads_as_before(comms_client):
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><opml version="2.0"><body>'
        '<outline text="Café Größe" xmlUrl="https://cafe.example/rss"/></body></opml>'
    ).encode("latin-1")
    post_opml(comms_client, body)
    body = '<opml version="2.0"><body><outline text="Grüße – 東京" xmlUrl="https://gruss.example/rss"/></body></opml>'
    post_opml(comms_client, body.encode())
    assert sorted(Source.objects.values_list("name", flat=True)) == ["Café Größe", "Grüße – 東京"]


def test_an_opml_name_that_only_looks_different_is_named_apart(comms_client):
    """A name written with a combining umlaut or a zero-width space was a second "Müller Blog",
    telling the two apart for nobody."""
    Source.objects.create(name="Müller Blog", url="https://mueller.example/rss")
    body = (
        '<opml version="2.0"><body><outline title="Mu\u0308ller\u200b  Blog" xmlUrl="https://other.example/rss"/>'
        '<outline title="\u00ad" text="Nord\u00adlicht" xmlUrl="https://nordlicht.example/rss"/></body></opml>'
    )
    post_opml(comms_client, body.encode())
    assert sorted(Source.objects.values_list("name", flat=True)) == [
        "Müller Blog",
        "Müller Blog (2)",
        "Nordlicht",
    ]


def test_a_feed_address_as_web_pages_link_it_is_added_as_its_http_address(comms_client, serve):
    """Web pages link their feeds as "feed://…" (a click opens the feed reader): it was "not a valid
    address", and the OPML import skipped such a feed as an invalid URL."""
    url = serve("rss20.xml")
    form = {"name": "Tech Daily", "kind": "news", "poll_interval": 15, "active": "on"}
    response = comms_client.post(
        reverse("admin:monitoring_source_add"),
        {**form, "url": url.replace("http://", "feed://")},
        follow=True,
    )
    assert "Der Testabruf hat „Tech Business Daily“ mit 3 Einträgen gefunden." in response.text
    assert Source.objects.get().url == url

    body = (
        b'<opml version="2.0"><body><outline text="Mac Stories" xmlUrl="feed://www.macstories.example/feed/"/>'
        b'<outline text="Sicher" xmlUrl="feed:https://sicher.example/rss"/></body></opml>'
    )
    assert "2 Quellen hinzugefügt." in post_opml(comms_client, body).text
    assert set(Source.objects.values_list("url", flat=True)) == {
        url,
        "http://www.macstories.example/feed/",
        "https://sicher.example/rss",
    }


def test_a_feed_address_with_spaces_is_taken_as_a_browser_takes_it(comms_client, serve):
    """A space in a pasted address (or a link broken over two lines of an e-mail) made it "not a
    valid address", and Thunderbird exports addresses with spaces as they were typed, which the
    OPML import skipped as invalid."""
    url = serve("rss20.xml", path="/rss/Wirtschaft & Börse.xml")
    form = {"name": "Lokalblatt", "kind": "news", "poll_interval": 15, "active": "on"}
    typed = url.replace("%20", " ").replace("/rss/", "/rss/\n")
    response = comms_client.post(reverse("admin:monitoring_source_add"), {**form, "url": typed}, follow=True)
    assert "Der Testabruf hat „Tech Business Daily“ mit 3 Einträgen gefunden." in response.text
    assert Source.objects.get().url.endswith("/rss/Wirtschaft%20&%20Börse.xml")

    Source.objects.all().delete()
    response = post_opml(comms_client, feed("thunderbird.opml"))
    assert "3 Quellen hinzugefügt, 1 Webseite ohne Feed-Adresse übersprungen" in response.text
    assert sorted(Source.objects.values_list("name", "url")) == [
        ("Bücher", "https://www.bücher.de/rss/neu"),
        ("Lokalblatt", "https://www.lokalblatt.de/rss/Wirtschaft%20&%20Börse.xml"),
        ("Mastodon", "http://social.example/@nordlicht.rss"),
    ]


def test_a_websites_address_instead_of_its_feeds_says_which_address_is_the_feed(comms_client, serve):
    """Pasting the website's address (what people have at hand) said only "an HTML page, not a
    feed", while the page names its feed in its head, as feed readers find it."""
    page = (
        b"<!DOCTYPE html><html><head><title>Hamburger Wirtschaft</title>"
        b'<link rel="stylesheet" href="/style.css">'
        b'<link rel="alternate" type="application/feed+json" href="/feed.json">'
        b"<LINK REL='Alternate' TYPE='application/rss+xml; charset=utf-8' title='Nachrichten'"
        b" href='/feed/?format=rss&amp;x=1'>"
        b'<link rel="alternate" type="application/atom+xml" href="https://other.example/atom.xml">'
        b"</head><body>Willkommen</body></html>"
    )
    url = serve(body=page, path="/", content_type="text/html; charset=utf-8")
    form = {"name": "Hamburger Wirtschaft", "url": url, "kind": "news", "poll_interval": 15, "active": "on"}
    response = comms_client.post(reverse("admin:monitoring_source_add"), form, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        f"An HTML page, not a feed. The page names its feed: {url}feed/?format=rss&amp;x=1. Check the URL"
    ) in response.text
    assert not Source.objects.exists()


def test_an_html_page_that_names_no_feed_says_so_as_before(comms_client, serve):
    url = serve("html_page.html", path="/", content_type="text/html")
    form = {"name": "Start", "url": url, "kind": "news", "poll_interval": 15, "active": "on"}
    response = comms_client.post(reverse("admin:monitoring_source_add"), form)
    assert "Der Testabruf ist fehlgeschlagen: Eine HTML-Seite, kein Feed. Bitte prüfen Sie" in response.text


def test_opml_bookmarks_of_web_pages_are_named_as_skipped_and_odd_spellings_of_xmlurl_read(comms_client):
    """Readers export bookmarked pages next to feeds (htmlUrl only, or type="link"): they vanished
    without a word, as did feeds written with "xmlurl" or "xmlURL"."""
    body = b"""<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><head><title>Inoreader</title></head><body>
      <outline text="Presse" title="Presse">
        <outline text="Golem" type="rss" xmlUrl="https://golem.example/rss" htmlUrl="https://golem.example/"/>
        <outline text="Nur Webseite" title="Nur Webseite" htmlUrl="https://www.page.example/"/>
      </outline>
      <outline text="Lesezeichen" type="link" url="https://bookmark.example/artikel"/>
      <outline text="Eingebunden" type="include" url="https://include.example/more.opml"/>
      <outline text="Klein" xmlurl="https://klein.example/rss"/>
      <outline text="Gross" xmlURL="https://gross.example/rss"/>
      <outline text="Leerer Ordner"></outline></body></opml>"""
    response = post_opml(comms_client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "3 sources added, 2 web pages without a feed address skipped "
        "(https://www.page.example/, https://bookmark.example/artikel)."
    ) in response.text
    assert sorted(Source.objects.values_list("name", flat=True)) == ["Golem", "Gross", "Klein"]


def test_feed_health_links_each_source_to_its_admin_page_where_it_is_resumed(comms_client):
    """A paused source on the feed health page had "Poll now" only: resuming it meant finding it
    in the admin's list."""
    from tests.monitoring.factories import SourceFactory

    paused = SourceFactory(name="Paused feed", active=False, pause_cause="other", pause_details={"text": "x"})
    page = comms_client.get(reverse("monitoring:sources")).text
    change = reverse("admin:monitoring_source_change", args=[paused.pk])
    assert f'<a href="{change}">Paused feed</a>' in page
    assert comms_client.get(change).status_code == 200


@pytest.mark.parametrize("label", ["ISO-8859-1", "windows-1252"])
def test_opml_in_utf_8_that_says_it_is_latin_1_is_read_as_utf_8(comms_client, label):
    """A web application's template declares Latin-1 and writes UTF-8: "Müller" was "MÃ¼ller"."""
    body = (
        f'<?xml version="1.0" encoding="{label}"?><opml version="2.0"><body>'
        '<outline text="Müller – Blog" xmlUrl="https://mueller.example/rss"/></body></opml>'
    ).encode()
    assert "1 Quelle hinzugefügt." in post_opml(comms_client, body).text
    assert list(Source.objects.values_list("name", flat=True)) == ["Müller – Blog"]


@pytest.mark.parametrize("feed", ["rss20.xml", "atom.xml", "rss10.rdf"])
def test_a_feed_uploaded_instead_of_an_opml_file_says_how_to_add_it(comms_client, feed):
    from tests.monitoring.conftest import feed as feed_file

    response = post_opml(comms_client, feed_file(feed), HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "This is a feed, not an OPML file: add it as a source with the address it came from." in response.text
    )
    assert not Source.objects.exists()


def test_the_mention_counts_of_sources_and_keywords_link_to_those_mentions(comms_client):
    """Which mentions came from this source, or name this keyword? The lists counted them (sources)
    or said nothing (keywords), and the mention list's filter had to be found by hand."""
    from monitoring.models import TrackedKeyword
    from tests.monitoring.factories import SourceFactory, make_mention

    source, quiet = SourceFactory(name="Lokalblatt"), SourceFactory(name="Still")
    keyword = TrackedKeyword.objects.create(name="Polaris")
    for title in ("Polaris kommt", "Polaris bleibt", "Wetter"):
        mention = make_mention(source=source, title=title)
        if "Polaris" in title:
            mention.keywords.add(keyword)
    mentions = reverse("admin:monitoring_mention_changelist")
    sources_page = comms_client.get(reverse("admin:monitoring_source_changelist")).text
    assert f'<a href="{mentions}?source={source.pk}">3</a>' in sources_page
    assert f"?source={quiet.pk}" not in sources_page
    keywords_page = comms_client.get(reverse("admin:monitoring_trackedkeyword_changelist")).text
    assert f'<a href="{mentions}?keyword={keyword.pk}">2</a>' in keywords_page
    listed = comms_client.get(f"{mentions}?keyword={keyword.pk}")
    assert listed.status_code == 200
    assert "Polaris bleibt" in listed.text
    assert "Wetter" not in listed.text


def test_comms_on_a_flagged_mentions_page_are_led_to_it_in_the_queue(comms_client, employee):
    """Opened from the list or an e-mail, a mention in the queue offered comms only "Ask the
    communications team to take a look" (themselves), and no way to where it is handled."""
    from django.test import Client
    from django.utils import timezone

    from monitoring.comms_views import QUEUE_PAGE_SIZE
    from monitoring.models import ReviewStatus
    from tests.monitoring.factories import make_mention

    flagged = make_mention(title="Umsatz", flagged=True, published_at=timezone.now() - timedelta(days=1))
    for n in range(QUEUE_PAGE_SIZE):  # newer ones: it is on the second page now
        make_mention(title=f"Neuer {n}", flagged=True, published_at=timezone.now() - timedelta(minutes=n))
    page = comms_client.get(reverse("monitoring:detail", args=[flagged.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    queue = f"{reverse('monitoring:queue')}?page=2#mention-{flagged.pk}"
    assert f'href="{queue}">Handle it among the flagged mentions</a>' in page
    assert f'id="mention-{flagged.pk}"' in comms_client.get(queue).text
    assert "Ask the communications team" not in page

    other = Client()
    other.force_login(employee)  # employees ask, as before
    page = other.get(reverse("monitoring:detail", args=[flagged.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Handle it among" not in page
    assert "Ask the communications team to take a look" in page

    flagged.review_status = ReviewStatus.RESOLVED
    flagged.save()
    page = comms_client.get(reverse("monitoring:detail", args=[flagged.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Handle it among" not in page
    assert "Review: resolved" in page  # still comms


def test_the_admins_page_of_a_mention_links_to_its_page_in_the_portal(comms_client):
    """The admin shows a mention read-only ("review: open") with no way to where it is handled."""
    from tests.monitoring.factories import make_mention

    mention = make_mention(title="Umsatz", flagged=True)
    page = comms_client.get(reverse("admin:monitoring_mention_change", args=[mention.pk])).text
    view_on_site = re.search(r'<a href="([^"]+)" class="viewsitelink">', page)
    assert view_on_site is not None
    response = comms_client.get(view_on_site.group(1))
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("monitoring:detail", args=[mention.pk]))


def test_import_feed_takes_a_sources_id_as_poll_feeds_does_and_lists_names_with_ids(tmp_path):
    """poll_feeds --source takes ids, import_feed only names: "--source 12" was "no source named
    '12'", and the list of names (the first 20 of thousands) neither gave ids nor said it was cut."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    from monitoring.models import Mention
    from tests.monitoring.conftest import FEEDS
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(name="Offline")
    out = StringIO()
    call_command("import_feed", str(FEEDS / "rss20.xml"), "--source", str(source.pk), stdout=out)
    assert out.getvalue().startswith("Offline: 3 entries, 3 new")
    assert Mention.objects.filter(source=source).count() == 3

    SourceFactory.create_batch(20)
    with pytest.raises(CommandError) as error:
        call_command("import_feed", str(FEEDS / "rss20.xml"), "--source", "999999")
    assert "No source named '999999'. Sources (id): " in str(error.value)
    assert str(error.value).endswith(" … (21 in all)")
    assert f"Offline ({source.pk})" in str(error.value)


def test_a_source_name_differing_only_in_capital_umlauts_is_refused(comms_client):
    """SQLite's lower() knows only ASCII: "gut äöü" was added next to "Gut ÄÖÜ" there."""
    from tests.monitoring.factories import SourceFactory

    SourceFactory(name="Gut ÄÖÜ")
    form = {"name": "gut äöü", "url": "https://neu.example/feed", "kind": "news", "poll_interval": 15,
            "active": "on", "skip_trial_fetch": "on"}  # fmt: skip
    response = comms_client.post(reverse("admin:monitoring_source_add"), form)
    assert response.status_code == 200
    assert (
        "Es gibt bereits einen Eintrag mit diesem Namen (Groß- und Kleinschreibung zählen nicht)."
        in response.text
    )
    assert Source.objects.count() == 1

    if connection.vendor != "sqlite":
        return  # PostgreSQL never let such twins in
    # Twins from before (SQLite let them in) can still be edited without renaming one.
    twin = SourceFactory(name="gut äöü")
    change = reverse("admin:monitoring_source_change", args=[twin.pk])
    response = comms_client.post(change, {**form, "url": twin.url, "poll_interval": 30})
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.poll_interval == 30


def test_import_feed_finds_a_source_named_with_umlauts_in_other_capitals():
    from io import StringIO

    from django.core.management import call_command

    from tests.monitoring.conftest import FEEDS
    from tests.monitoring.factories import SourceFactory

    SourceFactory(name="Gut ÄÖÜ")
    out = StringIO()
    call_command("import_feed", str(FEEDS / "rss20.xml"), "--source", "gut äöü", stdout=out)
    assert out.getvalue().startswith("Gut ÄÖÜ: 3 entries")


def test_a_feed_in_several_folders_of_the_file_is_not_said_to_be_there_already(comms_client):
    """Feed readers list a feed once per folder it is in: the second was counted "already there",
    as if the portal had had it before."""
    from tests.monitoring.factories import SourceFactory

    SourceFactory(name="Heise", url="https://www.heise.example/rss")
    body = b"""<opml version="1.0"><body>
      <outline text="Wirtschaft"><outline text="t3n" xmlUrl="https://t3n.example/rss.xml"/>
        <outline text="Heise" xmlUrl="https://www.heise.example/rss"/></outline>
      <outline text="Tech"><outline text="t3n" xmlUrl="https://t3n.example/rss.xml"/></outline>
      <outline text="Mehr"><outline text="t3n" xmlUrl="https://T3N.example/rss.xml"/></outline></body></opml>"""
    response = post_opml(comms_client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert "1 source added, 1 already there, 2 listed more than once in the file." in response.text
    assert Source.objects.filter(name="t3n").count() == 1
    # The same file again: each feed is there once, however often the file lists it.
    response = post_opml(comms_client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert "0 sources added, 2 already there, 2 listed more than once in the file." in response.text


def test_a_source_added_without_a_name_is_named_after_its_feeds_title(comms_client, serve, httpserver):
    """As in every feed reader, the address is enough: the name was required, and the feed's own
    title (which the trial fetch had just read) had to be typed in by hand."""
    form = {"name": "", "kind": "news", "poll_interval": 15, "active": "on"}
    add = reverse("admin:monitoring_source_add")
    response = comms_client.post(add, {**form, "url": serve("rss20.xml")}, follow=True)
    assert response.status_code == 200
    assert Source.objects.filter(name="Tech Business Daily").exists()
    # Another feed with that title: a name of its own.
    comms_client.post(add, {**form, "url": serve("rss20.xml", path="/other.xml")})
    assert Source.objects.filter(name="Tech Business Daily (2)").exists()
    # Down right now and added anyway: its host.
    httpserver.expect_request("/down.xml").respond_with_data("", status=503)
    comms_client.post(add, {**form, "url": httpserver.url_for("/down.xml"), "skip_trial_fetch": "on"})
    assert Source.objects.filter(name="localhost").exists()
    # Refused for another reason: still no name, and the reason said.
    response = comms_client.post(add, {**form, "url": httpserver.url_for("/nothing.xml")})
    assert "Der Testabruf ist fehlgeschlagen" in response.text
    assert Source.objects.count() == 3
    # Editing, the name is required as before.
    source = Source.objects.get(name="localhost")
    change = reverse("admin:monitoring_source_change", args=[source.pk])
    response = comms_client.post(change, {**form, "url": source.url})
    assert "Dieses Feld ist zwingend erforderlich." in response.text


def test_a_feed_without_a_title_is_said_so_not_called_by_its_address(comms_client, httpserver):
    body = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title></title>"
        "<item><title>Eins</title><link>https://a.example/1</link></item></channel></rss>"
    )
    httpserver.expect_request("/untitled.xml").respond_with_data(body, content_type="application/rss+xml")
    form = {"name": "", "kind": "news", "poll_interval": 15, "active": "on"}
    url = httpserver.url_for("/untitled.xml")
    response = comms_client.post(reverse("admin:monitoring_source_add"), {**form, "url": url}, follow=True)
    assert "Der Testabruf hat einen Feed ohne Titel mit 1 Eintrag gefunden." in response.text
    assert f"„{url}“" not in response.text
    assert Source.objects.filter(name="localhost").exists()


def test_a_feed_title_that_only_looks_like_a_sources_name_names_it_apart(comms_client, monkeypatch):
    from monitoring import actions

    Source.objects.create(name="Müller Blog", url="https://mueller.example/rss")
    monkeypatch.setattr(
        actions, "trial_fetch", lambda url: actions.TrialResult(title="Mu\u0308ller\u200b Blog")
    )
    form = {
        "name": "",
        "url": "https://other.example/rss",
        "kind": "news",
        "poll_interval": 15,
        "active": "on",
    }
    comms_client.post(reverse("admin:monitoring_source_add"), form)
    assert Source.objects.filter(name="Müller Blog (2)").exists()


def test_the_dashboard_tells_comms_about_failing_feeds(comms_client, employee):
    """A failing feed showed only on the feed health page, which nobody opens unless told."""
    from django.test import Client

    from monitoring.models import PauseCause
    from tests.monitoring.factories import SourceFactory

    SourceFactory(name="Manual", active=False, pause_cause=PauseCause.MANUAL)  # no problem
    SourceFactory(name="Fine")
    home = reverse("home")
    assert "failing" not in comms_client.get(home, HTTP_ACCEPT_LANGUAGE="en").text
    SourceFactory(name="Failing", consecutive_errors=2)
    SourceFactory(name="Stopped", active=False, pause_cause=PauseCause.FAILURES, consecutive_errors=10)
    page = comms_client.get(home, HTTP_ACCEPT_LANGUAGE="en").text
    assert (
        f'<a href="{reverse("monitoring:sources")}">2 feeds are failing or were paused after failing</a>'
        in page
    )
    other = Client()
    other.force_login(employee)
    assert "failing" not in other.get(home, HTTP_ACCEPT_LANGUAGE="en").text


def test_the_poll_interval_says_its_limits_in_words_people_know(comms_client):
    """A week was refused as "at most 10080" with nothing saying what that is."""
    page = comms_client.get(reverse("admin:monitoring_source_add"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "At least 5 minutes, at most a week (10,080 minutes)." in page


def test_opml_in_utf_8_with_a_broken_byte_is_still_an_error_not_garbled_names(comms_client):
    """Read as Windows-1252, each umlaut of such a file would be two wrong letters ("MÃ¼ller")."""
    body = '<opml version="2.0"><body><outline text="Müller" xmlUrl="https://mueller.example/rss"/>'.encode()
    body += b'<outline text="Kaputt \xfc" xmlUrl="https://kaputt.example/rss"/></body></opml>'
    response = post_opml(comms_client, body)
    assert "Dies ist keine gültige OPML-Datei (Zeile 1, Spalte" in response.text
    assert not Source.objects.exists()


def test_a_note_typed_while_a_colleague_handled_the_mention_is_given_back(comms_client, hr):
    """Two tabs or two colleagues: the second was told who handled it, and its note was gone
    (it is given back when the mention has left the queue)."""
    from django.utils import timezone

    from monitoring.models import ReviewStatus
    from tests.monitoring.factories import make_mention

    mention = make_mention(title="Umsatz", flagged=True)
    mention.review_status, mention.reviewed_by, mention.reviewed_at = (
        ReviewStatus.DISMISSED,
        hr,
        timezone.now(),
    )
    mention.save()
    note = "Presse hat angerufen, Rückruf bis Freitag zugesagt"
    response = comms_client.post(
        reverse("monitoring:review", args=[mention.pk]), {"action": "resolved", "note": note}, follow=True
    )
    assert "wurde bereits von" in response.text
    assert f"Ihre Notiz: „{note}“" in response.text
    mention.refresh_from_db()
    assert mention.review_status == ReviewStatus.DISMISSED
    assert mention.review_note == ""


def test_a_source_name_taken_exactly_gets_the_clear_message_not_djangos(comms_client):
    """The same name exactly got Django's "Quelle mit diesem Wert für das Feld Name existiert bereits."."""
    from tests.monitoring.factories import SourceFactory

    SourceFactory(name="Hamburger Wirtschaft")
    form = {"name": " Hamburger Wirtschaft ", "url": "https://neu.example/feed", "kind": "news",
            "poll_interval": 15, "active": "on", "skip_trial_fetch": "on"}  # fmt: skip
    response = comms_client.post(reverse("admin:monitoring_source_add"), form)
    assert response.status_code == 200
    assert (
        "Es gibt bereits einen Eintrag mit diesem Namen (Groß- und Kleinschreibung zählen nicht)."
        in response.text
    )
    assert "existiert bereits" not in response.text
    assert Source.objects.count() == 1


def test_a_keyword_taken_exactly_gets_the_clear_message_not_djangos(comms_client):
    from monitoring.models import TrackedKeyword

    TrackedKeyword.objects.create(name="Nordlicht")
    url = reverse("admin:monitoring_trackedkeyword_add")
    response = comms_client.post(url, {"name": "Nordlicht", "aliases": "", "active": "on"})
    assert response.status_code == 200
    assert "Es gibt bereits einen Suchbegriff „Nordlicht“" in response.text
    assert "existiert bereits" not in response.text
    assert TrackedKeyword.objects.count() == 1


@pytest.mark.parametrize("model", ["source", "trackedkeyword"])
def test_the_lists_count_mentions_from_the_index_alone(comms_client, django_assert_num_queries, model):
    """COUNT(id) made PostgreSQL visit every mention's row of every source on the page (0.3 s of
    the sources' list with 100,000 mentions over 50 sources); COUNT(*) is read from the index."""
    from django.test.utils import CaptureQueriesContext

    from tests.monitoring.factories import SourceFactory, make_mention

    for n in range(3):
        make_mention(source=SourceFactory(name=f"Quelle {n}"), title=f"Meldung {n}")
    with CaptureQueriesContext(connection) as queries:
        assert comms_client.get(reverse(f"admin:monitoring_{model}_changelist")).status_code == 200
    listing = next(
        q["sql"] for q in queries if f'FROM "monitoring_{model}" ' in q["sql"] and "ORDER BY" in q["sql"]
    )
    assert "COUNT(*)" in listing
    assert "COUNT(U0" not in listing
    make_mention(source=SourceFactory(name="Quelle 4"), title="Meldung 4")
    with django_assert_num_queries(len(queries)):  # however many sources and mentions
        comms_client.get(reverse(f"admin:monitoring_{model}_changelist"))
