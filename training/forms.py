from __future__ import annotations

import datetime
import functools
import re

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.forms import ByLabel, LongText, MarksGermanTitles, SafeTextForm, gone
from portal.lib.html import drop_invisible_characters, drop_unsafe_characters
from portal.models import Department, User
from training.models import Assignment, Campaign, Module


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


MAX_YEARS_AHEAD = 5


def _years_after(day, years: int):
    """The same day ``years`` later (29 February: the 28th). Not the 28th of every month: five
    years from 29 November was refused as more than five years ahead."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _not_in_past(day):
    today = timezone.localdate()
    if day < today:
        raise forms.ValidationError(_("The due date cannot be in the past."))
    # A typo such as 9999 would follow the person for ever (and break date arithmetic).
    if day > _years_after(today, MAX_YEARS_AHEAD):
        raise forms.ValidationError(
            _("The due date can be at most %(years)s years ahead.") % {"years": MAX_YEARS_AHEAD}
        )
    return day


class ModuleChoiceField(forms.ModelChoiceField):
    """Modules by their title in the reader's language, in its alphabetical order."""

    iterator = ByLabel
    widget = MarksGermanTitles

    def label_from_instance(self, obj: Module) -> str:
        return obj.display_title


# Splitting, not searching: a search for "x@y" backtracks over a long run without "@" (seconds).
_NOT_IN_ADDRESSES = re.compile(r"[\s<>,;:\"'()\[\]]+")
_SEGMENTS = re.compile(r"[,;\n]+")
MAX_PEOPLE_TEXT = 200_000  # thousands of addresses
_QUOTED = re.compile(r'"[^"]*"')  # a name as Outlook quotes it: "Mustermann, Erika" <erika@…>


def _is_address(word: str) -> bool:
    local, at, domain = word.partition("@")
    return bool(local and at and domain)


def _listed(items: list[str]) -> str:
    """The first ten of ``items`` as a person can read them back: each shortened, without control
    characters (a pasted column of 10,000 characters came back whole)."""
    shown = [Truncator(drop_unsafe_characters(item)).chars(60) for item in items[:10]]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f", … (+{more})" if more > 0 else "")


class PeopleField(forms.Field):
    """People by their e-mail addresses: typed, pasted from Outlook ("Anna Schmidt
    <anna@example.com>; …") or from a column in Excel, or added with the finder next to it.

    A list of thousands of names to choose from would be half a megabyte on every visit.
    """

    widget = LongText(attrs={"rows": 4})

    def to_python(self, value) -> list[User]:
        if len(value or "") > MAX_PEOPLE_TEXT:
            raise forms.ValidationError(
                _("That is too long a list: at most %(count)s characters.")
                % {"count": number_format(MAX_PEOPLE_TEXT, force_grouping=True)}
            )
        addresses, not_addresses = [], []
        # A column copied from a CSV file Excel saved starts with its byte order mark, text from a web
        # page may carry zero-width spaces: invisible in the error, "anna@…" seemed to be unknown.
        for segment in _SEGMENTS.split(_QUOTED.sub(" ", drop_invisible_characters(value or ""))):
            # The end of a sentence ("… and anna@example.com.") is no part of the address.
            words = (word.rstrip(".") for word in _NOT_IN_ADDRESSES.split(segment))
            found = [word for word in words if _is_address(word)]
            if found:
                addresses += [address.lower() for address in found]
            elif segment.strip():
                not_addresses.append(segment.strip())
        addresses = list(dict.fromkeys(addresses))
        people = {user.email: user for user in User.objects.filter(is_active=True, email__in=addresses)}
        unknown = [address for address in addresses if address not in people]
        errors = []  # all at once, not one kind per attempt
        if not_addresses:
            errors.append(
                ngettext(
                    "This is not an e-mail address: %(items)s",
                    "These are not e-mail addresses: %(items)s",
                    len(not_addresses),
                )
                % {"items": _listed(not_addresses)}
            )
        if unknown:
            errors.append(
                ngettext(
                    "No active person has this address: %(items)s",
                    "No active person has these addresses: %(items)s",
                    len(unknown),
                )
                % {"items": _listed(unknown)}
            )
        if errors:
            raise forms.ValidationError(errors)
        return [people[address] for address in addresses]


