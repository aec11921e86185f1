"""The portal's core: people and the departments they work in."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Case, Expression, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.lib.db import UniqueEnglishTwin, unique_ignoring_case
from portal.lib.i18n import in_reading_order, localized, search_key


class Department(UniqueEnglishTwin, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(
        _("English name"),
        max_length=120,
        blank=True,
        help_text=_("If empty, English readers see the German name."),
    )

    history = HistoricalRecords()
    # What loses the department when it is deleted, and gets it back when it is restored
    # (portal.lib.history.remember_links).
    kept_links = (
        ("portal.User", "department"),
        ("contacts.Advisor", "department"),
        ("training.Campaign", "departments"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [unique_ignoring_case("name", "department_name_ci_unique")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @classmethod
    def in_reading_order(cls, departments: Iterable[Department] | None = None) -> list[Department]:
        """``departments`` (all of them if not given: one query), in the alphabetical order of their
        names in the reader's language."""
        return in_reading_order(cls.objects.all() if departments is None else departments)

    @staticmethod
    def reading_order(departments: list[Department], field: str = "department") -> Expression:
        """For ``order_by``: rows by their ``field`` (a department) in the order of ``departments``
        (as ``in_reading_order`` gives them), those without one (or with another) last. The
        database knows the German names only, and sorts umlauts as its collation says."""
        if not departments:
            # All alike. A Case of no When would be a bare "ORDER BY 0": a column number to PostgreSQL.
            return Value(0)
        return Case(
            *(When(**{f"{field}_id": d.pk}, then=Value(position)) for position, d in enumerate(departments)),
            default=Value(len(departments)),
            output_field=models.IntegerField(),
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("Users must have an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


_ACCOUNT_EXISTS = _("There is already an account with this e-mail address.")


class User(AbstractBaseUser, PermissionsMixin):
    """An employee. The e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True, error_messages={"unique": _ACCOUNT_EXISTS})
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # The name as typed on any keyboard (portal.lib.i18n.search_key): HR's finder finds "Aydın" as "aydin".
    search_text = models.TextField(blank=True, editable=False)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        related_name="members",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the browser's language; e-mails come in the one you last signed in with."),
    )
    # Mail to someone who follows the browser (preferred_language empty) goes out in the language
    # they last used the portal in (portal.lib.mail.language_of): remember_language. Empty: not
    # known yet (the portal's own language, LANGUAGE_CODE).
    last_used_language = models.CharField(
        _("language last used"), max_length=8, choices=settings.LANGUAGES, blank=True, editable=False
    )
    # monitoring.digest: the weekly e-mail of the week's mentions.
    mention_digest = models.BooleanField(
        _("weekly mentions digest"),
        default=True,
        help_text=_("Every Monday an e-mail with the most relevant mentions of the past week."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Superusers only; roles (groups) decide what everybody else may do."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Deactivate instead of deleting: history stays intact."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Signed up, the address not confirmed yet: nobody (inactive: no trainings, mails or reports),
    # until whoever reads that mailbox confirms it (portal.signals.activate_on_confirmation).
    awaiting_confirmation = models.BooleanField(_("address not confirmed yet"), default=False, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Logins compare case-insensitively (UserManager.get_by_natural_key).
            unique_ignoring_case(
                "email", "user_email_ci_unique", message=_ACCOUNT_EXISTS, fold_in_python=False
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @staticmethod
    def name_order(prefix: str = "") -> tuple[str, ...]:
        """People by name as a dictionary has it ("Özlem" among the O's, not after Z): the folded
        name first. ``prefix`` for a relation to the user ("user__")."""
        return (f"{prefix}search_text", f"{prefix}full_name", f"{prefix}email")

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        self.search_text = search_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        if self.is_active and self.awaiting_confirmation:
            # Activated another way (HR ticked "active"): somebody now, whom no signup replaces.
            self.awaiting_confirmation = False
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "awaiting_confirmation"}
        super().save(*args, **kwargs)

    @classmethod
    def unconfirmed_signups(cls, email: str):
        """The signup of ``email`` never confirmed: nobody's account (inactive, never signed in, no
        other way of activation since), which signing up again or HR adding the person replaces."""
        return cls.objects.filter(
            email__iexact=email, awaiting_confirmation=True, is_active=False, last_login__isnull=True
        )

    def remember_language(self, language: str) -> None:
        """Keep ``language`` as the one this person uses the portal in, if they follow the
        browser's (none on the profile): at sign-in (portal.signals) and when they choose the
        browser's on the profile. One UPDATE when it changed, none otherwise."""
        if self.preferred_language or language == self.last_used_language:
            return
        if language in dict(settings.LANGUAGES):
            User.objects.filter(pk=self.pk).update(last_used_language=language)
            self.last_used_language = language

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        """The first name, as greetings use it: "Greta" for "Dr. Greta Lange", not "Dr."."""
        words = self.full_name.split()
        names = [word for word in words if not _is_title(word)]
        return (names or words or [self.email])[0]


# Titles written without their dot ("Prof Dr Greta Lange"); with one, any word ending in "." is one,
# but an initial ("J. R. Smith").
_TITLES = frozenset({"dr", "prof", "professor", "professorin", "dipl", "mag", "ing", "doktor"})


def _is_title(word: str) -> bool:
    return word.rstrip(".").casefold() in _TITLES or (word.endswith(".") and len(word) > 2)


def _new_token_key() -> str:
    return secrets.token_urlsafe(32)


class FeedTokenQuerySet(models.QuerySet):
    def for_user(self, user, purpose: str) -> FeedToken:
        """The user's token for ``purpose``, created on first use."""
        token, _created = self.get_or_create(user=user, purpose=purpose)
        return token

    def resolve(self, key: str, purpose: str) -> FeedToken | None:
        """The active token behind a secret URL, or None (revoked, wrong purpose, leaver)."""
        return self.select_related("user").filter(key=key, purpose=purpose, user__is_active=True).first()


class FeedToken(models.Model):
    """The secret in a personal feed URL (calendar, mentions) that a feed reader can fetch
    without a session. Rotating it revokes every copy of the old URL."""

    class Purpose(models.TextChoices):
        CALENDAR = "calendar", _("training calendar")
        MENTIONS = "mentions", _("mentions feed")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="feed_tokens")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    key = models.CharField(max_length=64, unique=True, default=_new_token_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")
        constraints = [
            # FeedTokenQuerySet.for_user: one live URL per person and purpose.
            models.UniqueConstraint(fields=["user", "purpose"], name="feedtoken_user_purpose_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_purpose_display()}"

    def rotate(self) -> None:
        """Give the token a new key: the old URL stops working at once."""
        self.key = _new_token_key()
        self.created_at = timezone.now()
        self.save(update_fields=["key", "created_at"])


class DeletedLinks(models.Model):
    """The rows that pointed at a deleted row (``kept_links``: its people, advisors …) and lost it:
    restoring the row gives it back to those that have none since (portal.lib.history)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    links = models.JSONField(default=dict)  # {"app_label.model.field": [primary keys]}
    deleted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("links of a deleted object")
        verbose_name_plural = _("links of deleted objects")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="deleted_links_unique")
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"
