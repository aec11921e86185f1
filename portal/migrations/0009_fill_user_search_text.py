from django.db import migrations

BATCH = 500


def fill(apps, schema_editor):
    """Each batch its own transaction: one transaction held the user table locked for every
    signed-in request (27 s at 50,000 people)."""
    from portal.lib.i18n import search_key

    User = apps.get_model("portal", "User")
    last = 0
    while True:
        users = list(
            User.objects.filter(pk__gt=last).exclude(full_name="").order_by("pk").only("full_name")[:BATCH]
        )
        if not users:
            return
        for user in users:
            user.search_text = search_key(user.full_name)
        User.objects.bulk_update(users, ["search_text"])
        last = users[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("portal", "0008_user_search_text"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
