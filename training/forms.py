from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Department, User
from training.models import Assignment, Campaign, Module


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


MAX_YEARS_AHEAD = 5


def _not_in_past(day):
    today = timezone.localdate()
    if day < today:
        raise forms.ValidationError(_("The due date cannot be in the past."))
    # A typo such as 9999 would follow the person for ever (and break date arithmetic).
    if day > today.replace(year=today.year + MAX_YEARS_AHEAD, day=min(today.day, 28)):
        raise forms.ValidationError(
            _("The due date can be at most %(years)s years ahead.") % {"years": MAX_YEARS_AHEAD}
        )
    return day


class _ByLabel(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted(
            (self.choice(obj) for obj in self.queryset), key=lambda choice: choice[1].casefold()
        )


class ModuleChoiceField(forms.ModelChoiceField):
    """Modules by their title in the reader's language, in its alphabetical order."""

    iterator = _ByLabel

    def label_from_instance(self, obj: Module) -> str:
        return obj.display_title


class CampaignForm(forms.ModelForm):
    # The model's limits (1–365) in the browser too; only needed when late joiners are enrolled.
    late_joiner_days = forms.IntegerField(
        label=Campaign._meta.get_field("late_joiner_days").verbose_name,
        help_text=Campaign._meta.get_field("late_joiner_days").help_text,
        min_value=1,
        max_value=365,
        required=False,
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
            "people": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "everyone": _("Assign the module to every active person, now and in future."),
            "people": _("Hold Ctrl (Cmd on a Mac) to choose several people."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"] = ModuleChoiceField(
            label=_("Module"), queryset=Module.objects.filter(active=True)
        )
        self.fields["people"].queryset = User.objects.filter(is_active=True).order_by("full_name", "email")
        # Name and address: two people may share a name, and the filter box finds either.
        self.fields["people"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )
        self.fields["departments"].queryset = Department.objects.all()
        self.fields["late_joiner_days"].initial = settings.TRAINING_LATE_JOINER_DAYS

    def clean_due_date(self):
        return _not_in_past(self.cleaned_data["due_date"])

    def clean(self):
        data = super().clean()
        if not (data.get("everyone") or data.get("departments") or data.get("people")):
            raise forms.ValidationError(_("Choose people, one or more departments, or everyone."))
        if data.get("late_joiner_days") is None and "late_joiner_days" not in self.errors:
            if data.get("enrol_late_joiners"):
                self.add_error("late_joiner_days", _("How many days do late joiners have?"))
            else:
                data["late_joiner_days"] = settings.TRAINING_LATE_JOINER_DAYS
        return data


class ExtendForm(forms.Form):
    due_date = forms.DateField(label=_("New due date"), widget=DateInput())

    def clean_due_date(self):
        return _not_in_past(self.cleaned_data["due_date"])


class ExcuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.TextInput())


NO_DEPARTMENT = "none"


def _department_choices() -> list[tuple[str, str]]:
    """People without a department are a choice too (as in the acknowledgement report). Read when
    shown or checked, not when the form is made (the CSV export of all departments reads none)."""
    return [
        ("", _("All departments")),
        (NO_DEPARTMENT, _("No department")),
        *((str(pk), name) for pk, name in Department.objects.values_list("pk", "name")),
    ]


class ReportFilterForm(forms.Form):
    module = ModuleChoiceField(
        label=_("Module"), queryset=Module.objects.all(), required=False, empty_label=_("All modules")
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Assignment.Status.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = functools.cache(_department_choices)  # read once, if at all
