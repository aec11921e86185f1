"""The comms team's admin: drafts and publishing, taboo topics, validation, history and restore."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guidelines import actions
from guidelines.matcher import find_taboo_topics
from guidelines.models import GuidelineVersion, Section, TabooTerm, TabooTopic

from .factories import SectionFactory, publish, topic

pytestmark = pytest.mark.django_db


def topic_form(**overrides) -> dict:
    data = {
        "name": "Finanzen",
        "name_en": "",
        "explanation": "Nur Investor Relations.",
        "explanation_en": "",
        "speaker_role": "Investor Relations",
        "speaker_role_en": "",
        "severity": "never",
        "active": "on",
        "examples-TOTAL_FORMS": "1",
        "examples-INITIAL_FORMS": "0",
        "examples-0-position": "0",
        "examples-0-text": "Unser Umsatz steigt!",
        "examples-0-text_en": "",
        "terms-TOTAL_FORMS": "2",
        "terms-INITIAL_FORMS": "0",
        "terms-0-term": "Umsatz",
        "terms-1-term": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


def test_comms_edits_the_draft_and_publishes_a_version(comms_client):
    response = comms_client.post(
        reverse("admin:guidelines_section_add"),
        {
            "position": 10,
            "category": "netiquette",
            "kind": "rule",
            "title": "Netiquette",
            "body": "Freundlich bleiben.",
        },
    )
    assert response.status_code == 302
    response = comms_client.post(
        reverse("admin:guidelines_guidelineversion_add"),
        {"summary": "Erste Fassung", "summary_en": "", "requires_acknowledgement": ""},
    )
    assert response.status_code == 302
    assert response.url == reverse("guidelines:index")
    version = GuidelineVersion.objects.get()
    assert version.number == 1
    assert version.requires_acknowledgement
    assert Section.objects.of_version(version).get().title == "Netiquette"
    # The draft stays editable and the admin lists only the draft.
    assert Section.objects.drafts().count() == 1
    assert comms_client.get(reverse("admin:guidelines_section_changelist")).context["cl"].result_count == 1


def test_a_draft_changed_after_the_publish_page_opened_is_shown_before_it_is_published(comms_client):
    """A colleague's unfinished section added (or a text changed) while the publish page was open
    went out as the new version, to be confirmed by everybody."""
    import re

    SectionFactory(title="Netiquette")
    url = reverse("admin:guidelines_guidelineversion_add")

    def seen(page: str) -> str:
        return re.search(r'name="draft_seen" value="([0-9a-f]+)"', page)[1]

    opened = seen(comms_client.get(url).text)
    SectionFactory(title="ENTWURF – NICHT VERÖFFENTLICHEN", position=99)
    form = {"summary": "Neue Fassung", "summary_en": "", "requires_acknowledgement": "on"}
    refused = comms_client.post(url, {**form, "draft_seen": opened})
    assert refused.status_code == 200
    assert "Der Entwurf hat sich geändert, nachdem Sie diese Seite geöffnet haben" in refused.text
    assert "ENTWURF – NICHT VERÖFFENTLICHEN" in refused.text  # the draft as it is now
    assert "Neue Fassung</textarea>" in refused.text  # what was typed is kept
    assert not GuidelineVersion.objects.exists()
    # Seen now: published on purpose.
    assert comms_client.post(url, {**form, "draft_seen": seen(refused.text)}).status_code == 302
    assert Section.objects.of_version(GuidelineVersion.objects.get()).count() == 2


def test_publishing_an_empty_draft_is_a_form_error(comms_client):
    response = comms_client.post(reverse("admin:guidelines_guidelineversion_add"), {"summary": "Leer"})
    assert response.status_code == 200
    assert "nichts zu veröffentlichen" in response.text
    assert not GuidelineVersion.objects.exists()


def test_published_versions_cannot_be_changed_or_deleted(comms_client, comms):
    SectionFactory()
    version = publish(comms)
    url = reverse("admin:guidelines_guidelineversion_change", args=[version.pk])
    assert comms_client.get(url).status_code == 200  # read-only view
    assert comms_client.post(url, {"summary": "Umgeschrieben"}).status_code == 403
    delete = reverse("admin:guidelines_guidelineversion_delete", args=[version.pk])
    assert comms_client.post(delete, {"post": "yes"}).status_code == 403
    version.refresh_from_db()
    assert version.summary == "Neue Fassung"


def test_admin_headings_begin_with_a_capital_letter_in_german(comms_client, comms):
    """Django builds them from the verbose name: "veröffentlichte Leitlinien-Version zum Ansehen
    auswählen" began in lower case (an adjective starts the German name)."""
    SectionFactory()
    publish(comms)
    page = comms_client.get(reverse("admin:guidelines_guidelineversion_changelist")).text
    assert "<h1>Veröffentlichte Leitlinien-Version zum Ansehen auswählen</h1>" in page
    assert "<title>Veröffentlichte Leitlinien-Version zum Ansehen auswählen |" in page


