from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo without GNU gettext (pure Python)."

    def handle(self, *args, **options) -> None:
        # Django's compilemessages needs msgfmt, which a machine with only
        # Python does not have; polib writes the same .mo files.
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                if options["verbosity"] > 0:
                    self.stdout.write(f"compiled {po_path} ({catalogue.percent_translated()}% translated)")
