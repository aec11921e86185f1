"""The post checker and the taboo topic list: what employees see, and that drafts are never kept."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.urls import reverse

from .factories import company_names, topic

pytestmark = pytest.mark.django_db

CHECK = reverse("guidelines:check")


@pytest.fixture
def topics():
    finance = topic("Finanzkennzahlen", "Umsatz", "Zahlen", speaker_role="Investor Relations")
    products = topic(
        "Unangekündigte Produkte", "neues Produkt", severity="ask_first", speaker_role="Pressestelle"
    )
    return finance, products


def test_checker_finds_umlaut_variants_and_phrases_across_line_breaks(employee_client, topics):
    draft = "Die Umsätze steigen!\nUnser neues\nProdukt kommt bald."
    response = employee_client.post(CHECK, {"text": draft})
    assert response.status_code == 200
    text = response.text
    assert "Finanzkennzahlen" in text
    assert "Unangekündigte Produkte" in text
    assert '<mark class="taboo-hit">Umsätze</mark>' in text
    assert '<mark class="taboo-hit">neues<br>Produkt</mark>' in text
    assert "Investor Relations" in text
    assert "Pressestelle" in text
    assert "Nie posten" in text
    assert "Erst fragen" in text


def test_checker_finds_a_phrase_written_as_a_hashtag_handle_or_address(employee_client):
    """ "coming soon" missed #comingsoon, the way posts write it; product names for the UWG hint
    were found so already."""
    topic("Unangekündigte Produkte", "coming soon", "Polaris Edge")
    draft = "#comingsoon bei @PolarisEdge: polaris-edge.example.com/coming-soon"
    text = employee_client.post(CHECK, {"text": draft}).text
    for written in ("comingsoon", "PolarisEdge", "polaris-edge", "coming-soon"):
        assert f'<mark class="taboo-hit">{written}</mark>' in text


def test_htmx_check_returns_only_the_results(employee_client, topics):
    response = employee_client.post(CHECK, {"text": "Quartalszahlen"}, headers={"hx-request": "true"})
    assert "<html" not in response.text
    assert "Quartalszahlen</mark>" in response.text


def test_a_draft_deleted_while_typing_clears_the_result_without_an_error(employee_client, topics):
    """The check while typing is sent by the text area, marked "live": empty, it clears the result
    (a request of the form was held by the browser, and the last result stayed)."""
    page = employee_client.get(CHECK).text
    assert 'hx-trigger="input changed delay:600ms"' in page
    assert "hx-vals=" in page
    live = employee_client.post(CHECK, {"text": "  ", "live": "1"}, headers={"hx-request": "true"})
    assert live.text.strip() == ""
    sent = employee_client.post(CHECK, {"text": "  "}, headers={"hx-request": "true"})
    assert "Fügen Sie den Beitrag ein" in sent.text  # sent on purpose: said


def test_clean_draft_gets_a_friendly_nothing_found_not_a_guarantee(employee_client, topics):
    response = employee_client.post(CHECK, {"text": "Schönes Wochenende allerseits!"})
    assert "Nichts gefunden." in response.text
    assert "nicht alles erkennen" in response.text


def test_draft_is_escaped_in_the_highlighted_text(employee_client, topics):
    response = employee_client.post(CHECK, {"text": '<script>alert("x")</script> Umsatz'})
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


def test_too_long_or_empty_draft_is_a_form_error(employee_client, topics):
    response = employee_client.post(CHECK, {"text": "x" * 20001})
    assert response.status_code == 200
    assert "höchstens 5.000 Zeichen, er hat 20.001" in response.text  # grouped as in the help text
    english = employee_client.post(CHECK, {"text": "x" * 20001}, HTTP_ACCEPT_LANGUAGE="en")
    assert "at most 5,000 characters, it has 20,001" in english.text
    response = employee_client.post(CHECK, {"text": ""})
    assert "Fügen Sie den Beitrag ein" in response.text


def test_praise_of_own_product_without_disclosure_gets_uwg_warning(employee_client, topics):
    company_names()
    response = employee_client.post(CHECK, {"text": "Polaris Cloud ist genial, ich kann es nur empfehlen!"})
    assert "UWG" in response.text
    assert "Transparenzhinweis: Ich arbeite bei Nordlicht Systems." in response.text


def test_disclosed_praise_or_plain_mention_gets_no_warning(employee_client, topics):
    company_names()
    disclosed = "Transparenzhinweis: Ich arbeite bei Nordlicht Systems. Polaris Cloud ist genial!"
    assert "UWG" not in employee_client.post(CHECK, {"text": disclosed}).text
    neutral = "Heute Vortrag über Polaris Cloud in Halle 3."
    assert "UWG" not in employee_client.post(CHECK, {"text": neutral}).text
    other = "Das Wetter ist genial!"
    assert "UWG" not in employee_client.post(CHECK, {"text": other}).text
    for said_so in (
        "Polaris Cloud is great. (I'm employed by Nordlicht Systems.)",
        "Polaris Cloud is great! I am a Nordlicht Systems staff member.",
        "Polaris Cloud ist genial! Ich bin bei Nordlicht angestellt.",
        "Polaris Cloud ist super – ich bin dort beschäftigt.",
    ):
        assert "UWG" not in employee_client.post(CHECK, {"text": said_so}).text, said_so


def test_draft_is_never_stored_or_logged(employee_client, topics, caplog, django_assert_max_num_queries):
    secret = "Geheimer Entwurf über den Umsatz von Polaris Cloud, einfach genial"
    company_names()
    counts = {m: m.objects.count() for m in apps.get_models()}
    with caplog.at_level(logging.DEBUG):
        response = employee_client.post(CHECK, {"text": secret})
    assert response.status_code == 200
    assert counts == {m: m.objects.count() for m in apps.get_models()}
    assert secret not in caplog.text
    assert "Geheimer Entwurf" not in str(dict(employee_client.session))
    assert "no-store" in response["Cache-Control"]
    assert "nie gespeichert" in response.text or "weder gespeichert" in response.text


def test_checker_page_says_drafts_are_not_stored(employee_client):
    response = employee_client.get(CHECK)
    assert response.status_code == 200
    assert "weder gespeichert noch protokolliert" in response.text


def test_checker_needs_sign_in(client):
    response = client.post(CHECK, {"text": "Umsatz"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_taboo_topic_list_shows_active_topics_examples_and_whom_to_ask(
    employee_client, topics, django_assert_num_queries
):
    topic("Alte Regel", "Kantine", active=False)
    # session, user, groups (role check for the sub-navigation), topics, examples
    with django_assert_num_queries(5):
        response = employee_client.get(reverse("guidelines:taboo_topics"))
    assert "Finanzkennzahlen" in response.text
    assert "Beispiel zu Finanzkennzahlen" in response.text
    assert "Investor Relations" in response.text
    assert "Alte Regel" not in response.text


def test_taboo_topic_list_is_in_the_readers_alphabetical_order(employee_client):
    topic("Finanzkennzahlen", name_en="Financial figures")
    topic("Kundenprojekte", name_en="Customer projects")
    topic("Unternehmensstrategie", name_en="Corporate strategy")
    url = reverse("guidelines:taboo_topics")

    def names(page: str, *expected: str) -> list[str]:
        return sorted(expected, key=page.index)

    german = employee_client.get(url).text
    assert names(german, "Unternehmensstrategie", "Kundenprojekte", "Finanzkennzahlen") == [
        "Finanzkennzahlen",
        "Kundenprojekte",
        "Unternehmensstrategie",
    ]
    english = employee_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert names(english, "Financial figures", "Customer projects", "Corporate strategy") == [
        "Corporate strategy",
        "Customer projects",
        "Financial figures",
    ]


def test_draft_field_is_described_by_its_help_text(employee_client):
    text = employee_client.get(reverse("guidelines:check")).text
    assert 'aria-describedby="id_text_helptext"' in text
    assert 'id="id_text_helptext"' in text  # the element the field points to exists


@pytest.mark.parametrize(
    "draft",
    [
        "Polaris Cloud ist einfach mega",
        "Ich bin total zufrieden mit Polaris Cloud",
        "Ich liebe Polaris Cloud!",
        "Polaris Cloud ist richtig gut",
        "I love Polaris Cloud",
        "Polaris Cloud is really good",
        "Polaris Cloud: highly recommended",
    ],
)
def test_everyday_praise_gets_the_uwg_warning_too(draft):
    from guidelines.disclosure import check_disclosure

    company_names()
    assert check_disclosure(draft) is not None


@pytest.mark.django_db
def test_the_checker_catches_every_do_not_post_example_of_the_demo_in_both_languages():
    """The taboo page's own examples, German and English, must not pass as clean."""
    from io import StringIO

    from guidelines import demo
    from guidelines.demo_content import TABOO_TOPICS
    from guidelines.matcher import find_taboo_topics

    demo.load(StringIO())
    missed = [
        example
        for *_names, examples, _terms in TABOO_TOPICS
        for pair in examples
        for example in pair
        if not find_taboo_topics(example)
    ]
    assert missed == []


