"""What is typed into an admin change form survives a send that meets the sign-in page (the
session ran out): static/js/keep-draft.js keeps it in the tab, gives it back only after such a
send, and forgets it once the admin saved it. The browser side: tests/browser/test_guidelines.py."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from guidelines.models import Section
from tests.guidelines.factories import SectionFactory

pytestmark = pytest.mark.django_db


def sent_drafts(page: str) -> list[str]:
    found = re.search(r'<meta name="drafts-sent" content="([^"]*)">', page)
    return found.group(1).split() if found else []


def section_data(section: Section, **changes) -> dict:
    return {
        "position": section.position, "category": section.category, "kind": section.kind,
        "title": section.title, "title_en": section.title_en, "body": section.body,
        "body_en": section.body_en, **changes,
    }  # fmt: skip


def test_admin_pages_say_whose_drafts_the_tab_keeps(client, comms):
    section = SectionFactory()
    client.force_login(comms)
    page = client.get(reverse("admin:guidelines_section_change", args=[section.pk])).text
    assert f'<meta name="draft-owner" content="{comms.pk}">' in page
    assert "js/keep-draft.js" in page
    assert sent_drafts(page) == []


def test_a_saved_change_form_tells_the_tab_to_forget_its_draft(client, comms):
    section = SectionFactory()
    client.force_login(comms)
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    # Refused (a required field emptied): the text stays in the tab.
    refused = client.post(url, section_data(section, title=""))
    assert refused.status_code == 200
    assert sent_drafts(refused.text) == []
    # "Save and continue editing" comes back to the same page: its draft must not fill it again.
    saved = client.post(url, section_data(section, body="Neu.", _continue="1"), follow=True)
    assert saved.redirect_chain[-1][0] == url
    assert Section.objects.get(pk=section.pk).body == "Neu."
    assert sent_drafts(saved.text) == ["admin"]
    assert sent_drafts(client.get(url).text) == []  # said once


def test_a_send_that_met_the_sign_in_page_leaves_the_draft_alone(client, comms):
    section = SectionFactory()
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    response = client.post(url, section_data(section, body="Lang getippt."))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(comms)
    assert sent_drafts(client.get(url).text) == []


def test_a_draft_given_back_carries_its_version_so_a_colleagues_save_is_not_undone(client, comms):
    """The tab gives back every field as it was typed against the page then, with that page's
    version: a field a colleague saved meanwhile is kept, not set back by the draft."""
    section = SectionFactory(title="Netiquette", body="Alt.")
    client.force_login(comms)
    url = reverse("admin:guidelines_section_change", args=[section.pk])
    page = client.get(url).text
    found = re.search(r'name="_loaded_version" value="([^"]+)" data-keep-draft-field>', page)
    assert found
    Section.objects.filter(pk=section.pk).update(title="Netiquette im Netz")  # a colleague
    # The draft as keep-draft.js gives it back after signing in again.
    draft = section_data(section, body="Lang getippt.", _loaded_version=unescape(found.group(1)))
    assert client.post(url, draft).status_code == 302
    section.refresh_from_db()
    assert (section.title, section.body) == ("Netiquette im Netz", "Lang getippt.")
