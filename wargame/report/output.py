"""Writing reports to disk: the only file output of the report package (through wargame.files:
a temporary file and a rename, never over an existing file without `force`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wargame.files import write_atomic


def write_text(path: Path, text: str, force: bool = False) -> None:
    write_atomic(path, text, force=force)


def write_json(path: Path, data: Any, force: bool = False) -> None:
    write_text(path, json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n", force)
