"""django-allauth hooks: who may sign up, and which users SSO creates."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.lib.html import drop_unsafe_characters
from portal.lib.mail import language_of, own_language, subject_prefix


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.ACCOUNT_ALLOWED_DOMAINS


def use_sign_in_address(user) -> None:
    """Make ``user.email`` the account's sign-in address in allauth's records too, confirmed: HR
    or a superuser set it in the admin. allauth signs in and sends password resets by those
    records: an address changed in the admin kept signing in, and once it was given to somebody
    else, their "Forgotten your password?" reset the old account. Any other account's record of
    the address is stale (addresses are unique to an account) and goes too."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    EmailAddress.objects.filter(email__iexact=user.email).exclude(user=user).delete()
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True, "primary": True}
    )


def language_for_address(email: str) -> str:
    """The language of the account ``email`` belongs to (a former address of it too, while
    allauth still has it on record; portal.lib.mail.own_language), or "" for none: the browser's."""
    from allauth.account.models import EmailAddress

    from portal.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        record = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = record.user if record is not None else None
    return own_language(user)


# Set on the request when an account without a password gets its first one (AccountAdapter).
_NEW_ACCOUNT_CHOOSING = "_portal_new_account_choosing"
# Set on the request to the account whose password is being set (a reset link's owner, not signed in).
_PASSWORD_OWNER = "_portal_password_owner"  # noqa: S105 - a request attribute
# In the session of a signup just confirmed: signed in, the next page is the one to choose a password.
CHOOSE_PASSWORD = "_portal_choose_password"  # noqa: S105 - a session key


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's says "Please type your current password." to someone who typed a wrong one.
        "enter_current_password": gettext_lazy("Your current password is not right."),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """In the recipient's language, as every mail of the portal: their profile's, not the
        browser's that asked for it (a German colleague's password reset from an English browser
        came in English, and the notice that the password changed too)."""
        user = context.get("user")
        with translation.override(
            own_language(user) or language_for_address(email) or translation.get_language()
        ):
            # allauth greets with the site's name, which without django.contrib.sites is the host
            # the request came to ("Hello from 127.0.0.1:8000!"): the portal's name and address.
            site = SimpleNamespace(name=_("Social Media Portal"), domain=urlsplit(settings.PORTAL_URL).netloc)
            super().send_mail(template_prefix, email, {"current_site": site, **context})

    def set_password(self, user, password: str) -> None:
        # A new account's first password, chosen through the invitation's link (a reset link), is
        # set, not changed: "password changed" and "your password has been reset — not you?" told
        # a new colleague something alarming on their first day (add_message, the notice below).
        if not user.has_usable_password() and self.request is not None:
            setattr(self.request, _NEW_ACCOUNT_CHOOSING, True)
        if self.request is not None:  # a reset link's: not signed in yet when "set" is said
            setattr(self.request, _PASSWORD_OWNER, user)
        super().set_password(user, password)

    def send_notification_mail(self, template_prefix: str, user, context=None, email=None) -> None:
        # The account's own language, whichever of its addresses the notice goes to (a changed
        # address's old one included); without one the portal's, as every mail's — not the language
        # of whoever changed it (a superuser in the admin, reading English).
        if template_prefix == "account/email/password_reset" and getattr(
            self.request, _NEW_ACCOUNT_CHOOSING, False
        ):
            template_prefix = "account/email/password_set"
        with translation.override(language_of(user)):
            super().send_notification_mail(template_prefix, user, context, email)

    def add_message(
        self, request, level, message_template=None, message_context=None, extra_tags="", message=None
    ):
        """In the language of the person signing in or out: their profile's, not the browser's
        (allauth writes "signed in as …" before the profile's language applies to the request)."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            user = getattr(request, _PASSWORD_OWNER, None)  # "Your password is set", from a reset link
        language = getattr(user, "preferred_language", "") if user is not None else ""
        with translation.override(language or translation.get_language()):
            if message_template == "account/messages/password_changed.txt" and getattr(
                request, _NEW_ACCOUNT_CHOOSING, False
            ):
                message_template, message = (
                    None,
                    _("Your password is set. Welcome to the Social Media Portal!"),
                )
            super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_http_user_agent(self, request) -> str:
        # allauth's English "Unspecified" stood in the German notice "(Unspecified)".
        return request.META.get("HTTP_USER_AGENT") or _("unknown browser")

    def format_email_subject(self, subject: str) -> str:
        return subject_prefix() + str(subject)

    def is_open_for_signup(self, request) -> bool:
        # Without company domains HR or an admin creates every account.
        return bool(settings.ACCOUNT_ALLOWED_DOMAINS)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        if settings.ACCOUNT_ALLOWED_DOMAINS and not email_domain_allowed(email):
            domains = ", ".join(settings.ACCOUNT_ALLOWED_DOMAINS)
            raise forms.ValidationError(
                _("Please use your company e-mail address (%(domains)s).") % {"domains": domains}
            )
        return email

    def save_user(self, request, user, form, commit=True):
        """A signed-up account is nobody until its address is confirmed: inactive, without a
        password (chosen after confirming, portal.signals.activate_on_confirmation)."""
        user = super().save_user(request, user, form, commit=False)
        user.is_active, user.awaiting_confirmation = False, True
        user.set_unusable_password()
        if commit:
            user.save()
        return user

    def pre_login(self, request, user, **kwargs):
        if user.awaiting_confirmation:
            return None  # on to the confirmation mail (allauth refuses inactive accounts here)
        return super().pre_login(request, user, **kwargs)

    def get_login_redirect_url(self, request) -> str:
        if request.session.pop(CHOOSE_PASSWORD, False) and not request.user.has_usable_password():
            return reverse("account_set_password")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request) -> str:
        # Signed in by the confirmation, in the signup's browser: a password to choose first.
        return self.get_login_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address) -> str:
        """Confirmed in another browser than the signup's (not signed in): a signed-up account has
        no password yet, and the way to choose one is the link the reset page sends."""
        if not self.request.user.is_authenticated and not email_address.user.has_usable_password():
            message = _(
                "Your address is confirmed. Enter it here to get the link for choosing your password."
            )
            messages.info(self.request, message)
            return reverse("account_reset_password")
        return super().get_email_verification_redirect_url(email_address)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # The identity provider is the company's own directory: whoever it
        # vouches for is an employee and gets an account on first sign-in. With
        # company domains set, only their addresses: a multi-tenant endpoint
        # (common/organizations) would otherwise let any outside account in.
        if not settings.ACCOUNT_ALLOWED_DOMAINS:
            return True
        return email_domain_allowed(sociallogin.user.email or "")

    def pre_social_login(self, request, sociallogin) -> None:
        """Signed in through the identity provider to an account signed up and never confirmed
        (perhaps by somebody else): the provider vouches for the address, so the account is its
        owner's now, active, under the name the provider gives (not the one typed at signup)."""
        from allauth.account.models import EmailAddress

        user = sociallogin.user
        if user.pk and user.awaiting_confirmation and not user.is_active:
            data = getattr(sociallogin.account, "extra_data", None) or {}
            user.full_name = _provider_name(data.get("name"), data.get("given_name"), data.get("family_name"))
            user.is_active = True  # no longer awaiting confirmation (User.save)
            user.save()
            EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
        super().pre_social_login(request, sociallogin)

    def populate_user(self, request, sociallogin, data):
        # allauth fills first_name and last_name, which the portal's accounts do not have: the
        # name the identity provider gives is the full name (greetings, HR's lists, advisors).
        user = super().populate_user(request, sociallogin, data)
        user.full_name = _provider_name(data.get("name"), data.get("first_name"), data.get("last_name"))
        return user


def _provider_name(name: str | None, first: str | None, last: str | None) -> str:
    """The full name an identity provider gives, as the portal stores one (its whole name, else
    the first and last name joined; one line, at most 150 characters)."""
    name = name or " ".join(filter(None, [first, last]))
    return " ".join(drop_unsafe_characters(name or "").split())[:150]
