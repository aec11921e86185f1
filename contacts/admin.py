from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.actions import hand_over_open_questions, handed_over_on_delete, take_back_open_questions
from contacts.forms import AdvisorAdminForm
from contacts.models import (
    Advisor,
    AdvisorTopic,
    FaqEntry,
    FollowUp,
    GuidelineCategoryTopic,
    Language,
    Question,
)
from contacts.photos import delete_after_commit
from portal.admin_conflicts import EditConflictAdmin
from portal.admin_history import HistoryAdmin
from portal.admin_site import CountedDeletePage, localized_column
from portal.forms import InlineFormSet
from portal.lib.history import unlink_deleted
from portal.lib.numbers import grouped


@admin.register(Advisor)
class AdvisorAdmin(CountedDeletePage, HistoryAdmin):
    form = AdvisorAdminForm
    deleted_objects_page = True
    deleted_objects_note = _(
        "An advisor comes back with the topics, languages and taboo topics (as spokesperson) they "
        "had when deleted, except a taboo topic given another spokesperson since (deleted before "
        "30 November 2026: without them); without photo and inbox: the questions handed over to "
        "the Communications team stay there."
    )
    list_display = ["name", "job_title", "department", "is_spokesperson", "is_active", "last_confirmed_on"]
    list_filter = ["is_active", "is_spokesperson", "topics", "languages", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "job_title", "job_title_en", "email"]
    filter_horizontal = ["topics", "languages"]

    def view_on_site(self, obj: Advisor) -> str | None:
        # Only a profile the directory shows has a page: "View on site" was a 404 for the others.
        return obj.get_absolute_url() if Advisor.objects.active().filter(pk=obj.pk).exists() else None

    readonly_fields = ["last_confirmed_on", "confirmation_reminded_on", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "job_title", "department", "user", "photo"]}),
        (_("Topics and languages"), {"fields": ["topics", "languages"]}),
        (_("Channels"), {"fields": ["email", "phone", "chat_url", "office_hours", "location"]}),
        (None, {"fields": ["bio", "is_spokesperson", "is_active"]}),
        (
            _("In English (optional)"),
            {
                "fields": ["job_title_en", "office_hours_en", "location_en", "bio_en"],
                "description": _("What English readers see instead; where empty, they see the German."),
            },
        ),
        (
            _("Confirmation"),
            {"fields": ["last_confirmed_on", "confirmation_reminded_on", "created_at", "updated_at"]},
        ),
    ]

    def consequences(self, objs):
        # Django's summary counts only what is deleted: the taboo topics they speak for, and the
        # mentions Communications asked them to look at, just lose them, unsaid.
        from guidelines.models import TabooTopic
        from monitoring.models import Mention

        notes = [handed_over_on_delete(objs)]
        topics = list(TabooTopic.objects.filter(spokesperson__in=objs).order_by("name"))
        if topics:
            notes.append(
                ngettext(
                    "The taboo topic %(topics)s names them as spokesperson: it shows none then.",
                    "The taboo topics %(topics)s name them as spokesperson: they show none then.",
                    len(topics),
                )
                % {"topics": ", ".join(f"“{topic}”" for topic in topics)}
            )
        mentions = Mention.objects.in_queue().filter(assigned_to__in=objs).count()
        if mentions:
            notes.append(
                ngettext(
                    "%(count)s flagged mention is assigned to them: it is nobody's then.",
                    "%(count)s flagged mentions are assigned to them: they are nobody's then.",
                    mentions,
                )
                % {"count": grouped(mentions)}
            )
        return notes

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # The linked account reads the profile's inbox (named askers, answers as the advisor):
            # moving it is handing somebody's questions to somebody else. A superuser links.
            fields.append("account")
        if getattr(request, "history_revert", False):
            # Not in the history (many-to-many): an earlier version's page showed today's topics
            # as if they were that version's, and "restored" left them as they are. Shown, kept.
            fields += ["topics", "languages"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # The account's name without the admin's link to a user page only superusers open.
        return [
            (name, {**options, "fields": ["account" if f == "user" else f for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description=Advisor._meta.get_field("user").verbose_name)
    def account(self, obj: Advisor) -> str:
        return str(obj.user) if obj.user_id else "–"

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deactivate instead: questions keep their addressee.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def check_undeleted(self, instance: Advisor) -> None:
        unlink_deleted(instance)  # a department or account deleted since

    def save_model(self, request, obj, form, change) -> None:
        # An earlier version put back from the history: its form started from that version, so
        # what it changes is told by the stored row, not by the form's changed fields.
        revert = getattr(request, "history_revert", False)
        stored = (
            Advisor.objects.filter(pk=obj.pk).first()
            if change and (revert or "photo" in form.changed_data)
            else None
        )
        if revert and stored is not None and "user" not in form.fields:
            # Put back by whoever may not link accounts: the account it had then would move the
            # inbox (named askers) back to it. The linked one stays.
            obj.user_id = stored.user_id
        super().save_model(request, obj, form, change)
        # The file of a photo replaced or removed goes (contacts.photos.delete_after_commit).
        if stored is not None and stored.photo and stored.photo.name != obj.photo.name:
            delete_after_commit(stored.photo)
        # Switched off, or its account unlinked: nobody reads its inbox. Back on, or linked again.
        if revert:
            before = (stored.is_active, stored.user_id) if stored is not None else None
            switched = before is not None and before != (obj.is_active, obj.user_id)
        else:
            switched = change and bool({"is_active", "user"} & set(form.changed_data))
        if not switched:
            return
        if Advisor.objects.reachable().filter(pk=obj.pk).exists():
            count, level = take_back_open_questions(obj), messages.SUCCESS
            message = ngettext(
                "%(count)s open question of this advisor has left the Communications team's inbox.",
                "%(count)s open questions of this advisor have left the Communications team's inbox.",
                count,
            )
        else:
            count, level = hand_over_open_questions(obj), messages.WARNING
            message = ngettext(
                "%(count)s open question of this advisor is in the Communications team's inbox now.",
                "%(count)s open questions of this advisor are in the Communications team's inbox now.",
                count,
            )
        if count:
            self.message_user(request, message % {"count": grouped(count)}, level)


class GuidelineCategoryInline(admin.TabularInline):
    formset = InlineFormSet
    model = GuidelineCategoryTopic
    extra = 0
    verbose_name = _("guideline category answered by this topic")
    verbose_name_plural = _("guideline categories answered by this topic")


@admin.register(AdvisorTopic)
class AdvisorTopicAdmin(CountedDeletePage, HistoryAdmin):
    deleted_objects_page = True
    deleted_objects_note = _(
        "A topic comes back with the advisors, questions and FAQ entries it had when it was "
        "deleted, except those given another topic since (deleted before 29 November 2026: "
        "without them), and without its guideline categories."
    )
    list_display = ["name", "name_en", "categories", "advisor_count"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GuidelineCategoryInline]

    def get_queryset(self, request):
        active = Q(advisors__is_active=True)
        return (
            super()
            .get_queryset(request)
            .annotate(_advisor_count=Count("advisors", filter=active))
            .prefetch_related("guideline_categories")
        )

    @admin.display(description=_("guideline categories"))
    def categories(self, obj: AdvisorTopic) -> str:
        return ", ".join(str(link.get_category_display()) for link in obj.guideline_categories.all())

    @admin.display(description=_("active advisors"), ordering="_advisor_count")
    def advisor_count(self, obj: AdvisorTopic) -> int:
        return obj._advisor_count


@admin.register(Language)
class LanguageAdmin(CountedDeletePage, HistoryAdmin):
    deleted_objects_page = True
    deleted_objects_note = _(
        "A language comes back with the advisors who had it when it was deleted "
        "(deleted before 30 November 2026: without them)."
    )
    list_display = ["name", "name_en", "code"]
    search_fields = ["name", "name_en", "code"]


@admin.register(FaqEntry)
class FaqEntryAdmin(HistoryAdmin):
    deleted_objects_page = True
    list_display = [localized_column("title", _("question")), "topic", "is_published", "updated_at"]
    list_filter = ["is_published", "topic"]
    list_select_related = ["topic"]
    search_fields = ["title", "title_en", "answer", "answer_en"]
    # The source question is not shown: the FAQ never leads back to an asker.
    fields = ["title", "title_en", "answer", "answer_en", "topic", "is_published"]

    def check_undeleted(self, instance: FaqEntry) -> None:
        unlink_deleted(instance)  # its topic or question deleted since
        if instance.question_id and FaqEntry.objects.filter(question_id=instance.question_id).exists():
            # Its question published again since, as a new entry: both wordings stay, and the
            # new one keeps the link (which was refused with "already exists").
            instance.question_id = None


class FollowUpInline(admin.StackedInline):
    model = FollowUp
    extra = 0
    fields = ["created_at", "body", "answer", "answered_by", "answered_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(EditConflictAdmin, admin.ModelAdmin):
    """Superusers only, read-only: questions belong to the asker and the addressed advisors."""

    inlines = [FollowUpInline]
    view_on_site = False  # the question's page is the asker's alone (a 404 for anybody else)

    list_display = ["subject", "status", "routed_to", "is_anonymous", "created_at"]
    list_filter = ["status", "routed_to", "handed_over", "is_anonymous"]
    list_select_related = ["topic"]
    fields = ["subject", "body", "topic", "advisor", "asker", "is_anonymous", "status", "routed_to", "handed_over", "answer",
              "answered_by", "answered_at", "created_at", "closed_at"]  # fmt: skip

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
