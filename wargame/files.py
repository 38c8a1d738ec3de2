"""Reading inputs and writing outputs safely: the one place the wargame's commands touch files.

- Inputs are read only from regular files, up to a stated size (a FIFO, `/dev/zero` or a folder is
  refused at once instead of read without end), so one bad path cannot hang a command.
- Outputs go to a temporary file beside the target, made durable, then renamed into place: a full
  disk or a crash leaves the old file whole. An existing file is replaced only when asked
  (`force`); a symbolic link is replaced as a link, never written through; no output may be one of
  the command's own inputs, forced or not.

Every failure is a WargameError of one line that names the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from wargame.errors import WargameError

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class FileProblem(WargameError):
    """A file that cannot be read or written; `reason` is the message without the file name."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def describe_os_error(exc: OSError) -> str:
    """An OSError in a few plain words (no errno numbers, no traceback)."""
    plain = {
        errno.ENOENT: "no such file or folder",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.EISDIR: "is a directory, not a file",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ELOOP: "is a symbolic link (or a loop of them)",
        errno.EEXIST: "already exists",
    }
    return plain.get(exc.errno or -1) or (exc.strerror or str(exc)).lower()


def read_capped(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a FileProblem."""
    try:
        fd = os.open(path, os.O_RDONLY | NONBLOCK | CLOEXEC)  # O_NONBLOCK: opening a FIFO must not wait
    except OSError as exc:
        raise FileProblem(path, describe_os_error(exc)) from None
    try:
        return read_open(fd, path, limit, what)
    finally:
        os.close(fd)


def read_open(fd: int, path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The whole of an open regular file, from its start, refusing more than `limit` bytes."""
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem(path, f"is a directory, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, f"is not a regular file (a device, pipe or socket); a {what} must be a file")
        if info.st_size > limit:
            raise FileProblem(path, f"is {info.st_size:,} bytes; a {what} may be at most {limit:,}")
        chunks, total = [], 0
        while True:
            chunk = os.pread(fd, min(1 << 20, limit + 1 - total), total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileProblem(path, f"grew past {limit:,} bytes while being read; a {what} may be at most {limit:,}")
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem(path, f"cannot read: {describe_os_error(exc)}") from None


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same file (False when either does not exist)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_outputs(outputs: Iterable[str | os.PathLike[str] | None], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse before any work is done: an output that is an input, or two outputs that are one file."""
    wanted = [Path(o) for o in outputs if o is not None]
    sources = list(inputs)
    for out in wanted:
        for source in sources:
            if same_file(out, source) or Path(os.path.abspath(out)) == Path(os.path.abspath(source)):
                raise FileProblem(out, "is one of this command's inputs; write the output to another file")
    for i, a in enumerate(wanted):
        for b in wanted[i + 1:]:
            if Path(os.path.abspath(a)) == Path(os.path.abspath(b)) or same_file(a, b):
                raise FileProblem(b, "is named for two outputs; give each its own file")


def check_writable(path: str | os.PathLike[str], force: bool) -> None:
    """Refuse early (before a long computation) an output that exists without `force`, or is a folder."""
    p = Path(path)
    try:
        info = os.lstat(p)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileProblem(p, describe_os_error(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(p, "is a directory; give a file name")
    if not force:
        raise FileProblem(p, "already exists; add --force to replace it")


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False, mode: int = 0o666) -> Path:
    """Write `data` to `path` through a temporary file and a rename; see the module's rules.

    `mode` is the new file's permissions before the umask (0o600 for a private key)."""
    p = Path(path)
    check_writable(p, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    parent = p.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(parent, f"cannot make the folder: {describe_os_error(exc)}") from None
    temp = parent / f".{p.name[:200]}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, mode)
    except OSError as exc:
        raise FileProblem(p, f"cannot write: {describe_os_error(exc)}") from None
    try:
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        _move_into_place(temp, p, force)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if exc.errno == errno.EEXIST:  # made by someone else since check_writable
            raise FileProblem(p, "already exists; add --force to replace it") from None
        raise FileProblem(p, f"cannot write: {describe_os_error(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(parent)
    return p


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _move_into_place(temp: Path, target: Path, force: bool) -> None:
    """Rename `temp` to `target`; without `force`, only if `target` still does not exist."""
    if force:
        os.replace(temp, target)  # a symlink at `target` is replaced, its target untouched
        return
    try:
        os.link(temp, target, follow_symlinks=False)  # fails if target exists: no race with another writer
    except OSError as exc:
        if exc.errno == errno.EEXIST or exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        # a file system without hard links: claim the name, then rename over the claim
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, 0o666))
        os.replace(temp, target)
        return
    os.unlink(temp)


def _sync_folder(folder: Path) -> None:
    """Make a rename durable where the system allows it (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY | CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
