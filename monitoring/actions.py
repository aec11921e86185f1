"""What the comms team does with sources: try a URL, pause, resume, poll now, OPML in and out."""

from __future__ import annotations

import codecs
import ipaddress
import re
import xml.etree.ElementTree as ET  # noqa: S405 - DOCTYPEs are refused before parsing, see import_opml
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.parsers import expat

import idna
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from monitoring.models import FeedURLValidator, Mention, MentionState, PauseCause, ReviewStatus, Source
from monitoring.parsing import NotAFeed, feed_links, parse_feed, scheme_blind_url
from portal.lib import http
from portal.lib.html import drop_unsafe_characters, one_line
from portal.lib.mail import absolute_url, notify

# The portal's own export of 10,000 sources is about 1.4 MB: it must come back in.
MAX_OPML_BYTES = 10 * 1024 * 1024


@dataclass
class TrialResult:
    title: str = ""
    entries: int = 0
    error: str = ""
    permanent_url: str | None = None  # where the feed moved for good (301/308), as polls would store


# "feed://example.com/rss" and "feed:https://example.com/rss": how web pages and some feed readers
# write a feed's address, so that a click opens the feed reader. The address is the http(s) one.
_FEED_SCHEME = re.compile(r"\Afeed:(?://|(?=https?://))", re.IGNORECASE)


def without_feed_scheme(url: str) -> str:
    """``url`` with a leading "feed:" turned into the address it stands for."""
    match = _FEED_SCHEME.match(url)
    if match is None:
        return url
    rest = url[match.end() :]
    return rest if match.group().endswith(":") else f"http://{rest}"


# A browser drops tabs and line breaks in an address (a link broken over two lines of an e-mail)
# and sends a space as "%20"; Thunderbird's OPML export keeps spaces as they were typed.
_BREAKS_IN_URL = re.compile(r"[\t\r\n]")


def typed_feed_address(url: str) -> str:
    """A feed's address as somebody pasted it or a feed reader exported it, as a browser reads it:
    without surrounding spaces, tabs or line breaks, "feed:" as its http(s) address, spaces as "%20"."""
    return without_feed_scheme(_BREAKS_IN_URL.sub("", url).strip()).replace(" ", "%20")


def feed_key(url: str) -> str:
    """What two spellings of one feed's URL share: host and scheme in any case, with or without
    a trailing slash, tracking parameters or a fragment (``HTTPS://Example.com/rss/``), a host
    in Unicode or in its DNS form, with or without a trailing dot (``bücher.example.``), over
    http or https (one feed: a second source polled it twice, as mentions count them one)."""
    key = scheme_blind_url(url).rstrip("/")
    try:
        parts = urlsplit(key)
        host = parts.hostname or ""
    except ValueError:
        return key
    dns_host = _dns_host(host)
    if dns_host == host:
        return key
    netloc = dns_host + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def _dns_host(host: str) -> str:
    """``host`` as DNS knows it (IDNA 2008 with UTS 46: "straße.de" stays apart from
    "strasse.de"), without a trailing dot; as it is if it is no valid name."""
    host = host.rstrip(".")
    if host.isascii():  # a DNS form already ("xn--bcher-kva.example"), or no Unicode in it
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return host


def source_with_feed(url: str, exclude_pk: int | None = None) -> Source | None:
    """The source that polls ``url`` already, however spelled (see ``feed_key``)."""
    key = feed_key(url)
    sources = Source.objects.exclude(pk=exclude_pk).only("name", "url").iterator()
    return next((source for source in sources if feed_key(source.url) == key), None)


