"""Keep whether somebody read a mention, not when (no reading statistics, not even stored)."""

from django.db import migrations, models


def to_flag(apps, schema_editor):
    apps.get_model("monitoring", "MentionState").objects.filter(read_at__isnull=False).update(read=True)


def to_time(apps, schema_editor):
    # Going back: the moment is gone; the migration's own time stands in for it.
    from django.utils import timezone

    apps.get_model("monitoring", "MentionState").objects.filter(read=True).update(read_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0013_mention_assignment_note")]

    operations = [
        migrations.AddField(model_name="mentionstate", name="read", field=models.BooleanField(default=False)),
        migrations.RunPython(to_flag, to_time, elidable=True),
        migrations.RemoveField(model_name="mentionstate", name="read_at"),
    ]
