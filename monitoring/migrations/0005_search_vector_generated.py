"""Mention.search_vector becomes a column PostgreSQL generates from title, summary, content and language.

PostgreSQL computes it for every stored mention while adding the column.
Going back, the stored column is filled again as ingest wrote it before.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import monitoring.search


def index_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = "CASE language WHEN 'en' THEN 'english'::regconfig ELSE 'german'::regconfig END"
    schema_editor.execute(
        "UPDATE monitoring_mention SET search_vector = "  # noqa: S608 - constants only
        + " || ".join(
            f"setweight(to_tsvector({config}, {field}), '{weight}')"
            for field, weight in (("title", "A"), ("summary", "B"), ("content", "C"))
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_mention_language"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, index_again, elidable=True),
        migrations.RemoveIndex(model_name="mention", name="mention_search_idx"),
        migrations.RemoveField(model_name="mention", name="search_vector"),
        migrations.AddField(
            model_name="mention",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=monitoring.search.MentionSearchVector(),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=monitoring.search.SearchIndex(fields=["search_vector"], name="mention_search_idx"),
        ),
    ]
