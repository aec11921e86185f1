"""portal.lib.db.insert_rows: many rows in few statements, conflicts skipped, defaults filled, ids returned."""

from __future__ import annotations

import pytest
from django.db import connection

from monitoring.models import TrackedKeyword
from portal.lib import db

pytestmark = pytest.mark.django_db


def test_inserts_skips_conflicts_fills_defaults_and_returns_the_new_rows(monkeypatch):
    TrackedKeyword.objects.create(name="Polaris")
    monkeypatch.setattr(db, "BATCH", 2)  # three statements for five rows
    rows = [["Nordlicht"], ["Polaris"], ["Aurora"], ["Nordlicht"], ["Kompass"]]
    returned = db.insert_rows(TrackedKeyword, ["name"], rows, returning=("id", "name"))
    stored = dict(TrackedKeyword.objects.values_list("name", "id"))
    assert set(stored) == {"Polaris", "Nordlicht", "Aurora", "Kompass"}
    if connection.features.can_return_rows_from_bulk_insert:
        assert sorted(returned) == sorted((stored[name], name) for name in ("Nordlicht", "Aurora", "Kompass"))
    # The model's defaults, not NULL.
    assert set(TrackedKeyword.objects.values_list("aliases", "active")) == {("", True)}


def test_without_returning_support_the_caller_is_told_to_read_back(monkeypatch):
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    assert db.insert_rows(TrackedKeyword, ["name"], [["Nordlicht"]], returning=("id",)) is None
    assert TrackedKeyword.objects.filter(name="Nordlicht").exists()


@pytest.mark.django_db(transaction=True)
def test_the_case_constraint_migration_names_the_clashing_rows_instead_of_failing_obscurely():
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "portal", "0005", verbosity=0)
    try:
        old_state = MigrationExecutor(connection).loader.project_state(
            ("portal", "0005_email_unique_message")
        )
        Department = old_state.apps.get_model("portal", "Department")
        Department.objects.create(name="Vertrieb")
        Department.objects.create(name="vertrieb")
        with pytest.raises(RuntimeError, match="“Vertrieb” / “vertrieb”.*Rename one of each"):
            call_command("migrate", "portal", "0006", verbosity=0)
        Department.objects.filter(name="vertrieb").update(name="Vertrieb Süd")
    finally:
        call_command("migrate", verbosity=0)
