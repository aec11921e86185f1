"""Demo trainings: ten modules with quizzes, a company-wide and a department campaign, and
assignments in every state for every demo person. Running it again creates nothing new."""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portal.models import Department, User
from training.demo_content import MODULES
from training.models import Assignment, Campaign, Choice, Module, Question, QuizAttempt, add_months


def _module(spec: dict) -> Module:
    today = timezone.localdate()
    defaults = {
        "title_en": spec["title_en"], "summary": spec["summary"], "summary_en": spec["summary_en"],
        "body": spec["body"], "body_en": spec["body_en"], "kind": spec["kind"],
        "estimated_minutes": spec["minutes"], "renewal_months": spec.get("renewal_months"),
        "external_url": spec.get("url", ""), "workshop_location": spec.get("location", ""),
        "workshop_location_en": spec.get("location_en", ""),
        "pass_mark": 80, "max_attempts": 3,
    }  # fmt: skip
    if spec.get("renewal_fixed_month"):
        defaults.update(renewal_mode=Module.Renewal.FIXED_DATE, renewal_month=spec["renewal_fixed_month"])
    if spec.get("workshop_days"):
        start = datetime.datetime.combine(
            today + datetime.timedelta(days=spec["workshop_days"]), datetime.time(14, 0),
            tzinfo=timezone.get_current_timezone(),
        )  # fmt: skip
        defaults.update(workshop_starts_at=start, workshop_ends_at=start + datetime.timedelta(hours=2))
    module, created = Module.objects.get_or_create(title=spec["title"], defaults=defaults)
    if created:
        for position, (text, text_en, kind, answers, explanation, explanation_en) in enumerate(
            spec["questions"], start=1
        ):
            question = Question.objects.create(
                module=module, text=text, text_en=text_en, kind=kind, explanation=explanation,
                explanation_en=explanation_en, position=position,
            )  # fmt: skip
            bulk_create_with_history(  # with their first history record, so a rewording can be undone
                [
                    Choice(question=question, text=answer, text_en=answer_en, is_correct=correct, position=i)
                    for i, (answer, answer_en, correct) in enumerate(answers, start=1)
                ],
                Choice,
            )
    elif not module.body_en:
        _add_missing_english(module, spec)
    return module


def _add_missing_english(module: Module, spec: dict) -> None:
    """A demo loaded before the English texts existed gets them now; only empty English fields
    next to unchanged German demo texts are filled, so edits stay as they are."""
    Module.objects.filter(pk=module.pk, body=spec["body"], body_en="").update(body_en=spec["body_en"])
    for text, text_en, _kind, answers, explanation, explanation_en in spec["questions"]:
        questions = module.questions.filter(text=text)
        for answer, answer_en, _correct in answers:
            Choice.objects.filter(question__in=questions, text=answer, text_en="").update(text_en=answer_en)
        questions.filter(explanation=explanation, explanation_en="").update(explanation_en=explanation_en)
        questions.filter(text_en="").update(text_en=text_en)


def _campaign(name: str, module: Module, due: datetime.date, creator: User | None, **targets) -> Campaign:
    campaign, created = Campaign.objects.get_or_create(
        name=name,
        defaults={
            "module": module,
            "due_date": due,
            "created_by": creator,
            "everyone": targets.get("everyone", False),
        },
    )
    if created and targets.get("departments"):
        campaign.departments.set(targets["departments"])
    return campaign


STATES = ["passed", "passed", "in_progress", "not_started", "overdue", "renewal_due", "excused", "passed"]


def _renewal_round(
    module: Module, today: datetime.date, days_left: int
) -> tuple[datetime.date, datetime.date] | None:
    """A first round completed so that, by the module's own renewal rule, it runs out in about
    ``days_left`` days: (completed on, runs out on). None where no renewal can be open today,
    as ``actions.open_renewals`` opens them: the module never renews, or its fixed date is further
    ahead than the notice period."""
    if not module.renews:
        return None
    if module.renewal_mode == Module.Renewal.FIXED_DATE:
        upcoming = module.valid_until(today - datetime.timedelta(days=1))  # the next one, today included
        completed_on = upcoming.replace(year=upcoming.year - 1) + datetime.timedelta(days=days_left)
    else:
        completed_on = add_months(today + datetime.timedelta(days=days_left), -module.renewal_months)
    runs_out = module.valid_until(completed_on)
    notice = datetime.timedelta(days=settings.TRAINING_RENEWAL_NOTICE_DAYS)
    if not (completed_on <= today <= runs_out <= today + notice):
        return None
    return completed_on, runs_out


