"""Demo people: departments, one user per role, and colleagues to fill the lists."""

from __future__ import annotations

import random

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.models import Department, User
from portal.roles import Role

DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo login, only in load_demo

# German name → English name
DEPARTMENTS = {
    "Vertrieb": "Sales",
    "Marketing": "Marketing",
    "Unternehmenskommunikation": "Corporate Communications",
    "Personal": "Human Resources",
    "Entwicklung": "Engineering",
    "Kundenservice": "Customer Service",
    "Finanzen": "Finance",
    "Recht": "Legal",
}

# (e-mail, full name, department, roles, superuser)
ROLE_USERS = [
    ("employee@example.com", "Erika Mustermann", "Vertrieb", [], False),
    ("hr@example.com", "Hanna Richter", "Personal", [Role.HR], False),
    ("comms@example.com", "Clara Obermeier", "Unternehmenskommunikation", [Role.COMMUNICATIONS], False),
    ("advisor@example.com", "Anton Vogel", "Recht", [Role.ADVISOR], False),
    ("admin@example.com", "Alex Admin", "Entwicklung", [], True),
]

FIRST_NAMES = [
    "Lena",
    "Jonas",
    "Mia",
    "Lukas",
    "Sophie",
    "Leon",
    "Emilia",
    "Felix",
    "Hannah",
    "Paul",
    "Marie",
    "Elias",
    "Lea",
    "Noah",
    "Clara",
    "Ben",
    "Anna",
    "Finn",
    "Laura",
    "Tim",
    "Aylin",
    "Mehmet",
    "Olga",
    "Piotr",
    "Chiara",
    "Jan",
    "Greta",
    "David",
    "Sara",
    "Tom",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Yılmaz",
    "Kowalski",
]
COLLEAGUES = 50


def _ensure_user(email: str, full_name: str, department: Department, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "department": department, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    # The demo addresses are known to be right: no verification mail needed.
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load(stdout) -> None:
    departments = {
        name: Department.objects.get_or_create(name=name, defaults={"name_en": name_en})[0]
        for name, name_en in DEPARTMENTS.items()
    }
    # A demo loaded before departments had English names gets them now.
    for name, name_en in DEPARTMENTS.items():
        Department.objects.filter(name=name, name_en="").update(name_en=name_en)
    for email, name, department, roles, superuser in ROLE_USERS:
        extra = {"is_superuser": True, "is_staff": True} if superuser else {}
        user = _ensure_user(email, name, departments[department], **extra)
        for role in roles:
            user.groups.add(Group.objects.get(name=role.value))

    rng = random.Random(42)  # noqa: S311 - the same colleagues on every machine
    names = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    for first, last in names[:COLLEAGUES]:
        local = f"{first}.{last}".lower()
        local = local.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ı", "i")
        _ensure_user(f"{local}@example.com", f"{first} {last}", departments[rng.choice(list(DEPARTMENTS))])
    stdout.write(f"  people: {len(ROLE_USERS) + COLLEAGUES} accounts in {len(departments)} departments")
