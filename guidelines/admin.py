"""The comms team's workshop: draft sections, publishing, taboo topics, company names.

Everything that changes keeps a history (django-simple-history) and can be
restored from the "History" page of each object, including deleted drafts.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from guidelines import actions
from guidelines.forms import TopicTestForm
from guidelines.highlight import highlight
from guidelines.matcher import Matcher, bump_matcher_version, normalize_term
from guidelines.models import (
    CompanyName,
    GuidelineVersion,
    Section,
    TabooExample,
    TabooTerm,
    TabooTopic,
)
from guidelines.tasks import ask_to_acknowledge
from portal.admin_conflicts import EditConflictAdmin
from portal.admin_history import (
    HistoryAdmin,
    Wording,
    deleted_view,
)
from portal.admin_site import CountedDeletePage, localized_column, opens_in_admin
from portal.forms import AutocompleteByIdAdmin, InlineFormSet
from portal.lib.numbers import grouped, parse_int
from portal.lib.paging import Paginator


@admin.register(Section)
class SectionAdmin(HistoryAdmin):
    """Draft sections only; published sections are read on the portal pages."""

    title_column = localized_column("title", _("title"))
    list_display = ["position", title_column, "category", "kind"]
    list_display_links = [title_column]
    list_editable = ["position"]
    list_filter = ["category", "kind"]
    search_fields = ["title", "title_en", "body", "body_en"]
    fieldsets = [
        (None, {"fields": ["position", "category", "kind"]}),
        (_("German"), {"fields": ["title", "body"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
    ]
    change_list_template = "admin/guidelines/section/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(version__isnull=True)

    def get_urls(self):
        extra = [
            path(
                "deleted/", self.admin_site.admin_view(self.deleted_view), name="guidelines_section_deleted"
            ),
            path(
                "from-version/",
                self.admin_site.admin_view(self.from_version_view),
                name="guidelines_section_from_version",
            ),
        ]
        return extra + super().get_urls()

    def deleted_view(self, request: HttpRequest) -> HttpResponse:
        """Deleted draft sections, each restorable with one click."""
        return deleted_view(self, request, [Section], Section.objects.drafts())

    def from_version_view(self, request: HttpRequest) -> HttpResponse:
        """The published versions, each of which can be put back into the draft (a version
        published by mistake is taken back by publishing the one before it again)."""
        allowed = (
            self.has_add_permission(request)
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        if request.method == "POST":
            version = GuidelineVersion.objects.filter(number=parse_int(request.POST.get("version"))).first()
            if version is None:
                self.message_user(request, _("This version does not exist."), messages.ERROR)
                return HttpResponseRedirect(request.path)
            if actions.draft_from_version(version):
                message = _(
                    "The draft reads as version %(number)s again. Publish it to give everybody this text. "
                    "What the draft said before is in each section's history and under “Deleted sections”."
                )
            else:
                message = _("The draft read as version %(number)s already: nothing was changed.")
            self.message_user(request, message % {"number": version.number}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:guidelines_section_changelist"))
        versions = GuidelineVersion.objects.order_by("-number")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Put a published version back into the draft"),
            "opts": self.model._meta,
            "page": Paginator(versions, 50).get_page(request.GET.get("page")),
        }
        return render(request, "admin/guidelines/section/from_version.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "current_version": GuidelineVersion.objects.current()}
        return super().changelist_view(request, extra_context)


class PublishForm(forms.ModelForm):
    # The draft as the page listed it (``actions.draft_fingerprint``); empty (a script): not checked.
    draft_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GuidelineVersion
        fields = ["summary", "summary_en", "requires_acknowledgement"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft_seen"].initial = actions.draft_fingerprint()

    def clean(self):
        cleaned = super().clean()
        if not Section.objects.drafts().exists():
            raise forms.ValidationError(_("The draft has no sections; there is nothing to publish."))
        now = self.fields["draft_seen"].initial
        if cleaned.get("draft_seen") and cleaned["draft_seen"] != now:
            # Shown again with the draft as it is now; published the next time, on purpose.
            self.data = self.data.copy()
            self.data[self.add_prefix("draft_seen")] = now
            raise forms.ValidationError(
                _(
                    "The draft changed after you opened this page (a colleague edited it, or you did in "
                    "another tab): the sections below are as they are now. Check them, then publish again."
                )
            )
        current = GuidelineVersion.objects.current()
        unchanged = current is not None and actions.same_content(Section.objects.drafts(), current)
        # The same text again only to have everybody confirm it again; otherwise a slip.
        if unchanged and not cleaned.get("requires_acknowledgement"):
            raise forms.ValidationError(
                _(
                    "The draft is the same as version %(number)s: there is nothing new to publish. "
                    "To have everybody confirm the guidelines again, tick “requires acknowledgement again”."
                )
                % {"number": current.number}
            )
        return cleaned


@admin.register(GuidelineVersion)
class GuidelineVersionAdmin(EditConflictAdmin, admin.ModelAdmin):
    """Adding a version publishes the current draft. Published versions never change."""

    form = PublishForm
    list_display = ["number", "published_at", "published_by", "requires_acknowledgement", "summary_shown"]
    readonly_fields = ["number", "published_at", "published_by", "publisher"]
    add_form_template = "admin/guidelines/guidelineversion/add_form.html"

    @admin.display(description=_("summary"), ordering="summary")
    def summary_shown(self, version):
        """In the reader's language where there is an English one."""
        return version.display_summary

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["summary", "summary_en", "requires_acknowledgement", "draft_seen"]
        # Django links the publisher to their user page: only for whoever may open it.
        publisher = (
            "published_by" if opens_in_admin(request, self.admin_site, get_user_model()) else "publisher"
        )
        fields = ["number", "published_at", publisher, "summary", "summary_en", "requires_acknowledgement"]
        return [*fields, "same_as"] if obj.same_as_id else fields  # "reads as" only where it does

    @admin.display(description=GuidelineVersion._meta.get_field("published_by").verbose_name)
    def publisher(self, obj: GuidelineVersion) -> str:
        return str(obj.published_by) if obj.published_by_id else "–"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        drafts = list(Section.objects.drafts().order_by("position", "pk"))
        current = GuidelineVersion.objects.current()
        extra_context = {
            **(extra_context or {}),
            "draft_sections": drafts,
            "current_version": current,
            "draft_unchanged": current is not None and actions.same_content(drafts, current),
            "title": _("Publish the draft as a new version"),
        }
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        before = GuidelineVersion.objects.current()
        version = actions.publish_version(
            request.user,
            form.cleaned_data["summary"],
            summary_en=form.cleaned_data["summary_en"],
            requires_acknowledgement=form.cleaned_data["requires_acknowledgement"],
        )
        # The admin logs and links ``obj``: make it the version just published.
        obj.pk = version.pk
        obj.number = version.number
        obj.published_at = version.published_at
        obj.published_by = version.published_by
        obj.requires_acknowledgement = version.requires_acknowledgement
        obj.same_as_id = version.same_as_id
        obj._state.adding = False
        obj.published_before = before is not None and version.pk == before.pk  # nothing new
        if obj.published_before:
            return
        if version.requires_acknowledgement:
            # After the commit, in the background; a broker that is down must not undo the
            # publishing (the start page asks everybody anyway).
            transaction.on_commit(lambda: ask_to_acknowledge.delay(version.pk), robust=True)

    def log_addition(self, request, obj, message):
        if not getattr(obj, "published_before", False):  # no second "Added" in its history
            super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.published_before:
            message = _("The draft is version %(number)s, published already: nothing new was published.")
            self.message_user(request, message % {"number": obj.number}, messages.INFO)
            return HttpResponseRedirect(reverse("guidelines:index"))
        self.message_user(
            request,
            _("Version %(number)s is published.") % {"number": obj.number},
            messages.SUCCESS,
        )
        if obj.requires_acknowledgement:
            message = _("Everybody is asked by e-mail now to confirm it.")
            self.message_user(request, message, messages.INFO)
        if obj.same_as_id:
            earlier = GuidelineVersion.objects.get(pk=obj.same_as_id).number
            message = _(
                "It reads as version %(earlier)s: whoever was up to date with that one need not confirm again."
            )
            self.message_user(request, message % {"earlier": earlier}, messages.INFO)
        return HttpResponseRedirect(reverse("guidelines:index"))


