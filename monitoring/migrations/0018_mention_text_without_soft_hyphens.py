"""Stored mentions lose their soft hyphens and zero-width spaces, as new ones do on ingest
(``ParsedEntry.cleaned``): German news sites break long words with them ("Über&shy;nahme"), and no
search found such a word — PostgreSQL's parser splits it there, and a substring search missed it.

Only rows that have one change (their search vector is computed again). In batches, each its own
transaction, so that polls and the comms team's work go on meanwhile; run again, it changes
nothing more. The characters as in ``portal.lib.html._INVISIBLE_IN_WORDS`` (written out here: a
migration does not change with the code).
"""

import re

from django.db import migrations, transaction
from django.db.models import Q

BATCH = 500
INVISIBLE = "[\u00ad\u200b\u2060\ufeff]"
FIELDS = ("title", "summary", "content")


def drop_soft_hyphens(apps, schema_editor):
    Mention = apps.get_model("monitoring", "Mention")
    invisible = re.compile(INVISIBLE)
    having = Q()
    for name in FIELDS:
        having |= Q(**{f"{name}__regex": INVISIBLE})
    last = 0
    while True:
        with transaction.atomic():
            rows = list(
                Mention.objects.select_for_update()
                .filter(having, pk__gt=last)
                .order_by("pk")
                .only("pk", *FIELDS)[:BATCH]
            )
            if not rows:
                return
            last = rows[-1].pk
            for row in rows:
                for name in FIELDS:
                    setattr(row, name, invisible.sub("", getattr(row, name)))
            Mention.objects.bulk_update(rows, FIELDS)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("monitoring", "0017_mention_newest_index")]

    operations = [
        migrations.RunPython(drop_soft_hyphens, migrations.RunPython.noop, elidable=True),
    ]
