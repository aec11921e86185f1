from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import DEMO_PASSWORD, ROLE_USERS

# People first; each feature app adds its content through its own demo module.
DEMO_APPS = ["portal", "guidelines", "contacts", "training", "monitoring"]


class Command(BaseCommand):
    help = "Create demo departments, people and content. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Only into a database without any accounts (make run)."
        )
        parser.add_argument("--force", action="store_true", help="Load even with DEBUG off.")

    def handle(self, *args, if_empty: bool = False, force: bool = False, **options) -> None:
        # First: on a database with accounts --if-empty does nothing, whatever DEBUG says.
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database has accounts already: no demo data loaded (make demo loads it).")
            return
        if not (settings.DEBUG or force):
            superuser = next(email for email, *_rest, is_superuser in ROLE_USERS if is_superuser)
            raise CommandError(
                f"DEBUG is off: is this a production database? The demo adds a superuser "
                f"{superuser} with the password {DEMO_PASSWORD!r} and fifty made-up people. "
                "Set DEBUG=true, or pass --force to load it anyway."
            )
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            with transaction.atomic():
                import_module(f"{app}.demo").load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with:"))
        for email, *_rest in ROLE_USERS:
            self.stdout.write(f"  {email} / {DEMO_PASSWORD}")
