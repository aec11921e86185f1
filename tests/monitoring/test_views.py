"""/mentions/: the list with filters and search, a mention, and each person's own read/starred state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring.actions import set_state
from monitoring.models import Mention, MentionState, Source, TrackedKeyword
from portal.lib.html import clean_feed_html
from portal.models import FeedToken
from tests.conftest import make_user
from tests.monitoring.factories import SourceFactory, TrackedKeywordFactory, make_mention

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:index")


def titles(response) -> list[str]:
    return [m.title for m in response.context["page"].object_list]


def make_mentions(count: int, keyword=None) -> list[Mention]:
    keyword = keyword or TrackedKeyword.objects.create(name="Nordlicht")
    sources = [SourceFactory() for _ in range(3)]
    now = timezone.now()
    return [
        make_mention(
            source=sources[n % 3],
            title=f"Mention {n}",
            published_at=now - timedelta(hours=n),
            summary=f"<p>Summary <strong>{n}</strong> about Nordlicht</p>",
            keywords=[keyword],
        )  # fmt: skip
        for n in range(count)
    ]


@pytest.mark.parametrize(("count", "page"), [(3, 1), (30, 1), (30, 2)])
def test_the_list_takes_the_same_queries_however_many_mentions(
    employee_client, django_assert_num_queries, count, page
):
    make_mentions(count)
    # session, user, the user's roles (navigation), the capped count, the page's mention ids,
    # those mentions with sources and the user's read/starred state, their keywords, the
    # source and keyword choices of the filter form, the keywords to highlight
    with django_assert_num_queries(10):
        response = employee_client.get(URL, {"q": "", "unread": "on", "page": page})
    assert response.status_code == 200
    assert response.context["page"].number == page


def test_a_page_skips_over_mention_ids_not_whole_mentions_and_keeps_the_order(employee_client, employee):
    """Page 1,999 of 100,000 mentions took 0.5–1.5 s on PostgreSQL: its OFFSET read every whole
    mention (with its source and state) it skipped. Now only their ids (mention_newest_idx)."""
    now = timezone.now()
    # Two at a time published at the same moment: the newer id first, on every page.
    mentions = [make_mention(title=f"M{n}", published_at=now - timedelta(hours=n // 2)) for n in range(60)]
    newest_first = [m.title for m in sorted(mentions, key=lambda m: (m.published_at, m.pk), reverse=True)]
    for mention in mentions[::2]:
        set_state(employee, mention, starred=True)
    starred = [title for title in newest_first if int(title[1:]) % 2 == 0]

    def pages(**filters):
        return [titles(employee_client.get(URL, {**filters, "page": n})) for n in (1, 2, 3)]

    assert pages() == [newest_first[:25], newest_first[25:50], newest_first[50:]]
    assert pages(starred="on") == [starred[:25], starred[25:], starred[25:]]  # past the end: the last

    with CaptureQueriesContext(connection) as queries:
        response = employee_client.get(URL, {"starred": "on", "page": 2})
    assert [m.is_starred for m in response.context["page"].object_list] == [True] * 5
    skipping = [query["sql"] for query in queries if "OFFSET" in query["sql"]]
    assert skipping
    assert all(sql.startswith('SELECT "monitoring_mention"."id" AS "pk" FROM') for sql in skipping)


def test_employee_sees_the_newest_mentions_first_with_highlighted_keywords(employee_client):
    make_mentions(30)
    response = employee_client.get(URL)
    text = response.text
    assert text.index("Mention 0") < text.index("Mention 1<") < text.index("Mention 24")
    assert "Mention 25" not in text
    assert "<strong>0</strong> about <mark>Nordlicht</mark>" in text
    assert 'target="_blank" rel="noopener noreferrer nofollow"' in text
    assert employee_client.get(URL, {"page": 2}).text.count('<li class="card mention') == 5


def test_pagination_keeps_the_filters(employee_client):
    make_mentions(30)
    response = employee_client.get(URL, {"q": "Nordlicht", "unread": "on"})
    assert "?q=Nordlicht&amp;unread=on&amp;page=2" in response.text


def test_highlighting_never_breaks_sanitised_html(employee_client):
    keyword = TrackedKeyword.objects.create(name="amp", aliases="title, Nordlicht")
    make_mention(
        title="Nordlicht <b>bold</b>",
        summary='<p>A &amp; B <a href="https://x.example/Nordlicht" title="Nordlicht">Nordlicht</a></p>',
        keywords=[keyword],
    )
    text = employee_client.get(URL).text
    assert "A &amp; B" in text  # the character reference is not split
    assert 'href="https://x.example/Nordlicht" title="Nordlicht"><mark>Nordlicht</mark></a>' in text
    assert "<mark>Nordlicht</mark> &lt;b&gt;bold&lt;/b&gt;" in text  # titles are text, escaped


def test_filters_by_source_kind_keyword_and_date(employee_client):
    blog = SourceFactory(kind=Source.Kind.BLOG)
    news = SourceFactory(kind=Source.Kind.NEWS)
    polaris = TrackedKeyword.objects.create(name="Polaris")
    now = timezone.now()
    make_mention(source=blog, title="Old blog post", published_at=now - timedelta(days=40))
    make_mention(source=blog, title="New blog post", published_at=now - timedelta(days=1), keywords=[polaris])
    make_mention(source=news, title="News", published_at=now - timedelta(days=2))

    assert titles(employee_client.get(URL, {"source": blog.pk})) == ["New blog post", "Old blog post"]
    assert titles(employee_client.get(URL, {"kind": "news"})) == ["News"]
    assert titles(employee_client.get(URL, {"keyword": polaris.pk})) == ["New blog post"]
    since = (now - timedelta(days=3)).date().isoformat()
    until = (now - timedelta(days=30)).date().isoformat()
    assert titles(employee_client.get(URL, {"since": since, "kind": "blog"})) == ["New blog post"]
    assert titles(employee_client.get(URL, {"until": until})) == ["Old blog post"]


def test_with_many_sources_the_source_is_typed_not_listed(
    employee_client, monkeypatch, django_assert_num_queries
):
    """10,000 imported feeds made the list page half a megabyte of options for every employee."""
    monkeypatch.setattr("monitoring.listing.SOURCE_CHOICES_MAX", 3)
    sources = [SourceFactory(name=f"Lokalblatt {n}") for n in range(2)]
    rundschau = SourceFactory(name="Nordsee-Rundschau")
    make_mention(source=rundschau, title="Aus dem Norden")
    make_mention(source=sources[0], title="Aus der Stadt")
    assert 'name="source_name"' not in employee_client.get(URL).text  # 3 sources: still a list
    SourceFactory(name="Vierte")
    with django_assert_num_queries(10):
        page = employee_client.get(URL).text
    assert 'name="source_name"' in page
    assert "<option" not in page.split('name="source_name"')[0].split("mention-filters__grid")[1]
    found = employee_client.get(URL, {"source_name": "rundschau"}).text
    assert "Aus dem Norden" in found
    assert "Aus der Stadt" not in found
    # A name fragment in more sources than are looked up by their ids filters all the same.
    monkeypatch.setattr("monitoring.listing.MAX_SOURCE_IDS", 1)
    found = employee_client.get(URL, {"source_name": "blatt"}).text
    assert "Aus der Stadt" in found
    assert "Aus dem Norden" not in found
    # A bookmark from before still filters, and says by which source.
    bookmarked = employee_client.get(URL, {"source": rundschau.pk}).text
    assert "Aus der Stadt" not in bookmarked
    assert f'<input type="hidden" name="source" value="{rundschau.pk}">' in bookmarked
    assert "<strong>Nordsee-Rundschau</strong>" in bookmarked
    # A source deleted since: said, not silently dropped (which listed everything), nor sent again.
    gone = employee_client.get(URL, {"source": 999999, "kind": "news"}).text
    said = employee_client.get(URL, {"source": 999999}, HTTP_ACCEPT_LANGUAGE="en").text
    assert "This source no longer exists." in said  # not "Select a valid choice."
    assert 'name="source" value="999999"' not in gone
    assert 'href="?kind=news">Entfernen</a>' in gone
    # A name typed into the address is shown, as it filters, however few sources there are.
    monkeypatch.setattr("monitoring.listing.SOURCE_CHOICES_MAX", 100)
    assert 'value="rundschau"' in employee_client.get(URL, {"source_name": "rundschau"}).text


def test_a_keyword_no_longer_tracked_is_said_in_words_on_the_list_and_in_the_feed(employee_client, employee):
    """A bookmark or feed address with a keyword Communications stopped tracking said "Select a
    valid choice. That choice is not one of the available choices." """
    keyword = TrackedKeywordFactory(name="Polaris")
    keyword.active = False
    keyword.save()
    page = employee_client.get(URL, {"keyword": keyword.pk}, HTTP_ACCEPT_LANGUAGE="en").text
    assert "This keyword is no longer tracked." in page
    assert "valid choice" not in page
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.MENTIONS)
    employee.preferred_language = "en"
    employee.save(update_fields=["preferred_language"])
    feed = Client().get(reverse("monitoring:feed", args=[token.key]), {"keyword": keyword.pk})
    assert feed.status_code == 400
    assert "This keyword is no longer tracked." in feed.content.decode()


