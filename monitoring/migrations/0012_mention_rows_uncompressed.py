"""PostgreSQL keeps a mention's row uncompressed up to a full page (8 KB) instead of 2 KB.

Most mentions (title, teaser, article HTML and its search vector) are 2 to 4 KB:
above PostgreSQL's default threshold, so nearly every insert compressed them
(measured with bench/polling.py's feeds: about 1.5 ms of the 10 ms PostgreSQL
spends storing a feed's 50 mentions), and every read decompressed them again.
Rows past 8 KB are still compressed and moved out of line as before. The price
is disk space.
"""

from django.db import migrations


def set_target(target):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            option = f"SET (toast_tuple_target = {target})" if target else "RESET (toast_tuple_target)"
            schema_editor.execute(f"ALTER TABLE monitoring_mention {option}")

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0011_alter_mention_flagged"),
    ]

    operations = [
        migrations.RunPython(set_target(8160), set_target(None), elidable=False),
    ]
