"""Declarative conditions compiled twice: to a Python callable (one game) and a numpy mask (a batch).

Both compilers read the same scenario predicate, so the live ladders (`transitions` Machines whose
guards are the Python callables) and the batch simulator (masks) share one definition of the rules.
A test checks that both agree on many random states.

A game stands on one rung per ladder (`rung` holds global rung indices, one column per ladder, main
first). A rung test holds when any ladder stands on a listed rung (rung ids are unique across
ladders, so only the ladders owning a listed rung are read); a level test reads one ladder, the main
one unless it names another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from wargame.scenario.models import (
    AllOf,
    AnyOf,
    EventTest,
    FlagTest,
    IndicatorTest,
    LevelTest,
    NotOf,
    RungTest,
    TurnTest,
)


@dataclass(frozen=True)
class Index:
    """Positions of ids in the engine's arrays."""

    indicators: dict[str, int]
    rungs: dict[str, int]
    events: dict[str, int]
    rung_levels: np.ndarray  # (R,) level of each rung
    ladders: dict[str, int] = field(default_factory=dict)  # ladder id -> column, main first
    rung_ladder: np.ndarray | None = None  # (R,) ladder of each rung (None: all on the main one)
    flags: dict[str, int] = field(default_factory=dict)

    def ladders_of(self, rungs: list[str]) -> list[int]:
        """The ladders (column numbers) that own any of these rungs, in ladder order."""
        if self.rung_ladder is None:
            return [0]
        return sorted({int(self.rung_ladder[self.rungs[r]]) for r in rungs})

    def ladder(self, ladder_id: str | None) -> int:
        """Column of a named ladder (None: the main one)."""
        return 0 if ladder_id is None else self.ladders[ladder_id]


class GameView(Protocol):
    """What a condition may look at in one game."""

    x: np.ndarray  # (I,) true indicator values
    rung: np.ndarray  # (L,) rung of each ladder
    last_event: np.ndarray  # (E,) turn each event last happened
    now: int  # the latest turn whose events are recorded
    flags: np.ndarray  # (F,) bool
    turn: int  # the turn number turn tests compare


@dataclass
class BatchView:
    """What a condition may look at in a batch of games (leading dimension N)."""

    x: np.ndarray  # (N, I)
    rung: np.ndarray  # (N, L) rung of each ladder
    last_event: np.ndarray  # (N, E)
    now: int  # the latest turn whose events are recorded ("within 1": in turn `now`)
    flags: np.ndarray | None = None  # (N, F) bool (None: the scenario has no flags)
    turn: int | None = None  # the turn number turn tests compare (None: now + 1, the coming turn)

    @property
    def turn_number(self) -> int:
        return self.now + 1 if self.turn is None else self.turn

    def row(self, i: int) -> RowView:
        """One game of the batch, as the Python guards read it."""
        flags = self.flags[i] if self.flags is not None else np.zeros(0, dtype=bool)
        return RowView(self.x[i], self.rung[i], self.last_event[i], self.now, flags, self.turn_number)


@dataclass
class RowView:
    """One game's view (a GameView), read by the Python guards of the live ladders."""

    x: np.ndarray
    rung: np.ndarray
    last_event: np.ndarray
    now: int
    flags: np.ndarray
    turn: int


PyPredicate = Callable[[GameView], bool]
NpPredicate = Callable[[BatchView], np.ndarray]


