"""German as Django has it, with the comma between date and time that German writes
("20. Dezember 2026, 14:00"; Django's "20. Dezember 2026 14:00" runs the two together)."""

from django.conf.locale.de.formats import *  # noqa: F403 - the whole locale, as Django's own modules do

DATETIME_FORMAT = "j. F Y, H:i"
