"""Edit conflicts in the admin: a save never silently overwrites what a colleague saved meanwhile.

Two people (or one person in two tabs) open the same taboo topic, module or
FAQ entry. The change page carries a fingerprint of each value its form showed
and when it was opened (``_loaded_version``). On save:

- nobody else changed anything: saved as usual;
- somebody changed other fields than this person: both kept — only this
  person's changes are written (a merge);
- both changed the same field: refused, the form comes back with the input
  kept, naming the fields and who saved when; saving again then overwrites
  those fields on purpose (and still only the fields this person changed).

Only the fields the form edits count: a poll updating a source's state, or a
sign-in updating ``last_login``, is no conflict. A form sent without the
fingerprint (a script, an old tab from before this existed) is not checked.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

VERSION_FIELD = "_loaded_version"


def _plain(value):
    """A value as the form and the database both give it (an object by its key, a time in seconds)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())  # the admin's widgets show no microseconds
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return "" if value is None else value


def _digest(value) -> str:
    return hashlib.sha256(repr(_plain(value)).encode()).hexdigest()[:12]


def rows_digest(formset) -> str:
    """A fingerprint of an inline's rows as stored (the fields its forms edit)."""
    meta = formset.model._meta
    names = [
        f.attname for f in meta.concrete_fields if f.name in formset.form.base_fields and not f.primary_key
    ]
    # Read again: the formset's own rows hold what was posted once it is validated.
    rows = formset.get_queryset().all().values_list("pk", *names)
    return _digest([list(row) for row in rows])


class ConflictCheckedForm:
    """Mixed into an admin change form by ``EditConflictAdmin``."""

    conflict = False
    refused: frozenset[str] | set[str] = frozenset()  # the fields both changed, on a conflict
    # The fields to write when others changed the row meanwhile (None: write as usual).
    write_only: set[str] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The row as stored now: the form writes the user's values into the instance later.
        self.stored = {}
        for field in self.instance._meta.get_fields():
            form_field = self.fields.get(field.name)
            # Disabled fields (a password hash) are shown, never written: nothing to overwrite.
            if form_field is None or form_field.disabled or field.auto_created:
                continue
            if field.concrete or field.many_to_many:
                self.stored[field.name] = _digest(field.value_from_object(self.instance))
        self.loaded = _read_version(self.data.get(VERSION_FIELD)) if self.is_bound else None

    def version(self, formsets=(), refused: bool = False) -> str:
        """The fingerprint for the page: what it shows now, or (after a refusal) what it was
        opened with, but the refused fields and inline rows as they are stored now."""
        rows = {formset.prefix: rows_digest(formset) for formset in formsets}
        if refused and self.loaded is not None:
            fields = {
                **self.loaded["f"],
                **{name: self.stored[name] for name in self.refused},
            }
            rows = {
                **self.loaded["i"],
                **{f.prefix: rows[f.prefix] for f in formsets if getattr(f, "conflict", False)},
            }
        else:
            fields = self.stored
        return json.dumps({"t": round(time.time(), 3), "f": fields, "i": rows}, separators=(",", ":"))

    def page_version(self) -> str:
        """The fingerprint a page outside the admin carries in a hidden ``_loaded_version`` field:
        the form as shown, after a refusal the refused fields as stored now, else as first opened."""
        if not self.is_bound:
            return self.version()
        if self.conflict:
            return self.version(refused=True)
        return self.data.get(VERSION_FIELD, "")

    def clean(self):
        cleaned = super().clean()
        if self.loaded is None:
            return cleaned
        loaded = self.loaded["f"]
        theirs = {name for name, digest in self.stored.items() if loaded.get(name, digest) != digest}
        if not theirs:
            return cleaned
        mine = {
            name for name in self.stored if name in cleaned and _digest(cleaned[name]) != loaded.get(name)
        }
        # Both changed it, to different values: the same value twice (a form sent again, two tabs
        # saying the same) is no conflict, nothing of anybody's would be lost.
        both = {name for name in theirs & mine if _digest(cleaned[name]) != self.stored[name]}
        if both:
            self.conflict = True
            self.refused = both
            labels = ", ".join(sorted(str(capfirst(self.fields[name].label or name)) for name in both))
            raise ValidationError(
                _conflict_message(self.instance, self.loaded["t"], labels), code="edit_conflict"
            )
        self.write_only = mine
        return cleaned

    def _save_m2m(self):
        if self.write_only is None:
            return super()._save_m2m()
        for field in self.instance._meta.many_to_many:
            if field.name in self.write_only and field.name in self.cleaned_data:
                field.save_form_data(self.instance, self.cleaned_data[field.name])


def write_only(obj: models.Model, fields: set[str]) -> None:
    """Save ``fields`` of ``obj`` (and its auto_now fields), keeping the rest as stored: others
    changed other fields meanwhile."""
    meta = obj._meta
    columns = [
        f.name
        for f in meta.concrete_fields
        if f.name in fields or getattr(f, "auto_now", False)
        if not f.primary_key
    ]
    if any(f.name in fields for f in meta.concrete_fields):
        # The colleague's fields as stored: the history record (and signals) copy the whole
        # instance, and a revert to that record would silently undo their change.
        others = [f.attname for f in meta.concrete_fields if f.name not in columns and not f.primary_key]
        if others:
            obj.refresh_from_db(fields=others)
        obj.save(update_fields=columns)


