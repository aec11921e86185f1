"""Two people editing the same thing in the admin: the later save never silently wins."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidelines.models import Section
from portal.models import Department
from portal.roles import Role
from tests.conftest import make_user
from tests.guidelines.factories import SectionFactory

pytestmark = pytest.mark.django_db


def loaded_version(response) -> str:
    found = re.search(r'name="_loaded_version" value="([^"]+)"', response.text)
    assert found, "the change page carries no version"
    return html.unescape(found.group(1))


def section_form(section: Section, **changes) -> dict:
    data = {
        "position": section.position,
        "category": section.category,
        "kind": section.kind,
        "title": section.title,
        "title_en": section.title_en,
        "body": section.body,
        "body_en": section.body_en,
    }
    return {**data, **changes}


@pytest.fixture
def two_editors(comms):
    colleague = make_user("kollegin@example.com", Role.COMMUNICATIONS, full_name="Karla Kollegin")
    first, second = Client(), Client()
    first.force_login(comms)
    second.force_login(colleague)
    return first, second


def test_a_save_over_a_colleagues_change_to_the_same_field_is_refused_with_the_input_kept(two_editors):
    first, second = two_editors
    section = SectionFactory(title="Vorher", body="Alter Text.")
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    opened = first.get(url)
    shown = section_form(section)
    assert second.post(url, section_form(section, title="Von Karla", body="Karlas Text.")).status_code == 302

    response = first.post(url, {**shown, "body": "Meine Fassung.", "_loaded_version": loaded_version(opened)})

    assert response.status_code == 200
    assert "Karla Kollegin hat dies" in response.text  # who, and that it happened after opening
    assert "Text" in response.text.split("Karla Kollegin hat dies", 1)[1][:400]  # which field
    assert "Meine Fassung." in response.text  # what the user typed is still there
    section.refresh_from_db()
    assert (section.title, section.body) == ("Von Karla", "Karlas Text.")
    # Saving the page again overwrites the body on purpose, and nothing else: the title the
    # page still shows from before is not written back over Karla's.
    again = first.post(url, {**shown, "body": "Meine Fassung.", "_loaded_version": loaded_version(response)})
    assert again.status_code == 302
    section.refresh_from_db()
    assert (section.title, section.body) == ("Von Karla", "Meine Fassung.")


def test_the_same_change_sent_twice_is_no_conflict(two_editors):
    """A form sent again (no JavaScript, a second tab saying the same): "not saved, Karla saved
    this after you opened it" beside "saved", though nothing differed."""
    first, second = two_editors
    section = SectionFactory(title="Vorher", body="Alter Text.")
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    opened_a, opened_b = loaded_version(first.get(url)), loaded_version(second.get(url))
    same = section_form(section, body="Neuer Text.")
    assert second.post(url, {**same, "_loaded_version": opened_b}).status_code == 302
    assert first.post(url, {**same, "_loaded_version": opened_a}).status_code == 302
    section.refresh_from_db()
    assert section.body == "Neuer Text."
    # Another value still is a conflict.
    opened_a, opened_b = loaded_version(first.get(url)), loaded_version(second.get(url))
    assert second.post(url, {**same, "body": "Karlas.", "_loaded_version": opened_b}).status_code == 302
    assert first.post(url, {**same, "body": "Meins.", "_loaded_version": opened_a}).status_code == 200


def test_changes_to_different_fields_are_merged(two_editors):
    first, second = two_editors
    section = SectionFactory(title="Vorher", body="Alter Text.")
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    opened = loaded_version(first.get(url))
    shown = section_form(section)
    second.post(url, section_form(section, title="Von Karla"))
    response = first.post(url, {**shown, "body": "Meine Fassung.", "_loaded_version": opened}, follow=True)
    assert "was eine Kollegin oder ein Kollege inzwischen" in response.text
    section.refresh_from_db()
    assert (section.title, section.body) == ("Von Karla", "Meine Fassung.")
    # The history records the row as it is: it held the page's old title, so that reverting
    # to the newest version would have silently undone Karla's change.
    latest = section.history.order_by("-history_date", "-history_id").first()
    assert (latest.title, latest.body) == ("Von Karla", "Meine Fassung.")