def compile_python(p: Any, index: Index) -> PyPredicate:
    """A condition as a function of one game's view, returning a bool."""
    if p is None:
        return lambda v: True
    if isinstance(p, IndicatorTest):
        i = index.indicators[p.indicator]
        tests = _bounds(p)
        return lambda v: all(op(float(v.x[i]), bound) for op, bound in tests)
    if isinstance(p, RungTest):
        allowed = frozenset(index.rungs[r] for r in p.rung_in)
        ladders = index.ladders_of(p.rung_in)
        return lambda v: any(int(v.rung[k]) in allowed for k in ladders)
    if isinstance(p, LevelTest):
        levels, k = index.rung_levels, index.ladder(p.ladder)
        lo = p.level_gte if p.level_gte is not None else -(10**9)
        hi = p.level_lte if p.level_lte is not None else 10**9
        return lambda v: lo <= int(levels[int(v.rung[k])]) <= hi
    if isinstance(p, EventTest):
        e, within = index.events[p.event], p.within
        return lambda v: int(v.last_event[e]) > v.now - within
    if isinstance(p, FlagTest):
        f = index.flags[p.flag]
        return lambda v: bool(v.flags[f])
    if isinstance(p, TurnTest):
        lo = p.turn_gte if p.turn_gte is not None else -(10**9)
        hi = p.turn_lte if p.turn_lte is not None else 10**9
        return lambda v: lo <= v.turn <= hi
    if isinstance(p, AllOf):
        parts = [compile_python(q, index) for q in p.all]
        return lambda v: all(f(v) for f in parts)
    if isinstance(p, AnyOf):
        parts = [compile_python(q, index) for q in p.any]
        return lambda v: any(f(v) for f in parts)
    if isinstance(p, NotOf):
        inner = compile_python(p.not_, index)
        return lambda v: not inner(v)
    raise TypeError(f"not a predicate: {p!r}")


def compile_numpy(p: Any, index: Index) -> NpPredicate:
    """A condition as a function of a batch view, returning a boolean mask of shape (N,)."""
    if p is None:
        return lambda v: np.ones(v.x.shape[0], dtype=bool)
    if isinstance(p, IndicatorTest):
        i = index.indicators[p.indicator]
        tests = _bounds(p)

        def indicator_mask(v: BatchView) -> np.ndarray:
            col = v.x[:, i]
            mask = tests[0][0](col, tests[0][1])
            for op, bound in tests[1:]:
                mask = mask & op(col, bound)
            return np.asarray(mask, dtype=bool)

        return indicator_mask
    if isinstance(p, RungTest):
        table = np.zeros(len(index.rung_levels), dtype=bool)
        table[[index.rungs[r] for r in p.rung_in]] = True
        ladders = index.ladders_of(p.rung_in)

        def rung_mask(v: BatchView) -> np.ndarray:
            mask = table[v.rung[:, ladders[0]]]
            for k in ladders[1:]:
                mask |= table[v.rung[:, k]]
            return mask

        return rung_mask
    if isinstance(p, LevelTest):
        lo = p.level_gte if p.level_gte is not None else -(10**9)
        hi = p.level_lte if p.level_lte is not None else 10**9
        levels_ok = (index.rung_levels >= lo) & (index.rung_levels <= hi)
        k = index.ladder(p.ladder)
        return lambda v: levels_ok[v.rung[:, k]]
    if isinstance(p, EventTest):
        e, within = index.events[p.event], p.within
        return lambda v: v.last_event[:, e] > v.now - within
    if isinstance(p, FlagTest):
        f = index.flags[p.flag]

        def flag_mask(v: BatchView) -> np.ndarray:
            assert v.flags is not None, "a flag test needs the view's flags"
            return v.flags[:, f].copy()

        return flag_mask
    if isinstance(p, TurnTest):
        lo = p.turn_gte if p.turn_gte is not None else -(10**9)
        hi = p.turn_lte if p.turn_lte is not None else 10**9
        return lambda v: np.full(v.x.shape[0], lo <= v.turn_number <= hi, dtype=bool)
    if isinstance(p, AllOf):
        parts = [compile_numpy(q, index) for q in p.all]

        def all_mask(v: BatchView) -> np.ndarray:
            mask = parts[0](v)
            for f in parts[1:]:
                mask = mask & f(v)
            return mask

        return all_mask
    if isinstance(p, AnyOf):
        parts = [compile_numpy(q, index) for q in p.any]

        def any_mask(v: BatchView) -> np.ndarray:
            mask = parts[0](v)
            for f in parts[1:]:
                mask = mask | f(v)
            return mask

        return any_mask
    if isinstance(p, NotOf):
        inner = compile_numpy(p.not_, index)
        return lambda v: ~inner(v)
    raise TypeError(f"not a predicate: {p!r}")


def _bounds(p: IndicatorTest) -> list[tuple[Callable[[Any, float], Any], float]]:
    import operator

    pairs = [(operator.ge, p.gte), (operator.gt, p.gt), (operator.le, p.lte), (operator.lt, p.lt)]
    return [(op, float(b)) for op, b in pairs if b is not None]
