"""Writes that span rows or have side effects: assigning, completing, grading, renewing.

Each function owns its transaction. Times are decided in the portal's time zone
(Europe/Berlin): "today" is ``timezone.localdate()``.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from portal.lib.history import restore_row
from portal.lib.mail import absolute_url, notify
from portal.models import User
from training.models import Assignment, Campaign, Choice, Module, Question, QuizAttempt


def targeted_users(campaign: Campaign) -> QuerySet[User]:
    """Active people a campaign is meant for: everyone, its departments' members, its people."""
    people = User.objects.filter(is_active=True)
    if campaign.everyone:
        return people
    return people.filter(
        Q(department__in=campaign.departments.all()) | Q(pk__in=campaign.people.all())
    ).distinct()


def _bulk_assign(
    module: Module, users, due_date: datetime.date, campaign: Campaign | None, by: User | None = None
) -> int:
    """Create missing assignments; existing ones (from any campaign) stay as they are, except those
    a withdrawn campaign left excused: this campaign takes them over. Returns how many it got."""
    user_ids = (
        set(users.values_list("pk", flat=True)) if isinstance(users, QuerySet) else {u.pk for u in users}
    )
    existing = Assignment.objects.filter(module=module, user_id__in=user_ids)
    freed = list(existing.filter(withdrawn_with_campaign()).select_related("module")) if campaign else []
    today, now = timezone.localdate(), timezone.now()
    for assignment in freed:
        assignment.campaign, assignment.due_date = campaign, due_date
        assignment.status = _status_when_due_again(assignment, today)
        assignment.excused_reason = assignment.status_before_excusal = ""
        assignment.assigned_at = now  # assigned again: told again (reminders.send_assignment_notices)
    if freed:
        bulk_update_with_history(
            freed, Assignment,
            ["campaign", "due_date", "status", "excused_reason", "status_before_excusal", "assigned_at"],
            batch_size=500, default_user=by or campaign.created_by,
        )  # fmt: skip
    held = set(existing.values_list("user_id", flat=True))
    new = [
        Assignment(user_id=uid, module=module, campaign=campaign, due_date=due_date)
        for uid in sorted(user_ids - held)
    ]
    # The unique constraint is the real guard: a concurrent run's rows are skipped.
    Assignment.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    # Each with its first history record ("created"), as a single save would write: the person's
    # history starts with the assignment. (ignore_conflicts returns no ids: read them back.)
    created = list(
        Assignment.objects.filter(module=module, user_id__in=[a.user_id for a in new], campaign=campaign)
    )
    Assignment.history.bulk_history_create(
        created, batch_size=1000, default_user=campaign.created_by if campaign else None
    )
    _tell_assigned([a.pk for a in created] + [a.pk for a in freed])
    return len(new) + len(freed)


def _tell_assigned(assignment_ids: list[int]) -> None:
    """The people learn of their new assignments (and renewal rounds) at once, by e-mail, once the
    assigning commits.

    In the background: a campaign for the whole company is thousands of mails. ``robust``: a
    broker that is down must not undo the assigning; the daily run tells them then.
    """
    from training.tasks import send_assignment_notices

    if assignment_ids:
        transaction.on_commit(lambda: send_assignment_notices.delay(assignment_ids), robust=True)


def withdrawn_with_campaign() -> Q:
    """Assignments their campaign's withdrawal excused, untouched since (its note is their reason)."""
    return Q(
        status=Assignment.Status.EXCUSED,
        campaign__withdrawn_at__isnull=False,
        excused_reason=F("campaign__withdrawal_note"),
    )


def _status_when_due_again(assignment: Assignment, today: datetime.date) -> str:
    """An excused assignment's status once it counts again: as before, or overdue by now."""
    before = assignment.status_before_excusal
    if assignment.due_date < today:
        return Assignment.Status.OVERDUE
    if before in Assignment.OPEN_STATUSES and before != Assignment.Status.OVERDUE:
        return before  # as it was a moment ago: no query per person
    return _reopened_status(assignment, before)


