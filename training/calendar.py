"""A personal iCalendar (RFC 5545) feed of open training due dates and workshop dates."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import Assignment
from training.reminders import workshop_day


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 75:
            out.append(current.decode("utf-8"))
            current = b" "
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _day_after(day: datetime.date) -> datetime.date:
    # 31 Dec 9999 (set in the admin) has no day after: end the event on the day itself.
    return day + datetime.timedelta(days=1) if day < datetime.date.max else day


def render(assignments: list[Assignment], base_url: str, host: str) -> str:
    # gettext calls stay outside the f-strings: xgettext does not find them inside one.
    calendar_name = _("My trainings")
    now = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Social Media Portal//Trainings//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(calendar_name)}",
    ]
    for assignment in assignments:
        module = assignment.module
        url = f"{base_url}/trainings/{assignment.pk}/"
        title = {"title": module.display_title}
        # Only the workshop this round is for: a renewal's (or one held before it was assigned)
        # is over, as its reminders have it (``workshop_day``).
        if workshop_day(assignment) is not None:
            ends = module.workshop_ends_at or module.workshop_starts_at + datetime.timedelta(hours=2)
            summary = _("Workshop: %(title)s") % title
            lines += [
                "BEGIN:VEVENT",
                f"UID:training-workshop-{assignment.pk}-{assignment.cycle}@{host}",
                f"DTSTAMP:{now}",
                f"DTSTART:{_utc(module.workshop_starts_at)}",
                f"DTEND:{_utc(ends)}",
                f"SUMMARY:{_escape(summary)}",
                f"LOCATION:{_escape(module.display_workshop_location)}",
                f"URL:{url}",
                "END:VEVENT",
            ]
        due = assignment.due_date
        summary = _("Training due: %(title)s") % title
        lines += [
            "BEGIN:VEVENT",
            f"UID:training-due-{assignment.pk}-{assignment.cycle}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{_day_after(due):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(module.display_summary)}\\n\\n{_escape(url)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
