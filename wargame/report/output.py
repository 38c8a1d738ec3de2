"""Writing reports to disk: the only file output of the report package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wargame.errors import WargameError


def write_text(path: Path, text: str) -> None:
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise WargameError(f"{path}: cannot write: {exc.strerror or exc}") from None


def write_json(path: Path, data: Any) -> None:
    write_text(path, json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
