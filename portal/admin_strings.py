"""Django admin's and django-simple-history's own strings that their German catalogues leave out.

Named here with ``gettext_noop`` so that ``makemessages`` keeps them in our catalogue, which
``LOCALE_PATHS`` puts before Django's. Keep every msgid exactly as Django writes it.
"""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = [
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("View history: %s"),  # simple-history's title of a history page HR may only read
]
