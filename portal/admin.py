from __future__ import annotations

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.text import format_lazy, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_conflicts import EditConflictAdmin
from portal.admin_history import HistoryAdmin
from portal.admin_permissions import permission_label
from portal.admin_site import CountedDeletePage
from portal.forms import OneLineTextAdmin, SafeTextForm
from portal.lib.i18n import fold
from portal.lib.numbers import grouped
from portal.models import Department, User
from portal.roles import Role, role_label

logger = logging.getLogger(__name__)


@admin.register(Department)
class DepartmentAdmin(CountedDeletePage, HistoryAdmin):
    deleted_objects_page = True
    deleted_objects_note = _(
        "A department comes back with the people, training campaigns and advisor profiles it had "
        "when it was deleted, except people and advisors given another department since (deleted "
        "before 29 November 2026: without them)."
    )
    list_display = ["name", "name_en", "member_count"]
    search_fields = ["name", "name_en"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_member_count=Count("members"))

    def consequences(self, objs):
        # Django's summary counts only what is deleted: people, campaigns and advisor profiles just
        # lose the department, unsaid (reports, the HR digest and late joiners go by it).
        from contacts.models import Advisor
        from training.models import Campaign

        people = User.objects.filter(department__in=objs).count()
        campaigns = Campaign.objects.filter(departments__in=objs).distinct().count()
        advisors = Advisor.objects.filter(department__in=objs).count()
        notes = []
        if people:
            notes.append(
                ngettext(
                    "%(count)s person belongs to it: they stay, without a department, until HR gives "
                    "them another.",
                    "%(count)s people belong to it: they stay, without a department, until HR gives "
                    "them another.",
                    people,
                )
                % {"count": grouped(people)}
            )
        if campaigns:
            notes.append(
                ngettext(
                    "%(count)s training campaign is for it: people who join later are no longer "
                    "enrolled through it.",
                    "%(count)s training campaigns are for it: people who join later are no longer "
                    "enrolled through them.",
                    campaigns,
                )
                % {"count": grouped(campaigns)}
            )
        if advisors:
            notes.append(
                ngettext(
                    "%(count)s advisor profile names it: it shows no department then.",
                    "%(count)s advisor profiles name it: they show no department then.",
                    advisors,
                )
                % {"count": grouped(advisors)}
            )
        if notes:
            notes.append(_("Restoring the department from the deleted departments gives it back to them."))
        return notes

    @admin.display(description=_("members"), ordering="_member_count")
    def member_count(self, obj: Department) -> int:
        return obj._member_count


def is_privileged(user: User) -> bool:
    """Whether ``user`` can do more than an employee (any role beyond Employee, a permission of
    their own, staff or superuser)."""
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.exclude(name=Role.EMPLOYEE).exists() or user.user_permissions.exists()


class ReplacesUnconfirmedSignup:
    """Mixed into the forms that add an account: a self-signup of the address never confirmed is
    nobody's (portal.adapters) and must not keep HR from adding the real person ("an account
    with this address exists"): it goes."""

    def clean_email(self):
        email = self.cleaned_data["email"]
        User.unconfirmed_signups(email).delete()
        return email


class UserCreationForm(ReplacesUnconfirmedSignup, SafeTextForm, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "department"]


