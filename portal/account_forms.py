"""allauth's password forms as the portal says them (``ACCOUNT_FORMS``).

Apart from ``portal.forms``: allauth's forms module imports the signup form named in the
settings from there.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


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
