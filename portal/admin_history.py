"""History pages in the admin: translated, and with "restore" for what was reworded or deleted.

Nothing an editor changes or deletes is lost: every model edited here keeps a
history (django-simple-history). Besides simple-history's own page per object,
an object's page can list how its inline rows (a topic's terms, a module's quiz
questions) were reworded, and a page of deleted rows restores each with one click.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from portal.admin_conflicts import EditConflictAdmin
from portal.admin_site import opens_in_admin
from portal.forms import OneLineTextAdmin
from portal.lib.history import restore_fields, restore_row, unlink_deleted
from portal.lib.numbers import parse_int
from portal.lib.paging import Paginator


class _Shortened(ObjDiffDisplay):
    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        # An ellipsis, in any language: simple-history wrote "[272 chars]" into German pages.
        return f"{prefix}…{suffix}"


class _ContextHelper(HistoricalRecordContextHelper):
    def __init__(self, model, historical_record, *, days_only: bool = False):
        super().__init__(model, historical_record)
        self.days_only = days_only  # HistoryAdmin.history_days_only

    def get_obj_diff_display(self) -> ObjDiffDisplay:
        return _Shortened(max_length=self.max_displayed_delta_change_chars)

    def prepare_delta_change_value(self, change, value):
        # simple-history shows an empty foreign key as "Deleted <model> (pk=None)": it was
        # empty, nothing was deleted.
        if isinstance(value, DeletedObject) and value.pk is None:
            return "–"
        if value is None or value == "":
            return "–"  # not "None"
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")  # not Python's True/False
        if isinstance(value, dict):  # particulars such as a pause's (who, how many, which error)
            return ", ".join(str(item) for item in value.values()) or "–"
        model_field = self.model._meta.get_field(change.field)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))  # "bestanden", not "passed"
        if isinstance(value, datetime.datetime):
            if self.days_only:
                return formats.date_format(timezone.localdate(value), "SHORT_DATE_FORMAT")
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")  # local time
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(OneLineTextAdmin, EditConflictAdmin, SimpleHistoryAdmin):
    """django-simple-history's admin with the portal's history pages: translated,
    and without the "change reason" column nobody fills in; saves never overwrite unseen changes;
    names and titles are kept as they read (``OneLineTextAdmin``)."""

    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return _ContextHelper(self.model, historical_record, days_only=self.history_days_only(request))

    def history_days_only(self, request: HttpRequest) -> bool:
        """Whether the history gives the reader days, not times: where the changes are a person's
        own clicks (a training completed), whose time of day is nobody's business. Then the
        page of a single earlier version, whose form has the times, is not shown either."""
        return False

    # Whether an earlier version may be put back from its history page as a whole. Off where
    # the page cannot check what the object's own page checks (a question without its answers).
    allow_revert = True

    def wordings(self, object_id: int) -> list[Wording]:
        """The object's inline rows whose rewordings its history lists, each restorable (none here)."""
        return []

    def check_restored(self, instance) -> None:
        """Raise ValidationError when a row restored to an earlier wording cannot be as it was."""

    # A page listing the deleted objects of this admin, each restored with one click
    # ("<app>_<model>_deleted_objects"; the list links to it). Without one, a deleted object's
    # history could only be found by typing its address.
    deleted_objects_page = False
    # What does not come back with them, said above the list.
    deleted_objects_note = ""

    def check_undeleted(self, instance) -> None:
        """Raise ValidationError when a deleted object cannot come back (beyond its own validation)."""

    def get_urls(self):
        opts = self.model._meta
        extra = [
            path(
                "<int:object_id>/history/restore-wording/",
                self.admin_site.admin_view(self.restore_wording_view),
                name=f"{opts.app_label}_{opts.model_name}_restore_wording",
            )
        ]
        if self.deleted_objects_page:
            extra.append(
                path(
                    "deleted/",
                    self.admin_site.admin_view(self.deleted_objects_view),
                    name=f"{opts.app_label}_{opts.model_name}_deleted_objects",
                )
            )
        return [*extra, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        # The list's "Deleted …" link (each app's change_list template): only for whoever may
        # restore (deleted_view); a role that only views the list met a 403 behind it.
        context = {"can_restore": self.has_change_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def deleted_objects_view(self, request: HttpRequest) -> HttpResponse:
        return deleted_view(
            self,
            request,
            [self.model],
            restore=lambda record: restore_row(record, self.check_undeleted),
            note=self.deleted_objects_note,
        )

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed() and not getattr(request, "history_revert", False):
            # Only inline rows changed (a topic's terms): they keep their own history. Saving the
            # object anyway would add an empty "changed" line to its history.
            return
        if getattr(request, "history_revert", False):
            unlink_deleted(obj)  # a link outside the form (a FAQ entry's question) to a row gone since
        super().save_model(request, obj, form, change)

    def _valid_id(self, object_id) -> None:
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error  # simple-history would fail on "abc" with a 500

    def history_view(self, request, object_id, extra_context=None):
        """simple-history's page, and below it how the object's inline rows were reworded."""
        self._valid_id(object_id)
        pk = parse_int(object_id)
        wordings = self.wordings(pk) if pk is not None else []
        extra_context = {
            **(extra_context or {}),
            # Who made each change links to their user page only for whoever may open it.
            "history_user_links": opens_in_admin(request, self.admin_site, get_user_model()),
            "history_days_only": self.history_days_only(request),
        }
        if wordings:
            extra_context["rewordings"] = rewordings(wordings)
        return super().history_view(request, object_id, extra_context)

    def restore_wording_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Put an inline row back to an earlier wording (a POST from the object's history page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])  # a button's address opened as a page
        if not self.has_change_permission(request):
            raise PermissionDenied
        by_label = {wording.model._meta.label_lower: wording for wording in self.wordings(object_id)}
        wording = by_label.get(request.POST.get("restore", "").partition(":")[0])
        if wording is None:
            raise PermissionDenied
        record = posted_record(request, [wording.model], **wording.filters)
        restore_and_say(
            self, request, lambda r: restore_fields(r, wording.fields, self.check_restored), record
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
        )

    def revert_disabled(self, request, obj=None) -> bool:
        return not self.allow_revert or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_id(object_id)
        if self.history_days_only(request):
            raise PermissionDenied
        if request.method == "POST":
            # simple-history saves a revert for anyone who may *view* the history; a revert is a
            # change (HR only looks at assignments here, their own pages keep the rules).
            current = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if not self.allow_revert or not self.has_change_permission(request, current):
                raise PermissionDenied
        # The page that puts an earlier version back: its form starts from that version, so
        # "changed" there means nothing; save_model can tell (SourceAdmin writes what differs).
        request.history_revert = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def response_change(self, request, obj):
        if not getattr(request, "history_revert", False):
            return super().response_change(request, obj)
        # Django would say "changed successfully" and link the name to the address posted to: the
        # earlier version's page, which offered to put that version back again to whoever opened
        # it to see the result. The object's own page instead.
        opts = self.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        link = format_html('<a href="{}">{}</a>', url, obj)
        text = escape(gettext("“%(object)s” is restored."))
        message = mark_safe(text % {"object": link})  # noqa: S308 - the text escaped, the name in format_html
        self.message_user(request, message, messages.SUCCESS)
        return self.response_post_save_change(request, obj)


# --- Restoring rows ------------------------------------------------------------------------------


def posted_record(request: HttpRequest, models: list, **filters):
    """The history record a restore button sent ("app.model:history id") among ``models``'."""
    label, _sep, raw_id = request.POST.get("restore", "").partition(":")
    model = next((m for m in models if m._meta.label_lower == label), None)
    history_id = parse_int(raw_id)
    if model is None or history_id is None:
        raise PermissionDenied
    return get_object_or_404(model.history.filter(**filters), history_id=history_id)


def restore_and_say(model_admin, request: HttpRequest, restore, record) -> None:
    """Run ``restore(record)`` and tell the user how it went."""
    try:
        restored = restore(record)
    except ValidationError as error:
        message = gettext("“%(object)s” cannot be restored: %(reason)s") % {
            "object": record.instance,
            "reason": " ".join(error.messages),
        }
        model_admin.message_user(request, message, messages.ERROR)
    else:
        model_admin.message_user(
            request, gettext("“%(object)s” is restored.") % {"object": restored}, messages.SUCCESS
        )


DELETED_PER_PAGE = 100


def deleted_view(
    model_admin,
    request: HttpRequest,
    models: list,
    existing=None,
    restore=restore_row,
    filters=None,
    parents=None,
    note="",
) -> HttpResponse:
    """List deleted rows of ``models`` (from their history; ``filters``, by model, narrow them)
    and restore one on POST with ``restore(record)``. ``parents`` names, by model, the foreign
    key to show what each row belonged to (the same term may be in two topics)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        record = posted_record(request, models, history_type="-")
        restore_and_say(model_admin, request, restore, record)
        return HttpResponseRedirect(request.get_full_path())
    deleted = []
    for model in models:
        alive = (existing if existing is not None else model.objects.all()).values("pk")
        records = (
            model.history.filter(history_type="-", **(filters or {}).get(model, {}))
            .exclude(id__in=alive)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        # Deleted, restored and deleted again: one row, its latest state.
        latest = {}
        for record in records:
            latest.setdefault(record.id, record)
        parent = (parents or {}).get(model)
        owners = {}
        if parent:
            related = model._meta.get_field(parent).related_model
            ids = {getattr(record, f"{parent}_id") for record in latest.values()}
            owners = {pk: str(obj) for pk, obj in related.objects.in_bulk(ids).items()}
        deleted += [
            (
                model._meta.label_lower,
                model._meta.verbose_name,
                record,
                owners.get(getattr(record, f"{parent}_id"), "–") if parent else "",
            )
            for record in latest.values()
        ]
    deleted.sort(key=lambda row: row[2].history_date, reverse=True)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Restore deleted items"),
        "opts": model_admin.model._meta,
        # Never pruned: the list only grows (1,000 deleted sources were 230 KB on one page).
        "page": Paginator(deleted, DELETED_PER_PAGE).get_page(request.GET.get("page")),
        "show_owner": bool(parents),
        "note": note,
    }
    return render(request, "admin/history/deleted.html", context)


# --- Rewordings ----------------------------------------------------------------------------------


@dataclass
class Wording:
    """What tells two versions of a row of ``model`` apart ("reworded"), and which rows to look at."""

    model: type
    fields: tuple[str, ...]
    filters: dict = field(default_factory=dict)
    describe: Callable[[object], str] = str  # a version for people (given its historical instance)


@dataclass
class Rewording:
    label: str  # the model's label, for the restore button
    kind: str
    record: object  # the change
    before: object  # the version before it
    before_text: str
    after_text: str


def rewordings(wordings: list[Wording], limit: int = 100) -> list[Rewording]:
    """The rows' versions before each rewording, newest first. One query per model."""
    rows = []
    for wording in wordings:
        records = list(
            wording.model.history.filter(**wording.filters)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        for before, record in zip(records, records[1:], strict=False):
            if record.id != before.id or record.history_type != "~" or before.history_type == "-":
                continue
            changed = [name for name in wording.fields if getattr(record, name) != getattr(before, name)]
            if not changed:
                continue
            before_text, after_text = wording.describe(before.instance), wording.describe(record.instance)
            if before_text == after_text:
                # Only what the description leaves out changed (the English text, for German
                # readers): name it, or the row reads "A → A".
                before_text, after_text = (
                    f"{before_text} ({_field_values(wording.model, version, changed)})"
                    for version in (before, record)
                )
            rows.append(
                Rewording(
                    wording.model._meta.label_lower,
                    wording.model._meta.verbose_name,
                    record,
                    before,
                    before_text,
                    after_text,
                )
            )
    rows.sort(key=lambda row: row.record.history_date, reverse=True)
    return rows[:limit]


def _field_values(model, version, names: list[str]) -> str:
    """``names`` of a historical ``version`` as "label: value; …" ("–" for an empty one)."""
    parts = []
    for name in names:
        value = getattr(version, name)
        if isinstance(value, bool):
            value = gettext("yes") if value else gettext("no")
        parts.append(
            f"{model._meta.get_field(name).verbose_name}: {value if value not in ('', None) else '–'}"
        )
    return "; ".join(parts)
