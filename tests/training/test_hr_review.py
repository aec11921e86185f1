"""HR's campaign, workshop and report pages as a new HR colleague found them."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.training.factories import AssignmentFactory, ModuleFactory
from training import actions
from training.models import Assignment, Campaign, Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_same_campaign_name_for_other_people_is_a_campaign_of_its_own(hr_client, employee):
    module = ModuleFactory()
    colleague = make_user("tim@example.com", full_name="Tim Becker")
    data = {
        "name": "Zwei Tage",
        "module": module.pk,
        "due_date": _in_days(30).isoformat(),
        "late_joiner_days": "30",
    }
    first = hr_client.post(reverse("training:hr_campaign_new"), {**data, "people": employee.email})
    again = hr_client.post(reverse("training:hr_campaign_new"), {**data, "people": employee.email})
    assert first["Location"] == again["Location"]  # a double submit: one campaign
    hr_client.post(reverse("training:hr_campaign_new"), {**data, "people": colleague.email}, follow=True)
    assert Campaign.objects.count() == 2
    assert Assignment.objects.filter(module=module, user=colleague).exists()


def test_campaign_counts_leave_out_people_who_left_as_the_report_does(hr_client, employee, hr):
    module = ModuleFactory()
    leaver = make_user("ben@example.com", full_name="Ben Fischer")
    campaign, _created = actions.create_campaign(
        name="Basis", module=module, due_date=_in_days(10), created_by=hr, people=[employee, leaver]
    )
    Assignment.objects.filter(user=leaver).update(due_date=_in_days(-3))
    leaver.is_active = False
    leaver.save()
    listing = hr_client.get(reverse("training:hr_campaigns"))
    row = listing.context["page"].object_list[0]
    assert (row.assigned, row.overdue) == (1, 0)
    page = hr_client.get(reverse("training:hr_campaign", args=[campaign.pk])).text
    assert "Ben Fischer" not in page
    assert employee.get_full_name() in page


def _workshop(days: int) -> Module:
    start = timezone.now() + datetime.timedelta(days=days)
    return ModuleFactory(kind=Module.Kind.WORKSHOP, workshop_starts_at=start)


def test_attendance_is_recorded_from_the_workshops_day_and_can_be_taken_back(hr_client, employee):
    ahead = AssignmentFactory(user=employee, module=_workshop(days=21), due_date=_in_days(30))
    url = reverse("training:hr_assignment", args=[ahead.pk])
    assert "Teilnahme eintragen" not in hr_client.get(url).text
    response = hr_client.post(url, {"action": "attendance"})
    assert response.status_code == 400
    assert "Der Workshop findet am" in response.text
    ahead.refresh_from_db()
    assert ahead.status == Assignment.Status.NOT_STARTED

    today = AssignmentFactory(user=employee, module=_workshop(days=0), due_date=_in_days(-1))
    Assignment.objects.filter(pk=today.pk).update(status=Assignment.Status.OVERDUE)
    url = reverse("training:hr_assignment", args=[today.pk])
    hr_client.post(url, {"action": "attendance"})
    today.refresh_from_db()
    assert (today.status, today.completed_how) == (Assignment.Status.PASSED, Assignment.Completion.ATTENDED)

    page = hr_client.get(url).text
    assert "Teilnahme zurücknehmen" in page
    response = hr_client.post(url, {"action": "undo_attendance"}, follow=True)
    assert "zurückgenommen" in response.text
    today.refresh_from_db()
    assert (today.status, today.completed_at, today.completed_how, today.valid_until) == (
        Assignment.Status.OVERDUE, None, "", None
    )  # fmt: skip
    # A second click (an old tab) changes nothing, and says so.
    again = hr_client.post(url, {"action": "undo_attendance"}, follow=True)
    assert "Die Teilnahme war bereits zurückgenommen" in again.text
    today.refresh_from_db()
    assert today.status == Assignment.Status.OVERDUE


def test_the_report_lists_the_people_with_the_status_hr_filters_by(hr_client, employee):
    excused = AssignmentFactory(user=employee, status=Assignment.Status.EXCUSED, excused_reason="Elternzeit")
    AssignmentFactory(user=make_user("tim@example.com", full_name="Tim Becker"))
    response = hr_client.get(reverse("training:hr_report"), {"status": "excused"})
    assert [a.pk for a in response.context["listed"]] == [excused.pk]
    assert reverse("training:hr_person", args=[employee.pk]) in response.text
    assert "Freigestellt (1)" in response.text
    assert "Tim Becker" not in response.text
    default = hr_client.get(reverse("training:hr_report"))
    assert "Überfällig (0)" in default.text


def test_the_english_export_names_the_modules_in_english(hr_client, employee):
    AssignmentFactory(
        user=employee, module=ModuleFactory(title="Krisenkommunikation", title_en="Crisis communication")
    )
    hr_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = hr_client.get(reverse("training:hr_export"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Crisis communication" in content
    assert "Krisenkommunikation" not in content


def test_a_workshop_over_two_days_shows_both_days_and_opening_it_says_nothing_to_hr(client, employee):
    start = timezone.make_aware(datetime.datetime.combine(_in_days(20), datetime.time(16, 0)))
    module = ModuleFactory(
        kind=Module.Kind.WORKSHOP,
        workshop_starts_at=start,
        workshop_ends_at=start + datetime.timedelta(hours=22),
    )
    assignment = AssignmentFactory(user=employee, module=module)
    client.force_login(employee)
    page = client.get(reverse("training:detail", args=[assignment.pk])).text
    end_day = f"{_in_days(21).day}."
    assert f"– {end_day}" in page  # the end with its date, not only "14:00"
    assert "Schulung abschließen" not in page  # nothing to do here: HR records attendance
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.NOT_STARTED


def test_people_without_a_department_are_a_filter_choice_and_listed_last(hr_client, employee):
    loner = make_user("ohne@example.com", full_name="Nina Neu")
    AssignmentFactory(user=employee)
    AssignmentFactory(user=loner)
    report = hr_client.get(reverse("training:hr_report"))
    departments = [row.label for row in report.context["breakdowns"][1]["rows"]]
    assert departments[-1] == "Ohne Abteilung"
    assert '<option value="none">Ohne Abteilung</option>' in report.text
    only = hr_client.get(reverse("training:hr_report"), {"department": "none", "status": "not_started"})
    assert [a.user for a in only.context["listed"]] == [loner]
    export = hr_client.get(reverse("training:hr_export"), {"department": "none"})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "ohne@example.com" in content
    assert employee.email not in content


def test_people_are_chosen_by_address_as_pasted_from_outlook_or_excel(hr_client, employee):
    module = ModuleFactory()
    tim = make_user("tim@example.com", full_name="Tim Becker")
    make_user("gone@example.com", is_active=False)
    url = reverse("training:hr_campaign_new")
    data = {
        "name": "Liste",
        "module": module.pk,
        "due_date": _in_days(30).isoformat(),
        "late_joiner_days": "30",
    }

    bad = hr_client.post(url, {**data, "people": "Erika Mustermann; gone@example.com, nobody@example.com"})
    errors = bad.context["form"].errors["people"]
    assert errors == [  # both kinds at once
        "Das ist keine E-Mail-Adresse: Erika Mustermann",
        "Keine aktive Person hat diese Adressen: gone@example.com, nobody@example.com",
    ]
    assert "Erika Mustermann; gone@example.com" in bad.text  # what was pasted stays
    bad = hr_client.post(url, {**data, "people": "gone@example.com\nnobody@example.com"})
    assert bad.context["form"].errors["people"] == [
        "Keine aktive Person hat diese Adressen: gone@example.com, nobody@example.com"
    ]
    # Pasted junk comes back short and without control characters.
    bad = hr_client.post(url, {**data, "people": "a\x00b" + "x" * 9000 + ";nobody@example.com"})
    [junk, unknown] = bad.context["form"].errors["people"]
    assert len(junk) < 120
    assert "\x00" not in junk
    assert unknown == "Keine aktive Person hat diese Adresse: nobody@example.com"
    assert not bad.context["form"].non_field_errors()  # not also "choose people"
    assert not Campaign.objects.exists()

    pasted = f'"Mustermann, Erika" <{employee.email.upper()}>; Tim Becker <tim@example.com>\n{employee.email}'
    response = hr_client.post(url, {**data, "people": pasted}, follow=True)
    assert "2 neue Zuweisungen" in response.text
    assert set(Campaign.objects.get().people.all()) == {employee, tim}


def test_addresses_pasted_with_invisible_characters_or_a_full_stop_are_found(hr_client, employee):
    """A column copied from a CSV file Excel saved starts with its byte order mark, a web page's text
    may carry zero-width spaces, a sentence ends with a full stop: "No active person has this
    address: anna@example.com" named an address that looked right."""
    module = ModuleFactory()
    tim = make_user("tim@example.com", full_name="Tim Becker")
    data = {
        "name": "Liste",
        "module": module.pk,
        "due_date": _in_days(30).isoformat(),
        "late_joiner_days": "30",
    }
    pasted = f"\ufeff{employee.email};tim@\u200bexample.com\r\nPlease add {employee.email}."
    response = hr_client.post(reverse("training:hr_campaign_new"), {**data, "people": pasted}, follow=True)
    assert "2 neue Zuweisungen" in response.text
    assert set(Campaign.objects.get().people.all()) == {employee, tim}


