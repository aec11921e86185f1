"""The directory: search, filters, topic pages, advisor pages, vCards, own profile."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import Advisor, Language
from contacts.vcard import advisor_vcard, escape, fold
from portal.models import Department
from tests.conftest import sent_drafts
from tests.contacts.factories import AdvisorFactory, AdvisorTopicFactory, FaqEntryFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_active_advisors_only(employee_client, advisor_profile):
    AdvisorFactory(name="Ina Aktivlos", is_active=False)
    page = employee_client.get(reverse("contacts:index"))
    assert page.status_code == 200
    assert "Anton Vogel" in page.text
    assert "Ina Aktivlos" not in page.text


def test_an_advisor_who_left_is_no_longer_in_the_directory(employee_client, advisor, advisor_profile, topic):
    """HR deactivated the account of an advisor who left: the directory still offered their
    e-mail, phone and chat, their page and vCard, and counted them on their topic."""
    AdvisorFactory(name="Ohne Konto", topics=[topic])  # a profile without an account stays
    advisor.is_active = False
    advisor.save()
    page = employee_client.get(reverse("contacts:index")).text
    assert "Anton Vogel" not in page
    assert "Ohne Konto" in page
    assert employee_client.get(reverse("contacts:advisor", args=[advisor_profile.pk])).status_code == 404
    assert employee_client.get(reverse("contacts:vcard", args=[advisor_profile.pk])).status_code == 404
    assert "Anton Vogel" not in employee_client.get(reverse("contacts:topic", args=[topic.slug])).text
    advisor.is_active = True  # back (a long leave): listed again
    advisor.save()
    assert "Anton Vogel" in employee_client.get(reverse("contacts:index")).text


def test_directory_needs_sign_in(client, advisor_profile):
    response = client.get(reverse("contacts:index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_search_finds_advisors_by_name_and_by_topic(employee_client, advisor_profile, outsider_advisor):
    by_name = employee_client.get(reverse("contacts:index"), {"q": "vogel"})
    assert "Anton Vogel" in by_name.text
    assert "Otto Andere" not in by_name.text
    by_topic = employee_client.get(reverse("contacts:index"), {"q": "Krisen"})
    assert "Otto Andere" in by_topic.text
    assert "Anton Vogel" not in by_topic.text


def test_filters_by_topic_language_and_department(employee_client, advisor_profile, outsider_advisor, topic):
    french = Language.objects.get(code="fr")
    legal = Department.objects.create(name="Recht")
    outsider_advisor.languages.add(french)
    advisor_profile.department = legal
    advisor_profile.save()
    url = reverse("contacts:index")
    assert "Otto Andere" not in employee_client.get(url, {"topic": topic.pk}).text
    by_language = employee_client.get(url, {"language": french.pk}).text
    assert "Otto Andere" in by_language
    assert "Anton Vogel" not in by_language
    by_department = employee_client.get(url, {"department": legal.pk}).text
    assert "Anton Vogel" in by_department
    assert "Otto Andere" not in by_department
    # Only languages and departments an advisor listed has are offered (the others found nobody);
    # one chosen by a bookmark stays chosen, with "no advisor matches".
    empty = Department.objects.create(name="Ohne Ansprechpartner")
    italian = Language.objects.get(code="it")
    form = employee_client.get(url).context["form"]
    assert list(form.fields["department"].queryset) == [legal]
    assert french in form.fields["language"].queryset
    assert italian not in form.fields["language"].queryset
    page = employee_client.get(url, {"department": empty.pk})
    assert empty in page.context["form"].fields["department"].queryset
    assert "gibt es nicht mehr" not in page.text


def test_unknown_filter_value_shows_the_form_error_not_a_500(employee_client, advisor_profile):
    """A bookmark from before a topic was deleted said "Select a valid choice…": now what is gone."""
    url = reverse("contacts:index")
    response = employee_client.get(url, {"topic": "99999"}, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Anton Vogel" in response.text
    assert "This topic no longer exists." in response.text
    assert "valid choice" not in response.text
    page = employee_client.get(url, {"department": "99999"}, headers={"accept-language": "en"}).text
    assert "This department no longer exists." in page
    page = employee_client.get(url, {"language": "99999"}, headers={"accept-language": "en"}).text
    assert "This language is no longer listed." in page


def test_the_valid_filters_apply_next_to_an_invalid_one(
    employee_client, advisor_profile, outsider_advisor, topic
):
    response = employee_client.get(reverse("contacts:index"), {"topic": topic.pk, "language": "abc"})
    assert response.status_code == 200
    assert "Anton Vogel" in response.text
    assert "Otto Andere" not in response.text  # the topic filter still applies
    assert 'id="id_language_error"' in response.text


def test_directory_search_also_finds_faq_entries(employee_client, advisor_profile, topic):
    FaqEntryFactory(title="Darf ich Kundenlogos posten?", topic=topic)
    FaqEntryFactory(title="Versteckter Eintrag Kundenlogos", is_published=False)
    response = employee_client.get(reverse("contacts:index"), {"q": "Kundenlogos"})
    assert "Darf ich Kundenlogos posten?" in response.text
    assert "Versteckter Eintrag" not in response.text


def test_topic_page_lists_its_advisors_and_faq(employee_client, advisor_profile, outsider_advisor, topic):
    FaqEntryFactory(title="Brauche ich ein Impressum?", topic=topic)
    response = employee_client.get(reverse("contacts:topic", args=[topic.slug]))
    assert response.status_code == 200
    assert "Anton Vogel" in response.text
    assert "Otto Andere" not in response.text
    assert "Brauche ich ein Impressum?" in response.text
    assert f"?topic={topic.slug}" in response.text


def test_topic_page_in_english_uses_the_english_name(employee_client, topic):
    response = employee_client.get(
        reverse("contacts:topic", args=[topic.slug]), headers={"accept-language": "en"}
    )
    assert "Law and UWG" in response.text


def test_unknown_topic_is_404(employee_client):
    assert employee_client.get(reverse("contacts:topic", args=["nope"])).status_code == 404


def test_advisor_page_shows_channels_and_spokesperson(employee_client, advisor_profile):
    advisor_profile.is_spokesperson = True
    advisor_profile.phone = "+49 30 1234-56"
    advisor_profile.chat_url = "msteams://teams.microsoft.com/l/chat/0/0?users=anton@example.com"
    advisor_profile.save()
    response = employee_client.get(advisor_profile.get_absolute_url())
    assert "tel:+4930123456" in response.text
    assert "msteams://teams.microsoft.com" in response.text
    assert "darf öffentlich für das Unternehmen sprechen" in response.text


def test_inactive_advisor_page_is_404(employee_client, advisor_profile):
    advisor_profile.is_active = False
    advisor_profile.save()
    assert employee_client.get(advisor_profile.get_absolute_url()).status_code == 404
    assert employee_client.get(reverse("contacts:vcard", args=[advisor_profile.pk])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "JaVaScRiPt:alert(1)",
        "ftp://x",
        "http://x",
        "https://teams.example.com/x\r\nEMAIL:evil@example.com",  # would add a line to the vCard
        "https://teams.example.com/a b",
    ],
)
def test_chat_links_with_unsafe_schemes_are_refused(url):
    advisor = Advisor(name="X", email="x@example.com", chat_url=url)
    with pytest.raises(ValidationError) as error:
        advisor.full_clean()
    assert "chat_url" in error.value.message_dict
    assert advisor.safe_chat_url == ""


@pytest.mark.parametrize(
    "url", ["https://teams.microsoft.com/l/chat/0/0?users=a@example.com", "slack://user?team=T1&id=U1"]
)
def test_teams_and_slack_links_are_accepted(url):
    Advisor(name="X", chat_url=url).full_clean(exclude=["department", "user"])


def test_stale_profile_shows_last_confirmed_to_everybody(employee_client, advisor_profile):
    advisor_profile.last_confirmed_on = timezone.localdate() - datetime.timedelta(days=200)
    advisor_profile.save()
    date = advisor_profile.last_confirmed_on.strftime("%d.%m.%Y")
    assert f"Zuletzt bestätigt: {date}" in employee_client.get(reverse("contacts:index")).text


def test_fresh_profile_shows_no_stale_note(employee_client, advisor_profile):
    assert "Zuletzt bestätigt" not in employee_client.get(reverse("contacts:index")).text


# --- vCard -------------------------------------------------------------------


def test_vcard_escapes_special_characters_per_rfc_6350():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_vcard_download_keeps_umlauts_and_escapes(employee_client, advisor_profile):
    advisor_profile.name = "Jürgen Groß-Öztürk"
    advisor_profile.job_title = "Leiter Presse, Social Media; Krisen\\Fälle"
    advisor_profile.office_hours = "Mo–Do 9–16\nFr nach Absprache"
    advisor_profile.save()
    response = employee_client.get(reverse("contacts:vcard", args=[advisor_profile.pk]))
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert "filename*=UTF-8''J%C3%BCrgen" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert "FN:Jürgen Groß-Öztürk\r\n" in unfolded
    assert "N:Groß-Öztürk;Jürgen;;;\r\n" in unfolded
    assert "TITLE:Leiter Presse\\, Social Media\\; Krisen\\\\Fälle\r\n" in unfolded
    assert "NOTE:Mo–Do 9–16\\nFr nach Absprache" in unfolded
    assert text.endswith("END:VCARD\r\n")
    assert all(line == "" or len(line.encode()) <= 75 for line in text.split("\r\n"))
    # An academic title is the name's prefix, not part of the given name.
    advisor_profile.name = "Dr. Greta Lange"
    advisor_profile.save()
    text = employee_client.get(reverse("contacts:vcard", args=[advisor_profile.pk])).content.decode()
    assert "N:Lange;Greta;;Dr.;\r\n" in text


def test_a_stored_chat_link_with_a_line_break_adds_no_line_to_the_vcard(employee_client, advisor_profile):
    Advisor.objects.filter(pk=advisor_profile.pk).update(
        chat_url="https://chat.example.com/x\r\nEMAIL:evil@example.com"
    )
    text = employee_client.get(reverse("contacts:vcard", args=[advisor_profile.pk])).content.decode()
    assert "\r\nEMAIL:evil@example.com" not in text.replace("\r\n ", "")


def test_vcard_folding_never_splits_a_multibyte_character():
    line = "NOTE:" + "ä" * 100
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode()) <= 75
        part.encode().decode("utf-8")  # each physical line is valid UTF-8 on its own
    assert folded.replace("\r\n ", "") == line


def test_vcard_leaves_out_an_unsafe_chat_link(advisor_profile):
    Advisor.objects.filter(pk=advisor_profile.pk).update(chat_url="javascript:alert(1)")
    advisor_profile.refresh_from_db()
    assert "javascript" not in advisor_vcard(advisor_profile)


# --- own profile ---------------------------------------------------------------


def test_advisor_edits_own_office_hours_channels_and_bio(client, advisor, advisor_profile):
    client.force_login(advisor)
    advisor_profile.last_confirmed_on = None
    advisor_profile.save()
    response = client.post(
        reverse("contacts:my_profile"),
        {
            "office_hours": "Di und Do 10–12",
            "email": "anton@example.com",
            "phone": "+49 30 555",
            "chat_url": "https://teams.microsoft.com/l/chat/0/0?users=anton@example.com",
            "bio": "Jurist, UWG und Urheberrecht.",
            # Not editable here: a forged field is ignored.
            "name": "Someone Else",
            "is_spokesperson": "on",
        },
    )
    assert response.status_code == 302
    advisor_profile.refresh_from_db()
    assert advisor_profile.office_hours == "Di und Do 10–12"
    assert advisor_profile.bio == "Jurist, UWG und Urheberrecht."
    assert advisor_profile.name == "Anton Vogel"
    assert advisor_profile.is_spokesperson is False
    assert advisor_profile.last_confirmed_on == timezone.localdate()


def test_saving_the_own_profile_keeps_what_communications_changed_meanwhile(client, advisor, advisor_profile):
    client.force_login(advisor)
    url = reverse("contacts:my_profile")
    form = client.get(url).context["form"]
    shown = {name: form[name].value() or "" for name in form.fields}
    Advisor.objects.filter(pk=advisor_profile.pk).update(phone="+49 30 5555-000")  # in the admin
    response = client.post(
        url, {**shown, "office_hours": "Mo 9–11", "_loaded_version": form.page_version()}, follow=True
    )
    assert (
        "Was das Kommunikationsteam inzwischen in anderen Feldern geändert hat, bleibt erhalten."
        in response.text
    )
    advisor_profile.refresh_from_db()
    assert (advisor_profile.office_hours, advisor_profile.phone) == ("Mo 9–11", "+49 30 5555-000")


def test_own_profile_refuses_a_javascript_chat_link_with_a_clear_error(client, advisor, advisor_profile):
    client.force_login(advisor)
    response = client.post(reverse("contacts:my_profile"), {"chat_url": "javascript:alert(1)", "email": ""})
    assert response.status_code == 200
    assert "Chat-Link" in response.text
    advisor_profile.refresh_from_db()
    assert advisor_profile.chat_url == ""


def test_confirming_the_profile_sets_the_date(client, advisor, advisor_profile):
    advisor_profile.last_confirmed_on = datetime.date(2020, 1, 1)
    advisor_profile.save()
    client.force_login(advisor)
    client.post(reverse("contacts:confirm_profile"))
    advisor_profile.refresh_from_db()
    assert advisor_profile.last_confirmed_on == timezone.localdate()


def test_employee_without_advisor_profile_cannot_edit_one(employee_client, advisor_profile):
    assert employee_client.get(reverse("contacts:my_profile")).status_code == 404
    assert employee_client.post(reverse("contacts:confirm_profile")).status_code == 404


def test_guideline_category_leads_to_the_advisors_of_its_topic(employee_client, topic):
    from contacts.models import GuidelineCategoryTopic

    GuidelineCategoryTopic.objects.create(category="legal", topic=topic)
    response = employee_client.get(reverse("contacts:category", args=["legal"]))
    assert response["Location"] == topic.get_absolute_url()
    # A category nobody answers yet: the whole directory (and Communications behind it).
    response = employee_client.get(reverse("contacts:category", args=["security"]))
    assert response["Location"] == reverse("contacts:index")


def test_vcard_location_with_a_carriage_return_cannot_add_a_line(advisor_profile):
    # A bare CR in the LABEL parameter would start a new content line in many readers.
    advisor_profile.location = "Raum 2.14\rEMAIL:evil@example.com"
    card = advisor_vcard(advisor_profile)
    assert "\rEMAIL" not in card
    assert all(line.startswith((" ", "BEGIN", "END")) or ":" in line for line in card.split("\r\n") if line)
    assert 'LABEL="Raum 2.14^nEMAIL:evil@example.com"' in card.replace("\r\n ", "")


def test_search_combines_name_and_topic_words(employee_client, advisor_profile, outsider_advisor):
    url = reverse("contacts:index")
    both = employee_client.get(url, {"q": "Vogel  UWG"}).text
    assert "Anton Vogel" in both
    assert "Otto Andere" not in both
    topic_and_other_name = employee_client.get(url, {"q": "Otto UWG"}).text
    assert "Anton Vogel" not in topic_and_other_name
    assert "Otto Andere" not in topic_and_other_name
    assert "Otto Andere" in employee_client.get(url, {"q": "otto krisen"}).text


def _found(client, typed: str) -> set[str]:
    return {a.name for a in client.get(reverse("contacts:index"), {"q": typed}).context["page"]}


def test_a_search_word_that_begins_with_a_topic_word_finds_the_topic(
    employee_client, advisor_profile, outsider_advisor
):
    """ "Urheberrecht" found nobody on "Urheber- und Bildrechte": German joins words, and the
    topic's name shares the compound's ending with its second part."""
    rights = AdvisorTopicFactory(name="Urheber- und Bildrechte", name_en="Copyright and image rights")
    AdvisorFactory(name="Ute Urban", topics=[rights])
    for typed in ["Urheberrecht", "urheberrechte", "Urheberrechtsverletzung", "Urheber-Recht", "copyrights"]:
        assert _found(employee_client, typed) == {"Ute Urban"}, typed
    # Without noise: a word still finds what it is part of, and no filler word finds anything.
    assert _found(employee_client, "Recht") == {"Ute Urban", "Anton Vogel"}
    assert _found(employee_client, "Rechtsabteilung") == {"Anton Vogel"}  # "Recht und UWG"
    assert _found(employee_client, "Underground") == set()  # not "und"
    assert _found(employee_client, "Bildschirm") == set()  # "Bildrechte" is more than "Bild"
    assert _found(employee_client, "Urheberrecht Krisen") == set()  # every word, one advisor
    # A renamed topic is found by its new name.
    rights.name = "Marken- und Urheberrechte"
    rights.save(update_fields=["name"])
    assert _found(employee_client, "Markenrecht") == {"Ute Urban"}


@pytest.mark.parametrize("typed", ["aydin", "AYDIN", "Aydın", "muller", "mueller", "Müller", "weiss"])
def test_names_are_found_as_typed_on_any_keyboard(employee_client, typed):
    AdvisorFactory(name="Selin Aydın", job_title="Social-Media-Team")
    AdvisorFactory(name="Jörg Müller", job_title="Recht, Weiß & Partner")
    AdvisorFactory(name="Otto Andere")
    found = [a.name for a in employee_client.get(reverse("contacts:index"), {"q": typed}).context["page"]]
    assert found in (["Selin Aydın"], ["Jörg Müller"])
    renamed = Advisor.objects.get(name="Otto Andere")
    renamed.name = "Çağla Öztürk"
    renamed.save(update_fields=["name"])
    assert Advisor.objects.search("cagla ozturk").get() == renamed


def test_topic_descriptions_and_faq_entries_are_in_english_for_english_readers(employee_client, topic):
    from contacts.actions import publish_faq

    topic.description, topic.description_en = (
        "Kennzeichnung und Schleichwerbung.",
        "Disclosure and covert ads.",
    )
    topic.save()
    entry = FaqEntryFactory(
        title="Muss ich das kennzeichnen?", title_en="Do I have to disclose it?", answer="Ja.", answer_en="Yes.",
        topic=topic,
    )  # fmt: skip
    employee_client.cookies["django_language"] = "en"
    page = employee_client.get(
        reverse("contacts:topic", args=[topic.slug]), headers={"Accept-Language": "en"}
    )
    assert "Disclosure and covert ads." in page.text
    assert "Do I have to disclose it?" in page.text
    faq = employee_client.get(reverse("contacts:faq"), {"q": "disclose"}).text
    assert "Do I have to disclose it?" in faq  # found by its English words too
    # A changed German wording drops its English one rather than leave it saying something else;
    # the English title of an unchanged German title still says the same.
    from contacts.models import FaqEntry, Question

    question = Question.objects.create(subject="x", body="y", routed_to=Question.Route.COMMUNICATIONS)
    FaqEntry.objects.filter(pk=entry.pk).update(question=question)
    publish_faq(question, None, title="Muss ich das kennzeichnen?", answer="Ja, immer.", topic=topic)
    entry.refresh_from_db()
    assert (entry.answer, entry.title_en, entry.answer_en) == ("Ja, immer.", "Do I have to disclose it?", "")


def test_topic_and_language_choices_are_in_the_readers_alphabetical_order(employee_client):
    from django.utils import translation

    from contacts.forms import DirectoryFilterForm
    from contacts.models import AdvisorTopic

    AdvisorTopic.objects.create(name="Finanzkennzahlen", name_en="Financial figures", slug="finanzen")
    AdvisorTopic.objects.create(name="Datenschutz", name_en="Privacy", slug="datenschutz")
    AdvisorTopic.objects.create(name="Krisenkommunikation", name_en="Crisis communication", slug="krise")
    for language, expected in (
        ("de", ["Datenschutz", "Finanzkennzahlen", "Krisenkommunikation"]),
        ("en", ["Crisis communication", "Financial figures", "Privacy"]),
    ):
        with translation.override(language):
            form = DirectoryFilterForm()
            assert [label for value, label in form.fields["topic"].choices if value != ""] == expected
            languages = [label for value, label in form.fields["language"].choices if value != ""]
            assert languages == sorted(languages, key=str.casefold)


def test_topics_and_languages_on_the_directory_are_in_the_readers_alphabetical_order(employee_client):
    """The topic index beside the directory, and each card's topics and languages, as the filter
    above them: sorted by the German names, an English reader saw them in no order."""
    from contacts.models import AdvisorTopic, Language
    from tests.contacts.factories import AdvisorFactory

    topics = [
        AdvisorTopic.objects.create(name="Finanzkennzahlen", name_en="Financial figures", slug="finanzen"),
        AdvisorTopic.objects.create(name="Datenschutz", name_en="Privacy", slug="datenschutz"),
        AdvisorTopic.objects.create(name="Krisenkommunikation", name_en="Crisis communication", slug="krise"),
    ]
    advisor = AdvisorFactory(name="Anton Vogel", topics=topics)
    advisor.languages.set(Language.objects.filter(code__in=["de", "en", "pl"]))

    def order(page: str, *names: str) -> list[str]:
        return sorted(names, key=page.index)

    for language, expected_topics, expected_languages in (
        ("de", ["Datenschutz", "Finanzkennzahlen", "Krisenkommunikation"], "Deutsch, Englisch, Polnisch"),
        ("en", ["Crisis communication", "Financial figures", "Privacy"], "English, German, Polish"),
    ):
        for url in (reverse("contacts:index"), advisor.get_absolute_url()):
            page = employee_client.get(url, HTTP_ACCEPT_LANGUAGE=language).text
            page = page[page.index("<main") :]
            # The topic filter comes first on the directory; after it, the card and the index.
            page = page[page.index("</form>") :] if "directory-filters" in page else page
            assert order(page, *expected_topics) == expected_topics, (language, url)
            assert expected_languages in re.sub(r"<span[^>]*>|</span>", "", page), (language, url)
        index = employee_client.get(reverse("contacts:index"), HTTP_ACCEPT_LANGUAGE=language).text
        index = index[index.index('id="topics-heading"') :]
        assert order(index, *expected_topics) == expected_topics, language


def test_the_faq_comes_in_pages(employee_client, topic):
    """All of it on one page was 2 MB at 2,700 entries."""
    from tests.contacts.factories import FaqEntryFactory

    for n in range(55):
        FaqEntryFactory(title=f"Frage Nummer {n:02d}", topic=topic)
    url = reverse("contacts:faq")
    first = employee_client.get(url)
    assert len(first.context["entries"]) == 50
    assert "Seite 1 von 2" in first.text
    second = employee_client.get(url, {"q": "Frage", "page": 2})
    assert len(second.context["entries"]) == 5
    assert "q=Frage&amp;page=1" in second.text  # the search goes along
    assert employee_client.get(url, {"page": "abc"}).status_code == 200


def test_a_link_to_an_faq_entry_opens_its_page(employee_client, topic):
    from tests.contacts.factories import FaqEntryFactory

    entries = [FaqEntryFactory(title=f"Frage Nummer {n:02d}", topic=topic) for n in range(60)]
    last = entries[-1]
    page = employee_client.get(last.get_absolute_url())
    assert f'id="faq-{last.pk}"' in page.text
    assert page.context["page"].number == 2
    assert employee_client.get(entries[0].get_absolute_url()).context["page"].number == 1
    assert employee_client.get(reverse("contacts:faq"), {"entry": "abc"}).status_code == 200


def test_a_link_to_an_faq_entry_taken_offline_says_so(employee_client, topic):
    """An answer's e-mail links its FAQ entry: taken offline since, the link opened page 1 silently."""
    from tests.contacts.factories import FaqEntryFactory

    entry = FaqEntryFactory(title="Darf ich Fotos posten?", topic=topic, is_published=False)
    FaqEntryFactory(title="Was tue ich bei einem Shitstorm?", topic=topic)
    page = employee_client.get(entry.get_absolute_url())
    assert page.status_code == 200
    assert "Dieser FAQ-Eintrag ist nicht mehr veröffentlicht." in page.text
    assert "Darf ich Fotos posten?" not in page.text
    assert "Was tue ich bei einem Shitstorm?" in page.text
    published = employee_client.get(reverse("contacts:faq"), {"entry": FaqEntryFactory(topic=topic).pk})
    assert "nicht mehr veröffentlicht" not in published.text


