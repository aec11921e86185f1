"""The communications team's side of the mentions: the queue of flagged mentions and feed health."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db.models import Case, Count, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from contacts.models import Advisor
from monitoring import actions, pipeline
from monitoring.access import NotInQueue, get_reviewable_mention
from monitoring.models import Mention, ReviewStatus, Source
from portal.forms import LongText, SafeTextForm
from portal.lib.drafts import forget_draft
from portal.lib.numbers import parse_int
from portal.lib.paging import Paginator
from portal.roles import Role, role_required

QUEUE_PAGE_SIZE = 20


ASSIGN = "assign"
UNASSIGN = "unassign"
FAILED_REVIEW = "monitoring_failed_review"  # session key


class ReviewForm(SafeTextForm, forms.Form):
    action = forms.ChoiceField(
        choices=[(ReviewStatus.RESOLVED, ""), (ReviewStatus.DISMISSED, ""), (ASSIGN, ""), (UNASSIGN, "")]
    )
    advisor = forms.ModelChoiceField(
        queryset=Advisor.objects.notifiable(),
        required=False,
        # Typically an advisor deactivated since the page was loaded.
        error_messages={
            "invalid_choice": gettext_lazy("This advisor is no longer available. Please choose another.")
        },
    )
    # The template writes the textarea itself (one per mention, ids made unique).
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=LongText(attrs={"rows": 2}),
        help_text=gettext_lazy("What was done or why nothing needs doing; required to resolve."),
    )

    def clean(self):
        data = super().clean()
        # (A note too long has its own error; it is not missing.)
        if (
            data.get("action") == ReviewStatus.RESOLVED
            and "note" not in self.errors
            and not data.get("note", "").strip()
        ):
            self.add_error("note", _("Please say in a few words how it was resolved."))
        if data.get("action") == UNASSIGN:
            # The advisor chosen in the list is not what a take-back is about (one deactivated since
            # the page was loaded, say).
            self.errors.pop("advisor", None)
        if data.get("action") == ASSIGN and not data.get("advisor") and "advisor" not in self.errors:
            self.add_error("advisor", _("Please choose an advisor."))
        return data


def _shown_assignee(request: HttpRequest):
    """The advisor the page showed as having the mention (None: nobody), or NOT_SHOWN from a form
    without the field."""
    return parse_int(request.POST["assigned"]) if "assigned" in request.POST else actions.NOT_SHOWN


def _queue_context(request: HttpRequest, page_number=None, **extra) -> dict:
    return {
        "page": _queue_page(page_number or request.GET.get("page")),
        "advisors": list(Advisor.objects.notifiable().only("id", "name").in_name_order()),
        **extra,
    }


def _queue_page(page_number):
    mentions = (
        Mention.objects.in_queue()
        .select_related("source", "assigned_to", "reviewed_by")
        .prefetch_related("taboo_matches__topic")
        .order_by("-published_at", "-id")
    )
    return Paginator(mentions, QUEUE_PAGE_SIZE).get_page(page_number)


def page_of(mention: Mention) -> int:
    """The queue page ``mention`` is on now: newer flagged mentions move it down."""
    newer = Q(published_at__gt=mention.published_at) | Q(published_at=mention.published_at, id__gt=mention.pk)
    return Mention.objects.in_queue().filter(newer).count() // QUEUE_PAGE_SIZE + 1


def _back_to_queue(request: HttpRequest, anchor: str = "", page: int | None = None) -> HttpResponse:
    """The queue page the form was on (the paginator clamps a page that has since emptied)."""
    page = page or parse_int(request.POST.get("page"))
    url = reverse("monitoring:queue")
    url = f"{url}?page={page}" if page and page > 1 else url
    return redirect(f"{url}#{anchor}" if anchor else url)


@role_required(Role.COMMUNICATIONS)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Communications: flagged mentions still to be handled, newest first."""
    extra = {}
    failed = request.session.pop(FAILED_REVIEW, None)
    if failed:
        # A review form with errors (see review): shown again next to its mention, as typed.
        form = ReviewForm(failed["data"])
        form.is_valid()
        extra = {"failed_pk": failed["pk"], "failed_form": form}
    return render(request, "monitoring/queue.html", _queue_context(request, **extra))