def test_a_draft_pasted_with_decomposed_umlauts_is_checked_like_any_other(employee_client, topics):
    import unicodedata

    draft = unicodedata.normalize("NFD", "Die Umsätze steigen")
    response = employee_client.post(CHECK, {"text": draft})
    assert "Finanzkennzahlen" in response.text
    assert '<mark class="taboo-hit">Umsätze</mark>' in response.text


@pytest.mark.parametrize(
    "draft",
    [
        "We attended the Polaris Cloud launch – awesome!",  # "we at" is no disclosure inside a word
        "#PolarisCloud ist super",
        "polaris-cloud ist super",
    ],
)
def test_praise_in_everyday_spellings_gets_the_uwg_warning(employee_client, topics, draft):
    company_names()
    assert "UWG" in employee_client.post(CHECK, {"text": draft}).text


def test_the_uwg_warning_names_only_what_the_draft_mentions(employee_client, topics):
    company_names()
    response = employee_client.post(CHECK, {"text": "Nordlicht Systems ist toll"})
    assert "lobt oder empfiehlt Nordlicht Systems, sagt" in response.text


def test_a_name_the_checker_finds_already_is_refused_and_each_place_named_once(
    client, comms, employee_client
):
    """ "Polaris-Cloud" and "PolarisCloud" were accepted beside "Polaris Cloud" (which finds both),
    and the hint then named "Polaris Cloud, Polaris-Cloud, PolarisCloud" for one word."""
    from guidelines.models import CompanyName

    CompanyName.objects.create(name="Polaris Cloud")
    client.force_login(comms)
    for twin in ("Polaris-Cloud", "PolarisCloud", "polaris  cloud", "#PolarisCloud"):
        response = client.post(reverse("admin:guidelines_companyname_add"), {"name": twin, "kind": "product"})
        assert response.status_code == 200, twin
        assert "findet „" in response.text or "Es gibt bereits einen Eintrag" in response.text, twin
    assert (
        client.post(
            reverse("admin:guidelines_companyname_add"),
            {"name": "Polaris", "kind": "product", "active": "on"},
        ).status_code
        == 302
    )  # a name of its own
    assert CompanyName.objects.count() == 2
    CompanyName.objects.bulk_create([CompanyName(name="Polaris-Cloud")])  # stored before the check
    page = employee_client.post(CHECK, {"text": "Polaris-Cloud ist toll"}).text
    assert "lobt oder empfiehlt Polaris Cloud, sagt" in page


