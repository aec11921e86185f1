"""Each mention's language: guessed from its words, marked up on its page, its search index's stemming."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from monitoring.language import ENGLISH, GERMAN, guess_language
from monitoring.models import Mention
from monitoring.tasks import poll_source

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
    assert '<h1 class="mention__title" lang="en">' in page
    assert '<div class="mention__content" lang="en">' in page
    listing = employee_client.get(reverse("monitoring:index")).text
    assert listing.count('class="mention__title" lang="de"') == 1


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