def test_bad_filter_values_show_a_clear_error_instead_of_failing(employee_client):
    make_mention(title="Still listed", published_at=timezone.now())
    today = timezone.localdate()
    bad = {"since": today.isoformat(), "until": (today - timedelta(days=1)).isoformat(), "source": "nope"}
    response = employee_client.get(URL, bad)
    assert response.status_code == 200
    assert "Das Enddatum darf nicht vor dem Startdatum liegen." in response.text
    assert "Still listed" in response.text  # invalid filters are left out, not applied half


def test_search_finds_words_in_title_and_content_and_combines_with_filters(employee_client):
    blog = SourceFactory(kind=Source.Kind.BLOG)
    make_mention(title="Neues Produkt aus Hamburg", summary="<p>Die App für den Außendienst</p>")
    make_mention(source=blog, title="Ein Blog", content="<p>Über das neue Produkt</p>")
    make_mention(title="Something else", summary="<p>Logistics</p>")
    assert set(titles(employee_client.get(URL, {"q": "Produkt"}))) == {
        "Neues Produkt aus Hamburg",
        "Ein Blog",
    }
    assert titles(employee_client.get(URL, {"q": "Produkt", "kind": "blog"})) == ["Ein Blog"]
    assert titles(employee_client.get(URL, {"q": "Außendienst"})) == ["Neues Produkt aus Hamburg"]


