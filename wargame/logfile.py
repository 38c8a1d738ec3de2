"""Game logs on disk: append-only JSONL, each committed record flushed and fsync'ed, one writer at a time.

This is the only module that touches log files. A process killed mid-write leaves at most one
partial last line; `read_log` sets it aside (and says so) and keeps every complete record.

One writer per log: a new log is created atomically (O_EXCL, so two games can never both start
it) and every writer, a resumed one included, holds an exclusive `flock` for its whole life. A
second writer is refused at once with the pid of the one holding it (noted in a small file beside
the log, `.NAME.pid`, removed on close). A resumed log is read only once the lock is held, so no
writer ever appends to a log that changed under it. Where `fcntl` does not exist (Windows) only
the O_EXCL half applies.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from wargame.errors import LogError
from wargame.files import CLOEXEC, NOFOLLOW, NONBLOCK, FileProblem, describe_os_error, read_capped, read_open

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

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


def read_log(path: str | os.PathLike[str], fd: int | None = None) -> LogContents:
    """Read a log's complete lines (through `fd` when it is open); a final line without its newline
    is reported as truncated."""
    try:
        data = read_capped(path, MAX_LOG_BYTES, "game log") if fd is None else read_open(fd, path, MAX_LOG_BYTES, "game log")
    except FileProblem as exc:
        raise LogError(str(exc)) from None
    return _contents(Path(path), data)


def _contents(p: Path, data: bytes) -> LogContents:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LogError(f"{p}: line {line} is not UTF-8 text; not a game log") from None
    if not text.strip():
        raise LogError(f"{p}: the log is empty")
    parts = text.split("\n")
    tail = parts.pop()  # text after the last newline: empty when the file ends cleanly
    lines = [line for line in parts if line.strip()]
    complete = len(data) - len(tail.encode("utf-8"))
    return LogContents(lines, tail if tail.strip() else None, p, complete)


class LogWriter:
    """The one writer of a log: appends lines, making each durable before the game goes on.

    `LogWriter(path)` starts a new log (refusing an existing file); `LogWriter.resume(path)` locks an
    existing one and reads it (`contents`) before anything is appended."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.contents: LogContents | None = None
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | NOFOLLOW | CLOEXEC, 0o644)
        except FileExistsError:
            holder = _holder(self.path)
            if holder:
                raise LogError(f"{self.path}: {holder} is writing this log; choose another --log") from None
            raise LogError(f"{self.path}: already exists; choose another --log or resume it with --resume") from None
        except OSError as exc:
            raise LogError(f"{self.path}: cannot write: {describe_os_error(exc)}") from None
        self._fd = fd
        self._lock()

    @classmethod
    def resume(cls, path: str | os.PathLike[str]) -> LogWriter:
        """Lock an existing log for appending, then read it; a partial last line is cut off."""
        writer = cls.__new__(cls)
        writer.path = Path(path)
        try:
            fd = os.open(writer.path, os.O_RDWR | os.O_APPEND | NOFOLLOW | CLOEXEC | NONBLOCK)
        except OSError as exc:
            raise LogError(f"{writer.path}: cannot open for writing: {describe_os_error(exc)}") from None
        writer._fd = fd
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise LogError(f"{writer.path}: is not a regular file; not a game log")
            writer._lock()
            contents = read_log(writer.path, fd)  # read under the lock: nobody can append meanwhile
            if contents.truncated_tail is not None:
                os.ftruncate(fd, contents.complete_bytes)
                os.fsync(fd)
            writer.contents = contents
        except BaseException:
            writer.close()
            raise
        return writer

    def _lock(self) -> None:
        if fcntl is None:  # pragma: no cover - Windows
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(self.path) or "another process"
            os.close(self._fd)
            self._fd = -1
            raise LogError(f"{self.path}: {holder} is writing this log; only one writer at a time") from None
        _note_holder(self.path)

    def __call__(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as exc:
            raise LogError(f"{self.path}: cannot write the game log: {describe_os_error(exc)}; "
                           "every record before this one is kept") from None

    def close(self) -> None:
        if getattr(self, "_fd", -1) < 0:
            return
        with contextlib.suppress(OSError):
            _pid_note(self.path).unlink()
        os.close(self._fd)  # releases the lock
        self._fd = -1

    def __enter__(self) -> LogWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _pid_note(path: Path) -> Path:
    return path.with_name(f".{path.name}.pid")


def _note_holder(path: Path) -> None:
    """Leave this process's pid beside the log, for the message a second writer gets (best effort)."""
    try:
        fd = os.open(_pid_note(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW | CLOEXEC, 0o644)
    except OSError:
        return
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass
    finally:
        os.close(fd)


def _holder(path: Path) -> str | None:
    """'another wargame (pid N)' when a live writer holds the log's lock, else None."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | CLOEXEC | NONBLOCK)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        pid = _read_pid(path)
        return f"another wargame (pid {pid})" if pid else "another process"
    finally:
        os.close(fd)  # also drops a shared lock taken just now
    return None


def _read_pid(path: Path, wait: float = 1.0) -> int | None:
    """The pid in the note beside the log, if it names a live process. The holder writes the note
    just after taking the lock, so a writer refused in that instant waits a moment for it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            text = read_capped(_pid_note(path), 64, "pid note").decode("ascii", errors="replace").strip()
        except FileProblem:
            text = ""
        if text.isdigit() and _alive(int(text)):
            return int(text)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but belongs to someone else
    return True
