from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget, AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from portal.admin_conflicts import ConflictCheckedForm, rows_digest
from portal.lib.html import drop_invisible_characters, drop_unsafe_characters, one_line
from portal.lib.i18n import fold, shows_german
from portal.lib.numbers import grouped, parse_int
from portal.models import User


def gone(message) -> dict:
    """``error_messages`` for a filter whose value a bookmark or an old link may still carry after
    the thing was deleted: ``message`` says so in words ("This topic no longer exists."), where
    Django said "Select a valid choice. That choice is not one of the available choices"."""
    return {"invalid_choice": message}


class ByLabel(ModelChoiceIterator):
    """A model choice field's choices in the alphabetical order of their labels, which are in the
    reader's language (English titles sorted by their German names read as unsorted)."""

    def __iter__(self):
        if getattr(self.field, "empty_label", None) is not None:
            yield ("", self.field.empty_label)
        # Folded: "Ärztlicher Dienst" among the A's, as German dictionaries have it, not after Z.
        yield from sorted(
            (self.choice(obj) for obj in self.queryset), key=lambda choice: fold(str(choice[1]))
        )


class MarksGermanOptions(forms.Select):
    """A select whose options shown in German for want of an English name say so (``lang="de"``),
    as the pages around them do; by the objects' ``field`` (their name)."""

    field = "name"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and shows_german(instance, self.field):
            option["attrs"]["lang"] = "de"
        return option


class MarksGermanTitles(MarksGermanOptions):
    field = "title"


class LongText(forms.Textarea):
    """A textarea without the browser's maxlength, whose line breaks count once.

    With maxlength a browser cuts a pasted text off silently (a draft checked
    without its end, a question sent without it). The form's max_length
    refuses it instead, with the count, and keeps every character typed.
    Browsers send each line break as CR LF: two characters to max_length for
    the one the person sees (and the browser counted), so 4,960 typed
    characters in 62 lines were "5,020".
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)
        return attrs

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class AdminLongText(LongText, AdminTextareaWidget):
    """``LongText`` in the admin's style: a text longer than its field allows is refused with
    its length, not cut off by the browser (a module's summary lost its end)."""


class IdAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete that shows a made-up value sent instead of an id as nothing
    chosen, next to the field's "Select a valid choice": Django's looks it up (a 500)."""

    def optgroups(self, name, value, attr=None):
        ids = [item for item in value if item in ("", None) or parse_int(str(item)) is not None]
        return super().optgroups(name, ids, attr)


class OneLineField(forms.CharField):
    """A one-line text as ``one_line`` tidies it (one stored before is tidied when next saved)."""

    def to_python(self, value):
        return super().to_python(one_line(value) if isinstance(value, str) else value)


class OneLineTextAdmin:
    """ModelAdmin mixin: its forms' plain one-line text fields (names, titles) are ``OneLineField``s,
    so a name is unique as it reads, not only as its code points differ."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) is models.CharField and not db_field.choices:  # not URLs, e-mails, choices
            kwargs.setdefault("form_class", OneLineField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AutocompleteByIdAdmin:
    """ModelAdmin mixin: ``autocomplete_fields`` with ``IdAutocompleteSelect``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = IdAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class InlineFormSet(BaseInlineFormSet):
    """Admin inline rows that say so when a row changed under them.

    A row deleted meanwhile (another tab, a colleague) fails on its hidden id, and the admin
    shows "Please correct the error below" with no error anywhere: say what happened instead.
    """

    conflict = False
    loaded_digest: str | None = None  # the rows as the page showed them (portal.admin_conflicts)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Each row carries the values the page showed: "changed" is what this person changed, not
        # a row a colleague reworded meanwhile (saved back, that would undo their wording). A form
        # sent without them (from elsewhere) compares with the row as stored.
        for name, field in form.fields.items():
            field.show_hidden_initial = not form.is_bound or form.add_initial_prefix(name) in form.data
        return form

    def clean(self) -> None:
        super().clean()
        if self.loaded_digest is not None and self.has_changed() and self.loaded_digest != rows_digest(self):
            self.conflict = True
            raise forms.ValidationError(
                _(
                    "Rows here were changed meanwhile (in another tab, or by a colleague). Your changes "
                    "to them are below, not saved: check them against the current version (open this "
                    "page in another tab), then save again to keep yours."
                )
            )
        if any("id" in form.errors for form in self.forms):
            raise forms.ValidationError(
                _(
                    "Some rows were changed or deleted meanwhile (in another tab, or by a colleague). "
                    "Reload the page and make your change again."
                )
            )


class GroupedMaxLengthValidator(MaxLengthValidator):
    """Django's, saying its numbers as the help texts do: "at most 5,000 characters (this has
    20,000)", not "5000 … 20000"."""

    message = ngettext_lazy(
        "Please use at most %(limit)s character (this has %(count)s).",
        "Please use at most %(limit)s characters (this has %(count)s).",
        "limit_value",
    )

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            params = {
                "limit_value": self.limit_value,
                "limit": grouped(self.limit_value),
                "count": grouped(length),
            }
            raise ValidationError(self.message, code=self.code, params=params)


class SafeTextForm:
    """Mixed into a form whose text others read or get by e-mail: control characters and
    bidirectional overrides go (a name or subject with U+202E reads backwards everywhere it is
    shown, also in the header of every e-mail). A text with nothing else, or nothing visible
    (zero-width spaces, soft hyphens), is empty: a question titled so could not be clicked.
    A text too long says its numbers grouped (``GroupedMaxLengthValidator``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                GroupedMaxLengthValidator(v.limit_value) if type(v) is MaxLengthValidator else v
                for v in field.validators
            ]

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if not isinstance(value, str):
                continue
            cleaned[name] = drop_unsafe_characters(value)
            if not drop_invisible_characters(cleaned[name]).strip():
                cleaned[name] = ""
                if value and self.fields[name].required:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned


class ChooseFileAgainForm:
    """Mixed into a form with a file field: a browser cannot show a chosen file again, so when the
    form comes back with errors in other fields, the file is named at its field, to be chosen
    again (it was dropped without a word, and the rest saved later without it)."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name))
            if isinstance(field, forms.FileField) and upload and name not in self._errors:
                message = _("“%(file)s” was not saved with the rest: please choose it again.")
                self._errors[name] = self.error_class([message % {"file": upload.name}])
                self.cleaned_data.pop(name, None)


class SignupForm(SafeTextForm, forms.Form):
    """Extra fields for allauth's signup form."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])


class ProfileForm(ConflictCheckedForm, SafeTextForm, forms.ModelForm):
    """The own name, language and digest. HR may correct the name meanwhile, or another tab save
    the language: merged, or refused field by field (``portal.admin_conflicts``)."""

    class Meta:
        model = User
        # The department is HR's to set: it decides assignments and reports.
        fields = ["full_name", "preferred_language", "mention_digest"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}  # WCAG 1.3.5

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["preferred_language"]
        language.choices = [("", _("The browser's language")), *language.choices[1:]]
