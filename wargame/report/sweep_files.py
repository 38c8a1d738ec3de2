"""A sweep's tidy table on disk: CSV (Python's shortest round-trip floats) and Parquet (pyarrow).

Both are written from the same named columns, in row order (variant, then policy), so two runs
of the same plan write the same bytes wherever their tasks ran.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from wargame.errors import WargameError
from wargame.sim.extras import require

TABLE_CSV = "table.csv"
TABLE_PARQUET = "table.parquet"
SUMMARY = "summary.json"


def csv_text(cols: dict[str, list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in zip(*cols.values(), strict=True):
        writer.writerow([repr(x) if isinstance(x, float) else x for x in row])
    return buf.getvalue()


def parquet_bytes(cols: dict[str, list[Any]]) -> bytes:
    pa = require("pyarrow", "the sweep's Parquet table")
    pq = require("pyarrow.parquet", "the sweep's Parquet table")
    types = {name: (pa.int64() if all(isinstance(x, int) for x in v) and v else
                    pa.string() if any(isinstance(x, str) for x in v) else pa.float64())
             for name, v in cols.items()}
    arrow = pa.table({name: pa.array(v, type=types[name]) for name, v in cols.items()})
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def write_outputs(folder: Path, cols: dict[str, list[Any]], summary: dict[str, Any]) -> list[Path]:
    """table.csv, table.parquet and summary.json in the folder (each replaced whole)."""
    written = []
    for name, data in ((TABLE_CSV, csv_text(cols).encode("utf-8")), (TABLE_PARQUET, parquet_bytes(cols)),
                       (SUMMARY, (json.dumps(summary, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8"))):
        written.append(write_bytes(folder / name, data))
    return written


def write_bytes(path: Path, data: bytes) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise WargameError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path
