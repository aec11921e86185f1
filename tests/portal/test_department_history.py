"""Departments keep a history: renamed or deleted, they come back."""

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