@transaction.atomic
def create_campaign(
    *,
    name: str,
    module: Module,
    due_date: datetime.date,
    created_by: User,
    everyone: bool = False,
    departments=(),
    people=(),
    enrol_late_joiners: bool = True,
    late_joiner_days: int | None = None,
) -> tuple[Campaign, int]:
    """Create a campaign and assign its module; returns it and how many assignments are new."""
    campaign = Campaign.objects.create(
        name=name, module=module, due_date=due_date, everyone=everyone, created_by=created_by,
        enrol_late_joiners=enrol_late_joiners,
        late_joiner_days=late_joiner_days or settings.TRAINING_LATE_JOINER_DAYS,
    )  # fmt: skip
    campaign.departments.set(departments)
    campaign.people.set(people)
    created = _bulk_assign(module, targeted_users(campaign), due_date, campaign)
    return campaign, created


DOUBLE_SUBMIT_WINDOW = datetime.timedelta(minutes=5)


def recent_duplicate_campaign(
    created_by: User,
    *,
    name: str,
    module: Module,
    due_date,
    everyone: bool,
    departments,
    people,
    enrol_late_joiners: bool,
    late_joiner_days: int | None,
) -> Campaign | None:
    """The same campaign, for the same audience, created by the same person minutes ago: a double
    submit, not a new one. (The same name for other people, or with other late-joiner settings,
    is a campaign of its own.)"""

    def audience(everyone, departments, people) -> tuple:
        return everyone, {d.pk for d in departments}, {p.pk for p in people}

    candidates = (
        Campaign.objects.filter(
            created_by=created_by,
            name=name,
            module=module,
            due_date=due_date,
            enrol_late_joiners=enrol_late_joiners,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            withdrawn_at__isnull=True,  # created again after withdrawing it: meant
        )
        .prefetch_related("departments", "people")
        .order_by("-created_at")
    )
    if enrol_late_joiners:
        candidates = candidates.filter(late_joiner_days=late_joiner_days)
    wanted = audience(everyone, departments, people)
    return next(
        (c for c in candidates if audience(c.everyone, c.departments.all(), c.people.all()) == wanted), None
    )


def late_joiners_due_date(campaign: Campaign, today: datetime.date) -> datetime.date:
    """The campaign's ``late_joiner_days`` after today, but never before everyone else's due date,
    nor before its workshop (moved since the campaign began): overdue before they could attend."""
    workshop = campaign.module.workshop_last_day or today
    return max(campaign.due_date, today + datetime.timedelta(days=campaign.late_joiner_days), workshop)


def move_due_dates_to_workshop(module: Module) -> int:
    """HR moved a workshop later: whoever was due before its day is due on it (each a change in
    their history, as a single extension is). Returns how many."""
    day = module.workshop_last_day
    due_before = list(module.due_before_workshop())
    for assignment in due_before:
        extend_due_date(assignment, day)  # locks and reads the row itself
    return len(due_before)


def enrol_late_joiners(user: User | None = None, today: datetime.date | None = None) -> int:
    """Give people who joined a targeted department (or the company) their campaigns' modules.

    The due date is the campaign's ``late_joiner_days`` after today, the day we
    notice them (the daily task, or at once when their account or department is saved),
    or the campaign's own due date if that is later.
    """
    today = today or timezone.localdate()
    created = 0
    campaigns = Campaign.objects.filter(
        enrol_late_joiners=True, module__active=True, withdrawn_at__isnull=True
    ).select_related("module")
    if user is not None:
        if not user.is_active:
            return 0
        campaigns = campaigns.filter(Q(everyone=True) | Q(departments=user.department_id)).distinct()
    for campaign in campaigns:
        if campaign.module.workshop_over(today):
            continue  # nobody could attend it any more (a new date enrols them then)
        # Not those who have the module already, unless only a withdrawn campaign left it excused.
        holding = Assignment.objects.filter(user=OuterRef("pk"), module=campaign.module).exclude(
            withdrawn_with_campaign()
        )
        users = targeted_users(campaign).exclude(Exists(holding))
        if user is not None:
            users = users.filter(pk=user.pk)
        # Never earlier than everyone else's due date: joining late gives no less time.
        due = late_joiners_due_date(campaign, today)
        with transaction.atomic():
            created += _bulk_assign(campaign.module, users, due, campaign)
    return created


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("module").get(pk=assignment.pk)


class DueDateChanged(Exception):
    """A colleague (or another tab) set another due date since the page showed ``shown``."""


