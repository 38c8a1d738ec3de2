"""The state of one or many games as arrays with a leading batch dimension N.

A live game is a batch of one. Everything that can change during play is here, so that a state
can be copied (for rollouts), hashed (for the log) and compared (for replay).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np

from wargame.engine.compiled import Compiled

NEVER = -1_000_000  # "turn" of an event that has not happened
FOREVER = 1_000_000  # "ready turn" of a spent once-only inject or move
# Fields added after the first edition: hashed only when they hold something, so that the state
# hash of a first-edition scenario (no flags) is unchanged.
_HASHED_WHEN_USED = ("flags",)


@dataclass
class BatchState:
    """Arrays of N games, all at the same completed turn."""

    turn: int  # turns completed (0 before the first)
    rung: np.ndarray  # (N, L) current rung of each ladder (global rung numbers), main ladder first
    x: np.ndarray  # (N, I) true indicator values
    pending: np.ndarray  # (N, D, I) delayed effects, ring buffer indexed by turn % D
    fatigue: np.ndarray  # (N, M) recent-use count of each move (diminishing returns)
    move_ready: np.ndarray  # (N, M) first turn each move may be ordered again
    inject_ready: np.ndarray  # (N, J) first turn each inject may fire again
    last_event: np.ndarray  # (N, E) last turn each event happened
    over: np.ndarray  # (N,) game ended
    flags: np.ndarray  # (N, F) bool

    @property
    def n(self) -> int:
        return int(self.rung.shape[0])

    @property
    def main_rung(self) -> np.ndarray:
        """(N,) the main ladder's rung (a view)."""
        return self.rung[:, 0]

    def copy(self) -> BatchState:
        return BatchState(
            self.turn, *(getattr(self, f.name).copy() for f in fields(self) if f.name != "turn")
        )

    def take(self, rows: np.ndarray | list[int] | int) -> BatchState:
        """The games at `rows` (an int keeps a batch of one)."""
        sel = np.atleast_1d(np.asarray(rows))
        return BatchState(
            self.turn, *(getattr(self, f.name)[sel].copy() for f in fields(self) if f.name != "turn")
        )

    def repeat(self, n: int) -> BatchState:
        """N copies of a batch of one (for rollouts from one position)."""
        return self.take(np.zeros(n, dtype=np.int64))

    def digest(self, row: int = 0) -> str:
        """SHA-256 of one game's whole state; the log's tamper check."""
        h = hashlib.sha256(str(self.turn).encode())
        for f in fields(self):
            if f.name == "turn" or (f.name in _HASHED_WHEN_USED and getattr(self, f.name)[row].size == 0):
                continue
            arr = np.ascontiguousarray(getattr(self, f.name)[row])
            h.update(f.name.encode())
            h.update(arr.astype(np.float64 if arr.dtype.kind == "f" else np.int64).tobytes())
        return h.hexdigest()


def initial_state(c: Compiled, n: int = 1, order: Literal["C", "F"] = "C") -> BatchState:
    """N fresh games at the scenario's start (`order="F"`: arrays column-major, the batch layout)."""
    last = np.full((n, c.n_events), NEVER, dtype=np.int64, order=order)
    last[:, c.event_of_rung(0) + c.ladder_start] = 0
    x = np.empty((n, c.n_indicators), order=order)
    x[:] = c.ind_init
    rung = np.empty((n, c.n_ladders), dtype=np.int64, order=order)
    rung[:] = c.ladder_start
    flags = np.empty((n, c.n_flags), dtype=bool, order=order)
    flags[:] = [f.initial for f in c.scenario.flags]
    return BatchState(
        turn=0,
        rung=rung,
        x=x,
        pending=np.zeros((n, c.delays, c.n_indicators), order=order),
        fatigue=np.zeros((n, c.n_moves), order=order),
        move_ready=np.ones((n, c.n_moves), dtype=np.int64, order=order),
        inject_ready=np.ones((n, c.n_injects), dtype=np.int64, order=order),
        last_event=last,
        over=np.zeros(n, dtype=bool),
        flags=flags,
    )
