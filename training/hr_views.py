"""HR pages: the report, the CSV export, campaigns, and managing single assignments."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.lib.csv_export import csv_response
from portal.lib.db import lock_row
from portal.lib.i18n import fold
from portal.lib.paging import Paginator
from portal.lib.urls import local_path
from portal.models import Department, User
from portal.roles import Role, role_required
from training import actions, report
from training.access import get_assignment_for_hr
from training.forms import CampaignForm, ExcuseForm, ExtendForm, ReportFilterForm
from training.models import Assignment, Campaign, Module


def _filters(request: HttpRequest) -> tuple[ReportFilterForm, dict]:
    """The report's filters: the valid ones apply, an invalid one shows its error (and applies not)."""
    form = ReportFilterForm(request.GET or None)
    if not form.is_bound:
        return form, {}
    form.is_valid()
    data = form.cleaned_data
    module, department = data.get("module"), data.get("department")
    return form, {
        "module_id": module.pk if module else None,
        "department_id": department or None,  # an id, or NO_DEPARTMENT
        "status": data.get("status", ""),
    }


def _breakdown(key: str, title: str, first_column: str, rows: list[report.Row]) -> dict:
    return {
        "key": key, "title": title, "first_column": first_column, "rows": rows,
        "chart": report.svg_chart(rows, title),
    }  # fmt: skip


@role_required(Role.HR)
@require_GET
def hr_report(request: HttpRequest) -> HttpResponse:
    """HR: completion per module and department (chart and table), the overdue list, filters."""
    today = timezone.localdate()
    form, filters = _filters(request)
    rows = report.filtered(today=today, **filters)
    by_module, by_department, total = report.aggregate(rows, today)
    # The people behind the numbers: those overdue, or those with the status HR filters by.
    status = filters.get("status") or Assignment.Status.OVERDUE
    return render(
        request,
        "training/hr/report.html",
        {
            "form": form,
            "today": today,
            "statuses": report.STATUS_ORDER,
            "by_module": by_module,
            "breakdowns": [
                _breakdown("module", _("Completion per module"), _("Module"), by_module),
                _breakdown("department", _("Completion per department"), _("Department"), by_department),
            ],
            "total": total,
            "listed": report.listed(rows, status, today),
            "listed_status": Assignment.Status(status),
            "listed_total": total.counts[status],
            "query": request.GET.urlencode(),
        },
    )


@role_required(Role.HR)
@require_GET
def hr_export(request: HttpRequest) -> HttpResponse:
    """HR: the filtered assignments as CSV for German Excel."""
    today = timezone.localdate()
    form, filters = _filters(request)
    if form.errors:
        # Never a file with more in it than the selection asked for: back to the report, which says why.
        messages.error(request, _("The export needs valid filters."))
        return redirect(f"{reverse('training:hr_report')}?{request.GET.urlencode()}")
    rows = report.filtered(today=today, **filters)
    # In the reader's order; of one department (or of none), there is no order to read.
    departments = [] if filters.get("department_id") else Department.in_reading_order()
    filename = f"trainings-{today:%Y-%m-%d}.csv"
    return csv_response(filename, report.csv_header(), report.csv_rows(rows, today, departments))


_ACTIVE = Q(assignments__user__is_active=True)


