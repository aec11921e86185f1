"""The admin's "needs attention" filter by an index of the few mentions colleagues asked about."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0014_mention_state_read_flag")]

    operations = [
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                condition=models.Q(needs_attention=True),
                fields=["-published_at"],
                name="mention_attention_idx",
            ),
        ),
    ]
