from django.db import IntegrityError, migrations


def reindex_on_sqlite(apps, schema_editor) -> None:
    # Indexes on LOWER(name) were built with SQLite's own LOWER, which left "Ä" as it was;
    # portal.signals now gives SQLite Python's, so the stored keys are computed again.
    if schema_editor.connection.vendor != "sqlite":
        return
    try:
        schema_editor.execute("REINDEX")
    except IntegrityError as error:
        raise RuntimeError(
            f"Two names differ only in capitals of umlauts ({error}). Rename one of them in the admin, "
            "then run the migration again."
        ) from error


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_names_ignore_case")]

    operations = [migrations.RunPython(reindex_on_sqlite, migrations.RunPython.noop, elidable=True)]
