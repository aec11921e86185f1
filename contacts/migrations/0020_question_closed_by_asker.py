from django.db import migrations, models


def unknown_for_those_closed_before(apps, schema_editor):
    apps.get_model("contacts", "Question").objects.filter(status="closed").update(closed_by_asker=None)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0019_alter_anonymousasking_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="closed_by_asker",
            field=models.BooleanField(
                default=False, editable=False, null=True, verbose_name="withdrawn by the asker"
            ),
        ),
        migrations.RunPython(unknown_for_those_closed_before, migrations.RunPython.noop, elidable=True),
    ]