class TabooExampleInline(admin.TabularInline):
    formset = InlineFormSet
    model = TabooExample
    extra = 1
    fields = ["position", "text", "text_en"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 34})}}


def _same_term(term: str, is_regex: bool = False) -> str:
    """Matching ignores capitals and spacing, and reads umlauts written out: "umsatz" and "Umsatz",
    "Börse" and "Boerse" are one term. (A pattern as written: its "ae" may mean anything.)"""
    return " ".join(term.split()).casefold() if is_regex else normalize_term(term)


class TabooTermFormSet(InlineFormSet):
    def clean(self) -> None:
        # Matching ignores case, so "umsatz" next to "Umsatz" is the same term twice.
        seen: dict[str, str] = {}
        for form in self.forms:
            data = form.cleaned_data or {}
            term = data.get("term", "")
            if not term or data.get("DELETE"):
                continue
            key = _same_term(term, data.get("is_regex", False))
            if key in seen:
                raise ValidationError(
                    _(
                        "“%(term)s” and “%(other)s” are the same term (matching ignores capitals and reads "
                        "“ä” as “ae”)."
                    )
                    % {"term": term, "other": seen[key]}
                )
            seen[key] = term
        # And against the terms stored meanwhile that this page does not show (a colleague's new
        # row): the same term twice was a 500 on the unique constraint, or in other capitals
        # stored twice, and every later save of the topic refused.
        if self.instance.pk:
            shown = [form.instance.pk for form in self.forms if form.instance.pk]
            for stored, is_regex in self.instance.terms.exclude(pk__in=shown).values_list("term", "is_regex"):
                key = _same_term(stored, is_regex)
                if key in seen:
                    raise ValidationError(
                        _("“%(term)s” is a term of this topic already (added meanwhile, as “%(other)s”).")
                        % {"term": seen[key], "other": stored}
                    )
        super().clean()

    def save_existing_objects(self, commit=True):
        # Rows are written one by one, in the page's order, under the topic's unique constraint: a
        # row taking the wording of one deleted or reworded further down ("Marge" → "Umsatz" with
        # "Umsatz" deleted; two terms swapped) collided with it mid-save (a 500). The wordings
        # being given up are set aside first, by an UPDATE that leaves no history entry (a leading
        # space: no term typed has one).
        if commit:
            leaving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and (self._should_delete_form(form) or "term" in form.changed_data)
            ]
            TabooTerm.objects.filter(pk__in=leaving).update(term=Concat(Value(" "), Cast("pk", CharField())))
        return super().save_existing_objects(commit)


