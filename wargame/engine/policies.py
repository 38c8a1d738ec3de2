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

from wargame.engine.compiled import Compiled, Condition
from wargame.engine.state import BatchState
from wargame.scenario.models import POLICY_NAMES

POLICIES: tuple[str, ...] = POLICY_NAMES
NEG = -1e9
FATIGUE_WEIGHT = -0.5  # score per unit of a move's recent use (fatigue): channel policies rotate moves
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
    return c.derived("policies.bonus", lambda: _build_deescalation_bonus(c))


def _build_deescalation_bonus(c: Compiled) -> np.ndarray:
    # sources and destinations of a transition are rungs of one ladder: the table holds every ladder
    bonus = np.zeros((len(c.rung_ids), c.n_moves))
    for edge in c.edges:
        lower = c.rung_level[edge.dest] < c.rung_level
        rungs = edge.sources & lower
        for m in np.flatnonzero(c.move_trigger == edge.trigger):
            bonus[rungs, m] = 1.0
    return bonus


def scripted_orders(c: Compiled) -> np.ndarray:
    """(turns + 1, S, B) move indices of the historical script, -1 where nothing is scripted."""
    return _scripted_orders(c).copy()


def _scripted_orders(c: Compiled) -> np.ndarray:
    return c.derived("policies.script", lambda: _build_scripted_orders(c))


def _build_scripted_orders(c: Compiled) -> np.ndarray:
    s = c.scenario
    table = np.full((s.turns.count + 1, c.n_sides, c.slots), -1, dtype=np.int64)
    if s.history is not None:
        for order in s.history.orders:
            side = c.side_ids.index(order.side)
            for b, move in enumerate(order.moves[: c.slots]):
                table[order.turn, side, b] = c.move_ids.index(move)
    return table


@dataclass(frozen=True)
class _Greedy:
    """One side under one scoring policy: the candidate moves and their fixed score parts."""

    moves: np.ndarray  # (K,) global move indices the policy may pick, in the side's order
    base: np.ndarray  # (K, R) channel preference + 3 x de-escalation bonus, per rung
    base_legal: np.ndarray  # (K, R) the same, -OUT where the move is not allowed on the rung or too dear
    static: np.ndarray  # (K, R) allowed with that rung's ladder on it, and affordable
    tie: np.ndarray  # (K, 1) 1e-3 x position among the side's moves
    cost: np.ndarray  # (K,)
    channel: np.ndarray  # (K,)
    rank: np.ndarray  # (K, 1) K - position among candidates: the first maximum wins ties
    cooling: tuple[int, ...]  # candidates with a cooldown or once-only (the only ones move_ready can forbid)
    requires: tuple[tuple[int, Condition], ...]  # candidates with a precondition
    groups: tuple[tuple[int, int, int], ...]  # integrated: (channel, first, last + 1) when contiguous


def _greedy_table(c: Compiled, side: int, policy: str) -> _Greedy:
    return c.derived(f"policies.greedy.{side}.{policy}", lambda: _build_greedy_table(c, side, policy))


def _build_greedy_table(c: Compiled, side: int, policy: str) -> _Greedy:
    own = c.side_moves[side]
    prefs = np.array([NEG if p is None else p for p in _CHANNEL_PREFS[policy]])
    # the same float operations, in the same order, as scoring each game from scratch
    score = np.broadcast_to(prefs[c.move_channel[own]], (len(c.rung_ids), own.size)).copy()
    score += 3.0 * _deescalation_bonus(c)[:, own]
    keep = np.flatnonzero(score[0] > NEG / 2)
    moves = own[keep]
    base = np.ascontiguousarray(score[:, keep].T)
    static = c.move_rung_ok[:, moves].T & (c.move_cost[moves] <= c.side_budget[side])[:, None]
    requires = dict(c.move_requires)
    channel = c.move_channel[own][keep]
    groups: list[tuple[int, int, int]] = []
    if policy == "integrated":
        for ch in np.unique(channel):
            rows = np.flatnonzero(channel == ch)
            if rows[-1] - rows[0] + 1 != rows.size:
                groups = []
                break
            groups.append((int(ch), int(rows[0]), int(rows[-1]) + 1))
    table = _Greedy(
        moves=moves,
        base=base,
        base_legal=np.where(static, base, -OUT),
        static=static,
        tie=(1e-3 * np.arange(own.size))[keep][:, None],
        cost=c.move_cost[own][keep],
        channel=channel,
        rank=(keep.size - np.arange(keep.size)).astype(np.int8 if keep.size < 127 else np.int64)[:, None],
        cooling=tuple(int(k) for k in np.flatnonzero((c.move_cooldown[moves] > 0) | c.move_once[moves])),
        requires=tuple((k, requires[int(m)]) for k, m in enumerate(moves) if int(m) in requires),
        groups=tuple(groups),
    )
    return table


