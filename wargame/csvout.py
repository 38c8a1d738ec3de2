"""CSV that a spreadsheet opens safely: the one way the project writes CSV.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a
spreadsheet as a formula (formula injection: a team name such as `=HYPERLINK(...)`). Such cells
get a leading apostrophe, which spreadsheets show as text and do not keep. Numbers are written as
numbers (a negative number is not a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell: text that a spreadsheet would run as a formula is neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text with a header row; every cell through `safe_cell`."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\r\n")  # RFC 4180: a \r in a cell is quoted too
    writer.writerow({f: safe_cell(f) for f in fields})
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return buf.getvalue()