def test_comms_adds_a_taboo_topic_with_terms_and_the_checker_sees_it(comms_client):
    response = comms_client.post(reverse("admin:guidelines_tabootopic_add"), topic_form())
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    created = TabooTopic.objects.get(name="Finanzen")
    assert list(created.terms.values_list("term", flat=True)) == ["Umsatz"]
    assert find_taboo_topics("Quartalsumsatz")[0].topic_id == created.pk


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        # At the end (no "character 10" of nine): see the English test below for the wording.
        ("(unclosed", "kein gültiger regulärer Ausdruck: eine schließende Klammer „)“ fehlt ("),
        ("[ab", "ein „[“ ist nicht geschlossen ("),
        ("ÄÖÜ)x", "fehlt die öffnende Klammer (bei Zeichen 4)"),  # counted as typed, not as ae oe ue
        ("(a+)+$", "zu lange"),
        ("x*", "leeren Text"),
    ],
)
def test_bad_regular_expressions_are_form_errors(comms_client, pattern, message):
    data = topic_form(**{"terms-1-term": pattern, "terms-1-is_regex": "on"})
    response = comms_client.post(reverse("admin:guidelines_tabootopic_add"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not TabooTopic.objects.exists()
    assert "(bei Zeichen 10)" not in response.text
    assert "ist nicht geschlossen (bei Zeichen 4)" not in response.text


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(unclosed", "a closing bracket “)” is missing (at the end)"),
        ("[ab", "a “[” is not closed (at the end)"),
        ("ÄÖÜ)x", "a “)” has no opening bracket (at character 4)"),  # inside: the character
        ("ab\\", "a backslash at the end has nothing to escape</li>"),  # "at the end" once
    ],
)
def test_a_regular_expression_broken_at_its_end_says_so_not_a_character_past_it(
    comms_client, pattern, message
):
    """ "[ab" said "at character 4" of three: the position one past the last character."""
    data = topic_form(**{"terms-1-term": pattern, "terms-1-is_regex": "on"})
    response = comms_client.post(reverse("admin:guidelines_tabootopic_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.text


def test_a_term_pasted_decomposed_or_with_a_soft_hyphen_matches_the_draft(comms_client, employee):
    """ "Übernahme" pasted from a PDF as "U" + combining diaeresis, or "Börsen­gang" with a soft
    hyphen, looked right in the admin and never matched: the draft is composed and loses its soft
    hyphens, the term did not."""
    data = topic_form(**{"terms-0-term": "U\u0308bernahme", "terms-1-term": "Börsen\u00adgang"})
    assert comms_client.post(reverse("admin:guidelines_tabootopic_add"), data).status_code == 302
    comms_client.force_login(employee)
    draft = "Die Übernahme vor dem Börsengang"
    page = comms_client.post(reverse("guidelines:check"), {"text": draft}).text
    assert '<mark class="taboo-hit">Übernahme</mark>' in page
    assert '<mark class="taboo-hit">Börsengang</mark>' in page


@pytest.mark.parametrize(
    ("first", "second"), [("Umsatz", " umsatz "), ("Börse", "Boerse"), ("Boerse", "BÖRSE")]
)
def test_a_term_listed_twice_in_other_capitals_or_with_umlauts_written_out_is_a_form_error(
    comms_client, first, second
):
    data = topic_form(**{"terms-0-term": first, "terms-1-term": second})
    response = comms_client.post(reverse("admin:guidelines_tabootopic_add"), data)
    assert response.status_code == 200
    assert f"„{second.strip()}“ und „{first}“ sind derselbe Begriff" in response.text
    assert not TabooTopic.objects.exists()


def _terms_form(topic: TabooTopic, rows: list[tuple[TabooTerm, str, bool]]) -> dict:
    """The topic's change form with its term rows: (row, wording sent, delete ticked)."""
    data = topic_form(**{"terms-TOTAL_FORMS": str(len(rows)), "terms-INITIAL_FORMS": str(len(rows))})
    del data["terms-1-term"]
    data.update({"name": topic.name, "examples-TOTAL_FORMS": "0", "examples-INITIAL_FORMS": "0"})
    for i, (term, wording, delete) in enumerate(rows):
        data.update({f"terms-{i}-id": term.pk, f"terms-{i}-topic": topic.pk, f"terms-{i}-term": wording})
        data[f"initial-terms-{i}-term"] = term.term
        if delete:
            data[f"terms-{i}-DELETE"] = "on"
    return data


def test_a_term_takes_the_wording_of_one_deleted_or_swapped_on_the_same_page(comms_client):
    """The rows are saved one by one in alphabetical order: "Marge" renamed to "Umsatz" with
    "Umsatz" deleted further down, or two terms swapped, hit the unique constraint (a 500)."""
    finance = topic("Finanzen", "Gewinn")
    gewinn = finance.terms.get()
    marge, prognose, umsatz = (
        TabooTerm.objects.create(topic=finance, term=word) for word in ("Marge", "Prognose", "Umsatz")
    )
    url = reverse("admin:guidelines_tabootopic_change", args=[finance.pk])
    rows = [(gewinn, "Gewinn", False), (marge, "Umsatz", False), (prognose, "Prognose", False)]
    response = comms_client.post(url, _terms_form(finance, [*rows, (umsatz, "Umsatz", True)]))
    assert response.status_code == 302
    assert sorted(finance.terms.values_list("term", flat=True)) == ["Gewinn", "Prognose", "Umsatz"]
    marge.refresh_from_db()
    assert marge.term == "Umsatz"  # the row renamed, the other one deleted
    assert not TabooTerm.objects.filter(pk=umsatz.pk).exists()

    swapped = [(gewinn, "Prognose", False), (marge, "Umsatz", False), (prognose, "Gewinn", False)]
    assert comms_client.post(url, _terms_form(finance, swapped)).status_code == 302
    assert dict(finance.terms.values_list("pk", "term")) == {
        gewinn.pk: "Prognose",
        marge.pk: "Umsatz",
        prognose.pk: "Gewinn",
    }
    assert find_taboo_topics("Gewinn und Prognose")[0].words == ["Gewinn", "Prognose"]
    # The history says what each row became; nothing of the wording set aside on the way.
    assert [record.term for record in gewinn.history.order_by("history_id")] == ["Gewinn", "Prognose"]


def test_topic_test_view_with_topics_deleted_since_tests_the_active_ones_and_says_so(comms_client):
    topic("Finanzen", "Umsatz")
    url = reverse("admin:guidelines_tabootopic_test") + "?ids=999999"
    response = comms_client.post(url, {"text": "Die Umsätze im Quartal"})
    assert "gibt es nicht mehr" in response.text
    assert "<mark>Umsätze</mark>" in response.text


def test_topic_test_view_shows_matches_without_storing(comms_client):
    finance = topic("Finanzen", "Umsatz", active=False)
    url = reverse("admin:guidelines_tabootopic_test") + f"?ids={finance.pk}"
    response = comms_client.post(url, {"text": "Die Umsätze im Quartal"})
    assert response.status_code == 200
    assert "<mark>Umsätze</mark>" in response.text
    TabooTopic.objects.filter(pk=finance.pk).update(name_en="Financial figures")
    english = comms_client.post(url, {"text": "Die Umsätze im Quartal"}, HTTP_ACCEPT_LANGUAGE="en").text
    assert "<strong>Financial figures</strong>:" in english
    # A sample text, not a draft: said so when it is too long.
    too_long = comms_client.post(url, {"text": "Umsatz " * 1000}).text
    assert "Der Beispieltext ist zu lang: höchstens 5.000 Zeichen, er hat 7.000." in too_long


def test_deactivate_action_takes_the_topic_out_of_the_checker(comms_client):
    finance = topic("Finanzen", "Umsatz")
    assert find_taboo_topics("Umsatz")
    comms_client.post(
        reverse("admin:guidelines_tabootopic_changelist"),
        {"action": "deactivate", "_selected_action": [finance.pk]},
    )
    assert find_taboo_topics("Umsatz") == []
    assert finance.history.count() == 2  # the change is in the history


def test_changed_section_is_restored_from_history(comms_client):
    section = SectionFactory(title="Original", body="Originaltext.")
    change = reverse("admin:guidelines_section_change", args=[section.pk])
    comms_client.post(
        change,
        {"position": 10, "category": "netiquette", "kind": "rule", "title": "Verschlimmbessert", "body": "x"},
    )
    section.refresh_from_db()
    assert section.title == "Verschlimmbessert"
    original = section.history.earliest()
    history = comms_client.get(reverse("admin:guidelines_section_history", args=[section.pk]))
    assert history.status_code == 200
    assert "Clara Obermeier" in history.text  # who changed it
    revert = reverse("admin:guidelines_section_simple_history", args=[section.pk, original.history_id])
    response = comms_client.post(
        revert,
        {
            "position": 10,
            "category": "netiquette",
            "kind": "rule",
            "title": "Original",
            "body": "Originaltext.",
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.title, section.body) == ("Original", "Originaltext.")
    # Said as a restore, the name linking to the section's page: Django's "changed successfully"
    # linked it to the earlier version's page, which offered to restore that version again.
    page = comms_client.get(response.url).text
    assert f'„<a href="{change}">Original</a>“ ist wiederhergestellt.' in page
    assert revert not in page


def test_deleted_section_and_term_are_restored(comms_client):
    section = SectionFactory(title="Gelöscht")
    comms_client.post(reverse("admin:guidelines_section_delete", args=[section.pk]), {"post": "yes"})
    assert not Section.objects.filter(pk=section.pk).exists()
    deleted = reverse("admin:guidelines_section_deleted")
    page = comms_client.get(deleted)
    assert "Gelöscht" in page.text
    record = Section.history.get(id=section.pk, history_type="-")
    comms_client.post(deleted, {"restore": f"guidelines.section:{record.history_id}"})
    assert Section.objects.drafts().get(pk=section.pk).title == "Gelöscht"

    finance = topic("Finanzen", "Umsatz")
    term = finance.terms.get()
    term_id = term.pk
    term.delete()
    assert find_taboo_topics("Umsatz") == []
    record = TabooTerm.history.get(id=term_id, history_type="-")
    comms_client.post(
        reverse("admin:guidelines_tabootopic_deleted"),
        {"restore": f"guidelines.tabooterm:{record.history_id}"},
    )
    assert find_taboo_topics("Umsatz")[0].topic_id == finance.pk
    # Restored twice (Back, a double click): said in words, nothing changes.
    again = comms_client.post(
        reverse("admin:guidelines_tabootopic_deleted"),
        {"restore": f"guidelines.tabooterm:{record.history_id}"},
        follow=True,
    )
    assert "ist schon wieder da" in again.text
    assert "ID existiert" not in again.text
    assert finance.terms.count() == 1


def test_a_term_too_long_gets_one_error_that_says_so(comms_client):
    data = topic_form(**{"terms-1-term": "x" * 300})
    response = comms_client.post(reverse("admin:guidelines_tabootopic_add"), data)
    assert "höchstens 200 Zeichen" in response.text
    assert "Geben Sie ein Wort oder eine Wortgruppe ein." not in response.text


@pytest.mark.parametrize("since", ["added again", "added in other capitals", "topic deleted"])
def test_a_term_that_cannot_come_back_as_it_was_is_not_restored(comms_client, since):
    finance = topic("Finanzen", "Umsatz")
    term = finance.terms.get()
    term_id = term.pk
    term.delete()
    if since == "added again":
        TabooTerm.objects.create(topic=finance, term="Umsatz")
    elif since == "added in other capitals":
        TabooTerm.objects.create(topic=finance, term="umsatz")
    else:
        finance.delete()
    record = TabooTerm.history.get(id=term_id, history_type="-")
    response = comms_client.post(
        reverse("admin:guidelines_tabootopic_deleted"),
        {"restore": f"guidelines.tabooterm:{record.history_id}"},
        follow=True,
    )
    assert response.status_code == 200
    assert "„Umsatz“ kann nicht wiederhergestellt werden" in response.text
    assert not TabooTerm.objects.filter(pk=term_id).exists()


def test_comms_cannot_delete_taboo_topics(comms_client):
    finance = topic("Finanzen", "Umsatz")
    url = reverse("admin:guidelines_tabootopic_delete", args=[finance.pk])
    assert comms_client.post(url, {"post": "yes"}).status_code == 403


def test_employees_cannot_reach_the_admin_or_edit_anything(client, employee):
    client.force_login(employee)
    finance = topic("Finanzen", "Umsatz")
    for url in [
        reverse("admin:guidelines_section_changelist"),
        reverse("admin:guidelines_tabootopic_change", args=[finance.pk]),
        reverse("admin:guidelines_tabootopic_test"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response.url
    response = client.post(reverse("admin:guidelines_tabootopic_add"), topic_form(name="Hack"))
    assert response.status_code == 302
    assert not TabooTopic.objects.filter(name="Hack").exists()


def test_hr_reads_versions_but_cannot_edit_topics(client, hr):
    client.force_login(hr)
    assert client.get(reverse("admin:guidelines_guidelineversion_changelist")).status_code == 200
    assert client.get(reverse("admin:guidelines_tabootopic_changelist")).status_code == 403
    assert client.post(reverse("admin:guidelines_tabootopic_add"), topic_form()).status_code == 403


def test_publish_form_offers_one_publish_button(comms_client):
    SectionFactory()
    response = comms_client.get(reverse("admin:guidelines_guidelineversion_add"))
    assert response.status_code == 200
    assert "Diese Version veröffentlichen" in response.text
    assert "Entwurf als neue Version veröffentlichen" in response.text  # the page title
    # "Save and add another" / "continue editing" make no sense for a publication.
    assert 'name="_addanother"' not in response.text
    assert 'name="_continue"' not in response.text


def test_draft_intro_comes_after_the_floating_tools(comms_client):
    response = comms_client.get(reverse("admin:guidelines_section_changelist"))
    text = response.text
    assert text.index('class="object-tools"') < text.index('class="draft-intro"')
    # and the buttons sit under the heading instead of floating over it
    assert "#content .object-tools { float: none" in text


def test_example_inline_fits_the_admin_width(comms_client):
    from django.db import models

    from guidelines.admin import TabooExampleInline

    widget = TabooExampleInline.formfield_overrides[models.TextField]["widget"]
    assert int(widget.attrs["cols"]) <= 40  # two of them side by side used to push the page sideways


def test_history_pages_are_german_and_show_no_none(comms_client):
    section = SectionFactory(title="Netiquette")
    comms_client.post(
        reverse("admin:guidelines_section_change", args=[section.pk]),
        {
            "position": section.position,
            "category": section.category,
            "kind": section.kind,
            "title": "Netiquette",
            "body": "Neu",
            "title_en": "",
            "body_en": "",
        },
    )
    history = comms_client.get(reverse("admin:guidelines_section_history", args=[section.pk])).text
    assert "Änderungen" in history
    assert "None" not in history
    record = section.history.order_by("history_id").first()
    form = comms_client.get(
        reverse("admin:guidelines_section_simple_history", args=[section.pk, record.history_id])
    ).text
    breadcrumbs = form[form.index('class="breadcrumbs"') :][:800]
    assert "Leitlinien" in breadcrumbs
    assert "Historical" not in breadcrumbs
    assert "wiederherstellen" in breadcrumbs


def test_publish_form_warns_when_the_draft_equals_the_current_version(comms_client, comms):
    section = SectionFactory()
    publish(comms)
    url = reverse("admin:guidelines_guidelineversion_add")
    assert "stimmt genau mit Version" in comms_client.get(url).text
    section.body = "Geändert"
    section.save()
    assert "stimmt genau mit Version" not in comms_client.get(url).text


def test_an_unchanged_draft_is_not_published_again(comms_client, comms):
    """A double click on "Publish" made several identical versions, each to be acknowledged."""
    from guidelines import actions

    SectionFactory()
    publish(comms)
    url = reverse("admin:guidelines_guidelineversion_add")
    response = comms_client.post(url, {"summary": "Noch mal", "summary_en": ""})
    assert response.status_code == 200
    assert "Der Entwurf ist derselbe wie Version 1" in response.text
    # Past the form (two clicks validated before either published): still one version.
    assert actions.publish_version(comms, "Zweiter Klick").number == 1
    assert GuidelineVersion.objects.count() == 1


def test_an_unchanged_draft_is_published_again_to_be_confirmed_again(comms_client, comms):
    SectionFactory()
    version = publish(comms)
    GuidelineVersion.objects.filter(pk=version.pk).update(published_at=timezone.now() - timedelta(days=30))
    url = reverse("admin:guidelines_guidelineversion_add")
    data = {"summary": "Bitte erneut bestätigen", "summary_en": "", "requires_acknowledgement": "on"}
    assert comms_client.post(url, data).status_code == 302
    assert GuidelineVersion.objects.count() == 2
    # A double click on it adds no third.
    comms_client.post(url, data)
    assert GuidelineVersion.objects.count() == 2


def test_ticking_confirm_again_right_after_publishing_without_it_publishes(comms_client, comms):
    """Within a minute it was taken for a double click: "Version 2 is published", nobody asked."""
    from django.contrib.admin.models import LogEntry

    section = SectionFactory()
    publish(comms)
    section.body = "Geändert"
    section.save()
    url = reverse("admin:guidelines_guidelineversion_add")
    comms_client.post(url, {"summary": "Kleinigkeit", "summary_en": ""})
    assert not GuidelineVersion.objects.current().requires_acknowledgement
    data = {"summary": "Doch bitte bestätigen", "summary_en": "", "requires_acknowledgement": "on"}
    page = comms_client.post(url, data, follow=True).text
    assert "Version 3 ist veröffentlicht." in page
    current = GuidelineVersion.objects.current()
    assert (current.number, current.requires_acknowledgement) == (3, True)
    # The double click on it: said so, no version 4, no second "Added" in version 3's history.
    page = comms_client.post(url, data, follow=True).text
    assert "Der Entwurf ist Version 3, schon veröffentlicht" in page
    assert GuidelineVersion.objects.count() == 3
    assert (
        LogEntry.objects.filter(object_id=str(current.pk), content_type__model="guidelineversion").count()
        == 1
    )


def test_a_row_deleted_in_another_tab_is_explained_when_the_stale_form_is_saved(comms_client):
    comms_client.post(reverse("admin:guidelines_tabootopic_add"), topic_form())
    finance = TabooTopic.objects.get(name="Finanzen")
    term = finance.terms.get()
    stale = topic_form(
        **{
            "terms-TOTAL_FORMS": "1",
            "terms-INITIAL_FORMS": "1",
            "terms-0-id": str(term.pk),
            "terms-0-topic": str(finance.pk),
            "terms-0-term": "Umsatz",
        }
    )
    term.delete()  # in the other tab
    response = comms_client.post(reverse("admin:guidelines_tabootopic_change", args=[finance.pk]), stale)
    assert response.status_code == 200
    assert "in der Zwischenzeit geändert oder gelöscht" in response.text


def test_a_term_deleted_twice_is_listed_once_in_its_latest_state(comms_client):
    finance = topic("Finanzen", "Umsatz")
    term = finance.terms.get()
    term_id = term.pk
    term.delete()
    deleted_url = reverse("admin:guidelines_tabootopic_deleted")
    first = TabooTerm.history.get(id=term_id, history_type="-")
    comms_client.post(deleted_url, {"restore": f"guidelines.tabooterm:{first.history_id}"})
    TabooTerm.objects.filter(pk=term_id).update(term="Umsatzzahlen")
    TabooTerm.objects.get(pk=term_id).delete()
    page = comms_client.get(deleted_url).text
    assert page.count("Wiederherstellen") == 1
    assert "Umsatzzahlen" in page


def test_a_reworded_term_is_shown_in_the_topics_history_and_its_wording_restored(comms_client):
    finance = topic("Finanzen", "Bilanz")
    term = finance.terms.get()
    term.term = "Bilanzierung"
    term.save()
    history = reverse("admin:guidelines_tabootopic_history", args=[finance.pk])
    page = comms_client.get(history)
    assert page.status_code == 200
    rows = page.context["rewordings"]
    assert [(row.before_text, row.after_text) for row in rows] == [("Bilanz", "Bilanzierung")]
    label, before = rows[0].label, rows[0].before
    response = comms_client.post(
        reverse("admin:guidelines_tabootopic_restore_wording", args=[finance.pk]),
        {"restore": f"{label}:{before.history_id}"},
        follow=True,
    )
    assert "ist wiederhergestellt" in response.text
    term.refresh_from_db()
    assert term.term == "Bilanz"
    assert find_taboo_topics("Bilanz")[0].topic_id == finance.pk
    # Only records of this topic's terms; nothing for other roles.
    other = topic("Strategie", "Fusion")
    response = comms_client.post(
        reverse("admin:guidelines_tabootopic_restore_wording", args=[other.pk]),
        {"restore": f"{label}:{before.history_id}"},
    )
    assert response.status_code == 404


def test_adding_a_term_leaves_no_empty_line_in_the_topics_history_and_deleted_terms_name_their_topic(
    comms_client,
):
    comms_client.post(reverse("admin:guidelines_tabootopic_add"), topic_form())
    finance = TabooTopic.objects.get(name="Finanzen")
    example, term = finance.examples.get(), finance.terms.get()
    data = topic_form(**{
        "examples-INITIAL_FORMS": "1", "examples-0-id": example.pk, "examples-0-topic": finance.pk,
        "terms-INITIAL_FORMS": "1", "terms-0-id": term.pk, "terms-0-topic": finance.pk,
        "terms-1-term": "Quartalszahlen",
    })  # fmt: skip
    response = comms_client.post(reverse("admin:guidelines_tabootopic_change", args=[finance.pk]), data)
    assert response.status_code == 302
    assert set(finance.terms.values_list("term", flat=True)) == {"Umsatz", "Quartalszahlen"}
    assert finance.history.count() == 1  # only its creation: the new term is in the terms' history
    assert TabooTerm.history.filter(term="Quartalszahlen", history_type="+").exists()

    TabooTopic.objects.create(name="Strategie").terms.create(term="Quartalszahlen")
    finance.terms.get(term="Quartalszahlen").delete()
    page = comms_client.get(reverse("admin:guidelines_tabootopic_deleted"))
    assert [(row[2].term, row[3]) for row in page.context["page"].object_list] == [
        ("Quartalszahlen", "Finanzen")
    ]
    assert "Gehörte zu" in page.text


def test_a_made_up_spokesperson_is_a_form_error_not_a_500(comms_client):
    """Django's autocomplete widget looked the posted value up as an id while showing the error."""
    response = comms_client.post(reverse("admin:guidelines_tabootopic_add"), topic_form(spokesperson="abc"))
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in response.text


def test_the_admin_names_taboo_topics_in_the_readers_language(comms_client):
    """English readers got the German names in lists, messages, histories and a mention's matches."""
    from monitoring.models import MentionTabooMatch
    from tests.monitoring.factories import make_mention

    finance = topic("Finanzkennzahlen", "Umsatz", name_en="Financial figures")
    mention = make_mention(title="Umsatz", flagged=True)
    MentionTabooMatch.objects.create(mention=mention, topic=finance, matched_words=["Umsatz"])
    comms_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    listing = comms_client.get(reverse("admin:guidelines_tabootopic_changelist")).text
    assert "Financial figures" in listing
    assert "Finanzkennzahlen" not in listing
    matches = comms_client.get(reverse("admin:monitoring_mention_change", args=[mention.pk])).text
    assert "Financial figures: Umsatz" in matches
    assert "Finanzkennzahlen" not in matches


def test_a_deleted_company_name_is_listed_and_comes_back(client, comms):
    """Its history could only be found by typing its address."""
    from guidelines.models import CompanyName

    name = CompanyName.objects.create(name="Polaris Cloud")
    client.force_login(comms)
    client.post(reverse("admin:guidelines_companyname_delete", args=[name.pk]), {"post": "yes"})
    assert not CompanyName.objects.exists()
    deleted = reverse("admin:guidelines_companyname_deleted_objects")
    assert deleted in client.get(reverse("admin:guidelines_companyname_changelist")).text
    assert "Polaris Cloud" in client.get(deleted).text
    record = CompanyName.history.get(history_type="-")
    client.post(deleted, {"restore": f"guidelines.companyname:{record.history_id}"})
    assert CompanyName.objects.get().name == "Polaris Cloud"


def test_a_deleted_topic_restored_from_its_history_brings_its_terms_and_examples_back(client, admin_user):
    """It came back empty: twenty terms and examples to restore one by one from another page."""
    import time_machine

    from guidelines.models import TabooExample

    deleted = topic("Finanzkennzahlen", "Umsatz", "Quartalszahlen", "Gewinn")  # and one example
    client.force_login(admin_user)
    with time_machine.travel(timezone.now() - timedelta(seconds=30)):  # deleted on its own before
        TabooTerm.objects.get(term="Gewinn").delete()
    client.post(reverse("admin:guidelines_tabootopic_delete", args=[deleted.pk]), {"post": "yes"})
    assert not TabooTopic.objects.exists()
    last = TabooTopic.history.filter(history_type="-").get()
    url = reverse("admin:guidelines_tabootopic_simple_history", args=[deleted.pk, last.history_id])
    response = client.post(
        url,
        {"name": "Finanzkennzahlen", "name_en": "", "explanation": last.explanation, "explanation_en": "",
         "speaker_role": "", "speaker_role_en": "", "severity": last.severity, "active": "on"},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    restored = TabooTopic.objects.get()
    assert sorted(restored.terms.values_list("term", flat=True)) == ["Quartalszahlen", "Umsatz"]
    assert TabooExample.objects.filter(topic=restored).count() == 1
    assert (
        "3 Begriffe und Beispiele, die mit dem Thema gelöscht wurden, sind auch wieder da." in response.text
    )
    assert [m.topic_name for m in find_taboo_topics("Der Umsatz steigt")] == ["Finanzkennzahlen"]


def test_the_publisher_and_the_authors_of_changes_link_to_user_pages_only_for_who_may_open_them(
    client, comms, hr, admin_user
):
    """Communications saw "published by" (and each change's author) as a link to a user page
    they get a 403 for: the name is plain text for them, a link for whoever may open it."""
    section = SectionFactory()
    version = publish(comms)
    section.body = "Geändert"
    section._history_user = comms
    section.save()
    user_page = reverse("admin:portal_user_change", args=[comms.pk])
    pages = [
        reverse("admin:guidelines_guidelineversion_change", args=[version.pk]),
        reverse("admin:guidelines_section_history", args=[section.pk]),
    ]
    client.force_login(comms)
    assert client.get(user_page).status_code == 403
    for url in pages:
        page = client.get(url).text
        assert "Clara Obermeier" in page, url
        assert f'href="{user_page}"' not in page, url
    assert "Veröffentlicht von" in client.get(pages[0]).text  # the field keeps its label
    client.force_login(admin_user)
    assert client.get(user_page).status_code == 200
    for url in pages:
        assert f'href="{user_page}"' in client.get(url).text, url
    client.force_login(hr)  # reads versions, and may open people's pages
    assert f'href="{user_page}"' in client.get(pages[0]).text


def test_a_version_published_by_mistake_is_taken_back_by_putting_the_one_before_into_the_draft(
    comms_client, comms
):
    kept = SectionFactory(title="Netiquette", body="Freundlich bleiben.")
    dropped = SectionFactory(title="Urheberrecht", body="Nur eigene Fotos.")
    first = publish(comms, summary="Erste Fassung")
    # The slip: a section reworded, one deleted, one added, and all of it published.
    kept.body = "Bitte nie etwas posten."
    kept.save()
    dropped_pk = dropped.pk
    dropped.delete()
    SectionFactory(title="Halbfertig", body="…")
    publish(comms, summary="Aus Versehen")
    tools = comms_client.get(reverse("admin:guidelines_section_changelist"))
    url = reverse("admin:guidelines_section_from_version")
    assert url in tools.text
    page = comms_client.get(url)
    assert "Erste Fassung" in page.text
    assert "Aus Versehen" in page.text

    response = comms_client.post(url, {"version": first.number}, follow=True)

    assert said(response) == [
        de(
            "The draft reads as version %(number)s again. Publish it to give everybody this text. What the "
            "draft said before is in each section's history and under “Deleted sections”."
        )
        % {"number": 1}
    ]
    drafts = list(Section.objects.drafts().order_by("position"))
    assert actions.same_content(drafts, first)
    # The same sections (the deleted one restored), each with its history going on.
    assert [draft.pk for draft in drafts] == [kept.pk, dropped_pk]
    # The draft before is not lost: the added section is among the deleted ones, the rewording in
    # the section's history.
    assert "Halbfertig" in comms_client.get(reverse("admin:guidelines_section_deleted")).text
    assert Section.history.filter(id=kept.pk, body="Bitte nie etwas posten.").exists()
    # Publishing it takes the slip back (no new acknowledgement asked for).
    comms_client.post(
        reverse("admin:guidelines_guidelineversion_add"),
        {"summary": "Zurück zu Version 1", "summary_en": "", "requires_acknowledgement": ""},
        follow=True,
    )
    current = GuidelineVersion.objects.current()
    assert current.number == 3
    assert not current.requires_acknowledgement
    assert [s.body.strip() for s in Section.objects.current()] == ["Freundlich bleiben.", "Nur eigene Fotos."]
    # Sent again (Back, a double click): nothing changes, and it says so.
    again = comms_client.post(url, {"version": first.number}, follow=True)
    assert said(again) == [
        de("The draft read as version %(number)s already: nothing was changed.") % {"number": 1}
    ]


def test_putting_a_version_back_needs_the_right_to_edit_the_draft(comms_client, hr):
    url = reverse("admin:guidelines_section_from_version")
    SectionFactory()
    version = publish()
    # An unknown or broken version number: said, not a 500.
    for number in ["99", "x", "", "99999999999", str(2**63)]:
        response = comms_client.post(url, {"version": number}, follow=True)
        assert response.status_code == 200
        assert said(response) == [de("This version does not exist.")]
    hr_client = Client()
    hr_client.force_login(hr)
    assert hr_client.get(url).status_code == 403
    assert hr_client.post(url, {"version": version.number}).status_code == 403


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def de(text: str) -> str:
    """A message as the (German) admin says it, whether or not the catalogue has it yet."""
    with translation.override("de"):
        return translation.gettext(text)


def test_a_deleted_topic_is_listed_and_restored_with_its_terms_and_examples(client, admin_user, comms):
    """A topic a superuser deleted could be found only by typing the address of its history."""
    from guidelines.models import TabooExample

    deleted = topic("Finanzkennzahlen", "Umsatz", "Quartalszahlen")  # and one example
    client.force_login(admin_user)
    client.post(reverse("admin:guidelines_tabootopic_delete", args=[deleted.pk]), {"post": "yes"})
    assert not TabooTopic.objects.exists()
    client.force_login(comms)
    listing = reverse("admin:guidelines_tabootopic_changelist")
    url = reverse("admin:guidelines_tabootopic_deleted")
    assert url in client.get(listing).text
    page = client.get(url)
    rows = [row[2].history_object for row in page.context["page"].object_list]
    assert [str(row) for row in rows] == ["Finanzkennzahlen"]  # its terms come back with it
    record = TabooTopic.history.get(history_type="-")
    response = client.post(url, {"restore": f"guidelines.tabootopic:{record.history_id}"}, follow=True)
    assert response.status_code == 200
    restored = TabooTopic.objects.get(pk=deleted.pk)
    assert sorted(restored.terms.values_list("term", flat=True)) == ["Quartalszahlen", "Umsatz"]
    assert TabooExample.objects.filter(topic=restored).count() == 1
    assert [m.topic_name for m in find_taboo_topics("Der Umsatz steigt")] == ["Finanzkennzahlen"]
    assert client.get(url).context["page"].object_list == []
