"""Writing a command's product to a file or to standard output, with one-line errors.

Shared by `schema`, `new` and `diagram`: `-o FILE` writes the file (optionally refusing to
overwrite), no `-o` (or `-o -`) prints it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wargame.errors import WargameError


def emit(data: str | bytes, target: str | None, overwrite: bool = True) -> Path | None:
    """Write `data` to `target` (a path), or to stdout when target is None or '-'; returns the path written."""
    if target in (None, "-"):
        if isinstance(data, bytes):
            if sys.stdout.isatty():
                raise WargameError("refusing to print binary output to a terminal; give -o FILE")
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return None
    path = Path(target)
    mode = ("w" if overwrite else "x") + ("b" if isinstance(data, bytes) else "")
    try:
        if path.is_dir():
            raise WargameError(f"{path}: is a directory; give a file name")
        if isinstance(data, bytes):
            with path.open(mode) as fh:
                fh.write(data)
        else:
            with path.open(mode, encoding="utf-8", newline="\n") as fh:
                fh.write(data)
    except FileExistsError:
        raise WargameError(f"{path}: already exists; not overwriting it (choose another name with -o)") from None
    except FileNotFoundError:
        raise WargameError(f"{path}: the folder {path.parent} does not exist") from None
    except PermissionError:
        raise WargameError(f"{path}: permission denied") from None
    except OSError as exc:
        raise WargameError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return path