def test_saving_without_anybody_else_saving_is_not_held_up(comms_client_for_sections):
    client = comms_client_for_sections
    section = SectionFactory(title="Vorher")
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    opened = loaded_version(client.get(url))
    response = client.post(url, {**section_form(section, title="Nachher"), "_loaded_version": opened})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title == "Nachher"


def test_another_error_keeps_watching_for_changes_since_the_page_was_opened(two_editors):
    first, second = two_editors
    section = SectionFactory(title="Vorher")
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    opened = loaded_version(first.get(url))
    invalid = first.post(url, {**section_form(section, title=""), "_loaded_version": opened})
    assert invalid.status_code == 200
    assert loaded_version(invalid) == opened
    second.post(url, section_form(section, title="Von Karla"))
    refused = first.post(url, {**section_form(section, title="Meiner"), "_loaded_version": opened})
    assert refused.status_code == 200  # both changed the title
    section.refresh_from_db()
    assert section.title == "Von Karla"


def test_without_history_the_message_names_nobody(admin_client):
    department = Department.objects.create(name="Vertrieb")
    url = reverse("admin:portal_department_change", args=[department.pk])
    opened = loaded_version(admin_client.get(url))
    Department.objects.filter(pk=department.pk).update(name="Verkauf")
    response = admin_client.post(url, {"name": "Vertrieb Nord", "_loaded_version": opened})
    assert response.status_code == 200
    assert "Jemand hat dies" in response.text
    department.refresh_from_db()
    assert department.name == "Verkauf"


