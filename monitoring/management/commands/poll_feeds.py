from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError, no_translations
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from monitoring import pipeline
from monitoring.models import Source
from portal.lib.numbers import parse_int


def source_id(value: str) -> int:
    number = parse_int(value.strip())
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(f"not a source id: {value!r}")
    return number


class Command(BaseCommand):
    help = (
        "Poll feed sources now, in this process (all active sources, or the given ids). "
        "Exits with status 1 if any poll failed, so cron and monitoring notice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--source",
            type=source_id,
            nargs="+",
            action="extend",
            dest="sources",
            metavar="ID",
            help="source ids (the option may be repeated)",
        )

    @no_translations  # operators' output: English throughout, the source's errors too
    def handle(self, *args, sources=None, **options) -> None:
        if sources:
            queryset = Source.objects.filter(pk__in=sources)
            missing = set(sources) - set(queryset.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, sorted(missing)))}")
        else:
            queryset = Source.objects.filter(active=True)
        ids = list(queryset.order_by("name").values_list("pk", flat=True))
        if not ids:  # not an empty table, as if the polls had gone missing
            paused = Source.objects.count()
            self.stdout.write(
                f"No active sources: nothing to poll ({paused} paused; --source ID polls one anyway)."
                if paused
                else "No sources yet: nothing to poll."
            )
            return
        results = []
        progress = tqdm(ids, unit="feed", disable=options["verbosity"] < 1, file=self.stderr._out)
        # The pipeline's log lines ("Polling source 3 failed …") above the bar, not through it.
        with logging_redirect_tqdm():
            for pk in progress:
                result = pipeline.poll(pk)
                if result is not None:
                    progress.set_postfix_str(result.source.name[:30])
                    results.append(result)
        self._summary(results)
        if any(result.outcome == "failed" for result in results):
            raise CommandError("Some sources failed (see the table above).", returncode=1)

    def _summary(self, results) -> None:
        rows = [("source", "outcome", "entries", "new", "updated", "error")]
        for r in results:
            unchanged = r.ingest.unchanged if r.ingest else 0
            rows.append(
                (r.source.name[:40], r.outcome, str(r.entries or unchanged or ""), str(r.new), str(r.updated),
                 r.error[:80])
            )  # fmt: skip
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        totals = {outcome: sum(1 for r in results if r.outcome == outcome) for outcome in
                  ("new", "updated", "unchanged", "failed", "busy")}  # fmt: skip
        self.stdout.write(
            f"\n{len(results)} source{'' if len(results) == 1 else 's'}: {totals['new']} with new mentions ({sum(r.new for r in results)} new), "
            f"{totals['updated']} updated, {totals['unchanged']} unchanged, {totals['failed']} failed, "
            f"{totals['busy']} busy (polled elsewhere)."
        )
