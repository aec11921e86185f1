from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guidelines import actions, diff, reports
from guidelines.disclosure import check_disclosure
from guidelines.forms import CheckForm, SearchForm
from guidelines.highlight import highlight
from guidelines.matcher import find_taboo_topics
from guidelines.models import GuidelineVersion, Section, TabooTopic, acknowledgement_status
from guidelines.search import search_sections
from portal.lib import csv_export
from portal.lib.csv_export import csv_response
from portal.lib.i18n import in_reading_order
from portal.lib.numbers import parse_int
from portal.lib.paging import Paginator
from portal.models import Department
from portal.roles import Role, has_role, role_required

# Which tab of the sub-navigation each page belongs to.
_NAV = {
    "guidelines/search.html": "index",
    "guidelines/version_detail.html": "versions",
    "guidelines/versions.html": "versions",
    "guidelines/compare.html": "versions",
    "guidelines/taboo_topics.html": "taboo",
    "guidelines/check.html": "check",
    "guidelines/report.html": "report",
}


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["can_see_report"] = has_role(request.user, Role.HR, Role.COMMUNICATIONS)
    context["nav"] = _NAV.get(template, "index")
    return render(request, template, context)


def _get_version(number: int) -> GuidelineVersion:
    """A published version by its number, or 404."""
    return get_object_or_404(GuidelineVersion, number=number)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Everybody: the current guidelines, with the acknowledgement box."""
    status = acknowledgement_status(request.user)
    current = status["current"]
    sections = list(Section.objects.of_version(current)) if current else []
    earlier = GuidelineVersion.objects.filter(number__lt=current.number) if current else None
    if status["renewal"]:
        # Asked to confirm again: "What changed?" since the version the person confirmed last, not
        # only since the one before the current (which may not be the one that changed the rules).
        earlier = earlier.filter(acknowledgements__user=request.user)
    previous = earlier.order_by("-number").first() if current else None
    return _render(
        request,
        "guidelines/index.html",
        {
            "version": current,
            "sections": sections,
            "previous": previous,
            "status": status,
            "search_form": SearchForm(),
        },
    )


@require_GET
def version_list(request: HttpRequest) -> HttpResponse:
    """Everybody: all published versions with what changed."""
    versions = GuidelineVersion.objects.order_by("-number")
    return _render(request, "guidelines/versions.html", {"versions": versions})


@require_GET
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    """Everybody: read any published version."""
    version = _get_version(number)
    current = GuidelineVersion.objects.current()
    if version == current:
        return redirect("guidelines:index")
    sections = Section.objects.of_version(version)
    return _render(
        request,
        "guidelines/version_detail.html",
        {"version": version, "sections": sections, "current": current},
    )


@require_GET
def compare(request: HttpRequest, old: int | None = None, new: int | None = None) -> HttpResponse:
    """Everybody: what changed between two versions, section by section."""
    if old is None or new is None:
        old, new = parse_int(request.GET.get("old", "")), parse_int(request.GET.get("new", ""))
        if old is None or new is None or min(old, new) < 1:
            # The form's address opened without its choice (a bookmark, a link): the form again.
            messages.error(request, _("Choose the two versions to compare."))
            return redirect(reverse("guidelines:versions") + "#compare")
        return redirect("guidelines:compare", old=min(old, new), new=max(old, new))
    if old == new:
        return redirect("guidelines:version", number=new)
    if old > new:
        return redirect("guidelines:compare", old=new, new=old)
    old_version, new_version = _get_version(old), _get_version(new)
    changes = diff.compare(old_version, new_version)
    versions = GuidelineVersion.objects.order_by("-number")
    counts = {
        status: sum(1 for c in changes if c.status == status)
        for status in (diff.Change.ADDED, diff.Change.CHANGED, diff.Change.MOVED, diff.Change.REMOVED)
    }
    return _render(
        request,
        "guidelines/compare.html",
        {
            "old": old_version,
            "new": new_version,
            "changes": changes,
            "counts": counts,
            "versions": versions,
            "Change": diff.Change,
        },
    )


@require_POST
def acknowledge(request: HttpRequest) -> HttpResponse:
    """Everybody: confirm "read and understood" for the current version (one click, htmx or plain POST)."""
    current = GuidelineVersion.objects.current()
    if current is None:
        raise Http404
    number = parse_int(request.POST.get("version"))
    if number != current.number and (
        number is None
        or number > current.number
        or not GuidelineVersion.objects.filter(number=number).exists()
    ):
        # No version the page could have shown ("abc", none at all, 99): not "a new version was
        # published", which sent the reader to read what they had read.
        message = _(
            "The confirmation does not name a published version of the guidelines. "
            "Please confirm on the guidelines page."
        )
        return render(request, "400.html", {"message": message}, status=400)
    if number != current.number:
        # The page was open while comms published: let them read the new version first.
        messages.warning(request, _("A new version has been published meanwhile. Please read it first."))
        return redirect("guidelines:index")
    actions.acknowledge(request.user, current)
    if request.headers.get("HX-Request"):
        status = acknowledgement_status(request.user)
        return _render(request, "guidelines/_acknowledge.html", {"status": status, "version": current})
    messages.success(
        request,
        _("Thank you – your confirmation for version %(number)s is saved.") % {"number": current.number},
    )
    return redirect("guidelines:index")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Everybody: full-text search in the current guidelines."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    current = GuidelineVersion.objects.current()
    results = search_sections(query, current) if query else []
    return _render(
        request,
        "guidelines/search.html",
        {"search_form": form, "query": query, "results": results, "version": current},
    )


@require_GET
def taboo_topics(request: HttpRequest) -> HttpResponse:
    """Everybody: the active taboo topics with examples and whom to ask."""
    topics = in_reading_order(
        TabooTopic.objects.active().with_askable_spokesperson().prefetch_related("examples")
    )
    return _render(request, "guidelines/taboo_topics.html", {"topics": topics})


@never_cache
@sensitive_post_parameters("text")
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Everybody: check a draft post for taboo topics and missing disclosure. Nothing is stored or logged."""
    form = CheckForm(request.POST or None)
    context: dict = {"form": form, "checked": False}
    if request.POST.get("live") and not request.POST.get("text", "").strip():
        context["form"] = CheckForm()  # deleted while typing: no result, and no error yet
    elif request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        matches = find_taboo_topics(text)
        topics = TabooTopic.objects.with_askable_spokesperson().in_bulk([m.topic_id for m in matches])
        context.update(
            checked=True,
            findings=[(m, topics.get(m.topic_id)) for m in matches],
            highlighted=highlight(text, matches),
            disclosure=check_disclosure(text),
            incomplete=matches.incomplete,
        )
    template = (
        "guidelines/_check_results.html" if request.headers.get("HX-Request") else "guidelines/check.html"
    )
    return _render(request, template, context)


