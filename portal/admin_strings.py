"""Strings of Django admin, django-simple-history and django-allauth that their catalogues leave out or word unlike the portal.

Named here with ``gettext_noop`` so that ``makemessages`` keeps them in our catalogue, which
``LOCALE_PATHS`` puts before Django's. Keep every msgid exactly as Django writes it.
"""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = [
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("View history: %s"),  # simple-history's title of a history page HR may only read
    # The user pages superusers see (django.contrib.auth's forms and templates, Django 5.1+).
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may "
        "still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Reset password"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("This action will <strong>disable</strong> password-based authentication for this user."),
]

# django-allauth's sign-in and password forms: its English capitalises and says "email", the
# portal says "e-mail"; its German catalogue leaves the lock-out message out.
ALLAUTH_MESSAGES = [
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
]