def legal_rows(c: Compiled, st: BatchState, moves: np.ndarray) -> np.ndarray:
    """(K, N) whether each of `moves` may be ordered in the coming turn (rows of kernel.legal_mask)."""
    from wargame.engine.kernel import tables, view

    t = st.turn + 1
    tb = tables(c)
    ok = tb.legal_static[moves].take(st.rung[:, 0], axis=1)
    for k in range(1, c.n_ladders):
        ok &= tb.legal_rungs[moves].take(st.rung[:, k], axis=1)
    ok &= st.move_ready.T[moves] <= t
    requires = dict(c.move_requires)
    v = view(st)
    for k, m in enumerate(moves):
        if int(m) in requires:
            ok[k] &= requires[int(m)].np(v)
    ok &= ~st.over
    return ok


def _ladders_base(c: Compiled, g: _Greedy, st: BatchState, fold_static: bool) -> np.ndarray:
    """(K, N) base scores with several ladders: the channel preference plus the de-escalation bonus
    of whichever ladder the move can lower (the best of the ladders), -OUT when some ladder's rung
    forbids the move (with `fold_static`, for the batch path that checks no other legality table)."""
    base = g.base.take(st.rung[:, 0], axis=1)
    for k in range(1, c.n_ladders):
        np.maximum(base, g.base.take(st.rung[:, k], axis=1), out=base)
    if fold_static:
        for k in range(c.n_ladders):
            np.putmask(base, ~g.static.take(st.rung[:, k], axis=1), -OUT)
    return base


def choose(
    c: Compiled,
    st: BatchState,
    legal: np.ndarray,
    side: int,
    policy: str,
    draws: np.ndarray,
) -> np.ndarray:
    """Orders (N, B) of one side under one policy; `legal` is kernel.legal_mask, `draws` the turn's
    (N, S, M + B) policy block."""
    out = np.full((c.slots, st.n), -1, dtype=np.int64)
    choose_slots(c, st, side, policy, draws, out, legal)
    return out.T