@transaction.atomic
def extend_due_date(
    assignment: Assignment, new_due_date: datetime.date, shown: datetime.date | None = None
) -> Assignment:
    """HR: give a person more time. An overdue assignment becomes open again.

    ``shown``: the due date the page showed (None: not checked); if it has changed since,
    to another date than this one, nothing is changed (DueDateChanged).
    """
    assignment = _locked(assignment)
    if assignment.due_date == new_due_date:
        return assignment  # a second click, two at once: no second entry in the person's history
    if shown is not None and assignment.due_date != shown:
        raise DueDateChanged
    assignment.due_date = new_due_date
    if assignment.status == Assignment.Status.OVERDUE and new_due_date >= timezone.localdate():
        assignment.status = _open_status(assignment)
    assignment.save(update_fields=["due_date", "status"])
    return assignment


def _open_status(assignment: Assignment) -> str:
    """What an assignment that is to be done is: overdue, or by how far the person got."""
    if assignment.due_date < timezone.localdate():
        return Assignment.Status.OVERDUE
    if assignment.cycle > 1:
        return Assignment.Status.RENEWAL_DUE
    if assignment.started or assignment.attempts.filter(cycle=assignment.cycle).exists():
        return Assignment.Status.IN_PROGRESS
    return Assignment.Status.NOT_STARTED


def _reopened_status(assignment: Assignment, status_before: str) -> str:
    """The status of an assignment that is to be done again; "in progress" if it was before."""
    status = _open_status(assignment)
    if status == Assignment.Status.NOT_STARTED and status_before == Assignment.Status.IN_PROGRESS:
        return Assignment.Status.IN_PROGRESS  # they had begun before
    return status


@transaction.atomic
def excuse(assignment: Assignment, reason: str) -> Assignment:
    """HR: excuse a person (parental leave, already trained elsewhere) with a reason."""
    assignment = _locked(assignment)
    if assignment.status == Assignment.Status.EXCUSED and assignment.excused_reason == reason:
        return assignment  # two clicks at once: the second waited for the first's lock
    if assignment.status != Assignment.Status.EXCUSED:
        assignment.status_before_excusal = assignment.status
    assignment.status = Assignment.Status.EXCUSED
    assignment.excused_reason = reason
    assignment.save(update_fields=["status", "excused_reason", "status_before_excusal"])
    return assignment


@transaction.atomic
def withdraw_campaign(campaign: Campaign, user: User) -> tuple[int, int] | None:
    """HR: take back a campaign created by mistake. Its open assignments are excused (each with
    its history record, saying who), nobody joins it later; passed ones stay. People another
    campaign of the module is meant for keep theirs, now that one's. Returns how many were
    excused (of active people, as the campaign's page lists them) and how many went to another
    campaign; None if withdrawn already (a second tab)."""
    # The module's campaigns locked in one order: this one's people may go to another, and two HR
    # people withdrawing two of them at once would otherwise wait for each other for good.
    locked = {
        c.pk: c for c in Campaign.objects.select_for_update().filter(module=campaign.module).order_by("pk")
    }
    campaign = locked[campaign.pk]
    if campaign.withdrawn_at is not None:
        return None
    campaign.withdrawn_at, campaign.withdrawn_by = timezone.now(), user
    # Stored in German, the portal's first language, readable as it is (the admin, the database);
    # it marks the excusals it makes (withdrawn_with_campaign), and pages word the reason in
    # their reader's language (Assignment.display_excused_reason).
    with translation.override(settings.LANGUAGE_CODE):
        campaign.withdrawal_note = campaign.withdrawal_reason()[:300]
    campaign.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    open_ones = campaign.assignments.open()
    rows = list(open_ones.values_list("pk", "user_id", "user__is_active"))
    ids, user_ids = [pk for pk, _user, _active in rows], [user for _pk, user, _active in rows]
    open_ones.update(
        status_before_excusal=F("status"),
        status=Assignment.Status.EXCUSED,
        excused_reason=campaign.withdrawal_note,
    )
    Assignment.history.bulk_history_create(
        list(Assignment.objects.filter(pk__in=ids)), batch_size=1000, update=True, default_user=user
    )
    # The campaign meant instead, created after this one (its people had this one's assignment
    # then, so it left them out), takes them over; an older campaign only as it takes late joiners.
    moved = 0
    today = timezone.localdate()
    others = [c for c in locked.values() if c.pk != campaign.pk and c.withdrawn_at is None]
    for other in sorted(others, key=lambda c: c.created_at, reverse=True):
        if other.created_at > campaign.created_at:
            due = other.due_date
        elif other.enrol_late_joiners:
            due = late_joiners_due_date(other, today)
        else:
            continue
        users = targeted_users(other).filter(pk__in=user_ids)
        moved += _bulk_assign(campaign.module, users, due, other, by=user)
    # Counted as the campaign's page lists them: people who left are excused too, but not counted.
    return sum(active for _pk, _user, active in rows) - moved, moved


