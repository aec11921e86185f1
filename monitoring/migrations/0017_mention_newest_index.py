"""The mention list's deep pages by an index of (published_at DESC, id DESC), its order: a page's
ids are read from the index alone. It replaces the index of published_at alone, which it starts with."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0016_canonical_hash_without_scheme")]

    operations = [
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(fields=["-published_at", "-id"], name="mention_newest_idx"),
        ),
        migrations.AlterField(
            model_name="mention",
            name="published_at",
            field=models.DateTimeField(verbose_name="published"),
        ),
    ]
