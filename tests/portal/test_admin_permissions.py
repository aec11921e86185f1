"""The permissions in the admin's user and group forms read in the reader's language (Django
listed the English names it stored: "Can add user", "Can view historical taboo topic")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from guidelines.models import TabooTopic
from portal.admin_permissions import permission_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("de", ["Leitlinien | Tabuthema: hinzufügen", "Leitlinien | Tabuthema (Verlauf): ansehen", "Portal | Benutzer: löschen"]),
        ("en", ["Guidelines | Taboo topic: add", "Guidelines | Taboo topic (history): view", "Portal | User: delete"]),
    ],
)  # fmt: skip
def test_the_user_and_group_pages_list_permissions_in_the_readers_language(
    superuser_client, employee, language, labels
):
    group = Group.objects.create(name="Testgruppe")
    for url in (
        reverse("admin:portal_user_change", args=[employee.pk]),
        reverse("admin:auth_group_change", args=[group.pk]),
    ):
        page = superuser_client.get(url, headers={"accept-language": language}).text
        for label in labels:
            assert f">{label}</option>" in page
        assert "Can add" not in page
        assert "historical" not in page


def test_a_permission_of_its_own_keeps_its_name_translated_where_we_have_it():
    content_type = ContentType.objects.get_for_model(TabooTopic)
    ours = Permission.objects.create(
        content_type=content_type, codename="check_tabootopic", name="Guidelines"
    )
    theirs = Permission.objects.create(
        content_type=content_type, codename="export_tabootopic", name="Can export taboo topics"
    )
    with translation.override("de"):
        assert permission_label(ours) == "Leitlinien | Tabuthema: Leitlinien"
        assert permission_label(theirs) == "Leitlinien | Tabuthema: Can export taboo topics"


def test_a_permission_of_a_removed_model_keeps_its_stored_name():
    gone = ContentType.objects.create(app_label="removed", model="thing")
    permission = Permission.objects.create(content_type=gone, codename="add_thing", name="Can add thing")
    with translation.override("de"):
        assert permission_label(permission) == "thing | Can add thing"


def test_every_model_in_the_permission_lists_has_a_german_name(admin_client):
    """ "Portal | Deleted links: hinzufügen", "Erwähnungen | Mention state", "deleted linkss":
    models without translated names, and Django's plural of them with an s."""
    page = admin_client.get(reverse("admin:auth_group_add")).text
    for english in (
        "Deleted links",
        "Sent digest",
        "Deleted mention",
        "Digest delivery",
        "Mention state",
        "Fragestellungs",
    ):
        assert english not in page, english
    assert "Gelöschte Erwähnung" in page or "gelöschte Erwähnung" in page


def test_hr_opening_a_persons_account_asks_about_their_roles_once(
    client, hr, employee, django_assert_num_queries
):
    """Whether the account is a privileged one was asked seven times a page: two queries each."""
    from django.urls import reverse

    client.force_login(hr)
    url = reverse("admin:portal_user_change", args=[employee.pk])
    client.get(url)
    with django_assert_num_queries(14):  # session, HR's roles, the person, their roles once, the form …
        assert client.get(url).status_code == 200
