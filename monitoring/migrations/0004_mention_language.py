from django.db import migrations, models


def guess_languages(apps, schema_editor):
    """Mentions stored before: their language from their text (their search vectors stay valid)."""
    from monitoring.language import ENGLISH, guess_language
    from portal.lib.html import html_to_text

    Mention = apps.get_model("monitoring", "Mention")
    english = [
        pk
        for pk, title, summary, content in Mention.objects.values_list(
            "pk", "title", "summary", "content"
        ).iterator()
        if guess_language(f"{title} {html_to_text(summary)} {html_to_text(content)}") == ENGLISH
    ]
    for start in range(0, len(english), 1000):
        Mention.objects.filter(pk__in=english[start : start + 1000]).update(language=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_mention_assigned_to"),
    ]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="language",
            field=models.CharField(
                choices=[("de", "German"), ("en", "English")],
                default="de",
                editable=False,
                max_length=2,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(guess_languages, migrations.RunPython.noop, elidable=True),
    ]
