"""Experiments for the model tests, on wargame.sim.batch.run_batch and its hooks.

The tests need orders that depend on the rung and injects forced on a turn; run_batch's hooks give
both, and two arms of an experiment with one seed draw the same numbers (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from wargame.engine import compile_scenario
from wargame.engine.compiled import CHANNELS, Compiled
from wargame.engine.kernel import StepOutcome
from wargame.engine.state import BatchState
from wargame.scenario import load
from wargame.scenario.catalog import resolve
from wargame.scenario.models import Channel
from wargame.sim.batch import run_batch

FLAGSHIP = "oct_2025_border_crisis"
INFORMAL = CHANNELS.index(Channel.informal)

# (compiled, state before the turn, orders chosen by the policies) -> orders to play
OrderHook = Callable[[Compiled, BatchState, np.ndarray], np.ndarray]


@cache
def compiled(name: str = FLAGSHIP) -> Compiled:
    """The compiled shipped scenario (compiled once per test session)."""
    return compile_scenario(load(resolve(name)))


@dataclass
class Played:
    """Paths of a batch: rung levels (T + 1, N), indicators (T + 1, N, I), move outcomes per turn."""

    levels: np.ndarray
    rungs: np.ndarray
    x: np.ndarray
    orders: list[np.ndarray]  # per turn (N, S, B)
    ok: list[np.ndarray]  # per turn (N, S, B) bool

    def indicator(self, c: Compiled, name: str) -> np.ndarray:
        return self.x[:, :, c.indicator_ids.index(name)]


def play(
    c: Compiled,
    n: int,
    seats: dict[str, str],
    seed: int,
    hook: OrderHook | None = None,
    force: dict[int, str] | None = None,
) -> Played:
    """Play N games; `hook` may rewrite the orders each turn, `force` fires injects on given turns."""
    all_orders: list[np.ndarray] = []
    all_ok: list[np.ndarray] = []

    def orders_hook(t: int, st: BatchState, orders: np.ndarray) -> np.ndarray:
        return orders if hook is None else hook(c, st, orders)

    def forced_hook(t: int, st: BatchState) -> np.ndarray | None:
        if not force or t not in force:
            return None
        forced = np.zeros((st.n, c.n_injects), dtype=bool)
        forced[:, c.inject_ids.index(force[t])] = True
        return forced

    def on_turn(t: int, before: BatchState, orders: np.ndarray, outcome: StepOutcome) -> None:
        all_orders.append(orders)
        all_ok.append(outcome.move_ok)

    result = run_batch(c, n, seats, seed, keep_x=True, orders_hook=orders_hook, forced_hook=forced_hook,
                       on_turn=on_turn)
    assert result.x is not None
    return Played(result.levels, result.rungs, result.x, all_orders, all_ok)


def every_seat(c: Compiled, policy: str, **overrides: str) -> dict[str, str]:
    """Seats with every side on `policy`, except the ones named."""
    seats = dict.fromkeys(c.side_ids, policy)
    seats.update(overrides)
    return seats


def reached(c: Compiled, rungs: np.ndarray, category: str) -> np.ndarray:
    """(N,) whether each game entered a rung of this category after the start."""
    cats = np.array([c.scenario.rung(r).category.value for r in c.rung_ids])
    return (cats[rungs[1:]] == category).any(axis=0)
