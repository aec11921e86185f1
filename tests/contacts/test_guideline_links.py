"""Links between advisors and guidelines: spokespersons of taboo topics, advisors per guideline category,
questions about a guideline section."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts.models import Advisor, GuidelineCategoryTopic, Question
from guidelines.models import Section, SectionCategory, TabooTopic
from tests.guidelines.factories import SectionFactory, publish, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(advisor_profile) -> TabooTopic:
    advisor_profile.job_title = "Leiter Investor Relations"
    advisor_profile.save()
    return topic(
        "Finanzkennzahlen", "Umsatz", speaker_role="Investor Relations", spokesperson=advisor_profile
    )


def test_taboo_topic_page_links_its_spokesperson(employee_client, finance, advisor_profile):
    page = employee_client.get(reverse("guidelines:taboo_topics")).text
    assert (
        f'href="{advisor_profile.get_absolute_url()}">Anton Vogel</a>, <span>Leiter Investor Relations</span>'
        in page
    )
    assert f"?advisor={advisor_profile.pk}" in page


def test_asking_a_spokesperson_preselects_a_topic_only_when_they_have_one(
    employee_client, finance, advisor_profile, topic, other_topic
):
    """Of a spokesperson's topics, the first by name was preselected: a strategy question filed
    as a crisis one unless the asker noticed."""
    ask = reverse("contacts:ask")
    assert employee_client.get(ask, {"advisor": advisor_profile.pk}).context["form"]["topic"].initial == topic
    advisor_profile.topics.add(other_topic)
    form = employee_client.get(ask, {"advisor": advisor_profile.pk}).context["form"]
    assert form["advisor"].initial == advisor_profile
    assert form["topic"].initial is None


def test_checker_names_the_spokesperson_of_a_matched_topic(employee_client, finance, advisor_profile):
    page = employee_client.post(reverse("guidelines:check"), {"text": "Der Umsatz steigt"}).text
    assert "Sprecher/in:" in page
    assert advisor_profile.get_absolute_url() in page


def test_inactive_spokesperson_is_not_linked(employee_client, finance, advisor_profile):
    advisor_profile.is_active = False
    advisor_profile.save()
    page = employee_client.get(reverse("guidelines:taboo_topics")).text
    assert "Investor Relations" in page  # the role still says who may speak
    assert advisor_profile.get_absolute_url() not in page


def test_guideline_sections_link_to_the_advisors_of_their_category(employee_client, topic):
    GuidelineCategoryTopic.objects.create(category=SectionCategory.LEGAL, topic=topic)
    SectionFactory(category=SectionCategory.LEGAL, title="Recht")
    publish()
    section = Section.objects.current().get()
    page = employee_client.get(reverse("guidelines:index")).text
    assert reverse("contacts:category", args=["legal"]) in page
    assert f"{reverse('contacts:ask')}?section={section.pk}" in page
    assert (
        employee_client.get(reverse("contacts:category", args=["legal"]))["Location"]
        == topic.get_absolute_url()
    )
    # Asking about the section goes to its category's advisors, not to the fallback.
    form = employee_client.get(reverse("contacts:ask"), {"section": section.pk})
    assert form.context["form"]["topic"].initial == topic


def test_question_about_a_published_section_shows_it_to_asker_and_advisor(
    employee_client, advisor_client, advisor_profile, topic
):
    SectionFactory(title="Urheberrecht", category=SectionCategory.LEGAL)
    publish()
    section = Section.objects.current().get()
    form = employee_client.get(reverse("contacts:ask"), {"section": section.pk}).text
    assert "Leitlinien-Abschnitt: <span>Urheberrecht</span>" in form
    assert f'name="section" value="{section.pk}"' in form
    employee_client.post(
        reverse("contacts:ask"),
        {"subject": "Darf ich das Foto nutzen?", "body": "…", "topic": topic.pk, "section": section.pk},
    )
    question = Question.objects.get()
    assert question.section == section
    anchor = f"{reverse('guidelines:version', args=[section.version.number])}#section-{section.position}"
    assert anchor in employee_client.get(question.get_absolute_url()).text
    assert anchor in advisor_client.get(question.get_inbox_url()).text


def test_draft_sections_and_unknown_ids_are_ignored(employee_client, comms, topic):
    draft = SectionFactory(title="Geheimer Entwurf")
    form = employee_client.get(reverse("contacts:ask"), {"section": draft.pk, "mention": "999"}).text
    assert "Geheimer Entwurf" not in form
    employee_client.post(
        reverse("contacts:ask"), {"subject": "Frage", "body": "…", "section": draft.pk, "mention": "abc"}
    )
    assert Question.objects.get().section is None


def test_demo_has_advisors_for_every_taboo_topic_and_guideline_category(db):
    call_command("load_demo", force=True, stdout=StringIO())
    for taboo in TabooTopic.objects.select_related("spokesperson"):
        assert taboo.spokesperson is not None, taboo
        assert taboo.spokesperson.is_active, taboo
    for category in SectionCategory.values:
        link = GuidelineCategoryTopic.objects.get(category=category)
        assert Advisor.objects.active().filter(topics=link.topic).exists(), category
    assert set(Question.objects.values_list("status", flat=True)) == set(Question.Status.values)
    assert Question.objects.filter(is_anonymous=True).exists()


def test_ask_a_question_is_offered_only_for_advisors_a_question_reaches(
    employee_client, finance, advisor, advisor_profile, topic
):
    """An advisor whose account lost the Advisor role kept the link; the form then dropped them."""
    from django.contrib.auth.models import Group

    from portal.roles import Role

    ask = f"?advisor={advisor_profile.pk}"
    pages = [
        reverse("guidelines:taboo_topics"),
        reverse("contacts:index"),
        advisor_profile.get_absolute_url(),
        topic.get_absolute_url(),
    ]
    for url in pages:
        assert ask in employee_client.get(url).text, url
    assert ask in employee_client.post(reverse("guidelines:check"), {"text": "Der Umsatz steigt"}).text
    advisor.groups.remove(Group.objects.get(name=Role.ADVISOR))
    for url in pages:
        page = employee_client.get(url).text
        assert ask not in page, url
        assert "Anton Vogel" in page  # still listed: only the question would reach nobody
    assert ask not in employee_client.post(reverse("guidelines:check"), {"text": "Der Umsatz steigt"}).text
