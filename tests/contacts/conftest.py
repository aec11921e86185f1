from __future__ import annotations

import importlib

import pytest
from django.test import Client

from contacts.models import Advisor, AdvisorTopic
from portal.roles import Role
from tests.conftest import make_user
from tests.contacts.factories import AdvisorFactory, AdvisorTopicFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploads of a test never land in the real var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _languages(request):
    """The languages a migration adds. A test with real transactions (concurrency) empties the
    database when it ends; a database kept for the next run (--reuse-db) lacks them then."""
    if "django_db_setup" not in request.fixturenames:
        return
    from django.apps import apps

    from contacts.models import Language

    if not Language.objects.exists():
        importlib.import_module("contacts.migrations.0002_languages").add_languages(apps, None)
        importlib.import_module("contacts.migrations.0021_language_history").first_records(apps, None)


@pytest.fixture
def topic(db) -> AdvisorTopic:
    return AdvisorTopicFactory(name="Recht und UWG", name_en="Law and UWG", slug="recht-uwg")


@pytest.fixture
def other_topic(db) -> AdvisorTopic:
    return AdvisorTopicFactory(name="Krisenkommunikation", slug="krise")


@pytest.fixture
def advisor_profile(advisor, topic) -> Advisor:
    """The advisor persona's directory entry, on the topic."""
    return AdvisorFactory(user=advisor, name="Anton Vogel", email=advisor.email, topics=[topic])


@pytest.fixture
def second_advisor(db, topic) -> Advisor:
    user = make_user("berta@example.com", Role.ADVISOR, full_name="Berta Brandt")
    return AdvisorFactory(user=user, name="Berta Brandt", email=user.email, topics=[topic])


@pytest.fixture
def outsider_advisor(db, other_topic) -> Advisor:
    """An advisor on another topic: must never see questions on ``topic``."""
    user = make_user("otto@example.com", Role.ADVISOR, full_name="Otto Andere")
    return AdvisorFactory(user=user, name="Otto Andere", email=user.email, topics=[other_topic])


@pytest.fixture
def advisor_client(advisor, advisor_profile) -> Client:
    """A second browser for the advisor, next to ``employee_client`` (which is ``client``)."""
    other = Client()
    other.force_login(advisor)
    return other