def trial_fetch(url: str) -> TrialResult:
    """Fetch and parse ``url`` once without storing anything (the admin's add form)."""
    try:
        response = http.fetch(url)
        parsed = parse_feed(response.body, response.headers, response.url, timezone.now())
    except http.FetchError as error:
        return TrialResult(error=Source.error_text(error.code, error.detail))
    except NotAFeed as error:
        text = str(error)
        links = feed_links(response.body, response.url) if error.code == Source.Error.HTML_PAGE else []
        if links:
            # Somebody pasted the website's address: say which address is its feed.
            text = _("%(error)s. The page names its feed: %(url)s") % {"error": text, "url": links[0]}
        return TrialResult(error=text)
    return TrialResult(title=parsed.title, entries=len(parsed.entries), permanent_url=response.permanent_url)


def paused_by(user) -> dict:
    """The fields that pause a source by hand, naming who did."""
    return Source.paused_fields(timezone.now(), PauseCause.MANUAL, name=user.get_full_name() or user.email)


def pause_sources(sources, user) -> int:
    """Stop polling these sources, saying who paused them. Returns how many were running."""
    return _set_fields(sources.filter(active=True), paused_by(user), user)


def resume_sources(sources, user) -> int:
    """Poll these sources again from now on, with a clean error count. Returns how many were paused."""
    return _set_fields(sources.filter(active=False), Source.resumed_fields(timezone.now()), user)


def _set_fields(sources, fields: dict, user) -> int:
    """Set ``fields`` on ``sources`` in bulk, each with its history record, all or nothing:
    one at a time, 10,000 sources took minutes and a timed-out request left half of them. One
    UPDATE per batch (the same values for all; a bulk_update's CASE per row took 18 s)."""
    with transaction.atomic():
        changed = list(sources.select_for_update())
        batch = 500  # ids per statement: under SQLite 3.31's limit of 999 parameters
        for start in range(0, len(changed), batch):
            ids = [source.pk for source in changed[start : start + batch]]
            Source.objects.filter(pk__in=ids).update(**fields)
        for source in changed:
            for name, value in fields.items():
                setattr(source, name, value)
        Source.history.bulk_history_create(changed, batch_size=500, update=True, default_user=user)
    return len(changed)


# --- OPML ----------------------------------------------------------------------------------------