@role_required(Role.COMMUNICATIONS)
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Communications: resolve (with a note), dismiss, assign a flagged mention to an advisor or
    take it back from them."""
    try:
        return _review(request, pk)
    except NotInQueue as gone:
        return _not_in_queue(request, gone.mention, request.POST.get("note", "").strip())


def _review(request: HttpRequest, pk: int) -> HttpResponse:
    mention = get_reviewable_mention(pk)
    if mention.review_status != ReviewStatus.OPEN:
        return _handled_already(request, mention)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # Back to the page the form was on (a redirect: reloading it sends nothing again, and
        # its links work), where the queue shows the errors next to the mention, with the note.
        data = {name: request.POST.get(name, "") for name in ("action", "advisor", "note")}
        request.session[FAILED_REVIEW] = {"pk": mention.pk, "data": data}
        # Said at the top too, and the page opens at the mention: it may be far down the list.
        messages.error(request, _("“%(title)s” was not saved: see why at the mention.") % {"title": mention})
        # The page it is on now, not the one posted from: there, the note would not be shown.
        return _back_to_queue(request, anchor=f"mention-{mention.pk}", page=page_of(mention))
    action = form.cleaned_data["action"]
    if action == ASSIGN:
        advisor, note = form.cleaned_data["advisor"], form.cleaned_data["note"].strip()
        # Whom the page showed it assigned to: a colleague's (or another tab's) choice since then
        # is not replaced unseen. (Sent without it, from elsewhere: no such check.)
        shown = _shown_assignee(request)
        if actions.assign(mention, advisor, request.user, note, shown=shown):
            message = _("%(advisor)s has been asked to look at “%(title)s”.")
        elif (mention := get_reviewable_mention(pk)).review_status != ReviewStatus.OPEN:
            return _handled_already(request, mention)
        elif mention.assigned_to_id == advisor.pk and (not note or mention.assignment_note == note):
            message = _("%(advisor)s has been asked to look at “%(title)s” already.")
        else:
            return _assigned_meanwhile(request, mention, note)
        messages.success(request, message % {"advisor": advisor, "title": mention})
        forget_draft(request, f"review-{mention.pk}")  # still in the queue: its note must not come back
        return _back_to_queue(request)
    if action == UNASSIGN:
        return _unassign(request, mention)
    if not actions.review(mention, request.user, action, form.cleaned_data["note"].strip()):
        return _handled_already(request, get_reviewable_mention(pk))
    if action == ReviewStatus.RESOLVED:
        # The way back, as for a dismissal: "Resolve" is next to "Dismiss" and needs no confirming.
        way_back = _(
            "Resolved by mistake? On the mention's page, “Ask the communications team to take a look” "
            "puts it back in the queue."
        )
        resolved = _("“%(title)s” is resolved.") % {"title": mention}
        messages.success(request, f"{resolved} {way_back}")
    else:
        messages.success(
            request,
            _(
                "“%(title)s” is dismissed. Dismissed by mistake? On the mention's page, “Ask the "
                "communications team to take a look” puts it back in the queue."
            )
            % {"title": mention},
        )
    forget_draft(request, f"review-{mention.pk}")
    return _back_to_queue(request)


def _unassign(request: HttpRequest, mention: Mention) -> HttpResponse:
    """Take the mention back from its advisor, who is told by e-mail; the way back, and the note
    they had been sent, are in the message."""
    # Whom the page showed it assigned to, as for assign: a colleague's choice since then stays.
    shown = _shown_assignee(request)
    sent_note, typed = mention.assignment_note, request.POST.get("note", "").strip()
    advisor = actions.unassign(mention, request.user, shown=shown)
    if advisor is None:
        mention = get_reviewable_mention(mention.pk)
        if mention.review_status != ReviewStatus.OPEN:
            return _handled_already(request, mention)
        if mention.assigned_to_id is not None:
            return _assigned_meanwhile(request, mention, typed)
        text = _("“%(title)s” is assigned to nobody (any more).") % {"title": mention}
        level = messages.INFO
    else:
        text = _("“%(title)s” has been taken back from %(advisor)s.") % {"title": mention, "advisor": advisor}
        if actions.mail_recipient(advisor):
            text = _("%(message)s They have been told by e-mail.") % {"message": text}
        if sent_note:
            text = _("%(message)s The note they had been sent: “%(note)s”") % {
                "message": text,
                "note": sent_note,
            }
        way_back = _("Taken back by mistake? Choose the advisor again and “Assign”.")
        text = f"{text} {way_back}"
        level = messages.SUCCESS
    # The tab's draft keeps whom the mention was assigned to as it was typed: that has changed.
    # The note typed meanwhile (not sent with a take-back) is given back.
    forget_draft(request, f"review-{mention.pk}")
    if typed:
        text = _("%(message)s Your note: “%(note)s”") % {"message": text, "note": typed}
    messages.add_message(request, level, text)
    return _back_to_queue(request, anchor=f"mention-{mention.pk}", page=page_of(mention))


def _not_in_queue(request: HttpRequest, mention: Mention | None, note: str) -> HttpResponse:
    """The mention left the queue, or was deleted, while the page was open: nothing to review; the
    note typed is given back, so it can be put where it belongs."""
    if mention is None:
        text = _(
            "The mention no longer exists (deleted with its source, or by retention): nothing was saved."
        )
    else:
        text = _("“%(title)s” is no longer among the flagged mentions: nothing was saved.") % {
            "title": mention
        }
    if note:
        text = _("%(message)s Your note: “%(note)s”") % {"message": text, "note": note}
    messages.warning(request, text)
    return _back_to_queue(request)


def _handled_already(request: HttpRequest, mention: Mention) -> HttpResponse:
    """A second tab or a colleague got there first: their decision and note stay, and we say so."""
    by = mention.reviewed_by
    who = (by.get_full_name() or by.email) if by else "–"
    text = _("“%(title)s” was already handled by %(name)s (%(status)s).") % {
        "title": mention, "name": who, "status": mention.get_review_status_display(),
    }  # fmt: skip
    # The note typed meanwhile is given back, as when the mention has left the queue: it was lost.
    note = request.POST.get("note", "").strip()
    if note:
        text = _("%(message)s Your note: “%(note)s”") % {"message": text, "note": note}
    messages.info(request, text)
    return _back_to_queue(request)


def _assigned_meanwhile(request: HttpRequest, mention: Mention, note: str) -> HttpResponse:
    """Another tab or a colleague assigned the mention since the page was loaded: their choice
    stands (their advisor was sent the mail), and we say to whom; the note typed is given back."""
    if mention.assigned_to is not None:
        text = _(
            "“%(title)s” was assigned to %(advisor)s meanwhile (by a colleague or in another tab): "
            "nothing was changed or sent. To ask somebody else, choose again."
        ) % {"title": mention, "advisor": mention.assigned_to}
    else:
        text = _(
            "“%(title)s” has changed meanwhile (by a colleague or in another tab): nothing was "
            "changed or sent. Please check it and choose again."
        ) % {"title": mention}
    if note:
        text = _("%(message)s Your note: “%(note)s”") % {"message": text, "note": note}
    messages.warning(request, text)
    return _back_to_queue(request, anchor=f"mention-{mention.pk}", page=page_of(mention))


SOURCES_PAGE_SIZE = 100


@role_required(Role.COMMUNICATIONS)
@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    """Communications: every source's polling health at a glance."""
    week_ago = timezone.now() - timedelta(days=7)
    # Failing first (active or paused after failing), then paused, then the rest by name;
    # thousands of sources (a big OPML import) come in pages.
    rows = Source.objects.order_by(
        Case(When(consecutive_errors__gt=0, then=0), When(active=False, then=1), default=2),
        "-consecutive_errors",
        "name",
    )
    page = Paginator(rows, SOURCES_PAGE_SIZE).get_page(request.GET.get("page"))
    sources = list(page.object_list)
    # Counted for this page's sources only, not joined over every mention.
    recent = Mention.objects.filter(source__in=sources, published_at__gte=week_ago).order_by()
    counts = dict(recent.values("source").annotate(n=Count("pk")).values_list("source", "n"))
    for source in sources:
        source.entries_7d = counts.get(source.pk, 0)
    return render(request, "monitoring/sources.html", {"sources": sources, "page": page})


@role_required(Role.COMMUNICATIONS)
@require_POST
def poll_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Communications: poll one source in the background now."""
    source = Source.objects.filter(pk=pk).first()
    if source is None:
        messages.error(request, _("This source no longer exists."))
    else:
        try:
            enqueued = pipeline.enqueue_polls([source.pk])
        except pipeline.QueueUnavailable as error:
            messages.error(request, error.message)
        else:
            _say_polled(request, source, enqueued)
    # Back to the page of the list it was on.
    page = parse_int(request.POST.get("page", ""))
    return redirect(reverse("monitoring:sources") + (f"?page={page}" if page and page > 1 else ""))


def _say_polled(request: HttpRequest, source: Source, enqueued: int) -> None:
    if enqueued:
        if source.active:
            text = _("“%(name)s” will be polled in a moment.")
        else:  # a poll that works does not resume it: comms decide that, in the admin
            text = _(
                "“%(name)s” will be polled once in a moment. It stays paused until it is resumed in the "
                "administration."
            )
        messages.success(request, text % {"name": source})
    else:
        messages.info(
            request, _("“%(name)s” is waiting to be polled, or being polled, already.") % {"name": source}
        )
