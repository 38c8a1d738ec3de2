"""Writing a command's product to a file or to standard output, with one-line errors.

Shared by `schema`, `new`, `diagram` and `keys export`: `-o FILE` writes the file (through a
temporary file and a rename; an existing file only with --force), no `-o` (or `-o -`) prints it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wargame.errors import WargameError


def emit(data: str | bytes, target: str | None, overwrite: bool = False) -> Path | None:
    """Write `data` to `target` (a path), or to stdout when target is None or '-'; returns the path written."""
    from wargame.files import write_atomic

    if target in (None, "-"):
        if isinstance(data, bytes):
            if sys.stdout.isatty():
                raise WargameError("refusing to print binary output to a terminal; give -o FILE")
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return None
    return write_atomic(str(target), data, force=overwrite)