class CampaignForm(SafeTextForm, forms.ModelForm):
    # The model's limits (1–365) in the browser too; only needed when late joiners are enrolled.
    late_joiner_days = forms.IntegerField(
        label=capfirst(Campaign._meta.get_field("late_joiner_days").verbose_name),
        help_text=Campaign._meta.get_field("late_joiner_days").help_text,
        min_value=1,
        max_value=365,
        required=False,
    )
    people = PeopleField(
        label=_("People"),
        required=False,
        help_text=_(
            "E-mail addresses, one per line or separated by commas or semicolons (a list pasted from "
            "Outlook or Excel works)."
        ),
    )

    class Meta:
        model = Campaign
        fields = [
            "name", "module", "everyone", "departments", "people", "due_date", "enrol_late_joiners",
            "late_joiner_days",
        ]  # fmt: skip
        widgets = {
            "due_date": DateInput(),
            "departments": forms.CheckboxSelectMultiple,
        }
        help_texts = {"everyone": _("Assign the module to every active person, now and in future.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A page left open while a module was deactivated or a department deleted: said in words
        # (Django's "Select a valid choice. 10 is not one of the available choices.").
        self.fields["module"] = ModuleChoiceField(
            label=_("Module"),
            queryset=Module.objects.filter(active=True),
            error_messages=gone(_("This module is no longer offered (deactivated or deleted meanwhile).")),
        )
        departments = self.fields["departments"]
        departments.error_messages.update(
            gone(_("A department chosen no longer exists (deleted meanwhile). Please check the choice."))
        )
        # In the reader's alphabetical order. The iterator first: setting the queryset hands the
        # widget its choices, which came in the database's (German) order when set after it.
        departments.iterator = ByLabel
        departments.queryset = Department.objects.all()
        self.fields["late_joiner_days"].initial = settings.TRAINING_LATE_JOINER_DAYS

    def clean_due_date(self):
        return _not_in_past(self.cleaned_data["due_date"])

    def clean(self):
        data = super().clean()
        if not (data.get("everyone") or data.get("departments")):
            # Named people are all there is: nobody "joins" such a campaign later.
            data["enrol_late_joiners"] = False
        chosen = data.get("everyone") or data.get("departments") or data.get("people")
        if not chosen and not {"people", "departments"} & set(self.errors):  # else said there
            raise forms.ValidationError(_("Choose people, one or more departments, or everyone."))
        module, due = data.get("module"), data.get("due_date")
        if module and module.workshop_over() and (self.instance.pk is None or "module" in self.changed_data):
            # Nobody could attend it any more: overdue, and reminded, for nothing.
            self.add_error(
                "module",
                _("This workshop took place on %(date)s. Give the module a new workshop date first.")
                % {"date": date_format(module.workshop_last_day, "SHORT_DATE_FORMAT")},
            )
        elif module and due and (error := due_before_workshop(module, due)):
            self.add_error("due_date", error)
        if data.get("late_joiner_days") is None and "late_joiner_days" not in self.errors:
            if data.get("enrol_late_joiners"):
                self.add_error("late_joiner_days", _("How many days do late joiners have?"))
            else:
                data["late_joiner_days"] = settings.TRAINING_LATE_JOINER_DAYS
        return data


def due_before_workshop(module: Module, due: datetime.date) -> str:
    """Why ``due`` cannot be the due date of ``module`` ("" if it can): before its workshop,
    people would be overdue, and reminded, before they could attend."""
    day = module.workshop_last_day
    if day is None or due >= day:
        return ""
    return _("The workshop takes place on %(date)s: the due date cannot be before it.") % {
        "date": date_format(day, "SHORT_DATE_FORMAT")
    }


class ExtendForm(forms.Form):
    due_date = forms.DateField(label=_("New due date"), widget=DateInput())
    # The due date the page showed (ISO, whatever the language): a colleague's extension since
    # then is not overwritten unseen.
    shown = forms.CharField(widget=forms.HiddenInput(), required=False)

    def shown_date(self) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(self.cleaned_data.get("shown") or "")
        except ValueError:
            return None  # sent without it (from elsewhere): not checked

    def __init__(self, *args, module: Module | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.module = module

    def clean_due_date(self):
        due = _not_in_past(self.cleaned_data["due_date"])
        if self.module is not None and (error := due_before_workshop(self.module, due)):
            raise forms.ValidationError(error)
        return due


class ExcuseForm(SafeTextForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.TextInput(),
        help_text=_("The person sees it with the training on their page."),
    )


NO_DEPARTMENT = "none"


def _department_choices() -> list[tuple[str, str]]:
    """People without a department are a choice too (as in the acknowledgement report). Read when
    shown or checked, not when the form is made (the CSV export of all departments reads none)."""
    return [
        ("", _("All departments")),
        (NO_DEPARTMENT, _("No department")),
        *((str(department.pk), department.display_name) for department in Department.in_reading_order()),
    ]


class ReportFilterForm(forms.Form):
    # A bookmark from before a module or department was deleted: said in words.
    module = ModuleChoiceField(
        label=_("Module"),
        queryset=Module.objects.all(),
        required=False,
        empty_label=_("All modules"),
        error_messages=gone(_("This module no longer exists.")),
    )
    department = forms.ChoiceField(
        label=_("Department"), required=False, error_messages=gone(_("This department no longer exists."))
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Assignment.Status.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = functools.cache(_department_choices)  # read once, if at all
