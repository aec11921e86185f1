"""vCard 4.0 (RFC 6350) for an advisor: escaped, folded, UTF-8."""

from __future__ import annotations

import datetime

from contacts.models import Advisor

CRLF = "\r\n"
MAX_LINE_OCTETS = 75


def escape(value: str) -> str:
    """Escape a text value (RFC 6350 §3.4): backslash, comma, semicolon and line breaks."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 6350 §3.2) without splitting a UTF-8 character."""
    parts: list[str] = []
    current = ""
    limit = MAX_LINE_OCTETS
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with a space
        else:
            current += char
    parts.append(current)
    return (CRLF + " ").join(parts)


# Academic titles written before a name ("Dr. Greta Lange"): the vCard's prefix, not a given name.
_NAME_PREFIXES = {"dr.", "prof.", "dipl.-ing.", "dipl.-kfm.", "mag.", "ing.", "med.", "rer.", "nat.", "phil."}


def _split_name(name: str) -> tuple[str, str, str]:
    """Family name, given names and prefixes of ``name``."""
    words = name.split()
    prefixes = []
    while len(words) > 1 and words[0].casefold() in _NAME_PREFIXES:
        prefixes.append(words.pop(0))
    family = words.pop() if words else ""
    return family, " ".join(words), " ".join(prefixes)


def advisor_vcard(advisor: Advisor, organisation: str = "") -> str:
    family, given, prefixes = _split_name(advisor.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape(advisor.name)}",
        f"N:{escape(family)};{escape(given)};;{escape(prefixes)};",
        "KIND:individual",
    ]
    if advisor.display_job_title:
        lines.append(f"TITLE:{escape(advisor.display_job_title)}")
    # The company's name, then the unit: without the name, the department is the second part
    # (first, address books showed "Vertrieb" as the company).
    org = [organisation, advisor.department.display_name if advisor.department else ""]
    while org and not org[-1]:
        org.pop()
    if org:
        lines.append("ORG:" + ";".join(escape(part) for part in org))
    if advisor.email:
        lines.append(f"EMAIL;TYPE=work:{escape(advisor.email)}")
    if advisor.phone:
        lines.append(f"TEL;VALUE=uri;TYPE=work,voice:{advisor.tel_url}")
    if advisor.safe_chat_url:
        # A URI value is not text: commas and semicolons in it stay as they are. Nothing that
        # could end the line, though (the form refuses such links; older data may hold one).
        lines.append("IMPP:" + "".join(char for char in advisor.safe_chat_url if char.isprintable()))
    location = advisor.display_location
    if location:
        lines.append(f"ADR;TYPE=work;LABEL={_param(location)}:;;{escape(location)};;;;")
    topics = [topic.display_name for topic in advisor.topics.all()]
    if topics:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in topics))
    note = "\n".join(filter(None, [advisor.display_office_hours, advisor.display_bio]))
    if note:
        lines.append(f"NOTE:{escape(note)}")
    lines.append(f"REV:{advisor.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return CRLF.join(fold(line) for line in lines) + CRLF


def _param(value: str) -> str:
    """A quoted parameter value (RFC 6868): no raw quotes or line breaks."""
    value = value.replace("^", "^^").replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\n", "^n").replace('"', "^'")
    return f'"{value}"'
