"""Every app's history pages use the portal's translated templates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.monitoring.factories import SourceFactory
from tests.training.factories import ModuleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "factory", "url_name"),
    [
        ("hr", ModuleFactory, "admin:training_module_history"),
        ("comms", SourceFactory, "admin:monitoring_source_history"),
    ],
)
def test_history_page_is_german_and_has_no_empty_reason_column(client, request, persona, factory, url_name):
    client.force_login(request.getfixturevalue(persona))
    obj = factory()
    page = client.get(reverse(url_name, args=[obj.pk]))
    assert page.status_code == 200
    assert "Was hat sich geändert" in page.text or "Geändert von" in page.text
    assert "Change reason" not in page.text
    assert "Änderungsgrund" not in page.text


def test_a_foreign_key_set_from_empty_is_no_deleted_object(client, comms):
    from tests.contacts.factories import AdvisorFactory
    from tests.guidelines.factories import topic

    client.force_login(comms)
    finance = topic("Finanzen", "Umsatz")
    finance.spokesperson = AdvisorFactory(name="Jens Kaufmann")
    finance.save()
    page = client.get(reverse("admin:guidelines_tabootopic_history", args=[finance.pk])).text
    assert "Jens Kaufmann" in page
    assert "pk=None" not in page


def test_a_long_text_changed_is_shortened_with_an_ellipsis_not_english(client, comms):
    """simple-history shortened a long explanation as "…nicht s[272 chars]ng**." on German pages."""
    from tests.guidelines.factories import topic

    client.force_login(comms)
    finance = topic("Finanzen", "Umsatz")
    finance.explanation = "Über Zahlen spricht nur Investor Relations. " * 10
    finance.save()
    finance.explanation = finance.explanation.replace("nur", "allein", 1)
    finance.save()
    page = client.get(reverse("admin:guidelines_tabootopic_history", args=[finance.pk])).text
    assert "chars]" not in page
    assert "…" in page
