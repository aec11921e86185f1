"""HR maintains modules, quizzes, campaigns and assignments here."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_conflicts import EditConflictAdmin
from portal.admin_history import HistoryAdmin, Wording, deleted_view
from portal.admin_site import CountedDeletePage, localized_column
from portal.forms import AdminLongText, AutocompleteByIdAdmin, InlineFormSet
from portal.lib.i18n import fold
from portal.lib.paging import IdsFirstPaginator
from portal.models import User
from training import actions
from training.models import Assignment, Campaign, Choice, Module, Question, QuizAttempt


class QuestionInlineForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # The answers are edited on the question's own page, which checks this too; made single
        # choice here, a question with two correct answers could never be answered right.
        if (
            "kind" in self.changed_data
            and cleaned.get("kind") == Question.Kind.SINGLE
            and self.instance.pk
            and self.instance.choices.filter(is_correct=True).count() > 1
        ):
            self.add_error(
                "kind",
                _("This question has several correct answers; a single-choice question has exactly one."),
            )
        return cleaned


class QuestionInline(admin.StackedInline):
    formset = InlineFormSet
    form = QuestionInlineForm
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "text_en", "explanation", "explanation_en"]
    show_change_link = True  # answers are edited on the question's own page


class ChoiceFormSet(InlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text")
        ]
        correct = sum(1 for answer in kept if answer.get("is_correct"))
        if len(kept) < 2 or not correct:
            raise ValidationError(
                _("A quiz question needs at least two answers, at least one of them correct.")
            )
        if self.instance.kind == Question.Kind.SINGLE and correct > 1:
            raise ValidationError(_("A single-choice question has exactly one correct answer."))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 2
    fields = ["position", "text", "text_en", "is_correct"]


def _describe_question(question: Question) -> str:
    return f"{question.text[:80]} ({question.get_kind_display()})"


def _describe_answer(answer: Choice, questions: dict[int, str]) -> str:
    verdict = _("correct") if answer.is_correct else _("wrong")
    # Which question it answers: many say "Ja" or "Nein".
    question = questions.get(answer.question_id, "")
    question = question if len(question) <= 60 else question[:59] + "…"
    return f"{answer.text} ({verdict}) – {question}"


class ModuleAdminForm(forms.ModelForm):
    move_due_dates = forms.BooleanField(
        label=_("Move the due dates before it to its day"),
        required=False,
        help_text=_(
            "When the workshop moves later: whoever would be due before its new day is due on it "
            "(each a change in their history, as an extension is)."
        ),
    )

    def clean(self):
        # Before the model's own check (Module.clean), which refuses such a move otherwise.
        self.instance.move_due_dates = self.cleaned_data.get("move_due_dates", False)
        return super().clean()


@admin.register(Module)
class ModuleAdmin(CountedDeletePage, HistoryAdmin):
    form = ModuleAdminForm
    list_display = [
        localized_column("title", _("title")), "kind", "estimated_minutes", "renewal_mode", "renewal_months", "active",
    ]  # fmt: skip
    list_filter = ["kind", "active", "renewal_mode"]
    search_fields = ["title", "title_en", "summary"]
    inlines = [QuestionInline]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {"widget": AdminLongText},
    }
    fieldsets = [
        (
            None,
            {"fields": ["title", "title_en", "summary", "summary_en", "kind", "estimated_minutes", "active"]},
        ),
        (_("Content"), {"fields": ["body", "body_en", "external_url"]}),
        (
            _("Workshop"),
            {
                "fields": [
                    "workshop_starts_at",
                    "workshop_ends_at",
                    "move_due_dates",
                    "workshop_location",
                    "workshop_location_en",
                ]
            },
        ),
        (_("Quiz"), {"fields": ["pass_mark", "pass_requirement", "max_attempts"]}),
        (_("Renewal"), {"fields": ["renewal_mode", "renewal_months", "renewal_month", "renewal_day"]}),
    ]
    readonly_fields = ["pass_requirement"]

    @admin.display(description=_("pass mark in questions"))
    def pass_requirement(self, module: Module | None) -> str:
        """The pass mark in questions: with few of them, 80 % of 4 is all 4."""
        if module and module.kind == Module.Kind.WORKSHOP:
            return _("None: a workshop is completed by attending it (HR records it), not by a quiz.")
        count = module.quiz_questions().count() if module and module.pk else 0
        if not count:
            return _(
                "A question counts as right when exactly its right answers are chosen. Once the quiz has "
                "questions (saved below), this says how many must be right."
            )
        needed = actions.right_answers_needed(module, count)
        text = ngettext(
            "%(needed)d of %(count)d question answered right (exactly its right answers chosen).",
            "%(needed)d of %(count)d questions answered right (exactly their right answers chosen).",
            count,
        )
        return text % {"needed": needed, "count": count}

    object_history_template = "admin/training/module/object_history.html"

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deactivate instead: assignments and their history refer to the module.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_urls(self):
        extra = [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name="training_module_deleted"),
        ]
        return extra + super().get_urls()

    def deleted_view(self, request):
        """Deleted quiz questions (each with its answers) and answers, each restorable with one click."""
        # An answer deleted with its question comes back with it, and is not listed on its own.
        alive = {Choice: {"question_id__in": Question.objects.values("pk")}}
        return deleted_view(
            self,
            request,
            [Question, Choice],
            restore=actions.restore_deleted_quiz_item,
            filters=alive,
            parents={Question: "module", Choice: "question"},
        )

    def wordings(self, object_id: int) -> list[Wording]:
        """The module's quiz questions and answers: how they were reworded, in its history."""
        # Every question ever in the module (deleted ones too), with its latest text.
        questions = dict(
            Question.history.filter(module_id=object_id).order_by("history_date").values_list("id", "text")
        )
        return [
            Wording(
                Question,
                ("text", "text_en", "kind", "explanation", "explanation_en"),
                {"module_id": object_id},
                _describe_question,
            ),
            Wording(
                Choice,
                ("text", "text_en", "is_correct"),
                {"question_id__in": list(questions)},
                lambda answer: _describe_answer(answer, questions),
            ),
        ]

    def check_restored(self, instance) -> None:
        actions.check_quiz_rules(instance)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        module = form.instance
        if module.move_due_dates and (moved := actions.move_due_dates_to_workshop(module)):
            message = ngettext(
                "%(count)s person is now due on the workshop's day.",
                "%(count)s people are now due on the workshop's day.",
                moved,
            )
            self.message_user(request, message % {"count": moved}, messages.SUCCESS)
        if module.kind == Module.Kind.WORKSHOP and module.questions.exists():
            # Completed by attending it (HR records it): its questions are never asked.
            self.message_user(
                request,
                _("A workshop has no quiz: its questions are not asked. Attendance completes it."),
                messages.WARNING,
            )
            return
        unfinished = module.questions.count() - module.questions.in_quiz().count()
        if unfinished:
            message = ngettext(
                "%(count)d quiz question has no correct answer yet and is left out of the quiz "
                "until it has: add its answers on the question's page (“Change”).",
                "%(count)d quiz questions have no correct answer yet and are left out of the quiz "
                "until they have: add their answers on each question's page (“Change”).",
                unfinished,
            )
            self.message_user(request, message % {"count": unfinished}, messages.WARNING)


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    # A version put back from the question's history would skip the checks of its answers;
    # the module's history restores wordings with them (restore_wording_view).
    allow_revert = False
    list_display = ["__str__", "module", "kind", "position"]
    list_filter = ["module"]
    list_select_related = ["module"]
    search_fields = ["text"]
    inlines = [ChoiceInline]


