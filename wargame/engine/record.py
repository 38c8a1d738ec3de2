"""Log records as canonical JSON, chained by SHA-256 and optionally signed by the table that wrote them.

A record is a plain dict. Its line in the log is the canonical JSON of the record including
`prev` (the previous record's hash), `hash` (the SHA-256 of the canonical JSON without `hash` and
`sig`) and, in a signed log, `sig` (a signature of `hash`). Canonical means sorted keys, no spaces,
no NaN: the same record always gives the same bytes.

The engine never holds a key: a `Signer` is handed in by the caller (wargame.signing), and checking
signatures is done outside the engine too (wargame.verification). See docs/log-format.md.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

LOG_FORMAT = 2  # 2: public key in the header, a signature per record, `pause` records
READABLE_FORMATS = (1, 2)  # format 1 (unsigned) logs are still read, replayed and resumed
UNSIGNED_FIELDS = ("hash", "sig")  # what the hash does not cover
SIGNATURE_CONTEXT = b"wargame log record "  # signed message: this prefix + the record's hash (hex, ASCII)


class Signer(Protocol):
    """Signs each committed record of a game; `public` goes in the header as `key`."""

    @property
    def public(self) -> dict[str, str]: ...

    def sign(self, record_hash: str) -> str: ...


def canonical(record: dict[str, Any]) -> str:
    """The one serialisation of a record: sorted keys, compact, NaN refused."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def seal(record: dict[str, Any], prev: str) -> dict[str, Any]:
    """The record with its chain fields set (no signature); returns a new dict."""
    body = {k: v for k, v in record.items() if k not in UNSIGNED_FIELDS}
    body["prev"] = prev
    body["hash"] = hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()
    return body


def expected_hash(record: dict[str, Any]) -> str:
    """The hash a record should carry, recomputed from its other fields."""
    body = {k: v for k, v in record.items() if k not in UNSIGNED_FIELDS}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def signed_message(record_hash: str) -> bytes:
    """The bytes a record's signature covers: a fixed context and the record's hash."""
    return SIGNATURE_CONTEXT + record_hash.encode("ascii")


def unsigned(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its signature: what a replay, which holds no key, regenerates."""
    return {k: v for k, v in record.items() if k != "sig"}


def clean(value: float) -> float | None:
    """A float ready for JSON: rounded noise removed, NaN as null."""
    if value != value:  # NaN
        return None
    return float(round(float(value), 9)) + 0.0
