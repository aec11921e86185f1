"""The polling benchmark's own SQL keeps up with the mention table (it stores its archive by hand)."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection

from monitoring.models import Mention

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL"),
]


def _bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "polling.py"
    spec = importlib.util.spec_from_file_location("bench_polling", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_archive_of_older_mentions_is_stored_with_every_column_the_table_needs():
    bench = _bench()
    sentences = {
        "de": [f"Die Nordlicht Systems AG meldet heute Neuigkeiten Nummer {n}." for n in range(5)],
        "en": [f"Nordlicht Systems announced its news number {n} today." for n in range(5)],
    }

    bench.prefill_archive(sentences, 30)

    archived = Mention.objects.filter(source__name__startswith="Archive ")
    assert archived.count() == 30
    assert not archived.filter(unflagged_by_change=True).exists()
    assert {m.language for m in archived} == {"de", "en"}
