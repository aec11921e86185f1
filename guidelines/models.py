"""Guidelines (versions of ordered sections), acknowledgements, taboo topics, company names.

The comms team edits *draft* sections in the admin and publishes them as a new
``GuidelineVersion``; publishing copies the draft into sections that belong to
the version and never change afterwards (``guidelines.actions.publish_version``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.lib.db import UniqueEnglishTwin, unique_ignoring_case
from portal.lib.html import markdown_to_html
from portal.lib.i18n import localized


class SectionCategory(models.TextChoices):
    COMMITMENT = "commitment", _("Our commitment")
    SCOPE = "scope", _("Scope")
    PRIVATE_USE = "private_use", _("Private use")
    MEDIA_LITERACY = "media_literacy", _("Media literacy")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    LEGAL = "legal", _("Legal")
    NETIQUETTE = "netiquette", _("Netiquette")
    RESPONSIBILITY = "responsibility", _("Own responsibility")
    COMPETITORS = "competitors", _("Competitors")
    OPINION = "opinion", _("Private opinion and official statements")
    SECURITY = "security", _("Security")
    CONTACT = "contact", _("Whom to ask")


class SectionKind(models.TextChoices):
    RULE = "rule", _("Binding rule")
    RECOMMENDATION = "recommendation", _("Recommendation")


class GuidelineVersionQuerySet(models.QuerySet):
    def current(self) -> GuidelineVersion | None:
        """The latest published version, or None before the first is published."""
        return self.order_by("-number").first()

    def acknowledgement_baseline(self) -> GuidelineVersion | None:
        """The latest version that asked everybody to acknowledge again, of those still in force.

        Whoever acknowledged this version or a later one is up to date. A version that reads as
        an earlier one (``same_as``: a version published by mistake, taken back) is in force as
        that one: the search goes on from there, past the versions taken back.
        """
        versions = list(self.order_by("-number"))  # a few dozen rows in a company's lifetime
        position = {version.pk: index for index, version in enumerate(versions)}
        index = 0
        while index < len(versions):
            version = versions[index]
            if version.requires_acknowledgement:
                return version
            index = max(index + 1, position.get(version.same_as_id, 0))
        return None


class GuidelineVersion(models.Model):
    """A published, unchangeable version of the guidelines."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField(_("what changed"), help_text=_("A short summary for employees, in German."))
    summary_en = models.TextField(_("what changed (English)"), blank=True)
    requires_acknowledgement = models.BooleanField(
        _("requires acknowledgement again"),
        default=False,
        help_text=_("Everybody must confirm this version again, even if they confirmed an earlier one."),
    )
    same_as = models.ForeignKey(
        "self",
        verbose_name=_("reads as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("An earlier version with the same text: whoever was up to date with it is up to date."),
    )

    objects = GuidelineVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("published guideline version")
        verbose_name_plural = _("published guideline versions")

    def __str__(self) -> str:
        return _("Version %(number)s") % {"number": self.number}

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")


class SectionQuerySet(models.QuerySet):
    def drafts(self) -> SectionQuerySet:
        """The sections the comms team is editing (not yet published)."""
        return self.filter(version__isnull=True)

    def of_version(self, version: GuidelineVersion) -> SectionQuerySet:
        return self.filter(version=version).order_by("position", "pk")

    def current(self) -> SectionQuerySet:
        """The sections of the current published version."""
        return self.filter(version=GuidelineVersion.objects.current()).order_by("position", "pk")


class Section(models.Model):
    """One section of the guidelines: a draft (no version) or part of a published version."""

    version = models.ForeignKey(
        GuidelineVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="sections",
    )
    # The same section across versions, so a diff can follow it when it moves or is renamed.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=SectionCategory.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=SectionKind.choices, default=SectionKind.RULE)
    body = models.TextField(
        _("text"), help_text=_("Markdown. HTML is cleaned: no scripts, styles or event handlers.")
    )
    body_en = models.TextField(
        _("text (English)"), blank=True, help_text=_("Markdown. Empty: the German text is shown.")
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("guideline section")
        verbose_name_plural = _("guideline sections")
        constraints = [
            # A section appears once per version (diff in guidelines.diff relies on it).
            models.UniqueConstraint(fields=["version", "key"], name="section_unique_key_per_version"),
        ]
        indexes = [models.Index(fields=["version", "position"])]  # reading a version

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs) -> None:
        if self.pk and self.version_id and not getattr(self, "_publishing", False):
            raise ValidationError("Published sections never change.")
        super().save(*args, **kwargs)

    @property
    def is_rule(self) -> bool:
        return self.kind == SectionKind.RULE

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_body(self) -> str:
        return localized(self, "body")

    @cached_property
    def body_html(self) -> str:
        # Every page shows a section's body under the section's title, an h2.
        return markdown_to_html(self.display_body, top_heading=3)


class AcknowledgementQuerySet(models.QuerySet):
    def up_to_date(self, baseline: GuidelineVersion | None) -> AcknowledgementQuerySet:
        """Acknowledgements that still count: of the baseline version or a later one."""
        if baseline is None:
            return self.none()
        return self.filter(version__number__gte=baseline.number)


class Acknowledgement(models.Model):
    """An employee confirmed "read and understood" for a version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="guideline_acknowledgements",
    )
    version = models.ForeignKey(
        GuidelineVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            # One click per person and version; a double click changes nothing (actions.acknowledge).
            models.UniqueConstraint(fields=["user", "version"], name="acknowledgement_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"


class AcknowledgementRequest(models.Model):
    """A person was asked by e-mail to confirm a version; the unique constraint makes it once
    (``guidelines.notices``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        GuidelineVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("asked"), default=timezone.now)

    class Meta:
        verbose_name = _("request to acknowledge")
        verbose_name_plural = _("requests to acknowledge")
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="acknowledgement_request_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"


def users_with_acknowledgement(users: models.QuerySet, baseline: GuidelineVersion | None) -> models.QuerySet:
    """Annotate ``users`` with ``acknowledged`` (True when their acknowledgement is up to date)."""
    if baseline is None:
        return users.annotate(acknowledged=models.Value(True))
    current = Acknowledgement.objects.filter(user=OuterRef("pk"), version__number__gte=baseline.number)
    return users.annotate(acknowledged=Exists(current))


class Severity(models.TextChoices):
    NEVER = "never", _("Never post")
    ASK_FIRST = "ask_first", _("Ask first")


class TabooTopicQuerySet(models.QuerySet):
    def active(self) -> TabooTopicQuerySet:
        return self.filter(active=True)

    def with_askable_spokesperson(self) -> TabooTopicQuerySet:
        """With the spokesperson, and ``spokesperson_askable``: whether "Ask a question" reaches them."""
        from contacts.models import Advisor

        reachable = Advisor.objects.reachable().filter(pk=models.OuterRef("spokesperson_id"))
        return self.select_related("spokesperson").annotate(spokesperson_askable=models.Exists(reachable))


class TabooTopic(UniqueEnglishTwin, models.Model):
    """A topic only management or the press office may speak about."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    explanation = models.TextField(_("explanation"))
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    speaker_role = models.CharField(
        _("who may speak about it"),
        max_length=150,
        blank=True,
        help_text=_('A role or team, e.g. "Pressestelle" or "Vorstand".'),
    )
    speaker_role_en = models.CharField(_("who may speak about it (English)"), max_length=150, blank=True)
    # Added by the advisors app: the person employees are sent to (taboo topic pages, checker).
    spokesperson = models.ForeignKey(
        "contacts.Advisor",
        verbose_name=_("spokesperson"),
        related_name="taboo_topics",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_active": True},
        help_text=_("The advisor who may speak about this topic; shown with a link to their profile."),
    )
    severity = models.CharField(
        _("severity"), max_length=16, choices=Severity.choices, default=Severity.NEVER
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = TabooTopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("taboo topic")
        verbose_name_plural = _("taboo topics")
        constraints = [unique_ignoring_case("name", "taboo_topic_name_ci_unique")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_explanation(self) -> str:
        return localized(self, "explanation")

    @property
    def display_speaker_role(self) -> str:
        return localized(self, "speaker_role")

    def as_spec(self):
        """The topic as the matcher needs it (terms must be prefetched)."""
        from guidelines.matcher import TermSpec, TopicSpec

        terms = tuple(
            TermSpec(t.term, is_regex=t.is_regex, whole_word=t.whole_word, term_id=t.pk)
            for t in self.terms.all()
        )
        return TopicSpec(self.pk, self.name, self.severity, terms)


class TabooExample(models.Model):
    """What not to post, as an example employees recognise."""

    topic = models.ForeignKey(TabooTopic, on_delete=models.CASCADE, related_name="examples")
    text = models.TextField(_("example"))
    text_en = models.TextField(_("example (English)"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("example")
        verbose_name_plural = _("examples")

    def __str__(self) -> str:
        return self.display_text[:80]

    @property
    def display_text(self) -> str:
        return localized(self, "text")


class TabooTerm(models.Model):
    """A word, phrase or regular expression that signals the topic."""

    topic = models.ForeignKey(
        TabooTopic, on_delete=models.CASCADE, related_name="terms", verbose_name=_("taboo topic")
    )
    term = models.CharField(_("term"), max_length=200)
    is_regex = models.BooleanField(
        _("regular expression"),
        default=False,
        help_text=_(
            "Matched as written, ignoring case, and against the text in lower case with umlauts "
            "written out (ä → ae)."
        ),
    )
    whole_word = models.BooleanField(
        _("whole word only"),
        default=False,
        help_text=_(
            "Do not match inside compound words. Terms under four letters always match whole words only."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [models.UniqueConstraint(fields=["topic", "term"], name="taboo_term_unique_per_topic")]

    def __str__(self) -> str:
        return self.term

    def clean_fields(self, exclude=None) -> None:
        super().clean_fields(exclude)
        if exclude and "term" in exclude:
            return  # the form has said what is wrong with it (too long, say)
        from guidelines.matcher import normalize_term
        from guidelines.regexcheck import check_regex_term

        self.term = (self.term or "").strip()
        if not self.term:
            raise ValidationError({"term": _("Enter a word or phrase.")})
        if self.is_regex:
            error = check_regex_term(self.term)
            if error:
                raise ValidationError({"term": error})
        elif sum(char.isalnum() for char in normalize_term(self.term)) < 2:
            # Counted as matched: "..." flagged every post with an ellipsis, two soft hyphens
            # (nothing, once invisible characters go) never matched anything.
            raise ValidationError({"term": _("A term needs at least two letters.")})


class CompanyNameKind(models.TextChoices):
    COMPANY = "company", _("Company")
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")


class CompanyName(models.Model):
    """A company, product or service name; praising it without disclosure triggers the UWG hint."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=CompanyNameKind.choices, default=CompanyNameKind.PRODUCT
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("company or product name")
        verbose_name_plural = _("company and product names")
        constraints = [unique_ignoring_case("name", "company_name_ci_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from guidelines.disclosure import found_as

        others = CompanyName.objects.exclude(pk=self.pk).values_list("name", flat=True)
        twin = found_as(self.name or "", others.iterator())
        if twin is not None:
            raise ValidationError(
                {
                    "name": _(
                        "The checker finds “%(name)s” as “%(other)s” already: a name is found written "
                        "apart, with a hyphen or as one word, in any capitals."
                    )
                    % {"name": self.name, "other": twin}
                }
            )


def acknowledgement_status(user) -> dict:
    """The current version, and whether ``user`` still has to acknowledge it (3 or 4 queries)."""
    current = GuidelineVersion.objects.current()
    baseline = GuidelineVersion.objects.acknowledgement_baseline()
    acknowledgement = None
    if baseline is not None:
        acknowledgement = (
            Acknowledgement.objects.filter(user=user).up_to_date(baseline).select_related("version").first()
        )
    return {
        "current": current,
        "pending": baseline is not None and acknowledgement is None,
        "acknowledgement": acknowledgement,
        "renewal": baseline is not None
        and baseline.number > 1
        and acknowledgement is None
        and Acknowledgement.objects.filter(user=user).exists(),
    }
