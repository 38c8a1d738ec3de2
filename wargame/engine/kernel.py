"""The rules: one turn of adjudication over a batch of games.

The live game calls this with a batch of one, the batch simulator with thousands; there is no
second copy of the rules. Resolution order (docs/architecture.md):

1. odds are fixed from the state at the start of the turn (what the cards showed is what is used);
2. injects: scripted ones on their turn, hazards by chance, and any the white cell forces;
3. moves, in side order then slot order: success by chance, effects scaled by diminishing returns
   and noise, immediate effects applied, delayed ones scheduled, triggers pulled;
4. delayed effects due this turn arrive;
5. the rung's per-turn effects, drift (decay) toward resting values, bounds, quantisation;
6. the ladder: pulled triggers in priority order, at most one step per turn, guards read the
   state after step 5; entering a rung applies its on-enter effects.

`resolve_turn` trusts its caller: orders must be legal (the live Game checks them in `submit`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.predicates import BatchView
from wargame.engine.state import FOREVER, BatchState

DECIMALS = 6  # indicators are quantised to 1e-6 each turn: exact logs, order-free sums

LadderStep = Callable[[Compiled, BatchView, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass
class TurnOutcome:
    """What happened in one turn, per game: every draw with its probability, and the ladder step."""

    turn: int
    inject_p: np.ndarray  # (N, J) hazard probability (0 for non-hazard injects)
    inject_u: np.ndarray  # (N, J)
    inject_fired: np.ndarray  # (N, J) bool
    inject_forced: np.ndarray  # (N, J) bool, fired by the white cell
    move_p: np.ndarray  # (N, S, B) success probability used (nan for empty slots)
    move_u: np.ndarray  # (N, S, B)
    move_ok: np.ndarray  # (N, S, B) bool
    move_scale: np.ndarray  # (N, S, B) diminishing-returns multiplier
    arrived: np.ndarray  # (N, I) delayed effects that arrived this turn
    pulled: np.ndarray  # (N, T) bool
    rung_before: np.ndarray  # (N,)
    rung_after: np.ndarray  # (N,)
    edge: np.ndarray  # (N,) number of the scenario transition taken, -1 for none
    each_amounts: np.ndarray  # (N, D, I) the rung's per-turn effects
    enter_amounts: np.ndarray  # (N, D, I) effects of entering a new rung
    move_amounts: np.ndarray | None = None  # (N, S, B, D, I) when details were asked for
    inject_amounts: np.ndarray | None = None  # (N, J, D, I) when details were asked for


def view(st: BatchState, now: int | None = None) -> BatchView:
    return BatchView(st.x, st.rung, st.last_event, st.turn if now is None else now)


def chances(c: Compiled, st: BatchState) -> np.ndarray:
    """Probability of every move succeeding and every hazard firing, from the current state: (N, C)."""
    p = c.chance_const + st.x @ c.chance_linear
    if c.chance_shifts:
        v = view(st)
        for shift in c.chance_shifts:
            p[:, shift.column] += shift.add * shift.condition.np(v)
    return np.round(np.clip(p, c.chance_floor, c.chance_ceiling), 9)


def legal_mask(c: Compiled, st: BatchState) -> np.ndarray:
    """Which moves may be ordered in the coming turn, each on its own budget: (N, M) bool."""
    t = st.turn + 1
    ok = c.move_rung_ok[st.rung] & (st.move_ready <= t)
    ok &= (c.move_cost <= c.side_budget[c.move_side])[None, :]
    if c.move_requires:
        v = view(st)
        for m, condition in c.move_requires:
            ok[:, m] &= condition.np(v)
    return ok & ~st.over[:, None]


def numpy_ladder(c: Compiled, v: BatchView, pulled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most one ladder step per game: first pulled trigger (by priority) with a valid transition."""
    rung = v.rung.copy()
    edge_taken = np.full(rung.shape[0], -1, dtype=np.int64)
    moved = np.zeros(rung.shape[0], dtype=bool)
    for edge in c.edges:
        candidates = ~moved & pulled[:, edge.trigger] & edge.sources[v.rung]
        if not candidates.any():
            continue
        take = candidates & edge.guard.np(v)
        rung[take] = edge.dest
        edge_taken[take] = edge.number
        moved |= take
    return rung, edge_taken


