"""The languages advisors are most often asked in; Communications adds more in the admin."""

from django.db import migrations

LANGUAGES = [
    ("de", "Deutsch", "German"),
    ("en", "Englisch", "English"),
    ("fr", "Französisch", "French"),
    ("es", "Spanisch", "Spanish"),
    ("it", "Italienisch", "Italian"),
    ("pl", "Polnisch", "Polish"),
    ("tr", "Türkisch", "Turkish"),
    ("nl", "Niederländisch", "Dutch"),
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("contacts", "Language")
    for code, name, name_en in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