def save_merged(form) -> bool:
    """Save a ``ConflictCheckedForm`` (a page outside the admin): as usual, or only this person's
    changes when others changed other fields meanwhile. Whether it merged."""
    if form.write_only is None:
        form.save()
        return False
    write_only(form.save(commit=False), form.write_only)
    form.save_m2m()
    return True


def _read_version(raw: str | None) -> dict | None:
    if not raw:
        return None
    try:
        version = json.loads(raw)
        return {"t": float(version["t"]), "f": dict(version["f"]), "i": dict(version.get("i", {}))}
    except (ValueError, TypeError, KeyError):
        return None  # from before per-field versions, or tampered: not checked


def _conflict_message(instance, opened_at: float, labels: str) -> str:
    latest = instance.history.order_by("-history_date").first() if hasattr(instance, "history") else None
    # Name somebody only if their save came after the page was opened (some changes, such as a
    # lesson opened by its reader, leave no history).
    if latest is not None and latest.history_user is not None and latest.history_date.timestamp() > opened_at:
        return _(
            "%(name)s saved this at %(time)s, after you opened it, and changed what you changed too: "
            "%(fields)s. Your changes are still below, not saved: check them against the current "
            "version (open this page in another tab), then save again to keep yours."
        ) % {
            "name": latest.history_user.get_full_name() or latest.history_user.get_username(),
            "time": formats.date_format(timezone.localtime(latest.history_date), "SHORT_DATETIME_FORMAT"),
            "fields": labels,
        }
    return _(
        "Someone saved this after you opened it and changed what you changed too: %(fields)s. Your "
        "changes are still below, not saved: check them against the current version (open this "
        "page in another tab), then save again to keep yours."
    ) % {"fields": labels}


class ListedRowForm:
    """A row of a list's editable columns (a company name's "active", a section's position): it
    carries the values the page showed (``show_hidden_initial``), so that a row counts as changed
    only where this person changed it, and writes only what they changed. Django compared the
    posted list with the rows as stored when it was sent: saving the list set back whatever a
    colleague (or another tab) had changed meanwhile in any row on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._meta.fields or ():
            if name in self.fields:
                self.fields[name].show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        changed = set(self.changed_data)
        for name in self._meta.fields or ():
            if name in cleaned and name not in changed:
                cleaned[name] = getattr(self.instance, name)  # as stored now, not as shown
        return cleaned


class EditConflictAdmin:
    """ModelAdmin mixin: change pages merge with, or refuse to overwrite, changes saved since
    they were opened."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change or issubclass(form, ConflictCheckedForm):
            return form
        return type(form.__name__, (ConflictCheckedForm, form), {})

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        return type(form.__name__, (ListedRowForm, form), {})

    def save_model(self, request, obj, form, change):
        fields = getattr(form, "write_only", None)
        if not change or fields is None:
            return super().save_model(request, obj, form, change)
        write_only(obj, fields)
        self.message_user(
            request, _("Saved your changes; what a colleague changed meanwhile in other fields is kept.")
        )

    def construct_change_message(self, request, form, formsets, add=False):
        """The changed fields named by their verbose names as the code writes them ("active"),
        not by their labels ("Active"): the history page translates the names it stored, and
        only the former are in the catalogue ("Active geändert" on a German page)."""
        message = super().construct_change_message(request, form, formsets, add)
        models_ = [self.model, *(formset.model for formset in formsets or ())]
        with translation.override(None):
            names = {
                str(capfirst(field.verbose_name)): str(field.verbose_name)
                for model in models_
                for field in [*model._meta.fields, *model._meta.many_to_many]
            }
        for entry in message:
            for change in entry.values():
                if isinstance(change, dict) and "fields" in change:
                    change["fields"] = [names.get(label, label) for label in change["fields"]]
        return message

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        loaded = (
            _read_version(request.POST.get(VERSION_FIELD)) if change and request.method == "POST" else None
        )
        for formset in formsets:
            # InlineFormSet.clean compares it with the rows as stored now.
            formset.loaded_digest = loaded["i"].get(formset.prefix) if loaded else None
        return formsets, inline_instances

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = getattr(context.get("adminform"), "form", None)
        if change and isinstance(form, ConflictCheckedForm):
            formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
            refused = form.conflict or any(getattr(f, "conflict", False) for f in formsets)
            if request.method != "POST":
                version = form.version(formsets)
            elif refused:
                version = form.version(formsets, refused=True)
            else:
                version = request.POST.get(VERSION_FIELD)  # another error: still the page first opened
            context[VERSION_FIELD.lstrip("_")] = version
        return super().render_change_form(request, context, add, change, form_url, obj)
