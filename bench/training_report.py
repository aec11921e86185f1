"""Benchmark: the HR training report and CSV export with 5,000 people × 30 modules.

Runs against PostgreSQL (production's engine): DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/portal_training_bench (created if missing).
The data is generated once and reused while it has the expected size.
Prints p50/p95 wall time and the number of SQL queries per request.

    .venv/bin/python bench/training_report.py [--people 5000] [--modules 30] [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime
import time

from pgsetup import percentile, setup_django

setup_django("portal_training_bench")

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.models import Department, User  # noqa: E402
from portal.roles import Role  # noqa: E402
from training.models import Assignment, Module  # noqa: E402

DEPARTMENTS = ["Vertrieb", "Marketing", "Unternehmenskommunikation", "Personal", "Entwicklung",
               "Kundenservice", "Finanzen", "Recht"]  # fmt: skip
STATUSES = [
    (Assignment.Status.PASSED, -30), (Assignment.Status.PASSED, -60), (Assignment.Status.PASSED, -90),
    (Assignment.Status.NOT_STARTED, 20), (Assignment.Status.IN_PROGRESS, 10), (Assignment.Status.OVERDUE, -5),
    (Assignment.Status.RENEWAL_DUE, 25), (Assignment.Status.EXCUSED, 0), (Assignment.Status.IN_PROGRESS, -2),
]  # fmt: skip


def generate(people: int, modules: int) -> None:
    expected = people * modules
    bench_users = User.objects.filter(email__startswith="person", email__endswith="@bench.example")
    if Assignment.objects.count() == expected and bench_users.count() == people:
        print(f"reusing {expected:,} assignments")
        return
    started = time.perf_counter()
    with transaction.atomic():
        Assignment.objects.all().delete()
        Module.objects.all().delete()
        bench_users.delete()
        departments = [Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS]
        User.objects.bulk_create(
            [
                User(email=f"person{i:05d}@bench.example", full_name=f"Person {i:05d}",
                     department=departments[i % len(departments)], password="!")  # noqa: S106 - unusable
                for i in range(people)
            ],
            batch_size=2000,
        )  # fmt: skip
        module_rows = Module.objects.bulk_create(
            [
                Module(title=f"Bench-Modul {j:02d}", title_en=f"Bench module {j:02d}", renewal_months=12)
                for j in range(modules)
            ]
        )
        user_ids = list(bench_users.order_by("pk").values_list("pk", flat=True))
        today = timezone.localdate()
        now = timezone.now()
        batch = []
        for i, user_id in enumerate(user_ids):
            for j, module in enumerate(module_rows):
                status, offset = STATUSES[(i * 7 + j) % len(STATUSES)]
                passed = status == Assignment.Status.PASSED
                batch.append(
                    Assignment(
                        user_id=user_id, module=module, status=status,
                        due_date=today + datetime.timedelta(days=offset),
                        completed_at=now + datetime.timedelta(days=offset) if passed else None,
                        valid_until=today + datetime.timedelta(days=365 + offset) if passed else None,
                        excused_reason="Elternzeit" if status == Assignment.Status.EXCUSED else "",
                    )
                )  # fmt: skip
            if len(batch) >= 10000:
                Assignment.objects.bulk_create(batch)
                batch = []
        Assignment.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {people:,} people × {modules} modules = {expected:,} assignments "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip


def measure(client: Client, url: str, runs: int, stream: bool = False) -> tuple[list[float], int, int]:
    timings, queries, size = [], 0, 0
    for run in range(runs + 2):  # two warm-up runs
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if stream else response.content
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        if run >= 2:
            timings.append(elapsed * 1000)
        queries, size = len(captured), len(body)
    return timings, queries, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--modules", type=int, default=30)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--csv-runs", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    setup_test_environment()
    generate(args.people, args.modules)
    hr, _created = User.objects.get_or_create(email="hr@bench.example", defaults={"full_name": "HR Bench"})
    hr.groups.add(Group.objects.get(name=Role.HR.value))
    client = Client()
    client.force_login(hr)
    module = Module.objects.order_by("pk").first()
    department = Department.objects.get(name="Vertrieb")

    print(f"{Assignment.objects.count():,} assignments, PostgreSQL {connection.pg_version // 10000}")
    print(f"{'request':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'bytes':>11}")
    cases = [
        ("HR report", "/trainings/hr/", args.runs, False),
        ("HR report, filtered by module", f"/trainings/hr/?module={module.pk}", args.runs, False),
        ("HR report, department + overdue", f"/trainings/hr/?department={department.pk}&status=overdue",
         args.runs, False),
        ("CSV export (all 150,000 rows)", "/trainings/hr/export.csv", args.csv_runs, True),
        ("CSV export, one department", f"/trainings/hr/export.csv?department={department.pk}", args.csv_runs, True),
    ]  # fmt: skip
    for label, url, runs, stream in cases:
        timings, queries, size = measure(client, url, runs, stream)
        print(
            f"{label:<44} {percentile(timings, 50):>8.1f} {percentile(timings, 95):>8.1f} {queries:>8} {size:>11,}"
        )
    print("target: HR report p95 < 300 ms; queries stay constant as data grows (tests/training/test_hr.py)")


if __name__ == "__main__":
    main()