def test_a_term_that_ran_out_of_time_is_no_nothing_found(employee_client, topics, monkeypatch):
    from guidelines import matcher as matching
    from guidelines.models import TabooTerm

    TabooTerm.objects.create(topic=topics[0], term=r"(a+)+$", is_regex=True)  # older than the check
    monkeypatch.setattr(matching, "REGEX_TIMEOUT_SECONDS", 0.001)
    response = employee_client.post(CHECK, {"text": "a" * 4000 + "!"})
    assert "Nichts gefunden." not in response.text
    assert "Nicht jede Regel konnte geprüft werden." in response.text


def test_each_word_found_is_named_once_and_invisible_characters_split_no_word(employee_client, topics):
    draft = "Umsatz hier, Umsatz da, UMSATZ überall. Die Über\u00adnahme der Um\u200bsatz-Zahlen."
    response = employee_client.post(CHECK, {"text": draft})
    found = response.text.split("Gefunden:")[1].split("</p>")[0]
    assert found.count("taboo-hit") == 2  # "Umsatz" (any capitals) and "Zahlen", once each
    assert '<mark class="taboo-hit">Umsatz</mark>' in found
    marked = response.text.split('class="card highlighted-draft">')[1].split("</div>")[0]
    assert '<mark class="taboo-hit">Umsatz</mark>-<mark class="taboo-hit">Zahlen</mark>' in marked
    response = employee_client.post(CHECK, {"text": "\u200b\u00ad \u200b"})
    assert "Fügen Sie den Beitrag ein, den Sie prüfen möchten" in response.text  # nothing visible to check


def test_the_admin_test_reads_a_sample_as_the_checker_reads_a_draft(client, comms, topics):
    client.force_login(comms)
    url = reverse("admin:guidelines_tabootopic_test")
    decomposed = "Die Zahlen: Umsa\u0308tze steigen"  # "ä" pasted from macOS: a and a combining mark
    response = client.post(url, {"text": decomposed})
    assert response.status_code == 200
    assert "Umsätze" in response.text
    assert "taboo-hit" in response.text
