"""English as a company in Europe writes it: 27/11/2026, 27 Nov 2026 (Django's "en" is American:
11/27/2026 reads as 11 November to a German colleague)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 - the whole locale, as Django's own modules do