def choose_slots(
    c: Compiled,
    st: BatchState,
    side: int,
    policy: str,
    draws: np.ndarray,
    out: np.ndarray,
    legal: np.ndarray | None = None,
) -> None:
    """Write one side's orders into `out` (B, N), slot-major, which holds -1 on entry.

    Without `legal` (the batch simulator's path) legality is worked out for the candidates only:
    the rung and budget are folded into the policy's table, and move_ready can only forbid a move
    with a cooldown or a once-only move (after an order any other is ready again the next turn)."""
    t = st.turn + 1
    own = c.side_moves[side]
    if policy == "hold" or own.size == 0:
        return
    if policy == "historical":
        script = _scripted_orders(c)[min(t, c.scenario.turns.count), side]
        wanted = script[script >= 0]
        if wanted.size == 0:
            return
        ok = legal.T[wanted] if legal is not None else legal_rows(c, st, wanted)
        for b, m in enumerate(wanted):
            out[b][ok[b]] = m
        _compact(out)
        return
    go_on = None
    channel_groups: tuple[tuple[int, int, int], ...] = ()
    if policy == "random":
        moves = own
        work = np.ascontiguousarray(draws[:, side, own].T)
        go_on = draws[:, side, c.n_moves :] < 0.5
        cost, channel, rank = c.move_cost[own], c.move_channel[own], (own.size - np.arange(own.size))[:, None]
        ok = legal.T[moves] if legal is not None else legal_rows(c, st, moves)
        np.putmask(work, ~ok, -OUT)
    elif policy in _CHANNEL_PREFS:
        g = _greedy_table(c, side, policy)
        moves, cost, channel, rank = g.moves, g.cost, g.channel, g.rank
        if moves.size == 0:
            return
        work = st.fatigue.T.take(moves, axis=0)
        work *= FATIGUE_WEIGHT  # base - 0.5 x fatigue - tie, exactly as scoring each game from scratch
        if c.n_ladders == 1:
            work += (g.base if legal is not None else g.base_legal).take(st.rung[:, 0], axis=1)
        else:
            work += _ladders_base(c, g, st, legal is None)
        work -= g.tie
        if legal is not None:
            np.putmask(work, ~legal.T[moves], -OUT)
        else:
            ready = st.move_ready.T
            for k in g.cooling:
                np.putmask(work[k], ready[moves[k]] > t, -OUT)
            if g.requires:
                from wargame.engine.kernel import view

                v = view(st)
                for k, condition in g.requires:
                    np.putmask(work[k], ~condition.np(v), -OUT)
            if st.over.any():
                work[:, st.over] = -OUT
        channel_groups = g.groups
    else:
        raise ValueError(f"unknown policy {policy!r}; known: {', '.join(POLICIES)}")
    if moves.size == 0:
        return
    _greedy(c, side, policy, work, moves, cost, channel, rank, go_on, channel_groups, out)


def _greedy(
    c: Compiled,
    side: int,
    policy: str,
    work: np.ndarray,
    moves: np.ndarray,
    cost: np.ndarray,
    channel: np.ndarray,
    rank: np.ndarray,
    go_on: np.ndarray | None,
    groups: tuple[tuple[int, int, int], ...],
    out: np.ndarray,
) -> None:
    """Fill the side's slots one by one with the best allowed candidate; `work` (K, N) holds each
    candidate's score, pushed below -OUT/10 (never chosen) once it is not allowed."""
    n = work.shape[1]
    budget = int(c.side_budget[side])
    remaining: np.ndarray | None = None
    rows = np.arange(n)
    holes = False
    slots = int(c.side_max_moves[side])
    top = int(cost.max())
    size = rank.shape[0]
    channel_rows = (
        [np.flatnonzero(channel == ch) for ch in np.unique(channel)] if policy == "integrated" and not groups else []
    )
    for b in range(slots):
        current = work
        if remaining is not None and top > int(remaining.min()):
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
        pick = size - ((current == best) * rank).max(axis=0).astype(np.intp)
        everyone = bool(has.all())
        out[b] = moves[pick] if everyone else np.where(has, moves[pick], -1)
        holes = holes or not everyone
        if b == slots - 1:
            break
        spent = cost[pick] if everyone else np.where(has, cost[pick], 0)
        remaining = budget - spent if remaining is None else remaining - spent
        flat = pick * n + rows
        work.reshape(-1)[flat if everyone else flat[has]] = -OUT
        if policy == "integrated":  # one move per channel
            picked_channel = channel[pick]
            for ch, lo, hi in groups:
                block = work[lo:hi]
                block -= OUT * (has & (picked_channel == ch))
            for group in channel_rows:
                same = has & (picked_channel == channel[group[0]])
                work[group] -= OUT * same
    if holes and go_on is not None:
        _compact(out)


def _compact(orders: np.ndarray) -> None:
    """Move chosen moves to the front of the slots (B, N) in place (empty slots last), keeping their order."""
    idx = np.argsort(orders < 0, axis=0, kind="stable")
    orders[:] = np.take_along_axis(orders, idx, axis=0)
