"""Feed sources, tracked keywords and the mentions collected from the feeds."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from monitoring.language import GERMAN, LANGUAGE_CHOICES
from monitoring.search import MentionSearchVector, SearchIndex
from portal.lib import http
from portal.lib.db import HashField, unique_ignoring_case
from portal.lib.html import html_to_text


class SourceQuerySet(models.QuerySet):
    def due(self, now=None) -> SourceQuerySet:
        """Active sources whose next poll is due and that nobody is polling right now."""
        now = now or timezone.now()
        stale_claim = now - timedelta(seconds=settings.FEED_POLL_LEASE)
        return self.filter(active=True, next_poll_at__lte=now).filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale_claim)
        )


class PauseCause(models.TextChoices):
    MANUAL = "manual", _("paused by hand")
    FAILURES = "failures", _("too many failed polls")
    DEMO = "demo", _("demo source, not polled")
    OTHER = "other", _("other")


# The system's and the XML parser's English for what went wrong, as people read it. Stored as
# the system says it (the detail is data, shown in whichever language the reader uses).
_TECHNICAL_WORDS = {
    "Connection refused": _("the server refused the connection"),
    "Connection reset by peer": _("the server broke off the connection"),
    "Connection timed out": _("the server did not answer"),
    "No route to host": _("the server cannot be reached"),
    "Network is unreachable": _("the network cannot be reached"),
    "Remote end closed connection without response": _("the server closed the connection without answering"),
    "IncompleteRead": _("the download was cut off before its end"),
    "BadStatusLine": _("the server's answer is not HTTP"),
    "TLS: CERTIFICATE_VERIFY_FAILED": _("the server's certificate is not trusted (TLS)"),
    "not well-formed (invalid token)": _("not well-formed XML"),
    "mismatched tag": _("a closing tag does not match"),
    "no element found": _("the document is empty or cut off"),
    "syntax error": _("an XML syntax error"),
    "undefined entity": _("an undefined entity"),
    "unclosed token": _("a tag or comment is not closed"),
    "partial character": _("a character is cut off"),
    "duplicate attribute": _("an attribute is given twice"),
    "junk after document element": _("text after the end of the feed"),
    "recursive entity reference": _("an entity refers to itself"),
    "reference to invalid character number": _("a character reference to a character XML does not allow"),
    "reference to binary entity": _("a reference to a binary entity"),
    "reference to external entity in attribute": _("a reference to an external entity"),
    "XML or text declaration not at start of entity": _("the XML declaration is not at the very beginning"),
    "XML declaration not well-formed": _("the XML declaration is not well-formed"),
    "unknown encoding": _("an unknown character encoding"),
    "encoding specified in XML declaration is incorrect": _(
        "the character encoding in the XML declaration is not the one used"
    ),
    "unclosed CDATA section": _("a CDATA section is not closed"),
    "unbound prefix": _("a namespace prefix that is not declared"),
    "limit on input amplification factor (from DTD and entities) breached": _(
        "entities that expand too much (an XML bomb)"
    ),
    "JSON Feed": _("a JSON Feed; the portal reads RSS and Atom feeds"),
    "OPML": _("a list of feeds (OPML); add them with “Import OPML” on the list of sources"),
    "no Content-type specified": _("the server sent no content type"),
}
_PARSER_POSITION = re.compile(r"^<unknown>:(\d+):(\d+): (.*)$")
_ENCODING_OVERRIDE = re.compile(r"^document declared as (\S+), but parsed as (\S+)$")
_ENCODING_UNKNOWN = re.compile(r"^document encoding unknown, I tried ")
_NOT_XML_TYPE = re.compile(r"^(.+) is not an XML media type$")
_STRAY_BYTES = re.compile(r"^stray bytes: (\d+) read as windows-1252$")  # monitoring.parsing.STRAY_BYTES
_BYTES = re.compile(r"^(> )(\d+) B$|^(Content-Length )(\d+)$")  # not "> 5" (too many redirects)


def _worded_detail(detail: str) -> str:
    """``detail`` with the known technical phrases above in the reader's words."""
    if match := _PARSER_POSITION.match(detail):
        line, column, problem = match.groups()
        problem = _TECHNICAL_WORDS.get(problem, problem)
        return gettext("line %(line)s, column %(column)s: %(problem)s") % {
            "line": line, "column": int(column) + 1, "problem": problem,
        }  # fmt: skip
    if match := _ENCODING_OVERRIDE.match(detail):
        declared, used = match.groups()
        return gettext("declared as %(declared)s, but read as %(used)s") % {
            "declared": declared,
            "used": used,
        }
    if match := _STRAY_BYTES.match(detail):
        count = int(match.group(1))
        return ngettext(
            "UTF-8 but for %(count)s byte, read as Windows-1252",
            "UTF-8 but for %(count)s bytes, read as Windows-1252",
            count,
        ) % {"count": count}
    if _ENCODING_UNKNOWN.match(detail):
        return gettext("the character encoding could not be recognised")
    if match := _NOT_XML_TYPE.match(detail):
        return gettext("served as %(type)s, which is no XML media type") % {"type": match.group(1)}
    if match := _BYTES.match(detail):
        prefix, size = match.group(1, 2) if match.group(1) else match.group(3, 4)
        return f"{prefix}{filesizeformat(int(size))}"
    return str(_TECHNICAL_WORDS.get(detail, detail))


