"""A batch loop for the model tests: the kernel of wargame.sim.batch with hooks for experiments.

The tests need things run_batch does not offer (orders that depend on the rung, an inject forced
on one turn); this loop draws the same numbers run_batch draws for the same seed, so two arms
of an experiment with one seed share their luck (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from wargame.engine import compile_scenario
from wargame.engine import rng as streams
from wargame.engine.compiled import CHANNELS, Compiled
from wargame.engine.kernel import legal_mask, numpy_ladder, resolve_turn
from wargame.engine.policies import choose, policy_draw_shape
from wargame.engine.state import BatchState, initial_state
from wargame.scenario import load
from wargame.scenario.catalog import resolve
from wargame.scenario.models import Channel

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
    st = initial_state(c, n)
    policy = [seats.get(side, c.scenario.side(side).default_policy) for side in c.side_ids]
    levels, rungs, xs, all_orders, all_ok = [c.rung_level[st.rung]], [st.rung.copy()], [st.x.copy()], [], []
    while st.turn < c.scenario.turns.count and not st.over.all():
        t = st.turn + 1
        legal = legal_mask(c, st)
        block = streams.uniforms(seed, t, streams.POLICY, policy_draw_shape(c, st.n))
        orders = np.stack([choose(c, st, legal, s, policy[s], block) for s in range(c.n_sides)], axis=1)
        if hook is not None:
            orders = hook(c, st, orders)
        forced = None
        if force and t in force:
            forced = np.zeros((n, c.n_injects), dtype=bool)
            forced[:, c.inject_ids.index(force[t])] = True
        draws = streams.uniforms(seed, t, streams.ADJUDICATION, (st.n, c.n_draws))
        st, out = resolve_turn(c, st, orders, draws, forced=forced, ladder=numpy_ladder)
        levels.append(c.rung_level[st.rung])
        rungs.append(st.rung.copy())
        xs.append(st.x.copy())
        all_orders.append(orders)
        all_ok.append(out.move_ok)
    return Played(np.stack(levels), np.stack(rungs), np.stack(xs), all_orders, all_ok)


def every_seat(c: Compiled, policy: str, **overrides: str) -> dict[str, str]:
    """Seats with every side on `policy`, except the ones named."""
    seats = dict.fromkeys(c.side_ids, policy)
    seats.update(overrides)
    return seats


def reached(c: Compiled, rungs: np.ndarray, category: str) -> np.ndarray:
    """(N,) whether each game entered a rung of this category after the start."""
    cats = np.array([c.scenario.rung(r).category.value for r in c.rung_ids])
    return (cats[rungs[1:]] == category).any(axis=0)
