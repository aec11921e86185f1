"""Tracked keywords as German is written: ß, aliases shared between keywords, names with "&"."""

from __future__ import annotations

import pytest
from django.db import connection

from monitoring.highlight import KeywordHighlighter
from monitoring.ingest import KeywordMatcher
from monitoring.models import TrackedKeyword
from portal.lib.html import clean_feed_html


def test_a_keyword_with_sharp_s_matches_every_spelling_of_it():
    matcher = KeywordMatcher([(1, ["Straße"]), (2, ["Großkunde"])])
    assert matcher.match("Neue Straße in Hamburg") == {1}
    assert matcher.match("NEUE STRASSE, neue Strasse") == {1}
    assert matcher.match("Ein GROSSKUNDE springt ab") == {2}
    assert matcher.match("Straßenbahn") == set()  # whole words only


def test_a_term_shared_by_two_keywords_links_both():
    matcher = KeywordMatcher([(1, ["Maren Lindqvist", "Lindqvist"]), (2, ["Lindqvist"])])
    assert matcher.match("Interview mit Lindqvist") == {1, 2}
    assert matcher.match("Interview mit Maren Lindqvist") == {1}  # the longer term wins the place


def test_highlighting_finds_names_with_an_ampersand_and_spares_character_references():
    html = clean_feed_html("<p>AT&amp;T und Strasse &amp; amp&nbsp;Co</p>")
    marked = KeywordHighlighter(["AT&T", "Straße", "amp"]).html(html)
    assert "<mark>AT&amp;T</mark>" in marked
    assert "<mark>Strasse</mark>" in marked
    assert "<mark>amp</mark>" in marked  # the word, once
    assert marked.count("<mark>") == 3  # never inside "&amp;"
    assert "&amp;<mark>" not in marked
    assert "&<mark>" not in marked


def test_highlighting_escapes_what_it_writes_back():
    html = clean_feed_html("<p>&lt;script&gt;Nordlicht&lt;/script&gt; &quot;x&quot;</p>")
    marked = KeywordHighlighter(["Nordlicht"]).html(html)
    assert "<script" not in marked
    assert "&lt;script&gt;<mark>Nordlicht</mark>&lt;/script&gt;" in marked


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's LOWER folds ASCII letters only")
def test_names_differing_only_in_capital_umlauts_are_one_name(client, comms):
    import pytest
    from django.db import IntegrityError, transaction
    from django.urls import reverse

    from monitoring.models import Source, TrackedKeyword
    from tests.monitoring.factories import SourceFactory

    SourceFactory(name="Ü16")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(name="ü16")
    TrackedKeyword.objects.create(name="Ärger")
    client.force_login(comms)
    response = client.post(reverse("admin:monitoring_trackedkeyword_add"), {"name": "ÄRGER", "active": "on"})
    assert response.status_code == 200
    assert "Ärger" in response.context["adminform"].form.errors["name"][0]
    assert Source.objects.count() == 1
    assert TrackedKeyword.objects.count() == 1


@pytest.mark.parametrize(
    ("stored", "typed"), [("Straße", "STRASSE"), ("GRÖSSE", "Größe"), ("Ärger", "ärger")]
)
def test_a_keyword_matching_compares_the_same_as_another_is_refused(client, comms, stored, typed):
    """Matching casefolds ("Straße" is "STRASSE"); SQL's case-insensitive comparison did not, and
    every mention saying "Straße" was linked to both."""
    from django.urls import reverse

    from monitoring.models import TrackedKeyword

    TrackedKeyword.objects.create(name=stored)
    client.force_login(comms)
    response = client.post(reverse("admin:monitoring_trackedkeyword_add"), {"name": typed, "active": "on"})
    assert response.status_code == 200
    assert stored in response.context["adminform"].form.errors["name"][0]
    assert TrackedKeyword.objects.count() == 1


