"""The advisor as a computer side: each turn, the one move the advisor forecasts best from the side's
own estimates, never from the true state (the `advisor` policy).

The forecast is the table's advisor (wargame.sim.advisor) made small enough to run for every game
of a batch. From what the side observes this turn (its noisy estimates; an indicator it cannot see
is guessed around its opening value), ROLLOUTS plausible true states are drawn. Every move the side
may order now, and holding, is played from each of them for HORIZON turns: the side orders the
candidate alone in the first turn and then plays its default policy; every other side plays its
default policy (the advisor does not know who sits in the other seats). The candidate with the
lowest mean main-ladder level at the end of the horizon is ordered, the advisor's "expected level";
ties go to the move listed first, and holding wins only when no move beats it.

Chance. A game's forecast draws from a generator seeded by one of its own POLICY-stream uniforms,
so a batch of one makes exactly the live game's forecast. Every candidate plays on the same sampled
states and the same dice (common random numbers), so differences between moves are not noise
between runs.
"""

from __future__ import annotations

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.state import BatchState

ROLLOUTS = 24
HORIZON = 3
GAMES_PER_BLOCK = 32  # games whose forecasts run together (rollout rows: games x candidates x ROLLOUTS)
UNSEEN_SPREAD = 0.1  # share of an unseen indicator's range used as the spread of its guess


def plausible_states(c: Compiled, base: BatchState, seen: np.ndarray, z: np.ndarray) -> BatchState:
    """N plausible true states of one position (`base`, a batch of one) given a side's estimates.

    `seen` (I,) holds the estimates (nan where the side sees nothing) and `z` (N, I) standard normal
    draws: an estimated indicator is drawn around its estimate with its observation noise, an unseen
    one around its opening value with a tenth of its range, each bounded to its range. The true
    indicator values of `base` are never read."""
    unseen = np.isnan(seen)
    centre = np.where(unseen, c.ind_init, seen)
    spread = np.where(unseen, UNSEEN_SPREAD * (c.ind_max - c.ind_min), c.obs_noise)
    x = centre[None, :] + spread[None, :] * z
    np.clip(x, c.ind_min, c.ind_max, out=x)
    np.round(x, 6, out=x)
    st = base.repeat(z.shape[0])
    st.x = x
    return st


def rollout_policy(c: Compiled, side: int) -> str:
    """The policy the advisor assumes for a side: its scenario default (integrated for an advisor)."""
    policy = str(c.scenario.sides[side].default_policy)
    return "integrated" if policy == "advisor" else policy


def advisor_orders(
    c: Compiled, st: BatchState, side: int, draws: np.ndarray, seen: np.ndarray, legal: np.ndarray
) -> np.ndarray:
    """(N,) the move each game's side orders (-1: hold), from its estimates `seen` (N, I), the turn's
    policy draws (N, S, M + B) and `legal` (K, N): whether each of the side's moves may be ordered."""
    own = c.side_moves[side]
    out = np.full(st.n, -1, dtype=np.int64)
    if own.size == 0:
        return out
    for a in range(0, st.n, GAMES_PER_BLOCK):
        b = min(st.n, a + GAMES_PER_BLOCK)
        ok = legal[:, a:b]
        candidates = own[ok.any(axis=1)]  # moves some game of the block may order (others never win)
        levels = _forecast(c, st.take(np.arange(a, b)), side, candidates, draws[a:b], seen[a:b])  # (G, K + 1)
        levels[:, :-1][~ok[ok.any(axis=1)].T] = np.inf
        best = np.argmin(levels, axis=1)  # first minimum: moves in the scenario's order, holding last
        out[a:b] = np.where(best < candidates.size, candidates[np.minimum(best, max(candidates.size - 1, 0))], -1)
    return out


def _forecast(
    c: Compiled, st: BatchState, side: int, own: np.ndarray, draws: np.ndarray, seen: np.ndarray
) -> np.ndarray:
    """(G, K + 1) mean main-ladder level after HORIZON turns for each candidate move (`own`) and holding."""
    from wargame.engine.kernel import advance
    from wargame.engine.policies import choose_slots, needs_draws, policy_draw_shape

    games, k, r = st.n, own.size + 1, ROLLOUTS
    gens = [
        np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(draws[g, side, -1] * 2**53), side])))
        for g in range(games)
    ]
    # rollout rows ordered (game, candidate, rollout): the same sampled state for every candidate
    parts = [plausible_states(c, st.take(g), seen[g], gens[g].standard_normal((r, c.n_indicators))) for g in range(games)]
    rows = np.concatenate([np.tile(np.arange(g * r, (g + 1) * r), k) for g in range(games)])
    roll = _stack(parts).take(rows)
    q = roll.n
    policies = [rollout_policy(c, s) for s in range(c.n_sides)]
    want_draws = needs_draws(c, policies)
    shape = policy_draw_shape(c, 1)[1:]
    first = np.full((games, k, r), -1, dtype=np.int64)
    first[:, : own.size, :] = own[None, :, None]
    for h in range(HORIZON):
        if roll.over.all():
            break
        block = _tiled(gens, (r, *shape), k).reshape((q, *shape)) if want_draws else np.empty((0, 0, 0))
        slots = np.full((c.n_sides * c.slots, q), -1, dtype=np.int64)
        for s in range(c.n_sides):
            part = slots[s * c.slots : (s + 1) * c.slots]
            if h == 0 and s == side:
                part[0] = first.reshape(-1)
            else:
                choose_slots(c, roll, s, policies[s], block, part)
        adjudication = _tiled(gens, (r, c.n_draws), k).reshape(q, c.n_draws)
        advance(c, roll, slots, adjudication, slot_major=True)
    level = c.rung_level[roll.rung[:, 0]].reshape(games, k, r)
    return level.mean(axis=2)


def _tiled(gens: list[np.random.Generator], shape: tuple[int, ...], k: int) -> np.ndarray:
    """Each game's uniforms of `shape` (its rollouts), repeated for its k candidates: (G, k, *shape)."""
    return np.stack([np.broadcast_to(g.random(shape), (k, *shape)) for g in gens])


def _stack(parts: list[BatchState]) -> BatchState:
    """One batch from several, rows in order."""
    from dataclasses import fields

    arrays = {f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(BatchState) if f.name != "turn"}
    return BatchState(turn=parts[0].turn, **arrays)