class TabooTermInline(admin.TabularInline):
    model = TabooTerm
    formset = TabooTermFormSet
    extra = 3
    fields = ["term", "whole_word", "is_regex"]


@admin.register(TabooTopic)
class TabooTopicAdmin(CountedDeletePage, AutocompleteByIdAdmin, HistoryAdmin):
    list_display = [
        localized_column("name", _("name")), "severity", localized_column("speaker_role", _("who may speak about it")),
        "term_count", "active", "updated_at",
    ]  # fmt: skip
    list_filter = ["severity", "active"]
    search_fields = ["name", "name_en", "explanation", "terms__term", "examples__text"]
    inlines = [TabooExampleInline, TabooTermInline]
    autocomplete_fields = ["spokesperson"]
    actions = ["test_against_text", "activate", "deactivate"]
    fieldsets = [
        (None, {"fields": ["severity", "active", "spokesperson"]}),
        (_("German"), {"fields": ["name", "explanation", "speaker_role"]}),
        (_("English"), {"fields": ["name_en", "explanation_en", "speaker_role_en"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(term_count=Count("terms", distinct=True))

    @admin.display(description=_("terms"), ordering="term_count")
    def term_count(self, obj: TabooTopic) -> int:
        return obj.term_count

    def get_urls(self):
        extra = [
            path("test/", self.admin_site.admin_view(self.test_view), name="guidelines_tabootopic_test"),
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="guidelines_tabootopic_deleted",
            ),
        ]
        return extra + super().get_urls()

    @admin.action(description=_("Test the selected topics against a text"), permissions=["view"])
    def test_against_text(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:guidelines_tabootopic_test')}?ids={ids}")

    @admin.action(description=_("Activate the selected topics"), permissions=["change"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description=_("Deactivate the selected topics"), permissions=["change"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active: bool) -> None:
        count = 0
        for topic in queryset:  # save() so history and the matcher see it
            if topic.active != active:
                topic.active = active
                topic.save(update_fields=["active", "updated_at"])
                count += 1
        self.message_user(request, ngettext("%d topic changed.", "%d topics changed.", count) % count)

    def test_view(self, request: HttpRequest) -> HttpResponse:
        """Try topics (active or not) against a sample text; nothing is stored."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [pk for pk in map(parse_int, request.GET.get("ids", "").split(",")) if pk is not None]
        topics = TabooTopic.objects.prefetch_related("terms")
        chosen = list(topics.filter(pk__in=ids)) if ids else []
        if ids and not chosen:
            # Deleted since they were chosen (an old link): tested against nothing, the page
            # listed no topic and found nothing.
            messages.warning(
                request, _("The topics chosen no longer exist: the text is tested against all active ones.")
            )
        topics = chosen or list(topics.active())
        form = TopicTestForm(request.POST or None)
        matches = None
        highlighted = None
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["text"]
            found = Matcher(topic.as_spec() for topic in topics).match(text)
            highlighted = highlight(text, found)
            names = {topic.pk: topic.display_name for topic in topics}  # in the reader's language
            matches = [(names.get(match.topic_id, match.topic_name), match) for match in found]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Test taboo topics against a text"),
            "opts": self.model._meta,
            "topics": topics,
            "form": form,
            "matches": matches,
            "highlighted": highlighted,
        }
        return render(request, "admin/guidelines/tabootopic/test.html", context)

    def deleted_view(self, request: HttpRequest) -> HttpResponse:
        """Deleted topics (a superuser's), terms and examples, each restorable with one click. A
        deleted topic's terms and examples come back with it, and are not listed on their own: a
        deleted topic could be found only by typing the address of its history."""
        alive = {"topic_id__in": TabooTopic.objects.values("pk")}
        return deleted_view(
            self,
            request,
            [TabooTopic, TabooTerm, TabooExample],
            restore=actions.restore_deleted_taboo_item,
            filters={TabooTerm: alive, TabooExample: alive},
            parents={TabooTerm: "topic", TabooExample: "topic"},
            note=_(
                "A topic comes back with the terms and examples deleted with it. Mentions stored "
                "before are not flagged for it again; new ones are."
            ),
        )

    object_history_template = "admin/guidelines/tabootopic/object_history.html"

    def wordings(self, object_id: int) -> list[Wording]:
        """The topic's terms and examples: how they were reworded, in its history."""
        return [
            Wording(TabooTerm, ("term", "is_regex", "whole_word"), {"topic_id": object_id}),
            Wording(TabooExample, ("text", "text_en"), {"topic_id": object_id}),
        ]

    def check_restored(self, instance) -> None:
        actions.check_term(instance)

    def save_model(self, request, obj, form, change):
        coming_back = (
            getattr(request, "history_revert", False) and not TabooTopic.objects.filter(pk=obj.pk).exists()
        )
        super().save_model(request, obj, form, change)
        if coming_back:  # a deleted topic restored from its history: with its terms and examples
            count = actions.restore_deleted_with(obj)
            self.message_user(
                request,
                ngettext(
                    "%(count)s term or example deleted with the topic is back too. Mentions stored "
                    "before are not flagged for it again; new ones are.",
                    "%(count)s terms and examples deleted with the topic are back too. Mentions stored "
                    "before are not flagged for it again; new ones are.",
                    count,
                )
                % {"count": grouped(count)},
            )

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_matcher_version()


@admin.register(CompanyName)
class CompanyNameAdmin(HistoryAdmin):
    deleted_objects_page = True
    list_display = ["name", "kind", "active"]
    list_editable = ["kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
