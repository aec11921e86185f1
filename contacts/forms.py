from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from contacts import search
from contacts.models import Advisor, AdvisorTopic, FaqEntry, Language, Question
from contacts.photos import PhotoField
from portal.admin_conflicts import ConflictCheckedForm
from portal.forms import (
    AdminLongText,
    ByLabel,
    ChooseFileAgainForm,
    LongText,
    MarksGermanOptions,
    SafeTextForm,
    gone,
)
from portal.lib.numbers import parse_int
from portal.lib.search_words import nothing_to_search
from portal.models import Department
from portal.roles import Role, members


class DisplayNameChoiceField(forms.ModelChoiceField):
    """Topics, languages and departments by their name in the reader's language, in its alphabetical order."""

    iterator = ByLabel
    widget = MarksGermanOptions

    def label_from_instance(self, obj: AdvisorTopic | Language | Department) -> str:
        return obj.display_name


class DirectoryFilterForm(forms.Form):
    """The search and filters above the directory (a GET form)."""

    q = forms.CharField(
        label=_("Search by name or topic"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    # A bookmark from before a topic, language or department was deleted: said in words.
    topic = DisplayNameChoiceField(
        label=_("Topic"),
        queryset=AdvisorTopic.objects.all(),
        required=False,
        empty_label=_("All topics"),
        error_messages=gone(_("This topic no longer exists.")),
    )
    language = DisplayNameChoiceField(
        label=_("Language"),
        queryset=Language.objects.all(),
        required=False,
        empty_label=_("All languages"),
        error_messages=gone(_("This language is no longer listed.")),
    )
    department = DisplayNameChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
        error_messages=gone(_("This department no longer exists.")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only languages and departments some advisor in the directory has: the others always gave
        # an empty list. One chosen (a bookmark) stays, so that it is not said to be gone.
        listed = Advisor.objects.active()
        for name, advisor_field in (("language", "languages"), ("department", "department")):
            chosen = parse_int(self.data.get(name)) if self.is_bound else None
            field = self.fields[name]
            field.queryset = field.queryset.filter(Q(pk__in=listed.values(advisor_field)) | Q(pk=chosen))

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        # Stop words alone are searched as typed (a name: "Do", "Will"); emoji or symbols alone
        # find nobody (Advisor.objects.search), which "no advisor matches" did not explain.
        if text.strip() and not search.parse(text, stop_words_too=True):
            raise forms.ValidationError(nothing_to_search([]), code="unsearchable")
        return text


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Advisor) -> str:
        return f"{obj.name} – {obj.display_job_title}" if obj.display_job_title else obj.name


class QuestionForm(SafeTextForm, forms.ModelForm):
    topic = DisplayNameChoiceField(
        label=_("Topic"),
        queryset=AdvisorTopic.objects.all(),
        required=False,
        empty_label=_("I don't know / other"),
        # Deleted while the form was open: said in words, the text typed stays.
        error_messages=gone(_("This topic no longer exists.")),
    )
    advisor = AdvisorChoiceField(
        label=_("Advisor (optional)"),
        queryset=Advisor.objects.reachable().in_name_order(),
        required=False,
        empty_label=_("Whoever knows the topic"),
        help_text=_("Without a choice, your question goes to the advisors of the topic."),
        # Switched off while the form was open (or an old link): Django's "Select a valid choice"
        # left the asker guessing what was wrong with their question.
        error_messages=gone(
            _(
                "This advisor can no longer be asked here. Please choose someone else, or make no "
                "choice: your question then goes to the advisors of the topic."
            )
        ),
    )
    is_anonymous = forms.BooleanField(
        label=_("Ask anonymously"),
        required=False,
        help_text=_(
            "The advisors will not see who asked – not on any page, in any e-mail or export. "
            "Only you see the question and the answer under “My questions”. "
            "Leave out details that would give you away."
        ),
    )

    class Meta:
        model = Question
        fields = ["topic", "advisor", "subject", "body", "is_anonymous"]
        labels = {"subject": _("Your question in one line"), "body": _("Details")}
        help_texts = {
            "body": _("What do you want to post or do, and what are you unsure about? Please no passwords."),
        }
        widgets = {"body": LongText(attrs={"rows": 6})}

    def __init__(self, *args, asker=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.asker = asker
        if asker is not None:
            # Nobody answers their own question: chosen, it went to the Communications team.
            self.fields["advisor"].queryset = self.fields["advisor"].queryset.exclude(user=asker)
            if self.is_bound and self.data.get(self.add_prefix("advisor")) in {
                str(pk) for pk in Advisor.objects.filter(user=asker).values_list("pk", flat=True)
            }:
                # Sent from elsewhere (no page offers it): said as it is, not "no longer reachable".
                self.fields["advisor"].error_messages["invalid_choice"] = _(
                    "You cannot ask yourself. Choose another advisor, or leave it to the topic."
                )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_anonymous") and self.asker is not None and _gives_asker_away(cleaned, self.asker):
            raise forms.ValidationError(
                _(
                    "You are the only advisor for this: asked anonymously, your question would go to "
                    "the Communications team instead, and they could tell from that that it came from "
                    "you. Choose another topic or advisor, or ask with your name."
                )
            )
        return cleaned


def _gives_asker_away(cleaned: dict, asker) -> bool:
    """Whether only leaving out the asker (nobody answers their own question) sends it to
    Communications: that happens for nobody else, so the fallback would name the asker."""
    from contacts.actions import route

    topic, advisor = cleaned.get("topic"), cleaned.get("advisor")
    return (
        route(topic, advisor, asker).route == Question.Route.COMMUNICATIONS
        and route(topic, advisor).route != Question.Route.COMMUNICATIONS
    )


class FollowUpForm(SafeTextForm, forms.Form):
    body = forms.CharField(
        label=_("Still unclear? Ask a follow-up question"),
        widget=LongText(attrs={"rows": 5}),
        max_length=5000,
        help_text=_(
            "The question is open again, and whoever received it gets an e-mail. The answer stays above."
        ),
    )


class HandOverForm(SafeTextForm, forms.Form):
    colleague = forms.ModelChoiceField(
        label=_("Colleague"),
        queryset=Advisor.objects.none(),
        empty_label=_("Choose a colleague"),
        error_messages={"invalid_choice": _("This colleague cannot take the question (any more).")},
    )
    note = forms.CharField(
        label=_("Note for your colleague"),
        widget=LongText(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("Goes by e-mail to your colleague only; the asker does not see it."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = candidates


class AnswerForm(SafeTextForm, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        widget=LongText(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("The asker gets an e-mail and reads the answer under “My questions”."),
    )
    # The answer this form was written against: another advisor may answer meanwhile.
    answered_at = forms.CharField(
        widget=forms.HiddenInput(attrs={"data-keep-draft-field": ""}), required=False
    )

    def __init__(self, *args, question, writer=None, **kwargs):
        # Answering a follow-up question is a new answer, not the last one improved.
        current = "" if question.follow_up_pending() else question.answer
        kwargs.setdefault("initial", {"answer": current, "answered_at": answer_version(question)})
        super().__init__(*args, **kwargs)
        self.question = question
        self.writer = writer  # who sends it: the answer meanwhile may be their own
        if question.asker_has_left:
            self.fields["answer"].help_text = _(
                "The person who asked has left the company (their account is deactivated): nobody gets "
                "an e-mail, and they will not read the answer."
            )

    def clean(self):
        cleaned = super().clean()
        # A form without the field (sent from elsewhere) is taken as written against the current answer.
        if not (self.is_bound and "answered_at" in self.data):
            return cleaned
        written_against = cleaned.get("answered_at", "")
        if followed_up_since(self.question, written_against):
            raise self.conflict(followed_up=True)
        # The same text again (a double click, a reload) is no conflict: it changes nothing.
        stale = written_against != answer_version(self.question)
        if stale and cleaned.get("answer") != self.question.answer:
            raise self.conflict()
        return cleaned

    def conflict(self, followed_up: bool = False) -> forms.ValidationError:
        """Someone answered, or the asker followed up, while this was written; the next send goes
        through (it has been seen)."""
        data = self.data.copy()
        data["answered_at"] = answer_version(self.question)
        self.data = data
        if followed_up:
            return forms.ValidationError(
                _(
                    "The asker sent a follow-up question while you were writing: it is above. Your "
                    "text is kept below, not sent – send it if it still answers."
                )
            )
        answered_by = self.question.answered_by
        if answered_by is not None and self.writer is not None and answered_by.pk == self.writer.pk:
            # Another tab, or back to the page the browser kept after sending: not a colleague.
            return forms.ValidationError(
                _(
                    "You answered this question in another tab while you were writing here: that "
                    "answer is above. Your text is kept below – send it if it still adds something."
                )
            )
        return forms.ValidationError(
            _(
                "%(name)s answered this question while you were writing: their answer is above. "
                "Your text is kept below – send it if it still adds something."
            )
            % {"name": answered_by.get_full_name() if answered_by else "?"}
        )


def answer_version(question) -> str:
    """What an answer (or closing) is written against: the last answer and the last follow-up."""
    answered = question.answered_at.isoformat() if question.answered_at else ""
    last_follow_up = question.follow_ups.order_by("-pk").values_list("pk", flat=True).first()
    return f"{answered}|{last_follow_up}" if last_follow_up else answered


def followed_up_since(question, version: str) -> bool:
    """Whether the asker sent a follow-up question after the page with ``version`` was loaded."""
    return version.partition("|")[2] != answer_version(question).partition("|")[2]


class FaqForm(ConflictCheckedForm, SafeTextForm, forms.ModelForm):
    """An FAQ entry in the advisor's words. Communications may correct it in the admin
    meanwhile: merged, or refused field by field."""

    topic = DisplayNameChoiceField(label=_("Topic"), queryset=AdvisorTopic.objects.all(), required=False)

    class Meta:
        model = FaqEntry
        fields = ["title", "answer", "title_en", "answer_en", "topic"]
        labels = {
            "title": _("Question as it appears in the FAQ (German)"),
            "answer": _("Answer (German)"),
            "title_en": _("Question in English (optional)"),
            "answer_en": _("Answer in English (optional)"),
        }
        help_texts = {
            "title": _("Phrase it generally; leave out anything that points to the person who asked."),
            "answer": _("Edit the wording for everybody; the asker is never named."),
            "title_en": _("English readers see it; if empty, they see the German."),
            "answer_en": _("English readers see it; if empty, they see the German."),
        }
        widgets = {"answer": LongText(attrs={"rows": 8}), "answer_en": LongText(attrs={"rows": 8})}


class OwnProfileForm(ConflictCheckedForm, SafeTextForm, forms.ModelForm):
    """What an advisor maintains themselves: office hours, channels and bio. Communications may
    change the same profile in the admin meanwhile: merged, or refused field by field."""

    class Meta:
        model = Advisor
        fields = ["office_hours", "office_hours_en", "email", "phone", "chat_url", "bio", "bio_en"]
        widgets = {"bio": LongText(attrs={"rows": 5}), "bio_en": LongText(attrs={"rows": 5})}


class AdvisorAdminForm(ChooseFileAgainForm, SafeTextForm, forms.ModelForm):
    photo = PhotoField(
        label=capfirst(Advisor._meta.get_field("photo").verbose_name),  # as the admin's other labels
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. It is cropped to a square and resized."),
    )

    class Meta:
        model = Advisor
        fields = [
            "name", "job_title", "job_title_en", "department", "user", "photo", "topics", "languages",
            "email", "phone", "chat_url", "office_hours", "office_hours_en", "location", "location_en",
            "bio", "bio_en", "is_spokesperson", "is_active",
        ]  # fmt: skip
        widgets = {"bio": AdminLongText, "bio_en": AdminLongText}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only accounts with the Advisor role (which only superusers grant) can hold a profile:
        # its inbox goes with it (AdvisorQuerySet.of_user). Only superusers see the field at all.
        if "user" in self.fields:
            # And the account linked now, even if it has lost the role or is switched off: left
            # out, the field showed no account and saving dropped the link without a word.
            advisors = Q(pk__in=members(Role.ADVISOR).values("pk")) | Q(pk=self.instance.user_id)
            self.fields["user"].queryset = (
                get_user_model().objects.filter(advisors).order_by("full_name", "email")
            )
        if self.instance.pk and self.instance.photo:
            self.fields["photo"].widget.photo_url = reverse("contacts:photo", args=[self.instance.pk])