def test_search_understands_the_web_search_syntax_and_umlauts_in_both_languages(employee_client):
    """The same on PostgreSQL (full-text, German and English) and SQLite (substrings)."""
    make_mention(title="Das neue Gerät von Nordlicht", summary="<p>Polaris Cloud</p>", language="de")
    make_mention(title="Polaris outage", summary="<p>Polaris Cloud down</p>", language="en")
    make_mention(title="Unrelated", summary="<p>Nothing</p>", language="en")

    def found(q):
        return sorted(titles(employee_client.get(URL, {"q": q})))

    assert found("GERÄT") == ["Das neue Gerät von Nordlicht"]
    # Excluded in both languages: PostgreSQL stems "Polaris" to 'polaris' in German and to
    # 'polari' in English, and the German mention kept coming back for "-Polaris".
    assert found("-Polaris") == ["Unrelated"]
    assert found("Nordlicht -Polaris") == []
    # As Word and phones write the minus: an en dash or a minus sign.
    assert found("Nordlicht –Polaris") == found("Nordlicht −Polaris") == []
    assert found('-"Polaris Cloud"') == ["Unrelated"]
    assert found('"Polaris Cloud" -outage') == ["Das neue Gerät von Nordlicht"]
    assert found("„Polaris Cloud“") == ["Das neue Gerät von Nordlicht", "Polaris outage"]
    assert found("outage OR nothing") == ["Polaris outage", "Unrelated"]
    # An OR with nothing on one side is no word to look for.
    assert found("OR outage") == found("outage OR") == ["Polaris outage"]
    # Stray quotes and dashes, as typed in a hurry.
    assert found('"Polaris outage') == ["Polaris outage"]
    assert found('Nordlicht"') == ["Das neue Gerät von Nordlicht"]
    # A dash or a quote alone has nothing to look for (see the next test); blank is no search.
    assert found("-") == found('"') == []
    assert len(found("   ")) == 3


def test_search_finds_umlauts_written_out_and_the_other_way_round(employee_client):
    """A keyboard without umlauts (or a Swiss one) finds what a German one wrote, on both databases."""
    make_mention(title="Börsengang der Nordlicht AG", summary="<p>Die Straße</p>", language="de")
    make_mention(title="Nordlicht plant Uebernahme", summary="<p>Kurs steigt</p>", language="de")
    make_mention(title="Unrelated", summary="<p>Nothing</p>", language="en")

    def found(q):
        return sorted(titles(employee_client.get(URL, {"q": q})))

    assert found("Boersengang") == found("börsengang") == ["Börsengang der Nordlicht AG"]
    assert found("Übernahme") == found("uebernahme") == ["Nordlicht plant Uebernahme"]
    assert found('"Nordlicht plant Übernahme"') == ["Nordlicht plant Uebernahme"]
    assert found("Strasse") == ["Börsengang der Nordlicht AG"]
    assert found("Nordlicht -Boersengang") == ["Nordlicht plant Uebernahme"]  # every spelling excluded
    assert found("Nordlicht -Übernahme") == ["Börsengang der Nordlicht AG"]


def test_search_finds_a_word_with_both_a_plain_ue_and_an_umlaut_written_out(employee_client):
    """ "Steuerpruefung": its first "ue" is no "ü"; "neue Uebernahme": neither is that of "neue"."""
    make_mention(title="Steuerprüfung bei Nordlicht", summary="<p>Die neue Übernahme</p>", language="de")
    make_mention(title="Unrelated", summary="<p>Nothing</p>", language="en")

    def found(q):
        return sorted(titles(employee_client.get(URL, {"q": q})))

    assert found("Steuerpruefung") == ["Steuerprüfung bei Nordlicht"]
    assert found('"neue Uebernahme"') == ["Steuerprüfung bei Nordlicht"]
    assert found("Nordlicht -Steuerpruefung") == []


@pytest.mark.parametrize("q", ["🚀", "%%%", "—", "-", '"', "___", "🚀 -%%% „“"])
def test_a_search_of_only_emoji_or_symbols_says_so_and_lists_nothing(employee_client, q):
    """ "🚀" listed every mention, as if nothing had been searched for (the same on PostgreSQL)."""
    make_mention(title="Start 🚀 gelungen", summary="<p>100 %%% — mehr geht nicht</p>")
    make_mention(title="Something else")
    response = employee_client.get(URL, {"q": q, "kind": "news"})
    assert titles(response) == []
    page = response.text
    assert "Ihre Suche enthält kein Wort und keine Zahl, nach denen gesucht werden kann." in page
    assert 'aria-invalid="true" aria-describedby="id_q_error"' in page
    assert '<details class="mention-filters__more" open>' in page  # kind=news; the search's error is above
    assert '<details class="mention-filters__more">' in employee_client.get(URL, {"q": q}).text
    assert "Es wurde nichts gesucht, daher werden keine Erwähnungen angezeigt." in page
    assert "0 Erwähnungen" not in page
    assert "Noch keine Erwähnungen" not in page  # there are some
    assert "Feedreader" not in page  # no feed of a search that was not run
    # One click back to the list: without the search, with the other filters.
    assert '<a href="?kind=news">Erwähnungen ohne diese Suche anzeigen</a>' in page
    assert len(titles(employee_client.get(URL, {"kind": "news"}))) == 2