@admin.register(Campaign)
class CampaignAdmin(CountedDeletePage, EditConflictAdmin, admin.ModelAdmin):
    list_display = ["name", "module", "due_date", "everyone", "enrol_late_joiners", "created_at"]
    list_select_related = ["module"]
    list_filter = ["module"]
    # Who is assigned and until when is what the campaign did (actions.create_campaign);
    # changing it here would change nothing about the assignments. The HR pages extend
    # due dates and excuse people; a new audience is a new campaign.
    # Withdrawing excuses people and taking it back reinstates them (the HR campaign page); the
    # stored note marks those excusals (actions.withdrawn_with_campaign), so it is not edited
    # here, and shown in the reader's language.
    readonly_fields = [
        "module", "everyone", "departments", "people", "due_date", "created_by", "created_at",
        "withdrawn_at", "withdrawn_by", "withdrawal_reason",
    ]  # fmt: skip
    exclude = ["withdrawal_note"]

    @admin.display(description=_("reason given to the excused"))
    def withdrawal_reason(self, obj: Campaign) -> str:
        return obj.withdrawal_reason() if obj.withdrawn_at else "–"

    def has_add_permission(self, request) -> bool:
        # Creating a campaign assigns its module (actions.create_campaign): that is
        # the HR page /trainings/hr/campaigns/new/, not a bare admin form.
        return False