def test_vcard_gives_the_department_as_the_unit_not_as_the_company(advisor_profile):
    """ "ORG:Vertrieb" made address books show the department as the advisor's company."""
    advisor_profile.department = Department.objects.create(name="Vertrieb")
    assert "\r\nORG:;Vertrieb\r\n" in advisor_vcard(advisor_profile)
    assert "\r\nORG:Nordlicht;Vertrieb\r\n" in advisor_vcard(advisor_profile, organisation="Nordlicht")
    advisor_profile.department = None
    assert "\r\nORG:Nordlicht\r\n" in advisor_vcard(advisor_profile, organisation="Nordlicht")
    assert "ORG:" not in advisor_vcard(advisor_profile)


def test_the_directory_search_is_one_search_field(employee_client):
    """It was rendered type="text" … type="search": browsers keep the first, so screen readers
    announced a plain text field and phones showed no search key."""
    page = employee_client.get(reverse("contacts:index")).text
    field = re.search(r'<input[^>]* name="q"[^>]*>', page).group()
    assert field.count("type=") == 1
    assert 'type="search"' in field


def test_the_directory_lists_names_with_umlauts_among_their_letters(employee_client):
    """By the bytes of the name, "Özlem Kaya" came after "Zoe Berg" (SQLite, and PostgreSQL with
    the C collation)."""
    names = ["Oliver Nord", "Özlem Kaya", "Paul Lang", "Zoe Berg"]
    for name in reversed(names):
        AdvisorFactory(name=name)
    page = employee_client.get(reverse("contacts:index")).text
    assert sorted(names, key=page.index) == names


