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
"""

from __future__ import annotations

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.state import BatchState
from wargame.scenario.models import POLICY_NAMES

POLICIES: tuple[str, ...] = POLICY_NAMES
NEG = -1e9

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
    bonus = np.zeros((len(c.rung_ids), c.n_moves))
    for edge in c.edges:
        lower = c.rung_level[edge.dest] < c.rung_level
        rungs = edge.sources & lower
        for m in np.flatnonzero(c.move_trigger == edge.trigger):
            bonus[rungs, m] = 1.0
    return bonus


def scripted_orders(c: Compiled) -> np.ndarray:
    """(turns + 1, S, B) move indices of the historical script, -1 where nothing is scripted."""
    s = c.scenario
    table = np.full((s.turns.count + 1, c.n_sides, c.slots), -1, dtype=np.int64)
    if s.history is not None:
        for order in s.history.orders:
            side = c.side_ids.index(order.side)
            for b, move in enumerate(order.moves[: c.slots]):
                table[order.turn, side, b] = c.move_ids.index(move)
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
    orders = np.full((n, c.slots), -1, dtype=np.int64)
    own = c.side_moves[side]
    if policy == "hold" or own.size == 0:
        return orders
    own_legal = legal[:, own]
    if policy == "historical":
        script = scripted_orders(c)[min(t, c.scenario.turns.count), side]
        b = 0
        for m in script[script >= 0]:
            keep = legal[:, m]
            orders[:, b] = np.where(keep, m, orders[:, b])
            b += 1
        return _compact(orders)
    if policy == "random":
        score = draws[:, side, own]
        go_on = draws[:, side, c.n_moves :] < 0.5
    elif policy in _CHANNEL_PREFS:
        prefs = np.array([NEG if p is None else p for p in _CHANNEL_PREFS[policy]])
        score = np.broadcast_to(prefs[c.move_channel[own]], (n, own.size)).copy()
        score += 3.0 * deescalation_bonus(c)[st.rung][:, own]
        score -= 0.5 * st.fatigue[:, own]
        score -= 1e-3 * np.arange(own.size)
        go_on = np.ones((n, c.slots), dtype=bool)
    else:
        raise ValueError(f"unknown policy {policy!r}; known: {', '.join(POLICIES)}")
    one_per_channel = policy == "integrated"
    remaining = np.full(n, c.side_budget[side])
    allowed = own_legal & (score > NEG / 2)
    channel = c.move_channel[own]
    for b in range(int(c.side_max_moves[side])):
        candidates = allowed & (c.move_cost[own][None, :] <= remaining[:, None])
        if b > 0:
            candidates &= go_on[:, b][:, None]
        masked = np.where(candidates, score, -np.inf)
        pick = np.argmax(masked, axis=1)
        has = np.isfinite(masked[np.arange(n), pick])
        orders[:, b] = np.where(has, own[pick], -1)
        remaining = remaining - np.where(has, c.move_cost[own][pick], 0)
        allowed[np.arange(n)[has], pick[has]] = False
        if one_per_channel:
            allowed &= ~(has[:, None] & (channel[None, :] == channel[pick][:, None]))
    return _compact(orders)


def _compact(orders: np.ndarray) -> np.ndarray:
    """Move chosen moves to the front of the slots (empty slots last), keeping their order."""
    key = np.where(orders >= 0, 0, 1)
    idx = np.argsort(key, axis=1, kind="stable")
    return np.take_along_axis(orders, idx, axis=1)
