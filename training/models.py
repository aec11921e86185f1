"""Training modules, their quizzes, campaigns that assign them, and each person's assignments.

Bilingual content: editors write German (the company language) in ``title``,
``summary``, ``body`` and the quiz texts; the optional ``*_en`` twins are shown
to people who use the portal in English and fall back to the German text when
empty (``localized``).
"""

from __future__ import annotations

import calendar
import datetime
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.lib.db import BoundedNumberField, UniqueEnglishTwin, unique_ignoring_case
from portal.lib.html import markdown_to_html
from portal.lib.i18n import localized
from portal.lib.numbers import grouped


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# Years a workshop can be in: anything else is a typo.
WORKSHOP_YEARS = (2000, 2999)


class Module(UniqueEnglishTwin, models.Model):
    english_twin_of = "title"  # UniqueEnglishTwin: title_en

    class Kind(models.TextChoices):
        LESSON = "lesson", _("online lesson")
        LINK = "link", _("external link")
        WORKSHOP = "workshop", _("workshop")

    class Renewal(models.TextChoices):
        ROLLING = "rolling", _("N months after completion")
        FIXED_DATE = "fixed", _("on a fixed date every year")

    title = models.CharField(_("title"), max_length=200, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown. HTML is sanitised."))
    body_en = models.TextField(
        _("body (English)"), blank=True, help_text=_("Markdown. Empty: the German body.")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.LESSON)
    external_url = models.URLField(_("external link"), blank=True)
    workshop_starts_at = models.DateTimeField(_("workshop starts"), null=True, blank=True)
    workshop_ends_at = models.DateTimeField(_("workshop ends"), null=True, blank=True)
    workshop_location = models.CharField(_("workshop location"), max_length=200, blank=True)
    workshop_location_en = models.CharField(
        _("workshop location (English)"),
        max_length=200,
        blank=True,
        help_text=_("If empty, English readers see the German location."),
    )
    estimated_minutes = BoundedNumberField(
        _("estimated minutes"), default=15, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    pass_mark = BoundedNumberField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = BoundedNumberField(
        _("attempts allowed"),
        default=3,
        validators=[MaxValueValidator(100)],
        help_text=_("Per round of the training; 0 = unlimited."),
    )
    renewal_months = BoundedNumberField(
        _("renewal interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: complete once. Used when renewal is N months after completion."),
    )
    renewal_mode = models.CharField(
        _("renewal"), max_length=10, choices=Renewal.choices, default=Renewal.ROLLING
    )
    renewal_month = BoundedNumberField(
        _("renewal month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("For a fixed date: the month (1–12), e.g. 1 for every January."),
    )
    renewal_day = BoundedNumberField(
        _("renewal day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        # "Social-Media-Grundlagen" and "SOCIAL-MEDIA-GRUNDLAGEN": one module listed twice to choose from.
        constraints = [unique_ignoring_case("title", "module_title_ci_unique")]

    def __str__(self) -> str:
        return self.display_title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.kind == self.Kind.LINK and not self.external_url:
            errors["external_url"] = _("An external-link module needs its link.")
        if self.renewal_mode == self.Renewal.FIXED_DATE and not self.renewal_month:
            errors["renewal_month"] = _("A fixed renewal date needs a month.")
        if (
            self.workshop_starts_at
            and self.workshop_ends_at
            and self.workshop_ends_at < self.workshop_starts_at
        ):
            errors["workshop_ends_at"] = _("The workshop cannot end before it starts.")
        elif self.workshop_ends_at and not self.workshop_starts_at:
            # Its calendar entry and reminders go by the start; an end alone told nobody when.
            errors["workshop_starts_at"] = _("Give the workshop's start too, not only its end.")
        elif self.pk and (due_before := self._due_before_the_workshop()):
            errors["workshop_starts_at"] = due_before
        for name in ("workshop_starts_at", "workshop_ends_at"):
            # A typo such as the year 9999 broke every attendee's calendar feed (its end is two
            # hours later); the year 1 could not even be stored in UTC.
            value = getattr(self, name)
            if value and not WORKSHOP_YEARS[0] <= value.year <= WORKSHOP_YEARS[1]:
                errors[name] = _("Please enter a date between %(earliest)s and %(latest)s.") % {
                    "earliest": WORKSHOP_YEARS[0],
                    "latest": WORKSHOP_YEARS[1],
                }
        if errors:
            raise ValidationError(errors)

    def _due_before_the_workshop(self) -> str:
        """The workshop moved past some of its people's due dates: they would be overdue, and
        reminded, before they could attend. Said with their number ("" if none)."""
        day = self.workshop_last_day
        stored = Module.objects.filter(pk=self.pk).values_list("workshop_starts_at", "workshop_ends_at")
        if day is None or list(stored) == [(self.workshop_starts_at, self.workshop_ends_at)]:
            return ""  # not moved: due dates from before are not this edit's business
        if self.move_due_dates:
            return ""  # moved to the workshop's day as it is saved (ModuleAdmin)
        count = self.due_before_workshop().count()
        if not count:
            return ""
        return ngettext(
            "%(count)s person must complete this workshop before %(date)s. Tick “Move the due dates "
            "before it to its day” below, or give them more time first.",
            "%(count)s people must complete this workshop before %(date)s. Tick “Move the due dates "
            "before it to its day” below, or give them more time first.",
            count,
        ) % {"count": grouped(count), "date": formats.date_format(day, "SHORT_DATE_FORMAT")}

    # Set by the admin's form: a workshop moved later takes its people's earlier due dates along.
    move_due_dates = False

    def due_before_workshop(self):
        """Open assignments due before the workshop's (last) day: they cannot attend it in time."""
        day = self.workshop_last_day
        return self.assignments.none() if day is None else self.assignments.open().filter(due_date__lt=day)

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def quiz_questions(self) -> QuestionQuerySet:
        """The questions people are asked (``in_quiz``); none for a workshop, which is completed by
        attending it (HR records it), never by a quiz."""
        if self.kind == self.Kind.WORKSHOP:
            return self.questions.none()
        return self.questions.in_quiz()

    @property
    def workshop_last_day(self) -> datetime.date | None:
        """The day a workshop ends (or starts, without an end); None without a workshop date."""
        if self.kind != self.Kind.WORKSHOP or not self.workshop_starts_at:
            return None
        return timezone.localdate(self.workshop_ends_at or self.workshop_starts_at)

    def workshop_over(self, today: datetime.date | None = None) -> bool:
        """A workshop whose (last) day has passed: nobody can attend it any more."""
        day = self.workshop_last_day
        return day is not None and day < (today or timezone.localdate())

    @property
    def workshop_ahead(self) -> bool:
        """A workshop whose day has not come yet: nobody can have attended it."""
        return bool(
            self.kind == self.Kind.WORKSHOP
            and self.workshop_starts_at
            and timezone.localdate(self.workshop_starts_at) > timezone.localdate()
        )

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")

    @property
    def display_workshop_location(self) -> str:
        return localized(self, "workshop_location")

    def body_html(self) -> str:
        # The lesson stands under the module's title, the page's h1, beside h2 sections.
        return markdown_to_html(localized(self, "body"), top_heading=2)

    @property
    def renews(self) -> bool:
        if self.renewal_mode == self.Renewal.FIXED_DATE:
            return bool(self.renewal_month)
        return bool(self.renewal_months)

    def valid_until(
        self, completed_on: datetime.date, due_on: datetime.date | None = None
    ) -> datetime.date | None:
        """The day a completion on ``completed_on`` (of a training due on ``due_on``) runs out, or
        None if it never does."""
        if self.renewal_mode == self.Renewal.FIXED_DATE:
            if not self.renewal_month:
                return None
            # Done early for a cycle that ends later (the January refresh due on 12 January, done
            # in November) counts for that cycle: it is not due again on 1 January.
            counted = max(completed_on, due_on) if due_on else completed_on
            candidate = datetime.date(counted.year, self.renewal_month, self.renewal_day)
            # The next such date strictly after it: whoever completes on 1 January itself is
            # covered until the next 1 January.
            return candidate if candidate > counted else candidate.replace(year=candidate.year + 1)
        if not self.renewal_months:
            return None
        return add_months(completed_on, self.renewal_months)


class QuestionQuerySet(models.QuerySet):
    def in_quiz(self) -> QuestionQuerySet:
        """The questions people are asked: those with a correct answer. One that HR has not
        finished (no answers yet, none marked correct) would make the quiz impossible to pass."""
        correct = Choice.objects.filter(question=models.OuterRef("pk"), is_correct=True)
        return self.filter(models.Exists(correct))


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="questions", verbose_name=_("training module")
    )
    text = models.TextField(_("question"))
    text_en = models.TextField(_("question (English)"), blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown once the quiz is passed.")
    )
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords()  # reworded or deleted questions can be restored (the module's history)

    class Meta:
        ordering = ["module", "position", "id"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.display_text[:80]

    @property
    def display_text(self) -> str:
        return localized(self, "text")

    @property
    def display_explanation(self) -> str:
        return localized(self, "explanation")


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=300)
    text_en = models.CharField(_("answer (English)"), max_length=300, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        return localized(self, "text")


def default_late_joiner_days() -> int:
    return settings.TRAINING_LATE_JOINER_DAYS


class Campaign(models.Model):
    """HR assigning one module to people, departments or everyone, with a due date."""

    name = models.CharField(_("name"), max_length=200)
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="campaigns"
    )
    everyone = models.BooleanField(_("everyone"), default=False)
    departments = models.ManyToManyField(
        "portal.Department", verbose_name=_("departments"), blank=True, related_name="training_campaigns"
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people"), blank=True, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    enrol_late_joiners = models.BooleanField(
        _("enrol late joiners"),
        default=True,
        help_text=_("People who join a targeted department (or the company) later get the module too."),
    )
    late_joiner_days = BoundedNumberField(
        _("days for late joiners"),
        default=default_late_joiner_days,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Late joiners' due date: this many days after they join."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Withdrawn (created by mistake): its open assignments were excused with ``withdrawal_note``
    # as their reason; taking the withdrawal back reinstates those still excused with it. The note
    # is worded in German when stored (readable as it is); pages show ``withdrawal_reason()``.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_note = models.CharField(_("reason given to the excused"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def withdrawal_reason(self) -> str:
        """The reason its withdrawal gave the people it excused, in the reader's language."""
        return withdrawal_reason(self.name, self.withdrawn_at)


def withdrawal_reason(name: str, withdrawn_at: datetime.datetime | datetime.date) -> str:
    """A withdrawn campaign's reason for the excusals, in the active language (the same words
    ``actions.withdraw_campaign`` stores in German as their mark)."""
    day = timezone.localdate(withdrawn_at) if isinstance(withdrawn_at, datetime.datetime) else withdrawn_at
    return gettext("Campaign “%(name)s” withdrawn on %(date)s.") % {
        "name": name,
        "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
    }


@functools.lru_cache(maxsize=256)
def _german_withdrawal_reason(name: str) -> tuple[str, str]:
    """The German reason of campaign ``name``'s withdrawal before and after its date (per name,
    not per excused row of a report or its CSV)."""
    with translation.override("de"):
        before, _sep, after = withdrawal_reason(name, datetime.date(2000, 1, 1)).partition("01.01.2000")
    return before, after


def _withdrawn_on(reason: str, name: str) -> datetime.date | None:
    """The day in ``reason`` if it is a withdrawal's German reason for campaign ``name`` (kept in
    the history after the withdrawal was taken back, and the campaign's note with it)."""
    before, after = _german_withdrawal_reason(name)
    if not (reason.startswith(before) and reason.endswith(after)):
        return None
    day, _dot, rest = reason[len(before) : len(reason) - len(after)].partition(".")
    month, _dot, year = rest.partition(".")
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def worded_excused_reason(reason: str, campaign: str, withdrawn_at, withdrawal_note: str) -> str:
    """A reason for excusal as the reader reads it: the one a campaign's withdrawal gave (its
    stored note is the mark, as in ``actions.withdrawn_with_campaign``) worded in the active
    language; a reason HR typed as typed."""
    if reason and withdrawn_at and reason == withdrawal_note:
        return withdrawal_reason(campaign, withdrawn_at)
    if reason and campaign and (day := _withdrawn_on(reason, campaign)):
        return withdrawal_reason(campaign, day)  # a withdrawal taken back since
    return reason


def display_excused_reason(row) -> str:
    """``worded_excused_reason`` of an assignment or a record of its history."""
    if not row.excused_reason:
        return ""  # without reading its campaign
    try:
        campaign = row.campaign
    except Campaign.DoesNotExist:  # a history record's campaign, deleted since
        campaign = None
    if campaign is None:
        return row.excused_reason
    return worded_excused_reason(
        row.excused_reason, campaign.name, campaign.withdrawn_at, campaign.withdrawal_note
    )


class AssignmentQuerySet(models.QuerySet):
    def for_user(self, user) -> AssignmentQuerySet:
        return self.filter(user=user)

    def open(self) -> AssignmentQuerySet:
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> AssignmentQuerySet:
        return self.filter(Assignment.status_q(Assignment.Status.OVERDUE, today or timezone.localdate()))

    def with_status(self, status: str, today: datetime.date | None = None) -> AssignmentQuerySet:
        return self.filter(Assignment.status_q(status, today or timezone.localdate()))


class Assignment(models.Model):
    """One person's duty to complete one module. Renewals reuse the row (``cycle`` counts them)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        OVERDUE = "overdue", _("overdue")
        RENEWAL_DUE = "renewal_due", _("renewal due")
        PASSED = "passed", _("passed")
        EXCUSED = "excused", _("excused")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE, Status.RENEWAL_DUE)

    class Completion(models.TextChoices):
        QUIZ = "quiz", _("quiz passed")
        READ = "read", _("lesson read")
        CONFIRMED = "confirmed", _("confirmed by the employee")
        ATTENDED = "attended", _("attendance recorded")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_assignments",
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="assignments"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    due_date = models.DateField(_("due date"))
    cycle = models.PositiveSmallIntegerField(_("round"), default=1)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_how = models.CharField(_("completed by"), max_length=10, choices=Completion.choices, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    excused_reason = models.CharField(_("reason for excusal"), max_length=300, blank=True)
    # What the status was when the person was excused: lifting the excusal returns to it
    # ("in progress" is nowhere else on record: opening a lesson leaves no history).
    status_before_excusal = models.CharField(max_length=20, blank=True, editable=False)
    # Whether the person has opened the module in this round: an assignment to be done again
    # (more time, an excusal lifted) is "in progress" then, not "not started". No date: HR sees
    # the status, never when somebody read.
    started = models.BooleanField(default=False, editable=False)
    # Quiz attempts HR granted on top of the module's limit, in the current round only.
    extra_attempts = models.PositiveSmallIntegerField(_("extra quiz attempts"), default=0)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    objects = AssignmentQuerySet.as_manager()
    # Not "started": opening a module leaves no trace in the history (see mark_started).
    history = HistoricalRecords(excluded_fields=["started"])

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            # actions.assign / enrol_late_joiners insert with ignore_conflicts:
            # assigning a module twice to a person never duplicates it.
            models.UniqueConstraint(fields=["user", "module"], name="training_assignment_user_module_unique"),
        ]
        indexes = [
            # report.listed (ordered by due date, LIMIT), reminders and overdue
            # marking all read open assignments by due date.
            models.Index(
                fields=["due_date", "id"],
                condition=Q(status__in=["not_started", "in_progress", "overdue", "renewal_due"]),
                name="training_assign_open_due",
            ),
            # tasks.daily: renewals scan completed assignments by expiry.
            models.Index(fields=["valid_until"], condition=Q(status="passed"), name="training_assign_renew"),
            # The admin's list, in the default order: its first page without sorting them all.
            models.Index(fields=["due_date", "id"], name="training_assign_due"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module}"

    @staticmethod
    def status_q(status: str, today: datetime.date) -> Q:
        """The rows whose status as shown today is ``status``.

        Overdue is decided by the date, not only by the stored status the daily
        task sets, so a page never lags behind midnight.
        """
        late = Q(due_date__lt=today)
        if status == Assignment.Status.OVERDUE:
            return Q(status__in=Assignment.OPEN_STATUSES) & late
        if status in (Assignment.Status.PASSED, Assignment.Status.EXCUSED):
            return Q(status=status)
        return Q(status=status) & ~late

    def display_status(self, today: datetime.date | None = None) -> str:
        """The status value as shown today (see ``status_q``)."""
        today = today or timezone.localdate()
        if self.status in self.OPEN_STATUSES and self.due_date < today:
            return self.Status.OVERDUE
        return self.status

    def get_display_status_display(self) -> str:
        return self.Status(self.display_status()).label

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def display_excused_reason(self) -> str:
        return display_excused_reason(self)


class QuizAttempt(models.Model):
    """One graded submission of a quiz: kept with score and answers."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="attempts"
    )
    cycle = models.PositiveSmallIntegerField(_("round"))
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(_("answers"), default=dict, help_text=_("question id → chosen answer ids"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    # The questions answered wrongly, as graded: HR may correct the answer key later, and the
    # result page must still agree with the score. None for attempts graded before this was kept.
    wrong_questions = models.JSONField(null=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["assignment", "cycle", "number"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            # actions.submit_quiz: a form sent twice (or in two tabs) counts once.
            models.UniqueConstraint(
                fields=["assignment", "cycle", "number"], name="training_attempt_number_unique"
            ),
        ]

    def __str__(self) -> str:
        score = gettext("%(value)s %%") % {"value": self.score}  # "80 %" in German, "80%" in English
        return f"{self.assignment} · {self.number}: {score}"


class SentReminder(models.Model):
    """Proof that a reminder went out: the unique constraint makes each one go out once."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField()
    key = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            # reminders.send_due_reminders: the second (or a concurrent) run cannot insert it again.
            models.UniqueConstraint(fields=["assignment", "due_date", "key"], name="training_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.due_date} · {self.key}"


class SentDigest(models.Model):
    """The weekly HR digest for one recipient and week, sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="Monday of the ISO week")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("HR digest sent")
        verbose_name_plural = _("HR digests sent")
        constraints = [
            # reminders.send_hr_digest: one digest per person and week.
            models.UniqueConstraint(fields=["user", "week"], name="training_digest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.week}"