def _assign(user: User, module: Module, campaign: Campaign | None, state: str, rng: random.Random) -> None:
    today = timezone.localdate()
    now = timezone.now()
    # Draw every number first, so a second run walks the same random sequence.
    days_ago, days_late, days_left = rng.randint(5, 200), rng.randint(3, 40), rng.randint(5, 25)
    if Assignment.objects.filter(user=user, module=module).exists():
        return
    renewal = _renewal_round(module, today, days_left) if state == "renewal_due" else None
    if state == "renewal_due" and renewal is None:
        state = "passed"  # no renewal can be due now: the first round is done, and still valid
    fields: dict = {
        "campaign": campaign,
        "due_date": campaign.due_date if campaign else today + datetime.timedelta(days=21),
    }
    if state == "passed":
        completed = now - datetime.timedelta(days=days_ago)
        fields.update(
            status=Assignment.Status.PASSED, completed_at=completed,
            completed_how=Assignment.Completion.QUIZ if module.questions.exists() else Assignment.Completion.READ,
            valid_until=module.valid_until(timezone.localdate(completed), fields["due_date"]),
        )  # fmt: skip
    elif state == "in_progress":
        fields.update(status=Assignment.Status.IN_PROGRESS)
    elif state == "overdue":
        fields.update(status=Assignment.Status.OVERDUE, due_date=today - datetime.timedelta(days=days_late))
    elif state == "renewal_due":
        # As actions.open_renewals leaves the row: due when the first round runs out, which the
        # row still says, next to that round's completion.
        completed_on, runs_out = renewal
        completed = datetime.datetime.combine(
            completed_on, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
        )
        fields.update(
            status=Assignment.Status.RENEWAL_DUE, cycle=2, due_date=runs_out, valid_until=runs_out,
            completed_at=completed,
        )  # fmt: skip
    elif state == "excused":
        fields.update(status=Assignment.Status.EXCUSED, excused_reason="Elternzeit")
    # Assigned weeks ago, as such a state takes: "now" made the first daily run tell each
    # person of every demo training as new (the notice catch-up), overdue and passed ones too.
    started = fields.get("completed_at") or now - datetime.timedelta(days=days_ago)
    fields["assigned_at"] = started - datetime.timedelta(days=14)
    assignment = Assignment.objects.create(user=user, module=module, **fields)
    if state in ("passed", "renewal_due") and module.questions.exists():
        QuizAttempt.objects.create(  # the first round's
            assignment=assignment,
            cycle=1,
            number=1,
            answers={},
            score=100,
            passed=True,
            submitted_at=assignment.completed_at,
        )


def load(stdout) -> None:
    today = timezone.localdate()
    modules = [_module(spec) for spec in MODULES]
    by_title = {m.title: m for m in modules}
    hr = User.objects.filter(email="hr@example.com").first()
    sales = Department.objects.filter(name="Vertrieb").first()
    company = _campaign(
        "Social Media 2026: Grundlagen für alle", by_title["Social-Media-Grundlagen"],
        today + datetime.timedelta(days=30), hr, everyone=True,
    )  # fmt: skip
    taboo = _campaign(
        "Leitlinien und Tabuthemen – jährliche Auffrischung", by_title["Leitlinien und Tabuthemen"],
        today + datetime.timedelta(days=45), hr, everyone=True,
    )  # fmt: skip
    workshop = _campaign(
        "Vertrieb: LinkedIn-Profil-Workshop", by_title["LinkedIn-Profil-Workshop"],
        today + datetime.timedelta(days=28), hr, departments=[sales] if sales else [],
    )  # fmt: skip
    rng = random.Random(7)  # noqa: S311 - the same demo on every machine
    people = list(User.objects.filter(is_active=True).select_related("department").order_by("email"))
    others = [m for m in modules if m.title not in {c.module.title for c in (company, taboo, workshop)}]
    for index, person in enumerate(people):
        _assign(person, company.module, company, STATES[index % len(STATES)], rng)
        _assign(person, taboo.module, taboo, STATES[(index + 3) % len(STATES)], rng)
        if sales and person.department_id == sales.pk:
            _assign(person, workshop.module, workshop, "not_started", rng)
        for module in rng.sample(others, 2):
            _assign(person, module, None, rng.choice(STATES), rng)
    # The demo employee sees one of everything.
    erika = User.objects.filter(email="employee@example.com").first()
    if erika:
        for module, state in zip(
            others, ["not_started", "overdue", "passed", "in_progress", "renewal_due"], strict=False
        ):
            _assign(erika, module, None, state, rng)
    stdout.write(
        f"  trainings: {Module.objects.count()} modules, {Campaign.objects.count()} campaigns, "
        f"{Assignment.objects.count()} assignments"
    )
