"""Keep whether the asker read the answer, not when (no reading statistics, not even stored)."""

from django.db import migrations, models


def to_flag(apps, schema_editor):
    apps.get_model("contacts", "Question").objects.filter(answer_seen_at__isnull=False).update(
        answer_seen=True
    )


def to_time(apps, schema_editor):
    # Going back: the moment is gone; the migration's own time stands in for it.
    from django.utils import timezone

    apps.get_model("contacts", "Question").objects.filter(answer_seen=True).update(
        answer_seen_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0012_english_twins")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="answer_seen",
            field=models.BooleanField(default=False, verbose_name="answer read by the asker"),
        ),
        migrations.RunPython(to_flag, to_time, elidable=True),
        migrations.RemoveField(model_name="question", name="answer_seen_at"),
    ]
