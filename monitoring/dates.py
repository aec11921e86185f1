"""Feed dates feedparser does not read: German day and month names, central European zone names,
and ISO dates without a zone.

"Di, 24 Nov 2026 09:00:00 +0100" (a German CMS) came out as no date at all, so every entry of
the feed was dated at its fetch; "… 09:00:00 CET" and "2026-11-24T09:00:00" were read as UTC, an
hour off (two in summer): a time without a zone is the portal's ``TIME_ZONE``. Registered with
feedparser when ``monitoring.parsing`` is imported; anything else is left to feedparser's own
handlers (this one returns None).
"""

from __future__ import annotations

import datetime
import email.utils
import re
import time
from zoneinfo import ZoneInfo

from django.conf import settings

_WEEKDAY = re.compile(r"^\s*[^\W\d_]{2,12}\.?,?\s+(?=\d)")
_DATE = re.compile(
    r"^(\d{1,2})\.?\s+([^\W\d_]{3,9})\.?\s+(\d{4})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*([A-Za-z]{3,4}|[+-]\d{4})?\s*$"
)
_GERMAN_MONTHS = {
    "jän": "Jan", "januar": "Jan", "februar": "Feb", "mär": "Mar", "mrz": "Mar", "märz": "Mar",
    "mai": "May", "juni": "Jun", "juli": "Jul", "okt": "Oct", "oktober": "Oct", "dez": "Dec",
    "dezember": "Dec",
}  # fmt: skip
_FORMATS = {1: "%d %b %Y %H:%M", 2: "%d %b %Y %H:%M:%S"}
# "2026-11-24", "2026-11-24T09:00", "2026-11-24 09:00:00.5": W3C-DTF / RFC 3339 without a zone.
# "24.11.2026", "24.11.2026 10:00", "24.11.2026, 10:00:30 Uhr": how German sites write dates.
_GERMAN_NUMERIC = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*Uhr)?)?\s*$"
)
_ISO_WITHOUT_ZONE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*$"
)
_ENGLISH_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_ZONES = {"GMT": "+0000", "UT": "+0000", "UTC": "+0000", "CET": "+0100", "MEZ": "+0100", "CEST": "+0200", "MESZ": "+0200", "WET": "+0000", "WEST": "+0100",
          "EET": "+0200", "EEST": "+0300"}  # fmt: skip


def parse_european_date(value: str) -> time.struct_time | None:
    """``value`` as a UTC time tuple (what feedparser's date handlers return), or None."""
    match = _DATE.match(_WEEKDAY.sub("", value or ""))
    if match is None:
        return None
    day, month, year, clock, zone = match.groups()
    name = month.lower()
    if name in _GERMAN_MONTHS:
        month = _GERMAN_MONTHS[name]
    elif name[:3] in _ENGLISH_MONTHS:
        month = name[:3].title()
    else:
        return None
    if zone is None:
        # No zone: the portal's own (the company's feeds are written where it is), not UTC.
        local = datetime.datetime.strptime(
            f"{day} {month} {year} {clock}", _FORMATS[clock.count(":")]
        ).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        return local.astimezone(datetime.UTC).timetuple()
    offset = _ZONES.get(zone.upper(), zone)
    if not re.fullmatch(r"[+-]\d{4}", offset):
        return None  # a zone name we do not know ("EST"): feedparser's own handlers
    parsed = email.utils.parsedate_tz(f"{day} {month} {year} {clock} {offset}")
    if parsed is None:
        return None
    datetime.datetime(
        *parsed[:6], tzinfo=datetime.UTC
    )  # 31 Feb or 24:30 is no time (ValueError: the next handler tries)
    return time.gmtime(email.utils.mktime_tz(parsed))


def parse_local_iso_date(value: str) -> time.struct_time | None:
    """An ISO date or time without a zone ("2026-11-24T10:00"), or a German one ("24.11.2026, 10:00
    Uhr"), in the portal's time zone, as a UTC time tuple; else None."""
    if match := _ISO_WITHOUT_ZONE.match(value or ""):
        year, month, day, *clock = match.groups(default="0")
    elif match := _GERMAN_NUMERIC.match(value or ""):
        day, month, year, *clock = match.groups(default="0")
    else:
        return None
    try:
        local = datetime.datetime(*map(int, (year, month, day, *clock)), tzinfo=ZoneInfo(settings.TIME_ZONE))
    except ValueError:
        return None  # 31 Feb or 24:30 is no time
    return local.astimezone(datetime.UTC).timetuple()