def export_opml(sources) -> bytes:
    """The sources as an OPML 2.0 subscription list (the format every feed reader imports)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _("Social Media Portal: mention sources")
    ET.SubElement(head, "dateCreated").text = timezone.now().strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for source in sources.order_by("name"):
        # XML has no place for control characters: one in a name made the whole file unreadable.
        name = drop_unsafe_characters(source.name)
        ET.SubElement(
            body, "outline", type="rss", text=name, title=name, xmlUrl=source.url, category=source.kind
        )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@dataclass
class OpmlImport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # internal addresses
    websites: list[str] = field(default_factory=list)  # bookmarks of a page, without a feed address
    repeated: list[str] = field(default_factory=list)  # in the file before (in another folder)


def unique_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name} ({number})"
        number += 1
    taken.add(candidate.casefold())
    return candidate


class _Doctype(Exception):
    pass


# The encoding an ASCII-compatible file declares (a UTF-16 file's declaration has NULs: expat reads it).
_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
)
_ENCODING_ATTRIBUTE = re.compile(r"""encoding\s*=\s*["'][^"']*["']""")
# What expat reads itself; for every other encoding, Python's codecs decode the file first.
_EXPAT_ENCODINGS = {"utf-8", "utf-16", "ascii", "iso8859-1"}


def _windows_1252(data: bytes) -> bytes | None:
    """``data`` read as Windows-1252 and given as UTF-8; None if it has a byte that encoding lacks."""
    try:
        text = data.decode("cp1252")
    except UnicodeError:
        return None
    return _ENCODING_ATTRIBUTE.sub('encoding="utf-8"', text, count=1).encode()


def _readable_by_expat(data: bytes) -> bytes:
    """``data`` in an encoding expat reads. It refuses multi-byte ones such as Shift_JIS or Big5,
    which Japanese and Chinese feed readers write: those are decoded here and given as UTF-8.

    Files from Windows tools are often Windows-1252 while they say ISO-8859-1, or say nothing (or
    UTF-8) at all: read as Latin-1, "Merkur – Wirtschaft" kept an invisible control character
    for the dash, and read as UTF-8 such a file was "not a valid OPML file". As browsers do,
    ISO-8859-1 is read as Windows-1252, and a file that is no UTF-8 and names no other encoding too.
    """
    match = _DECLARED_ENCODING.match(data)
    if match is None:
        codec = "utf-8"  # as XML reads a file without a declaration (a BOM or NULs: UTF-16 or -32)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
            return data
    else:
        declared = match.group(1).decode("ascii")
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise ValidationError(
                _("The file is written in an encoding the portal does not know: %(encoding)s.")
                % {"encoding": declared}
            ) from None
    if codec in ("iso8859-1", "cp1252") and not data.isascii() and _is_utf8(data):
        # UTF-8 labelled as a single-byte encoding (a template's default): "Müller" was "MÃ¼ller".
        # Text in a real single-byte encoding is next to never also valid UTF-8 with such letters.
        return _ENCODING_ATTRIBUTE.sub('encoding="utf-8"', data.decode(), count=1).encode()
    # (A file of UTF-8 with a broken byte or two stays an error: read as Windows-1252, each of its
    # umlauts would be two wrong letters.)
    if codec == "iso8859-1" or (codec == "utf-8" and not _is_utf8(data) and not _has_utf8_letters(data)):
        return _windows_1252(data) or data
    if codec in _EXPAT_ENCODINGS:
        return data
    try:
        text = data.decode(codec)
    except (UnicodeError, LookupError):  # not in it, or no text encoding (punycode, base64)
        raise ValidationError(
            _("The file is not written in the encoding it declares (%(encoding)s).") % {"encoding": declared}
        ) from None
    # The first encoding attribute is the declaration's: it opens the file.
    return _ENCODING_ATTRIBUTE.sub('encoding="utf-8"', text, count=1).encode()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeError:
        return False
    return True


def _has_utf8_letters(data: bytes) -> bool:
    """Whether ``data`` has a character beyond ASCII written as UTF-8."""
    return not data.decode("utf-8", "ignore").isascii()


def _refuse_doctype(data: bytes) -> None:
    """Raise ``ValidationError`` if ``data`` declares a document type (in any encoding).

    DOCTYPEs and their entities are how XML bombs work. Expat itself reports
    the declaration, so a UTF-16 file cannot hide it from a byte search; the
    scan stops at the declaration, before any entity is expanded.
    """

    def refuse(*args):
        raise _Doctype

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Doctype as error:
        raise ValidationError(
            _("The file contains a document type declaration, which is not allowed.")
        ) from error


def _is_blocked_address(url: str) -> bool:
    """A literal IP address the portal may not fetch (private, loopback, …); names are checked on fetch."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if http.is_localhost(host):
        host = "127.0.0.1"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return not http.is_address_allowed(host)


