"""allauth's signup and password forms as the portal says them (``ACCOUNT_FORMS``).

Apart from ``portal.forms``: allauth's forms module imports the signup form named in the
settings from there.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(allauth_forms.SignupForm):
    """No password at signup: it is chosen once the address is confirmed (portal.adapters).
    Chosen before, whoever signed up with somebody else's address had that account as soon as
    its owner, puzzled, confirmed it.

    A signup never confirmed (the mail lost, or somebody else's typing) is nobody's account:
    signing up again starts afresh, instead of "an account exists" for good."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("password1", None)
        self.fields.pop("password2", None)

    def validate_unique_email(self, value):
        from portal.models import User

        User.unconfirmed_signups(value).delete()
        return super().validate_unique_email(value)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """ "E-mail address", as the sign-in page asks (allauth's label is "Email:")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs["placeholder"] = _("E-mail address")


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    """The current password typed again as the new one is no change: it said "changed" and mailed
    the account a security notice about it."""

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("oldpassword"), cleaned.get("password1")
        if old and new and old == new and "oldpassword" not in self.errors:
            self.add_error(
                "password1", forms.ValidationError(_("The new password is the same as the current one."))
            )
        return cleaned