@transaction.atomic
def undo_withdrawal(campaign: Campaign, user: User) -> int | None:
    """HR: the campaign counts again. The assignments its withdrawal excused (and nobody has
    touched since, nor another campaign taken over) are due again as they were. Returns how many
    (of active people); None if it is not withdrawn (undone in another tab)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.withdrawn_at is None:
        return None
    excused = list(campaign.assignments.filter(withdrawn_with_campaign()).select_related("module", "user"))
    today = timezone.localdate()
    for assignment in excused:
        assignment.status = _status_when_due_again(assignment, today)
        assignment.excused_reason = assignment.status_before_excusal = ""
    bulk_update_with_history(
        excused,
        Assignment,
        ["status", "excused_reason", "status_before_excusal"],
        batch_size=500,
        default_user=user,
    )
    campaign.withdrawn_at, campaign.withdrawn_by, campaign.withdrawal_note = None, None, ""
    campaign.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    return sum(assignment.user.is_active for assignment in excused)  # as the campaign's page counts


@transaction.atomic
def reinstate(assignment: Assignment) -> Assignment:
    """HR: lift an excusal (the parental leave is over); the training is due again."""
    assignment = _locked(assignment)
    if assignment.status == Assignment.Status.EXCUSED:
        assignment.status = _reopened_status(assignment, assignment.status_before_excusal)
        assignment.excused_reason = assignment.status_before_excusal = ""
        assignment.save(update_fields=["status", "excused_reason", "status_before_excusal"])
    return assignment


def _complete(assignment: Assignment, how: str) -> None:
    now = timezone.now()
    assignment.status = Assignment.Status.PASSED
    assignment.completed_at = now
    assignment.completed_how = how
    assignment.valid_until = assignment.module.valid_until(timezone.localdate(now), assignment.due_date)
    assignment.excused_reason = ""
    assignment.save(
        update_fields=["status", "completed_at", "completed_how", "valid_until", "excused_reason"]
    )


@transaction.atomic
def record_attendance(assignment: Assignment) -> Assignment:
    """HR: the person attended the workshop; that completes it (once: a second click changes nothing)."""
    assignment = _locked(assignment)
    if assignment.is_open:
        _complete(assignment, Assignment.Completion.ATTENDED)
    return assignment


@transaction.atomic
def undo_attendance(assignment: Assignment) -> Assignment:
    """HR: attendance recorded by mistake: the workshop is to be done again, as it was before."""
    assignment = _locked(assignment)
    _reopen_completed(assignment, {Assignment.Completion.ATTENDED})
    return assignment


# The completions that are the person's own word, which they may take back.
SELF_COMPLETIONS = frozenset({Assignment.Completion.READ, Assignment.Completion.CONFIRMED})


@transaction.atomic
def take_back_completion(assignment: Assignment) -> bool:
    """The person: a lesson marked read or a training confirmed by mistake is to be done again,
    as it was before. Only their own word is taken back: a quiz passed or an attendance HR
    recorded stays. Whether it was taken back (not: a second click, or not theirs to take back)."""
    assignment = _locked(assignment)
    return _reopen_completed(assignment, SELF_COMPLETIONS)


def _reopen_completed(assignment: Assignment, ways: Collection[str]) -> bool:
    """A completion (one of ``ways``) by mistake: the assignment as it was before it, locked."""
    if assignment.status != Assignment.Status.PASSED or assignment.completed_how not in ways:
        return False
    before = (
        assignment.history.exclude(status=Assignment.Status.PASSED)
        .order_by("-history_date", "-history_id")
        .first()
    )
    assignment.completed_at = before.completed_at if before else None
    assignment.completed_how = before.completed_how if before else ""
    assignment.valid_until = before.valid_until if before else None
    assignment.status = _reopened_status(assignment, before.status if before else "")
    assignment.save(update_fields=["status", "completed_at", "completed_how", "valid_until"])
    return True


def mark_started(assignment: Assignment) -> None:
    """The person opened the module: not started → in progress (nothing else changes).

    A queryset update on purpose: it writes no history record, so HR sees the
    status but never *when* somebody opened a lesson (no reading statistics).
    """
    not_started = Q(status=Assignment.Status.NOT_STARTED)
    Assignment.objects.filter(not_started | Q(started=False), pk=assignment.pk).update(
        started=True,
        status=Case(When(not_started, then=Value(Assignment.Status.IN_PROGRESS)), default=F("status")),
    )
    assignment.started = True


class CompletionRefused(Exception):
    pass


@transaction.atomic
def complete_by_employee(assignment: Assignment) -> Assignment:
    """The person read a lesson without quiz or confirms an external link."""
    assignment = _locked(assignment)
    module = assignment.module
    if assignment.status == Assignment.Status.EXCUSED:
        # Excused while the page was open: it is not completed, and there is nothing to do.
        raise CompletionRefused(closed_quiz_message(assignment))
    if not assignment.is_open:
        raise CompletionRefused(_("This training is already completed."))
    if module.kind == Module.Kind.WORKSHOP:
        raise CompletionRefused(_("A workshop is completed when HR records your attendance."))
    if module.quiz_questions().exists():
        raise CompletionRefused(_("Please pass the quiz to complete this training."))
    how = Assignment.Completion.CONFIRMED if module.kind == Module.Kind.LINK else Assignment.Completion.READ
    _complete(assignment, how)
    return assignment


class QuizRefused(Exception):
    """The submission cannot be graded; ``unanswered``: the ids of the questions left out, if that is why."""

    def __init__(self, message: str, unanswered: frozenset[int] = frozenset()):
        super().__init__(message)
        self.unanswered = unanswered


@dataclass
class Grading:
    attempt: QuizAttempt
    # question id → set of choice ids, and whether the question was answered right
    wrong_questions: set[int] = field(default_factory=set)


def attempts_left(assignment: Assignment) -> int | None:
    """None = unlimited."""
    limit = assignment.module.max_attempts
    if not limit:
        return None
    used = assignment.attempts.filter(cycle=assignment.cycle).count()
    return max(limit + assignment.extra_attempts - used, 0)


@transaction.atomic
def grant_attempts(assignment: Assignment) -> Assignment:
    """HR: someone used up the quiz attempts; give them the module's number of attempts again.

    The earlier attempts stay on record.
    """
    assignment = _locked(assignment)
    if assignment.is_open and assignment.module.max_attempts and attempts_left(assignment) == 0:
        # As many extra as were used: the module's number left, whatever the limit was when they
        # were used (adding the limit to the extra gave too few, or none, after HR lowered it).
        assignment.extra_attempts = assignment.attempts.filter(cycle=assignment.cycle).count()
        assignment.save(update_fields=["extra_attempts"])
        transaction.on_commit(lambda: _tell_attempts_granted(assignment))
    return assignment


def _tell_attempts_granted(assignment: Assignment) -> None:
    """The person waiting to try again learns it from HR's click, not by looking now and then."""
    due_date = assignment.due_date
    context = {
        "assignment": assignment,
        "module": assignment.module,
        "attempts": assignment.module.max_attempts,
        "due_date": due_date if due_date and due_date >= timezone.localdate() else None,
        "url": absolute_url(reverse("training:detail", args=[assignment.pk])),
    }
    notify(assignment.user, "training/email/attempts_granted", context)


