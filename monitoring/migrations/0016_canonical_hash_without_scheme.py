"""Mentions linked by "http://" get the link hash of their "https://" address (``canonical_url_hash``):
the same article from a blog's own feed (http) and from an alert (https) was stored twice.

Only a stored hash that is the old one of the stored link changes (not one a too long, cut link or
a feed's shared link left different or empty). A mention whose new hash another mention already
holds (the article stored twice before): the older keeps the hash, the other none (NULL, as a
mention without a link). Each batch its own transaction, so that polls and the comms team's work
go on meanwhile; run again, it changes nothing more. Tombstones (``DeletedMention``) keep their
hashes: they store no link to compute the new one from, and expire with retention.
"""

from django.db import migrations, transaction

BATCH = 2000


def rehash_http_links(apps, schema_editor):
    from monitoring.parsing import canonical_url, canonical_url_hash, sha256

    Mention = apps.get_model("monitoring", "Mention")
    last = 0
    while True:
        with transaction.atomic():
            rows = list(
                Mention.objects.select_for_update()
                .filter(pk__gt=last, url__istartswith="http:", canonical_hash__isnull=False)
                .order_by("pk")
                .values_list("pk", "url", "canonical_hash", "fetched_at")[:BATCH]
            )
            if not rows:
                return
            last = rows[-1][0]
            moving = {}
            for pk, url, stored, fetched_at in rows:
                new = canonical_url_hash(url)
                if new != stored and stored == sha256(canonical_url(url)):
                    moving[pk] = (new, fetched_at)
            if moving:
                _move(Mention, moving)


def _move(Mention, moving: dict) -> None:  # noqa: N803 - a model
    holders = {
        hash_: (fetched_at, pk)
        for pk, hash_, fetched_at in Mention.objects.select_for_update()
        .filter(canonical_hash__in=[new for new, _at in moving.values()])
        .values_list("pk", "canonical_hash", "fetched_at")
    }
    giving_up = []
    changed = []
    for pk, (new, fetched_at) in moving.items():
        holder = holders.get(new)
        if holder is not None and holder < (fetched_at, pk):
            new = None  # the older mention keeps the article's link
        elif holder is not None:
            giving_up.append(holder[1])
        changed.append(Mention(pk=pk, canonical_hash=new))
    if giving_up:  # first: the unique link is checked row by row
        Mention.objects.filter(pk__in=giving_up).update(canonical_hash=None)
    Mention.objects.bulk_update(changed, ["canonical_hash"])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("monitoring", "0015_mention_attention_index"),
    ]

    operations = [
        migrations.RunPython(rehash_http_links, migrations.RunPython.noop, elidable=True),
    ]
