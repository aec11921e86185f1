from __future__ import annotations

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from portal.roles import Role, has_role, role_permissions, role_required

pytestmark = pytest.mark.django_db


def test_migration_created_the_four_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_each_group_has_exactly_the_permissions_of_its_role():
    wanted = role_permissions()
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(wanted[role]), role


def test_nobody_but_superusers_can_change_roles():
    for role in Role:
        codenames = set(Group.objects.get(name=role.value).permissions.values_list("codename", flat=True))
        assert not codenames & {"add_group", "change_group", "delete_group", "change_permission"}


def test_new_users_join_employee(employee):
    assert list(employee.groups.values_list("name", flat=True)) == ["Employee"]


@role_required(Role.HR)
def hr_only(request):
    return HttpResponse("ok")


def test_role_required_admits_the_role_and_superusers_only(employee, hr, admin_user):
    request = RequestFactory().get("/")
    for user, allowed in [(employee, False), (hr, True), (admin_user, True)]:
        request.user = user
        if allowed:
            assert hr_only(request).status_code == 200
        else:
            with pytest.raises(PermissionDenied):
                hr_only(request)
    assert hr_only.required_roles == {"HR"}


def test_has_role_is_false_for_inactive_users(hr):
    hr.is_active = False
    assert not has_role(hr, Role.HR)


def test_hr_creates_accounts_but_cannot_grant_roles(client, hr, department):
    client.force_login(hr)
    response = client.post(
        reverse("admin:portal_user_add"),
        {
            "email": "new.colleague@example.com",
            "full_name": "Neue Kollegin",
            "department": department.pk,
            # HR sets no password: whoever knows it could sign in as the new colleague.
            "usable_password": "true",
            "password1": "Chosen-by-HR-2026!",
            "password2": "Chosen-by-HR-2026!",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    from portal.models import User

    created = User.objects.get(email="new.colleague@example.com")
    assert not created.has_usable_password()
    assert list(created.groups.values_list("name", flat=True)) == ["Employee"]
    add_page = client.get(reverse("admin:portal_user_add")).text
    assert 'name="password1"' not in add_page
    assert "Nachdem Sie das Konto angelegt haben" in add_page  # Django's own string, in German
    assert "eine E-Mail mit einem Link, über den sie ihr Passwort festlegt" in add_page
    # The new colleague chooses a password by e-mail.
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "new.colleague@example.com"})
    assert len(mail.outbox) == 1
    change_page = client.get(reverse("admin:portal_user_change", args=[created.pk])).text
    assert 'name="groups"' not in change_page
    assert 'name="is_superuser"' not in change_page


def test_hr_cannot_delete_people(client, hr, employee):
    client.force_login(hr)
    assert client.get(reverse("admin:portal_user_delete", args=[employee.pk])).status_code == 403


@pytest.fixture
def permitted(employee):
    """An employee a superuser gave a permission of their own (no role): privileged too."""
    from django.contrib.auth.models import Permission

    employee.user_permissions.add(Permission.objects.get(codename="change_tabootopic"))
    return employee


