"""Django admin's and django-simple-history's own strings that their German catalogues leave out.

Named here with ``gettext_noop`` so that ``makemessages`` keeps them in our catalogue, which
``LOCALE_PATHS`` puts before Django's. Keep every msgid exactly as Django writes it.
"""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = [
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # History pages are "Verlauf" throughout, as their button says (Django's German: "Änderungsgeschichte").
    gettext_noop("View history: %s"),  # simple-history's title of a history page HR may only read
    gettext_noop("Change history: %s"),
    gettext_noop("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    # simple-history's German quotes the button's name with straight quotes.
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
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
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    # Django's German reads "zu ähnlich zu E-Mail-Adresse" (no article before the field's name).
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("This action will <strong>disable</strong> password-based authentication for this user."),
    # The admin's save buttons: our "Save" is "Speichern", Django's German the others "Sichern …".
    gettext_noop("Save as new"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save and view"),
    # Django's German has "dass es es korrekt eingegeben wurde".
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password twice so "
        "we can verify you typed it in correctly."
    ),
    # Django's German: "Bitte das selbe Passwort zur Bestätigung erneut eingeben." ("dasselbe", and "Sie").
    gettext_noop("Enter the same password as before, for verification."),
]
