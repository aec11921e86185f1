"""Searching the directory and the FAQ: stop words, hyphenated words, words beginning with a word."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import FaqEntry
from tests.contacts.factories import AdvisorFactory, AdvisorTopicFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db


def advisors(client, typed: str) -> set[str]:
    return {a.name for a in client.get(reverse("contacts:index"), {"q": typed}).context["page"]}


def faq(client, typed: str) -> set[str]:
    return {e.title for e in client.get(reverse("contacts:faq"), {"q": typed}).context["entries"]}


def faq_hits_on_the_directory(client, typed: str) -> set[str]:
    return {e.title for e in client.get(reverse("contacts:index"), {"q": typed}).context["faq_hits"]}


# --- the directory ----------------------------------------------------------------


def test_a_hyphenated_word_finds_what_its_parts_find_together_and_what_the_whole_finds(employee_client):
    rights = AdvisorTopicFactory(name="Urheber- und Bildrechte", name_en="Copyright and image rights")
    mail = AdvisorTopicFactory(name="E-Mail und Newsletter")
    marketing = AdvisorTopicFactory(name="Marketing")
    AdvisorFactory(name="Ute Urban", topics=[rights])
    AdvisorFactory(name="Mia Mailer", topics=[mail, marketing])
    AdvisorFactory(name="Nina News", topics=[mail])
    AdvisorFactory(name="Ede Ganz", topics=[AdvisorTopicFactory(name="E-Mail-Marketing")])
    for typed in ["Urheber-Rechte", "Bildrechte", "Bild-Rechte", "Urheberrecht", "(Urheber-Rechte),"]:
        assert advisors(employee_client, typed) == {"Ute Urban"}, typed
    # "E-Mail-Marketing" found only the topic of that name: its parts are on two topics of one advisor.
    assert advisors(employee_client, "E-Mail-Marketing") == {"Mia Mailer", "Ede Ganz"}
    assert advisors(employee_client, "Mail-Urheber") == set()  # every part, one advisor
    assert advisors(employee_client, "Ute-Bildrechte") == {"Ute Urban"}  # name and topic, as "Ute Bildrechte"


def test_stop_words_are_left_out_of_a_directory_search_unless_they_are_all_of_it(employee_client):
    privacy, law = AdvisorTopicFactory(name="Datenschutz"), AdvisorTopicFactory(name="Recht")
    AdvisorFactory(name="Rita Recht", job_title="Juristin", topics=[privacy, law])
    AdvisorFactory(name="Minh Đỗ", job_title="Social Media")
    AdvisorFactory(name="Will Weber", job_title="Presse und Kommunikation")
    # "und" had to be in the name, job title or a topic of everybody found.
    assert advisors(employee_client, "Recht und Datenschutz") == {"Rita Recht"}
    assert advisors(employee_client, "the Datenschutz") == {"Rita Recht"}
    # Alone, stop words may be a name: searched as typed.
    assert advisors(employee_client, "Do") == {"Minh Đỗ"}
    assert advisors(employee_client, "will") == {"Will Weber"}
    # Emoji or symbols alone find nobody (rather than everybody), and the page says why.
    assert advisors(employee_client, "🚀") == advisors(employee_client, "--") == set()
    page = employee_client.get(reverse("contacts:index"), {"q": "🚀"}).text
    assert "Ihre Suche enthält kein Wort und keine Zahl, nach denen gesucht werden kann." in page
    assert "Kein Ansprechpartner passt zu Ihrer Suche." not in page  # it was not searched
    assert "Gefundene Ansprechpartner: 0" in page


# --- the FAQ ------------------------------------------------------------------------


@pytest.fixture
def entries(db):
    rights = AdvisorTopicFactory(name="Urheber- und Bildrechte")
    FaqEntryFactory(
        title="Darf ich Fotos von Kollegen posten?", title_en="May I post photos of colleagues?",
        answer="Nur mit ihrer Einwilligung.", answer_en="Only with their consent.", topic=rights,
    )  # fmt: skip
    FaqEntryFactory(
        title="Was tue ich bei einem Shitstorm?", answer="Ruhe bewahren und Kommunikation anrufen."
    )


def test_the_faq_search_finds_words_beginning_with_a_word_of_an_entry_as_the_directory_does(
    employee_client, entries
):
    """ "Kollegenfotos" found nothing in "Darf ich Fotos von Kollegen posten?"."""
    photos = {"Darf ich Fotos von Kollegen posten?"}
    for typed in [
        "Kollegenfotos",
        "Einwilligungserklärung",
        "consents",
        "Urheberrecht",
        "Bildrechteverletzung",
    ]:
        assert faq(employee_client, typed) == photos, typed
    assert faq(employee_client, "Shitstorms") == {"Was tue ich bei einem Shitstorm?"}
    # A whole word of four letters or more, and no stop word: "Ihrerseits" is not about "ihrer",
    # "Fotografie" not about "Fotos".
    assert faq(employee_client, "Ihrerseits") == faq(employee_client, "Fotografie") == set()
    assert faq_hits_on_the_directory(employee_client, "Kollegenfotos") == photos


def test_a_too_long_faq_search_is_refused_with_its_length_not_cut_short(employee_client, entries):
    """Cut to 100 characters, "Kollegen … Wetter" became "Kollegen … W" and found the photo entry."""
    typed = "Kollegen " * 11 + "Wetter"
    page = employee_client.get(reverse("contacts:faq"), {"q": typed}).text
    assert "Bitte höchstens 100 Zeichen (es sind 105)." in page
    assert "Darf ich Fotos von Kollegen posten?" not in page
    assert f'value="{typed}"' in page  # to shorten, not to type again
    assert faq(employee_client, "Kollegen " * 10) == {"Darf ich Fotos von Kollegen posten?"}


def test_the_faq_search_finds_hyphenated_words_by_their_parts(employee_client, entries):
    photos = {"Darf ich Fotos von Kollegen posten?"}
    assert faq(employee_client, "Kollegen-Fotos") == faq(employee_client, "Fotos/Kollegen") == photos
    assert faq(employee_client, "Fotos-Shitstorm") == set()  # every part, one entry


def test_the_faq_search_leaves_out_stop_words_and_says_when_nothing_is_left(employee_client, entries):
    """ "Wie poste ich Fotos?" found nothing: no entry has "wie". "die" listed nearly every one."""
    photos = {"Darf ich Fotos von Kollegen posten?"}
    assert faq(employee_client, "Wie poste ich Fotos?") == photos
    assert faq_hits_on_the_directory(employee_client, "Wie poste ich Fotos?") == photos
    url = reverse("contacts:faq")
    for typed, message in [
        ("die und", "Your search has only very common words (“die und”)"),
        ("OR", "Your search has only very common words (“OR”)"),
        ("🚀", "Your search has no word or number to look for."),
    ]:
        response = employee_client.get(url, {"q": typed}, HTTP_ACCEPT_LANGUAGE="en")
        assert list(response.context["entries"]) == [], typed
        assert message in response.text
        assert "No FAQ entry matches your search." not in response.text
        assert faq_hits_on_the_directory(employee_client, typed) == set()  # not the first five of all
    nothing = employee_client.get(url, {"q": "Weltraum"}, HTTP_ACCEPT_LANGUAGE="en").text
    assert "No FAQ entry matches your search." in nothing
    assert "very common" not in nothing


def test_the_faq_search_follows_every_change_of_an_entry(employee_client, entries):
    entry = FaqEntry.objects.get(title__startswith="Was tue")
    entry.answer = "Erst den Krisenstab informieren."
    entry.save(update_fields=["answer"])
    assert faq(employee_client, "Krisenstabsleitung") == {"Was tue ich bei einem Shitstorm?"}
    entry.title_en = "What do I do in a shitstorm?"
    entry.save(update_fields=["title_en"])
    assert faq(employee_client, "shitstorming") == {"Was tue ich bei einem Shitstorm?"}
    assert faq(employee_client, "Ruhebewahrung") == set()  # the old answer's words are gone


def test_an_abbreviation_typed_in_capitals_is_no_stop_word(employee_client, db):
    """ "IT" was refused as the English "it": the FAQ said the search had only very common words."""
    FaqEntryFactory(title="Wer hilft bei IT-Problemen mit dem Firmenhandy?", answer="Der IT-Service.")
    FaqEntryFactory(title="Darf ich Fotos posten?", answer="Nur nach Rückfrage.")
    assert faq(employee_client, "IT") == {"Wer hilft bei IT-Problemen mit dem Firmenhandy?"}
    response = employee_client.get(reverse("contacts:faq"), {"q": "it"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Your search has only very common words (“it”)" in response.text


def test_the_directory_and_the_faq_take_or_as_either_word_and_leave_out_minus_words(employee_client, entries):
    """ "Presse OR Recht" needed both words, and "Presse -Recht" found only those with "Recht"
    (the minus was read as punctuation): the mention and guideline searches take both as meant."""
    press, law = AdvisorTopicFactory(name="Presse"), AdvisorTopicFactory(name="Recht")
    AdvisorFactory(name="Paula Presse", topics=[press])
    AdvisorFactory(name="Rita Recht", topics=[law])
    AdvisorFactory(name="Bea Beides", topics=[press, law])
    assert advisors(employee_client, "Presse OR Recht") == {"Paula Presse", "Rita Recht", "Bea Beides"}
    assert advisors(employee_client, "Presse -Recht") == {"Paula Presse"}
    assert advisors(employee_client, "Presse –Recht") == {"Paula Presse"}  # Word's en dash
    assert advisors(employee_client, "Presse OR Recht -Bea") == {"Paula Presse", "Rita Recht"}
    assert advisors(employee_client, "Paula OR Rita Presse") == {"Paula Presse"}  # (Paula | Rita) & Presse
    AdvisorFactory(name="Minh Đỗ", topics=[press])
    assert advisors(employee_client, "Do -Recht") == {"Minh Đỗ"}  # a stop word alone is a name, as typed
    photos, storm = "Darf ich Fotos von Kollegen posten?", "Was tue ich bei einem Shitstorm?"
    assert faq(employee_client, "Fotos OR Shitstorm") == {photos, storm}
    assert faq(employee_client, "ich -Shitstorm") == faq(employee_client, "-Shitstorm") == {photos}
    assert faq_hits_on_the_directory(employee_client, "Kollegen OR Shitstorm") == {photos, storm}


def test_a_part_of_a_word_is_found_whatever_the_case_of_its_umlauts(employee_client, db):
    """On SQLite (the embedded default) "öffentlich" found the topic, "Öffentlich" nobody: its LIKE
    folded A–Z only (portal.lib.sqlite)."""
    unreleased = AdvisorTopicFactory(name="Unveröffentlichte Produkte", name_en="Unreleased products")
    AdvisorFactory(name="Clara Obermeier", topics=[unreleased])
    FaqEntryFactory(title="Brauche ich ein Einverständnis?", answer="Ja, schriftlich.")
    for typed in ["öffentlich", "Öffentlich", "ÖFFENTLICH"]:
        assert advisors(employee_client, typed) == {"Clara Obermeier"}, typed
    for typed in ["Verständnis", "VERSTÄNDNIS", "verständnis"]:
        assert faq(employee_client, typed) == {"Brauche ich ein Einverständnis?"}, typed
