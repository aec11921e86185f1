"""Advisors, the topics they know about, the questions employees ask them and the FAQ.

Anonymity is structural: an anonymous ``Question`` has no asker at all. The
link to the person who asked lives in ``AnonymousAsking``, which has no reverse
accessor, no admin and is read only by ``Question.objects.asked_by`` (the
asker's own "My questions") and by the answer notification in ``actions``.
"""

from __future__ import annotations

import datetime
import hashlib
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts import search
from guidelines.models import SectionCategory
from portal.lib.db import UniqueEnglishTwin, unique_ignoring_case
from portal.lib.i18n import fold, localized, search_key

# How long a profile counts as current after its advisor confirmed it.
CONFIRMATION_INTERVAL = relativedelta(months=6)

# Chat deep links: Teams, Slack and web links. Never javascript:, data: and the like.
CHAT_SCHEMES = frozenset({"https", "msteams", "slack", "sip", "xmpp"})


def validate_chat_url(value: str) -> None:
    value = value.strip()
    if any(char.isspace() or not char.isprintable() for char in value):
        # A link has no spaces or line breaks (one would also break the vCard's IMPP line).
        raise ValidationError(_("A chat link contains no spaces or line breaks."), code="chat_space")
    parts = urlsplit(value)
    if parts.scheme.lower() not in CHAT_SCHEMES or not (parts.netloc or parts.path):
        raise ValidationError(
            _("Please enter a chat link starting with https://, msteams:, slack:, sip: or xmpp:."),
            code="chat_scheme",
        )


validate_phone = RegexValidator(
    r"^\+?[0-9 ()/.\-]{3,30}$",
    _("Please enter a phone number with digits, spaces and + ( ) / - only."),
    code="phone",
)


