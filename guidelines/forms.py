from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from guidelines.matcher import as_matched
from portal.forms import LongText
from portal.lib import search_words

MAX_DRAFT_LENGTH = 5000


class CheckForm(forms.Form):
    """The post checker: a draft that is checked and forgotten."""

    too_long = _("The draft is too long: at most %(limit)s characters, it has %(count)s.")

    text = forms.CharField(
        label=_("Your draft post"),
        strip=False,
        widget=LongText(attrs={"rows": 10, "spellcheck": "true"}),
        help_text=_("Up to 5,000 characters."),
        error_messages={"required": _("Paste or type the post you want to check.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked while typing, by the text area itself: a request of the form is held by the
        # browser's check of the required field, so a draft deleted kept the last result on screen
        # (its marked copy too). Marked "live", an empty draft clears the result (see the view).
        self.fields["text"].widget.attrs.update(
            {
                "hx-post": reverse("guidelines:check"),
                "hx-trigger": "input changed delay:600ms",
                "hx-target": "#check-results",
                "hx-include": "closest form",
                "hx-vals": '{"live": "1"}',
            }
        )

    def clean_text(self) -> str:
        # Not stripped: hits are shown at their offsets.
        text = as_matched(self.cleaned_data["text"])
        if not text.strip():
            raise forms.ValidationError(self.fields["text"].error_messages["required"], code="required")
        if len(text) > MAX_DRAFT_LENGTH:
            # Checked here, not by max_length: its message prints the numbers ungrouped ("5000"),
            # next to the help text's "5,000".
            raise forms.ValidationError(
                self.too_long,
                code="max_length",
                params={
                    "limit": number_format(MAX_DRAFT_LENGTH, force_grouping=True),
                    "count": number_format(len(text), force_grouping=True),
                },
            )
        return text


class TopicTestForm(CheckForm):
    """Admin: try topics against a sample text, read as the checker reads a draft."""

    too_long = _("The sample text is too long: at most %(limit)s characters, it has %(count)s.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Sample text")
        self.fields["text"].widget.attrs["rows"] = 8


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the guidelines"), max_length=200, required=False)

    def clean_q(self) -> str:
        """A search with a word to look for: "die" or "🚀" alone would list every section, or none
        without saying why (the guidelines are in German and English: both languages' stop words)."""
        q = self.cleaned_data["q"]
        found = search_words.pieces(q)
        if q.strip() and all(search_words.is_stop_word(piece) for piece in found):
            raise forms.ValidationError(
                search_words.nothing_to_search(
                    [word for word in q.split() if search_words.only_stop_words(word)]
                )
            )
        return q
