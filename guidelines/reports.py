"""Acknowledgement rates per department and who is missing (HR and comms)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from guidelines.models import Acknowledgement, GuidelineVersion, users_with_acknowledgement
from portal.lib.i18n import fold
from portal.lib.numbers import parse_int
from portal.models import Department, User

NO_DEPARTMENT = "none"


@dataclass
class DepartmentRate:
    department_id: int | None
    name: str
    total: int
    acknowledged: int

    @property
    def missing(self) -> int:
        return self.total - self.acknowledged

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.total) if self.total else 100


def _people(baseline: GuidelineVersion | None) -> QuerySet:
    return users_with_acknowledgement(get_user_model().objects.filter(is_active=True), baseline)


def department_rates(baseline: GuidelineVersion | None) -> tuple[list[DepartmentRate], DepartmentRate]:
    """One row per department (people without one last) and the company total; one query."""
    rows = (
        _people(baseline)
        .order_by()
        .values("department_id", "department__name", "department__name_en")
        .annotate(total=Count("pk"), acknowledged=Count("pk", filter=Q(acknowledged=True)))
    )
    rates = [
        DepartmentRate(
            r["department_id"],
            Department(name=r["department__name"] or "", name_en=r["department__name_en"] or "").display_name,
            r["total"],
            r["acknowledged"],
        )
        for r in rows
    ]
    # As Department.in_reading_order, the filter's order: "Ärztlicher Dienst" among the A.
    rates.sort(key=lambda r: (r.department_id is None, fold(r.name)))
    total = DepartmentRate(None, "", sum(r.total for r in rates), sum(r.acknowledged for r in rates))
    return rates, total


def is_department_choice(department: str) -> bool:
    """Whether ``department`` (from the query string) is a choice: all, none, or a department's id."""
    if department in ("", NO_DEPARTMENT):
        return True
    department_id = parse_int(department)
    return department_id is not None and Department.objects.filter(pk=department_id).exists()


def missing_people(
    baseline: GuidelineVersion | None, department: str = "", departments: list[Department] | None = None
) -> QuerySet:
    """Active people whose acknowledgement is not up to date, with their last one: by department
    in the reader's alphabetical order (``departments``, as ``Department.in_reading_order`` gives
    them; read if not given), those without one last, as the rates above them."""
    if departments is None:
        departments = Department.in_reading_order()
    latest = Acknowledgement.objects.filter(user=OuterRef("pk")).order_by("-version__number")
    people = (
        _people(baseline)
        .filter(acknowledged=False)
        .select_related("department")
        .annotate(
            last_version=Subquery(latest.values("version__number")[:1]),
            last_acknowledged_at=Subquery(latest.values("acknowledged_at")[:1]),
        )
        .order_by(Department.reading_order(departments), *User.name_order())
    )
    if department == NO_DEPARTMENT:
        people = people.filter(department__isnull=True)
    elif (department_id := parse_int(department)) is not None:
        people = people.filter(department_id=department_id)
    return people