def test_soft_hyphens_in_feed_text_hide_no_keyword():
    """German news sites break long words with &shy;: "Nord&shy;licht" is Nordlicht to a reader."""
    from monitoring.parsing import visible_text

    matcher = KeywordMatcher([(1, ["Nordlicht"])])
    html = clean_feed_html("<p>Die Nord&shy;licht AG und ihr Zero\u200bwidth</p>")
    text = visible_text("Nord\u00adlicht wächst", "", html)
    assert matcher.match(text) == {1}
    assert "\u00ad" not in text
    assert "\u200b" not in text


def test_keywords_in_scripts_without_spaces_are_found_inside_a_run_of_text():
    """ "日本語" never matched "日本語のタイトル": the whole-word check wants a non-letter after it,
    and Japanese (like Chinese and Thai) writes no spaces; Korean joins particles to the word."""
    matcher = KeywordMatcher([(1, ["日本語"]), (2, ["삼성"]), (3, ["Nordlicht"])])
    assert matcher.match("日本語のタイトル") == {1}
    assert matcher.match("中国と日本語") == {1}
    assert matcher.match("삼성이 새 제품을 발표") == {2}
    # Latin-script names stay whole words.
    assert matcher.match("Nordlichter über Nordlichtes") == set()
    assert matcher.match("Nordlicht日本") == {3}


def test_the_longest_keyword_wins_whatever_script_its_neighbours_are_in():
    """Grouped by the boundaries they need, "Nordlicht" (one group) came before "Nordlicht東京" (another)."""
    matcher = KeywordMatcher([(1, ["Nordlicht"]), (2, ["Nordlicht東京"]), (3, ["Nordlicht Energie AG"])])
    assert matcher.match("Nordlicht東京の新製品") == {2}
    assert matcher.match("Die Nordlicht Energie AG") == {3}


@pytest.mark.django_db
def test_a_legal_form_after_a_comma_stays_with_the_name_and_finds_no_other_company():
    """ "Nordlicht Systems, Inc." made an alias "Inc.", and every company's "Inc." a mention of it."""
    keyword = TrackedKeyword.objects.create(name="Nordlicht", aliases="Nordlicht Systems, Inc., NSI")
    assert keyword.terms == ["Nordlicht", "Nordlicht Systems, Inc.", "NSI"]
    matcher = KeywordMatcher.load()
    assert matcher.match("Acme Inc. reports record sales") == set()
    assert matcher.match("Nordlicht Systems, Inc. reports record sales") == {keyword.pk}


def test_aliases_are_stored_one_per_line_without_the_name_and_a_bare_legal_form_refused(client, comms):
    from django.urls import reverse

    client.force_login(comms)
    url = reverse("admin:monitoring_trackedkeyword_add")
    form = {"name": "Nordlicht Systems", "active": "on"}
    refused = client.post(url, {**form, "aliases": "Nordlicht\nInc."}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert (
        "“Inc.” alone is a legal form, not a name: it would find every company&#x27;s mentions. Write it on "
        "one line with the name, such as “Nordlicht Systems Inc.”."
    ) in refused.text
    assert not TrackedKeyword.objects.exists()
    # As the name, too; and a term of signs alone would find every text with the sign.
    named = client.post(url, {"name": "GmbH", "active": "on", "aliases": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert "“GmbH” alone is a legal form, not a name" in named.text
    signs = client.post(url, {**form, "aliases": "*"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "“*” has no letter or digit: it would find every text with this sign." in signs.text
    assert not TrackedKeyword.objects.exists()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Other spellings, one per line" in page

    aliases = "nordlicht systems\nNordlicht Systems, Inc.; NSI\nnsi\nNordlicht"
    response = client.post(url, {**form, "aliases": aliases})
    assert response.status_code == 302
    keyword = TrackedKeyword.objects.get()
    assert keyword.aliases == "Nordlicht Systems, Inc.\nNSI\nNordlicht"  # the name and the twin dropped
