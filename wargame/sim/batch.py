"""Run many games at once: the live game's kernel over arrays with a leading batch dimension.

Chance. Turn t of a batch draws its numbers from one generator, SeedSequence([seed, t, stream]),
as an (N, K) block: row i of the batch takes the i-th K numbers of that turn's stream. So a batch
of one with seed s consumes exactly the numbers of the live game with seed s, and the replicates
of a batch are all spawned from one entropy, the batch seed (report it to reproduce a run). Row i
of a batch is a different game from a live game seeded i: replicates differ by their position in
the turn's stream, not by their seed.

Speed. Games are played in chunks of rows (all turns of one chunk, then the next), so that a
chunk's state stays in cache; each chunk takes its rows' numbers by jumping ahead in the turn's
stream (PCG64.advance), which gives exactly the numbers a whole-batch block would. State arrays
are kept move- and indicator-major (Fortran order) so per-move and per-indicator work reads
contiguous memory; the kernel updates them in place (`kernel.advance`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from wargame.engine import rng as streams
from wargame.engine.compiled import Compiled
from wargame.engine.kernel import advance, legal_mask
from wargame.engine.policies import choose, policy_draw_shape
from wargame.engine.state import BatchState, initial_state

CHUNK = 8192  # rows per chunk: small enough to stay in cache, large enough to amortise Python


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


class TurnStream:
    """The numbers of one (seed, turn, stream), handed out by rows of a fixed width."""

    def __init__(self, seed: int, turn: int, stream: int, width: int) -> None:
        self.state: dict[str, Any] = dict(streams.turn_generator(seed, turn, stream).bit_generator.state)
        self.width = width

    def rows(self, start: int, count: int) -> np.ndarray:
        """Rows start..start+count of the (N, width) block a whole batch would draw."""
        bits = np.random.PCG64()
        bits.state = self.state  # type: ignore[assignment]
        if start:
            bits.advance(start * self.width)
        return np.random.Generator(bits).random((count, self.width))


def to_fortran(st: BatchState) -> BatchState:
    """The same state with every array in Fortran order (the batch kernel's fast layout)."""
    arrays = {f.name: np.asfortranarray(getattr(st, f.name)) for f in fields(st) if f.name != "turn"}
    return BatchState(turn=st.turn, **arrays)


def seat_policies(c: Compiled, seats: dict[str, str]) -> list[str]:
    """Policy of every side: the seat given, else the side's default (humans: their default too)."""
    out = []
    for side in c.side_ids:
        seat = seats.get(side, "human")
        out.append(c.scenario.side(side).default_policy if seat == "human" else seat)
    return out


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
    chunk: int = CHUNK,
) -> BatchResult:
    """Play N games (from `start`, repeated if it is a batch of one) with every side on a policy.

    `first_orders` (N, S, B) fixes the orders of the first turn played (for advice and
    counterfactuals); a side whose slots are all -1 there is played by its policy. `progress` is
    called with the number of games finished after each chunk.
    """
    policy = seat_policies(c, seats)
    begin = 0 if start is None else start.turn
    last = c.scenario.turns.count if turns is None else min(c.scenario.turns.count, begin + turns)
    span = max(last - begin, 0)
    wants_policy_draws = "random" in policy
    adjudication = {t: TurnStream(seed, t, streams.ADJUDICATION, c.n_draws) for t in range(begin + 1, last + 1)}
    policy_width = int(np.prod(policy_draw_shape(c, 1)[1:]))
    policy_streams = (
        {t: TurnStream(seed, t, streams.POLICY, policy_width) for t in range(begin + 1, last + 1)}
        if wants_policy_draws
        else {}
    )
    rungs = np.empty((span + 1, n), dtype=np.int64)
    xs = np.empty((span + 1, n, c.n_indicators)) if keep_x else None
    finals: list[BatchState] = []
    played = 0
    for a in range(0, n, max(1, chunk)):
        b = min(n, a + max(1, chunk))
        if start is None:
            st = initial_state(c, b - a)
        elif start.n == 1 and n > 1:
            st = start.repeat(b - a)
        else:
            st = start.take(np.arange(a, b))
        st = to_fortran(st)
        rungs[0, a:b] = st.rung
        if xs is not None:
            xs[0, a:b] = st.x
        step = 0
        while st.turn < last and not st.over.all():
            t = st.turn + 1
            legal = legal_mask(c, st)
            block = (
                policy_streams[t].rows(a, b - a).reshape(policy_draw_shape(c, b - a))
                if wants_policy_draws
                else np.empty((0, 0, 0))
            )
            orders = np.stack([choose(c, st, legal, s, policy[s], block) for s in range(c.n_sides)], axis=1)
            if step == 0 and first_orders is not None:
                fixed_orders = first_orders[a:b]
                fixed = np.asarray((fixed_orders >= 0).any(axis=2))
                orders = np.where(fixed[:, :, None], fixed_orders, orders)
            advance(c, st, orders, adjudication[t].rows(a, b - a))
            step += 1
            rungs[step, a:b] = st.rung
            if xs is not None:
                xs[step, a:b] = st.x
        if step < span:  # this chunk ended early: its games stand still
            rungs[step + 1 :, a:b] = st.rung
            if xs is not None:
                xs[step + 1 :, a:b] = st.x
        played = max(played, step)
        finals.append(st)
        if progress is not None:
            progress(b)
    rung_path = rungs[: played + 1]
    final = _concat(finals, c)
    return BatchResult(
        seed=seed,
        seats=dict(zip(c.side_ids, policy, strict=True)),
        rungs=rung_path,
        levels=c.rung_level[rung_path],
        final=final,
        x=xs[: played + 1] if xs is not None else None,
    )


def _concat(parts: list[BatchState], c: Compiled) -> BatchState:
    """One state from the chunks' states (turn: the furthest any chunk got)."""
    if not parts:
        return initial_state(c, 0)
    if len(parts) == 1:
        return parts[0]
    arrays = {
        f.name: np.concatenate([getattr(p, f.name) for p in parts], axis=0) for f in fields(BatchState) if f.name != "turn"
    }
    return BatchState(turn=max(p.turn for p in parts), **arrays)