@deconstructible
class FeedURLValidator(URLValidator):
    """Django's check of a URL, for http and https only, that also takes a host name without a dot
    ("https://intranet/feed", "http://newsroom:8080/rss"): companies run intranet feeds on such
    hosts. Whether the portal may connect to a host is the address guard's decision, by the
    address it resolves to (portal.lib.http: on saving, and again on connecting), not the form's.
    A single label that reads as a number ("2130706433", "0x7f000001") is an address, not a name."""

    single_label_re = (
        r"(?![0-9]+\.?(?:[:/?#]|\Z))(?!0x[0-9a-f]+\.?(?:[:/?#]|\Z))" + URLValidator.hostname_re + r"\.?"
    )
    host_re = (
        "("
        + URLValidator.hostname_re
        + URLValidator.domain_re
        + URLValidator.tld_re
        + "|"
        + single_label_re
        + ")"
    )
    regex = re.compile(
        r"^(?:[a-z0-9.+-]*)://"  # the scheme is checked on its own
        r"(?:[^\s:@/]+(?::[^\s:@/]*)?@)?"  # user:password@ (the guard refuses it, saying why)
        r"(?:" + URLValidator.ipv4_re + "|" + URLValidator.ipv6_re + "|" + host_re + ")"
        r"(?::[0-9]{1,5})?"  # port
        r"(?:[/?#][^\s]*)?"  # path, query, fragment
        r"\Z",
        re.IGNORECASE,
    )
    schemes = ["http", "https"]

    def __call__(self, value):
        # "Enter a valid URL." for "ftp://…" sent people looking for a typo.
        if isinstance(value, str) and value.split("://")[0].lower() not in self.schemes:
            raise ValidationError(
                _("Only addresses beginning with http:// or https:// can be polled."), code="scheme"
            )
        super().__call__(value)
        # The pattern takes up to five digits; no server listens on port 0 or beyond 65535.
        try:
            port = urlsplit(value).port
        except ValueError:  # beyond 65535
            port = 0
        if port is not None and not 0 < port < 65536:
            raise ValidationError(_("A port is a number from 1 to 65535."), code="port")


class FeedURLField(models.URLField):
    """A source's feed URL: see ``FeedURLValidator``."""

    default_validators = [FeedURLValidator()]

    def deconstruct(self):
        # Python behaviour only: migrations know it as the URLField it is in the database.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs


class Source(models.Model):
    """An RSS or Atom feed the portal polls for mentions."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News and alerts")
        BLOG = "blog", _("Blog")
        EMPLOYEE_BLOG = "employee_blog", _("Employee blog")
        OTHER = "other", _("Other")

    class Error(models.TextChoices):
        # The reasons a poll fails; the codes are portal.lib.http's plus parsing.
        INVALID_URL = http.REASON_INVALID_URL, _("Invalid URL")
        BLOCKED = http.REASON_BLOCKED, _("Address not allowed (internal network)")
        DNS = http.REASON_DNS, _("Host name not found")
        CONNECTION = http.REASON_CONNECTION, _("Connection failed")
        TIMEOUT = http.REASON_TIMEOUT, _("Timed out")
        TOO_LARGE = http.REASON_TOO_LARGE, _("Feed too large")
        TOO_MANY_REDIRECTS = http.REASON_TOO_MANY_REDIRECTS, _("Too many redirects")
        HTTP_STATUS = http.REASON_HTTP_STATUS, _("Server answered with an error")
        BAD_ENCODING = http.REASON_BAD_ENCODING, _("Unreadable compression")
        NOT_A_FEED = "not_a_feed", _("Not an RSS or Atom feed")
        HTML_PAGE = "html_page", _("An HTML page, not a feed")
        INTERNAL = "internal", _("Internal error")

    name = models.CharField(_("name"), max_length=200, unique=True)
    url = FeedURLField(_("feed URL"), max_length=2000, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    poll_interval = models.PositiveIntegerField(
        _("poll interval (minutes)"),
        default=15,
        # At most a week: the backoff doubles it, and a date past the year 9999 cannot be stored.
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive sources are not polled (paused).")
    )
    title = models.CharField(_("feed title"), max_length=500, blank=True, editable=False)

    # Polling state, written by the pipeline only.
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    body_hash = models.CharField(max_length=64, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("next poll"), default=timezone.now, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(_("last poll"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_error_at = models.DateTimeField(_("time of the last error"), null=True, blank=True, editable=False)
    last_error_code = models.CharField(
        _("last error"), max_length=30, choices=Error.choices, blank=True, editable=False
    )
    last_error_detail = models.CharField(_("error detail"), max_length=500, blank=True, editable=False)
    last_warning = models.CharField(_("parser warning"), max_length=500, blank=True, editable=False)
    consecutive_errors = models.PositiveIntegerField(_("consecutive errors"), default=0, editable=False)
    # Why a paused source is paused: a cause and its particulars, put into words when shown, in the
    # reader's language (see paused_reason).
    pause_cause = models.CharField(
        _("paused because"), max_length=20, choices=PauseCause.choices, blank=True, editable=False
    )
    pause_details = models.JSONField(default=dict, blank=True, editable=False)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=[
            "etag", "last_modified", "body_hash", "next_poll_at", "claimed_at", "claim_token",
            "last_polled_at", "last_success_at", "last_error_at", "last_error_code",
            "last_error_detail", "last_warning", "consecutive_errors", "title",
        ]
    )  # fmt: skip
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [
            # dispatcher: SourceQuerySet.due()
            models.Index(fields=["next_poll_at"], condition=Q(active=True), name="source_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(poll_interval__gte=5), name="source_poll_interval_min_5"),
            unique_ignoring_case("name", "source_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def last_error(self) -> str:
        """The last error for people: its reason and detail."""
        return self.error_text(self.last_error_code, self.last_error_detail) if self.last_error_code else ""

    @property
    def warning(self) -> str:
        """The parser's complaint about the last feed it still read, for people."""
        return _worded_detail(self.last_warning)

    @classmethod
    def error_text(cls, code: str, detail: str) -> str:
        """A poll error for people, in the active language (``detail`` is technical: a status, a host)."""
        label = cls.Error(code).label if code in cls.Error.values else code
        detail = _worded_detail(detail)
        return f"{label}: {detail}" if detail else str(label)

    @staticmethod
    def paused_fields(now, cause: str, **details) -> dict:
        """The fields that pause a source (``details`` in no particular language: names, numbers, codes).

        The claim goes too: a poll the dispatcher queued before the pause finds it gone and fetches
        nothing (one asked for afterwards, "Poll now", claims the source afresh)."""
        return {
            "active": False, "paused_at": now, "pause_cause": cause, "pause_details": details,
            "claim_token": None, "claimed_at": None,
        }  # fmt: skip

    @staticmethod
    def resumed_fields(now) -> dict:
        """The fields that resume a source: polled from now on, with a clean error count."""
        return {
            "active": True, "paused_at": None, "pause_cause": "", "pause_details": {},
            "consecutive_errors": 0, "next_poll_at": now,
        }  # fmt: skip

    @property
    def paused_reason(self) -> str:
        """Why the source is paused, in the active language; "" if it is not."""
        details = self.pause_details or {}
        if self.pause_cause == PauseCause.MANUAL:
            return _("Paused by %(name)s") % {"name": details.get("name", "")}
        if self.pause_cause == PauseCause.FAILURES:
            return _("%(count)s failed polls in a row. Last error: %(error)s") % {
                "count": details.get("count", ""),
                "error": self.error_text(details.get("code", ""), details.get("detail", "")),
            }
        if self.pause_cause == PauseCause.DEMO:
            return str(_("Demo: filled from a bundled file, not polled. Add real sources to poll the web."))
        return details.get("text", "")  # written before causes were stored

    @property
    def status(self) -> str:
        if not self.active:
            return _("paused")
        if self.consecutive_errors:
            return _("failing")
        if self.last_success_at is None:
            # Resumed after failing (its errors reset): it has been polled, never with success.
            return _("not polled successfully yet") if self.last_polled_at else _("waiting for first poll")
        return _("ok")