def test_the_own_profile_keeps_its_text_in_the_tab_until_saved(client, advisor, advisor_profile):
    """What an advisor types into the profile survives the session running out or a reload
    (static/js/keep-draft.js), with the version it was typed against, so that what Communications
    changed meanwhile is merged or named, not undone; once saved, the tab forgets it."""
    client.force_login(advisor)
    url = reverse("contacts:my_profile")
    page = client.get(url).text
    assert re.search(r'<form method="post" novalidate autocomplete="off" data-keep-draft="profile">', page)
    assert re.search(
        r'<input type="hidden" name="_loaded_version" value="[^"]+" data-keep-draft-field>', page
    )
    refused = client.post(url, {"chat_url": "javascript:alert(1)", "email": ""})
    assert sent_drafts(refused.text) == []
    saved = client.post(url, {"bio": "Jurist.", "email": ""}, follow=True)
    assert Advisor.objects.get(pk=advisor_profile.pk).bio == "Jurist."
    assert sent_drafts(saved.text) == ["profile"]


def test_a_language_without_an_english_name_is_marked_german_for_english_readers(employee_client):
    from contacts.models import Language
    from tests.contacts.factories import AdvisorFactory

    advisor = AdvisorFactory(name="Anton Vogel")
    advisor.languages.set([Language.objects.create(code="xx", name="Plattdeutsch", name_en="")])
    for url in (reverse("contacts:index"), advisor.get_absolute_url()):
        page = employee_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
        assert '<span lang="de">Plattdeutsch</span>' in page, url


def test_filter_options_shown_in_german_for_english_readers_say_so(employee_client):
    from contacts.models import AdvisorTopic

    AdvisorTopic.objects.create(name="Krisenkommunikation", name_en="", slug="krise")
    AdvisorTopic.objects.create(name="Datenschutz", name_en="Privacy", slug="datenschutz")
    page = employee_client.get(reverse("contacts:index"), HTTP_ACCEPT_LANGUAGE="en").text
    assert re.search(r'<option value="\d+" lang="de">Krisenkommunikation</option>', page)
    assert re.search(r'<option value="\d+">Privacy</option>', page)