class EnglishNameMixin:
    """``display_name``: the English name for English readers when there is one, else the name."""

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Language(EnglishNameMixin, UniqueEnglishTwin, models.Model):
    """A language an advisor can be asked in."""

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("ISO 639-1, e.g. de, en, fr."))
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)

    history = HistoricalRecords()
    # What loses the language when it is deleted, and gets it back when it is restored
    # (portal.lib.history.remember_links).
    kept_links = (("contacts.Advisor", "languages"),)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        # "DE" beside "de", or "Deutsch" twice: one language listed twice in the directory filter.
        constraints = [
            unique_ignoring_case("code", "language_code_ci_unique"),
            unique_ignoring_case("name", "language_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        self.code = self.code.lower()  # as ISO 639-1 writes them


class AdvisorTopic(EnglishNameMixin, UniqueEnglishTwin, models.Model):
    """A subject advisors can be asked about (LinkedIn, UWG, crisis communication …).

    Not to be confused with ``guidelines.TabooTopic``: those are subjects only
    spokespersons may talk about in public.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(
        _("English name"),
        max_length=100,
        blank=True,
        help_text=_("If empty, English readers see the German name."),
    )
    slug = models.SlugField(_("short name in the address"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_("If empty, English readers see the German description."),
    )
    # The words of both names a search word may begin with (contacts.search.beginning_words),
    # for AdvisorQuerySet.search and FaqEntryQuerySet.search. Kept by save().
    search_words = models.TextField(blank=True, editable=False)

    # Kept by save() from the names: a restored version gets it there.
    history = HistoricalRecords(excluded_fields=["search_words"])

    # What loses the topic when it is deleted, and gets it back when it is restored
    # (portal.lib.history.remember_links); its guideline categories go with it.
    kept_links = (
        ("contacts.Advisor", "topics"),
        ("contacts.Question", "topic"),
        ("contacts.FaqEntry", "topic"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("advisor topic")
        verbose_name_plural = _("advisor topics")
        constraints = [unique_ignoring_case("name", "advisor_topic_name_ci_unique")]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.search_words = search.beginning_words(self.name, self.name_en)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "name_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_words"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:topic", args=[self.slug])

    @property
    def display_description(self) -> str:
        return localized(self, "description")


class GuidelineCategoryTopic(models.Model):
    """Which advisor topic answers questions about a guideline category (one topic per category).

    Guideline sections link to ``contacts:category``, which shows this topic's advisors.
    """

    category = models.CharField(
        _("guideline category"), max_length=32, unique=True, choices=SectionCategory.choices
    )
    topic = models.ForeignKey(
        AdvisorTopic,
        verbose_name=_("advisor topic"),
        related_name="guideline_categories",
        on_delete=models.CASCADE,
    )

    class Meta:
        ordering = ["category"]
        verbose_name = _("guideline category")
        verbose_name_plural = _("guideline categories")

    def __str__(self) -> str:
        return str(self.get_category_display())


class AdvisorQuerySet(models.QuerySet):
    def active(self) -> AdvisorQuerySet:
        """Switched on, and not linked to a deactivated account: an advisor who left (HR
        deactivates leavers) is not offered by e-mail, phone and chat to people looking for help.
        A profile without an account (reached by its own address) stays."""
        return self.filter(is_active=True).filter(Q(user__isnull=True) | Q(user__is_active=True))

    def notifiable(self) -> AdvisorQuerySet:
        """Active profiles an e-mail reaches: through their active account, or the profile's own
        address. Communications asks these to look at a mention (an advisor with only a phone
        number would be "asked" without hearing of it)."""
        return self.filter(is_active=True).filter(Q(user__is_active=True) | ~Q(email=""))

    def reachable(self) -> AdvisorQuerySet:
        """Profiles whose inbox someone reads: active, linked to an active account that has the
        Advisor role (``of_user``). Questions go to these, and come back to them (``take_back``)."""
        from portal.roles import Role

        advisors = get_user_model().objects.filter(groups__name=Role.ADVISOR)
        return self.filter(is_active=True, user__is_active=True).filter(
            Q(user__is_superuser=True) | Q(user__in=advisors)
        )

    def of_user(self, user) -> AdvisorQuerySet:
        """The active profile linked to ``user`` — only if ``user`` has the Advisor role.

        The inbox (every question routed to the profile, askers' names included)
        follows the link, and whoever edits profiles in the admin (Communications)
        may not grant roles: linking a profile to an account without the role
        gives that account nothing.
        """
        from portal.roles import Role, has_role

        if not has_role(user, Role.ADVISOR):
            return self.none()
        return self.filter(user=user, is_active=True)

    def with_askable(self) -> AdvisorQuerySet:
        """Each with ``askable``: whether "Ask a question" reaches them (``reachable``)."""
        return self.annotate(
            askable=models.Exists(Advisor.objects.reachable().filter(pk=models.OuterRef("pk")))
        )

    def in_name_order(self) -> AdvisorQuerySet:
        """By name as a dictionary has it ("Özlem" among the O's, not after Z): search_text begins
        with the folded name."""
        return self.order_by("search_text", "name", "pk")

    def for_directory(self) -> AdvisorQuerySet:
        """Active advisors with everything a directory card shows, in a fixed number of queries."""
        return (
            self.active()
            .with_askable()
            .select_related("department")
            .prefetch_related("topics", "languages")
            .in_name_order()
        )

    def search(self, text: str) -> AdvisorQuerySet:
        """Advisors matching every word of ``text`` in their name, job title or one of their topics,
        as ``contacts.search`` has it (hyphenated words by their parts, stop words left out, and a
        word beginning with a word of a topic finds it).

        "Vogel UWG" finds Anton Vogel for legal questions: each word may match a different field.
        "Presse OR Recht" finds either, "-Recht" leaves out whoever has it.
        A search of stop words alone is searched as typed: they may be a name ("Do", "Will").
        Emoji or symbols alone find nobody.
        """
        if not text.strip():
            return self
        parsed = search.parse(text)
        if not parsed.groups:  # nothing else to find ("Do", "Do -Vogel"): the stop words as typed
            parsed = search.parse(text, stop_words_too=True) or parsed
        if not parsed:
            return self.none()

        def matches(word: str) -> Q:
            fields = Q(
                Q(search_text__contains=fold(word)),  # name and job title, typed on any keyboard
                Q(topics__name__icontains=word),
                Q(topics__name_en__icontains=word),
                search.begins_with_a_word("topics__search_words", word),
                _connector=Q.OR,
            )
            # A word at a time: each may match a different topic of the same advisor.
            return Q(pk__in=Advisor.objects.filter(fields).values("pk"))

        return search.filter_parsed(self, parsed, matches)

    def unconfirmed_since(self, cutoff: datetime.date) -> AdvisorQuerySet:
        return self.filter(Q(last_confirmed_on__isnull=True) | Q(last_confirmed_on__lt=cutoff))


def _photo_path(instance: Advisor, filename: str) -> str:
    # photos.process_photo already chose a random name; keep it.
    return f"advisors/{filename}"


class Advisor(models.Model):
    """Somebody employees may ask about social media, listed in the directory."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        related_name="advisor_profile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Needed to answer questions in the portal and to edit the own profile."),
    )
    name = models.CharField(_("name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    job_title_en = models.CharField(
        _("job title (English)"),
        max_length=150,
        blank=True,
        help_text=_("If empty, English readers see the German job title."),
    )
    # Name and job title as AdvisorQuerySet.search compares them: "aydin" finds "Aydın",
    # "mueller" and "muller" find "Müller" (portal.lib.i18n.search_key). Kept by save().
    search_text = models.TextField(blank=True, editable=False)
    department = models.ForeignKey(
        "portal.Department",
        verbose_name=_("department"),
        related_name="advisors",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    photo = models.ImageField(_("photo"), upload_to=_photo_path, blank=True)
    topics = models.ManyToManyField(
        AdvisorTopic, verbose_name=_("topics"), related_name="advisors", blank=True
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), related_name="advisors", blank=True
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    chat_url = models.CharField(
        _("chat link"),
        max_length=500,
        blank=True,
        validators=[validate_chat_url],
        help_text=_("A Teams or Slack deep link, e.g. https://teams.microsoft.com/l/chat/0/0?users=…"),
    )
    office_hours = models.CharField(
        _("office hours"), max_length=200, blank=True, help_text=_("e.g. Mon–Thu 9–16")
    )
    office_hours_en = models.CharField(
        _("office hours (English)"),
        max_length=200,
        blank=True,
        help_text=_("If empty, English readers see the German office hours."),
    )
    location = models.CharField(_("location"), max_length=150, blank=True)
    location_en = models.CharField(
        _("location (English)"),
        max_length=150,
        blank=True,
        help_text=_("If empty, English readers see the German location."),
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    bio_en = models.TextField(
        _("short bio (English)"),
        max_length=1000,
        blank=True,
        help_text=_("If empty, English readers see the German bio."),
    )
    is_spokesperson = models.BooleanField(
        _("spokesperson"),
        default=False,
        help_text=_("May speak publicly for the company, e.g. the press office."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive advisors are hidden and receive no questions.")
    )
    last_confirmed_on = models.DateField(_("last confirmed"), null=True, blank=True)
    confirmation_reminded_on = models.DateField(_("confirmation reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Not kept: search_text (save() derives it); the photo (the file of one replaced or removed is
    # deleted, contacts.photos.delete_after_commit: no version could bring it back); when the
    # profile was confirmed and its advisor reminded (bookkeeping, not what the profile says:
    # putting back an earlier bio does not make the profile unconfirmed).
    history = HistoricalRecords(
        excluded_fields=["search_text", "photo", "last_confirmed_on", "confirmation_reminded_on"]
    )
    # What a deleted advisor comes back with (portal.lib.history.remember_links): topics,
    # languages and the taboo topics they were spokesperson for, unless given another since.
    kept_links = (
        ("contacts.AdvisorTopic", "advisors"),
        ("contacts.Language", "advisors"),
        ("guidelines.TabooTopic", "spokesperson"),
    )
    objects = AdvisorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("advisor")
        verbose_name_plural = _("advisors")
        indexes = [
            # AdvisorQuerySet.for_directory: active advisors by name.
            models.Index(fields=["name"], condition=Q(is_active=True), name="advisor_active_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = search_key(f"{self.name} {self.job_title} {self.job_title_en}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "job_title", "job_title_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:advisor", args=[self.pk])

    # What English readers see where the English twin is filled in (portal.lib.i18n.localized).
    @property
    def display_job_title(self) -> str:
        return localized(self, "job_title")

    @property
    def display_office_hours(self) -> str:
        return localized(self, "office_hours")

    @property
    def display_location(self) -> str:
        return localized(self, "location")

    @property
    def display_bio(self) -> str:
        return localized(self, "bio")

    def clean(self) -> None:
        if not (self.email or self.phone or self.chat_url or self.user_id):
            raise ValidationError(_("Please give at least one way to reach this advisor."))

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.replace("-", " ").split() if p[:1].isalpha()]
        if not parts:
            return "?"
        letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
        return letters.upper()

    @property
    def avatar_hue(self) -> int:
        """A stable colour per person for the initials avatar (dark enough for white text)."""
        return int(hashlib.md5(self.name.encode(), usedforsecurity=False).hexdigest()[:4], 16) % 360

    @property
    def safe_chat_url(self) -> str:
        """The chat link if it (still) passes validation, else empty: templates only link this."""
        try:
            validate_chat_url(self.chat_url)
        except ValidationError:
            return ""
        return self.chat_url.strip()

    @property
    def tel_url(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    def confirmation_due_on(self) -> datetime.date | None:
        if self.last_confirmed_on is None:
            return None
        return self.last_confirmed_on + CONFIRMATION_INTERVAL

    @property
    def is_confirmation_stale(self) -> bool:
        """True when the advisor has not confirmed the profile in the last six months."""
        due = self.confirmation_due_on()
        return due is None or due <= timezone.localdate()


class QuestionQuerySet(models.QuerySet):
    def asked_by(self, user) -> QuestionQuerySet:
        """The user's own questions, named and anonymous ("My questions" only)."""
        anonymous = AnonymousAsking.objects.filter(asker=user).values("question_id")
        return self.filter(Q(asker=user) | Q(pk__in=anonymous))

    def addressed_to(self, user) -> QuestionQuerySet:
        """Questions routed to ``user``: as an active advisor, or as Communications for the fallback."""
        from portal.roles import Role, has_role

        own_profile = Advisor.objects.of_user(user).values("pk")
        routed = QuestionRecipient.objects.filter(advisor__in=own_profile).values("question_id")
        condition = Q(pk__in=routed)
        if has_role(user, Role.COMMUNICATIONS):
            condition |= Q(routed_to=Question.Route.COMMUNICATIONS) | Q(handed_over=True)
        return self.filter(condition)

    def for_inbox(self) -> QuestionQuerySet:
        # The list shows no asker at all; the detail page names the asker of a
        # named question (an anonymous one has none to show).
        follow_ups = FollowUp.objects.filter(question=OuterRef("pk"))
        return (
            self.select_related("topic", "advisor")
            .annotate(has_follow_up=Exists(follow_ups))
            .order_by("-created_at", "-pk")
        )


class Question(models.Model):
    """A question an employee asked, routed to advisors or to Communications."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    class Route(models.TextChoices):
        ADVISOR = "advisor", _("the chosen advisor")
        TOPIC = "topic", _("the advisors of the topic")
        COMMUNICATIONS = "communications", _("the Communications team")

    # Null for anonymous questions: see AnonymousAsking.
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        related_name="named_questions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    topic = models.ForeignKey(
        AdvisorTopic,
        verbose_name=_("topic"),
        related_name="questions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    advisor = models.ForeignKey(
        Advisor,
        verbose_name=_("chosen advisor"),
        related_name="chosen_questions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    section = models.ForeignKey(
        "guidelines.Section",
        verbose_name=_("about the guideline section"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    mention = models.ForeignKey(
        "monitoring.Mention",
        verbose_name=_("about the mention"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Copied when asking: retention deletes old mentions, the question keeps what it was about.
    mention_title = models.CharField(_("mention title"), max_length=500, blank=True)
    mention_url = models.URLField(_("mention link"), max_length=2000, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("question"), max_length=5000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    routed_to = models.CharField(_("routed to"), max_length=20, choices=Route.choices)
    # An advisor who received it stopped (contacts.actions.hand_over_open_questions): the
    # Communications team has it too, besides whoever else received it.
    handed_over = models.BooleanField(_("handed over to Communications"), default=False)
    recipients = models.ManyToManyField(
        Advisor,
        verbose_name=_("addressed advisors"),
        through="QuestionRecipient",
        related_name="received_questions",
        blank=True,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        related_name="answered_questions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Whether, not when (the "new answer" badge): when somebody read something is nobody's business.
    answer_seen = models.BooleanField(_("answer read by the asker"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Withdrawn by its asker, rather than closed by an advisor: reopened, it is no news to mail.
    # None: closed before this was recorded.
    closed_by_asker = models.BooleanField(
        _("withdrawn by the asker"), null=True, default=False, editable=False
    )
    last_reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            # The structural half of anonymity: an anonymous question names nobody.
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(asker__isnull=True),
                name="question_anonymous_has_no_asker",
            ),
        ]
        indexes = [
            # tasks.remind_unanswered_questions
            models.Index(fields=["created_at"], condition=Q(status="open"), name="question_open_created"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("contacts:my_question", args=[self.pk])

    def get_inbox_url(self) -> str:
        return reverse("contacts:inbox_question", args=[self.pk])

    @property
    def asker_has_left(self) -> bool:
        """A named question whose asker left the company (deactivated, or deleted): nobody will read
        the answer. Never said of an anonymous one (its asker is nobody's to know, gone or not)."""
        return not self.is_anonymous and (self.asker is None or not self.asker.is_active)

    def follow_up_pending(self) -> bool:
        """The asker followed the answer up, and no answer came since (an answer moves ``answered_at``)."""
        return self.answered_at is not None and self.follow_ups.filter(answered_at=self.answered_at).exists()

    @property
    def safe_mention_url(self) -> str:
        """The mention's link if it is a web address (feeds are outside input), else empty."""
        return self.mention_url if urlsplit(self.mention_url).scheme in ("http", "https") else ""


class FollowUp(models.Model):
    """The asker's follow-up to an answer: the question is open again, and the answer it
    replies to is kept here as it was (the advisors' next answer replaces the question's own).
    Names nobody: the asker is the question's."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), related_name="follow_ups", on_delete=models.CASCADE
    )
    body = models.TextField(_("follow-up question"), max_length=5000)
    answer = models.TextField(_("answer it replies to"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")

    def __str__(self) -> str:
        return Truncator(self.body).chars(60)


class QuestionRecipient(models.Model):
    """An advisor a question was routed to (they see it in their inbox)."""

    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE)
    advisor = models.ForeignKey(Advisor, verbose_name=_("advisor"), on_delete=models.CASCADE)

    class Meta:
        # Named in the permission list superusers see ("Can view addressed advisor").
        verbose_name = _("addressed advisor")
        verbose_name_plural = _("addressed advisors")
        constraints = [
            models.UniqueConstraint(fields=["question", "advisor"], name="questionrecipient_unique"),
        ]
        indexes = [
            # QuestionQuerySet.addressed_to: an advisor's inbox.
            models.Index(fields=["advisor", "question"], name="questionrecipient_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} → {self.advisor_id}"


class AnonymousAsking(models.Model):
    """Who asked an anonymous question. Read only for the asker's own pages and mail.

    ``related_name="+"``: neither a Question nor a User can reach this row, so
    no queryset, template or admin that starts from them can show the asker.
    """

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="+")
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("anonymous asking")
        verbose_name_plural = _("anonymous askings")
        indexes = [models.Index(fields=["asker"], name="anonymousasking_asker")]  # asked_by

    def __str__(self) -> str:
        # Never the asker: this string could end up in a log or an admin page.
        return f"anonymous asking {self.pk}"


class FaqEntryQuerySet(models.QuerySet):
    def published(self) -> FaqEntryQuerySet:
        return self.filter(is_published=True).select_related("topic")

    def search(self, text: str) -> FaqEntryQuerySet:
        """Entries with every word of ``text`` in their question or answer, in German or English,
        or their topic's name, as ``contacts.search`` has it (as the directory searches, OR and
        -words too). A blank ``text`` is no search; one of stop words or symbols alone finds nothing."""
        if not text.strip():
            return self
        parsed = search.parse(text)
        if not parsed:
            return self.none()
        return search.filter_parsed(self, parsed, _faq_matches)

    def suggest(self, text: str) -> FaqEntryQuerySet:
        """Entries for a question being typed, as people phrase it ("Can I post a photo of my
        colleagues?"): those sharing the most of its longer words first."""
        longer = list(dict.fromkeys(word.casefold() for word in search.words(text, min_length=4)))
        if not longer:
            return self.none()
        score = sum(
            (models.Case(models.When(_faq_matches(word), then=1), default=0) for word in longer),
            models.Value(0),
        )
        return self.alias(score=score).filter(score__gte=1).order_by("-score", "title")


def _faq_matches(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(title_en__icontains=word)
        | Q(answer__icontains=word)
        | Q(answer_en__icontains=word)
        | Q(topic__name__icontains=word)
        | Q(topic__name_en__icontains=word)
        | search.begins_with_a_word("search_words", word)
        | search.begins_with_a_word("topic__search_words", word)
    )


class FaqEntry(models.Model):
    """A frequently asked question, published by an advisor from an answered question."""

    question = models.OneToOneField(
        Question,
        verbose_name=_("from question"),
        related_name="faq_entry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    topic = models.ForeignKey(
        AdvisorTopic,
        verbose_name=_("topic"),
        related_name="faq_entries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    title = models.CharField(_("question"), max_length=200)
    title_en = models.CharField(
        _("question (English)"),
        max_length=200,
        blank=True,
        help_text=_("If empty, English readers see the German question."),
    )
    answer = models.TextField(_("answer"))
    answer_en = models.TextField(
        _("answer (English)"), blank=True, help_text=_("If empty, English readers see the German answer.")
    )
    # The words of the question and the answer, in both languages (SEARCHED_FIELDS), a search word
    # may begin with (contacts.search.beginning_words), for FaqEntryQuerySet.search. Kept by save().
    search_words = models.TextField(blank=True, editable=False)
    SEARCHED_FIELDS = ("title", "title_en", "answer", "answer_en")
    is_published = models.BooleanField(_("published"), default=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_words"])  # kept by save()
    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs) -> None:
        self.search_words = search.beginning_words(*(getattr(self, name) for name in self.SEARCHED_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.SEARCHED_FIELDS) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_words"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # The entry names its page: the FAQ comes in pages (contacts.views.faq).
        return reverse("contacts:faq") + f"?entry={self.pk}#faq-{self.pk}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_answer(self) -> str:
        return localized(self, "answer")