@pytest.mark.parametrize("victim", ["admin_user", "comms", "advisor", "hr", "permitted"])
def test_hr_cannot_take_over_privileged_accounts(client, hr, victim, request):
    # Setting the password (or the e-mail address, then resetting the password)
    # of a superuser, another role or someone with a permission of their own would let HR sign
    # in as them.
    target = request.getfixturevalue(victim)
    client.force_login(hr)
    password_url = reverse("admin:portal_user_change", args=[target.pk]).replace("/change/", "/password/")
    assert client.get(password_url).status_code == 403
    response = client.post(
        password_url,
        {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!", "usable_password": "true"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.check_password("Taken-over-2026!")
    change_url = reverse("admin:portal_user_change", args=[target.pk])
    page = client.get(change_url)
    assert page.status_code == 200  # HR still sees who is who
    if victim == "permitted":
        assert "(eigene Berechtigungen)" in page.text
    assert 'name="email"' not in page.text
    client.post(change_url, {"email": "hr-mailbox@example.com", "full_name": "x", "is_active": ""})
    target.refresh_from_db()
    assert target.email != "hr-mailbox@example.com"
    assert target.is_active


def test_hr_changes_neither_addresses_nor_passwords_of_employees(client, hr, employee):
    # Setting someone's password is signing in as them: their anonymous questions, what they
    # read, their feed keys. People reset their own by e-mail; superusers can help.
    client.force_login(hr)
    password_url = reverse("admin:portal_user_change", args=[employee.pk]).replace("/change/", "/password/")
    response = client.post(
        password_url,
        {"password1": "Neues-Passwort-2026!", "password2": "Neues-Passwort-2026!", "usable_password": "true"},
    )
    assert response.status_code == 403
    employee.refresh_from_db()
    assert not employee.check_password("Neues-Passwort-2026!")
    change_url = reverse("admin:portal_user_change", args=[employee.pk])
    page = client.get(change_url).text
    assert "/password/" not in page
    # The address is the sign-in: changed, a password reset would go to HR's mailbox.
    assert 'name="email"' not in page
    assert 'name="full_name"' in page  # names change, HR keeps them right
    client.post(change_url, {"email": "hr-mailbox@example.com", "full_name": "Erika Neu", "is_active": "on"})
    employee.refresh_from_db()
    assert employee.email != "hr-mailbox@example.com"


def test_hr_does_not_see_when_somebody_last_signed_in(client, hr, employee, admin_user):
    from django.utils import timezone

    type(employee).objects.filter(pk=employee.pk).update(last_login=timezone.now())
    url = reverse("admin:portal_user_change", args=[employee.pk])
    client.force_login(hr)
    assert "Letzte Anmeldung" not in client.get(url).text  # no surveillance
    client.force_login(admin_user)
    assert "Letzte Anmeldung" in client.get(url).text


@pytest.mark.parametrize("spelling", [str.upper, str])
def test_an_address_taken_in_any_capitals_is_refused_in_words_once(client, hr, employee, spelling):
    client.force_login(hr)
    response = client.post(
        reverse("admin:portal_user_add"),
        {"email": spelling(employee.email), "full_name": "Doppelt", "_save": "1"},
    )
    assert response.status_code == 200
    assert response.text.count("Es gibt bereits ein Konto mit dieser E-Mail-Adresse.") == 1
    assert "existiert bereits" not in response.text


def test_names_that_differ_only_in_capitals_are_refused(client, hr, department):
    client.force_login(hr)
    response = client.post(reverse("admin:portal_department_add"), {"name": department.name.upper()})
    assert response.status_code == 200
    assert "Es gibt bereits einen Eintrag mit diesem Namen" in response.text


@pytest.mark.parametrize(
    ("existing", "typed"), [("Außendienst", "AUSSENDIENST"), ("AUSSENDIENST", "Außendienst")]
)
def test_names_that_differ_only_in_how_a_sharp_s_is_capitalised_are_refused(client, hr, existing, typed):
    """The database lower-cases ("straße" ≠ "strasse"); people read "STRASSE" as "Straße"."""
    from portal.models import Department

    Department.objects.create(name=existing)
    client.force_login(hr)
    response = client.post(reverse("admin:portal_department_add"), {"name": typed})
    assert response.status_code == 200
    assert "Es gibt bereits einen Eintrag mit diesem Namen" in response.text
    assert Department.objects.count() == 1
    client.post(reverse("admin:portal_department_add"), {"name": "Außendienst Süd"})
    assert Department.objects.count() == 2
    # Twins from before can still be edited without renaming one.
    twin = Department.objects.create(name=typed)
    change = reverse("admin:portal_department_change", args=[twin.pk])
    assert client.post(change, {"name": typed, "name_en": "Field service"}).status_code == 302
    twin.refresh_from_db()
    assert twin.name_en == "Field service"


def test_roles_are_named_in_the_language_of_the_page(client, admin_user, hr, employee):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:portal_user_changelist")).text
    assert "Personalabteilung" in listing
    filtered = client.get(reverse("admin:portal_user_changelist"), {"role": "HR"}).text
    assert hr.email in filtered
    assert employee.email not in filtered
    picker = client.get(reverse("admin:portal_user_change", args=[employee.pk])).text
    assert ">Kommunikation</option>" in picker


def test_what_people_read_is_kept_as_whether_never_as_when():
    """No reading statistics, not even in the database: read state and "answer seen" are flags."""
    from contacts.models import Question
    from monitoring.models import MentionState

    assert [f.name for f in MentionState._meta.concrete_fields if isinstance(f, models.DateTimeField)] == []
    assert isinstance(MentionState._meta.get_field("read"), models.BooleanField)
    assert isinstance(Question._meta.get_field("answer_seen"), models.BooleanField)
    assert not any("seen" in f.name and isinstance(f, models.DateTimeField) for f in Question._meta.fields)


def test_names_typed_in_the_admin_lose_bidirectional_overrides(client, hr, department):
    """ "Evil\u202eName" reads backwards in every list and e-mail header; the profile form dropped it."""
    from portal.models import User

    client.force_login(hr)
    client.post(
        reverse("admin:portal_user_add"),
        {
            "email": "neu@example.com",
            "full_name": "Eva\u202e Neu\u0007",
            "department": department.pk,
            "_save": "1",
        },
    )
    assert User.objects.get(email="neu@example.com").full_name == "Eva Neu"


def test_hr_is_told_why_an_account_with_a_role_is_read_only(client, hr, comms, employee, admin_user):
    client.force_login(hr)
    page = client.get(reverse("admin:portal_user_change", args=[comms.pk])).text
    assert "(Kommunikation): Nur ein Superuser kann es ändern, auch um es zu deaktivieren" in page
    page = client.get(reverse("admin:portal_user_change", args=[admin_user.pk])).text
    assert "(Superuser): Nur ein Superuser" in page
    plain = client.get(reverse("admin:portal_user_change", args=[employee.pk])).text
    assert "Nur ein Superuser" not in plain
    # Communications may not see accounts: its 403 page names no roles.
    client.force_login(comms)
    refused = client.get(reverse("admin:portal_user_change", args=[hr.pk]))
    assert refused.status_code == 403
    assert "Nur ein Superuser" not in refused.text
    assert "Nur ein Superuser" not in client.get(reverse("admin:index")).text  # nor on the next page


def test_the_portals_roles_keep_their_names_and_permissions_in_the_admin(client, admin_user, hr):
    """A superuser could rename or delete a role's group (its members lost the role without a
    word) or change its permissions, which the next update's ``migrate`` quietly set back."""
    client.force_login(admin_user)
    group = Group.objects.get(name=Role.HR.value)
    permissions = set(group.permissions.all())
    url = reverse("admin:auth_group_change", args=[group.pk])
    page = client.get(url).text
    assert "Name und Berechtigungen hält das Portal selbst aktuell" in page
    client.post(url, {"name": "Personal", "permissions": []})
    group.refresh_from_db()
    assert group.name == Role.HR.value
    assert set(group.permissions.all()) == permissions
    assert client.get(reverse("admin:auth_group_delete", args=[group.pk])).status_code == 403
    client.post(
        reverse("admin:auth_group_changelist"),
        {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"},
    )
    assert Group.objects.filter(name=Role.HR.value).exists()
    assert hr.groups.filter(name=Role.HR.value).exists()
    # A group of the superusers' own stays theirs to rename and delete.
    own = Group.objects.create(name="Projekt X")
    client.post(reverse("admin:auth_group_change", args=[own.pk]), {"name": "Projekt Y", "permissions": []})
    own.refresh_from_db()
    assert own.name == "Projekt Y"
    client.post(reverse("admin:auth_group_delete", args=[own.pk]), {"post": "yes"})
    assert not Group.objects.filter(pk=own.pk).exists()


def test_the_group_list_names_the_roles_in_the_language_of_the_page(client, admin_user):
    client.force_login(admin_user)
    Group.objects.create(name="Projekt X")
    page = client.get(reverse("admin:auth_group_changelist")).text
    for label in ("Personalabteilung", "Kommunikation", "Mitarbeitende", "Ansprechpartner", "Projekt X"):
        assert f">{label}<" in page
    assert ">Communications<" not in page


def test_an_address_a_superuser_changes_no_longer_signs_in_nor_resets_the_account(client, admin_user, hr):
    """allauth signs in and sends password resets by its own address records, which the admin
    left as they were: the old address still signed in, and once HR gave it to a new colleague,
    "Forgotten your password?" sent them a link to the old account (and signed them in to it)."""
    from allauth.account.models import EmailAddress

    from portal.models import User
    from tests.conftest import make_user

    anna = make_user("anna.schmidt@example.com", full_name="Anna Schmidt")
    EmailAddress.objects.create(user=anna, email=anna.email, verified=True, primary=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:portal_user_change", args=[anna.pk]),
        {
            "email": "anna.berger@example.com",
            "full_name": "Anna Berger",
            "is_active": "on",
            "groups": list(anna.groups.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    client.logout()
    old = {"login": "anna.schmidt@example.com", "password": "secret-pass-123"}
    assert client.post(reverse("account_login"), old).status_code == 200  # refused
    new = {"login": "anna.berger@example.com", "password": "secret-pass-123"}
    assert client.post(reverse("account_login"), new).status_code == 302
    client.logout()

    client.force_login(hr)  # the old address goes to a new colleague
    client.post(
        reverse("admin:portal_user_add"), {"email": "anna.schmidt@example.com", "full_name": "Anna Schmidt"}
    )
    newcomer = User.objects.get(email="anna.schmidt@example.com")
    client.logout()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": "anna.schmidt@example.com"})
    assert len(mail.outbox) == 1
    # The link names the account by allauth's base-36 key ("yz" for 1259 on PostgreSQL).
    assert f"/password/reset/key/{user_pk_to_url_str(anna)}-" not in mail.outbox[0].body
    assert f"/password/reset/key/{user_pk_to_url_str(newcomer)}-" in mail.outbox[0].body


def test_a_superuser_setting_a_password_reads_its_help_in_their_own_language(client, admin_user, employee):
    """Django wrote the password switch's help once, in the language of the first visitor after a
    start (German for an English reader), and the warning that the old password goes in English."""
    client.force_login(admin_user)
    password_url = reverse("admin:auth_user_password_change", args=[employee.pk])
    english = client.get(password_url, headers={"accept-language": "en"}).text
    assert "Whether the user will be able to authenticate using a password or not." in english
    assert "If disabled, the current password for this user will be lost." in english
    assert "Ob sich die Person mit einem Passwort anmelden kann." not in english
    german = client.get(password_url, headers={"accept-language": "de"}).text
    assert "Ob sich die Person mit einem Passwort anmelden kann." in german
    assert 'id="id_unusable_warning"' in german  # Django's script shows the warning when switched off


def test_the_owner_hears_when_a_superuser_sets_their_password_or_changes_their_address(
    client, admin_user, django_capture_on_commit_callbacks
):
    """The README promises a notice for every change to how an account signs in; the admin's
    changes (which are signing in as that person) sent none."""
    from tests.conftest import make_user

    anna = make_user("anna.schmidt@example.com", full_name="Anna Schmidt")
    client.force_login(admin_user)
    password_url = reverse("admin:auth_user_password_change", args=[anna.pk])
    new = {"usable_password": "true", "password1": "Neues-Passwort-2026", "password2": "Neues-Passwort-2026"}
    with django_capture_on_commit_callbacks(execute=True):
        # The superuser reads English; Anna has no language of her own: the portal's (German).
        headers = {"user-agent": "Firefox/140", "accept-language": "en"}
        assert client.post(password_url, new, headers=headers).status_code == 302
    [notice] = mail.outbox
    assert notice.to == ["anna.schmidt@example.com"]
    assert notice.subject == "[Social-Media-Portal] Passwort geändert"
    assert "(Firefox/140)" in notice.body
    # A form error changes nothing and tells nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(password_url, {**new, "password2": "anders"})
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_user_change", args=[anna.pk]),
            {"email": "anna.berger@example.com", "full_name": "Anna Schmidt", "is_active": "on"},
        )
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == ["anna.schmidt@example.com"]  # the old address: whoever lost the account
    assert "anna.berger@example.com" in notice.body
    # Saving other fields tells nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:portal_user_change", args=[anna.pk]),
            {"email": "anna.berger@example.com", "full_name": "Anna Berger", "is_active": "on"},
        )
    assert mail.outbox == []
