from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from monitoring import pipeline
from monitoring.models import Source
from monitoring.parsing import NotAFeed
from portal.lib.numbers import parse_int


class Command(BaseCommand):
    help = "Ingest a local RSS/Atom file as if it had been fetched from a source (parse and store only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="name or id of an existing source")

    @no_translations  # operators' output: English throughout, the source's errors too
    def handle(self, *args, file: Path, source: str, **options) -> None:
        # Names are unique ignoring capitals, so this finds one at most. An id, as poll_feeds takes.
        found = Source.objects.filter(name__iexact=source.strip()).first()
        if found is None:  # SQLite ignores the case of ASCII letters only ("gut äöü" for "Gut ÄÖÜ")
            wanted = source.strip().casefold()
            names = Source.objects.values_list("pk", "name").iterator()
            pk = next((pk for pk, name in names if name.casefold() == wanted), None)
            found = Source.objects.filter(pk=pk).first() if pk is not None else None
        if found is None and (number := parse_int(source.strip())) is not None:
            found = Source.objects.filter(pk=number).first()
        if found is None:
            total = Source.objects.count()
            listed = [
                f"{name} ({pk})"
                for pk, name in Source.objects.order_by("name").values_list("pk", "name")[:20]
            ]
            names = (
                ", ".join(listed) + (f" … ({total:,} in all)" if total > len(listed) else "") or "none yet"
            )
            raise CommandError(f"No source named {source!r}. Sources (id): {names}")
        try:
            with file.open("rb") as handle:
                # The same limit as for fetched feeds: parsing a huge file takes minutes and gigabytes.
                body = handle.read(settings.FEED_MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        if len(body) > settings.FEED_MAX_BYTES:
            raise CommandError(f"{file} is larger than FEED_MAX_BYTES ({settings.FEED_MAX_BYTES:,} bytes).")
        try:
            result = pipeline.ingest_file(found, body)
        except NotAFeed as error:
            raise CommandError(f"{file} is not a feed: {error}") from error
        self.stdout.write(
            f"{found.name}: {result.entries} {'entry' if result.entries == 1 else 'entries'}, "
            f"{result.new} new, {result.updated} updated, "
            f"{result.ingest.unchanged} unchanged, {result.ingest.skipped} skipped."
        )
