"""Defects found in a review of the mention feed and the sources admin (issues 5 and 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import FeedToken
from tests.monitoring.factories import make_mention

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"since": "0001-01-01", "until": "9999-12-31"},
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_a_form_error_not_a_500(
    employee_client, employee, client, query
):
    make_mention(title="Still listed", published_at=timezone.now())
    response = employee_client.get(reverse("monitoring:index"), query)
    assert response.status_code == 200
    assert "Bitte geben Sie ein Datum zwischen 1900 und 2999 ein." in response.text
    assert "Still listed" in response.text

    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.MENTIONS)
    response = client.get(reverse("monitoring:feed", args=[token.key]), query)
    assert response.status_code == 400  # no 500, and not every mention as if it were the selection
    assert "Bitte geben Sie ein Datum zwischen 1900 und 2999 ein." in response.content.decode()


def post_opml(client, body: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("admin:monitoring_source_import"),
        {"file": SimpleUploadedFile("x.opml", body), "kind": "news"},
        follow=True,
    )


BOMB = """<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<opml version="2.0"><body><outline text="&lol2;" xmlUrl="https://example.org/a.xml"/></body></opml>"""


@pytest.mark.parametrize(
    "body",
    [BOMB.encode("utf-16"), BOMB.replace("UTF-16", "UTF-16BE").encode("utf-16-be"), b"\xff\xfe\x00garbage"],
)
def test_opml_xml_bombs_are_refused_in_any_encoding(client, comms, body):
    from monitoring.models import Source

    client.force_login(comms)
    response = post_opml(client, body)
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert not Source.objects.exists()


def test_opml_skips_urls_too_long_to_store_and_literal_private_addresses(client, comms, settings):
    from monitoring.models import Source

    settings.FEED_ALLOWED_PRIVATE_NETWORKS = []

    client.force_login(comms)
    long_url = "https://example.org/" + "a" * 2000  # valid, but longer than the column (2,000)
    body = f"""<opml version="2.0"><body>
      <outline text="Long" xmlUrl="{long_url}"/>
      <outline text="Loopback" xmlUrl="http://127.0.0.1/feed"/>
      <outline text="Metadata" xmlUrl="http://169.254.169.254/latest/"/>
      <outline text="Local" xmlUrl="http://localhost:8000/feed"/>
      <outline text="IPv6" xmlUrl="http://[::1]/feed"/>
      <outline text="Fine" xmlUrl="https://news.example.org/feed"/>
    </body></opml>""".encode()
    response = post_opml(client, body)
    assert response.status_code == 200
    assert list(Source.objects.values_list("name", flat=True)) == ["Fine"]
    assert "1 ungültige URL übersprungen" in response.text
    assert (
        "4 interne Adressen übersprungen (http://127.0.0.1/feed, http://169.254.169.254/latest/"
        in response.text
    )


def test_a_source_with_mentions_is_deleted_by_superusers_only_and_the_page_lists_no_reader(
    client, comms, admin_user, employee
):
    from monitoring import actions
    from monitoring.models import Mention, Source
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(name="Old blog")
    mentions = [make_mention(source=source, title=f"Post {n}") for n in range(3)]
    actions.set_state(employee, mentions[0], starred=True, read=True)
    client.force_login(comms)
    url = reverse("admin:monitoring_source_delete", args=[source.pk])
    # Comms pause it: the mentions (review notes, stars) could not come back.
    refused = client.get(url).text
    assert "Kann Quelle nicht löschen" in refused
    assert "„Old blog“ hat Erwähnungen." in refused
    assert "Pausieren Sie die Quelle stattdessen" in refused
    assert "Das Löschen des Quelle" not in refused  # Django's own sentence, declined wrongly
    assert "3 Erwähnungen (1 von Kolleginnen und Kollegen mit Stern versehen) werden mitgelöscht" in refused
    client.post(url, {"post": "yes"})
    assert Mention.objects.count() == 3
    changelist = reverse("admin:monitoring_source_changelist")
    empty = SourceFactory(name="F 404")
    selected = {"action": "delete_selected", "_selected_action": [source.pk, empty.pk]}
    refused = client.post(changelist, selected).text
    assert "Die ausgewählten Quellen haben Erwähnungen." in refused
    assert "Das Löschen der ausgewählten" not in refused
    assert "<li>Old blog</li>" in refused
    assert "F 404" not in refused  # it has none: only the sources in the way are listed
    assert Source.objects.count() == 2
    empty.delete()

    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    text = response.text
    assert "Old blog" in text
    assert "3 Erwähnungen (1 von Kolleginnen und Kollegen mit Stern versehen) werden mitgelöscht" in text
    assert "Post 0" not in text  # counted, not listed
    assert f"{employee.pk}:{mentions[0].pk}" not in text  # nobody's read/starred state
    assert employee.email not in text
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Source.objects.exists()
    assert not Mention.objects.exists()


def test_comms_delete_a_source_without_mentions(client, comms):
    from monitoring.models import Source
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(name="Typo in the URL")
    client.force_login(comms)
    client.post(reverse("admin:monitoring_source_delete", args=[source.pk]), {"post": "yes"})
    assert not Source.objects.exists()


def test_bulk_deleting_sources_shows_the_same_summary(client, admin_user):
    from monitoring.models import Source
    from tests.monitoring.factories import SourceFactory

    first, second = SourceFactory(), SourceFactory()
    make_mention(source=first)
    client.force_login(admin_user)
    changelist = reverse("admin:monitoring_source_changelist")
    data = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
    response = client.post(changelist, data)
    assert response.status_code == 200
    assert "1 Erwähnung (0 von Kolleginnen und Kollegen mit Stern versehen) wird mitgelöscht" in response.text
    response = client.post(changelist, {**data, "post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.exists()


def test_opml_import_summary_has_proper_plurals_and_names_the_skipped_urls(client, comms):
    from monitoring.models import Source

    client.force_login(comms)
    Source.objects.create(name="Known", url="https://known.example.org/feed")
    body = b"""<opml version="2.0"><body>
      <outline text="New" xmlUrl="https://new.example.org/feed"/>
      <outline text="Known" xmlUrl="https://known.example.org/feed"/>
      <outline text="Bad" xmlUrl="javascript:alert(1)"/>
    </body></opml>"""
    response = post_opml(client, body)
    assert (
        "1 Quelle hinzugefügt, 1 schon vorhanden, 1 ungültige URL übersprungen (javascript:alert(1))."
        in response.text
    )


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            b'<opml version="2.0"><body><outline text="Folder"/></body></opml>',
            "Diese OPML-Datei enthält keine Feeds.",
        ),
        (b"<opml><body><outline", "Dies ist keine gültige OPML-Datei (Zeile 1, Spalte 13)."),  # the 13th: "<"
    ],
)
def test_an_opml_file_without_feeds_or_broken_says_so(client, comms, body, error):
    client.force_login(comms)
    response = post_opml(client, body)
    assert error in response.text


def test_an_opml_feed_with_a_blank_name_is_named_after_its_url(client, comms):
    from monitoring.models import Source

    client.force_login(comms)
    post_opml(
        client,
        b'<opml><body><outline text="   " title="" xmlUrl="https://blank.example.org/feed"/></body></opml>',
    )
    assert Source.objects.get().name == "https://blank.example.org/feed"


def test_the_keyword_filter_uses_the_same_word_as_the_keyword_chips(employee_client):
    response = employee_client.get(reverse("monitoring:index"))
    assert ">Suchbegriff:</label>" in response.text


def test_the_dashboard_card_links_to_the_unread_mentions_it_counts(employee_client):
    from datetime import timedelta

    now = timezone.now()
    make_mention(title="This week", published_at=now - timedelta(days=1))
    make_mention(title="Long ago", published_at=now - timedelta(days=60))
    response = employee_client.get(reverse("home"))
    assert "1 ungelesene Erwähnung in den letzten 7 Tagen" in response.text
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    link = f"{reverse('monitoring:index')}?unread=on&amp;since={since}"
    assert link in response.text
    listed = employee_client.get(link.replace("&amp;", "&"))
    assert [m.title for m in listed.context["page"].object_list] == ["This week"]


def test_the_feed_speaks_its_owners_language_and_names_itself_with_its_filters(client, employee):
    employee.preferred_language = "en"
    employee.save()
    make_mention(title="Nordlicht news")
    client.force_login(employee)
    url = client.get(reverse("monitoring:subscribe") + "?q=Nordlicht&page=3").context["feed_url"]
    assert url.endswith("?q=Nordlicht")  # no page in a feed
    client.logout()

    body = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'xml:lang="en"' in body
    assert "<title>Mentions · Social Media Portal</title>" in body
    assert f'href="{url}" rel="self"' in body
    assert f"<id>urn:portal:mentions:{employee.pk}:q=Nordlicht</id>" in body


def test_two_subscriptions_never_share_their_filters(client, employee):
    """The Feed view is one shared instance: the filters live with the request, not on it."""
    from monitoring.feeds import mention_feed

    assert not hasattr(mention_feed, "filters")
    make_mention(title="Alpha news")
    make_mention(title="Beta news")
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.MENTIONS)
    url = reverse("monitoring:feed", args=[token.key])
    assert "Beta news" not in client.get(url + "?q=Alpha").content.decode()
    assert "Beta news" in client.get(url).content.decode()
    assert not hasattr(mention_feed, "filters")


def change_form(source, **changes) -> dict:
    data = {
        "name": source.name,
        "url": source.url,
        "kind": source.kind,
        "poll_interval": source.poll_interval,
    }
    if source.active:
        data["active"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_ticking_active_in_the_edit_form_resumes_like_the_action(client, comms):
    from monitoring.models import Source
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(url="https://paused.example.org/feed")
    Source.objects.filter(pk=source.pk).update(
        active=False, paused_at=timezone.now(), pause_cause="failures",
        pause_details={"count": 10, "code": "timeout", "detail": ""},
        consecutive_errors=10,
    )  # fmt: skip
    source.refresh_from_db()
    client.force_login(comms)
    url = reverse("admin:monitoring_source_change", args=[source.pk])
    response = client.post(url, change_form(source, active="on"))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.active
    assert (source.paused_reason, source.paused_at, source.consecutive_errors) == ("", None, 0)
    assert (source.pause_cause, source.pause_details) == ("", {})

    response = client.post(url, change_form(source, active=None))
    source.refresh_from_db()
    assert not source.active
    assert source.pause_cause == "manual"


def test_a_new_url_forgets_the_old_servers_etag_and_error_streak(client, comms, serve):
    from monitoring.models import Source
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(url="https://old.example.org/feed")
    Source.objects.filter(pk=source.pk).update(etag='"abc"', last_modified="Mon, 01 Jan 2024", body_hash="h",
                                               consecutive_errors=4)  # fmt: skip
    source.refresh_from_db()
    client.force_login(comms)
    url = reverse("admin:monitoring_source_change", args=[source.pk])
    response = client.post(url, change_form(source, url=serve("rss20.xml")))
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert (source.etag, source.last_modified, source.body_hash, source.consecutive_errors) == ("", "", "", 0)


def test_a_queue_error_on_page_two_is_shown_on_page_two_and_actions_return_there(client, comms):
    from datetime import timedelta

    from monitoring.comms_views import QUEUE_PAGE_SIZE

    now = timezone.now()
    mentions = [
        make_mention(title=f"Flagged {n}", flagged=True, published_at=now - timedelta(hours=n))
        for n in range(QUEUE_PAGE_SIZE + 5)
    ]
    on_page_two = mentions[QUEUE_PAGE_SIZE + 1]
    client.force_login(comms)
    url = reverse("monitoring:review", args=[on_page_two.pk])

    response = client.post(url, {"action": "resolved", "note": "", "page": "2"}, follow=True)
    assert response.redirect_chain == [
        (reverse("monitoring:queue") + f"?page=2#mention-{on_page_two.pk}", 302)
    ]
    assert response.context["page"].number == 2
    assert "Bitte beschreiben Sie kurz, wie es erledigt wurde." in response.text
    assert f'id="note-{on_page_two.pk}"' in response.text
    assert "autofocus" in response.text

    response = client.post(url, {"action": "dismissed", "page": "2"})
    assert response["Location"] == reverse("monitoring:queue") + "?page=2"
    response = client.post(
        reverse("monitoring:review", args=[mentions[0].pk]), {"action": "dismissed", "page": "x"}
    )
    assert response["Location"] == reverse("monitoring:queue")


def test_highlighting_leaves_attribute_values_containing_a_bracket_alone():
    from monitoring.highlight import KeywordHighlighter
    from portal.lib.html import clean_html

    html = clean_html('<p><a href="https://x.example/" title="a>b Nordlicht">t</a> Nordlicht</p>')
    marked = KeywordHighlighter(["Nordlicht"]).html(html)
    assert 'title="a>b Nordlicht"' in marked
    assert marked.count("<mark>") == 1


def test_admin_labels_are_german_for_the_source_column_filter_and_last_error(client, comms):
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory()
    mention = make_mention(source=source)
    make_mention(source=SourceFactory())  # the filter shows from two sources on
    client.force_login(comms)
    changelist = client.get(reverse("admin:monitoring_mention_changelist")).text
    assert "Nach source" not in changelist
    assert "Nach Quelle" in changelist
    assert ">Source<" not in changelist
    change = client.get(reverse("admin:monitoring_mention_change", args=[mention.pk])).text
    assert "<label>Source:</label>" not in change
    text = client.get(reverse("admin:monitoring_source_change", args=[source.pk])).text
    assert "Last error:" not in text
    assert "Letzter Fehler:" in text


def test_a_filter_error_alone_opens_the_filters_so_that_it_can_be_seen(employee_client):
    response = employee_client.get(reverse("monitoring:index"), {"since": "garbage"})
    assert response.status_code == 200
    assert '<details class="mention-filters__more" open>' in response.text
    assert 'class="field-error"' in response.text


def test_an_overlong_search_says_so_instead_of_silently_listing_everything(employee_client):
    response = employee_client.get(reverse("monitoring:index"), {"q": "x" * 300})
    assert response.status_code == 200
    assert 'id="id_q_error"' in response.text
    assert 'aria-invalid="true"' in response.text


def test_a_second_tab_does_not_overwrite_a_colleagues_resolution(client, comms):
    from monitoring.models import ReviewStatus
    from portal.roles import Role
    from tests.conftest import make_user

    mention = make_mention(title="Umsatz", flagged=True)
    colleague = make_user("clara2@example.com", Role.COMMUNICATIONS, full_name="Clara Zwei")
    client.force_login(colleague)
    url = reverse("monitoring:review", args=[mention.pk])
    client.post(url, {"action": "resolved", "note": "Pressestelle informiert"})
    client.force_login(comms)
    response = client.post(url, {"action": "dismissed"}, follow=True)
    assert "wurde bereits von Clara Zwei bearbeitet (erledigt)" in response.text
    mention.refresh_from_db()
    assert (mention.review_status, mention.review_note, mention.reviewed_by) == (
        ReviewStatus.RESOLVED, "Pressestelle informiert", colleague
    )  # fmt: skip


def test_a_stale_edit_form_changes_only_what_it_changed(client, comms):
    """Tab B renames the source it showed as active; meanwhile tab A paused it and a poll
    failed. The rename must not resume it or forget the poll's error streak."""
    from monitoring.models import Source
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(name="Old name", url="https://stale.example.org/feed")
    client.force_login(comms)
    url = reverse("admin:monitoring_source_change", args=[source.pk])
    shown = change_form(source)
    stale_post = {**shown, **{f"initial-{key}": value for key, value in shown.items()}, "name": "New name"}
    Source.objects.filter(pk=source.pk).update(
        active=False, pause_cause="manual", pause_details={"name": "Clara"}, consecutive_errors=3, etag='"v7"'
    )
    response = client.post(url, stale_post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.name == "New name"
    assert (source.active, source.pause_details) == (False, {"name": "Clara"})
    assert (source.consecutive_errors, source.etag) == (3, '"v7"')
    assert source.history.first().active is False  # the history shows the row as it is


def test_the_admin_mention_list_filters_by_topic_keyword_and_source_without_listing_thousands(
    client, comms, django_assert_max_num_queries
):
    from guidelines.models import TabooTopic
    from monitoring.admin import SourceListFilter
    from monitoring.models import MentionTabooMatch, TrackedKeyword
    from tests.monitoring.factories import SourceFactory

    topic = TabooTopic.objects.create(name="Finanzkennzahlen")
    keyword = TrackedKeyword.objects.create(name="Nordlicht")
    source = SourceFactory(name="Lokalblatt")
    touched = make_mention(source=source, title="Umsatz", keywords=[keyword])
    MentionTabooMatch.objects.create(mention=touched, topic=topic, matched_words=["Umsatz"])
    other = make_mention(title="Wetter")
    url = reverse("admin:monitoring_mention_changelist")
    client.force_login(comms)

    def titles(**params):
        return [m.title for m in client.get(url, params).context["cl"].result_list]

    assert titles(taboo_topic=topic.pk) == ["Umsatz"]
    assert titles(taboo_topic="any") == ["Umsatz"]
    assert titles(taboo_topic="none") == ["Wetter"]
    assert titles(keyword=keyword.pk) == ["Umsatz"]
    assert titles(keyword="none") == ["Wetter"]
    assert titles(source=other.source_id) == ["Wetter"]
    assert sorted(titles(q="Lokalblatt")) == ["Umsatz"]  # by the source's name
    assert sorted(titles(taboo_topic="abc")) == ["Umsatz", "Wetter"]  # nonsense filters nothing
    page = client.get(url, {"_facets": "True"})
    assert page.status_code == 200

    SourceFactory.create_batch(SourceListFilter.LISTED_UP_TO)
    with django_assert_max_num_queries(20):
        page = client.get(url).text
    assert "Lokalblatt</a>" not in page  # not one link per source any more
    assert titles(source=source.pk) == ["Umsatz"]


def test_opml_from_japanese_and_chinese_feed_readers_is_imported(client, comms):
    """expat refuses multi-byte encodings: Shift_JIS or Big5 files were a 500."""
    from monitoring.models import Source

    client.force_login(comms)
    for encoding, name in (("Shift_JIS", "日本経済ニュース"), ("Big5", "科技新聞"), ("GB2312", "经济新闻")):
        body = (
            f'<?xml version="1.0" encoding="{encoding}"?><opml version="2.0"><body>'
            f'<outline text="{name}" xmlUrl="https://{encoding.lower().replace("_", "")}.example.org/rss"/></body></opml>'
        ).encode(encoding)
        assert "errornote" not in post_opml(client, body).text, encoding
        assert Source.objects.filter(name=name).exists(), encoding


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'<?xml version="1.0" encoding="x-unknown"?><opml/>', "die das Portal nicht kennt: x-unknown"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?><opml>\xff\xff</opml>', "nicht in der Kodierung"),
        (b'<?xml version="1.0" encoding="punycode"?><opml>\xff</opml>', "nicht in der Kodierung"),
        (b'<?xml version="1.0" encoding="base64"?><opml/>', "nicht in der Kodierung"),
        ('<?xml version="1.0"?><opml/>'.encode("utf-32"), "Dies ist keine gültige OPML-Datei"),
    ],
)
def test_an_opml_file_in_an_unreadable_encoding_is_a_form_error(client, comms, body, error):
    client.force_login(comms)
    response = post_opml(client, body)
    assert response.status_code == 200
    assert error in response.text