# Legal forms as written after a company's name, compared without dots and spaces and ignoring
# case ("Inc.", "GmbH & Co. KG"): after a comma they belong to the name before it.
LEGAL_FORMS = frozenset(
    [
        "gmbh",
        "ggmbh",
        "mbh",
        "ag",
        "kg",
        "ohg",
        "gbr",
        "ug",
        "ev",
        "eg",
        "se",
        "kgaa",
        "gmbh&cokg",
        "&cokg",
        "cokg",
        "inc",
        "ltd",
        "llc",
        "llp",
        "plc",
        "corp",
        "sa",
        "sas",
        "sarl",
        "spa",
        "srl",
        "bv",
        "nv",
        "oy",
        "a/s",
        "aps",
        "asa",
        "ptyltd",
    ]
)


def is_legal_form(text: str) -> bool:
    """Whether ``text`` is a legal form alone ("Inc.", "GmbH"), no name of anybody's."""
    return re.sub(r"[\s.,]", "", text).casefold() in LEGAL_FORMS


def split_aliases(text: str) -> list[str]:
    """The aliases in ``text``: one per line, or separated by commas or semicolons, where a legal
    form after a comma stays with the name before it ("Nordlicht Systems, Inc." is one alias, not
    two with "Inc.", which found every company's mentions)."""
    aliases = []
    for line in (text or "").splitlines():
        pieces = [piece.strip() for piece in re.split(r"[,;]", line)]
        separators = re.findall(r"[,;]", line)
        joined: list[str] = []
        for index, piece in enumerate(pieces):
            if joined and separators[index - 1] == "," and piece and is_legal_form(piece):
                joined[-1] = f"{joined[-1]}, {piece}"
            else:
                joined.append(piece)
        aliases += [alias for alias in joined if alias]
    return aliases