@role_required(Role.HR)
@require_GET
def hr_campaigns(request: HttpRequest) -> HttpResponse:
    """HR: all campaigns with their progress."""
    today = timezone.localdate()
    campaigns = (
        Campaign.objects.select_related("module")
        .annotate(
            # People who left are no one's to train (as in the report).
            assigned=Count("assignments", filter=_ACTIVE),
            passed=Count("assignments", filter=_ACTIVE & Q(assignments__status=Assignment.Status.PASSED)),
            overdue=Count(
                "assignments",
                filter=_ACTIVE
                & Q(assignments__status__in=Assignment.OPEN_STATUSES, assignments__due_date__lt=today),
            ),
        )
        .order_by("-created_at")
    )
    page = Paginator(campaigns, 50).get_page(request.GET.get("page"))
    return render(request, "training/hr/campaigns.html", {"page": page})


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def hr_campaign_new(request: HttpRequest) -> HttpResponse:
    """HR: assign a module to people, departments or everyone, with a due date."""
    form = CampaignForm(request.POST or None, initial={"module": request.GET.get("module")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                lock_row(request.user)  # a double submit's second request waits, then finds the first
                campaign, created = _create_campaign_once(request, data)
                if created == 0 and not campaign.enrol_late_joiners:
                    raise _NobodyAssigned  # rolls the campaign back
        except _NobodyAssigned:
            # A campaign that assigns nobody, now or later, would only sit in the list as a puzzle.
            form.add_error(
                None,
                _(
                    "No campaign was created: everyone chosen has this module already (open or "
                    "passed), or the departments chosen have no active people."
                ),
            )
            return render(request, "training/hr/campaign_form.html", {"form": form})
        if created is None:
            # A double submit (or the form sent again after Back): said, so nobody wonders.
            messages.info(request, _("This campaign was created a moment ago already; here it is."))
            return redirect("training:hr_campaign", pk=campaign.pk)
        messages.success(
            request,
            ngettext(
                "Campaign created: %(count)s new assignment (people who already had the module keep theirs).",
                "Campaign created: %(count)s new assignments (people who already had the module keep theirs).",
                created,
            )
            % {"count": created}
            + (
                " "
                + ngettext(
                    "The person gets an e-mail about it now.",
                    "Each of them gets an e-mail about it now.",
                    created,
                )
                if created
                else ""
            ),
        )
        return redirect("training:hr_campaign", pk=campaign.pk)
    return render(request, "training/hr/campaign_form.html", {"form": form})


class _NobodyAssigned(Exception):
    pass


def _create_campaign_once(request: HttpRequest, data: dict):
    """The campaign and its new assignments, or the same campaign created a moment ago and None."""
    fields = ("name", "module", "due_date", "everyone", "departments", "people", "enrol_late_joiners",
              "late_joiner_days")  # fmt: skip
    duplicate = actions.recent_duplicate_campaign(request.user, **{key: data[key] for key in fields})
    if duplicate is not None:
        return duplicate, None
    return actions.create_campaign(created_by=request.user, **{key: data[key] for key in fields})


@role_required(Role.HR)
@require_GET
def hr_people_search(request: HttpRequest) -> HttpResponse:
    """HR: up to ten active people matching every word typed, for the campaign form's finder."""
    text = (request.GET.get("find") or "").replace("\x00", "").strip()[:100]
    people = User.objects.none()
    if len(text) >= 2:
        matching = Q()
        for word in text.split()[:4]:
            matching &= Q(search_text__contains=fold(word)) | Q(email__icontains=word)
        people = User.objects.filter(matching, is_active=True).order_by(*User.name_order())[:10]
    return render(request, "training/hr/_people_found.html", {"people": people, "find": text})


@role_required(Role.HR)
@require_GET
def hr_campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """HR: one campaign and its assignments, with extend / excuse / attendance."""
    campaign = get_object_or_404(
        Campaign.objects.select_related("module", "created_by", "withdrawn_by"), pk=pk
    )
    assignments = (
        campaign.assignments.filter(user__is_active=True)
        .select_related("user__department")
        .order_by(*User.name_order("user__"))
    )
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/hr/campaign.html",
        {
            "campaign": campaign,
            "departments": list(campaign.departments.all()),
            "page": page,
            "is_workshop": campaign.module.kind == Module.Kind.WORKSHOP,
            # Of the people listed: those who left are no one's to train (as in the list above).
            "open_count": assignments.open().count() if campaign.withdrawn_at is None else 0,
        },
    )


@role_required(Role.HR)
@require_POST
def hr_campaign_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """HR: withdraw a campaign created by mistake (its open assignments excused), or undo that."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.POST.get("action") == "undo":
        count = actions.undo_withdrawal(campaign, request.user)
        if count is None:
            messages.info(request, _("The campaign is not withdrawn (any more): nothing changed."))
            return redirect("training:hr_campaign", pk=campaign.pk)
        messages.success(
            request,
            ngettext(
                "The campaign counts again: %(count)s assignment is due again.",
                "The campaign counts again: %(count)s assignments are due again.",
                count,
            )
            % {"count": count},
        )
    else:
        outcome = actions.withdraw_campaign(campaign, request.user)
        if outcome is None:
            messages.info(request, _("The campaign was withdrawn already: nothing changed."))
            return redirect("training:hr_campaign", pk=campaign.pk)
        count, moved = outcome
        message = ngettext(
            "The campaign is withdrawn: %(count)s open assignment is excused, and nobody joins it "
            "later. You can undo this here.",
            "The campaign is withdrawn: %(count)s open assignments are excused, and nobody joins it "
            "later. You can undo this here.",
            count,
        ) % {"count": count}
        if moved:
            message += " " + ngettext(
                "%(count)s person keeps the module through another campaign meant for them.",
                "%(count)s people keep the module through another campaign meant for them.",
                moved,
            ) % {"count": moved}
        messages.success(request, message)
    return redirect("training:hr_campaign", pk=campaign.pk)


def _came_from(request: HttpRequest) -> str:
    """The HR page (report, campaign, person) an action or the assignment's page was opened from,
    or ""."""
    target = local_path(request, request.POST.get("next") or request.GET.get("next", ""), default="")
    return target if target.startswith("/trainings/hr/") else ""


def _back(request: HttpRequest, assignment: Assignment) -> HttpResponse:
    """Back to the HR page the action came from, else the person's page."""
    if target := _came_from(request):
        return HttpResponseRedirect(target)
    return redirect("training:hr_person", user_id=assignment.user_id)


def _reinstated_overdue(assignment: Assignment) -> str:
    day = formats.date_format(assignment.due_date, "DATE_FORMAT")
    return _(
        "The excusal is lifted, but the due date, %(date)s, has passed: the training is overdue "
        "and the person gets overdue reminders. Give them more time here."
    ) % {"date": day}


def _workshop_ahead(module: Module) -> str:
    day = formats.date_format(timezone.localtime(module.workshop_starts_at), "DATE_FORMAT")
    return _("The workshop takes place on %(date)s: attendance can be recorded from that day on.") % {
        "date": day
    }


def _out_of_attempts(assignment: Assignment) -> bool:
    return assignment.is_open and actions.attempts_left(assignment) == 0


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def hr_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """HR: one assignment: extend the due date, excuse with a reason, record workshop attendance."""
    assignment = get_assignment_for_hr(pk)
    shown = {"due_date": assignment.due_date, "shown": assignment.due_date.isoformat()}
    extend_form = ExtendForm(prefix="extend", initial=shown, module=assignment.module)
    excuse_form = ExcuseForm(prefix="excuse")
    if request.method == "POST":
        action = request.POST.get("action")
        # Each action only where it means something: a second click (or a stale tab) changes nothing.
        if action == "extend" and assignment.status != Assignment.Status.PASSED:
            extend_form = ExtendForm(request.POST, prefix="extend", module=assignment.module)
            if extend_form.is_valid():
                try:
                    actions.extend_due_date(
                        assignment, extend_form.cleaned_data["due_date"], extend_form.shown_date()
                    )
                except actions.DueDateChanged:
                    # Shown again with the date now stored: saving again sets this one on purpose.
                    assignment.refresh_from_db()
                    data = request.POST.copy()
                    data["extend-shown"] = assignment.due_date.isoformat()
                    extend_form = ExtendForm(data, prefix="extend", module=assignment.module)
                    extend_form.is_valid()
                    message = _(
                        "The due date was changed meanwhile (by a colleague or in another tab) to "
                        "%(date)s: nothing was changed. Save again to set your date instead."
                    ) % {"date": formats.date_format(assignment.due_date, "DATE_FORMAT")}
                    extend_form.add_error(None, message)
                else:
                    messages.success(request, _("The due date has been changed."))
                    return _back(request, assignment)
        elif action == "excuse" and (assignment.is_open or assignment.status == Assignment.Status.EXCUSED):
            excuse_form = ExcuseForm(request.POST, prefix="excuse")
            if excuse_form.is_valid():
                reason = excuse_form.cleaned_data["reason"]
                if assignment.status == Assignment.Status.EXCUSED and reason == assignment.excused_reason:
                    # A second click, another tab, a colleague: done already, not "impossible".
                    messages.info(request, _("The person was excused already."))
                    return _back(request, assignment)
                actions.excuse(assignment, reason)  # excused meanwhile for another reason: this one
                messages.success(request, _("The person has been excused."))
                return _back(request, assignment)
            if not assignment.is_open:  # the page has no excuse form to show the error on
                messages.error(request, _("This action is not possible here."))
        elif action == "reinstate" and assignment.status == Assignment.Status.EXCUSED:
            assignment = actions.reinstate(assignment)
            if assignment.status == Assignment.Status.OVERDUE:
                # Back from a long leave, the due date had passed: "due again" was an overdue
                # reminder the next morning. The page again, whose first form gives more time.
                messages.warning(request, _reinstated_overdue(assignment))
                back = _came_from(request)
                return redirect(request.path + (f"?{urlencode({'next': back})}" if back else ""))
            messages.success(request, _("The excusal is lifted: the training is due again."))
            return _back(request, assignment)
        elif action == "attempts" and _out_of_attempts(assignment):
            actions.grant_attempts(assignment)
            messages.success(request, _("The person can take the quiz again."))
            return _back(request, assignment)
        elif action == "attendance" and assignment.module.workshop_ahead:
            messages.error(request, _workshop_ahead(assignment.module))
        elif action == "attendance" and assignment.module.kind == Module.Kind.WORKSHOP and assignment.is_open:
            actions.record_attendance(assignment)
            messages.success(request, _("Attendance recorded; the workshop is completed."))
            return _back(request, assignment)
        elif action == "undo_attendance" and assignment.completed_how == Assignment.Completion.ATTENDED:
            actions.undo_attendance(assignment)
            messages.success(request, _("The attendance is taken back: the workshop is due again."))
            return _back(request, assignment)
        elif action == "attendance" and assignment.completed_how == Assignment.Completion.ATTENDED:
            messages.info(request, _("The attendance was recorded already."))
            return _back(request, assignment)
        elif done_already := _done_already(action, assignment):
            # A second click, another tab, a colleague: said so, not an error.
            messages.info(request, done_already)
            return _back(request, assignment)
        else:
            messages.error(request, _("This action is not possible here."))
    return render(
        request,
        "training/hr/assignment.html",
        {
            "assignment": assignment,
            "extend_form": extend_form,
            "excuse_form": excuse_form,
            "out_of_attempts": _out_of_attempts(assignment),
            "workshop_ahead": _workshop_ahead(assignment.module) if assignment.module.workshop_ahead else "",
            # The overdue list, a campaign: where an extension or excusal goes back to.
            "next": _came_from(request),
        },
        status=400 if request.method == "POST" else 200,
    )


def _done_already(action: str | None, assignment: Assignment) -> str:
    """What a repeated reinstate, grant of attempts or undo of attendance finds done ("" if not)."""
    if not assignment.is_open:
        return ""
    if action == "reinstate":
        return _("The excusal was lifted already: the training is due.")
    if action == "attempts" and actions.attempts_left(assignment):
        return _("The person can take the quiz already.")
    if action == "undo_attendance" and assignment.module.kind == Module.Kind.WORKSHOP:
        return _("The attendance was taken back already: the workshop is due.")
    return ""


@role_required(Role.HR)
@require_GET
def hr_person(request: HttpRequest, user_id: int) -> HttpResponse:
    """HR: one person's trainings and their history (status changes only, nothing about reading)."""
    person = get_object_or_404(User.objects.select_related("department"), pk=user_id)
    assignments = sorted(  # by the title the reader sees
        Assignment.objects.filter(user=person).select_related("module", "campaign"),
        key=lambda assignment: assignment.module.display_title.casefold(),
    )
    history = (
        Assignment.history.filter(user_id=person.pk)
        .select_related("history_user", "module", "campaign")  # campaign: a withdrawal's reason
        .order_by("-history_date", "-history_id")[:200]
    )
    return render(
        request,
        "training/hr/person.html",
        {"person": person, "assignments": assignments, "history": history},
    )
