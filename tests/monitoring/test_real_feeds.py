"""Feeds as their real producers write them (Mastodon, YouTube, FeedBurner …), read as an employee sees them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Mention, Source, TrackedKeyword
from monitoring.tasks import poll_source

pytestmark = pytest.mark.django_db


def poll(source: Source) -> Source:
    poll_source.delay(source.pk)
    source.refresh_from_db()
    return source


def test_a_mastodon_post_with_an_image_shows_the_post_not_the_images_description(
    serve, source_for, employee_client
):
    """Mastodon describes each attached image in a media:description after the post's own
    description; feedparser made that the entry's content, so the page showed only
    "Screenshot der neuen Oberfläche"."""
    poll(source_for(serve("mastodon.xml")))
    mention = Mention.objects.get()
    assert "Polaris 5 ist da! 🎉" in mention.summary
    assert "Screenshot" not in mention.summary + mention.content
    page = employee_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert "Polaris 5 ist da! 🎉" in page
    assert "Screenshot der neuen Oberfläche" not in page


def test_a_youtube_videos_description_keeps_its_lines(serve, source_for, employee_client):
    """Media RSS descriptions are plain text: its chapters ran together on one line."""
    poll(source_for(serve("youtube.xml")))
    mention = Mention.objects.get()
    assert mention.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert mention.title == "Polaris 5 – Keynote & Demo (deutsch)"
    assert mention.summary == (
        "Unsere Keynote zur Vorstellung von Polaris 5.<br>Mehr Infos: https://nordlicht.example/polaris"
        "<br>00:00 Intro<br>05:12 Demo"
    )
    page = employee_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert "Polaris 5.<br>Mehr Infos" in page
    assert "i3.ytimg.com" not in page  # the thumbnail loads nothing from Google


def test_a_feedburner_item_links_to_the_article_not_to_feedburners_redirector(serve, source_for):
    """FeedBurner's feedproxy link made the article a second mention next to the same article
    from its site's own feed (and the redirector has long been switched off)."""
    poll(source_for(serve("feedburner.xml")))
    mention = Mention.objects.get()
    assert mention.url == "http://cloudweekly.example/2026/11/polaris-5/"
    assert mention.guid == "http://cloudweekly.example/?p=9876"


def test_feedburners_share_buttons_are_not_kept_as_links(serve, source_for):
    poll(source_for(serve("feedburner.xml")))
    mention = Mention.objects.get()
    assert mention.content == "<p>Nordlicht Systems today launched Polaris 5, its new platform.</p>"


def test_a_wordpress_blogs_footer_neither_shows_nor_matches_the_blogs_name(serve, source_for):
    """Yoast SEO's "Der Beitrag … erschien zuerst auf Nordlicht Newsroom." made every post of the
    company's newsroom (and of any blog with a tracked name) a mention of the company."""
    TrackedKeyword.objects.create(name="Nordlicht")
    poll(source_for(serve("yoast.xml")))
    mention = Mention.objects.get()
    assert "erschien zuerst" not in mention.summary + mention.content
    assert mention.summary == "<p>Über 300 Gäste feierten am Hafen. Ein Rückblick in Bildern…</p>"
    assert not mention.keywords.exists()


def test_a_post_without_a_title_is_listed_by_its_first_words_not_its_address(
    serve, source_for, employee_client
):
    """Mastodon posts have no title: the list of mentions was a list of status addresses."""
    poll(source_for(serve("mastodon.xml")))
    mention = Mention.objects.get()
    assert mention.title == "Polaris 5 ist da! 🎉 Alle Infos im Blog …"
    listed = employee_client.get(reverse("monitoring:index")).text
    assert f'<a href="/mentions/{mention.pk}/">Polaris 5 ist da! 🎉 Alle Infos im Blog …</a>' in listed
    assert ">https://social.example/@nordlicht/113456789012345678<" not in listed


@pytest.mark.parametrize(
    ("name", "author"),
    [
        ("blogger.xml", "Jan Peters"),  # Atom: <name> and <email>noreply@blogger.com</email>
        (
            "regional_entities.xml",
            "Peter Müller",
        ),  # RSS: "p.mueller@regional-zeitung.example (Peter M&uuml;ller)"
    ],
)
def test_an_author_given_with_an_e_mail_address_is_shown_by_name(
    serve, source_for, employee_client, name, author
):
    """Every Blogger post was by "Jan Peters (noreply@blogger.com)", and RSS's "email (Name)" showed
    the address (feedparser's own split cuts addresses under long top-level domains)."""
    poll(source_for(serve(name)))
    mention = Mention.objects.order_by("published_at").last()
    assert mention.author == author
    page = employee_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert f'<span dir="auto">{author}</span>' in page
    assert "@" not in mention.author


