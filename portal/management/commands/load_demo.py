from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import DEMO_PASSWORD, ROLE_USERS

# People first; each feature app adds its content through its own demo module.
DEMO_APPS = ["portal", "guidelines", "contacts", "training", "monitoring"]


class Command(BaseCommand):
    help = "Create demo departments, people and content. Safe to run again."

    def handle(self, *args, **options) -> None:
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            with transaction.atomic():
                import_module(f"{app}.demo").load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with:"))
        for email, *_rest in ROLE_USERS:
            self.stdout.write(f"  {email} / {DEMO_PASSWORD}")
