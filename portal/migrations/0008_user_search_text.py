from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_email_unique_message_field"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
    ]