def grade(module: Module, submitted: dict[int, list[int]]) -> tuple[int, set[int]]:
    """Score ``submitted`` (question id → choice ids) in percent; also the wrongly answered questions.

    A question counts only when the chosen set equals the correct set exactly.
    """
    questions = list(module.quiz_questions().prefetch_related("choices"))
    wrong = set()
    for question in questions:
        correct = {c.pk for c in question.choices.all() if c.is_correct}
        if set(submitted.get(question.pk, [])) != correct:
            wrong.add(question.pk)
    return percent_right(len(questions) - len(wrong), len(questions)), wrong


def percent_right(right: int, questions: int) -> int:
    """The percentage of ``questions`` answered right, rounded as a quiz is graded."""
    return round(100 * right / questions) if questions else 0


def right_answers_needed(module: Module, questions: int) -> int:
    """How many of ``questions`` must be answered right to reach the module's pass mark."""
    return next(
        right for right in range(questions + 1) if percent_right(right, questions) >= module.pass_mark
    )


def validate_answers(module: Module, raw: dict[str, list[str]]) -> dict[int, list[int]]:
    """Check raw POST data (``q<question id>`` → choice ids) against the module's own quiz.

    Refuses answers to questions of another module, choices of another
    question, several answers to a single-choice question, the same choice
    twice, and unanswered questions; never trusts anything else from the form.
    """
    questions = {q.pk: q for q in module.quiz_questions().prefetch_related("choices")}
    answers: dict[int, list[int]] = {}
    for key, values in raw.items():
        if not key.startswith("q"):
            continue
        try:
            question_id = int(key[1:])
            choice_ids = [int(v) for v in values]
        except ValueError:
            raise QuizRefused(_("The answers could not be read. Please answer the quiz again.")) from None
        question = questions.get(question_id)
        if question is None:
            raise QuizRefused(_("The answers do not belong to this quiz. Please answer the quiz again."))
        valid_choices = {c.pk for c in question.choices.all()}
        if len(set(choice_ids)) != len(choice_ids) or not set(choice_ids) <= valid_choices:
            raise QuizRefused(_("The answers do not belong to this quiz. Please answer the quiz again."))
        if question.kind == question.Kind.SINGLE and len(choice_ids) > 1:
            raise QuizRefused(_("Please choose only one answer where only one is asked for."))
        answers[question_id] = choice_ids
    missing = frozenset(q.pk for q in questions.values() if not answers.get(q.pk))
    if missing:
        raise QuizRefused(_("Please answer every question."), unanswered=missing)
    return answers


