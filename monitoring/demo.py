"""Demo mentions: sources, tracked keywords and bundled sample feeds about the demo company.

The feeds in ``demo_feeds/`` were written for the portal: German and English
articles about "Nordlicht Systems" (Hamburg), its field service app Polaris
and its platform Polaris Cloud — some touching taboo topics (figures,
strategy, unannounced products such as the codename "Aurora", customer
projects), which the guidelines' demo defines. They are imported offline through
the same parse-and-store path as polled feeds; their dates are moved so the
newest article is an hour old, whenever the demo is loaded.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from django.utils import timezone

from monitoring import pipeline
from monitoring.models import PauseCause, Source, TrackedKeyword

FEEDS = Path(__file__).parent / "demo_feeds"
# The newest date written in the bundled files.
WRITTEN_AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

# (name, url, kind, file)
SOURCES = [
    ("Hamburger Wirtschaftsnachrichten", "https://www.hamburger-wirtschaft.example/feed.rss", Source.Kind.NEWS,
     "hamburger-wirtschaft.xml"),
    ("Tech Business Daily", "https://www.techbusinessdaily.example/rss", Source.Kind.NEWS, "tech-business-daily.xml"),
    ("Alert: Nordlicht Systems", "https://alerts.example.com/feeds/nordlicht", Source.Kind.NEWS,
     "alert-nordlicht.xml"),
    ("Logistik Heute – Blog", "https://www.logistik-heute.example/blog/feed/", Source.Kind.BLOG, "logistik-heute.xml"),
    ("Field Service Insider", "https://fieldserviceinsider.example/index.xml", Source.Kind.BLOG,
     "field-service-insider.xml"),
    ("Jonas entwickelt (Jonas Becker)", "https://jonas-dev.example/index.xml", Source.Kind.EMPLOYEE_BLOG,
     "jonas-entwicklerblog.xml"),
]  # fmt: skip

KEYWORDS = [
    ("Nordlicht Systems", "Nordlicht\nNordlicht Systems GmbH\nNordlicht's\nNordlichts"),
    ("Polaris", "Polaris-App\nPolaris app\nPolaris 5\nPolaris 6\nPolaris Edge"),
    ("Polaris Cloud", "Polaris-Cloud"),
    ("Maren Lindqvist", "Lindqvist"),
]

# Stored, so in the portal's language (LANGUAGE_CODE), like every pause reason.
_RFC822 = re.compile(rb"<(pubDate|lastBuildDate)>([^<]+)</\1>")
_ISO = re.compile(rb"<(published|updated)>([^<]+)</\1>")


def shift_dates(body: bytes, delta: timedelta) -> bytes:
    """Move every feed date in ``body`` by ``delta``."""

    def rfc822(match: re.Match) -> bytes:
        moved = parsedate_to_datetime(match[2].decode()) + delta
        return b"<%s>%s</%s>" % (match[1], format_datetime(moved, usegmt=True).encode(), match[1])

    def iso(match: re.Match) -> bytes:
        moved = datetime.fromisoformat(match[2].decode().replace("Z", "+00:00")) + delta
        return b"<%s>%s</%s>" % (match[1], moved.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), match[1])

    return _ISO.sub(iso, _RFC822.sub(rfc822, body))


def load(stdout) -> None:
    for name, aliases in KEYWORDS:
        TrackedKeyword.objects.get_or_create(name=name, defaults={"aliases": aliases})
    delta = (timezone.now() - timedelta(hours=1)) - WRITTEN_AT
    new = 0
    for name, url, kind, filename in SOURCES:
        source, _created = Source.objects.get_or_create(
            name=name,
            defaults={"url": url, "kind": kind, **Source.paused_fields(timezone.now(), PauseCause.DEMO)},
        )
        body = shift_dates((FEEDS / filename).read_bytes(), delta)
        new += pipeline.ingest_file(source, body).new
    stdout.write(f"Mentions: {len(SOURCES)} demo sources, {new} new mentions imported.")
