"""AI sides and baselines, written once over a batch (a live game is a batch of one).

Every policy is deterministic given the game seed: the only one that uses chance (`random`) draws
from the turn's POLICY stream. Policies read only what a side legitimately knows: which of its
moves are legal now, how recently it used each (fatigue), the rung and the turn. They never read
hidden indicator values.

- historical: the scenario's scripted orders for the turn (moves no longer legal are dropped);
- random: a random legal move, then each further slot with even odds;
- coercive: coercive moves first, then formal ones;
- formal: formal (Track 1) moves only;
- track2: informal (Track 2) moves only, rotating through the channels;
- integrated: one formal and one informal move each turn, never coercive;
- hold: orders nothing.
Ties go to the least recently used move, then to a move whose trigger can lower the ladder from
here, then to the scenario's order.

The greedy choice runs move-major ((moves, games) arrays) on tables built once per scenario and
policy, so a batch of 100k games costs a few passes over small arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.state import BatchState
from wargame.scenario.models import POLICY_NAMES

POLICIES: tuple[str, ...] = POLICY_NAMES
NEG = -1e9
OUT = 1e300  # subtracted from the score of a move that may not be chosen (finite: no nan, no inf)

# preference of each policy for the channels (formal, coercive, informal); None: never
_CHANNEL_PREFS: dict[str, tuple[float | None, float | None, float | None]] = {
    "coercive": (5.0, 10.0, None),
    "formal": (10.0, None, None),
    "track2": (None, None, 10.0),
    "integrated": (10.0, None, 10.0),
}


def policy_draw_shape(c: Compiled, n: int) -> tuple[int, int, int]:
    """Shape of the POLICY-stream uniforms one turn of a batch uses."""
    return (n, c.n_sides, c.n_moves + c.slots)


def deescalation_bonus(c: Compiled) -> np.ndarray:
    """(R, M): 1 where the move's trigger has a transition from that rung to a lower level."""
    return _deescalation_bonus(c).copy()


def _deescalation_bonus(c: Compiled) -> np.ndarray:
    cached = c.extra.get("policies.bonus")
    if isinstance(cached, np.ndarray):
        return cached
    bonus = np.zeros((len(c.rung_ids), c.n_moves))
    for edge in c.edges:
        lower = c.rung_level[edge.dest] < c.rung_level
        rungs = edge.sources & lower
        for m in np.flatnonzero(c.move_trigger == edge.trigger):
            bonus[rungs, m] = 1.0
    c.extra["policies.bonus"] = bonus
    return bonus


def scripted_orders(c: Compiled) -> np.ndarray:
    """(turns + 1, S, B) move indices of the historical script, -1 where nothing is scripted."""
    return _scripted_orders(c).copy()


def _scripted_orders(c: Compiled) -> np.ndarray:
    cached = c.extra.get("policies.script")
    if isinstance(cached, np.ndarray):
        return cached
    s = c.scenario
    table = np.full((s.turns.count + 1, c.n_sides, c.slots), -1, dtype=np.int64)
    if s.history is not None:
        for order in s.history.orders:
            side = c.side_ids.index(order.side)
            for b, move in enumerate(order.moves[: c.slots]):
                table[order.turn, side, b] = c.move_ids.index(move)
    c.extra["policies.script"] = table
    return table


@dataclass(frozen=True)
class _Greedy:
    """One side under one scoring policy: the candidate moves and their fixed score parts."""

    moves: np.ndarray  # (K,) global move indices the policy may pick, in the side's order
    base: np.ndarray  # (K, R) channel preference + 3 x de-escalation bonus, per rung
    tie: np.ndarray  # (K,) 1e-3 x position among the side's moves
    cost: np.ndarray  # (K,)
    channel: np.ndarray  # (K,)
    rank: np.ndarray  # (K, 1) K - position among candidates: the first maximum wins ties