class TrackedKeyword(models.Model):
    """A name the company cares about (itself, a product), with its aliases."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other spellings, one per line or separated by commas. Case does not matter."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tracked keyword")
        verbose_name_plural = _("tracked keywords")

    def __str__(self) -> str:
        return self.name

    @property
    def terms(self) -> list[str]:
        return [self.name, *split_aliases(self.aliases)]


class MentionQuerySet(models.QuerySet):
    def newest(self) -> MentionQuerySet:
        # The search vector is for the database only: never fetched.
        return (
            self.select_related("source")
            .prefetch_related("keywords")
            .defer("search_vector")
            .order_by("-published_at", "-id")
        )

    def with_state_for(self, user) -> MentionQuerySet:
        """Annotate ``is_read`` and ``is_starred`` for ``user`` (and nobody else)."""
        mine = MentionState.objects.filter(user=user, mention=OuterRef("pk"))
        return self.annotate(
            is_read=Exists(mine.filter(read=True)),
            is_starred=Exists(mine.filter(starred=True)),
        )

    def starred_by_anyone(self) -> MentionQuerySet:
        """Starred by anybody, a leaver too (the source delete page counts them)."""
        return self.filter(Exists(MentionState.objects.filter(mention=OuterRef("pk"), starred=True)))

    def kept_beyond_retention(self) -> MentionQuerySet:
        """What retention spares (monitoring.retention): starred by somebody still with the company
        (one star of a leaver would keep a mention for ever), or waiting in the comms queue
        (unhandled, perhaps with an advisor asked to look: deleting it would lose that work)."""
        starred = MentionState.objects.filter(mention=OuterRef("pk"), starred=True, user__is_active=True)
        return self.filter(Exists(starred) | IN_QUEUE)

    def in_queue(self) -> MentionQuerySet:
        return self.filter(IN_QUEUE)

    def asked_of(self, user) -> MentionQuerySet:
        """The open mentions the communications team asked ``user`` (as an advisor) to look at
        (``Mention.is_asked_of`` for one)."""
        return self.filter(assigned_to__user=user, review_status=ReviewStatus.OPEN)


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")
    DISMISSED = "dismissed", _("dismissed")


# The comms team's queue: flagged or marked as needing attention, not yet handled.
IN_QUEUE = Q(Q(flagged=True) | Q(needs_attention=True), review_status=ReviewStatus.OPEN)


class Mention(models.Model):
    """One article or post from a source; stored once even if several sources carry it."""

    # No index of its own: mention_unique_in_source starts with source.
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="mentions", db_index=False)
    # sha256 of the entry's identity within its source: guid, else link, else title+content.
    identity_key = HashField(editable=False)
    guid = models.CharField(_("guid"), max_length=1000, blank=True)
    url = models.URLField(_("link"), max_length=2000, blank=True)
    # sha256 of the normalised URL: the same article arriving from another source.
    # NULL without a URL, so that the unique constraint needs no condition: a
    # plain unique index also tells PostgreSQL's planner that values are distinct.
    canonical_hash = HashField(null=True, blank=True, editable=False)  # noqa: DJ001
    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Sanitised HTML"))
    content = models.TextField(_("content"), blank=True, help_text=_("Sanitised HTML"))
    content_hash = models.CharField(max_length=64, editable=False)
    # No index of its own: mention_newest_idx starts with it (the retention task, date filters).
    published_at = models.DateTimeField(_("published"))
    published_guessed = models.BooleanField(
        _("date guessed"), default=False, help_text=_("The feed gave no date; this is when we fetched it.")
    )
    fetched_at = models.DateTimeField(_("fetched"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    keywords = models.ManyToManyField(
        TrackedKeyword, verbose_name=_("tracked keywords"), blank=True, related_name="mentions"
    )
    # Taboo topics the mention touches (guidelines' matcher, on ingest); flagged for comms.
    taboo_topics = models.ManyToManyField(
        "guidelines.TabooTopic",
        verbose_name=_("taboo topics"),
        through="MentionTabooMatch",
        blank=True,
        related_name="mentions",
    )
    flagged = models.BooleanField(
        _("flagged"),
        default=False,
        help_text=_("Touches a taboo topic: for the communications team to review."),
    )
    # Taken out of the queue when taboo topics or terms changed (monitoring.ingest.
    # rematch_queue_taboo_topics): matched again at the next change, so that a topic
    # switched off and on again, or a term restored, puts it back.
    unflagged_by_change = models.BooleanField(default=False, editable=False)
    # An employee asked the communications team to look at it. Who asked is
    # not stored: nobody sees what another employee did with a mention.
    needs_attention = models.BooleanField(_("needs attention"), default=False)
    review_status = models.CharField(
        _("review"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    review_note = models.TextField(_("note"), blank=True)
    # What the advisor asked to look at it was told; a note resolving it later does not replace it.
    assignment_note = models.TextField(_("note to the advisor"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
        db_index=False,  # mention_reviewed_by_idx: only the few rows that have one
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # The comms queue: an advisor asked to handle it (stays in the queue until resolved).
    assigned_to = models.ForeignKey(
        "contacts.Advisor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_mentions",
        verbose_name=_("assigned to"),
        db_index=False,  # mention_assigned_to_idx: only the few rows that have one
    )
    # "de" or "en", guessed from the text on ingest (monitoring.language): the
    # page's lang attribute and the stemming of its search vector.
    language = models.CharField(
        _("language"), max_length=2, choices=LANGUAGE_CHOICES, default=GERMAN, editable=False
    )
    # Full-text search (PostgreSQL): the stems of title, summary and content in
    # the mention's language, computed by the database (monitoring.search), GIN-indexed.
    search_vector = models.GeneratedField(
        expression=MentionSearchVector(), output_field=SearchVectorField(null=True), db_persist=True
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        indexes = [
            # the newest-first list: CappedPaginator reads a deep page's ids from this index alone
            # (ORDER BY published_at DESC, id DESC OFFSET …); the retention task, date filters
            models.Index(fields=["-published_at", "-id"], name="mention_newest_idx"),
            # the comms team's flagged mentions, newest first (few rows, small index)
            models.Index(fields=["-published_at"], condition=Q(flagged=True), name="mention_flagged_idx"),
            # the admin's "needs attention" filter: its count, page and dates read every mention without
            # it, 0.7 s with 100,000 (few rows, small index)
            models.Index(
                fields=["-published_at"], condition=Q(needs_attention=True), name="mention_attention_idx"
            ),
            # the comms queue: MentionQuerySet.in_queue() (few rows, small index)
            models.Index(
                fields=["-published_at"],
                condition=Q(flagged=True, review_status="open")
                | Q(needs_attention=True, review_status="open"),
                name="mention_queue_idx",
            ),
            SearchIndex(fields=["search_vector"], name="mention_search_idx"),  # monitoring.search
            # Deleting a user or an advisor, an advisor's assignments: few mentions have either, and
            # a full index would take an entry for every mention ingested.
            models.Index(
                fields=["reviewed_by"], condition=Q(reviewed_by__isnull=False), name="mention_reviewed_by_idx"
            ),
            models.Index(
                fields=["assigned_to"], condition=Q(assigned_to__isnull=False), name="mention_assigned_to_idx"
            ),
        ]
        constraints = [
            # ingest: re-polling finds and updates instead of duplicating.
            models.UniqueConstraint(fields=["source", "identity_key"], name="mention_unique_in_source"),
            # ingest: the same article from two sources is stored once.
            models.UniqueConstraint(fields=["canonical_hash"], name="mention_unique_url"),
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        # The admin's "View on site": the mention's page, where comms are led to it in the queue.
        return reverse("monitoring:detail", args=[self.pk])

    @property
    def in_queue(self) -> bool:
        """Whether it waits in the comms queue: ``IN_QUEUE``, for a mention at hand."""
        return (self.flagged or self.needs_attention) and self.review_status == ReviewStatus.OPEN

    def is_asked_of(self, user) -> bool:
        """Whether comms asked ``user`` (as the advisor) to look at it: ``asked_of``, for a mention
        at hand (its advisor loaded)."""
        if self.assigned_to_id is None or self.review_status != ReviewStatus.OPEN:
            return False
        return self.assigned_to.user_id == user.pk

    @property
    def excerpt(self) -> str:
        """What the list shows under the heading (sanitised HTML): the summary, else the content;
        nothing when that is only the heading again (a post without a title is called by its
        words, and bridges of short posts repeat them as title and description)."""
        text = self.summary or self.content
        if len(text) <= 600 and html_to_text(text) == self.title:
            return ""
        return text

    @property
    def heading(self) -> str:
        """What a mention is called: its title, else its address, else that it has none (a feed
        entry with text but neither, such as one whose only link was a javascript: one)."""
        return self.title or self.url or gettext("(no title)")


class MentionTabooMatch(models.Model):
    """A mention touches a taboo topic; ``matched_words`` are the places as written in the text."""

    # No index of its own: mention_taboo_match_unique starts with mention.
    mention = models.ForeignKey(
        Mention, on_delete=models.CASCADE, related_name="taboo_matches", db_index=False
    )
    topic = models.ForeignKey(
        "guidelines.TabooTopic",
        on_delete=models.CASCADE,
        related_name="mention_matches",
        verbose_name=_("taboo topic"),
    )
    matched_words = models.JSONField(_("matched words"), default=list)

    class Meta:
        verbose_name = _("taboo topic touched")
        verbose_name_plural = _("taboo topics touched")
        constraints = [
            # ingest replaces a changed mention's matches; one row per topic.
            models.UniqueConstraint(fields=["mention", "topic"], name="mention_taboo_match_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {', '.join(self.matched_words)}"


class DeletedMention(models.Model):
    """A tombstone: retention deleted this entry, so a feed still listing it must not bring it back."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    identity_key = HashField()
    canonical_hash = HashField(blank=True)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deleted mention")
        verbose_name_plural = _("deleted mentions")
        constraints = [
            models.UniqueConstraint(fields=["source", "identity_key"], name="deleted_mention_unique"),
        ]
        indexes = [models.Index(fields=["canonical_hash"], name="deleted_mention_url_idx")]  # ingest

    def __str__(self) -> str:
        return f"{self.source_id}:{self.identity_key[:12]}"


class MentionState(models.Model):
    """One person's read and starred state of a mention; only ever shown to that person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="states")
    # Whether, not when: what somebody read when is nobody's business (no reading statistics).
    read = models.BooleanField(default=False)
    starred = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("read and starred state")
        verbose_name_plural = _("read and starred states")
        constraints = [
            # monitoring.state: one row per person and mention (upserts).
            models.UniqueConstraint(fields=["user", "mention"], name="mention_state_unique"),
        ]
        indexes = [
            # retention: starred by anyone
            models.Index(fields=["mention"], condition=Q(starred=True), name="mention_state_starred_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.mention_id}"


class DigestDelivery(models.Model):
    """The weekly digest went to this person for this week: sent once, even if the task runs twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the ISO week.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mentions digest sent")
        verbose_name_plural = _("mentions digests sent")
        constraints = [
            # monitoring.digest.send_weekly_digests: once per person and week.
            models.UniqueConstraint(fields=["user", "week"], name="digest_delivery_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.week}"
