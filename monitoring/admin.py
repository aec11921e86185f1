"""The comms team's admin for sources, tracked keywords and mentions."""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_value
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from monitoring import actions, pipeline, search
from monitoring.models import (
    IN_QUEUE,
    FeedURLValidator,
    Mention,
    MentionTabooMatch,
    ReviewStatus,
    Source,
    TrackedKeyword,
    is_legal_form,
    split_aliases,
)
from monitoring.parsing import canonical_url_hash, unwrap_redirect
from portal.admin_history import HistoryAdmin
from portal.admin_site import CountedDeletePage, opens_in_admin
from portal.lib import http, search_words
from portal.lib.html import drop_unsafe_characters, one_line
from portal.lib.numbers import grouped, parse_int
from portal.lib.paging import IdsFirstPaginator


class FeedURLField(forms.URLField):
    """A URL field that takes a feed's address as web pages link it, too ("feed://…"), with
    spaces as a browser takes them ("%20"), and an intranet host without a dot
    ("https://intranet/feed"); http and https only."""

    default_validators = [FeedURLValidator()]

    def to_python(self, value):
        return super().to_python(actions.typed_feed_address(value) if isinstance(value, str) else value)


# A whole number written with grouping: "10.080" (German), "10,080" (English), "10 080".
_GROUPED_NUMBER = re.compile(r"\A\d{1,3}(?:[.,'’ \u00a0\u202f]\d{3})+\Z")
_SPACES_AND_APOSTROPHES = {"'", "’", " ", "\u00a0", "\u202f"}


class MinutesField(forms.IntegerField):
    """A whole number of minutes that may be typed with thousands separators. Django reads
    "1.000" as 1 (it drops ".000" as decimals) and then refuses it as under 5 minutes."""

    def to_python(self, value):
        text = value.strip() if isinstance(value, str) else ""
        if _GROUPED_NUMBER.match(text):
            separators = {char for char in text if not char.isdigit()}
            if separators <= {get_format("THOUSAND_SEPARATOR"), *_SPACES_AND_APOSTROPHES}:
                value = "".join(char for char in text if char.isdigit())
            else:  # "1,000" in German: one minute with decimals, or a thousand?
                raise ValidationError(
                    _(
                        "“%(value)s” is unclear: please type the minutes without a dot or comma, such as %(example)s."
                    ),
                    code="unclear",
                    params={"value": text, "example": "".join(char for char in text if char.isdigit())},
                )
        return super().to_python(value)


class SourceForm(forms.ModelForm):
    url = FeedURLField(label=capfirst(_("feed URL")), max_length=2000, assume_scheme="https")
    # The model's field would say "at least 0" first (it is a positive integer).
    poll_interval = Source._meta.get_field("poll_interval").formfield(
        form_class=MinutesField,
        min_value=5,
        # The refusals name minutes only ("at most 10080"): a week is what people know.
        help_text=_("At least 5 minutes, at most a week (10,080 minutes)."),
    )
    skip_trial_fetch = forms.BooleanField(
        label=_("Add even if the trial fetch fails"),
        required=False,
        help_text=_("For a feed that is down right now. It will be polled on schedule anyway."),
    )

    # Set by SourceAdmin on the page that puts an earlier version back from the history.
    reverting = False

    class Meta:
        model = Source
        fields = ["name", "url", "kind", "poll_interval", "active"]

    def _url_changes(self, url: str) -> bool:
        """Whether saving changes the stored URL (new, edited here, or an earlier one put back:
        that page starts from the old version, so its "changed" compares with nothing stored)."""
        if not self.instance.pk:
            return True
        if self.reverting:
            return url != Source.objects.filter(pk=self.instance.pk).values_list("url", flat=True).first()
        return "url" in self.changed_data

    def _stored_name(self) -> str | None:
        """The name saved now (an earlier version put back starts from its old name, as with the URL)."""
        if self.reverting:
            return Source.objects.filter(pk=self.instance.pk).values_list("name", flat=True).first()
        return self.instance.name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trial: actions.TrialResult | None = None
        if not self.instance.pk:
            # As feed readers do: the feed's own title, if nobody has a better name for it.
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Empty: the feed's own title.")
        if self.instance.pk:
            self.fields["skip_trial_fetch"].label = _("Save even if the trial fetch of a new URL fails")
            # "Changed" means changed against what this page showed, not against the row now:
            # a pause from another tab, or a colleague's rename, is no change of this form's.
            # (A form sent without those values, from elsewhere, compares with the row.)
            for name, field in self.fields.items():
                field.show_hidden_initial = not self.is_bound or self.add_initial_prefix(name) in self.data

    def clean_name(self) -> str:
        # No control characters (pasted from a terminal, say): they break the OPML export.
        name = drop_unsafe_characters(self.cleaned_data["name"]).strip()
        # Names are unique ignoring capitals, but SQLite's lower() knows only ASCII: "gut äöü" was a
        # second source next to "Gut ÄÖÜ" there. The same name exactly too, with the same words
        # (the model's own error was Django's "Source with this Name already exists.").
        if not name or (self.instance.pk and name == self._stored_name()):
            return name  # not renamed here: an older twin from before must not block other changes
        _refuse_source_name_twin(name, self.instance.pk)
        return name

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not self._url_changes(url):
            return url  # unchanged here: pausing or renaming must not hang on DNS (polls check again anyway)
        _refuse_feed_twin(url, self.instance.pk)
        try:
            http.check_url(url)
        except http.FetchError as error:
            # A host name that does not resolve right now is a feed that is down: "… even if
            # the trial fetch fails" may save it (clean). An internal address never.
            if error.code != http.REASON_DNS:
                raise ValidationError(Source.error_text(error.code, error.detail)) from error
        return url

    # Trial fetches SourceAdmin made before its transaction began, by URL (see trial_fetch_first).
    trials: dict[str, actions.TrialResult] = {}

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        if url and "url" not in self.errors and self._url_changes(url):
            self.trial = self.trials.get(url) or actions.trial_fetch(url)
            if self.trial.error and not cleaned.get("skip_trial_fetch"):
                self.add_error(
                    "url",
                    _(
                        "The trial fetch failed: %(error)s. Check the URL, or tick the box below to save it anyway."
                    )
                    % {"error": self.trial.error},
                )
            moved_to = self.trial.permanent_url
            if moved_to and (twin := actions.source_with_feed(moved_to, exclude_pk=self.instance.pk)):
                # Its first poll would keep the address (the other source has the feed): two
                # sources polling one feed for ever, the second's entries all skipped.
                message = _("This address has moved for good to a feed that is a source already: “%(name)s”.")
                self.add_error("url", message % {"name": twin.name})
        if not (self.instance.pk or cleaned.get("name") or self.errors or self.trial is None):
            # No name given: the feed's title (its host, if the fetch failed), as feed readers name it.
            title = one_line(self.trial.title)  # as a name typed here (``OneLineField``)
            taken = {name.casefold() for name in Source.objects.values_list("name", flat=True)}
            cleaned["name"] = actions.unique_name((title or urlsplit(url).hostname or url)[:180], taken)
        return cleaned