def test_the_people_finder_lists_ten_active_matches_for_hr_only(client, hr_client, employee):
    for n in range(12):
        make_user(f"anna{n}@example.com", full_name=f"Anna Muster {n:02}")
    make_user("anna-gone@example.com", full_name="Anna Weg", is_active=False)
    url = reverse("training:hr_people_search")
    found = hr_client.get(url, {"find": "anna muster"})
    assert found.text.count("data-add-person=") == 10
    assert "Anna Weg" not in hr_client.get(url, {"find": "weg"}).text
    assert "Niemand gefunden" in hr_client.get(url, {"find": "xyz"}).text
    one_letter = hr_client.get(url, {"find": "a"}).text
    assert "data-add-person" not in one_letter  # two letters at least, and said so
    assert "Geben Sie mindestens zwei Buchstaben ein." in one_letter
    # Typed on any keyboard, as in the advisors directory.
    make_user("s.aydin@example.com", full_name="Selin Aydın")
    make_user("j.mueller@example.com", full_name="Jürgen Müller")
    for typed in ("aydin", "Aydın", "selin aydin", "muller", "mueller", "Müller", "jurgen"):
        assert "data-add-person=" in hr_client.get(url, {"find": typed}).text, typed
    client.force_login(employee)
    assert client.get(url, {"find": "anna"}).status_code == 403