def closed_quiz_message(assignment: Assignment) -> str:
    """Why a closed assignment's quiz cannot be taken: passed, or excused by HR."""
    if assignment.status == Assignment.Status.EXCUSED:
        return _("You are excused from this training – there is nothing to do.")
    return _("You have already passed this quiz.")


def submit_quiz(assignment: Assignment, raw: dict[str, list[str]], attempt_number: int) -> Grading:
    """Grade a submission on the server and store it; a pass completes the assignment.

    ``attempt_number`` comes from the form the person was shown: a form sent
    again (back button, double click, second tab) no longer matches and is refused.
    """
    with transaction.atomic():
        assignment = _locked(assignment)
        module = assignment.module
        if not assignment.is_open:
            raise QuizRefused(closed_quiz_message(assignment))
        if module.kind == Module.Kind.WORKSHOP:
            raise QuizRefused(_("A workshop is completed when HR records your attendance."))
        used = assignment.attempts.filter(cycle=assignment.cycle).count()
        if 1 <= attempt_number <= used:
            raise QuizRefused(_("This quiz was already submitted. Here is the current state."))
        if attempt_number != used + 1:  # a form that is not ours, or was altered
            raise QuizRefused(_("The quiz form could not be read. Please answer the quiz again."))
        if module.max_attempts and used >= module.max_attempts + assignment.extra_attempts:
            raise QuizRefused(_("You have used all attempts. Please contact HR."))
        answers = validate_answers(module, raw)
        score, wrong = grade(module, answers)
        passed = score >= module.pass_mark
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    assignment=assignment,
                    cycle=assignment.cycle,
                    number=attempt_number,
                    answers={str(k): v for k, v in answers.items()},
                    wrong_questions=sorted(wrong),
                    score=score,
                    passed=passed,
                )
        except IntegrityError:
            raise QuizRefused(_("This quiz was already submitted. Here is the current state.")) from None
        if passed:
            _complete(assignment, Assignment.Completion.QUIZ)
        elif assignment.status == Assignment.Status.NOT_STARTED:
            # Without a history record, like opening the module: HR sees the status, not when
            # somebody tried the quiz.
            mark_started(assignment)
            assignment.status = Assignment.Status.IN_PROGRESS
    return Grading(attempt=attempt, wrong_questions=wrong)


def _update_in_batches(rows: QuerySet[Assignment], change, tell: bool = False) -> int:
    """Apply ``change`` to every row and save in batches, keeping each row's history; ``tell``: the
    people hear of it (a renewal round opening)."""
    count = 0
    pks = list(rows.values_list("pk", flat=True))
    for start in range(0, len(pks), 1000):
        with transaction.atomic():
            batch = list(rows.filter(pk__in=pks[start : start + 1000]).select_for_update())
            for assignment in batch:
                change(assignment)
            bulk_update_with_history(batch, Assignment, UPDATED_FIELDS, batch_size=1000)
            if tell:
                _tell_assigned([assignment.pk for assignment in batch])
            count += len(batch)
    return count