def test_a_wordpress_post_reads_as_written_emoji_entities_images_and_relative_links(
    serve, source_for, employee_client, httpserver
):
    """WordPress puts every emoji of a post into its feed as a picture on s.w.org: each was a link
    "[🎉]" to that picture in the middle of the text."""
    poll(source_for(serve("wordpress.xml", path="/feed/")))
    mention = Mention.objects.get()
    assert mention.title == "Mein erstes Jahr bei Nordlicht Systems – ein Rückblick 🚀"
    assert (mention.author, mention.language) == ("Anna Schmidt", "de")
    assert "„Polaris“ inzwischen im Schlaf erklären kann\xa0😄\xa0…" in mention.summary
    page = employee_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert "Das Team beim Sommerfest 🎉</figcaption>" in page
    assert "<li>Onboarding ✅</li>" in page
    assert "s.w.org" not in page
    assert ">[Das Team beim Sommerfest]</a>" in page  # a real picture stays a link to it
    assert f'href="{httpserver.url_for("/2026/05/01/onboarding/")}"' in page
    assert "ak_action=pixel" not in page
    # An embedded video cannot play (nothing loads from third parties): a link to it, not nothing.
    assert (
        '<a href="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" rel="noopener noreferrer nofollow">'
        "[Polaris 5 – Keynote &amp; Demo (deutsch)]</a>"
    ) in page
    assert "<iframe" not in page


def test_a_medium_story_is_recognised_from_another_source_without_mediums_feed_marker(serve, source_for):
    """Medium marks every link of its feeds "?source=rss-…------2": the same story from a news
    alert (without it) was stored twice."""
    story = "https://medium.com/@maxmustermann/how-we-scaled-polaris-cloud-1a2b3c4d5e6f"
    alert = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Alert</title>"
        f"<item><title>How we scaled Polaris Cloud</title><link>{story}</link><guid>a-1</guid></item>"
        "</channel></rss>"
    ).encode()
    poll(source_for(serve(body=alert, path="/alert.xml")))
    poll(source_for(serve("medium.xml")))
    assert list(Mention.objects.values_list("url", flat=True)) == [story]
    # Other "source" parameters are left alone.
    from portal.lib.html import strip_tracking_params

    assert (
        strip_tracking_params("https://a.example/?source=news&id=1") == "https://a.example/?source=news&id=1"
    )


def test_an_entry_dated_by_a_broken_generator_is_dated_when_fetched_and_kept(serve, source_for):
    """ "Thu, 01 Jan 1970 00:00:00 +0000" (a CMS printing date 0) listed a new article last, and the
    next retention run deleted it for good."""
    from monitoring.tasks import delete_old_mentions

    body = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>CMS</title>"
        "<item><title>Nordlicht eröffnet Standort</title><link>https://cms.example/1</link>"
        "<pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate></item>"
        "<item><title>Zweiter Artikel</title><link>https://cms.example/2</link>"
        "<pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate><dc:date xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        "2026-11-27T10:00:00Z</dc:date></item>"
        "</channel></rss>"
    ).encode()
    poll(source_for(serve(body=body)))
    first = Mention.objects.get(url="https://cms.example/1")
    assert first.published_guessed
    assert first.published_at.year == timezone.now().year
    # A valid date next to the broken one is taken.
    second = Mention.objects.get(url="https://cms.example/2")
    assert (second.published_at.isoformat(), second.published_guessed) == ("2026-11-27T10:00:00+00:00", False)
    delete_old_mentions.delay()
    assert Mention.objects.filter(pk=first.pk).exists()


def test_an_entry_with_a_megabyte_of_words_is_stored_cut_and_the_feed_goes_on(
    serve, source_for, employee_client
):
    """PostgreSQL's search vector holds at most 1 MB: a post of a million characters of varied words
    (a data dump, a book) failed the poll's INSERT with a database error, again at every poll, so
    neither it nor anything else of the feed was stored, and the task was retried as if the
    database were down."""
    import random
    import string

    from monitoring.parsing import MAX_STORED_HTML

    rnd = random.Random(1)
    words = " ".join("".join(rnd.choices(string.ascii_lowercase, k=8)) for _ in range(120_000))
    body = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Dump</title>"
        f"<item><title>Big</title><link>https://dump.example/1</link><description>&lt;p&gt;{words}"
        "&lt;/p&gt;</description></item>"
        "<item><title>Nordlicht Systems</title><link>https://dump.example/2</link><description>x</description></item>"
        "</channel></rss>"
    ).encode()
    source = poll(source_for(serve(body=body)))
    assert (source.consecutive_errors, source.last_error_code) == (0, "")
    big = Mention.objects.get(url="https://dump.example/1")
    text = big.summary or big.content
    assert len(text) <= MAX_STORED_HTML + 100
    assert text.startswith("<p>" + words[:100])
    assert text.endswith(" …</p>")
    assert Mention.objects.filter(url="https://dump.example/2").exists()
    assert employee_client.get(reverse("monitoring:detail", args=[big.pk])).status_code == 200


