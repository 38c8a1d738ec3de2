"""Log records as canonical JSON, chained by SHA-256 so that any change or gap is detectable.

A record is a plain dict. Its line in the log is the canonical JSON of the record including
`prev` (the previous record's hash) and `hash` (the SHA-256 of the canonical JSON without `hash`).
Canonical means sorted keys, no spaces, no NaN: the same record always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

LOG_FORMAT = 1


def canonical(record: dict[str, Any]) -> str:
    """The one serialisation of a record: sorted keys, compact, NaN refused."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def seal(record: dict[str, Any], prev: str) -> dict[str, Any]:
    """The record with its chain fields set; returns a new dict."""
    body = {k: v for k, v in record.items() if k != "hash"}
    body["prev"] = prev
    body["hash"] = hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()
    return body


def expected_hash(record: dict[str, Any]) -> str:
    """The hash a record should carry, recomputed from its other fields."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def clean(value: float) -> float | None:
    """A float ready for JSON: rounded noise removed, NaN as null."""
    if value != value:  # NaN
        return None
    return float(round(float(value), 9)) + 0.0