def import_opml(data: bytes, kind: str = Source.Kind.NEWS, user=None) -> OpmlImport:
    """Create a source for every feed in an OPML file that we don't have yet (``user`` imports it).

    Raises ``ValidationError`` for a file that is not OPML.
    """
    if len(data) > MAX_OPML_BYTES:
        raise ValidationError(_("The file is too large (at most 10 MB)."))
    data = _readable_by_expat(data)
    try:
        _refuse_doctype(data)
        root = ET.fromstring(data)  # noqa: S314 - no DOCTYPE, so no entities to expand
    except (ValueError, LookupError) as error:  # an encoding expat cannot read (UTF-32 without declaring it)
        raise ValidationError(_("This is not a valid OPML file (its encoding cannot be read).")) from error
    except (ET.ParseError, expat.ExpatError) as error:
        line, column = error.position if isinstance(error, ET.ParseError) else (error.lineno, error.offset)
        raise ValidationError(
            _("This is not a valid OPML file (line %(line)d, column %(column)d).")
            % {"line": line, "column": column + 1}  # expat counts columns from 0
        ) from error
    # Some readers write OPML in a namespace of their own (<opml xmlns="http://opml.org/spec2">):
    # the elements are the same.
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = element.tag.rsplit("}", 1)[-1]
    if root.tag != "opml":
        if root.tag in ("rss", "feed", "RDF"):
            # A feed saved from the browser: it is added by its address, not imported.
            raise ValidationError(
                _("This is a feed, not an OPML file: add it as a source with the address it came from.")
            )
        raise ValidationError(_("This is not an OPML file."))

    result = OpmlImport()
    validate = FeedURLValidator()  # as the add form: "https://intranet/feed" too
    feeds = []  # (name, url, kind) of each feed worth adding, as the file lists them
    for outline in root.iter("outline"):
        # Attribute names as some readers spell them too ("xmlurl", "xmlURL").
        attributes = {name.lower(): value for name, value in outline.attrib.items()}
        url = typed_feed_address(attributes.get("xmlurl") or "")
        if not url:
            link = attributes.get("url") if attributes.get("type", "").lower() == "link" else ""
            website = (attributes.get("htmlurl") or link or "").strip()
            if website and not len(outline):  # a web page bookmarked in the reader: no feed to poll
                result.websites.append(website)
            continue  # else a folder
        # As the add form takes a name (``OneLineField``): no bidirectional overrides ("Evil
        # \u202egpj.exe"), composed, no invisible characters: not a look-alike of a source's name.
        name = (one_line(outline.get("title") or "") or one_line(outline.get("text") or "") or url)[:180]
        try:
            validate(url)
        except ValidationError:
            result.invalid.append(url)
            continue
        if len(url) > Source._meta.get_field("url").max_length:
            result.invalid.append(url)
            continue
        if _is_blocked_address(url):
            result.blocked.append(url)
            continue
        category = outline.get("category", "")
        feeds.append((name, url, category if category in Source.Kind.values else kind))
    if not (feeds or result.invalid or result.blocked or result.websites):
        raise ValidationError(_("This OPML file lists no feeds."))
    # The file sent twice at once (a double click on a slow upload), or a colleague's import: the
    # second waits at the unique constraints for the first and, refused, is compared again with
    # what the first added, rather than failing with an error page.
    for attempt in range(3):
        try:
            with transaction.atomic():
                _add_new_feeds(feeds, result, user)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    return result


def _add_new_feeds(feeds: list[tuple[str, str, str]], result: OpmlImport, user) -> None:
    """Add the sources of ``feeds`` that we don't have yet; the others go to ``result`` as
    existing or repeated (a reader lists a feed in each of its folders)."""
    known_urls = {feed_key(url) for url in Source.objects.values_list("url", flat=True)}
    taken = {name.casefold() for name in Source.objects.values_list("name", flat=True)}
    in_file: set[str] = set()
    new, result.existing, result.repeated = [], [], []
    for name, url, kind in feeds:
        key = feed_key(url)
        if key in in_file:  # counted once, as new or as there already (a file imported again)
            result.repeated.append(name)
        elif key in known_urls:
            in_file.add(key)
            result.existing.append(name)
        else:
            in_file.add(key)
            new.append(Source(name=unique_name(name, taken), url=url, kind=kind))
    # In bulk, each with its history record: a feed reader's 10,000 subscriptions take a second,
    # not minutes (saved one by one they outlasted the web server's request timeout).
    bulk_create_with_history(new, Source, batch_size=500, default_user=user)
    result.created = [source.name for source in new]


# --- Mentions: one person's state, and the comms queue --------------------------------------------


def set_state(user, mention: Mention, *, read: bool | None = None, starred: bool | None = None) -> None:
    """Mark ``mention`` read/unread and/or starred/unstarred for ``user`` only.

    An upsert on (user, mention): double clicks and two tabs are harmless.
    Starred mentions outlive retention.
    """
    state = MentionState(user=user, mention=mention)
    fields = []
    if read is not None:
        state.read = read
        fields.append("read")
    if starred is not None:
        state.starred = starred
        fields.append("starred")
    _save_states([state], fields)


