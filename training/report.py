"""The HR report: completion per module and department, overdue people, CSV rows.

Everything is aggregated in one GROUP BY over (module, department), so the page
takes the same few queries whether there are 100 or 150,000 assignments.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.lib import csv_export
from portal.lib.i18n import fold, shows_german
from portal.models import Department, User
from training.forms import NO_DEPARTMENT
from training.models import Assignment, Module, worded_excused_reason

S = Assignment.Status
# Order of the columns, bars and CSV; the colours meet 3:1 contrast against white.
STATUS_ORDER = [S.PASSED, S.IN_PROGRESS, S.NOT_STARTED, S.RENEWAL_DUE, S.OVERDUE, S.EXCUSED]
STATUS_COLOURS = {
    S.PASSED: "#1c6b35",
    S.IN_PROGRESS: "#0b5cab",
    S.NOT_STARTED: "#6b7a90",
    S.RENEWAL_DUE: "#8a4b00",
    S.OVERDUE: "#b3261e",
    S.EXCUSED: "#8c95a3",
}


@dataclass
class Row:
    label: str
    lang: str = ""  # "de" where an English reader sees the German name (no English one)
    key: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in STATUS_ORDER})
    renewing: int = 0  # open renewals whose last completion still holds

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completion(self) -> int:
        """Percent trained of everyone who has to do it (excused people do not count): passed, or
        renewing while the last completion still holds (until the renewal's due date). Counting
        only "passed", a department trained to the last person showed 0 % for a renewal's 30 days."""
        relevant = self.total - self.counts[S.EXCUSED]
        return round(100 * (self.counts[S.PASSED] + self.renewing) / relevant) if relevant else 0

    def cells(self) -> list[int]:
        return [self.counts[s.value] for s in STATUS_ORDER]


def _lang(obj, field_name: str) -> str:
    return "de" if shows_german(obj, field_name) else ""


def filtered(module_id=None, department_id=None, status: str = "", today: datetime.date | None = None):
    today = today or timezone.localdate()
    rows = Assignment.objects.filter(user__is_active=True)
    # A deactivated module is nobody's to do any more (employees no longer see it); its
    # assignments stay, shown when HR picks the module.
    rows = rows.filter(module_id=module_id) if module_id else rows.filter(module__active=True)
    if department_id == NO_DEPARTMENT:
        rows = rows.filter(user__department__isnull=True)
    elif department_id:
        rows = rows.filter(user__department_id=department_id)
    if status:
        rows = rows.filter(Assignment.status_q(status, today))
    return rows


def aggregate(rows: QuerySet[Assignment], today: datetime.date) -> tuple[list[Row], list[Row], Row]:
    """Rows per module and per department, and the total (one query plus two for the names)."""
    counts = {s.value: Count("pk", filter=Assignment.status_q(s, today)) for s in STATUS_ORDER}
    renewing = Q(status__in=Assignment.OPEN_STATUSES, cycle__gt=1, due_date__gte=today)
    grouped = (
        rows.order_by()
        .values("module_id", "user__department_id")
        .annotate(**counts, renewing=Count("pk", filter=renewing))
    )
    modules = {m.pk: (m.display_title, _lang(m, "title")) for m in Module.objects.only("title", "title_en")}
    in_order = Department.in_reading_order()
    departments = {
        department.pk: (department.display_name, _lang(department, "name")) for department in in_order
    }
    position = {department.pk: index for index, department in enumerate(in_order)}
    by_module: dict[int, Row] = {}
    by_department: dict[int | None, Row] = {}
    total = Row(_("All"))
    for item in grouped:
        module_id, dep_id = item["module_id"], item["user__department_id"]
        module_row = by_module.setdefault(module_id, Row(*modules.get(module_id, ("?", "")), key=module_id))
        dep_row = by_department.setdefault(
            dep_id, Row(*departments.get(dep_id, (_("No department"), "")), key=dep_id)
        )
        for row in (module_row, dep_row, total):
            for s in STATUS_ORDER:
                row.counts[s.value] += item[s.value]
            row.renewing += item["renewing"]
    # Alphabetical in the reader's language, umlauts among their letters; people without a department last.
    return (
        sorted(by_module.values(), key=lambda r: fold(r.label)),
        sorted(by_department.values(), key=lambda r: position.get(r.key, len(position))),
        total,
    )


def listed(
    rows: QuerySet[Assignment], status: str, today: datetime.date, limit: int = 100
) -> list[Assignment]:
    """The first ``limit`` assignments with ``status``: the longest overdue first, else by name."""
    by_name = (*User.name_order("user__"), "module__title")
    order = ("due_date", "pk") if status == S.OVERDUE else by_name
    return list(
        rows.filter(Assignment.status_q(status, today))
        .select_related("user__department", "module")
        .order_by(*order)[:limit]
    )


def svg_chart(rows: list[Row], title: str) -> SafeString:
    """Horizontal stacked bars, one per row, drawn on the server (the table is the text alternative)."""
    label_width, bar_width, bar_height, gap = 350, 380, 18, 10
    height = len(rows) * (bar_height + gap) + 10
    width = label_width + bar_width + 60
    bars = []
    for index, row in enumerate(rows):
        y = 5 + index * (bar_height + gap)
        x = label_width
        segments = []
        for status in STATUS_ORDER:
            value = row.counts[status.value]
            if not row.total or not value:
                continue
            w = bar_width * value / row.total
            segments.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                    f"{x:.1f}",
                    y,
                    f"{w:.1f}",
                    bar_height,
                    STATUS_COLOURS[status],
                    status.label,
                    value,
                )  # fmt: skip
            )
            x += w
        label = row.label if len(row.label) <= 36 else row.label[:35] + "…"
        bars.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" font-size="12"{}>{}</text>{}'
                '<text x="{}" y="{}" font-size="13">{}</text></g>',
                label_width - 8,
                y + 14,
                format_html(' lang="{}"', row.lang) if row.lang else "",
                label,
                SafeString("".join(segments)),
                label_width + bar_width + 6,
                y + 14,
                _("%(value)s %%") % {"value": row.completion},  # "80 %" in German, "80%" in English
            )  # fmt: skip
        )
    legend = format_html_join(
        "", '<li><span class="legend-swatch" style="background:{}"></span>{}</li>',
        ((STATUS_COLOURS[s], s.label) for s in STATUS_ORDER),
    )  # fmt: skip
    return format_html(
        # Focusable: on a phone the chart scrolls sideways, also by keyboard.
        '<figure class="training-chart" tabindex="0" aria-label="{}"><svg role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">{}</svg>'
        '<figcaption><ul class="chart-legend">{}</ul></figcaption></figure>',
        title, title, width, max(height, 20), SafeString("".join(bars)), legend,
    )  # fmt: skip