UPDATED_FIELDS = ["status", "due_date", "cycle", "completed_how", "extra_attempts", "started"]


def mark_overdue(today: datetime.date | None = None) -> int:
    """Open assignments past their due date become overdue."""
    today = today or timezone.localdate()
    rows = Assignment.objects.filter(status__in=Assignment.OPEN_STATUSES, due_date__lt=today).exclude(
        status=Assignment.Status.OVERDUE
    )

    def change(assignment: Assignment) -> None:
        assignment.status = Assignment.Status.OVERDUE

    return _update_in_batches(rows, change)


def open_renewals(today: datetime.date | None = None) -> int:
    """Passed assignments whose completion runs out soon come due again.

    A renewal is due on the day the completion runs out (``valid_until``) and
    opens ``TRAINING_RENEWAL_NOTICE_DAYS`` before it. Running twice changes
    nothing more: the rows are no longer "passed" (the re-check happens under
    the row lock).
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.TRAINING_RENEWAL_NOTICE_DAYS)
    rows = Assignment.objects.filter(
        status=Assignment.Status.PASSED, valid_until__isnull=False, valid_until__lte=horizon,
        module__active=True,
    )  # fmt: skip

    def change(assignment: Assignment) -> None:
        assignment.status = Assignment.Status.RENEWAL_DUE
        assignment.due_date = assignment.valid_until
        assignment.cycle += 1
        assignment.completed_how = ""
        assignment.extra_attempts = 0  # a new round starts with the module's own limit
        assignment.started = False

    return _update_in_batches(rows, change, tell=True)


# --- Restoring quiz questions and answers (the module's history) ---------------------------------

# Answers that went with their question: deleted this close to it (the cascade, one
# transaction). Answers deleted on their own seconds before stay deleted.
_DELETED_TOGETHER = datetime.timedelta(seconds=2)


def check_quiz_rules(instance) -> None:
    """A restored question or answer must leave its question answerable; raises ValidationError."""
    if isinstance(instance, Choice):
        question = Question.objects.filter(pk=instance.question_id).first()
        if question is None:
            raise ValidationError(_("its question has been deleted: restore the question first."))
        other_correct = question.choices.filter(is_correct=True).exclude(pk=instance.pk).exists()
        if instance.is_correct and question.kind == Question.Kind.SINGLE and other_correct:
            raise ValidationError(_("its question is single choice and has another correct answer now."))
        was_correct = Choice.objects.filter(pk=instance.pk, is_correct=True).exists()
        if was_correct and not instance.is_correct and not other_correct:
            raise ValidationError(_("its question would have no correct answer left."))
    elif isinstance(instance, Question):
        if not Module.objects.filter(pk=instance.module_id).exists():
            raise ValidationError(_("its training module has been deleted."))
        correct = Choice.objects.filter(question_id=instance.pk, is_correct=True).count()
        if instance.kind == Question.Kind.SINGLE and correct > 1:
            raise ValidationError(
                _("This question has several correct answers; a single-choice question has exactly one.")
            )


@transaction.atomic
def restore_question(record) -> Question:
    """Bring back a deleted quiz question with the answers deleted along with it."""
    question = restore_row(record, check_quiz_rules)
    went_with_it = (
        Choice.history.filter(
            question_id=question.pk,
            history_type="-",
            history_date__range=(
                record.history_date - _DELETED_TOGETHER,
                record.history_date + _DELETED_TOGETHER,
            ),
        )
        .exclude(id__in=Choice.objects.values("pk"))
        .order_by("-history_date", "-history_id")
    )
    latest = {}
    for answer in went_with_it:
        latest.setdefault(answer.id, answer)
    for answer in latest.values():
        answer.instance.save()
    check_quiz_rules(question)  # with its answers back (the transaction undoes all if not)
    return question


def restore_deleted_quiz_item(record):
    """A deleted question (with its answers) or a deleted answer, back as it was."""
    if isinstance(record.instance, Question):
        return restore_question(record)
    return restore_row(record, check_quiz_rules)