@require_GET
@role_required(Role.HR, Role.COMMUNICATIONS)
def acknowledgement_report(request: HttpRequest) -> HttpResponse:
    """HR and comms: acknowledgement rate per department and who is missing."""
    current = GuidelineVersion.objects.current()
    baseline = GuidelineVersion.objects.acknowledgement_baseline()
    rates, total = reports.department_rates(baseline)
    department = request.GET.get("department", "")
    department_error = ""
    if not reports.is_department_choice(department):
        # A deleted department, a mistyped link: say so, rather than "everybody has confirmed".
        department_error = _("There is no such department (any more). All departments are shown.")
        department = ""
    departments = Department.in_reading_order()
    page = Paginator(reports.missing_people(baseline, department, departments), 100).get_page(
        request.GET.get("page")
    )
    return _render(
        request,
        "guidelines/report.html",
        {
            "current": current,
            "baseline": baseline,
            "rates": rates,
            "total": total,
            "page": page,
            "department": department,
            "department_error": department_error,
            "departments": departments,
            "no_department": reports.NO_DEPARTMENT,
        },
    )


@require_GET
@role_required(Role.HR, Role.COMMUNICATIONS)
def acknowledgement_export(request: HttpRequest) -> HttpResponse:
    """HR and comms: who is missing, as CSV for Excel."""
    baseline = GuidelineVersion.objects.acknowledgement_baseline()
    department = request.GET.get("department", "")
    if not reports.is_department_choice(department):
        # Never a file with more in it than the selection asked for.
        messages.error(request, _("The export needs valid filters."))
        return redirect(f"{reverse('guidelines:report')}?{request.GET.urlencode()}")
    people = reports.missing_people(baseline, department)
    header = [_("Name"), _("E-mail"), _("Department"), _("Last acknowledged version"), _("Acknowledged on")]

    def rows():
        for person in people.iterator(chunk_size=500):
            acknowledged_on = person.last_acknowledged_at
            yield [
                person.full_name,
                person.email,
                person.department.display_name if person.department else "",
                person.last_version or "",
                # The day, as the page shows it: the time of a click is nobody's business.
                date_format(timezone.localtime(acknowledged_on), csv_export.DATE_FORMAT)
                if acknowledged_on
                else "",
            ]

    number = baseline.number if baseline else 0
    return csv_response(f"guidelines-v{number}-missing-acknowledgements.csv", header, rows())
