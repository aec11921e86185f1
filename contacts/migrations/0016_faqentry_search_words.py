from django.db import migrations, models


def fill(apps, schema_editor):
    # Historical models have no save() of their own: the words as save() keeps them. Topics
    # again too: their words now leave out every stop word, not only a few filler words.
    from contacts.search import beginning_words

    AdvisorTopic = apps.get_model("contacts", "AdvisorTopic")
    for topic in AdvisorTopic.objects.only("name", "name_en").iterator():
        topic.search_words = beginning_words(topic.name, topic.name_en)
        topic.save(update_fields=["search_words"])
    FaqEntry = apps.get_model("contacts", "FaqEntry")
    for entry in FaqEntry.objects.only("title", "title_en", "answer", "answer_en").iterator():
        entry.search_words = beginning_words(entry.title, entry.title_en, entry.answer, entry.answer_en)
        entry.save(update_fields=["search_words"])


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0015_advisortopic_search_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="faqentry",
            name="search_words",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
