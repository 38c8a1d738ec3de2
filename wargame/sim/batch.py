"""Run many games at once: the live game's kernel over arrays with a leading batch dimension.

Turn t of a batch draws its numbers from SeedSequence([seed, t, stream]) as an (N, K) block, so a
batch of one with seed s consumes exactly the numbers of the live game with seed s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wargame.engine import rng as streams
from wargame.engine.compiled import Compiled
from wargame.engine.kernel import legal_mask, numpy_ladder, resolve_turn
from wargame.engine.policies import choose, policy_draw_shape
from wargame.engine.state import BatchState, initial_state


@dataclass
class BatchResult:
    """Paths of N games: rung after each turn (row 0 is the start), optional indicators."""

    seed: int
    seats: dict[str, str]
    rungs: np.ndarray  # (T + 1, N)
    levels: np.ndarray  # (T + 1, N)
    final: BatchState
    x: np.ndarray | None = None  # (T + 1, N, I) when kept

    @property
    def n(self) -> int:
        return int(self.rungs.shape[1])


def run_batch(
    c: Compiled,
    n: int,
    seats: dict[str, str],
    seed: int,
    *,
    turns: int | None = None,
    start: BatchState | None = None,
    keep_x: bool = False,
    first_orders: np.ndarray | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Play N games (from `start`, repeated if it is a batch of one) with every side on a policy.

    `first_orders` (N, S, B) fixes the orders of the first turn played (for advice and
    counterfactuals); a side whose slots are all -1 there is played by its policy.
    """
    st = initial_state(c, n) if start is None else (start.repeat(n) if start.n == 1 and n > 1 else start.copy())
    policy = [seats.get(side, c.scenario.side(side).default_policy) for side in c.side_ids]
    last = c.scenario.turns.count if turns is None else min(c.scenario.turns.count, st.turn + turns)
    rungs = [st.rung.copy()]
    xs = [st.x.copy()] if keep_x else []
    first = True
    while st.turn < last and not st.over.all():
        t = st.turn + 1
        legal = legal_mask(c, st)
        block = streams.uniforms(seed, t, streams.POLICY, policy_draw_shape(c, st.n))
        orders = np.stack([choose(c, st, legal, s, policy[s], block) for s in range(c.n_sides)], axis=1)
        if first and first_orders is not None:
            fixed = (first_orders >= 0).any(axis=2)
            orders = np.where(fixed[:, :, None], first_orders, orders)
        first = False
        draws = streams.uniforms(seed, t, streams.ADJUDICATION, (st.n, c.n_draws))
        st, _ = resolve_turn(c, st, orders, draws, ladder=numpy_ladder)
        rungs.append(st.rung.copy())
        if keep_x:
            xs.append(st.x.copy())
        if progress is not None:
            progress(t)
    rung_path = np.stack(rungs)
    return BatchResult(
        seed=seed,
        seats=dict(zip(c.side_ids, policy, strict=True)),
        rungs=rung_path,
        levels=c.rung_level[rung_path],
        final=st,
        x=np.stack(xs) if keep_x else None,
    )
