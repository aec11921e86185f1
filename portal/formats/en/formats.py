"""English as a company in Europe writes it: 27/11/2026, 27 Nov 2026, 14:00 (Django's "en" is
American: 11/27/2026 reads as 11 November to a German colleague; its "en_GB" has "2 p.m.", which
mails, 24-hour like the German ones, did not match, and "at 10 a.m.." ended a sentence twice)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 - the whole locale, as Django's own modules do

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
