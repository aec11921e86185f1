from django.db import migrations, models


def fill(apps, schema_editor):
    from contacts.search import beginning_words

    AdvisorTopic = apps.get_model("contacts", "AdvisorTopic")
    for topic in AdvisorTopic.objects.only("name", "name_en").iterator():
        topic.search_words = beginning_words(topic.name, topic.name_en)
        topic.save(update_fields=["search_words"])


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0014_german_fallback_help"),
    ]

    operations = [
        migrations.AddField(
            model_name="advisortopic",
            name="search_words",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
