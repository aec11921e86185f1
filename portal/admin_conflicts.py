"""Edit conflicts in the admin: a save never silently overwrites what a colleague saved meanwhile.

Two people (or one person in two tabs) open the same taboo topic, module or
FAQ entry; the second to save would replace the first one's changes without
either noticing. The change page carries a fingerprint of the values its form
showed (``_loaded_version``); on save, if the row's values of those fields have
changed since, the form comes back with the user's input kept and a message
saying who changed it when. Saving again then overwrites on purpose.
Only the fields the form edits count: a poll updating a source's state, or a
sign-in updating ``last_login``, is no conflict. A form sent without the
fingerprint (a script, an old tab from before this existed) is not checked.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.translation import gettext as _

VERSION_FIELD = "_loaded_version"


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted((_plain(item) for item in value), key=repr)
    return value


def form_version(form) -> str:
    """A fingerprint of the stored values of the model fields ``form`` edits (before it changes them)."""
    instance = form.instance
    values = []
    for field in instance._meta.get_fields():
        form_field = form.fields.get(field.name)
        # Disabled fields (a password hash) are shown, never written: nothing to overwrite.
        if form_field is None or form_field.disabled or field.auto_created:
            continue
        if field.concrete or field.many_to_many:
            values.append((field.name, _plain(field.value_from_object(instance))))
    return hashlib.sha256(repr(sorted(values)).encode()).hexdigest()[:32]


class ConflictCheckedForm:
    """Mixed into an admin change form by ``EditConflictAdmin``."""

    conflict = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The row as stored now: the form writes the user's values into the instance later.
        self.current_version = form_version(self)

    def clean(self):
        cleaned = super().clean()
        loaded = self.data.get(VERSION_FIELD)
        if loaded is not None and loaded != self.current_version:
            self.conflict = True
            raise ValidationError(_conflict_message(self.instance), code="edit_conflict")
        return cleaned


def _conflict_message(instance) -> str:
    latest = instance.history.order_by("-history_date").first() if hasattr(instance, "history") else None
    if latest is not None and latest.history_user is not None:
        return _(
            "%(name)s saved this at %(time)s, after you opened it. Your changes are still below, "
            "not saved: check them against the current version (open this page in another tab), "
            "then save again to keep yours."
        ) % {
            "name": latest.history_user.get_full_name() or latest.history_user.get_username(),
            "time": formats.date_format(timezone.localtime(latest.history_date), "SHORT_DATETIME_FORMAT"),
        }
    return _(
        "Someone saved this after you opened it. Your changes are still below, not saved: check "
        "them against the current version (open this page in another tab), then save again to keep yours."
    )


class EditConflictAdmin:
    """ModelAdmin mixin: change pages refuse to overwrite changes saved since they were opened."""

    check_edit_conflicts = True

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change or not self.check_edit_conflicts or issubclass(form, ConflictCheckedForm):
            return form
        return type(form.__name__, (ConflictCheckedForm, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = getattr(context.get("adminform"), "form", None)
        if change and isinstance(form, ConflictCheckedForm):
            posted = request.POST.get(VERSION_FIELD) if request.method == "POST" else None
            # After a refused save the page carries the version it just showed, so saving again
            # overwrites on purpose; after any other error, still the one first opened.
            keep = posted is not None and not form.conflict
            context[VERSION_FIELD.lstrip("_")] = posted if keep else form.current_version
        return super().render_change_form(request, context, add, change, form_url, obj)