@admin.register(Assignment)
class AssignmentAdmin(AutocompleteByIdAdmin, HistoryAdmin):
    list_display = ["user", "module_title", "status", "due_date", "cycle", "completed_on", "valid_until"]
    list_filter = ["status", "module", "user__department"]
    list_select_related = ["user", "module"]
    paginator = IdsFirstPaginator  # the last of 50,000 took 0.4 s, the rows joined before the OFFSET
    search_fields = ["user__email", "user__full_name", "module__title"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["campaign"]
    date_hierarchy = "due_date"
    show_facets = admin.ShowFacets.NEVER  # counting each filter choice over 100,000 rows: seconds

    @admin.display(description=_("module"), ordering="module__title")
    def module_title(self, obj: Assignment) -> str:
        return obj.module.display_title  # in the reader's language

    # When somebody passed a quiz or confirmed a link is their click: HR sees the day, as on its
    # own pages (hr_person), not the minute; superusers, who may see the attempts, see the time.
    # Sorted by the day too: by the time, the list gave away who finished first within a day.
    @admin.display(description=_("Completed on"), ordering=TruncDate("completed_at"))
    def completed_on(self, obj: Assignment) -> str:
        if obj.completed_at is None:
            return self.get_empty_value_display()  # the view page would say "None"
        return formats.date_format(timezone.localdate(obj.completed_at))

    def history_days_only(self, request) -> bool:
        return not request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "completed_on"] if self.history_days_only(request) else readonly

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "completed_on"]
        if self.history_days_only(request):
            fields = ["completed_on" if name == "completed_at" else name for name in fields]
        return fields

    def get_search_results(self, request, queryset, search_term):
        """People and modules found first, in their own small tables: Django's LIKE over the
        join read all 100,000 assignments, three times a page (list, count, date drill-down)."""
        for word in search_term.replace('"', " ").split()[:10]:  # every word, as Django's search
            people = User.objects.filter(Q(email__icontains=word) | Q(search_text__contains=fold(word)))
            modules = Module.objects.filter(Q(title__icontains=word) | Q(title_en__icontains=word))
            queryset = queryset.filter(Q(user__in=people.values("pk")) | Q(module__in=modules.values("pk")))
        return queryset, False

    # HR changes assignments on its own pages, which keep the rules (no excusing a passed
    # training, due dates in reach, the person stays the person); here they only look.
    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    list_display = ["assignment", "cycle", "number", "score", "passed", "submitted_at"]
    list_select_related = ["assignment__user", "assignment__module"]
    readonly_fields = ["assignment", "cycle", "number", "answers", "score", "passed", "submitted_at"]

    def has_add_permission(self, request) -> bool:
        return False
