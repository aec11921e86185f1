"""The English catalogue writes "80%" where the German source of truth writes "80 %".

The messages are written in English with the German space before the percent sign
(DIN 5008); this fills the English catalogue with the same messages without it.
Run by ``make messages`` after makemessages; a test checks that nothing was missed.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options) -> None:
        path = Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po"
        catalogue = polib.pofile(str(path))
        changed = 0
        for entry in catalogue:
            if entry.obsolete or " %%" not in entry.msgid:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {
                    0: entry.msgid.replace(" %%", "%%"),
                    1: entry.msgid_plural.replace(" %%", "%%"),
                }
            else:
                entry.msgstr = entry.msgid.replace(" %%", "%%")
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            changed += 1
        catalogue.save()
        self.stdout.write(f"{path}: {changed} messages with a percent sign")