def test_a_huge_pasted_list_is_refused_quickly(hr_client):
    import time

    module = ModuleFactory()
    data = {
        "name": "Liste",
        "module": module.pk,
        "due_date": _in_days(30).isoformat(),
        "late_joiner_days": "30",
    }
    started = time.monotonic()
    response = hr_client.post(reverse("training:hr_campaign_new"), {**data, "people": "a" * 150_000})
    assert time.monotonic() - started < 2
    assert response.context["form"].errors["people"]
    response = hr_client.post(reverse("training:hr_campaign_new"), {**data, "people": "a" * 250_000})
    assert "höchstens 200.000 Zeichen" in response.context["form"].errors["people"][0]


def test_a_campaigns_assignments_start_their_history_with_who_assigned_them(hr_client, hr, employee):
    module = ModuleFactory()
    actions.create_campaign(
        name="Basis", module=module, due_date=_in_days(10), created_by=hr, people=[employee]
    )
    assignment = Assignment.objects.get(user=employee, module=module)
    first = assignment.history.get()
    assert (first.history_type, first.history_user) == ("+", hr)
    actions.create_campaign(
        name="Nochmal", module=module, due_date=_in_days(20), created_by=hr, people=[employee]
    )
    assert assignment.history.count() == 1  # not assigned again, so no second record


def test_history_pages_show_labels_and_local_times_not_database_values(client, admin_user, employee):
    assignment = AssignmentFactory(user=employee)
    assignment.status = Assignment.Status.PASSED
    berlin = timezone.get_current_timezone()
    assignment.completed_at = datetime.datetime(2026, 11, 27, 14, 45, 28, 216868, tzinfo=berlin)
    assignment.save()
    client.force_login(admin_user)
    page = client.get(reverse("admin:training_assignment_history", args=[assignment.pk])).text
    assert "bestanden" in page
    assert "passed" not in page.split("<tbody", 1)[1]
    assert "27.11.2026 14:45" in page
    assert "None" not in page.split("<tbody", 1)[1]


