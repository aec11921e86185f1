"""Departments keep a history: renamed or deleted, they come back; names are stored as they read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import Department

pytestmark = pytest.mark.django_db


def test_a_renamed_department_is_restored_from_its_history(client, hr):
    department = Department.objects.create(name="Vertrieb", name_en="Sales")
    client.force_login(hr)
    client.post(
        reverse("admin:portal_department_change", args=[department.pk]), {"name": "Verkauf", "name_en": ""}
    )
    department.refresh_from_db()
    assert department.name == "Verkauf"
    history = client.get(reverse("admin:portal_department_history", args=[department.pk])).text
    assert "Vertrieb" in history
    original = department.history.earliest()
    revert = reverse("admin:portal_department_simple_history", args=[department.pk, original.history_id])
    response = client.post(revert, {"name": "Vertrieb", "name_en": "Sales"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.name_en) == ("Vertrieb", "Sales")


def test_a_deleted_department_is_listed_and_comes_back(client, admin_user, hr):
    department = Department.objects.create(name="Einkauf", name_en="Purchasing")
    client.force_login(admin_user)
    client.post(reverse("admin:portal_department_delete", args=[department.pk]), {"post": "yes"})
    assert not Department.objects.filter(name="Einkauf").exists()
    client.force_login(hr)
    deleted = reverse("admin:portal_department_deleted_objects")
    assert deleted in client.get(reverse("admin:portal_department_changelist")).text
    assert "Einkauf" in client.get(deleted).text
    record = Department.history.get(history_type="-")
    client.post(deleted, {"restore": f"portal.department:{record.history_id}"})
    assert Department.objects.get(name="Einkauf").name_en == "Purchasing"


def test_a_restored_department_gets_back_its_people_advisors_and_campaigns(client, admin_user, hr):
    """Deleting a department emptied its people's department; restoring it brought it back alone,
    and HR had to find and reassign everyone by hand."""
    from contacts.models import Advisor
    from tests.conftest import make_user
    from tests.training.factories import ModuleFactory
    from training.models import Campaign

    department = Department.objects.create(name="Einkauf")
    other = Department.objects.create(name="Vertrieb")
    anna, ben, moved = (
        make_user(f"{n}@example.com", department=department) for n in ("anna", "ben", "moved")
    )
    outsider = make_user("outsider@example.com", department=other)
    advisor = Advisor.objects.create(name="Clara Einkauf", email="clara@example.com", department=department)
    campaign = Campaign.objects.create(name="Grundlagen", module=ModuleFactory(), due_date="2026-12-31")
    campaign.departments.add(department, other)
    client.force_login(admin_user)
    page = client.get(reverse("admin:portal_department_delete", args=[department.pk])).text
    assert "3 Personen gehören ihr an" in page
    assert (
        "Wird die Abteilung aus den gelöschten Abteilungen wiederhergestellt, erhalten sie sie zurück."
        in page
    )
    client.post(reverse("admin:portal_department_delete", args=[department.pk]), {"post": "yes"})
    anna.refresh_from_db()
    assert anna.department is None
    moved.department = other  # HR gave him another one meanwhile: he keeps it
    moved.save()
    client.force_login(hr)
    record = Department.history.get(history_type="-")
    client.post(
        reverse("admin:portal_department_deleted_objects"),
        {"restore": f"portal.department:{record.history_id}"},
    )
    restored = Department.objects.get(name="Einkauf")
    assert restored.pk == department.pk
    assert set(restored.members.all()) == {anna, ben}
    moved.refresh_from_db()
    outsider.refresh_from_db()
    assert (moved.department, outsider.department) == (other, other)
    advisor.refresh_from_db()
    assert advisor.department == restored
    assert set(campaign.departments.all()) == {restored, other}


def test_a_department_deleted_and_restored_twice_gets_back_what_it_had_the_second_time(client, admin_user):
    from tests.conftest import make_user

    department = Department.objects.create(name="Einkauf")
    anna = make_user("anna@example.com", department=department)
    client.force_login(admin_user)
    deleted = reverse("admin:portal_department_deleted_objects")
    for _round in range(2):
        client.post(reverse("admin:portal_department_delete", args=[department.pk]), {"post": "yes"})
        record = Department.history.filter(history_type="-").latest("history_date")
        client.post(deleted, {"restore": f"portal.department:{record.history_id}"})
        anna.refresh_from_db()
        assert anna.department_id == department.pk


def test_communications_may_not_restore_a_department(client, comms, admin_user):
    department = Department.objects.create(name="Einkauf")
    department.delete()
    client.force_login(comms)
    record = Department.history.get(history_type="-")
    response = client.post(
        reverse("admin:portal_department_deleted_objects"),
        {"restore": f"portal.department:{record.history_id}"},
    )
    assert response.status_code == 403
    assert not Department.objects.filter(name="Einkauf").exists()


@pytest.mark.parametrize(
    "pasted",
    ["Bu\u0308ro", "Büro\u200b", "Bü\u00adro", "büro", " Büro\u00a0", "\u202eBüro"],
    ids=["combining umlaut", "zero-width space", "soft hyphen", "capitals", "spaces", "bidi override"],
)
def test_a_department_that_only_looks_different_is_refused(client, hr, pasted):
    """Pasted from a Mac, a PDF or a web page, "Büro" became a second department that reads the
    same: people split between two, reports and campaigns counting each apart."""
    Department.objects.create(name="Büro")
    client.force_login(hr)
    response = client.post(reverse("admin:portal_department_add"), {"name": pasted, "name_en": ""})
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert list(Department.objects.values_list("name", flat=True)) == ["Büro"]


def test_a_name_of_invisible_characters_only_is_missing(client, hr):
    client.force_login(hr)
    response = client.post(reverse("admin:portal_department_add"), {"name": "\u200b\u00ad ", "name_en": ""})
    assert "Dieses Feld ist zwingend erforderlich." in response.text
    assert not Department.objects.exists()


def test_a_name_stored_before_is_tidied_when_next_saved(client, hr):
    department = Department.objects.create(name="Bu\u0308ro")
    client.force_login(hr)
    client.post(
        reverse("admin:portal_department_change", args=[department.pk]),
        {"name": "Bu\u0308ro", "name_en": "Office"},
    )
    department.refresh_from_db()
    assert (department.name, department.name_en) == ("Büro", "Office")


@pytest.mark.django_db(transaction=True)
def test_a_persons_name_hr_types_is_stored_as_it_reads(client, hr):
    """A name pasted from a Mac or a PDF, or of a zero-width space alone (which read as nothing,
    yet counted as a name: lists showed a blank where the address belonged)."""
    from portal.models import User

    client.force_login(hr)
    for email, typed in [("nina@example.com", " Nina\u00a0Mu\u0308ller "), ("zed@example.com", "\u200b")]:
        client.post(reverse("admin:portal_user_add"), {"email": email, "full_name": typed})
    names = dict(
        User.objects.filter(email__in=["nina@example.com", "zed@example.com"]).values_list(
            "email", "full_name"
        )
    )
    assert names == {"nina@example.com": "Nina Müller", "zed@example.com": ""}