class OpmlImportForm(forms.Form):
    file = forms.FileField(
        label=_("OPML file"), help_text=_("Exported from a feed reader or from the portal; at most 10 MB.")
    )
    kind = forms.ChoiceField(
        label=_("Kind of the new sources"),
        choices=Source.Kind.choices,
        initial=Source.Kind.NEWS,
        help_text=_("Used where the file does not say."),
    )


def _refuse_source_name_twin(name: str, pk: int | None) -> None:
    folded = name.casefold()
    names = Source.objects.exclude(pk=pk).values_list("name", flat=True)
    if any(other.casefold() == folded for other in names.iterator()):
        raise ValidationError(_("There is one with this name already (capitals do not count)."))


def _refuse_feed_twin(url: str, pk: int | None) -> None:
    twin = actions.source_with_feed(url, exclude_pk=pk)
    if twin is not None:
        raise ValidationError(_("This feed is a source already: “%(name)s”.") % {"name": twin.name})


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    form = SourceForm
    list_display = [
        "name", "kind", "status_badge", "poll_interval", "last_success_at", "next_poll",
        "consecutive_errors", "last_error_short", "mention_count",
    ]  # fmt: skip
    list_filter = ["kind", "active"]
    search_fields = ["name", "url", "title"]
    actions = ["poll_now", "pause", "resume", "export_selected"]
    change_list_template = "admin/monitoring/source/change_list.html"
    deleted_objects_page = True
    deleted_objects_note = _(
        "A source's mentions were deleted with it and do not come back; its next poll brings back "
        "what its feed still lists."
    )
    readonly_fields = [
        "title", "status_badge", "paused_reason_text", "paused_at", "last_polled_at", "last_success_at",
        "next_poll", "consecutive_errors", "last_error_text", "last_error_at", "last_warning_text",
        "etag", "last_modified",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["name", "url", "kind", "poll_interval", "active", "skip_trial_fetch"]}),
        (
            _("Polling state"),
            {
                "fields": [
                    "title", "status_badge", "paused_reason_text", "paused_at", "last_polled_at",
                    "last_success_at", "next_poll", "consecutive_errors", "last_error_text", "last_error_at",
                    "last_warning_text", "etag", "last_modified",
                ]
            },
        ),
    ]  # fmt: skip
    add_fieldsets = fieldsets[:1]  # no polling state yet

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_queryset(self, request):
        # A correlated subquery, not a join with GROUP BY: PostgreSQL counts for the page's 100
        # sources only (unless the list is sorted by it), not over every mention of every source.
        # COUNT(*), not COUNT(id): read from the index mention_unique_in_source alone, without a
        # visit to each mention's row (a source's mentions lie on as many pages as there are of
        # them): 0.3 s for 100,000 mentions, now 0.03 s.
        per_source = Mention.objects.filter(source=OuterRef("pk")).order_by().values("source")
        total = Subquery(per_source.annotate(n=Count("*")).values("n"))
        return super().get_queryset(request).annotate(mention_total=Coalesce(total, 0))

    @admin.display(description=_("mentions"), ordering="mention_total")
    def mention_count(self, obj: Source) -> str:
        return _mentions_link(getattr(obj, "mention_total", 0), "source", obj.pk)

    @admin.display(description=_("next poll"), ordering="next_poll_at")
    def next_poll(self, obj: Source) -> str:
        # Formatted here: the change page shows what a method returns as it is (UTC, microseconds).
        return display_for_value(obj.next_poll_at, "–") if obj.active else "–"  # a paused one is not polled

    def check_undeleted(self, instance: Source) -> None:
        _refuse_source_name_twin(instance.name, instance.pk)  # else Django's "Source with this Name …"
        _refuse_feed_twin(instance.url, instance.pk)

    @admin.display(description=_("status"))
    def status_badge(self, obj: Source) -> str:
        css = "ok" if obj.active and not obj.consecutive_errors else "problem"
        return format_html('<span class="source-status source-status--{}">{}</span>', css, obj.status)

    @admin.display(description=_("paused because"))
    def paused_reason_text(self, obj: Source) -> str:
        return obj.paused_reason or "–"

    @admin.display(description=_("last error"))
    def last_error_text(self, obj: Source) -> str:
        return obj.last_error or "–"

    @admin.display(description=Source._meta.get_field("last_warning").verbose_name)
    def last_warning_text(self, obj: Source) -> str:
        return obj.warning or "–"

    @admin.display(description=_("last error"))
    def last_error_short(self, obj: Source) -> str:
        text = obj.paused_reason or obj.last_error
        if len(text) <= 120:
            return text
        return text[:120].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"  # at a word; the page has it all

    @staticmethod
    def _reset_polling_state(request, obj: Source, changed: list[str]) -> list[str]:
        """The edit form does what the pause/resume actions do; a new URL starts afresh.

        Returns the fields it set.
        """
        now = timezone.now()
        reset = []
        if "url" in changed:
            # The old server's validators and error streak say nothing about the new address.
            obj.etag = obj.last_modified = obj.body_hash = ""
            obj.consecutive_errors = 0
            obj.next_poll_at = now
            reset += ["etag", "last_modified", "body_hash", "consecutive_errors", "next_poll_at"]
        if "active" in changed:
            fields = Source.resumed_fields(now) if obj.active else actions.paused_by(request.user)
            for name, value in fields.items():
                setattr(obj, name, value)
            reset += [name for name in fields if name != "active"]
        return reset

    def get_deleted_objects(self, objs, request):
        """The delete page: the sources and a count of their mentions, not every mention listed.

        Django would list each mention, taboo match and person's read/starred
        row (10,000s of lines, and who read what), and would refuse comms, who
        may not delete mentions one by one. The mentions belong to the source.
        """
        sources = list(objs)
        mentions = Mention.objects.filter(source__in=sources)
        total = mentions.count()
        starred = mentions.starred_by_anyone().count() if total else 0
        summary = [str(source) for source in sources]
        refused = total and not request.user.is_superuser
        if refused and len(sources) > 1:
            # Refused: the ones that stand in the way, not those comms may delete (one "F 404" among
            # them read as having mentions too).
            counts = dict(mentions.order_by().values_list("source").annotate(count=Count("pk")))
            summary = [str(source) for source in sources if source.pk in counts]
        if total:
            summary.append(
                ngettext(
                    "%(count)s mention (%(starred)s starred by colleagues) is deleted too. "
                    "To keep it, pause instead of deleting.",
                    "%(count)s mentions (%(starred)s starred by colleagues) are deleted too. "
                    "To keep them, pause instead of deleting.",
                    total,
                )
                % {"count": grouped(total), "starred": grouped(starred)}
            )
        model_count = {Source._meta.verbose_name_plural: len(sources)}
        if total:
            model_count[Mention._meta.verbose_name_plural] = total
        # Deleted mentions (with the team's review notes and colleagues' stars) cannot come back:
        # the communications team pauses such a source; only a superuser deletes it. Django's
        # delete pages then say which objects the account may not delete.
        perms_needed = {Mention._meta.verbose_name_plural} if refused else set()
        return summary, model_count, perms_needed, []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        extra = {"trials": getattr(request, "source_trials", {})}
        if getattr(request, "history_revert", False):
            extra["reverting"] = True
        return type(form.__name__, (form,), extra)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self.trial_fetch_first(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.trial_fetch_first(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def trial_fetch_first(self, request, object_id) -> None:
        """Fetch a new URL before the admin's transaction begins: the fetch may take its whole
        deadline, and on SQLite that transaction locks the database for everybody meanwhile (on
        PostgreSQL it holds a transaction open). The form then uses the result."""
        if request.method != "POST":
            return
        try:
            url = SourceForm.base_fields["url"].clean(request.POST.get("url", ""))
        except ValidationError:
            return  # the form says why
        if not (self.has_change_permission(request) if object_id else self.has_add_permission(request)):
            return  # the admin refuses the page itself
        stored = Source.objects.filter(pk=parse_int(object_id)).values_list("url", flat=True).first()
        if url != stored:
            request.source_trials = {url: actions.trial_fetch(url)}

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
        else:
            if getattr(request, "history_revert", False):
                # An earlier version put back: what differs from the row now.
                current = Source.objects.filter(pk=obj.pk).first()
                if current is None:  # deleted since: it comes back as that version
                    super().save_model(request, obj, form, change)
                    return
                changed = [
                    name for name in SourceForm.Meta.fields if getattr(obj, name) != getattr(current, name)
                ]
            else:
                changed = [name for name in form.changed_data if name in SourceForm.Meta.fields]
            written = {*changed, *self._reset_polling_state(request, obj, changed)}
            # Only what this form changed, and what that resets: a poll finishing meanwhile (its
            # ETag, error streak, next poll) or a pause from another tab stays as it is.
            obj.refresh_from_db(
                fields=[
                    field.attname
                    for field in obj._meta.concrete_fields
                    if field.name not in written and not field.primary_key and not field.generated
                ]
            )
            obj.save(update_fields=sorted(written))
        trial = getattr(form, "trial", None)
        if trial is not None:
            if trial.error:
                error = str(trial.error).rstrip(".")
                self.message_user(request, _("Saved without a working fetch: %(error)s.") % {"error": error},
                                  messages.WARNING)  # fmt: skip
            elif trial.title:
                found = ngettext(
                    "The trial fetch found “%(title)s” with %(count)s entry.",
                    "The trial fetch found “%(title)s” with %(count)s entries.",
                    trial.entries,
                )
                self.message_user(
                    request, found % {"title": trial.title, "count": grouped(trial.entries)}, messages.SUCCESS
                )
            else:  # not its address as a title: the source is named after its host
                found = ngettext(
                    "The trial fetch found a feed without a title, with %(count)s entry.",
                    "The trial fetch found a feed without a title, with %(count)s entries.",
                    trial.entries,
                )
                self.message_user(request, found % {"count": grouped(trial.entries)}, messages.SUCCESS)

    @admin.action(description=_("Poll now"), permissions=["change"])
    def poll_now(self, request, queryset):
        ids = list(queryset.values_list("id", flat=True))
        try:
            count = pipeline.enqueue_polls(ids)
        except pipeline.QueueUnavailable as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        message = ngettext(
            "%(count)s source will be polled in a moment.",
            "%(count)s sources will be polled in a moment.",
            count,
        ) % {"count": grouped(count)}
        if count < len(ids):
            busy = len(ids) - count
            message += " " + ngettext(
                "%(count)s is waiting to be polled, or being polled, already.",
                "%(count)s are waiting to be polled, or being polled, already.",
                busy,
            ) % {"count": grouped(busy)}
        self.message_user(request, message, messages.SUCCESS if count else messages.INFO)

    @admin.action(description=_("Pause polling"), permissions=["change"])
    def pause(self, request, queryset):
        selected = queryset.count()
        count = actions.pause_sources(queryset, request.user)
        message = ngettext("%(count)s source paused.", "%(count)s sources paused.", count) % {
            "count": grouped(count)
        }
        if count < selected:
            already = selected - count
            message += " " + ngettext(
                "%(count)s was paused already.", "%(count)s were paused already.", already
            ) % {"count": grouped(already)}
        self.message_user(request, message)

    @admin.action(description=_("Resume polling"), permissions=["change"])
    def resume(self, request, queryset):
        selected = queryset.count()
        count = actions.resume_sources(queryset, request.user)
        message = ngettext("%(count)s source resumed.", "%(count)s sources resumed.", count) % {
            "count": grouped(count)
        }
        if count < selected:
            already = selected - count
            message += " " + ngettext("%(count)s was not paused.", "%(count)s were not paused.", already) % {
                "count": grouped(already)
            }
        self.message_user(request, message)

    @admin.action(description=_("Export as OPML"), permissions=["view"])
    def export_selected(self, request, queryset):
        return _opml_response(queryset)

    def get_urls(self):
        urls = [
            path(
                "import-opml/",
                self.admin_site.admin_view(self.import_opml_view),
                name="monitoring_source_import",
            ),
            path(
                "export-opml/",
                self.admin_site.admin_view(self.export_opml_view),
                name="monitoring_source_export",
            ),
        ]
        return urls + super().get_urls()

    def export_opml_view(self, request: HttpRequest) -> HttpResponse:
        """Communications: every source as OPML."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _opml_response(Source.objects.all())

    def import_opml_view(self, request: HttpRequest) -> HttpResponse:
        """Communications: add the feeds of an OPML file as sources."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = OpmlImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                upload = form.cleaned_data["file"].read(actions.MAX_OPML_BYTES + 1)  # no more in memory
                result = actions.import_opml(upload, form.cleaned_data["kind"], request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                self.message_user(
                    request,
                    _opml_summary(result),
                    messages.SUCCESS if result.created else messages.INFO,
                )
                return redirect(reverse("admin:monitoring_source_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import sources from OPML"),
        }
        return TemplateResponse(request, "admin/monitoring/source/import_opml.html", context)


def _opml_summary(result: actions.OpmlImport) -> str:
    """“2 sources added, 1 already there, 1 invalid URL skipped: …” with each count's own plural
    (grouped as the reader writes numbers: "10.000 Quellen hinzugefügt")."""
    created, existing, invalid, blocked = map(
        len, (result.created, result.existing, result.invalid, result.blocked)
    )
    parts = [ngettext("%(count)s source added", "%(count)s sources added", created) % _grouped(created)]
    if existing:
        parts.append(
            ngettext("%(count)s already there", "%(count)s already there", existing) % _grouped(existing)
        )
    if repeated := len(result.repeated):
        parts.append(
            ngettext(
                "%(count)s listed more than once in the file",
                "%(count)s listed more than once in the file",
                repeated,
            )
            % _grouped(repeated)
        )
    if invalid:
        label = ngettext("%(count)s invalid URL skipped", "%(count)s invalid URLs skipped", invalid)
        parts.append(_listing(label % _grouped(invalid), result.invalid))
    if blocked:
        label = ngettext(
            "%(count)s internal address skipped", "%(count)s internal addresses skipped", blocked
        )
        parts.append(_listing(label % _grouped(blocked), result.blocked))
    if websites := len(result.websites):
        label = ngettext(
            "%(count)s web page without a feed address skipped",
            "%(count)s web pages without a feed address skipped",
            websites,
        )
        parts.append(_listing(label % _grouped(websites), result.websites))
    return ", ".join(parts) + "."


def _grouped(count: int) -> dict[str, str]:
    return {"count": number_format(count, force_grouping=True)}


def _listing(label: str, urls: list[str]) -> str:
    return f"{label} ({', '.join(url[:100] for url in urls[:5])}{' …' if len(urls) > 5 else ''})"


def _mentions_link(count: int, parameter: str, pk: int) -> str:
    """``count`` as a link to those mentions in the admin's mention list (filtered by ``parameter``)."""
    if not count:
        return "0"
    url = f"{reverse('admin:monitoring_mention_changelist')}?{parameter}={pk}"
    return format_html('<a href="{}">{}</a>', url, number_format(count, force_grouping=True))


def _opml_response(queryset) -> HttpResponse:
    response = HttpResponse(actions.export_opml(queryset), content_type="text/x-opml; charset=utf-8")
    filename = f"mention-sources-{timezone.localdate():%Y-%m-%d}.opml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _refuse_unspecific_term(term: str, name: str) -> None:
    """A keyword's name or alias that would find every company's mentions (a legal form alone:
    "GmbH", "Inc.") or any text with a sign ("*", "+"): refused, saying why."""
    if is_legal_form(term):
        raise ValidationError(
            _(
                "“%(alias)s” alone is a legal form, not a name: it would find every company's "
                "mentions. Write it on one line with the name, such as “%(example)s”."
            )
            % {"alias": term, "example": f"{name if name != term else 'Nordlicht Systems'} {term}"}
        )
    if not any(character.isalnum() for character in term):
        raise ValidationError(
            _("“%(term)s” has no letter or digit: it would find every text with this sign.") % {"term": term}
        )


class TrackedKeywordForm(forms.ModelForm):
    class Meta:
        model = TrackedKeyword
        fields = ["name", "aliases", "active"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "aliases": _(
                "Other spellings, one per line (commas separate them too, but not from a legal form: "
                "“Nordlicht Systems, Inc.” is one). Case does not matter."
            )
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        _refuse_unspecific_term(name, name)
        # Matching ignores case: "leipzig" next to "Leipzig" would be one keyword listed twice.
        _refuse_keyword_twin(name, self.instance.pk)
        return name

    def clean_aliases(self) -> str:
        """Stored one per line, as they are read: a legal form alone ("Inc.", "GmbH") is refused,
        it would find every company's mentions; the name itself, or an alias twice, is dropped."""
        # As the name (``OneLineField``): composed, no invisible characters, or it never matched.
        aliases = [alias for alias in map(one_line, split_aliases(self.cleaned_data["aliases"])) if alias]
        for alias in aliases:
            _refuse_unspecific_term(alias, self.cleaned_data.get("name") or "Nordlicht Systems")
        seen = {" ".join(self.cleaned_data.get("name", "").split()).casefold()}
        kept = []
        for alias in aliases:
            if alias.casefold() not in seen:
                seen.add(alias.casefold())
                kept.append(alias)
        return "\n".join(kept)


def _refuse_keyword_twin(name: str, pk: int | None) -> None:
    # Compared casefolded, as matching compares: "STRASSE" is "Straße"'s twin, though SQL's
    # case-insensitive comparison keeps them apart. A company has tens of keywords, not thousands.
    folded = name.casefold()
    names = TrackedKeyword.objects.exclude(pk=pk).values_list("name", flat=True)
    twin = next((other for other in names.iterator() if other.casefold() == folded), None)
    if twin is not None:
        raise ValidationError(
            _("There is a keyword “%(name)s” already (matching ignores capitals).") % {"name": twin}
        )


@admin.register(TrackedKeyword)
class TrackedKeywordAdmin(HistoryAdmin):
    form = TrackedKeywordForm
    change_list_template = "admin/monitoring/trackedkeyword/change_list.html"
    deleted_objects_page = True
    list_display = ["name", "aliases_short", "active", "mention_count"]
    list_filter = ["active"]
    search_fields = ["name", "aliases"]

    def get_queryset(self, request):
        # Counted per keyword on the page (a correlated subquery, COUNT(*) from the index alone),
        # as the sources' list does.
        links = Mention.keywords.through.objects.filter(trackedkeyword=OuterRef("pk")).order_by()
        total = Subquery(links.values("trackedkeyword").annotate(n=Count("*")).values("n"))
        return super().get_queryset(request).annotate(mention_total=Coalesce(total, 0))

    @admin.display(description=_("aliases"))
    def aliases_short(self, obj: TrackedKeyword) -> str:
        return " · ".join(obj.terms[1:])  # not commas: "Nordlicht Systems, Inc." is one alias

    @admin.display(description=_("mentions"), ordering="mention_total")
    def mention_count(self, obj: TrackedKeyword) -> str:
        return _mentions_link(getattr(obj, "mention_total", 0), "keyword", obj.pk)

    def check_undeleted(self, instance: TrackedKeyword) -> None:
        _refuse_keyword_twin(instance.name, instance.pk)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # monitoring.signals re-matches in the background.
        self.message_user(
            request,
            _("The mentions stored so far are being matched against the keywords again, in the background."),
        )

    def get_deleted_objects(self, objs, request):
        """The delete page says how many mentions lose the keyword (the mentions stay), not one
        line per link row ("Mention_keywords object (209)")."""
        keywords = list(objs)
        links = Mention.keywords.through.objects.filter(trackedkeyword__in=keywords).count()
        summary = [str(keyword) for keyword in keywords]
        if links:
            summary.append(
                ngettext(
                    "%(count)s mention loses its keyword link (the mention stays).",
                    "%(count)s mentions lose their keyword link (the mentions stay).",
                    links,
                )
                % {"count": grouped(links)}
            )
        return summary, {TrackedKeyword._meta.verbose_name_plural: len(keywords)}, set(), []


class MentionTabooMatchInline(admin.TabularInline):
    model = MentionTabooMatch
    fields = ["topic_name", "words"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # found by the matcher on ingest

    @admin.display(description=_("taboo topic"))
    def topic_name(self, obj: MentionTabooMatch) -> str:
        return obj.topic.display_name  # in the reader's language

    @admin.display(description=_("matched words"))
    def words(self, obj: MentionTabooMatch) -> str:
        return ", ".join(obj.matched_words)


class SourceListFilter(admin.SimpleListFilter):
    """The mention's source. Listed only while there are few: with thousands of feeds the sidebar
    would be longer than the page (search by the source's name instead); ``?source=ID`` works always."""

    title = _("source")
    parameter_name = "source"
    LISTED_UP_TO = 50

    def lookups(self, request, model_admin):
        sources = list(Source.objects.order_by("name").values_list("pk", "name")[: self.LISTED_UP_TO + 1])
        if len(sources) <= self.LISTED_UP_TO:
            return sources
        # Only the one chosen (a link from elsewhere), so that the filter applies and shows.
        chosen = parse_int(self.value() or "")
        return list(Source.objects.filter(pk=chosen).values_list("pk", "name")) if chosen is not None else []

    def queryset(self, request, queryset):
        source_id = parse_int(self.value() or "")
        return queryset.filter(source_id=source_id) if source_id is not None else queryset


class LinkedListFilter(admin.SimpleListFilter):
    """Mentions with any, none or a given one of their linked ``target`` rows (taboo topics,
    keywords). With EXISTS: Django's own many-to-many filter adds a DISTINCT over every column
    (the articles' texts too), seconds on 100,000 mentions."""

    through: type
    target_field: str

    def lookups(self, request, model_admin):
        target = self.through._meta.get_field(self.target_field).related_model
        return [
            ("any", pgettext_lazy("filter", "Any")),
            ("none", pgettext_lazy("filter", "None")),
            *((str(t.pk), getattr(t, "display_name", str(t))) for t in target.objects.all()),
        ]

    def queryset(self, request, queryset):
        links = self.through.objects.filter(mention=OuterRef("pk"))
        value = self.value()
        if value == "any":
            return queryset.filter(Exists(links))
        if value == "none":
            return queryset.filter(~Exists(links))
        target_id = parse_int(value or "")
        if target_id is not None:
            return queryset.filter(Exists(links.filter(**{f"{self.target_field}_id": target_id})))
        return queryset


class TabooTopicFilter(LinkedListFilter):
    title = _("taboo topic")
    parameter_name = "taboo_topic"
    through = MentionTabooMatch
    target_field = "topic"


class KeywordFilter(LinkedListFilter):
    title = _("tracked keyword")
    parameter_name = "keyword"
    through = Mention.keywords.through
    target_field = "trackedkeyword"


class ReviewFilter(admin.SimpleListFilter):
    """The review of the mentions that are, or were, in the Communications queue. Every mention
    starts "open": by the field, "open" listed every mention never flagged nor asked about, as if
    they all waited for one."""

    title = Mention._meta.get_field("review_status").verbose_name
    parameter_name = "review_status__exact"  # the field's own filter's: bookmarks keep working

    def lookups(self, request, model_admin):
        return ReviewStatus.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == ReviewStatus.OPEN:
            return queryset.filter(IN_QUEUE)  # waiting in the queue (/mentions/queue/)
        if value in ReviewStatus.values:
            return queryset.filter(review_status=value)
        raise IncorrectLookupParameters(value)


# A word in at most this many sources' names: the admin's mention search takes their mentions by id.
FEW_SOURCES = 20


def _admin_search_words(term: str) -> tuple[list[str], list[str]]:
    """The words the admin's mention search looks for, each in the text or the source's name, and
    those it leaves out. Very common words ("die", "the", "OR") and symbols are left out when there
    are others: each word is searched on its own, and "die" alone is searched in English mentions
    only, so "Die Polaris" found none in German."""
    words = term.split()[:10]
    wanted = [word for word in words if search_words.pieces(word) and not search_words.only_stop_words(word)]
    if not wanted:
        return words, []  # "die", "🚀": looked for in the texts where it can be, and the sources' names
    return wanted, [word for word in words if word not in wanted]


_FEW_DATES = 500


class _DrillDownDates:
    """A changelist's mentions as Django's date drill-down reads them: the first and last date and
    the years or months with mentions. Django takes MIN/MAX and a DISTINCT over every mention the
    filters let through, reading 100,000 of them for "news sources" or a common word (0.5 s);
    here the first and last come from the published_at index, and each year or month between
    them is asked whether it has one (EXISTS, stopping at the first). Days, within a month, as
    Django does; anything else from the queryset itself."""

    def __init__(self, queryset):
        self._queryset = queryset.order_by()

    def __getattr__(self, name):
        return getattr(self._queryset, name)

    def _first(self, ordering: str):
        return self._queryset.order_by(ordering).values_list("published_at", flat=True).first()

    @cached_property
    def _bounds(self) -> tuple:
        """The first and last date (Django asks for them, then for the years between).

        Walking the index in date order suits many matches; for a search that finds few or none
        it read every mention, checking each (0.6 s; and PostgreSQL makes MIN and MAX such walks
        too): up to a few hundred dates are read as they come, and the bounds taken from them."""
        dates = list(self._queryset.values_list("published_at", flat=True)[:_FEW_DATES])
        if len(dates) < _FEW_DATES:
            return (min(dates), max(dates)) if dates else (None, None)
        return self._first("published_at"), self._first("-published_at")

    def aggregate(self, **aggregates):
        if set(aggregates) != {"first", "last"}:
            return self._queryset.aggregate(**aggregates)
        first, last = self._bounds
        return {"first": first, "last": last}

    def datetimes(self, field_name: str, kind: str, *args, **kwargs):
        if field_name != "published_at" or kind not in ("year", "month"):
            return self._queryset.datetimes(field_name, kind, *args, **kwargs)
        first, last = self._bounds
        if first is None:
            return []
        first, last = timezone.localtime(first), timezone.localtime(last)
        periods, start = [], first.replace(month=1 if kind == "year" else first.month, day=1)
        start = start.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
        while start <= last.replace(tzinfo=None):
            if kind == "year":
                end = start.replace(year=start.year + 1)
            else:
                end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
            begins = timezone.make_aware(start)
            if self._queryset.filter(
                published_at__gte=begins, published_at__lt=timezone.make_aware(end)
            ).exists():
                periods.append(begins)
            start = end
        return periods


class MentionChangeList(ChangeList):
    def get_results(self, request) -> None:
        super().get_results(request)
        # Read after the results by the date drill-down only (admin_list.date_hierarchy).
        self.queryset = _DrillDownDates(self.queryset)


@admin.register(Mention)
class MentionAdmin(CountedDeletePage, admin.ModelAdmin):
    list_display = ["title", "source_name", "published_at", "flagged", "needs_attention", "review"]
    list_filter = [
        "flagged", "needs_attention", ReviewFilter, TabooTopicFilter, SourceListFilter, "source__kind",
        KeywordFilter,
    ]  # fmt: skip
    # Counting every filter choice over 100,000 mentions (one column per source) is slow, and past
    # 1,664 sources more columns than PostgreSQL allows.
    show_facets = admin.ShowFacets.NEVER
    # A deep page's OFFSET over the ids in mention_newest_idx, not over whole rows (page 900 of
    # 100,000 mentions: see IdsFirstPaginator). The count and filters are Django's as they were.
    paginator = IdsFirstPaginator
    inlines = [MentionTabooMatchInline]
    list_select_related = ["source"]
    search_fields = ["title", "url", "source__name"]
    date_hierarchy = "published_at"
    fields = [
        "title", "source_name", "url", "guid", "author", "published_at", "published_guessed", "keywords", "flagged",
        "needs_attention", "review", "review_note", "reviewed_by", "reviewed_at", "assigned_to",
        "assignment_note",
        "rendered_summary", "rendered_content", "fetched_at", "updated_at",
    ]  # fmt: skip
    # Comms handles flagged mentions in the queue (/mentions/queue/), which keeps the rules.
    readonly_fields = [*fields, "reviewer"]

    def get_fields(self, request, obj=None):
        # Django links the reviewer to their user page: only for whoever may open it (it was a
        # 403 for Communications, who review mentions).
        if opens_in_admin(request, self.admin_site, get_user_model()):
            return self.fields
        return ["reviewer" if name == "reviewed_by" else name for name in self.fields]

    @admin.display(
        description=Mention._meta.get_field("review_status").verbose_name, ordering="review_status"
    )
    def review(self, obj: Mention) -> str:
        # Only a mention in the queue, or handled there, has a review ("open" is every one's start).
        if obj.review_status == ReviewStatus.OPEN and not obj.in_queue:
            return "–"
        return obj.get_review_status_display()

    @admin.display(description=Mention._meta.get_field("reviewed_by").verbose_name)
    def reviewer(self, obj: Mention) -> str:
        return str(obj.reviewed_by) if obj.reviewed_by_id else "–"

    def has_add_permission(self, request) -> bool:
        return False  # mentions come from feeds only

    def get_queryset(self, request):
        # The list shows none of the texts; the change page loads them when it shows them.
        return super().get_queryset(request).defer("summary", "content", "search_vector")

    def get_changelist(self, request, **kwargs):
        return MentionChangeList

    def changelist_view(self, request, extra_context=None):
        term = request.GET.get(SEARCH_VAR, "").strip()
        if request.method == "GET" and not term.lower().startswith(("http://", "https://")):
            words, left_out = _admin_search_words(term)
            if left_out:
                self.message_user(
                    request,
                    _(
                        "“%(words)s” left out of the search: very common words and symbols are in "
                        "nearly every text or cannot be searched."
                    )
                    % {"words": " ".join(left_out)},
                    messages.INFO,
                )
            unsearched = [word for word in words if not search.searchable(word)]
            common = [word for word in unsearched if search.stop_words(word)]
            symbols = [word for word in unsearched if word not in common]
            # Such a word finds only sources named with it ("-" in "Nordsee-Rundschau", "Die Welt").
            if symbols:
                self.message_user(
                    request,
                    _(
                        "“%(words)s” has no word or number to look for: emoji, punctuation marks and other "
                        "symbols are not searched in the mentions' texts, only in their sources' names."
                    )
                    % {"words": " ".join(symbols)},
                    messages.WARNING,
                )
            if common:
                self.message_user(
                    request,
                    _(
                        "“%(words)s”: very common words are not searched in the mentions' texts (nearly "
                        "every text has them), only in their sources' names."
                    )
                    % {"words": " ".join(common)},
                    messages.WARNING,
                )
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """Each word by the portal's full-text search (indexed; "Produkte" finds "Produkt") or in
        the source's name; a web address finds its article. Django's LIKE over title, URL and
        source name read every mention, three times a page (list, count, date drill-down)."""
        term = search_term.strip()
        if term.lower().startswith(("http://", "https://")):
            # The unique link's index (the address itself has none): the same normalised URL.
            # A Google Alerts link, as pasted from the alert, unwrapped as ingest does.
            return queryset.filter(canonical_hash=canonical_url_hash(unwrap_redirect(term))), False
        # Every word, each in the text or the source's name ("Rundschau Hafenfest").
        # In one condition with the text's: PostgreSQL ORs the full-text and source indexes (a
        # subquery of both, "IN (… UNION ALL …)", it misjudged for the company's name, which is in
        # nearly every mention and in its alert feed's name: 16 s with a filter, on 100,000).
        for word in _admin_search_words(term)[0]:
            named = Source.objects.filter(name__icontains=word).values_list("pk", flat=True)
            sources = list(named[: FEW_SOURCES + 1])
            if not sources:  # most words: the text's index alone
                queryset = search.search(queryset, word)
            elif len(sources) <= FEW_SOURCES:  # a few sources: their mentions by the source index
                queryset = search.search(queryset, word, also=Q(source__in=sources))
            else:  # many: most mentions match, and reading them all is the quick way
                queryset = search.search(queryset, word, also=Q(source__name__icontains=word))
        return queryset, False

    @admin.display(description=_("source"), ordering="source__name")
    def source_name(self, obj: Mention) -> str:
        return obj.source.name

    @admin.display(description=_("summary"))
    def rendered_summary(self, obj: Mention) -> str:
        return mark_safe(obj.summary)  # noqa: S308 - sanitised once, at ingest

    @admin.display(description=_("content"))
    def rendered_content(self, obj: Mention) -> str:
        return mark_safe(obj.content)  # noqa: S308 - sanitised once, at ingest
