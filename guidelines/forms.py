from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import LongText

MAX_DRAFT_LENGTH = 5000


class CheckForm(forms.Form):
    """The post checker: a draft that is checked and forgotten."""

    text = forms.CharField(
        label=_("Your draft post"),
        max_length=MAX_DRAFT_LENGTH,
        strip=False,
        widget=LongText(attrs={"rows": 10, "spellcheck": "true"}),
        help_text=_("Up to 5,000 characters."),
        error_messages={
            "required": _("Paste or type the post you want to check."),
            "max_length": _(
                "The draft is too long: at most %(limit_value)d characters, it has %(show_value)d."
            ),
        },
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]  # not stripped: hits are shown at their offsets
        if not text.strip():
            raise forms.ValidationError(self.fields["text"].error_messages["required"], code="required")
        return text


class TopicTestForm(forms.Form):
    """Admin: try topics against a sample text."""

    text = forms.CharField(
        label=_("Sample text"), max_length=MAX_DRAFT_LENGTH, widget=LongText(attrs={"rows": 8})
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the guidelines"), max_length=200, required=False)
