"""The German catalogue is complete, and every placeholder survives translation."""

from __future__ import annotations

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
GERMAN = polib.pofile(str(ROOT / "locale/de/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")


def test_every_german_message_is_translated():
    missing = [e.msgid for e in GERMAN if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


def test_translations_keep_their_placeholders():
    broken = []
    for entry in GERMAN.translated_entries():
        # Plural entries keep their text in msgstr_plural (checked below), not msgstr.
        if not entry.msgid_plural and sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ):
            broken.append(entry.msgid)
        for source, plural in entry.msgstr_plural.items():
            if sorted(set(PLACEHOLDER.findall(entry.msgid_plural))) != sorted(
                set(PLACEHOLDER.findall(plural))
            ):
                broken.append(f"{entry.msgid} [{source}]")
    assert broken == []