def mark_read(user, mention_ids: list[int]) -> None:
    """Mark the mentions ``mention_ids`` read for ``user`` only, starred ones staying starred."""
    _save_states([MentionState(user=user, mention_id=pk, read=True) for pk in mention_ids], ["read"])


def _save_states(states: list[MentionState], fields: list[str]) -> None:
    """Upsert ``states`` on (user, mention), changing only ``fields`` of existing ones.

    A mention deleted since the page listed it (retention, or comms) is left out, not an error:
    its row would break the foreign key when the transaction commits.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                MentionState.objects.bulk_create(
                    states,
                    batch_size=500,
                    update_conflicts=True,
                    unique_fields=["user", "mention"],
                    update_fields=fields,
                )
            return
        except IntegrityError:
            if attempt == 2:
                raise
            ids = Mention.objects.filter(pk__in=[state.mention_id for state in states]).values_list(
                "pk", flat=True
            )
            existing = set(ids)
            states = [state for state in states if state.mention_id in existing]


def mark_unread(user, mention_ids: list[int]) -> int:
    """Undo ``mark_read``: these mentions are unread for ``user`` again; how many were read."""
    return MentionState.objects.filter(user=user, mention_id__in=mention_ids, read=True).update(read=False)


def request_attention(mention: Mention) -> None:
    """An employee asks comms to look at ``mention``: it (re)enters the queue. Who asked is not kept.

    A mention handled before comes back assigned to nobody, without the note sent then: the advisor
    asked then was not asked about this. The earlier review's note and reviewer stay, and the queue shows them as such.
    """
    # One UPDATE decides by the row as it is then: a resolve committed while this was asked
    # (read as open, saved after) left it open and assigned to an advisor told it was resolved.
    handled = ~Q(review_status=ReviewStatus.OPEN)
    Mention.objects.filter(pk=mention.pk).update(
        needs_attention=True,
        review_status=ReviewStatus.OPEN,
        assigned_to=Case(When(handled, then=None), default=F("assigned_to")),
        assignment_note=Case(
            When(handled, then=Value("")), default=F("assignment_note"), output_field=models.TextField()
        ),
    )
    mention.refresh_from_db(fields=["needs_attention", "review_status", "assigned_to", "assignment_note"])


def review(mention: Mention, user, status: str, note: str = "") -> bool:
    """Comms resolves or dismisses a queued mention, with a note for the colleagues.

    False, and nothing changed, when a colleague (or another tab) handled it first: one
    conditional UPDATE decides, so of two at once one wins and the other is told.
    """
    fields = {
        "review_status": status,
        "review_note": note,
        "reviewed_by": user,
        "reviewed_at": timezone.now(),
    }
    if not Mention.objects.filter(pk=mention.pk, review_status=ReviewStatus.OPEN).update(**fields):
        return False
    for name, value in fields.items():
        setattr(mention, name, value)
    # The advisor asked to look at it is told, as when it is taken back: or they would still work on it.
    advisor = _assigned_advisor(
        Mention.objects.filter(pk=mention.pk).values_list("assigned_to", flat=True).first()
    )
    if advisor is not None:
        _tell_advisor(advisor, "monitoring/email/unassigned", mention, user, closed=status, review_note=note)
    return True


# ``assign``'s ``shown``: the page did not say whom it showed the mention assigned to.
NOT_SHOWN = object()


def assign(mention: Mention, advisor, user, note: str = "", *, shown=NOT_SHOWN) -> bool:
    """Comms asks an advisor to handle a queued mention; the advisor gets an e-mail with the note.

    ``shown`` is the id of the advisor the page showed it assigned to (None: nobody).

    False, and no second e-mail, when the advisor was asked already with this note (a double
    click, two tabs), a colleague has resolved or dismissed the mention meanwhile, or (another
    tab, a colleague) assigned it to somebody other than the page showed: one conditional
    UPDATE decides, so of two requests at once one stands and only its advisor gets a mail. An
    advisor it was assigned to before is told it went to somebody else.
    """
    # The note is this request's: one asked before (of another advisor, or of this one in an
    # earlier round) is not what this advisor is sent.
    changes = {"assigned_to": advisor, "assignment_note": note}
    asked_already = Q(assigned_to=advisor) & (Q(assignment_note=note) if note else Q())
    if shown is NOT_SHOWN:
        # Whom it is assigned to now, so that they can be told it went to somebody else: the
        # UPDATE below changes it only if that is still so.
        shown = Mention.objects.filter(pk=mention.pk).values_list("assigned_to", flat=True).first()
    previous = _assigned_advisor(shown)
    # As resolve and dismiss check the status: the assignment this page was deciding about.
    still_open = Mention.objects.filter(pk=mention.pk, review_status=ReviewStatus.OPEN).filter(
        Q(assigned_to__isnull=True) if shown is None else Q(assigned_to=shown)
    )
    if not still_open.exclude(asked_already).update(**changes):
        return False
    for name, value in changes.items():
        setattr(mention, name, value)
    _tell_advisor(advisor, "monitoring/email/assigned", mention, user, note=note)
    if previous is not None and previous.pk != advisor.pk:
        # Moved to somebody else: the advisor asked before is told, or they would still work on it.
        _tell_advisor(previous, "monitoring/email/unassigned", mention, user, moved=True)
    return True


def unassign(mention: Mention, user, *, shown=NOT_SHOWN):
    """Comms takes a queued mention back from the advisor it was assigned to; they are told by
    e-mail that they need not look at it any more (a profile deactivated meanwhile is not). The
    advisor it was taken from, or None.

    ``shown`` is the id of the advisor the page showed it assigned to. None, and nothing changed
    or sent, when it is assigned to nobody (a double click, two tabs), a colleague has resolved
    or dismissed it meanwhile, or assigned it to somebody other than the page showed: one
    conditional UPDATE decides, as for ``assign``.
    """
    if shown is NOT_SHOWN:
        shown = Mention.objects.filter(pk=mention.pk).values_list("assigned_to", flat=True).first()
    if shown is None:
        return None
    previous = _assigned_advisor(shown)
    changes = {"assigned_to": None, "assignment_note": ""}
    if not Mention.objects.filter(pk=mention.pk, review_status=ReviewStatus.OPEN, assigned_to=shown).update(
        **changes
    ):
        return None
    for name, value in changes.items():
        setattr(mention, name, value)
    if previous is not None:
        _tell_advisor(previous, "monitoring/email/unassigned", mention, user, moved=False)
    return previous


def _assigned_advisor(pk):
    from contacts.models import Advisor

    return Advisor.objects.select_related("user").filter(pk=pk).first() if pk is not None else None


def _tell_advisor(advisor, template: str, mention: Mention, user, **extra) -> None:
    """E-mail ``advisor`` about ``mention`` once the change is saved: to their account, in its
    language, or else to the profile's own address. Not when ``user`` is that advisor (someone in
    comms who is an advisor too, asking or resolving for themselves): they know."""
    if advisor.user_id is not None and advisor.user_id == user.pk:
        return
    context = {
        "mention": mention,
        "advisor": advisor,
        "assigned_by": user,
        "url": absolute_url(reverse("monitoring:detail", args=[mention.pk])),
        **extra,
    }
    if recipient := mail_recipient(advisor):
        transaction.on_commit(lambda: notify(recipient, template, context))


def mail_recipient(advisor):
    """Whom an e-mail to ``advisor`` goes to: their active account, else the profile's own
    address; None for a deactivated profile or one without either."""
    if not advisor.is_active:
        return None
    return advisor.user if advisor.user is not None and advisor.user.is_active else advisor.email or None
