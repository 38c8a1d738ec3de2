"""Game logs on disk: append-only JSONL, each committed record flushed and fsync'ed.

This is the only module that touches log files. A process killed mid-write leaves at most one
partial last line; `read_log` sets it aside (and says so) and keeps every complete record.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wargame.errors import LogError

MAX_LOG_BYTES = 200_000_000


@dataclass
class LogContents:
    lines: list[str]
    truncated_tail: str | None  # a partial last line left by a killed process, if any
    path: Path
    complete_bytes: int = 0  # length of the file up to and including the last newline

    @property
    def warning(self) -> str | None:
        if self.truncated_tail is None:
            return None
        return (
            f"{self.path}: the last record is incomplete ({len(self.truncated_tail)} bytes, "
            f"the game was probably stopped while writing); the {len(self.lines)} complete records before it are kept"
        )


def read_log(path: str | os.PathLike[str]) -> LogContents:
    """Read a log's complete lines; a final line without its newline is reported as truncated."""
    p = Path(path)
    try:
        if p.is_dir():
            raise LogError(f"{p}: is a directory, not a log")
        if p.stat().st_size > MAX_LOG_BYTES:
            raise LogError(f"{p}: larger than {MAX_LOG_BYTES:,} bytes; not a game log")
        data = p.read_bytes()
    except FileNotFoundError:
        raise LogError(f"{p}: no such file") from None
    except PermissionError:
        raise LogError(f"{p}: permission denied") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LogError(f"{p}: not a text file (not UTF-8)") from None
    if not text.strip():
        raise LogError(f"{p}: the log is empty")
    parts = text.split("\n")
    tail = parts.pop()  # text after the last newline: empty when the file ends cleanly
    lines = [line for line in parts if line.strip()]
    complete = len(data) - len(tail.encode("utf-8"))
    return LogContents(lines, tail if tail.strip() else None, p, complete)


class LogWriter:
    """Appends lines to a log, making each durable before the game goes on."""

    def __init__(self, path: str | os.PathLike[str], *, fresh: bool = True, repair: LogContents | None = None) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if repair is not None and repair.truncated_tail is not None:
            self._drop_partial_tail(repair)
        if fresh and self.path.exists() and self.path.stat().st_size > 0:
            raise LogError(f"{self.path}: already exists; choose another --log or resume it with --resume")
        try:
            self._file = open(self.path, "a", encoding="utf-8")
        except OSError as exc:
            raise LogError(f"{self.path}: cannot write: {exc.strerror or exc}") from None

    def _drop_partial_tail(self, contents: LogContents) -> None:
        """Cut a partial last line so new records start on a fresh line."""
        with open(self.path, "r+b") as f:
            f.truncate(contents.complete_bytes)
            f.flush()
            os.fsync(f.fileno())

    def __call__(self, line: str) -> None:
        self._file.write(line + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> LogWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
