"""Each mention's language: guessed from its words, marked up on its page, its search index's stemming."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from monitoring.language import ENGLISH, GERMAN, guess_language
from monitoring.models import Mention
from monitoring.tasks import poll_source
from portal.roles import Role
from tests.conftest import make_user
from tests.monitoring.factories import make_mention

pytestmark = pytest.mark.django_db

MIXED_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Alerts</title><link>https://alerts.example.com/</link>
<description>Alerts</description><language>en-US</language>
<item><title>Nordlicht eröffnet neue Büros in Leipzig</title><link>https://a.example.com/1</link>
<description>Die Häuser am Hafen werden umgebaut, und der Umzug ist für das Frühjahr geplant.</description></item>
<item><title>Nordlicht is hiring engineers</title><link>https://b.example.com/2</link>
<description>The company said it was running out of office space in Hamburg.</description></item>
<item><title>Polaris 5</title><link>https://c.example.com/3</link><description>Polaris!</description></item>
</channel></rss>""".encode()


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("Der Hersteller hat die neue App für den Außendienst vorgestellt.", "", GERMAN),
        ("The vendor has shown the new app for field service teams.", "", ENGLISH),
        # The words win over what the feed declares (alerts say en-US for everything).
        ("Der Hersteller hat die neue App vorgestellt, und sie ist gut.", "en-US", GERMAN),
        # No function words at all: the declared language, else German.
        ("Polaris 5", "en-US", ENGLISH),
        ("Polaris 5", "", GERMAN),
        ("", "fr", GERMAN),
    ],
)
def test_guess_language(text, declared, expected):
    assert guess_language(text, declared) == expected


def test_ingest_stores_each_mentions_language_and_its_page_marks_it_up(serve, source_for, employee_client):
    poll_source.delay(source_for(serve(body=MIXED_FEED)).pk)
    languages = dict(Mention.objects.values_list("title", "language"))
    assert languages == {
        "Nordlicht eröffnet neue Büros in Leipzig": GERMAN,
        "Nordlicht is hiring engineers": ENGLISH,
        "Polaris 5": ENGLISH,  # too short to tell: the feed's word
    }
    english = Mention.objects.get(language=ENGLISH, title__contains="hiring")
    page = employee_client.get(reverse("monitoring:detail", args=[english.pk])).text
    assert '<h1 class="mention__title" lang="en" dir="ltr">' in page
    assert '<div class="mention__content" lang="en" dir="ltr">' in page
    listing = employee_client.get(reverse("monitoring:index")).text
    assert listing.count('class="mention__title" lang="de" dir="ltr"') == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL full-text search")
def test_each_mention_is_stemmed_in_its_language_and_found_from_either(serve, source_for, employee_client):
    poll_source.delay(source_for(serve(body=MIXED_FEED)).pk)
    german = Mention.objects.get(language=GERMAN)
    english = Mention.objects.get(title__contains="hiring")
    assert "'haus'" in german.search_vector  # German stemming: Häuser → haus
    assert "'run'" in english.search_vector
    assert "'running'" not in english.search_vector

    def found(query):
        response = employee_client.get(reverse("monitoring:index"), {"q": query})
        return sorted(m.title for m in response.context["page"].object_list)

    assert found("Haus") == [german.title]
    assert found("runs") == [english.title]
    assert found("engineer") == [english.title]
    # A word of the other language in a mention is found too: the query is parsed both ways.
    assert found("Hamburg") == [english.title]
    assert found("Leipzig") == [german.title]


ARABIC_TITLE = "نوردليشت تفتتح مكتباً جديداً في دبي"
ARABIC_SUMMARY = '<p>أعلنت الشركة <a href="https://x.example/">اليوم</a> عن افتتاح مكتب جديد في دبي.</p>'
HEBREW_TITLE = "נורדליכט פותחת משרד חדש בתל אביב"


def test_right_to_left_mentions_read_right_to_left_and_claim_no_language_of_ours(
    client, employee, advisor, mailoutbox, django_capture_on_commit_callbacks
):
    """Arabic and Hebrew were marked lang="de" (guess_language knows German and English only) and
    laid out left to right."""
    arabic = make_mention(title=ARABIC_TITLE, summary=ARABIC_SUMMARY, content=ARABIC_SUMMARY)
    assert arabic.language == GERMAN  # stored (and stemmed) as before: only its page changes
    make_mention(title=HEBREW_TITLE)
    # An Arabic title beginning with the company's name: dir="auto" would take it as left to right.
    make_mention(title="Nordlicht تفتتح مكتباً جديداً في دبي")
    make_mention(title="Новый офис Nordlicht в Москве")  # Cyrillic: left to right, not German
    make_mention(title="Nordlicht opens an office in Dubai", language=ENGLISH)
    make_mention(title="2026", language=ENGLISH)  # no letter to tell by
    client.force_login(employee)
    listing = client.get(reverse("monitoring:index")).text
    assert listing.count('<h2 class="mention__title" lang="" dir="rtl">') == 3
    assert '<div class="mention__excerpt" lang="" dir="rtl">' in listing
    assert listing.count('<h2 class="mention__title" lang="" dir="ltr">') == 1  # Cyrillic
    assert '<h2 class="mention__title" lang="en" dir="ltr">' in listing
    assert '<h2 class="mention__title" lang="en" dir="auto">' in listing
    assert 'lang="de"' not in listing.split("<main", 1)[1]  # no mention here is German

    page = client.get(reverse("monitoring:detail", args=[arabic.pk])).text
    assert f'<h1 class="mention__title" lang="" dir="rtl">{ARABIC_TITLE}</h1>' in page
    assert '<div class="mention__content" lang="" dir="rtl"><p>أعلنت الشركة' in page

    # The comms queue and the e-mail to an advisor, too.
    arabic.flagged = True
    arabic.save(update_fields=["flagged"])
    client.force_login(make_user("comms2@example.com", Role.COMMUNICATIONS))
    queue = client.get(reverse("monitoring:queue")).text
    assert '<h2 class="mention__title" lang="" dir="rtl">' in queue
    from tests.contacts.factories import AdvisorFactory

    anton = AdvisorFactory(name="Anton Vogel", user=advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:review", args=[arabic.pk]), {"action": "assign", "advisor": anton.pk})
    html = mailoutbox[0].alternatives[0][0]
    assert f'lang="" dir="rtl">{ARABIC_TITLE}</a>' in html


@pytest.mark.parametrize("query", ["دبي", "אביב"])
def test_right_to_left_words_are_found_by_search(employee_client, query):
    """The same on PostgreSQL (indexed as German, unstemmed) and on SQLite (substrings)."""
    make_mention(title=ARABIC_TITLE, summary=ARABIC_SUMMARY)
    make_mention(title=HEBREW_TITLE)
    make_mention(title="Nordlicht eröffnet ein Büro")
    response = employee_client.get(reverse("monitoring:index"), {"q": query})
    titles = [m.title for m in response.context["page"].object_list]
    assert titles == [ARABIC_TITLE if query == "دبي" else HEBREW_TITLE]