CSV_HEADER_FIELDS = [
    "user__full_name", "user__email", "user__department__name", "user__department__name_en", "module__title",
    "module__title_en", "status",
    "due_date",
    "completed_at", "valid_until", "cycle", "excused_reason",
    # A withdrawal's reason is worded in the reader's language (Assignment.display_excused_reason).
    "campaign__name", "campaign__withdrawn_at", "campaign__withdrawal_note",
]  # fmt: skip


def csv_header() -> list[str]:
    return [
        _("Name"), _("E-mail"), _("Department"), _("Module"), _("Status"), _("Due date"),
        _("Completed on"), _("Valid until"), _("Round"), _("Reason for excusal"),
    ]  # fmt: skip


def csv_rows(
    rows: QuerySet[Assignment], today: datetime.date, departments: list[Department]
) -> Iterator[list[object]]:
    """One line per assignment, streamed from a single query (server-side cursor on PostgreSQL),
    by department in the order of ``departments`` (``Department.in_reading_order``; people
    without one last).

    Labels and the date format are taken now, in the request's language: the
    response streams after the view has returned.
    """
    labels = {key: str(label) for key, label in Assignment.Status.choices}
    date_pattern = csv_export.DATE_FORMAT
    values = rows.order_by(
        Department.reading_order(departments, "user__department"),
        "user__search_text",  # names as a dictionary has them, "Özlem" among the O's
        "user__full_name",
        "user_id",
        "module__title",
    ).values_list(*CSV_HEADER_FIELDS)
    return _csv_lines(values, today, labels, date_pattern, translation.get_language())


def _csv_lines(values, today, labels, date_pattern, language) -> Iterator[list[object]]:
    tz = timezone.get_current_timezone()

    @functools.cache
    def day(value: datetime.date) -> str:
        # 150,000 rows share a few hundred dates: format each once.
        return dateformat.format(value, date_pattern)

    @functools.cache
    def excusal(*reason_and_campaign) -> str:
        with translation.override(language):  # streamed after the view has returned
            return worded_excused_reason(*reason_and_campaign)

    english = (language or "").startswith("en")
    for (
        name,
        email,
        department,
        department_en,
        module,
        module_en,
        status,
        due,
        completed,
        valid,
        cycle,
        reason,
        campaign,
        withdrawn_at,
        withdrawal_note,
    ) in values.iterator(chunk_size=2000):
        if reason:
            reason = excusal(reason, campaign, withdrawn_at, withdrawal_note)
        module = module_en if english and module_en else module  # Module.display_title
        department = department_en if english and department_en else department  # Department.display_name
        if status in Assignment.OPEN_STATUSES and due < today:
            status = S.OVERDUE
        yield [
            name, email, department or "", module, labels[status], day(due),
            day(completed.astimezone(tz).date()) if completed else "", day(valid) if valid else "", cycle, reason,
        ]  # fmt: skip