def _greedy_table(c: Compiled, side: int, policy: str) -> _Greedy:
    key = f"policies.greedy.{side}.{policy}"
    cached = c.extra.get(key)
    if isinstance(cached, _Greedy):
        return cached
    own = c.side_moves[side]
    prefs = np.array([NEG if p is None else p for p in _CHANNEL_PREFS[policy]])
    # the same float operations, in the same order, as scoring each game from scratch
    score = np.broadcast_to(prefs[c.move_channel[own]], (len(c.rung_ids), own.size)).copy()
    score += 3.0 * _deescalation_bonus(c)[:, own]
    keep = np.flatnonzero(score[0] > NEG / 2)
    table = _Greedy(
        moves=own[keep],
        base=np.ascontiguousarray(score[:, keep].T),
        tie=(1e-3 * np.arange(own.size))[keep],
        cost=c.move_cost[own][keep],
        channel=c.move_channel[own][keep],
        rank=(keep.size - np.arange(keep.size))[:, None],
    )
    c.extra[key] = table
    return table


def choose(
    c: Compiled,
    st: BatchState,
    legal: np.ndarray,
    side: int,
    policy: str,
    draws: np.ndarray,
) -> np.ndarray:
    """Orders (N, B) of one side under one policy; `draws` is the turn's (N, S, M + B) policy block."""
    n, t = st.n, st.turn + 1
    own = c.side_moves[side]
    if policy == "hold" or own.size == 0:
        return np.full((n, c.slots), -1, dtype=np.int64)
    if policy == "historical":
        orders = np.full((n, c.slots), -1, dtype=np.int64)
        script = _scripted_orders(c)[min(t, c.scenario.turns.count), side]
        b = 0
        for m in script[script >= 0]:
            keep = legal[:, m]
            orders[:, b] = np.where(keep, m, orders[:, b])
            b += 1
        return _compact(orders)
    if policy == "random":
        moves = own
        score = np.ascontiguousarray(draws[:, side, own].T)
        go_on = draws[:, side, c.n_moves :] < 0.5
        cost, channel, rank = c.move_cost[own], c.move_channel[own], (own.size - np.arange(own.size))[:, None]
    elif policy in _CHANNEL_PREFS:
        g = _greedy_table(c, side, policy)
        moves, cost, channel, rank = g.moves, g.cost, g.channel, g.rank
        score = g.base.take(st.rung, axis=1)
        score -= 0.5 * st.fatigue.T[moves]
        score -= g.tie[:, None]
        go_on = None
    else:
        raise ValueError(f"unknown policy {policy!r}; known: {', '.join(POLICIES)}")
    orders_t = np.full((c.slots, n), -1, dtype=np.int64)
    if moves.size == 0:
        return orders_t.T
    # `work` holds each candidate's score, pushed down by OUT (never chosen) once it is not allowed
    work = score
    work -= OUT * ~legal.T[moves]
    remaining = np.full(n, c.side_budget[side])
    rows = np.arange(n)
    holes = False
    slots = int(c.side_max_moves[side])
    channel_rows = [np.flatnonzero(channel == ch) for ch in np.unique(channel)] if policy == "integrated" else []
    for b in range(slots):
        current = work
        if b > 0 and cost.max() > remaining.min():
            current = work - OUT * (cost[:, None] > remaining)
        if go_on is not None and b > 0:
            current = current - OUT * ~go_on[:, b]
        best = current.max(axis=0)
        has = best > -OUT / 10
        if not has.any():
            if go_on is None:
                break  # nothing fits now, so nothing fits in a later slot either
            holes = True
            continue
        pick = rank.shape[0] - ((current == best) * rank).max(axis=0)
        orders_t[b] = np.where(has, moves[pick], -1)
        holes = holes or not has.all()
        if b == slots - 1:
            break
        remaining = remaining - np.where(has, cost[pick], 0)
        work.reshape(-1)[(pick * n + rows)[has]] = -OUT
        for group in channel_rows:  # integrated: one move per channel
            same = has & (channel[pick] == channel[group[0]])
            work[group] -= OUT * same
    orders = orders_t.T
    return _compact(orders) if holes and go_on is not None else orders


def _compact(orders: np.ndarray) -> np.ndarray:
    """Move chosen moves to the front of the slots (empty slots last), keeping their order."""
    key = np.where(orders >= 0, 0, 1)
    idx = np.argsort(key, axis=1, kind="stable")
    return np.take_along_axis(orders, idx, axis=1)
