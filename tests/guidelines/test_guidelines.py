"""Reading, versions, diff, search and acknowledgement of the guidelines."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from guidelines.models import Acknowledgement, GuidelineVersion, Section, SectionKind

from .factories import SectionFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(comms):
    SectionFactory(
        title="Netiquette", body="Bleiben Sie freundlich, auch bei Kritik.", kind=SectionKind.RECOMMENDATION
    )
    SectionFactory(
        title="Sicherheit",
        title_en="Security",
        body="Klicken Sie nicht auf Links in Phishing-Nachrichten.",
        body_en="Do not click links in phishing messages.",
    )
    return publish(comms, "Erste Fassung")


def test_employee_reads_current_guidelines_with_rules_and_recommendations_apart(employee_client, version):
    response = employee_client.get(reverse("guidelines:index"))
    assert response.status_code == 200
    assert "Netiquette" in response.text
    assert "kind-badge--rule" in response.text
    assert "kind-badge--recommendation" in response.text
    assert "Verbindliche Regel" in response.text
    assert "Empfehlung" in response.text


def test_english_readers_get_the_english_text(employee_client, version):
    response = employee_client.get(reverse("guidelines:index"), headers={"accept-language": "en"})
    assert "Do not click links in phishing messages." in response.text


def test_index_before_first_version_says_so(employee_client):
    assert "noch nicht veröffentlicht" in employee_client.get(reverse("guidelines:index")).text


def test_search_before_first_version_says_nothing_is_published(employee_client, comms):
    """It said "0 Abschnitte gefunden", as if the guidelines had nothing on the word."""
    SectionFactory(title="Netiquette", body="Bleiben Sie freundlich.")  # a draft only
    page = employee_client.get(reverse("guidelines:search"), {"q": "freundlich"}).text
    assert "Die Leitlinien sind noch nicht veröffentlicht." in page
    assert "gefunden" not in page
    assert "Nichts gefunden" not in page


def test_a_search_without_results_says_so_once(employee_client, version):
    """It said "0 Abschnitte für „Zeppelin“ gefunden." and, below, "Nichts gefunden."."""
    SectionFactory(title="Netiquette", body="Bleiben Sie freundlich.")
    publish()
    page = employee_client.get(reverse("guidelines:search"), {"q": "Zeppelin"}).text
    assert "Nichts gefunden für „Zeppelin“. Versuchen Sie ein anderes Wort" in page
    assert "0 Abschnitte" not in page


def test_index_has_a_fixed_number_of_queries(employee_client, version, django_assert_num_queries):
    SectionFactory.create_batch(5)
    publish()
    # session, user, groups (role check), current version, baseline, acknowledgement,
    # sections, previous version
    with django_assert_num_queries(8):
        employee_client.get(reverse("guidelines:index"))


def test_hostile_markdown_is_sanitised(employee_client, comms):
    SectionFactory(
        body='<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
        '[klick](javascript:alert(3)) <style>body{}</style> <a href="#" onclick="alert(4)">x</a>'
    )
    publish(comms)
    page = employee_client.get(reverse("guidelines:index")).text
    body = page[page.index('class="prose"') :]
    for hostile in ("<script>alert", "onerror", "javascript:", "<style>", "onclick", "alert(1)"):
        assert hostile not in body


def test_asked_to_confirm_again_what_changed_means_since_the_version_one_confirmed(
    employee_client, employee, version, comms
):
    Acknowledgement.objects.create(user=employee, version=version)  # confirmed version 1
    publish(comms, summary="Neue Regeln", requires=True)  # 2: everybody confirms again
    publish(comms, summary="Tippfehler")  # 3: no new confirmation needed
    page = employee_client.get(reverse("guidelines:index")).text
    assert "Bitte erneut bestätigen" in page
    # Version 2 changed the rules, not 3 (it said "Version 3 ändert Regeln").
    assert "seit Ihrer letzten Bestätigung geändert. Bitte lesen Sie Version 3" in " ".join(page.split())
    # Version 2's new rules are why the person is asked: not only 2 → 3.
    assert f'<a href="{reverse("guidelines:compare", args=[1, 3])}">Was hat sich geändert?</a>' in page
    Acknowledgement.objects.create(user=employee, version=GuidelineVersion.objects.current())
    page = employee_client.get(reverse("guidelines:index")).text  # up to date: the last change
    assert f'<a href="{reverse("guidelines:compare", args=[2, 3])}">Was hat sich geändert?</a>' in page


def test_headings_in_a_section_nest_under_the_sections_title(employee_client, comms):
    """ "## Beispiele" in a section was an h2 beside the section's own h2 for a screen reader, on
    the page, an earlier version and the diff alike; raw HTML headings too."""
    SectionFactory(title="Netiquette", body="## Beispiele\n\nText.\n\n### Mehr\n\n<h2>Roh</h2>")
    publish(comms, "Erste Fassung")
    SectionFactory(title="Datenschutz", body="# Fotos\n\n## Einwilligung\n\n#### Tief\n\n###### Am tiefsten")
    publish(comms, "Zweite Fassung")

    def headings(page, after):
        return re.findall(r"<h(\d)>([^<]*)</h\d>", page.split(after, 1)[1])

    page = employee_client.get(reverse("guidelines:index")).text
    assert headings(page, ">Netiquette</h2>")[:3] == [("3", "Beispiele"), ("4", "Mehr"), ("3", "Roh")]
    assert headings(page, ">Datenschutz</h2>")[:4] == [
        ("3", "Fotos"),
        ("4", "Einwilligung"),
        ("6", "Tief"),
        ("6", "Am tiefsten"),  # no deeper than h6
    ]
    page = employee_client.get(reverse("guidelines:version", args=[1])).text
    assert headings(page, ">Netiquette</h2>")[:2] == [("3", "Beispiele"), ("4", "Mehr")]
    page = employee_client.get(reverse("guidelines:compare", args=[1, 2])).text
    assert headings(page, ">Datenschutz</span></h2>")[:2] == [("3", "Fotos"), ("4", "Einwilligung")]


def test_published_sections_never_change(version):
    section = Section.objects.of_version(version).first()
    section.title = "Anders"
    with pytest.raises(Exception, match="never change"):
        section.save()


def test_earlier_versions_stay_readable(employee_client, version):
    draft = Section.objects.drafts().get(title="Netiquette")
    draft.body = "Bleiben Sie stets freundlich und sachlich."
    draft.save()
    publish(summary="Netiquette geschärft")
    response = employee_client.get(reverse("guidelines:version", args=[1]))
    assert "Bleiben Sie freundlich, auch bei Kritik." in response.text
    assert "nicht mehr" in response.text  # "gilt nicht mehr"
    assert employee_client.get(reverse("guidelines:version", args=[99])).status_code == 404
    assert employee_client.get(reverse("guidelines:version", args=[2])).status_code == 302


def test_the_diff_reads_like_the_page(employee_client, version):
    """A link whose address has parentheses left a stray ")", and HTML the page leaves out
    was shown as escaped markup."""
    draft = Section.objects.drafts().get(title="Netiquette")
    draft.body = (
        "Siehe [UWG](https://de.wikipedia.org/wiki/Gesetz_(UWG)). "
        '<span style="color:red">Wichtig</span> &amp; <script>alert(1)</script>klar.'
    )
    draft.save()
    publish(summary="Zweite Fassung")
    page = employee_client.get(reverse("guidelines:compare", args=[1, 2])).text
    diff = page.split('class="diff-text"', 1)[1].split("</div>", 1)[0]
    now = re.sub(r'<del>.*?</del>|</?ins>|<span class="visually-hidden">[^<]*</span>', "", diff)
    assert now == ">Siehe UWG. Wichtig &amp; klar."


def test_the_diff_says_which_words_were_removed_and_added_to_screen_readers(employee_client, version):
    draft = Section.objects.drafts().get(title="Netiquette")
    draft.body_en = "Stay polite."  # was "Stay **friendly**."
    draft.save()
    publish(summary="Zweite Fassung")
    page = employee_client.get(
        reverse("guidelines:compare", args=[1, 2]), headers={"accept-language": "en"}
    ).text
    diff = page.split('class="diff-text"', 1)[1].split("</div>", 1)[0]
    # Read aloud: "Stay removed: friendly added: polite.", not "Stay friendly polite."
    assert re.search(r'<span class="visually-hidden">removed: </span><del>[^<]+</del>', diff)
    assert re.search(r'<span class="visually-hidden">added: </span><ins>[^<]+</ins>', diff)


def test_diff_shows_changed_added_and_removed_sections(employee_client, version):
    Section.objects.drafts().filter(title="Sicherheit").delete()
    draft = Section.objects.drafts().get(title="Netiquette")
    draft.body = (
        "Bleiben Sie **stets** freundlich, auch bei Kritik. Siehe [Tabuthemen](/guidelines/taboo-topics/)."
    )
    draft.save()
    SectionFactory(title="Datenschutz", body="Keine Fotos ohne Einwilligung.")
    publish(summary="Zweite Fassung")
    response = employee_client.get(reverse("guidelines:compare", args=[1, 2]))
    assert response.status_code == 200
    assert "stets</ins>" in response.text
    assert "<ins> Siehe Tabuthemen.</ins>" in response.text  # the words a reader reads, not the Markdown
    assert "taboo-topics" not in response.text.split('class="diff-text"', 1)[1].split("</div>", 1)[0]
    assert "**" not in response.text
    assert "Neu" in response.text
    assert "Datenschutz" in response.text
    assert "Entfernt" in response.text
    assert "Sicherheit" in response.text
    # The compare form redirects to the canonical URL, oldest first.
    response = employee_client.get(reverse("guidelines:compare_form"), {"old": 2, "new": 1})
    assert response.url == reverse("guidelines:compare", args=[1, 2])
    # Without a choice of two versions (a bookmark, a link): the form again, saying so.
    for query in ({}, {"old": "x"}, {"old": -5, "new": 2}, {"old": 0, "new": 2}, {"old": 1, "new": 10**30}):
        page = employee_client.get(reverse("guidelines:compare_form"), query, follow=True)
        assert page.redirect_chain[-1][0] == reverse("guidelines:versions") + "#compare", query
        assert "Wählen Sie die beiden Versionen, die Sie vergleichen möchten." in page.text
    assert (
        employee_client.get(reverse("guidelines:compare", args=[1, 99])).status_code == 404
    )  # no such version


def test_employee_acknowledges_with_one_click(employee_client, employee, version):
    assert "Bitte bestätigen" in employee_client.get(reverse("guidelines:index")).text
    response = employee_client.post(
        reverse("guidelines:acknowledge"), {"version": 1}, headers={"hx-request": "true"}
    )
    assert response.status_code == 200
    assert "Danke" in response.text
    employee_client.post(reverse("guidelines:acknowledge"), {"version": 1})  # double click
    ack = Acknowledgement.objects.get(user=employee)
    assert ack.version == version
    assert ack.acknowledged_at is not None
    assert "Bitte bestätigen" not in employee_client.get(reverse("guidelines:index")).text


def test_acknowledging_a_stale_version_asks_to_read_the_new_one(employee_client, employee, version):
    publish(requires=True)
    response = employee_client.post(reverse("guidelines:acknowledge"), {"version": 1}, follow=True)
    assert "Inzwischen ist eine neue Version erschienen" in response.text
    assert not Acknowledgement.objects.filter(user=employee).exists()
    # With htmx: the new version as the page, not a second page inside the confirmation box.
    response = employee_client.post(
        reverse("guidelines:acknowledge"), {"version": 1}, headers={"hx-request": "true"}
    )
    assert (response.status_code, response["HX-Redirect"]) == (204, reverse("guidelines:index"))
    assert response.content == b""
    assert (
        "Inzwischen ist eine neue Version erschienen" in employee_client.get(reverse("guidelines:index")).text
    )


@pytest.mark.parametrize("posted", [{"version": "abc"}, {"version": "99"}, {"version": "-1"}, {}])
def test_acknowledging_a_made_up_version_is_a_bad_request(employee_client, employee, version, posted):
    """It said "a new version has been published meanwhile", of a version that never was."""
    publish(requires=True)  # version 2: version 1 would be stale, these are none at all
    response = employee_client.post(
        reverse("guidelines:acknowledge"), posted, headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    assert "does not name a published version of the guidelines" in response.text
    assert "A new version has been published meanwhile" not in response.text
    assert not Acknowledgement.objects.filter(user=employee).exists()


def test_acknowledge_needs_post(employee_client, version):
    assert employee_client.get(reverse("guidelines:acknowledge")).status_code == 405


def test_version_requiring_acknowledgement_asks_everybody_again(employee_client, employee, version):
    employee_client.post(reverse("guidelines:acknowledge"), {"version": 1})
    publish(summary="Nur Tippfehler")  # does not require a new acknowledgement
    assert "Bitte bestätigen" not in employee_client.get(reverse("guidelines:index")).text
    publish(summary="Neue Regeln", requires=True)
    page = employee_client.get(reverse("guidelines:index")).text
    assert "Bitte erneut bestätigen" in page
    # Version 2 changed the rules, not 3 (it said "Version 3 ändert Regeln").
    assert "seit Ihrer letzten Bestätigung geändert. Bitte lesen Sie Version 3" in " ".join(page.split())
    dashboard = employee_client.get(reverse("home")).text
    assert "erneut" in dashboard
    assert "Version 3" in dashboard
    employee_client.post(reverse("guidelines:acknowledge"), {"version": 3})
    assert "Sie sind auf dem aktuellen Stand" in employee_client.get(reverse("home")).text


def test_a_version_published_by_mistake_and_taken_back_asks_nobody_to_confirm_the_old_text_again(
    client, comms, employee, version
):
    """Taken back, the mistake (which asked everybody to confirm) stayed the one to confirm."""
    from guidelines import actions
    from tests.conftest import make_user

    colleague, newcomer = make_user("kollegin@example.com"), make_user("neu@example.com")
    actions.acknowledge(employee, version)
    Section.objects.drafts().filter(title="Netiquette").update(body="Ein Entwurf, nie gemeint.")
    mistake = actions.publish_version(comms, "Versehen", requires_acknowledgement=True)
    actions.acknowledge(colleague, mistake)
    assert GuidelineVersion.objects.acknowledgement_baseline() == mistake

    actions.draft_from_version(version)
    taken_back = actions.publish_version(comms, "Zurückgenommen")
    assert taken_back.same_as == version
    assert GuidelineVersion.objects.acknowledgement_baseline() == version
    for person, pending in ((employee, False), (colleague, False), (newcomer, True)):
        client.force_login(person)
        page = client.get(reverse("guidelines:index")).text
        assert ("Bitte bestätigen" in page) is pending, person
    # A later edit that asks nobody again keeps it so; one that asks everybody starts afresh.
    publish(comms, "Tippfehler")
    assert GuidelineVersion.objects.acknowledgement_baseline() == version
    asked = publish(comms, "Neue Regeln", requires=True)
    assert GuidelineVersion.objects.acknowledgement_baseline() == asked


def test_publishing_says_when_the_new_version_reads_as_an_earlier_one(client, admin_user, version):
    from guidelines import actions

    Section.objects.drafts().filter(title="Netiquette").update(body="Ein Entwurf, nie gemeint.")
    actions.publish_version(admin_user, "Versehen", requires_acknowledgement=True)
    actions.draft_from_version(version)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:guidelines_guidelineversion_add"),
        {"summary": "Zurückgenommen", "summary_en": ""},
        follow=True,
    )
    text = " ".join(response.text.split())
    assert "Version 3 ist veröffentlicht." in text
    assert "Sie liest sich wie Version 1" in text
    versions = GuidelineVersion.objects.order_by("number")
    for number, reads_as in ((3, True), (2, False)):
        page = client.get(
            reverse("admin:guidelines_guidelineversion_change", args=[versions[number - 1].pk])
        ).text
        assert ("Liest sich wie" in page) is reads_as


def test_search_finds_german_and_english_words(employee_client, version):
    response = employee_client.get(reverse("guidelines:search"), {"q": "Phishing"})
    assert "Sicherheit" in response.text
    assert "<mark>" in response.text
    response = employee_client.get(reverse("guidelines:search"), {"q": "messages"})
    assert "Sicherheit" in response.text
    response = employee_client.get(reverse("guidelines:search"), {"q": "Quantenphysik"})
    assert "Nichts gefunden" in response.text


def test_a_search_finds_no_section_by_what_its_reader_never_sees(employee_client, comms):
    """Link addresses and raw HTML the sanitiser removes were searched as text: "guidelines" found
    every section linking to /guidelines/taboo-topics/, "alert" the one with a removed script."""
    SectionFactory(
        title="Vertraulichkeit",
        body="Siehe die [Liste](/guidelines/taboo-topics/). <script>alert('x')</script> Mehr im Intranet.",
    )
    SectionFactory(title="Leitlinien im Alltag", body="Die Guidelines gelten auch privat.")
    publish(comms, "Erste Fassung")
    url = reverse("guidelines:search")
    for hidden in ("taboo", "alert", "script"):
        assert "Vertraulichkeit" not in employee_client.get(url, {"q": hidden}).text, hidden
    page = employee_client.get(url, {"q": "guidelines"}).text
    assert "Leitlinien im Alltag" in page
    assert "Vertraulichkeit" not in page
    assert "Vertraulichkeit" in employee_client.get(url, {"q": "Liste Intranet"}).text  # what it shows


def test_a_word_of_the_other_language_is_shown_where_it_matched(employee_client, version):
    """A German reader looking for "messages" got the German text without a marked word in it (and
    an English reader looking for "Kritik" the English one): the snippet now comes from the text
    that matched, marked with its language."""
    page = employee_client.get(reverse("guidelines:search"), {"q": "messages"}).text
    assert '<p lang="en">Do not click links in phishing <mark>messages</mark>.</p>' in page
    page = employee_client.get(
        reverse("guidelines:search"), {"q": "Kritik"}, headers={"accept-language": "en"}
    ).text
    assert '<p lang="de">Bleiben Sie freundlich, auch bei <mark>Kritik</mark>.</p>' in page
    # A word in both, or only in the title: the reader's own text, as before.
    page = employee_client.get(
        reverse("guidelines:search"), {"q": "Phishing"}, headers={"accept-language": "en"}
    ).text
    assert "<p>Do not click links in <mark>phishing</mark> messages.</p>" in page
    page = employee_client.get(reverse("guidelines:search"), {"q": "Sicherheit"}).text
    assert "<p>Klicken Sie nicht auf Links in Phishing-Nachrichten.</p>" in page


@pytest.mark.parametrize(("q", "named"), [("die", "die"), ("auf the", "auf the"), ("🚀", "")])
def test_a_search_of_only_stop_words_or_symbols_says_so_and_keeps_the_text(
    employee_client, version, q, named
):
    """ "auf" was found in nearly every section (SQLite, and the compound match on PostgreSQL too)."""
    page = employee_client.get(reverse("guidelines:search"), {"q": q}, HTTP_ACCEPT_LANGUAGE="en").text
    if named:
        assert f"Your search has only very common words (“{named}”)" in page
    else:
        assert "Your search has no word or number to look for." in page
    assert f'value="{q}"' in page
    assert "Sicherheit" not in page


def test_stop_words_in_a_longer_search_are_left_out(employee_client, version):
    response = employee_client.get(reverse("guidelines:search"), {"q": "auf Kritik"})
    assert "Netiquette" in response.text
    assert "Sicherheit" not in response.text  # it has "auf", not "Kritik"


def test_excluded_words_or_and_capital_umlauts_in_the_word_match(employee_client, comms):
    """ "-Kritik" was looked for as a word each section needed, "A OR B" needed both, and on SQLite
    "übernahmen" missed "Übernahmen" (its LIKE folds ASCII letters only)."""
    SectionFactory(title="Umgangston", body="Bleiben Sie freundlich, auch bei Kritik.")
    SectionFactory(title="Vertrauliches", body="Keine Zahlen zu Übernahmen vor der Meldung.")
    SectionFactory(title="Sicherheit", body="Kein Passwort in Beiträgen, auch nicht bei Kritik.")
    publish(comms, "Fassung")

    def found(q):
        page = employee_client.get(reverse("guidelines:search"), {"q": q}).text
        return {title for title in ("Umgangston", "Vertrauliches", "Sicherheit") if f">{title}<" in page}

    assert found("Kritik -Passwort") == found("Kritik –Passwort") == {"Umgangston"}  # en dash too
    assert found("Passwort OR Übernahmen") == {"Sicherheit", "Vertrauliches"}
    assert found("übernahmen") == {"Vertrauliches"}


def test_an_overlong_search_says_so_and_keeps_the_text(employee_client, version):
    """It showed an empty page: no error, no results, and the text gone."""
    typed = "Netiquette " * 20
    page = employee_client.get(reverse("guidelines:search"), {"q": typed}).text
    assert "höchstens 200 Zeichen" in page
    assert f'value="{typed}"' in page


def test_search_escapes_what_it_shows(employee_client, version):
    response = employee_client.get(reverse("guidelines:search"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text


def test_version_list_shows_summaries(employee_client, version):
    publish(summary="Zweite Fassung mit mehr Beispielen")
    response = employee_client.get(reverse("guidelines:versions"))
    assert "Zweite Fassung mit mehr Beispielen" in response.text
    assert GuidelineVersion.objects.current().number == 2


@pytest.mark.parametrize(
    "url",
    [
        reverse("guidelines:index"),
        reverse("guidelines:search") + "?q=x",
        reverse("guidelines:versions"),
        reverse("guidelines:version", args=[1]),
        reverse("guidelines:compare", args=[1, 2]),
        reverse("guidelines:taboo_topics"),
        reverse("guidelines:check"),
        reverse("guidelines:report"),
        reverse("guidelines:report_export"),
    ],
)
def test_every_guidelines_page_needs_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_anonymous_cannot_acknowledge(client, version):
    response = client.post(reverse("guidelines:acknowledge"), {"version": 1})
    assert response.status_code == 302
    assert not Acknowledgement.objects.exists()


def test_version_list_has_a_fixed_number_of_queries(employee_client, version, django_assert_num_queries):
    for _ in range(4):
        publish()
    # session, user, versions, groups (role check for the sub-navigation)
    with django_assert_num_queries(4):
        employee_client.get(reverse("guidelines:versions"))


def test_search_finds_words_inside_compounds(employee_client, comms):
    SectionFactory(title="Sicherheit", body="Nutzen Sie nie Ihr Firmenpasswort.")
    publish(comms)
    response = employee_client.get(reverse("guidelines:search"), {"q": "Passwort"})
    assert "Sicherheit" in response.text


def test_search_finds_the_base_of_an_inflected_word_inside_compounds(employee_client, comms):
    # "Passwörter" is neither a substring of "Firmenpasswort" nor (for full-text
    # search) the same word: its base form "passwort" is.
    SectionFactory(title="Sicherheit", body="Nutzen Sie nie Ihr Firmenpasswort.")
    publish(comms)
    response = employee_client.get(reverse("guidelines:search"), {"q": "Passwörter"})
    assert "Sicherheit" in response.text
    assert "<mark>Firmenpasswort</mark>" in response.text


def test_search_finds_umlauts_written_out_and_the_other_way_round(employee_client, comms):
    SectionFactory(title="Börse", body="Zum Börsengang sagt nur der Vorstand etwas.")
    SectionFactory(title="Kunden", body="Fragen zur Uebernahme beantwortet die Presse.")
    publish(comms)

    def found(q):
        response = employee_client.get(reverse("guidelines:search"), {"q": q})
        return response.text.count('<li class="card">'), response.text

    count, page = found("Boersengang")
    assert count == 1
    assert "<mark>Börsengang</mark>" in page
    count, page = found("Übernahme")
    assert count == 1
    assert "<mark>Uebernahme</mark>" in page
    assert found("Vorstand -Boersengang")[0] == 0  # every spelling left out


def test_search_finds_ss_for_sharp_s_and_a_written_out_plural_by_its_singular(employee_client, comms):
    """ "äussern", "aeussern" and "ÄUSSERN" found nothing of "äußern"; "Beitraege" missed the
    sections that say "Beitrag" ("Beiträge" found them)."""
    SectionFactory(title="Meinung", body="Sie dürfen sich privat äußern.")
    SectionFactory(title="Posts", body="Jeder Beitrag nennt den Arbeitgeber.")
    publish(comms)

    def found(q):
        return employee_client.get(reverse("guidelines:search"), {"q": q}).text.count('<li class="card">')

    for typed in ("äußern", "äussern", "aeussern", "ÄUSSERN"):
        assert found(typed) == 1, typed
    assert found("Beitraege") == found("Beiträge") == 1


def test_search_finds_a_word_with_both_a_plain_ue_and_an_umlaut_written_out(employee_client, comms):
    SectionFactory(title="Steuern", body="Zur Steuerprüfung sagt nur die Finanzabteilung etwas.")
    publish(comms)
    response = employee_client.get(reverse("guidelines:search"), {"q": "Steuerpruefung"})
    assert response.text.count('<li class="card">') == 1
    assert "<mark>Steuerprüfung</mark>" in response.text


def test_the_contents_say_which_sections_are_rules_in_words_not_only_with_a_section_sign(
    employee_client, version
):
    page = employee_client.get(reverse("guidelines:index")).text
    contents = page.split('<nav aria-label="Inhalt">', 1)[1].split("</nav>", 1)[0]
    # A screen reader read "paragraph" (the "§"); the title attribute is read by few.
    assert (
        '<span class="kind-dot kind-dot--rule" title="Verbindliche Regel" aria-hidden="true">§</span>'
        in contents
    )
    assert contents.count('<span class="visually-hidden">(Verbindliche Regel)</span>') == 1  # one rule


def test_search_snippets_show_the_text_as_the_page_does_from_a_whole_word_on(employee_client, comms):
    body = (
        "Fragen & Antworten (Q&A) zu 5 < 6: Wir sprechen über Personalentscheidungen und viele weitere "
        "Dinge, die alle sehr wichtig sind, bevor wir über Kunden reden, denn ohne Kunden gibt es uns "
        "nicht, und deshalb steht hier noch ein langer Satz mit Abschlussbemerkungen."
    )
    SectionFactory(title="Fragen", body=body)
    publish(comms)
    page = employee_client.get(reverse("guidelines:search"), {"q": "Antworten"}).text
    assert "Fragen &amp; <mark>Antworten</mark> (Q&amp;A) zu 5 &lt; 6" in page  # not "&amp;amp;"
    page = employee_client.get(reverse("guidelines:search"), {"q": "Kunden"}).text
    snippet = re.search(r"category-label\">[^<]*</span></p>\s*<p>(.*?)</p>", page, re.S).group(1).strip()
    # Cut at spaces, never inside a word ("… d Personalentscheidungen", "Abschlussbem …").
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    shown = snippet.removeprefix("… ").removesuffix(" …").split()
    assert shown[0] in body.split()
    assert shown[-1] in body.split()
    assert "<mark>Kunden</mark>" in snippet


def test_a_dash_standing_alone_is_no_minus_on_postgresql_either(employee_client, comms):
    SectionFactory(title="Referenzen", body="Kunden und Fotos nur mit Freigabe.", title_en="", body_en="")
    SectionFactory(
        title="Projekte", body="Kunden und Kundenprojekte bleiben intern.", title_en="", body_en=""
    )
    SectionFactory(title="Sicherheit", body="Nie Ihr Passwort teilen.", title_en="", body_en="")
    publish(comms)

    def found(q: str) -> list[str]:
        page = employee_client.get(reverse("guidelines:search"), {"q": q}).text
        return re.findall(r'#section-\d+">([^<]+)</a></h2>', page)

    # "Kunden - Fotos": both words, as the word match takes it (websearch read "without Fotos").
    assert found("Kunden - Fotos") == ["Referenzen"]
    assert sorted(found("- Kunden")) == ["Projekte", "Referenzen"]  # not every section without it
    assert found("Kunden --Fotos") == ["Projekte"]  # "--Fotos" is "-Fotos", not "not not Fotos"


def test_base_forms_stay_long_enough_to_mean_something():
    from guidelines.search import base_forms

    assert "passwort" in base_forms("passwörter")
    assert "produkt" in base_forms("produkten")
    assert base_forms("daten") == {"daten"}


def test_the_diff_keeps_the_lines_of_code_blocks():
    from guidelines.diff import readable

    assert readable("Vorher\n\n```\nZeile eins\nZeile zwei\n```") == "Vorher\nZeile eins\nZeile zwei"
