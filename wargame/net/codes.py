"""Join codes: one per team and per observer, random, easy to type, compared in constant time.

A code is 80 random bits written as sixteen Crockford base-32 characters in four groups
(`K7QM-3XW9-PD2F-8HNR`): no I, L, O or U, so nothing is misread; case, spaces and dashes do not
matter, and O, I and L typed by mistake are read as 0, 1 and 1. Guessing one is hopeless (2**80
codes), and failed attempts are rate-limited anyway (`FailureLimiter`).

The white cell can revoke a code: the seat gets a new one and the old one stops working, including
for a client already connected with it (the host closes that connection). Codes are kept in a
file beside the log (`LOG.codes`, readable by its owner only) so that a host restarted with
`--resume` accepts the same codes and the clients reconnect by themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from wargame.errors import WargameError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
CODE_BITS = 80
GROUP = 4
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})

Role = Literal["team", "observer"]


def new_code() -> str:
    """A fresh random code, e.g. 'K7QM-3XW9-PD2F-8HNR'."""
    n = secrets.randbits(CODE_BITS)
    chars = "".join(ALPHABET[(n >> (5 * i)) & 31] for i in range(CODE_BITS // 5))
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def normalise(text: str) -> str:
    """A code as typed, reduced to its sixteen characters (spaces, dashes and case dropped)."""
    return "".join(ch for ch in text.upper() if ch not in " -\t").translate(_TYPO)


def _digest(text: str) -> bytes:
    """A fixed-length form of a code, so comparing takes the same time whatever was typed."""
    return hashlib.sha256(normalise(text).encode("utf-8", "replace")).digest()


def masked(code: str) -> str:
    """The first group only, for screens the whole room can see: 'K7QM-••••-••••-••••'."""
    groups = code.split("-")
    return "-".join([groups[0], *("••••" for _ in groups[1:])])


@dataclass
class Seat:
    """Who a code lets in: a team (its side) or an observer."""

    role: Role
    side: str | None
    label: str
    code: str

    @property
    def key(self) -> str:
        """A stable name for the seat (the side, or 'observer-N'), for the white cell's controls."""
        return self.side if self.side is not None else self.label.replace(" ", "-")


@dataclass
class CodeBook:
    """The codes of one game: one per human side and per observer seat."""

    seats: list[Seat] = field(default_factory=list)
    revoked: set[bytes] = field(default_factory=set)  # digests of codes that no longer work

    @classmethod
    def fresh(cls, sides: dict[str, str], observers: int) -> CodeBook:
        """New codes for the given sides (id -> label) and this many observer seats."""
        book = cls([Seat("team", side, label, new_code()) for side, label in sides.items()])
        for _ in range(observers):
            book.add_observer()
        return book

    def add_observer(self) -> Seat:
        number = 1 + sum(1 for s in self.seats if s.role == "observer")
        while any(s.label == f"observer {number}" for s in self.seats):
            number += 1
        seat = Seat("observer", None, f"observer {number}", new_code())
        self.seats.append(seat)
        return seat

    def find(self, typed: str) -> Seat | None:
        """The seat a typed code opens, comparing with every code in constant time (no early exit)."""
        wanted = _digest(typed)
        found = None
        for seat in self.seats:
            if hmac.compare_digest(wanted, _digest(seat.code)):
                found = seat
        return found

    def was_revoked(self, typed: str) -> bool:
        wanted = _digest(typed)
        return any([hmac.compare_digest(wanted, old) for old in self.revoked])

    def seat(self, key: str) -> Seat:
        for seat in self.seats:
            if seat.key == key:
                return seat
        raise WargameError(f"no seat '{key}' (seats: {', '.join(s.key for s in self.seats)})")

    def revoke(self, key: str) -> Seat:
        """Stop a seat's code from working; a team gets a new code, an observer seat is removed."""
        seat = self.seat(key)
        self.revoked.add(_digest(seat.code))
        if seat.role == "observer":
            self.seats.remove(seat)
            return seat
        seat.code = new_code()
        return seat

    # --- the codes file ---------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the codes beside the log, readable by its owner only, replaced atomically."""
        data = {
            "seats": [{"role": s.role, "side": s.side, "label": s.label, "code": s.code} for s in self.seats],
            "revoked": sorted(d.hex() for d in self.revoked),
        }
        tmp = path.with_name(path.name + ".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            raise WargameError(f"{path}: cannot write the join codes: {exc.strerror or exc}") from None

    @classmethod
    def load(cls, path: Path) -> CodeBook:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            seats = [Seat(s["role"], s["side"], s["label"], s["code"]) for s in data["seats"]]
            revoked = {bytes.fromhex(d) for d in data.get("revoked", [])}
        except FileNotFoundError:
            raise WargameError(f"{path}: no such codes file") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise WargameError(f"{path}: not a codes file ({exc})") from None
        return cls(seats, revoked)


def codes_path(log_path: Path) -> Path:
    """Where a game's codes are kept: beside its log."""
    return log_path.with_name(log_path.name + ".codes")


class FailureLimiter:
    """At most `per_address` failed joins from one address in `window` seconds, and `overall` from all.

    A blocked address is refused even with a right code until its window has passed, so a guesser
    learns nothing from a lucky try. Memory is bounded: at most `track` addresses are remembered."""

    def __init__(self, per_address: int = 5, overall: int = 60, window: float = 60.0, track: int = 1024,
                 clock: Callable[[], float] | None = None) -> None:
        import time

        self.per_address, self.overall, self.window, self.track = per_address, overall, window, track
        self.clock = clock or time.monotonic
        self._by_address: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def wait(self, address: str) -> float:
        """Seconds this address must wait before trying again (0 if it may try now)."""
        now = self.clock()
        self._forget(now)
        waits = [0.0]
        mine = self._by_address.get(address)
        if mine is not None and len(mine) >= self.per_address:
            waits.append(mine[0] + self.window - now)
        if len(self._all) >= self.overall:
            waits.append(self._all[0] + self.window - now)
        return max(waits)

    def failed(self, address: str) -> None:
        now = self.clock()
        self._forget(now)
        if address not in self._by_address and len(self._by_address) >= self.track:
            oldest = min(self._by_address, key=lambda a: self._by_address[a][-1])
            del self._by_address[oldest]
        self._by_address.setdefault(address, deque()).append(now)
        self._all.append(now)

    def _forget(self, now: float) -> None:
        cutoff = now - self.window
        while self._all and self._all[0] <= cutoff:
            self._all.popleft()
        for address in list(self._by_address):
            times = self._by_address[address]
            while times and times[0] <= cutoff:
                times.popleft()
            if not times:
                del self._by_address[address]