def test_fields_the_form_does_not_edit_are_no_conflict(client, hr, employee):
    """A sign-in updates last_login; HR's change of the department still saves."""
    client.force_login(hr)
    url = reverse("admin:portal_user_change", args=[employee.pk])
    opened = loaded_version(client.get(url))
    type(employee).objects.filter(pk=employee.pk).update(last_login=timezone.now())
    other = Department.objects.create(name="Einkauf")
    data = {
        "full_name": employee.full_name,
        "department": other.pk,
        "preferred_language": employee.preferred_language,
        "is_active": "on",
        "_loaded_version": opened,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    employee.refresh_from_db()
    assert employee.department == other


def test_a_form_sent_without_a_version_is_saved_as_before(comms_client_for_sections):
    section = SectionFactory(title="Vorher")
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    assert comms_client_for_sections.post(url, section_form(section, title="Skript")).status_code == 302
    section.refresh_from_db()
    assert section.title == "Skript"


@pytest.fixture
def comms_client_for_sections(client, comms):
    client.force_login(comms)
    return client


def test_a_change_that_left_no_history_names_nobody(two_editors):
    first, second = two_editors
    section = SectionFactory(title="Vorher")
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    second.post(url, section_form(section, body="Karla war früher hier."))  # before the page opens
    section.refresh_from_db()
    opened = loaded_version(first.get(url))
    Section.objects.filter(pk=section.pk).update(title="Ohne Spur")  # no history record
    response = first.post(url, {**section_form(section, title="Meiner"), "_loaded_version": opened})
    assert response.status_code == 200
    assert "Jemand hat dies" in response.text
    assert "Karla" not in response.text.split("errornote", 1)[1][:600]


def test_inline_rows_changed_in_another_tab_are_not_overwritten_unseen(two_editors):
    from guidelines.models import TabooTerm, TabooTopic

    first, second = two_editors
    topic = TabooTopic.objects.create(name="Finanzen", explanation="x", severity="never")
    term = TabooTerm.objects.create(topic=topic, term="Auftragseingang")
    url = reverse("admin:guidelines_tabootopic_change", args=[topic.pk])

    def form(word: str, **extra) -> dict:
        return {
            "name": "Finanzen", "name_en": "", "explanation": "x", "explanation_en": "",
            "speaker_role": "", "speaker_role_en": "", "severity": "never", "active": "on",
            "examples-TOTAL_FORMS": "0", "examples-INITIAL_FORMS": "0",
            "terms-TOTAL_FORMS": "1", "terms-INITIAL_FORMS": "1",
            "terms-0-id": term.pk, "terms-0-topic": topic.pk, "terms-0-term": word, **extra,
        }  # fmt: skip

    opened_a = loaded_version(first.get(url))
    opened_b = loaded_version(second.get(url))
    assert first.post(url, form("Auftragslage", _loaded_version=opened_a)).status_code == 302
    refused = second.post(url, form("Bestellungen", _loaded_version=opened_b))
    assert refused.status_code == 200
    assert "inzwischen geändert" in refused.text
    assert 'value="Bestellungen"' in refused.text  # the input is kept
    term.refresh_from_db()
    assert term.term == "Auftragslage"
    # Seen, and saved again on purpose.
    assert second.post(url, form("Bestellungen", _loaded_version=loaded_version(refused))).status_code == 302
    term.refresh_from_db()
    assert term.term == "Bestellungen"
    # Saving the topic's fields alone, with the rows as they were, is no conflict.
    opened = loaded_version(first.get(url))
    TabooTerm.objects.create(topic=topic, term="Umsatz")  # a colleague adds a row meanwhile
    assert (
        first.post(url, {**form("Bestellungen"), "explanation": "y", "_loaded_version": opened}).status_code
        == 302
    )


def test_a_name_taken_says_so_once(admin_client):
    Department.objects.create(name="Recht")
    exact = admin_client.post(reverse("admin:portal_department_add"), {"name": "Recht"})
    other_case = admin_client.post(reverse("admin:portal_department_add"), {"name": "RECHT"})
    for response in (exact, other_case):
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert len([*form.non_field_errors(), *form.errors.get("name", [])]) == 1
    assert Department.objects.count() == 1


def _source_form(source, **changes) -> dict:
    data = {
        "name": source.name,
        "url": source.url,
        "kind": source.kind,
        "poll_interval": source.poll_interval,
    }
    if source.active:
        data["active"] = "on"
    return {**data, **{f"initial-{key}": value for key, value in data.items()}, **changes}


def test_two_colleagues_changing_a_sources_interval_the_later_is_refused(two_editors):
    from tests.monitoring.factories import SourceFactory

    first, second = two_editors
    source = SourceFactory(name="Lokalblatt", poll_interval=15)
    url = reverse("admin:monitoring_source_change", args=[source.pk])
    opened_first, opened_second = first.get(url), second.get(url)
    shown = _source_form(source)
    response = second.post(
        url, {**shown, "poll_interval": 30, "_loaded_version": loaded_version(opened_second)}
    )
    assert response.status_code == 302

    response = first.post(
        url, {**shown, "poll_interval": 60, "_loaded_version": loaded_version(opened_first)}
    )
    assert response.status_code == 200
    assert "Karla Kollegin" in response.text
    source.refresh_from_db()
    assert source.poll_interval == 30
    # A different field merges: Karla's interval stays.
    response = first.post(
        url, {**shown, "name": "Lokalblatt Nord", "_loaded_version": loaded_version(opened_first)}
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.poll_interval) == ("Lokalblatt Nord", 30)


def test_restoring_an_earlier_version_of_a_source_puts_it_back(client, comms):
    from monitoring.models import Source
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(name="Lokalblatt", poll_interval=15)
    Source.objects.filter(pk=source.pk).update(etag='"v1"', consecutive_errors=2)
    client.force_login(comms)
    url = reverse("admin:monitoring_source_change", args=[source.pk])
    assert client.post(url, _source_form(source, name="Umbenannt", poll_interval=60)).status_code == 302
    first_version = source.history.order_by("history_date").first()
    revert_url = reverse("admin:monitoring_source_simple_history", args=[source.pk, first_version.history_id])
    page = client.get(revert_url)
    assert page.status_code == 200
    data = _source_form(Source(name="Lokalblatt", url=source.url, kind=source.kind, poll_interval=15))
    response = client.post(revert_url, data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.poll_interval) == ("Lokalblatt", 15)
    assert (source.etag, source.consecutive_errors) == ('"v1"', 2)  # the polling state is not the history's
    assert source.history.count() == 3


def test_a_source_version_put_back_is_checked_like_an_edit_and_a_deleted_one_comes_back(client, comms):
    from monitoring.models import Source
    from tests.monitoring.factories import SourceFactory

    source = SourceFactory(name="A", url="https://feeds.example.com/rss")
    client.force_login(comms)
    change = reverse("admin:monitoring_source_change", args=[source.pk])
    assert (
        client.post(
            change, _source_form(source, url="https://other.example.com/rss", skip_trial_fetch="on")
        ).status_code
        == 302
    )
    SourceFactory(name="B", url="https://FEEDS.example.com/rss/")  # now polls A's old feed
    first = source.history.order_by("history_date").first()
    revert = reverse("admin:monitoring_source_simple_history", args=[source.pk, first.history_id])
    data = _source_form(
        Source(name="A", url="https://feeds.example.com/rss", kind=source.kind, poll_interval=15)
    )
    response = client.post(revert, data)
    assert response.status_code == 200
    assert "Dieser Feed ist schon eine Quelle: „B“." in response.text
    source.refresh_from_db()
    assert source.url == "https://other.example.com/rss"

    gone_id = source.pk
    Source.objects.filter(pk=gone_id).delete()
    last = Source.history.filter(id=gone_id).exclude(history_type="-").latest("history_date")
    revert = reverse("admin:monitoring_source_simple_history", args=[gone_id, last.history_id])
    data = _source_form(
        Source(name="A", url="https://other.example.com/rss", kind=source.kind, poll_interval=15)
    )
    assert client.post(revert, {**data, "skip_trial_fetch": "on"}).status_code == 302
    assert Source.objects.get(pk=gone_id).url == "https://other.example.com/rss"


def test_a_stale_tab_that_left_the_rows_alone_keeps_a_colleagues_new_wording(two_editors):
    from guidelines.models import TabooTerm, TabooTopic

    first, second = two_editors
    topic = TabooTopic.objects.create(name="Finanzen", explanation="x", severity="never")
    term = TabooTerm.objects.create(topic=topic, term="Auftragseingang")
    url = reverse("admin:guidelines_tabootopic_change", args=[topic.pk])

    def form(word: str, shown: str, **extra) -> dict:
        row = {"terms-0-id": term.pk, "terms-0-topic": topic.pk, "terms-0-term": word}
        # As a browser sends it: each row also with the values the page showed.
        shown_row = {
            "initial-terms-0-term": shown,
            "initial-terms-0-topic": topic.pk,
            "initial-terms-0-id": term.pk,
        }
        return {
            "name": "Finanzen", "name_en": "", "explanation": "x", "explanation_en": "",
            "speaker_role": "", "speaker_role_en": "", "severity": "never", "active": "on",
            "examples-TOTAL_FORMS": "0", "examples-INITIAL_FORMS": "0",
            "terms-TOTAL_FORMS": "1", "terms-INITIAL_FORMS": "1", **row, **shown_row, **extra,
        }  # fmt: skip

    page_a = first.get(url)
    assert 'name="initial-terms-0-term"' in page_a.text
    opened_a, opened_b = loaded_version(page_a), loaded_version(second.get(url))
    assert (
        second.post(url, form("Auftragslage", "Auftragseingang", _loaded_version=opened_b)).status_code == 302
    )
    # Tab A changes only the explanation; its term row still shows the old word.
    response = first.post(
        url, form("Auftragseingang", "Auftragseingang", explanation="y", _loaded_version=opened_a)
    )
    assert response.status_code == 302
    term.refresh_from_db()
    topic.refresh_from_db()
    assert (term.term, topic.explanation) == ("Auftragslage", "y")


@pytest.mark.parametrize("spelling", ["Abspaltung", "abspaltung"])
def test_two_colleagues_adding_the_same_term_the_second_is_told_not_a_500(two_editors, spelling):
    from guidelines.models import TabooTerm, TabooTopic

    first, second = two_editors
    topic = TabooTopic.objects.create(name="Strategie", explanation="x", severity="never")
    url = reverse("admin:guidelines_tabootopic_change", args=[topic.pk])

    def form(word: str, version: str) -> dict:
        return {
            "name": "Strategie", "name_en": "", "explanation": "x", "explanation_en": "",
            "speaker_role": "", "speaker_role_en": "", "severity": "never", "active": "on",
            "examples-TOTAL_FORMS": "0", "examples-INITIAL_FORMS": "0",
            "terms-TOTAL_FORMS": "1", "terms-INITIAL_FORMS": "0",
            "terms-0-topic": topic.pk, "terms-0-term": word, "_loaded_version": version,
        }  # fmt: skip

    opened_a, opened_b = loaded_version(first.get(url)), loaded_version(second.get(url))
    assert first.post(url, form("Abspaltung", opened_a)).status_code == 302
    refused = second.post(url, form(spelling, opened_b))
    assert refused.status_code == 200
    again = second.post(url, form(spelling, loaded_version(refused)))  # "save again to keep yours"
    assert again.status_code == 200
    assert "ist schon ein Begriff dieses Themas" in again.text
    assert list(TabooTerm.objects.filter(topic=topic).values_list("term", flat=True)) == ["Abspaltung"]


class _ListForm(HTMLParser):
    """The fields of the admin list's form as the browser would send them untouched."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.select: str | None = None
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "changelist-form":
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") != "submit":
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get("value", "on")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form":
            self.inside = False


def list_form(page: str) -> dict:
    parser = _ListForm()
    parser.feed(page)
    return parser.data


def test_saving_a_list_keeps_what_a_colleague_changed_meanwhile_in_its_other_rows(client, comms):
    """Django saved every row of a list whose posted values differed from the rows as stored:
    a company name a colleague had switched off meanwhile was switched on again unseen."""
    from guidelines.models import CompanyName, CompanyNameKind

    polaris = CompanyName.objects.create(name="Polaris", kind=CompanyNameKind.PRODUCT, active=True)
    nordlicht = CompanyName.objects.create(name="Nordlicht", kind=CompanyNameKind.PRODUCT, active=True)
    client.force_login(comms)
    url = reverse("admin:guidelines_companyname_changelist")
    data = list_form(client.get(url).text)
    row = {value: key.rsplit("-", 1)[0] for key, value in data.items() if key.endswith("-id")}
    # A colleague switches both off meanwhile.
    CompanyName.objects.filter(pk=polaris.pk).update(active=False)
    CompanyName.objects.filter(pk=nordlicht.pk).update(active=False)
    # This person changes only Nordlicht's kind.
    data[f"{row[str(nordlicht.pk)]}-kind"] = CompanyNameKind.COMPANY
    response = client.post(url, {**data, "_save": "Sichern"})
    assert response.status_code == 302
    polaris.refresh_from_db()
    nordlicht.refresh_from_db()
    assert polaris.active is False  # not touched here: the colleague's change stays
    assert (nordlicht.kind, nordlicht.active) == (CompanyNameKind.COMPANY, False)  # only the kind


def test_a_position_changed_on_the_drafts_list_is_saved(client, comms):
    first, second = SectionFactory(position=10), SectionFactory(position=20)
    client.force_login(comms)
    url = reverse("admin:guidelines_section_changelist")
    data = list_form(client.get(url).text)
    row = {value: key.rsplit("-", 1)[0] for key, value in data.items() if key.endswith("-id")}
    data[f"{row[str(second.pk)]}-position"] = "5"
    assert client.post(url, {**data, "_save": "Sichern"}).status_code == 302
    assert list(Section.objects.drafts().order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
