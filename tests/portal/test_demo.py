from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import Department, User

pytestmark = pytest.mark.django_db(transaction=True)


def counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in {
        "portal", "guidelines", "training", "monitoring", "contacts"}}  # fmt: skip


def test_load_demo_is_idempotent_and_its_logins_work(client):
    out = StringIO()
    call_command("load_demo", force=True, stdout=out)
    first = counts()
    call_command("load_demo", force=True, stdout=StringIO())
    assert counts() == first
    assert User.objects.count() >= 55
    assert Department.objects.count() >= 5
    assert "employee@example.com / demo" in out.getvalue()
    for email in ["employee@example.com", "hr@example.com", "comms@example.com", "advisor@example.com"]:
        client.post(reverse("account_login"), {"login": email, "password": "demo"})
        assert client.get(reverse("home")).status_code == 200, email
        client.post(reverse("account_logout"))
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_superuser
    hr = User.objects.get(email="hr@example.com")
    assert hr.groups.filter(name="HR").exists()


def test_load_demo_refuses_a_production_setup_unless_forced(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="admin@example.com.*--force"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_make_run_loads_the_demo_into_an_empty_database_only(settings):
    settings.DEBUG = True
    User.objects.create_user(email="real.person@example.org", password="x")  # noqa: S106
    out = StringIO()
    call_command("load_demo", if_empty=True, stdout=out)
    assert "has accounts already" in out.getvalue()
    assert User.objects.count() == 1
    settings.DEBUG = False  # DEBUG=false make run on a real database: nothing to do, no error
    call_command("load_demo", if_empty=True, stdout=StringIO())
    settings.DEBUG = True
    User.objects.all().delete()
    call_command("load_demo", if_empty=True, stdout=StringIO())
    assert User.objects.filter(email="employee@example.com").exists()
