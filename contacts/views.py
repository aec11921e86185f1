"""The directory: search, topics, advisor pages, vCards, photos, the FAQ and the own profile."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import access, actions, search
from contacts.forms import DirectoryFilterForm, OwnProfileForm
from contacts.models import Advisor, AdvisorTopic, FaqEntry, GuidelineCategoryTopic
from contacts.vcard import advisor_vcard
from portal.admin_conflicts import save_merged
from portal.forms import GroupedMaxLengthValidator
from portal.lib.drafts import forget_draft
from portal.lib.i18n import in_reading_order
from portal.lib.numbers import parse_int
from portal.lib.paging import Paginator
from portal.lib.search_words import nothing_to_search

ADVISORS_PER_PAGE = 24
FAQ_HITS_ON_DIRECTORY = 5
FAQ_PER_PAGE = 50
FAQ_SEARCH_CHARS = 100  # as the directory's search


def _topics_with_counts():
    # As Advisor.objects.active(): not those whose account was deactivated.
    active = Q(advisors__is_active=True) & (
        Q(advisors__user__isnull=True) | Q(advisors__user__is_active=True)
    )
    return in_reading_order(AdvisorTopic.objects.annotate(advisor_count=Count("advisors", filter=active)))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Everybody: the advisor directory with search, filters and matching FAQ entries."""
    form = DirectoryFilterForm(request.GET or None)
    advisors = Advisor.objects.for_directory()
    faq_hits = []
    filtered = search_refused = False
    if form.is_bound:
        form.is_valid()
        # The valid filters apply; an invalid one (an old link, a typed URL) says why next to it.
        data = form.cleaned_data
        if data.get("q"):
            advisors = advisors.search(data["q"])
            faq_hits = list(FaqEntry.objects.published().search(data["q"])[:FAQ_HITS_ON_DIRECTORY])
        if data.get("topic"):
            advisors = advisors.filter(topics=data["topic"])
        if data.get("language"):
            advisors = advisors.filter(languages=data["language"])
        if data.get("department"):
            advisors = advisors.filter(department=data["department"])
        search_refused = form.has_error("q", "unsearchable")
        if search_refused:
            advisors = advisors.none()  # nobody, as the search itself has it, not everybody
        filtered = search_refused or any(data.values())
    page = Paginator(advisors, ADVISORS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contacts/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": filtered,
            "search_refused": search_refused,
            "faq_hits": faq_hits,
            "topics": _topics_with_counts(),
            "own_profile": access.own_advisor_profile(request.user),
        },
    )


@require_GET
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """Everybody: one topic with its advisors and FAQ entries."""
    topic = get_object_or_404(AdvisorTopic, slug=slug)
    # A page at a time, as the directory: a topic hundreds of advisors speak for was one long page.
    advisors = Advisor.objects.for_directory().filter(topics=topic)
    return render(
        request,
        "contacts/topic.html",
        {
            "topic": topic,
            "page": Paginator(advisors, ADVISORS_PER_PAGE).get_page(request.GET.get("page")),
            "faq_entries": FaqEntry.objects.published().filter(topic=topic),
        },
    )


@require_GET
def category(request: HttpRequest, category: str) -> HttpResponse:
    """Everybody: the advisors for a guideline category (its topic's page), else the whole directory.

    Guideline sections link here, so guidelines need not know about topics.
    """
    link = GuidelineCategoryTopic.objects.select_related("topic").filter(category=category).first()
    if link is None:
        return redirect("contacts:index")
    return redirect(link.topic)


@require_GET
def advisor(request: HttpRequest, pk: int) -> HttpResponse:
    """Everybody: an advisor's page with all channels."""
    advisor = access.get_directory_advisor(pk)
    return render(request, "contacts/advisor.html", {"advisor": advisor})


@require_GET
def vcard(request: HttpRequest, pk: int) -> HttpResponse:
    """Everybody: an advisor's contact as a vCard file for the address book."""
    advisor = access.get_directory_advisor(pk)
    response = HttpResponse(advisor_vcard(advisor), content_type="text/vcard; charset=utf-8")
    ascii_name = slugify(advisor.name) or f"advisor-{advisor.pk}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.vcf\"; filename*=UTF-8''{quote(advisor.name)}.vcf"
    )
    return response


