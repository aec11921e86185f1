"""Fixed personas shared by all tests: employee, hr, comms, advisor, admin."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from portal.models import Department, User
from portal.roles import Role


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and other cached state must not leak between tests.
    cache.clear()


def make_user(email: str, *roles: Role, **extra) -> User:
    user = User.objects.create_user(email=email, password="secret-pass-123", **extra)
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def department(db) -> Department:
    return Department.objects.create(name="Vertrieb")


@pytest.fixture
def employee(db, department) -> User:
    return make_user("employee@example.com", full_name="Erika Mustermann", department=department)


@pytest.fixture
def hr(db) -> User:
    return make_user("hr@example.com", Role.HR, full_name="Hanna Richter")


@pytest.fixture
def comms(db) -> User:
    return make_user("comms@example.com", Role.COMMUNICATIONS, full_name="Clara Obermeier")


@pytest.fixture
def advisor(db) -> User:
    return make_user("advisor@example.com", Role.ADVISOR, full_name="Anton Vogel")


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser(email="admin@example.com", password="secret-pass-123")


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client


@pytest.fixture
def refuse_mail_to(settings):
    """The set of addresses the mail server refuses (add to it); the rest is delivered to the outbox."""
    from tests.mail import RefusingBackend

    settings.EMAIL_BACKEND = "tests.mail.RefusingBackend"
    RefusingBackend.refused = set()
    yield RefusingBackend.refused
    RefusingBackend.refused = set()


def posted_at_once(user, url: str, data: dict, times: int = 3) -> list[int]:
    """The status codes of ``times`` POSTs of ``data`` by ``user``, released together from their own
    threads and database connections (a double click without JavaScript). Skips the test on
    SQLite, which writes one at a time: only a database server races."""
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor == "sqlite":
        pytest.skip("needs a database server for real concurrency (the sequential cases are tested)")
    barrier = threading.Barrier(times)
    statuses = []

    def send():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def sent_drafts(page: str) -> list[str]:
    """The forms whose drafts ``page`` tells the browser tab to forget, their text sent
    (``data-drafts-sent``, read by static/js/keep-draft.js)."""
    found = re.search(r'<body[^>]* data-drafts-sent="([^"]*)"', page)
    return found.group(1).split() if found else []
