"""CSV downloads that open correctly in German Excel."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse

# Excel detects UTF-8 only with a byte order mark, and in a German locale it
# splits columns at semicolons, not commas.
BOM = "\ufeff"
DELIMITER = ";"
# Dates as ISO 8601, which Excel reads as dates in every language (01/11/2027 would be
# 1 November to a German Excel and 11 January to an American one).
DATE_FORMAT = "Y-m-d"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _neutralise(value: object) -> object:
    """Stop CSV injection: a cell starting with = + - @ would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """Stream ``rows`` as a download named ``filename`` (rows may be a generator)."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER)

    def lines():
        yield BOM + writer.writerow([_neutralise(v) for v in header])
        for row in rows:
            yield writer.writerow([_neutralise(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