@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """Everybody signed in: an advisor's photo.

    Uploads are served by this view, not by the web server from MEDIA_URL:
    only signed-in colleagues see photos, the content type is fixed (the files
    are JPEGs we wrote ourselves), and the browser may not sniff or run them.
    """
    advisor = access.get_directory_advisor(pk)
    if not advisor.photo:
        raise Http404
    try:
        handle = advisor.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(advisor.photo.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    """Everybody: the FAQ, searchable."""
    text = (request.GET.get("q") or "").replace("\x00", "").strip()
    too_long = ""
    try:
        GroupedMaxLengthValidator(FAQ_SEARCH_CHARS)(text)
    except ValidationError as error:  # refused with a reason, as the directory does: not cut short
        too_long, text = error.messages[0], text[:1000]
    entries = FaqEntry.objects.none() if too_long else FaqEntry.objects.published().search(text)
    entries = entries.order_by("title", "pk")
    number = request.GET.get("page")
    if not number and (linked := parse_int(request.GET.get("entry"))) is not None:
        number = _page_of_entry(entries, linked)
        if number is None:
            number = 1
            if not text:  # a link from an answer or an e-mail to an entry taken offline since
                messages.info(request, _("This FAQ entry is no longer published."))
    page = Paginator(entries, FAQ_PER_PAGE).get_page(number)
    query = urlencode({"q": text}) if text else ""
    # Why "die" or "🚀" found nothing, rather than "no FAQ entry matches".
    refused = too_long or (
        nothing_to_search(search.stop_words(text)) if text and not search.words(text) else ""
    )
    context = {"entries": page.object_list, "page": page, "q": text, "query": query, "refused": refused}
    return render(request, "contacts/faq.html", context)


def _page_of_entry(entries, pk: int) -> int | None:
    """The page a link to one entry opens (None if it is not among ``entries``)."""
    entry = entries.filter(pk=pk).values("title", "pk").first()
    if entry is None:
        return None
    before = entries.filter(Q(title__lt=entry["title"]) | Q(title=entry["title"], pk__lt=entry["pk"])).count()
    return before // FAQ_PER_PAGE + 1


@require_POST
def faq_suggestions(request: HttpRequest) -> HttpResponse:
    """The FAQ entries matching the subject being typed into the question form (htmx).

    POST, like the post checker: a half-typed question — perhaps an anonymous one — must not
    end up in the access logs of the server and the proxies.
    """
    text = (request.POST.get("subject") or "").replace("\x00", "").strip()[:100]
    hits = list(FaqEntry.objects.published().suggest(text)[:5]) if len(text) >= 3 else []
    return render(request, "contacts/_faq_suggestions.html", {"entries": hits, "q": text})


@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    """Advisors: edit the own office hours, channels and bio, and confirm the profile is current."""
    advisor = access.own_advisor_profile(request.user)
    if advisor is None:
        raise Http404
    form = OwnProfileForm(request.POST or None, instance=advisor)
    if request.method == "POST" and form.is_valid():
        # Unchanged, it is only confirmed: saving it would add an empty "changed" line to its history.
        if form.has_changed() and save_merged(form):
            messages.info(request, _("What Communications changed meanwhile in other fields is kept."))
        actions.confirm_profile(advisor)
        messages.success(request, _("Your advisor profile has been saved and confirmed as current."))
        forget_draft(request, "profile")  # back to the same page: its draft is sent
        return redirect("contacts:my_profile")
    return render(request, "contacts/my_profile.html", {"form": form, "advisor": advisor})


@require_POST
def confirm_profile(request: HttpRequest) -> HttpResponse:
    """Advisors: confirm that the own profile is still current."""
    advisor = access.own_advisor_profile(request.user)
    if advisor is None:
        raise Http404
    actions.confirm_profile(advisor)
    messages.success(request, _("Thank you – your profile is confirmed as current."))
    return redirect("contacts:my_profile")