class NewAccountForm(ReplacesUnconfirmedSignup, SafeTextForm, forms.ModelForm):
    """A new account created by HR: without a password. Whoever sets it could sign in as the
    person; they choose their own through "Forgot your password?" (or sign in with SSO)."""

    class Meta:
        model = User
        fields = ["email", "full_name", "department"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class UserEditForm(SafeTextForm, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class PasswordChangeForm(AdminPasswordChangeForm):
    # Django joins its help text to the warning when it is imported: in the language of that moment
    # (the first visitor's after a start, whatever the reader's), the warning not translated at all.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


class RoleFilter(admin.SimpleListFilter):
    """The groups filter with the roles' names in the page's language."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.value, role.label) for role in Role]

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value())
        return queryset


# The user admin's help for the language (the model's speaks to the person on their own profile).
PREFERRED_LANGUAGE_HELP = _(
    "Empty: the language of the person's browser. E-mails come in the language they last used the "
    "portal in; until they have used it (the invitation, say), in the portal's own language."
)


@admin.register(User)
class UserAdmin(OneLineTextAdmin, CountedDeletePage, EditConflictAdmin, BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    change_password_form = PasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "department", "is_active", "roles"]
    list_filter = ["is_active", "department", RoleFilter]
    list_select_related = ["department"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups", "user_permissions"]
    actions = ["send_invitation"]

    def consequences(self, objs):
        # An advisor's account: their open questions would wait for nobody (contacts.signals).
        from contacts.actions import handed_over_on_delete
        from contacts.models import Advisor

        return [handed_over_on_delete(Advisor.objects.filter(user__in=objs))]

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "department",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    # Roles stay in the hands of superusers (see DESIGN.md, "Users and roles").
    superuser_fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "department", "preferred_language"]}),
        (
            _("Roles and permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    # No password: setting someone's password is signing in as them (their anonymous
    # questions, what they read, their feed keys). People reset their own by e-mail.
    # No "last login" either: when somebody signs in is nothing HR needs to keep accounts.
    hr_fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Person"), {"fields": ["full_name", "department", "preferred_language"]}),
        (_("Status"), {"fields": ["is_active"]}),
        (_("Dates"), {"fields": ["date_joined"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_search_results(self, request, queryset, search_term):
        """Every word in the address or in the name as typed on any keyboard (``User.search_text``):
        "aydin" finds "Selin Aydın", "muller" and "mueller" find "Müller", as HR's finder on the
        training pages does. Django's search compared the name as stored. Also the people
        autocompletes (an advisor's account) search here."""
        for word in smart_split(search_term):
            if word[:1] in ('"', "'") and word[-1:] == word[0] and len(word) > 1:
                word = unescape_string_literal(word)
            queryset = queryset.filter(
                Q(email__icontains=word) | Q(full_name__icontains=word) | Q(search_text__contains=fold(word))
            )
        return queryset, False

    hr_add_fieldsets = [
        (
            None,
            {
                # The language too: the invitation goes in it (English for a colleague who reads
                # no German; without it, in the portal's language).
                "fields": ["email", "full_name", "department", "preferred_language"],
                "description": _(
                    "The person gets an e-mail with a link to choose their password (or, with single "
                    "sign-on, where to sign in)."
                ),
            },
        )
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets if request.user.is_superuser else self.hr_add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.hr_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = NewAccountForm
        form = super().get_form(request, obj, **kwargs)
        if "preferred_language" in form.base_fields:
            form.base_fields["preferred_language"].help_text = PREFERRED_LANGUAGE_HELP
        return form

    def save_model(self, request, obj, form, change):
        previous_address = form.initial.get("email")
        if not change and obj.is_active:
            # After the commit: a mail for an account whose saving failed would lead nowhere.
            # Asked for before saving, so it goes before the notices of the trainings the saving
            # assigns (training.signals): their links led to a sign-in with no password yet.
            transaction.on_commit(lambda: self._invite(request, [obj]))
        super().save_model(request, obj, form, change)
        # A new account's address is confirmed too: with company domains its owner, signed in by
        # the password reset link, was asked to confirm it by yet another e-mail.
        if not change or "email" in form.changed_data:
            from portal.adapters import use_sign_in_address

            use_sign_in_address(obj)
        if change and "email" in form.changed_data and previous_address:
            addresses = {"from_email": previous_address, "to_email": obj.email}
            _tell_owner(request, obj, "account/email/email_changed", addresses, email=previous_address)

    @admin.action(description=_("Send the sign-in invitation again"))
    def send_invitation(self, request, queryset):
        """A fresh link for someone whose invitation expired or got lost (not for deactivated accounts,
        nor for accounts in use: "an account has been created for you" to a long-standing user,
        with a link to choose a password, reads like phishing)."""
        active = queryset.filter(is_active=True)
        invited = [user for user in active if user.last_login is None and not user.has_usable_password()]
        self._invite(request, invited)
        if len(invited) < len(active):
            self.message_user(
                request,
                _(
                    "Accounts in use get no invitation: their owners sign in as always (a forgotten "
                    "password: “Forgotten your password?” on the sign-in page)."
                ),
                messages.WARNING,
            )
        if queryset.filter(is_active=False).exists():
            # Said whenever one was chosen: among others, it seemed to have been sent one.
            self.message_user(request, _("Deactivated accounts get no invitation."), messages.WARNING)

    def _invite(self, request, users):
        from portal.invitations import send_invitation

        sent = [user.email for user in users if send_invitation(user)]
        failed = [user.email for user in users if user.email not in sent]
        if sent:
            self.message_user(
                request,
                ngettext(
                    "An e-mail with the way to sign in went to %(addresses)s.",
                    "E-mails with the way to sign in went to %(addresses)s.",
                    len(sent),
                )
                % {"addresses": ", ".join(sent)},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                _(
                    "The e-mail to %(addresses)s could not be sent. The person can choose a password "
                    "through “Forgotten your password?” on the sign-in page, or you try again later "
                    "(action on the user list)."
                )
                % {"addresses": ", ".join(failed)},
                messages.WARNING,
            )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            # The address is the sign-in: whoever changes it can reset the password and sign in
            # as the person. A superuser changes it.
            fields.append("email")
        return fields

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(role_label(group.name) for group in obj.groups.all()))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: role_label(group.name)
        elif db_field.name == "user_permissions":
            field.label_from_instance = permission_label
        return field

    def has_change_permission(self, request, obj=None) -> bool:
        # HR may change plain employees only: whoever can set the password or the
        # e-mail address (then reset the password) of a superuser, a comms editor
        # or an advisor could sign in as them. Those accounts are read-only here.
        if obj is not None and not request.user.is_superuser:
            # Asked seven times for one page (form, buttons, inlines): two queries each time.
            if getattr(obj, "_privileged", None) is None:
                obj._privileged = is_privileged(obj)
            if obj._privileged:
                return False
        return super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if (
            obj is not None
            and request.method == "GET"
            and self.has_view_permission(request, obj)  # not on a 403 page: it would tell roles
            and not self.has_change_permission(request, obj)
        ):
            # Read-only without a word, HR could not tell why a leaver could not be deactivated.
            roles = sorted(str(role_label(g.name)) for g in obj.groups.all() if g.name != Role.EMPLOYEE)
            if obj.is_superuser:
                roles.insert(0, str(_("superuser")))
            if obj.user_permissions.exists():
                roles.append(str(_("permissions of its own")))
            if not roles:  # staff status alone
                roles.append(str(_("access to the administration")))
            messages.info(
                request,
                _(
                    "This account has a role beyond Employee (%(roles)s): only a superuser can change "
                    "it, also to deactivate it when the person leaves."
                )
                % {"roles": ", ".join(roles)},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        user = self.get_object(request, unquote(id))
        before = (user.password, user.has_usable_password()) if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if before is not None and request.method == "POST":
            user.refresh_from_db(fields=["password"])
            if user.password != before[0]:
                _tell_owner(
                    request,
                    user,
                    "account/email/password_changed" if before[1] else "account/email/password_set",
                )
        return response

    def has_delete_permission(self, request, obj=None) -> bool:
        # People are deactivated, never deleted, so their history stays.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def _tell_owner(request, user, template: str, context: dict | None = None, email: str | None = None) -> None:
    """The account's owner hears of a change to how it signs in made here, as of one made on their
    own pages (allauth's notice: when, from which address and browser): whoever took an account
    over would change these first. After the commit; a mail that fails is logged, the change stays."""
    from allauth.account.adapter import get_adapter
    from allauth.core.context import request_context

    def send() -> None:
        try:
            with request_context(request):  # allauth reads the request from its context
                get_adapter(request).send_notification_mail(
                    template, user, context, email=email or user.email
                )
        except Exception:
            logger.exception("The notice %s to account %s could not be sent", template, user.pk)

    transaction.on_commit(send)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """The portal's roles are groups that ``sync_roles`` keeps equal to the code after every
    ``migrate``: renamed or deleted, their members lost the role without a word; a permission
    added or taken away here was quietly set back by the next update. Their name and permissions
    are read-only and they cannot be deleted; other groups are the superusers' own."""

    list_display = ["label"]

    @admin.display(description=_("name"), ordering="name")
    def label(self, obj: Group) -> str:
        return role_label(obj.name)  # in the page's language, as the people pages name roles

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.name in Role.values:
            fields += ["name", "permissions"]
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.name in Role.values:
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.name in Role.values and request.method == "GET":
            messages.info(
                request,
                _(
                    "“%(role)s” is one of the portal's roles: its name and permissions are kept in step "
                    "with the portal (after every update) and cannot be changed here. People get a role "
                    "on their own page under Users."
                )
                % {"role": role_label(obj.name)},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field
