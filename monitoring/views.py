"""Every employee's side of the mentions: the list, a mention, read/starred, the personal feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from monitoring import actions
from monitoring.access import get_mention_for_user
from monitoring.comms_views import page_of
from monitoring.dashboard import INTRO, TITLE
from monitoring.highlight import KeywordHighlighter
from monitoring.listing import COUNT_CAP, PAGE_SIZE, CappedPaginator, MentionFilterForm, mentions_for
from portal.lib.numbers import parse_int
from portal.lib.urls import local_path
from portal.models import FeedToken
from portal.roles import Role, has_role


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Everybody: the mentions, newest first, filtered and searched through the query string."""
    form = MentionFilterForm(request.GET or None)
    filters = form.filters()
    form.load_choices()
    form.offer_asked = has_role(request.user, Role.ADVISOR)
    mentions = mentions_for(request.user, filters)
    if form.search_refused:
        mentions = mentions.none()  # the whole list would read as what "🚀" found
    paginator = CappedPaginator(mentions, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "title": TITLE,
        "intro": INTRO,
        "form": form,
        "filtered": bool(filters),
        "search_refused": form.search_refused,
        "page": page,
        "highlighter": KeywordHighlighter.load(),
        "is_comms": has_role(request.user, Role.COMMUNICATIONS),
        # Right after "Mark all as read", once: the way back.
        "marked_read": request.session.pop(MARKED_READ, None),
    }
    return render(request, "monitoring/index.html", context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everybody: one mention with its full sanitised content; opening it marks it read (for me)."""
    mention = get_mention_for_user(request.user, pk)
    if not mention.is_read:
        actions.set_state(request.user, mention, read=True)
        mention.is_read = True
    is_comms = has_role(request.user, Role.COMMUNICATIONS)
    queue_url = ""
    if is_comms and mention.in_queue:
        # Comms opened it from the list or an e-mail: it is handled in the queue, on the page it is on now.
        queue_url = f"{reverse('monitoring:queue')}?page={page_of(mention)}#mention-{mention.pk}"
    context = {
        "mention": mention,
        "highlighter": KeywordHighlighter.load(),
        "taboo_matches": mention.taboo_matches.select_related("topic") if mention.flagged else [],
        "is_comms": is_comms,
        "queue_url": queue_url,
        # The link in their e-mail lands here, and the page says why, with the note they were sent.
        "asked_of_me": mention.is_asked_of(request.user),
    }
    return render(request, "monitoring/detail.html", context)


def _back(request: HttpRequest, mention, field: str) -> HttpResponse:
    """After a toggle: htmx gets the new buttons, a plain form post goes back where it came from."""
    index = reverse("monitoring:index")
    target = local_path(request, request.POST.get("next", ""), default=index)
    if request.headers.get("HX-Request"):
        # The new buttons keep the page's own address to go back to without JavaScript.
        return render(request, "monitoring/_mention_actions.html", {"mention": mention, "next": target})
    detail = reverse("monitoring:detail", args=[mention.pk])
    if field == "read" and not mention.is_read and target == detail:
        # Opening the mention again would mark it read again: back to the list, where it is unread.
        messages.success(request, _("“%(title)s” is marked as unread.") % {"title": mention})
        target = index
    if target != detail:
        target += f"#mention-{mention.pk}"  # back at the mention, not at the top of a long list
    return HttpResponseRedirect(target)


# The form field that carries the new value, and the attribute the buttons show.
STATE_FIELDS = {"read": "is_read", "starred": "is_starred"}


@require_POST
def set_state(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """Everybody: mark a mention read/unread or starred/unstarred, for themselves only."""
    mention = get_mention_for_user(request.user, pk)
    value = request.POST.get(field) == "1"
    setattr(mention, STATE_FIELDS[field], value)
    actions.set_state(request.user, mention, **{field: value})
    return _back(request, mention, field)


# The session key under which "Mark all as read" hands the list page what it marked, for "Undo".
MARKED_READ = "monitoring_marked_read"


def _selection(request: HttpRequest) -> tuple[QueryDict, str]:
    """The list's selection a form on it posted, and its first page's address."""
    query = QueryDict(request.POST.get("query", ""), mutable=True)
    query.pop("page", None)  # the selection, not one page of it: back to its first page
    return query, reverse("monitoring:index") + (f"?{query.urlencode()}" if query else "")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """Everybody: mark the list's selection read, for themselves only (the dashboard's "24 unread
    mentions" took 24 clicks). The newest COUNT_CAP at a time; a second click marks the rest.
    The list then offers to undo it: what one had not read yet is not lost to a slip."""
    query, back = _selection(request)
    form = MentionFilterForm(query or None)
    filters = form.filters()
    if form.search_refused:
        return HttpResponseRedirect(back)  # the list showed nothing: nothing to mark
    unread = mentions_for(request.user, {**filters, "unread": True}).values_list("pk", flat=True)
    ids = list(unread[:COUNT_CAP])
    actions.mark_read(request.user, ids)
    if ids:
        message = ngettext(
            "%(count)s mention is marked as read.", "%(count)s mentions are marked as read.", len(ids)
        )
        messages.success(request, message % {"count": len(ids)})
        request.session[MARKED_READ] = ",".join(map(str, ids))
    else:
        messages.info(request, _("All these mentions are read already."))
    return HttpResponseRedirect(back)


@require_POST
def undo_mark_all_read(request: HttpRequest) -> HttpResponse:
    """Everybody: the mentions "Mark all as read" just marked are unread again (for themselves only;
    any mention id of their own state is theirs to mark unread, so the ids come from the form)."""
    _query, back = _selection(request)
    ids = {pk for part in request.POST.get("ids", "").split(",")[:COUNT_CAP] if (pk := parse_int(part))}
    count = actions.mark_unread(request.user, list(ids))
    message = ngettext("%(count)s mention is unread again.", "%(count)s mentions are unread again.", count)
    messages.success(request, message % {"count": count})
    return HttpResponseRedirect(back)


@require_POST
def request_attention(request: HttpRequest, pk: int) -> HttpResponse:
    """Everybody: ask the communications team to look at a mention."""
    mention = get_mention_for_user(request.user, pk)
    actions.request_attention(mention)
    messages.success(request, _("Thank you. The communications team will take a look."))
    return redirect("monitoring:detail", pk=mention.pk)


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Everybody: my secret Atom feed URL (with the current filters); POST makes a new one, or
    switches the feed off (opening this page again makes a new one)."""
    if request.method == "POST" and request.POST.get("action") == "off":
        FeedToken.objects.filter(user=request.user, purpose=FeedToken.Purpose.MENTIONS).delete()
        messages.success(request, _("Your feed is switched off: its address no longer works."))
        return redirect("monitoring:index")
    token = FeedToken.objects.for_user(request.user, FeedToken.Purpose.MENTIONS)
    if request.method == "POST":
        token.rotate()
        messages.success(request, _("Your feed has a new address. The old one no longer works."))
        query = QueryDict(request.POST.get("query", "")).urlencode()  # re-encoded: no header injection
        return redirect(f"{reverse('monitoring:subscribe')}?{query}" if query else "monitoring:subscribe")
    form = MentionFilterForm(request.GET or None)
    filters = form.filters()
    params = request.GET.copy()
    params.pop("page", None)  # a feed has no pages
    # Only the filters the list used: the feed refuses a value the list could not use (and
    # leaves out an empty one); those it could not use are named.
    for name in form.fields:
        if name not in filters:
            params.pop(name, None)
    # Given, and not used: refused (an error), or the other half of a range that makes no sense.
    cleaned = form.cleaned_data if form.is_bound else {}
    left_out = [
        str(field.label)
        for name, field in form.fields.items()
        if request.GET.get(name, "").strip() and name not in cleaned
    ]
    query = params.urlencode()
    feed_url = request.build_absolute_uri(reverse("monitoring:feed", args=[token.key]))
    if query:
        feed_url = f"{feed_url}?{query}"
    return render(
        request,
        "monitoring/subscribe.html",
        {
            "feed_url": feed_url,
            "query": query,
            "filtered": bool(filters),
            "left_out": left_out,
            "is_comms": has_role(request.user, Role.COMMUNICATIONS),
        },
    )
