from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import User


class SignupForm(forms.Form):
    """Extra fields for allauth's signup form."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        # The department is HR's to set: it decides assignments and reports.
        fields = ["full_name", "preferred_language", "mention_digest"]
