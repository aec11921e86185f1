"""Benchmark: the advisor directory, its search and the inbox with 500 advisors × 10,000 questions.

Runs against PostgreSQL (production's engine): DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/portal_contacts_bench (created if missing).
The data is generated once and reused while it has the expected size.
Prints p50/p95 wall time and the number of SQL queries per request.

    .venv/bin/python bench/contacts_directory.py [--advisors 500] [--questions 10000] [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import time

from pgsetup import setup_django

setup_django("portal_contacts_bench")

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from contacts.models import Advisor, AdvisorTopic, Language, Question, QuestionRecipient  # noqa: E402
from portal.lib.i18n import search_key  # noqa: E402
from portal.models import Department, User  # noqa: E402
from portal.roles import Role  # noqa: E402

BENCH_ADVISOR = "bench-advisor@example.com"


def populate(advisors: int, questions: int) -> None:
    if Advisor.objects.count() == advisors and Question.objects.count() == questions:
        return
    print(f"generating {advisors} advisors and {questions} questions …", flush=True)
    with transaction.atomic():
        QuestionRecipient.objects.all().delete()
        Question.objects.all().delete()
        Advisor.objects.all().delete()
        departments = [Department.objects.get_or_create(name=f"Bench {i}")[0] for i in range(8)]
        topics = [AdvisorTopic.objects.get_or_create(slug=f"bench-{i}", defaults={"name": f"Thema {i}"})[0]
                  for i in range(20)]  # fmt: skip
        languages = list(Language.objects.all())
        user = User.objects.filter(email=BENCH_ADVISOR).first() or User.objects.create_user(
            BENCH_ADVISOR, "bench-pass-123", full_name="Bench Advisor"
        )
        user.groups.add(Group.objects.get(name=Role.ADVISOR.value))
        created = Advisor.objects.bulk_create(
            Advisor(name=f"Person {i:04d}", email=f"p{i}@example.com", department=departments[i % 8],
                    job_title="Referentin", office_hours="Mo–Fr 9–17",
                    search_text=search_key(f"Person {i:04d} Referentin"))  # as save() keeps it
            for i in range(advisors - 1)
        )  # fmt: skip
        created.append(Advisor.objects.create(user=user, name="Bench Advisor", email=BENCH_ADVISOR))
        Advisor.topics.through.objects.bulk_create(
            Advisor.topics.through(advisor_id=a.pk, advisortopic_id=topics[(i + k) % 20].pk)
            for i, a in enumerate(created)
            for k in range(3)
        )
        Advisor.languages.through.objects.bulk_create(
            Advisor.languages.through(advisor_id=a.pk, language_id=languages[(i + k) % len(languages)].pk)
            for i, a in enumerate(created)
            for k in range(2)
        )
        statuses = Question.Status.values
        asked = Question.objects.bulk_create(
            Question(subject=f"Frage {i}", body="…", topic=topics[i % 20], routed_to=Question.Route.TOPIC,
                     status=statuses[i % 3], is_anonymous=bool(i % 2))
            for i in range(questions)
        )  # fmt: skip
        # Every question goes to the bench advisor and two others: a full inbox.
        QuestionRecipient.objects.bulk_create(
            QuestionRecipient(question_id=q.pk, advisor_id=advisor.pk)
            for i, q in enumerate(asked)
            for advisor in {created[-1], created[i % (advisors - 1)], created[(i * 7) % (advisors - 1)]}
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    timings = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--advisors", type=int, default=500)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    populate(args.advisors, args.questions)
    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(email=BENCH_ADVISOR))
    pages = [
        ("directory", "/advisors/"),
        ("directory, page 10", "/advisors/?page=10"),
        ("search by topic", "/advisors/?q=Thema+1"),
        ("filter topic+language", f"/advisors/?topic={AdvisorTopic.objects.first().pk}&language={Language.objects.first().pk}"),
        ("topic page", f"/advisors/topics/{AdvisorTopic.objects.first().slug}/"),
        ("inbox (open)", "/advisors/inbox/"),
        ("inbox, page 20", "/advisors/inbox/?status=answered&page=20"),
        ("my questions", "/advisors/questions/"),
    ]  # fmt: skip
    print(f"{Advisor.objects.count()} advisors, {Question.objects.count()} questions, "
          f"{QuestionRecipient.objects.count()} routings; {args.runs} runs each")  # fmt: skip
    print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for label, url in pages:
        p50, p95, queries = measure(client, url, args.runs)
        print(f"{label:<24}{p50:>9.1f}{p95:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main()
