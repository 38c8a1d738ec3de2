"""Experiments for the model tests and tables, on wargame.sim.batch.run_batch and its hooks.

The claims are measured as a team at the table meets them: ONE side is seated on a policy (or a
hook rewrites its orders) while every other side keeps its scenario default. Two arms of an
experiment that share a seed draw the same numbers (common random numbers), so their difference is
measured game by game (a paired interval).

The headline measure is the scenario's declared escalation index (wargame.engine.index,
docs/scoring.md): each turn the weighted levels of every ladder, the indicator terms, and the tier
points of every move ordered and inject fired; "cumulative escalation" is its sum over the
scenario's turns (a test checks it equals run_batch's own count).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from wargame.engine import compile_scenario
from wargame.engine.compiled import CHANNELS, Compiled
from wargame.engine.index import escalation_index, index_spec
from wargame.engine.kernel import StepOutcome
from wargame.engine.state import BatchState
from wargame.scenario import load
from wargame.scenario.catalog import resolve
from wargame.scenario.models import Channel
from wargame.sim.batch import run_batch
from wargame.sim.summary import Z95

FLAGSHIP = "oct_2025_border_crisis"
INFORMAL = CHANNELS.index(Channel.informal)
COERCIVE = CHANNELS.index(Channel.coercive)

# (compiled, state before the turn, orders chosen by the policies) -> orders to play
OrderHook = Callable[[Compiled, BatchState, np.ndarray], np.ndarray]


@cache
def compiled(name: str = FLAGSHIP) -> Compiled:
    """The compiled shipped scenario (compiled once per test session)."""
    return compile_scenario(load(resolve(name)))


@dataclass
class Played:
    """A batch: every ladder's rung (T + 1, N, L), indicators (T + 1, N, I), and per turn the orders
    (N, S, B), the moves that worked (N, S, B) and the injects that fired (N, J)."""

    paths: np.ndarray
    x: np.ndarray
    orders: list[np.ndarray]
    ok: list[np.ndarray]
    fired: list[np.ndarray]

    def main_level(self, c: Compiled) -> np.ndarray:
        """(T + 1, N) the main ladder's level after each turn (row 0: the start)."""
        return c.rung_level[self.paths[:, :, 0]]

    def indicator(self, c: Compiled, name: str) -> np.ndarray:
        """(T + 1, N) one indicator's true value after each turn (row 0: the start)."""
        return self.x[:, :, c.indicator_ids.index(name)]

    def index(self, c: Compiled) -> np.ndarray:
        """(T, N) the declared escalation index of each turn (wargame.engine.index). A game that ended
        early stands on its last rungs for the turns left, ordering nothing (as run_batch counts it)."""
        spec = index_spec(c)
        value = np.empty((len(self.orders), self.paths.shape[1]))
        for t, (orders, fired) in enumerate(zip(self.orders, self.fired, strict=True)):
            moves = np.where(orders >= 0, spec.move_points[np.maximum(orders, 0)], 0.0).sum(axis=(1, 2))
            injects = (fired * spec.inject_points).sum(axis=1)
            levels = c.rung_level[self.paths[t + 1]]
            value[t] = escalation_index(spec, levels, self.x[t + 1], (moves, injects)).total
        return value

    def cumulative(self, c: Compiled, turns: slice = slice(None)) -> np.ndarray:
        """(N,) the escalation index summed over the turns played (or over a slice of turns)."""
        return self.index(c)[turns].sum(axis=0)


def play(
    c: Compiled,
    n: int,
    seats: dict[str, str],
    seed: int,
    hook: OrderHook | None = None,
    force: dict[int, str] | None = None,
) -> Played:
    """Play N games; `hook` may rewrite the orders each turn, `force` fires injects on given turns."""
    orders: list[np.ndarray] = []
    ok: list[np.ndarray] = []
    fired: list[np.ndarray] = []

    def orders_hook(t: int, st: BatchState, chosen: np.ndarray) -> np.ndarray:
        return chosen if hook is None else hook(c, st, chosen)

    def forced_hook(t: int, st: BatchState) -> np.ndarray | None:
        if not force or t not in force:
            return None
        forced = np.zeros((st.n, c.n_injects), dtype=bool)
        forced[:, c.inject_ids.index(force[t])] = True
        return forced

    def on_turn(t: int, before: BatchState, played: np.ndarray, outcome: StepOutcome) -> None:
        orders.append(played)
        ok.append(outcome.move_ok.copy())
        fired.append(outcome.inject_fired.copy())

    result = run_batch(c, n, seats, seed, keep_x=True, orders_hook=orders_hook, forced_hook=forced_hook,
                       on_turn=on_turn)
    assert result.x is not None
    return Played(result.paths, result.x, orders, ok, fired)


def one_seat(side: str, policy: str) -> dict[str, str]:
    """Seats as a team at the table has them: one side on `policy`, every other on its default."""
    return {side: policy}


def every_seat(c: Compiled, policy: str, **overrides: str) -> dict[str, str]:
    """Seats with every side on `policy`, except the ones named."""
    seats = dict.fromkeys(c.side_ids, policy)
    seats.update(overrides)
    return seats


def reached(c: Compiled, paths: np.ndarray, category: str) -> np.ndarray:
    """(N,) whether each game entered a rung of this category, on any ladder, after the start."""
    cats = np.array([c.scenario.rung(r).category.value for r in c.rung_ids])
    return (cats[paths[1:]] == category).any(axis=(0, 2))


def only_own(c: Compiled, side: str, keep: Callable[[BatchState, np.ndarray], np.ndarray]) -> OrderHook:
    """An order hook that drops the side's orders where `keep(state, orders of the side)` is False."""
    s = c.side_ids.index(side)

    def hook(c: Compiled, st: BatchState, orders: np.ndarray) -> np.ndarray:
        out = orders.copy()
        out[:, s] = np.where(keep(st, orders[:, s]), orders[:, s], -1)
        return out

    return hook


@dataclass(frozen=True)
class Interval:
    """A mean (or a difference of means) with its 95% interval."""

    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:.3g} [{self.low:.3g}, {self.high:.3g}]"


def mean_of(values: np.ndarray) -> Interval:
    """Mean with a 95% normal interval (N is in the thousands)."""
    m = float(values.mean())
    half = Z95 * float(values.std(ddof=1)) / math.sqrt(values.size)
    return Interval(m, m - half, m + half)


def paired(a: np.ndarray, b: np.ndarray) -> Interval:
    """Mean of a - b game by game, with its 95% interval: for two arms on common random numbers."""
    return mean_of(a.astype(float) - b.astype(float))


def share_gap(a: np.ndarray, b: np.ndarray) -> Interval:
    """Difference of two shares (unpaired) with a 95% normal interval."""
    pa, pb = float(a.mean()), float(b.mean())
    half = Z95 * math.sqrt(pa * (1 - pa) / a.size + pb * (1 - pb) / b.size)
    return Interval(pa - pb, pa - pb - half, pa - pb + half)