def resolve_turn(
    c: Compiled,
    st: BatchState,
    orders: np.ndarray,
    draws: np.ndarray,
    forced: np.ndarray | None = None,
    ladder: LadderStep = numpy_ladder,
    details: bool = False,
) -> tuple[BatchState, TurnOutcome]:
    """Resolve one turn for every game. `orders` (N, S, B) holds move indices or -1; `draws` (N, K)."""
    n, t = st.n, st.turn + 1
    lay = c.draw_layout
    rows = np.arange(n)
    new = st.copy()
    new.turn = t
    active = ~st.over
    slot_now, n_delays = t % c.delays, c.delays

    # 1. odds from the opening state
    p_all = chances(c, st)
    open_view = view(st)

    # 2. injects
    j_count = c.n_injects
    inject_p = p_all[:, c.n_moves :]
    inject_u = draws[:, lay["hazard"]]
    available = (st.inject_ready <= t) & active[:, None]
    for j, condition in c.inject_when:
        available[:, j] &= condition.np(open_view)
    scripted = (c.inject_at_turn == t)[None, :]
    by_chance = c.inject_has_hazard[None, :] & (inject_u < inject_p)
    forced_mask = np.zeros((n, j_count), dtype=bool) if forced is None else forced & active[:, None]
    fired = (available & (scripted | by_chance)) | forced_mask
    pulled = np.zeros((n, len(c.trigger_ids)), dtype=bool)
    inject_amounts = None
    if j_count:
        jitter = 2.0 * draws[:, lay["inject_noise"]] - 1.0
        weight = fired.astype(float)
        flat = weight @ c.inject_effects.base.reshape(j_count, -1)
        flat += (weight * jitter) @ c.inject_effects.spread.reshape(j_count, -1)
        _apply(new, flat.reshape(n, n_delays, -1), t)
        if details:
            inject_amounts = weight[:, :, None, None] * (
                c.inject_effects.base[None] + jitter[:, :, None, None] * c.inject_effects.spread[None]
            )
        has_trigger = c.inject_trigger >= 0
        for j in np.flatnonzero(has_trigger):
            pulled[:, c.inject_trigger[j]] |= fired[:, j]
        new.last_event[:, c.n_moves : c.n_moves + j_count][fired] = t
        ready_after = np.where(c.inject_once, FOREVER, t + c.inject_cooldown + 1)
        new.inject_ready = np.where(fired, ready_after[None, :], new.inject_ready)

    # 3. moves
    s_count, b_count = c.n_sides, c.slots
    move_p = np.full((n, s_count, b_count), np.nan)
    move_u = draws[:, lay["success"]].reshape(n, s_count, b_count)
    noise_u = draws[:, lay["move_noise"]].reshape(n, s_count, b_count)
    move_ok = np.zeros((n, s_count, b_count), dtype=bool)
    move_scale = np.zeros((n, s_count, b_count))
    move_amounts = np.zeros((n, s_count, b_count, n_delays, c.n_indicators)) if details else None
    used = np.zeros((n, c.n_moves), dtype=bool)
    for s in range(s_count):
        for b in range(b_count):
            idx = orders[:, s, b]
            valid = (idx >= 0) & active
            if not valid.any():
                continue
            m = np.where(valid, idx, 0)
            p = p_all[rows, m]
            ok = valid & (move_u[:, s, b] < p)
            scale = np.where(valid, c.repeat_penalty ** st.fatigue[rows, m], 0.0)
            amounts = c.move_success.amounts(m, noise_u[:, s, b], scale * ok)
            amounts += c.move_failure.amounts(m, noise_u[:, s, b], scale * (valid & ~ok))
            _apply(new, amounts, t)
            if move_amounts is not None:
                move_amounts[:, s, b] = amounts
            trig_ok, trig_fail = c.move_trigger[m], c.move_trigger_fail[m]
            hit = ok & (trig_ok >= 0)
            pulled[rows[hit], trig_ok[hit]] = True
            hit = valid & ~ok & (trig_fail >= 0)
            pulled[rows[hit], trig_fail[hit]] = True
            new.move_ready[rows[valid], m[valid]] = t + c.move_cooldown[m[valid]] + 1
            new.last_event[rows[ok], m[ok]] = t
            used[rows[valid], m[valid]] = True
            move_p[:, s, b] = np.where(valid, p, np.nan)
            move_ok[:, s, b] = ok
            move_scale[:, s, b] = scale
    new.fatigue = np.where(active[:, None], st.fatigue * c.fatigue_memory + used, st.fatigue)

    # 4. delayed effects arrive
    arrived = new.pending[:, slot_now].copy()
    new.x += arrived
    new.pending[:, slot_now] = 0.0

    # 5. per-turn rung effects, drift, bounds
    rung_noise = draws[:, lay["rung_noise"]]
    each = c.rung_each.amounts(st.rung, rung_noise[:, 0], active.astype(float))
    _apply(new, each, t)
    new.x += c.decay_rate * (c.decay_toward - new.x)
    _bound(c, new)

    # 6. the ladder
    pulled |= c.trigger_every_turn[None, :] & active[:, None]
    first_trigger = c.event_of_trigger(0)
    new.last_event[:, first_trigger : first_trigger + pulled.shape[1]][pulled] = t
    rung_after, edge = ladder(c, view(new, now=t), pulled)
    rung_after = np.where(active, rung_after, st.rung)
    entered = rung_after != st.rung
    new.rung = rung_after
    enter = c.rung_enter.amounts(rung_after, rung_noise[:, 1], entered.astype(float))
    if entered.any():
        _apply(new, enter, t)
        _bound(c, new)
        new.last_event[rows[entered], c.event_of_rung(0) + rung_after[entered]] = t
    new.over = st.over | c.rung_terminal[rung_after] | (t >= c.scenario.turns.count)

    outcome = TurnOutcome(
        turn=t,
        inject_p=inject_p,
        inject_u=inject_u,
        inject_fired=fired,
        inject_forced=forced_mask,
        move_p=move_p,
        move_u=move_u,
        move_ok=move_ok,
        move_scale=move_scale,
        arrived=arrived,
        pulled=pulled,
        rung_before=st.rung.copy(),
        rung_after=rung_after,
        edge=np.where(entered, edge, -1),
        each_amounts=each,
        enter_amounts=enter,
        move_amounts=move_amounts,
        inject_amounts=inject_amounts,
    )
    return new, outcome


def _apply(st: BatchState, amounts: np.ndarray, t: int) -> None:
    """Add (N, D, I) effects: delay 0 now, delay d into the ring buffer slot of turn t + d."""
    st.x += amounts[:, 0]
    for d in range(1, amounts.shape[1]):
        st.pending[:, (t + d) % amounts.shape[1]] += amounts[:, d]


def _bound(c: Compiled, st: BatchState) -> None:
    np.clip(st.x, c.ind_min, c.ind_max, out=st.x)
    np.round(st.x, DECIMALS, out=st.x)
    np.round(st.pending, DECIMALS, out=st.pending)


def observe(c: Compiled, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """What each side sees: truth plus noise, bounded, to one decimal; nan where not observed.

    x is (N, I) and z (N, S, I) standard normal draws; returns (N, S, I).
    """
    seen = np.clip(x[:, None, :] + c.obs_noise[None, None, :] * z, c.ind_min, c.ind_max)
    seen = np.round(seen, 1)
    return np.where(c.observed[None, :, :], seen, np.nan)