def test_a_long_module_summary_is_refused_with_its_length_not_cut_by_the_browser(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:training_module_add")).text
    assert 'name="summary"' in page
    summary_tag = (
        page.split('name="summary"', 1)[0].rsplit("<textarea", 1)[1]
        + page.split('name="summary"', 1)[1].split(">", 1)[0]
    )
    assert "maxlength" not in summary_tag


def test_a_campaign_for_named_people_promises_no_late_joiners(hr_client, employee):
    module = ModuleFactory()
    data = {"name": "Zwei", "module": module.pk, "due_date": _in_days(30).isoformat(), "late_joiner_days": "30",
            "enrol_late_joiners": "on", "people": employee.email}  # fmt: skip
    page = hr_client.post(reverse("training:hr_campaign_new"), data, follow=True).text
    assert not Campaign.objects.get().enrol_late_joiners
    assert "automatisch eingeschrieben" not in page


def _workshop_campaign(hr, employee):
    """A workshop held today, assigned to ``employee`` by a campaign: (module, campaign, the
    campaign's page, the assignment's HR page)."""
    module = _workshop(days=0)
    campaign, _created = actions.create_campaign(
        name="Workshop", module=module, due_date=_in_days(10), created_by=hr, people=[employee]
    )
    assignment = Assignment.objects.get(user=employee)
    page_url = reverse("training:hr_campaign", args=[campaign.pk])
    return module, campaign, page_url, reverse("training:hr_assignment", args=[assignment.pk])


def test_attendance_recorded_on_the_campaign_page_is_taken_back_there(hr_client, hr, employee):
    _module, _campaign, page_url, url = _workshop_campaign(hr, employee)
    assignment = Assignment.objects.get(user=employee)
    hr_client.post(url, {"action": "attendance", "next": page_url})
    assert "Teilnahme zurücknehmen" in hr_client.get(page_url).text
    response = hr_client.post(url, {"action": "undo_attendance", "next": page_url})
    assert response["Location"] == page_url
    assignment.refresh_from_db()
    assert assignment.is_open


@pytest.mark.parametrize("year", [1, 1999, 3000, 9999])
def test_a_workshop_date_typed_with_an_impossible_year_is_refused(year):
    """31.12.9999 broke every attendee's calendar feed; 01.01.0001 could not be stored (500)."""
    from django.core.exceptions import ValidationError

    from training.models import Module

    month, day = (12, 31) if year > 2000 else (1, 1)
    starts = datetime.datetime(year, month, day, 23, 30, tzinfo=datetime.UTC)
    module = ModuleFactory.build(kind=Module.Kind.WORKSHOP, workshop_starts_at=starts)
    with pytest.raises(ValidationError) as refused:
        module.full_clean()
    assert "workshop_starts_at" in refused.value.message_dict


def test_extending_from_the_overdue_list_or_a_campaign_goes_back_there(hr_client, hr, employee):
    """ "Extend or excuse" on the report's overdue list ended on the person's page: HR working
    through the list had to find the report (and its filters) again after every person."""
    module = ModuleFactory()
    campaign, _created = actions.create_campaign(
        name="Basis", module=module, due_date=_in_days(10), created_by=hr, people=[employee]
    )
    assignment = Assignment.objects.get(user=employee)
    Assignment.objects.filter(pk=assignment.pk).update(due_date=_in_days(-2))
    report_url = f"{reverse('training:hr_report')}?module={module.pk}&status=overdue"
    for came_from in [report_url, reverse("training:hr_campaign", args=[campaign.pk])]:
        page = hr_client.get(came_from).text
        link = re.search(r'href="(/trainings/hr/assignments/\d+/[^"]*)"', page).group(1).replace("&amp;", "&")
        form = hr_client.get(link).text
        sent_back = html.unescape(re.search(r'name="next" value="([^"]*)"', form).group(1))
        assert sent_back == came_from
        refused = hr_client.post(link, {"action": "extend", "extend-due_date": "", "next": sent_back})
        assert refused.status_code == 400
        assert refused.context["next"] == came_from  # a refused date keeps the way back
        extended = hr_client.post(
            link, {"action": "extend", "extend-due_date": _in_days(20).isoformat(), "next": came_from}
        )
        assert extended["Location"] == came_from
    # Not another site, nor a page outside HR's.
    url = reverse("training:hr_assignment", args=[assignment.pk])
    assert hr_client.get(url, {"next": "https://evil.example/"}).context["next"] == ""
    assert hr_client.get(url, {"next": "/mentions/"}).context["next"] == ""


def test_excusing_or_recording_attendance_a_second_time_says_it_is_done_already(hr_client, hr, employee):
    """A second click without JavaScript, or a stale tab, answered "This action is not possible
    here." (400) on the assignment's page, as if the first had not worked."""
    module, campaign, page_url, url = _workshop_campaign(hr, employee)
    hr_client.post(url, {"action": "attendance", "next": page_url})
    again = hr_client.post(url, {"action": "attendance", "next": page_url}, follow=True)
    assert again.redirect_chain == [(page_url, 302)]
    assert "Die Teilnahme war bereits eingetragen." in again.text
    other = Assignment.objects.create(user=hr, module=module, campaign=campaign, due_date=_in_days(10))
    url = reverse("training:hr_assignment", args=[other.pk])
    hr_client.post(url, {"action": "excuse", "excuse-reason": "Elternzeit", "next": page_url})
    again = hr_client.post(
        url, {"action": "excuse", "excuse-reason": "Elternzeit", "next": page_url}, follow=True
    )
    assert again.redirect_chain == [(page_url, 302)]
    assert "Die Person war bereits freigestellt." in again.text
    # Without a reason: not silently refused (the page has no excuse form to show the error on).
    blank = hr_client.post(url, {"action": "excuse", "excuse-reason": "", "next": page_url})
    assert blank.status_code == 400
    assert "Diese Aktion ist hier nicht möglich." in blank.text
    # Excused meanwhile for another reason (a colleague's tab): the reason sent is the one kept.
    hr_client.post(url, {"action": "excuse", "excuse-reason": "Sabbatical", "next": page_url})
    other.refresh_from_db()
    assert (other.status, other.excused_reason) == (Assignment.Status.EXCUSED, "Sabbatical")


def test_a_modules_numbers_below_their_minimum_are_refused_with_that_minimum(client, admin_user):
    """-1 was refused as "at least 0", and then 0 as "at least 1"."""
    client.force_login(admin_user)
    page = client.post(
        reverse("admin:training_module_add"),
        {"title": "Neu", "kind": "lesson", "pass_mark": "-1", "estimated_minutes": "0", "max_attempts": "3"},
    ).text
    assert page.count("Dieser Wert muss größer oder gleich 1 sein.") == 2
    assert "größer oder gleich 0" not in page


def test_a_quiz_attempt_is_named_with_its_score_as_the_readers_language_writes_it(employee):
    from django.utils import translation

    from tests.training.factories import AssignmentFactory, ModuleFactory
    from training.models import QuizAttempt

    attempt = QuizAttempt(
        assignment=AssignmentFactory(user=employee, module=ModuleFactory(title="Grundlagen")),
        number=1,
        score=100,
    )
    with translation.override("en"):
        assert str(attempt).endswith("· 1: 100%")
    with translation.override("de"):
        assert str(attempt).endswith("· 1: 100 %")


def test_german_module_and_department_names_on_english_hr_pages_are_marked_german(client, hr, employee):
    """A screen reader read "Umgang mit Hasskommentaren" with English sounds: HR's pages did not
    mark German shown for want of an English name, as the employee's pages do."""
    from portal.models import Department
    from tests.training.factories import AssignmentFactory, ModuleFactory

    type(hr).objects.filter(pk=hr.pk).update(preferred_language="en")
    Department.objects.filter(pk=employee.department_id).update(name_en="")
    module = ModuleFactory(title="Umgang mit Hasskommentaren", title_en="")
    assignment = AssignmentFactory(user=employee, module=module)
    client.force_login(hr)
    report = client.get(reverse("training:hr_report")).text
    assert '<th scope="row" lang="de">Umgang mit Hasskommentaren</th>' in report
    assert 'lang="de">Umgang mit Hasskommentaren</text>' in report  # the chart
    assert f'<th scope="row" lang="de">{employee.department.name}</th>' in report
    page = client.get(reverse("training:hr_assignment", args=[assignment.pk])).text
    assert '<h1 lang="de">Umgang mit Hasskommentaren</h1>' in page
    module.title_en = "Dealing with hate comments"
    module.save()
    assert (
        'lang="de"'
        not in client.get(reverse("training:hr_assignment", args=[assignment.pk])).text.split("<main")[1]
    )
