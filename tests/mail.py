"""A mail backend that refuses some recipients, as an SMTP server does (see ``refuse_mail_to``)."""

from __future__ import annotations

import smtplib

from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & self.refused
            if refused:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user") for address in refused})
        return super().send_messages(messages)