@pytest.mark.parametrize(
    ("name", "title", "url", "author", "language", "shown"),
    [
        (
            "google_alerts_atom.xml",
            "Nordlicht Systems übernimmt Start-up aus München",
            "https://www.handelsblatt.com/technik/it-internet/nordlicht-systems-uebernimmt-start-up/100012345.html",
            "",
            "de",
            "Über den Kaufpreis wurde Stillschweigen vereinbart",
        ),
        (
            "heise_rss.xml",
            "Nordlicht Systems: „Polaris“ bekommt KI-Assistenten – Datenschützer skeptisch",
            "https://www.heise.de/news/Nordlicht-Systems-Polaris-bekommt-KI-Assistenten-9998877.html",
            "",
            "de",
            ">[nordlicht-abc123.jpeg]</a>",
        ),
        (
            "podcast.xml",
            "Folge 142: Zu Gast bei Nordlicht Systems",
            "https://cdn.digitalfunk.example/episodes/df142.mp3?source=rss",
            "Julia Weber &amp; Tom Berger",
            "de",
            '<li><a href="https://nordlicht.example/polaris"',
        ),
        (
            "reddit.xml",
            "Erfahrung mit Nordlicht Systems?",
            "https://www.reddit.com/r/de_EDV/comments/1h2abc3/erfahrung_nordlicht_systems/",
            "/u/throwaway_it",
            "de",
            "Ich hätte ein Angebot &amp; bin unsicher.",
        ),
        (
            "github.xml",
            "v5.0.0",
            "https://github.com/nordlicht/polaris-cli/releases/tag/v5.0.0",
            "octocat",
            "en",
            "<h2>What's Changed</h2>",
        ),
        (
            "atom_xhtml.xml",
            "Is Nordlicht Systems overvalued?",
            "https://watch.example/2026/11/overvalued",
            "",
            "en",
            "overvalued by 30\xa0%.",
        ),
    ],
)
def test_real_producers_feeds_read_as_written(
    serve, source_for, employee_client, name, title, url, author, language, shown
):
    """As an employee sees them: no markup or entities in titles, the article's own link (Google's
    click tracking and heise's wt_mc gone), umlauts, the author, the language, images as links."""
    poll(source_for(serve(name)))
    mention = Mention.objects.order_by("published_at").last()
    assert (mention.title, mention.url, mention.language) == (title, url, language)
    page = employee_client.get(reverse("monitoring:detail", args=[mention.pk])).text
    assert shown in page
    assert (f'<span dir="auto">{author}</span>' in page) is bool(author)
    assert "&amp;amp;" not in page
    assert "&lt;b&gt;" not in page


def test_a_short_post_is_listed_once_not_as_heading_and_again_as_excerpt(serve, source_for, employee_client):
    """A post without a title is called by its words; a short one was then listed twice over, as
    were the posts of bridges that repeat a short post as title and description."""
    body = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Posts</title>"
        "<item><guid>1</guid><link>https://social.example/@n/1</link>"
        "<description>&lt;p&gt;Heute auf der Messe in Hannover! 🎉&lt;/p&gt;</description></item>"
        "<item><guid>2</guid><title>Nordlicht Systems sucht Verstärkung</title><link>https://social.example/@n/2</link>"
        "<description>&lt;p&gt;Nordlicht Systems sucht Verstärkung&lt;/p&gt;</description></item>"
        "<item><guid>3</guid><title>Nordlicht Systems</title><link>https://social.example/@n/3</link>"
        "<description>Nordlicht Systems stellt ein.</description></item>"
        "</channel></rss>"
    ).encode()
    poll(source_for(serve(body=body)))
    listed = employee_client.get(reverse("monitoring:index")).text
    excerpts = re.findall(r'<div class="mention__excerpt"[^>]*>(.*?)</div>', listed)
    assert excerpts == ["Nordlicht Systems stellt ein."]  # more than the heading: shown
    assert '">Heute auf der Messe in Hannover! 🎉</a></h2>' in listed