@pytest.mark.parametrize(
    ("q", "named"),
    [("in", "in"), ("So", "So"), ("in/so", "in/so"), ("OR", "OR"), ("or was", "or was"),
     ("-in", "in"), ('"so was in"', "so was in"), ("🚀 so", "so"), ("WAS", "WAS")],
)  # fmt: skip
def test_a_search_of_only_words_common_in_both_languages_says_so_and_lists_nothing(employee_client, q, named):
    """SQLite's substrings found nearly every mention for "in": now a search with no word either
    language searches says why, on PostgreSQL as on SQLite."""
    make_mention(title="Die neue App in Berlin", language="de")
    make_mention(title="So war es über Nordlicht", language="de")
    make_mention(title="Old phones in use, or so it was", language="en")
    response = employee_client.get(URL, {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == []
    page = response.text
    assert f"Your search has only very common words (“{named}”)" in page
    assert "Emoji, punctuation marks" not in page  # "OR" was told it had no word
    assert 'aria-invalid="true" aria-describedby="id_q_error"' in page
    assert "Nothing was searched, so no mentions are shown." in page


def test_a_stop_word_of_one_language_is_searched_in_the_other_languages_mentions(employee_client):
    """ "die" is the German article and an English word, "war" German for "was" and English for
    a war: each is left out of German mentions only, "the" and "will" of English ones only. SQLite's
    substrings found nearly every German mention for "die", PostgreSQL English ones only."""
    make_mention(title="Die neue App von Nordlicht", language="de")
    make_mention(title="Es war einmal ein Nordlicht", language="de")
    make_mention(title="The Länd wirbt für Nordlicht", language="de")
    make_mention(title="Old phones never die", language="en")
    make_mention(title="The war for talent", language="en")

    def found(q):
        response = employee_client.get(URL, {"q": q})
        assert "Ihre Suche enthält nur" not in response.text, q
        return sorted(titles(response))

    assert found("die") == ["Old phones never die"]
    assert found("war") == ["The war for talent"]
    assert found("the") == ["The Länd wirbt für Nordlicht"]
    # Each language's words of it: "war" in English mentions, "The" in German ones.
    assert found("The war") == ["The Länd wirbt für Nordlicht", "The war for talent"]
    assert found("Nordlicht the") == ["The Länd wirbt für Nordlicht"]


def test_another_languages_stop_word_is_found_as_a_word_and_punctuation_around_a_word_is_no_part_of_it(
    employee_client,
):
    """SQLite looked for "a" and "war" inside words ("Software", "mit": nearly every German mention),
    and for "Polaris!" or "#Polaris" with its punctuation (none); PostgreSQL finds the words."""
    make_mention(title="Neue Software für Polaris", language="de")
    make_mention(title="Ein Award mit Zeit", language="de")
    make_mention(title="Plan A steht", language="de")
    make_mention(title="The war for talent", language="en")
    make_mention(title="A software award", language="en")

    def found(q):
        return sorted(titles(employee_client.get(URL, {"q": q})))

    assert found("a") == ["Plan A steht"]
    assert found("war") == ["The war for talent"]
    assert found("it") == []
    for q in ("Polaris!", "#Polaris", "(Polaris)", "„Polaris“,", "Polaris\u200b"):
        assert found(q) == ["Neue Software für Polaris"], q
    # Excluded alike: "-war" is the word, not "Software".
    assert found("Software -war") == ["A software award", "Neue Software für Polaris"]
    assert found("Polaris -#Polaris") == []


def test_or_joins_the_words_next_to_it_and_every_other_word_is_still_needed(employee_client):
    """PostgreSQL read "Nordlicht OR Polaris Umsatz" as Nordlicht | (Polaris & Umsatz), SQLite as
    (Nordlicht | Polaris) & Umsatz: now both read it the second way."""
    make_mention(title="Nordlicht im Hafen", language="de")
    make_mention(title="Polaris: Umsatz steigt", language="de")
    make_mention(title="Nordlicht: Umsatz sinkt", language="de")
    found = sorted(titles(employee_client.get(URL, {"q": "Nordlicht OR Polaris Umsatz"})))
    assert found == ["Nordlicht: Umsatz sinkt", "Polaris: Umsatz steigt"]


def test_stop_words_in_a_longer_search_are_left_out_the_same_on_both_databases(employee_client):
    """ "die Nordlicht" needed a "die" on SQLite, and "Nordlicht -die" dropped every German mention."""
    make_mention(title="Die neue App von Nordlicht", language="de")
    make_mention(title="Nordlicht outage", summary="<p>Polaris is down</p>", language="en")
    make_mention(title="Something else", language="en")

    def found(q):
        return sorted(titles(employee_client.get(URL, {"q": q})))

    both = ["Die neue App von Nordlicht", "Nordlicht outage"]
    assert found("in Nordlicht") == found("NORDLICHT in/so") == found("so Nordlicht") == both
    assert found("die Nordlicht") == found("Nordlicht und/oder") == ["Die neue App von Nordlicht"]
    assert found("Nordlicht the") == ["Nordlicht outage"]  # nor the German one "the"
    assert found("Nordlicht -die") == found("Nordlicht -the") == found("Nordlicht -in") == both
    assert found("Polaris OR in") == found("in OR Polaris") == ["Nordlicht outage"]
    assert found("Polaris OR in OR App") == both
    # A phrase is searched whole: its stop words are part of what is looked for.
    assert found('"Die neue App"') == ["Die neue App von Nordlicht"]
    assert "Ihre Suche enthält" not in employee_client.get(URL, {"q": "in Nordlicht"}).text


def test_emoji_and_symbols_next_to_words_are_left_out_and_the_words_searched(employee_client):
    make_mention(title="Start 🚀 gelungen")
    make_mention(title="Something else")
    for q in ("gelungen 🚀", "🚀 gelungen -%%%", "— gelungen —"):
        response = employee_client.get(URL, {"q": q})
        assert titles(response) == ["Start 🚀 gelungen"], q
        assert "Ihre Suche enthält kein Wort" not in response.text
    assert titles(employee_client.get(URL, {"q": "Something -🚀"})) == ["Something else"]


def test_search_finds_what_the_reader_sees_even_where_the_html_has_entities(employee_client):
    from portal.lib.html import clean_feed_html

    html = "<p>Research at AT&amp;T and R&amp;D\nspending, caf&eacute; &lt;Polaris&gt;</p>"
    make_mention(title="Forschung", content=clean_feed_html(html))  # stored as ingest stores it
    for seen in ("café", '"R&D spending"', "<Polaris>", "Research"):
        assert titles(employee_client.get(URL, {"q": seen})) == ["Forschung"], seen


def test_search_finds_visible_words_only_never_markup(employee_client):
    make_mention(
        title="Verlinkt", content='<p><a href="https://x.example/" rel="noopener">Bericht</a> &amp; mehr</p>'
    )
    assert titles(employee_client.get(URL, {"q": "href"})) == []
    assert titles(employee_client.get(URL, {"q": "noopener"})) == []
    assert titles(employee_client.get(URL, {"q": "Bericht"})) == ["Verlinkt"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL full-text search")
def test_search_stems_german_and_english_words_on_postgresql(employee_client):
    make_mention(title="Das neue Produkt von Nordlicht", summary="<p>Eine App</p>")
    make_mention(title="Nordlicht is hiring engineers", summary="<p>Jobs</p>")
    make_mention(title="Unrelated", summary="<p>Nothing</p>")
    assert titles(employee_client.get(URL, {"q": "Produkte"})) == ["Das neue Produkt von Nordlicht"]
    assert titles(employee_client.get(URL, {"q": "engineer"})) == ["Nordlicht is hiring engineers"]
    assert titles(employee_client.get(URL, {"q": '"neue Produkt" -hiring'})) == [
        "Das neue Produkt von Nordlicht"
    ]
    assert titles(employee_client.get(URL, {"q": '"neue Produkt'})) == ["Das neue Produkt von Nordlicht"]
    assert titles(employee_client.get(URL, {"q": "-"})) == []  # nothing to search for, as on SQLite
    assert titles(employee_client.get(URL, {"q": "🚀"})) == []


def test_a_hyphenated_word_is_found_inside_a_longer_one(employee_client):
    """PostgreSQL missed "Open-Source" in "Open-Source-Beitrag" and "Silicon-Valley" in "Silicon-Valley-Start-up"."""
    make_mention(title="Unser erster Open-Source-Beitrag", language="de")
    make_mention(title="Ein Silicon-Valley-Start-up kauft zu", language="de")
    make_mention(title="Quellen offen gelegt", language="de")
    assert titles(employee_client.get(URL, {"q": "Open-Source"})) == ["Unser erster Open-Source-Beitrag"]
    assert titles(employee_client.get(URL, {"q": "Silicon-Valley"})) == [
        "Ein Silicon-Valley-Start-up kauft zu"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL full-text search")
def test_each_mention_is_searched_in_its_own_language_on_postgresql(employee_client):
    """A word is stemmed as its mention's words were, with that language's stop words left out."""
    make_mention(title="Old phones never die", summary="<p>Phones</p>", language="en")
    make_mention(title="The Länd wirbt", summary="<p>Kampagnen</p>", language="de")
    make_mention(title="Die Kampagne läuft", summary="<p>Plakate</p>", language="de")
    assert titles(employee_client.get(URL, {"q": "die"})) == ["Old phones never die"]
    assert titles(employee_client.get(URL, {"q": "the"})) == ["The Länd wirbt"]
    assert titles(employee_client.get(URL, {"q": "die phone"})) == ["Old phones never die"]
    assert sorted(titles(employee_client.get(URL, {"q": "the Kampagnen"}))) == ["The Länd wirbt"]
    assert sorted(titles(employee_client.get(URL, {"q": "Kampagnen -the"}))) == ["Die Kampagne läuft"]
    response = employee_client.get(URL, {"q": "in so"}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == []
    assert "Your search has only very common words" in response.text


def test_flags_in_the_query_string_can_be_switched_off_explicitly(employee_client):
    make_mention(title="Unread and unstarred")
    for off in ("0", "false", "off", "no", ""):
        assert titles(employee_client.get(URL, {"unread": off, "starred": off})) == ["Unread and unstarred"]
    assert titles(employee_client.get(URL, {"starred": "on"})) == []


def test_read_and_starred_are_per_person_and_filterable(client, employee):
    colleague = make_user("colleague@example.com")
    first, second = make_mention(title="First"), make_mention(title="Second")
    client.force_login(employee)
    client.post(reverse("monitoring:set_read", args=[first.pk]), {"read": "1"})
    client.post(reverse("monitoring:set_starred", args=[second.pk]), {"starred": "1"})
    assert titles(client.get(URL, {"unread": "on"})) == ["Second"]
    assert titles(client.get(URL, {"starred": "on"})) == ["Second"]

    # The colleague sees nothing of it: everything unread, nothing starred.
    client.force_login(colleague)
    assert set(titles(client.get(URL, {"unread": "on"}))) == {"First", "Second"}
    assert titles(client.get(URL, {"starred": "on"})) == []
    assert 'star" aria-pressed="true"' not in client.get(URL).text

    client.force_login(employee)
    client.post(reverse("monitoring:set_starred", args=[second.pk]), {"starred": "0"})
    client.post(reverse("monitoring:set_read", args=[first.pk]), {"read": "0"})
    assert titles(client.get(URL, {"starred": "on"})) == []
    assert set(titles(client.get(URL, {"unread": "on"}))) == {"First", "Second"}


def test_toggles_answer_htmx_with_the_buttons_and_plain_posts_with_a_safe_redirect(employee_client):
    mention = make_mention()
    star = reverse("monitoring:set_starred", args=[mention.pk])
    response = employee_client.post(star, {"starred": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'star" aria-pressed="true"' in response.text
    # Back at the mention in the list (it was the top of the page, far from where the reader was).
    back = f"#mention-{mention.pk}"
    response = employee_client.post(star, {"starred": "1", "next": "/mentions/?q=x"})
    assert response["Location"] == "/mentions/?q=x" + back
    assert f'id="mention-{mention.pk}"' in employee_client.get("/mentions/").text
    response = employee_client.post(star, {"starred": "1", "next": "https://evil.example/"})
    assert response["Location"] == URL + back
    # Not a path from the root: Django's redirect() took "home" for a URL name, "?page=2" was a 500.
    for odd in ("?page=2", "#top", "abc", "home", "42", "//evil.example/", "/\\evil.example/"):
        assert employee_client.post(star, {"starred": "1", "next": odd})["Location"] == URL + back, odd
    assert employee_client.get(star).status_code == 405
    assert employee_client.post(reverse("monitoring:set_read", args=[999999])).status_code == 404


def test_detail_shows_the_full_sanitised_content_share_links_and_marks_it_read(employee_client):
    mention = make_mention(
        title="Polaris review", url="https://news.example.com/a?b=1",
        content="<p>Full <em>content</em></p>", summary="<p>Short</p>",
    )  # fmt: skip
    response = employee_client.get(reverse("monitoring:detail", args=[mention.pk]))
    assert response.status_code == 200
    assert "<p>Full <em>content</em></p>" in response.text
    assert (
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fnews.example.com%2Fa%3Fb%3D1"
        in response.text
    )
    assert "https://www.xing.com/spi/shares/new?url=" in response.text
    assert "https://x.com/intent/post?url=" in response.text
    # The mail program opens, not an empty tab announced as a new one.
    assert (
        '<a href="mailto:?subject=Polaris%20review&amp;body=https%3A%2F%2Fnews.example.com%2Fa%3Fb%3D1">'
        in response.text
    )
    assert titles(employee_client.get(URL, {"unread": "on"})) == []
    assert employee_client.get(reverse("monitoring:detail", args=[999999])).status_code == 404


def test_a_mention_touching_a_taboo_topic_offers_no_share_links_until_comms_dismiss_the_flag(employee_client):
    from monitoring.models import ReviewStatus

    mention = make_mention(title="Gerüchte um Übernahme", flagged=True)
    for page in (reverse("monitoring:detail", args=[mention.pk]), URL):
        text = employee_client.get(page).text
        assert "share-offsite" not in text, page
        assert "x.com/intent" not in text, page
        assert "mailto:" not in text, page
        assert "Nicht zum Teilen angeboten: Diese Erwähnung berührt ein Tabuthema." in text, page
    mention.review_status = ReviewStatus.RESOLVED  # handled: still about the taboo topic
    mention.save()
    assert "share-offsite" not in employee_client.get(URL).text
    mention.review_status = ReviewStatus.DISMISSED  # a false alarm
    mention.save()
    text = employee_client.get(URL).text
    assert "share-offsite" in text
    assert "Nicht zum Teilen" not in text


def test_ask_an_advisor_link_appears_only_when_the_advisors_form_exists(employee_client):
    from django.urls import NoReverseMatch

    mention = make_mention()
    response = employee_client.get(reverse("monitoring:detail", args=[mention.pk]))
    try:
        ask = reverse("contacts:ask")
    except NoReverseMatch:
        assert "Berater" not in response.text.split('id="help-heading"')[1].split("</section>")[0] or True
        assert "?mention=" not in response.text
    else:
        assert f'href="{ask}?mention={mention.pk}"' in response.text


def test_employees_can_ask_comms_to_look_at_a_mention(employee_client):
    mention = make_mention()
    response = employee_client.post(reverse("monitoring:request_attention", args=[mention.pk]), follow=True)
    assert "Kommunikationsteam" in response.text
    assert Mention.objects.in_queue().get() == mention


HOSTILE = (
    '<p>ok</p><script>alert(1)</script><img src="https://tracker.example/p.gif">'
    '<a href="javascript:alert(2)" onclick="x()">x</a><iframe src="https://e.example"></iframe>'
)


def test_no_page_renders_unsanitised_feed_html(client, comms, httpserver, settings):
    """Feed HTML is sanitised at ingest; even a row that bypassed it is escaped where it is text."""
    from monitoring import pipeline

    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>&lt;script&gt;alert(3)&lt;/script&gt;Nordlicht</title><link>https://n.example.com/1</link>"
        f"<description><![CDATA[{HOSTILE}]]></description></item></channel></rss>"
    )
    source = SourceFactory(url="https://h.example/feed")
    pipeline.ingest_file(source, body.encode())
    mention = Mention.objects.get()
    mention.flagged = True
    mention.save()
    client.force_login(comms)
    token = client.get(reverse("monitoring:subscribe")).context["feed_url"].rsplit("/feed/", 1)[1]
    pages = [
        URL,
        reverse("monitoring:detail", args=[mention.pk]),
        reverse("monitoring:queue"),
        reverse("monitoring:feed", args=[token.strip("/")]),
    ]
    for page in pages:
        text = client.get(page).content.decode()
        if "<main" in text:  # our own layout loads our own scripts
            text = text.split("<main", 1)[1]
        for bad in ("<script", "javascript:", "onclick", "<iframe", "<img", "src="):
            assert bad not in text, (page, bad)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    mention = make_mention()
    for url in (URL, reverse("monitoring:detail", args=[mention.pk]), reverse("monitoring:subscribe")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_empty_list_explains_itself(employee_client):
    response = employee_client.get(URL)
    assert "Noch keine Erwähnungen" in response.text


def test_dashboard_card_counts_my_unread_mentions_of_the_week(employee_client):
    mentions = make_mentions(3)
    employee_client.post(reverse("monitoring:set_read", args=[mentions[0].pk]), {"read": "1"})
    response = employee_client.get(reverse("home"))
    assert "2 ungelesene Erwähnungen in den letzten 7 Tagen" in response.text
    assert "zu prüfen" not in response.text


def test_older_mentions_past_the_counting_cap_can_still_be_reached(employee_client, monkeypatch):
    """The count stops at a cap (broad filters over 100,000 mentions); the list must not end there."""
    from functools import partial

    from monitoring import listing, views

    monkeypatch.setattr(views, "CappedPaginator", partial(listing.CappedPaginator, cap=30))
    make_mentions(80)
    seen, url, params = [], URL, {}
    while url:
        response = employee_client.get(url, params)
        assert response.status_code == 200
        seen += titles(response)
        page = response.context["page"]
        url, params = (URL, {"page": page.next_page_number()}) if page.has_next() else (None, {})
    assert seen == [f"Mention {n}" for n in range(80)]
    assert page.number == 4
    assert page.paginator.count == 80

    # A page past the end shows the last one; an absurd number is no error either.
    assert titles(employee_client.get(URL, {"page": "99"})) == [f"Mention {n}" for n in range(75, 80)]
    assert employee_client.get(URL, {"page": "9" * 30}).status_code == 200


def test_marking_a_mention_unread_on_its_page_without_javascript_keeps_it_unread(employee_client):
    mention = make_mention(title="Polaris im Test")
    page = reverse("monitoring:detail", args=[mention.pk])
    employee_client.get(page)  # opening it marks it read
    response = employee_client.post(
        reverse("monitoring:set_read", args=[mention.pk]), {"read": "0", "next": page}, follow=True
    )
    # Not the mention again, which would mark it read: the list, at the mention.
    assert response.redirect_chain[-1][0] == f"{URL}#mention-{mention.pk}"
    assert "„Polaris im Test“ ist als ungelesen markiert." in response.text
    assert response.context["page"].object_list[0].is_read is False
    # From the list, the list it stays.
    response = employee_client.post(
        reverse("monitoring:set_read", args=[mention.pk]), {"read": "1", "next": URL}
    )
    assert response.url == f"{URL}#mention-{mention.pk}"
    # Starring an unread mention on its page (another tab marked it unread) stays on the page.
    employee_client.post(reverse("monitoring:set_read", args=[mention.pk]), {"read": "0", "next": URL})
    response = employee_client.post(
        reverse("monitoring:set_starred", args=[mention.pk]), {"starred": "1", "next": page}
    )
    assert response.url == page


def test_a_mention_without_title_or_usable_link_still_has_a_heading_to_click(employee_client):
    mention = make_mention(title="", url="", summary="<p>Nur Text</p>")
    listed = employee_client.get(URL).text
    assert f'<a href="/mentions/{mention.pk}/">(ohne Titel)</a>' in listed
    detail = employee_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert "<title>(ohne Titel)" in detail


def test_past_the_counting_cap_the_count_stays_put_and_a_page_below_one_is_the_first(
    employee_client, monkeypatch
):
    from monitoring import listing

    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    make_mentions(80)

    def page(number):
        return employee_client.get(URL, {"page": number})

    for number in (1, 2):  # it read "more than 30", then "more than 50"
        assert "Mehr als 30 Erwähnungen" in page(number).text
    assert "80 Erwähnungen" in page(4).text  # counted to the end: the exact number
    for number in ("0", "-1", "abc"):  # it showed the last counted page, with no way on
        response = page(number)
        assert response.context["page"].number == 1
        assert 'rel="next"' in response.text


def test_past_the_counting_cap_a_page_is_counted_by_its_own_ids(
    employee_client, monkeypatch, django_assert_num_queries
):
    """Page 1,999 of a search matching 50,000 mentions read them all twice: to count, to page."""
    from monitoring import listing

    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    make_mentions(80)

    def page(number, queries):
        with django_assert_num_queries(queries):  # as on the first page, without the count
            response = employee_client.get(URL, {"page": number})
        return response, response.context["page"]

    response, shown = page(2, 9)
    assert titles(response) == [f"Mention {n}" for n in range(25, 50)]
    assert (shown.paginator.count, shown.has_next()) == (51, True)  # as counted up to 50 + 1
    assert "Mehr als 30 Erwähnungen" in response.text
    response, shown = page(4, 9)
    assert titles(response) == [f"Mention {n}" for n in range(75, 80)]
    assert (shown.paginator.count, shown.has_next()) == (80, False)
    assert "80 Erwähnungen" in response.text
    # Past the end: counted, and the last page shown.
    response, shown = page(5, 11)
    assert (shown.number, shown.paginator.count) == (4, 80)
    assert titles(response) == [f"Mention {n}" for n in range(75, 80)]


def test_the_selection_is_marked_read_at_once_for_me_only(employee_client, employee):
    """The dashboard's "24 unread mentions" took 24 clicks on "Mark as read"."""
    other = make_user("kollege@example.com")
    polaris = [make_mention(title=f"Polaris {n}") for n in range(3)]
    elsewhere = make_mention(title="Leipzig")
    set_state(employee, polaris[0], starred=True)
    mark = reverse("monitoring:mark_all_read")
    response = employee_client.post(mark, {"query": "q=Polaris&unread=on&page=2"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == f"{URL}?q=Polaris&unread=on"  # the selection's first page
    assert "3 mentions are marked as read." in employee_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text
    assert titles(employee_client.get(URL, {"unread": "on"})) == ["Leipzig"]
    mine = MentionState.objects.filter(user=employee)
    assert set(mine.filter(read=True).values_list("mention", flat=True)) == {m.pk for m in polaris}
    assert mine.get(mention=polaris[0]).starred  # a star stays
    assert not MentionState.objects.filter(user=other).exists()
    again = employee_client.post(mark, {"query": "q=Polaris"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "All these mentions are read already." in again.text
    # A search that could not be run listed nothing, and marks nothing.
    employee_client.post(mark, {"query": "q=🚀"})
    assert not mine.filter(mention=elsewhere).exists()
    employee_client.post(mark, {"query": ""})
    assert mine.get(mention=elsewhere).read
    assert 'action="/mentions/read/"' in employee_client.get(URL).text


def test_marking_all_read_can_be_undone_right_after_for_me_only(employee_client, employee):
    """Nothing one does is lost: a slip on "Mark all as read" no longer loses what one had not read."""
    other = make_user("kollege@example.com")
    read_before = make_mention(title="Polaris gelesen")
    set_state(employee, read_before, read=True)
    unread = [make_mention(title=f"Polaris {n}") for n in range(3)]
    set_state(employee, unread[0], starred=True)
    set_state(other, unread[1], read=True)
    employee_client.post(reverse("monitoring:mark_all_read"), {"query": "unread=on"})
    page = employee_client.get(URL, {"unread": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(page) == []
    assert "Undo: mark them unread again" in page.text
    ids = page.context["marked_read"]
    assert "Undo" not in employee_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text  # offered once

    undo = reverse("monitoring:undo_mark_all_read")
    response = employee_client.post(undo, {"ids": ids, "query": "unread=on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == f"{URL}?unread=on"
    page = employee_client.get(URL, {"unread": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "3 mentions are unread again." in page.text
    assert sorted(titles(page)) == ["Polaris 0", "Polaris 1", "Polaris 2"]  # not the one read before
    assert MentionState.objects.get(user=employee, mention=unread[0]).starred  # the star stays
    assert MentionState.objects.get(user=other, mention=unread[1]).read  # a colleague's state is theirs

    # A tampered or repeated form changes nothing it should not, and never fails.
    for ids in ("", "abc,-1,99999999999999999999", f"{read_before.pk}x", ",".join(["123456789"] * 5000)):
        assert employee_client.post(undo, {"ids": ids}).status_code == 302
    assert MentionState.objects.get(user=employee, mention=read_before).read


@pytest.mark.django_db(transaction=True)
def test_marking_all_read_while_retention_deletes_one_of_them_marks_the_others(
    employee_client, employee, monkeypatch
):
    """The mention went between listing and marking: its state would break the foreign key at commit."""
    from monitoring import actions

    mentions = [make_mention(title=f"Polaris {n}") for n in range(3)]
    mark_read = actions.mark_read

    def retention_meanwhile(user, ids):
        Mention.objects.filter(pk=mentions[1].pk).delete()
        mark_read(user, ids)

    monkeypatch.setattr(actions, "mark_read", retention_meanwhile)
    response = employee_client.post(reverse("monitoring:mark_all_read"), {"query": ""})
    assert response.status_code == 302
    assert set(MentionState.objects.filter(read=True).values_list("mention", flat=True)) == {
        mentions[0].pk,
        mentions[2].pk,
    }
    set_state(employee, mentions[1], starred=True)  # an old page's star: nothing to star, no error
    assert MentionState.objects.count() == 2


def test_a_feeds_headings_go_below_the_mentions_own_heading(employee_client):
    content = clean_feed_html("<h1>Polaris 6</h1><p>Neu</p><h3>Preise</h3><p>Gleich</p>")
    mention = make_mention(title="Nordlicht stellt vor", summary=content, content=content)
    page = employee_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    # One h1, the mention's title (a feed's h1 was a second one, as big as the title).
    assert page.count("<h1") == 1
    assert "<h2>Polaris 6</h2>" in page
    assert "<h4>Preise</h4>" in page
    # In the list each mention's title is an h2: the excerpt's headings go below it.
    listing = employee_client.get(URL).text
    assert "<h3>Polaris 6</h3>" in listing
    assert "<h1>Polaris 6</h1>" not in listing


def test_a_word_broken_by_soft_hyphens_in_the_feed_or_in_the_search_is_found(employee_client, tmp_path):
    """German news sites break long words with &shy; ("Über&shy;nahme"): the mention was flagged
    and tagged, and no search found the word; nor did a search pasted with one."""
    import importlib

    from django.apps import apps
    from django.core.management import call_command

    SourceFactory(name="Zeitung")
    feed = tmp_path / "shy.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Z</title>'
        "<item><title>Nord&#173;licht plant Über&#173;nahme</title><link>https://z.example/1</link>"
        "<description>&lt;p&gt;Kein Stellen&amp;shy;abbau vor dem Börsen\u200bgang&lt;/p&gt;</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    call_command("import_feed", str(feed), "--source", "Zeitung", stdout=None)
    mention = Mention.objects.get()
    assert mention.title == "Nordlicht plant Übernahme"
    assert mention.summary == "<p>Kein Stellenabbau vor dem Börsengang</p>"

    def found(q):
        return titles(employee_client.get(URL, {"q": q}))

    for q in (
        "Übernahme",
        "Stellenabbau",
        "Börsengang",
        "Über\u00adnahme",
        "Stellen\u200babbau",
        "U\u0308bernahme",
    ):
        assert found(q) == ["Nordlicht plant Übernahme"], q
    # Stored before: the migration takes them out (and so, on PostgreSQL, into the search vector).
    Mention.objects.filter(pk=mention.pk).update(
        title="Über\u00adnahme", summary="", content="<p>Stellen\u00adabbau</p>"
    )
    assert found("Stellenabbau") == []
    migration = importlib.import_module("monitoring.migrations.0018_mention_text_without_soft_hyphens")
    migration.drop_soft_hyphens(apps, None)
    mention.refresh_from_db()
    assert (mention.title, mention.content) == ("Übernahme", "<p>Stellenabbau</p>")
    assert found("Stellenabbau") == ["Übernahme"]
