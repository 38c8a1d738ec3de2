"""The rules: one turn of adjudication over a batch of games.

The live game calls this with a batch of one, the batch simulator with thousands; there is no
second copy of the rules. Resolution order (docs/architecture.md); `_step` runs one function per
phase, named after it:

1. odds are fixed from the state at the start of the turn (what the cards showed is what is used);
2. injects: scripted ones on their turn, hazards by chance, and any the white cell forces;
3. moves, in side order then slot order: success by chance, effects scaled by diminishing returns
   and noise, immediate effects applied, delayed ones scheduled, triggers pulled;
4. delayed effects due this turn arrive;
5. the rung's per-turn effects, drift (decay) toward resting values, bounds, quantisation;
6. the ladder: pulled triggers in priority order, at most one step per turn, guards read the
   state after step 5; entering a rung applies its on-enter effects.

`resolve_turn` trusts its caller: orders must be legal (the live Game checks them in `submit`).

How it is fast: effects are applied as sparse lists (each source's few non-zero effects) with one
sequential scatter-add per phase (`_scatter`), in the same order as a dense sum would add them; odds are computed
per chance column from the few indicators that move them; all tables are built once per Compiled
(`tables(c)`). `advance` updates a state in place (the batch simulator's path); `resolve_turn`
copies first and reports every draw (the live game's path). Both run the same `_step`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wargame.engine.compiled import Compiled, EffectTable
from wargame.engine.powers import exact_power, power_tables
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
    inject_available: np.ndarray  # (N, J) bool: could fire this turn (its `when` held, not cooling down or spent)
    hazard_roll: np.ndarray  # (N, J) int8: the hazard's roll forced to 0 or 1 (history replay), -1 drawn
    move_roll: np.ndarray  # (N, S, B) int8: the move's roll forced to 0 or 1 (history replay), -1 drawn
    move_p: np.ndarray  # (N, S, B) success probability used (nan for empty slots)
    move_u: np.ndarray  # (N, S, B)
    move_ok: np.ndarray  # (N, S, B) bool
    move_scale: np.ndarray  # (N, S, B) multiplier of the effects: diminishing returns x strength
    move_strength: np.ndarray  # (N, S, B) the move's strength multiplier (1 for moves without one)
    arrived: np.ndarray  # (N, I) delayed effects that arrived this turn
    pulled: np.ndarray  # (N, T) bool
    rung_before: np.ndarray  # (N, L)
    rung_after: np.ndarray  # (N, L)
    edge: np.ndarray  # (N, L) number of the scenario transition taken, -1 for none
    each_amounts: np.ndarray  # (N, L, D, I) each ladder's rung's per-turn effects
    enter_amounts: np.ndarray  # (N, L, D, I) effects of entering a new rung, per ladder
    flags_before: np.ndarray  # (N, F)
    flags_after: np.ndarray  # (N, F)
    move_amounts: np.ndarray | None = None  # (N, S, B, D, I) when details were asked for
    inject_amounts: np.ndarray | None = None  # (N, J, D, I) when details were asked for


# --- tables built once per scenario ------------------------------------------------------------


@dataclass(frozen=True)
class Sparse:
    """Non-zero effects of G sources, source by source (compressed rows: source g owns
    entries start[g]..start[g+1])."""

    start: np.ndarray  # (G + 1,)
    count: np.ndarray  # (G,)
    delay: np.ndarray  # (E,)
    ind: np.ndarray  # (E,)
    base: np.ndarray  # (E,)
    spread: np.ndarray  # (E,)
    noisy: bool  # any entry with noise
    has: np.ndarray  # (G,) bool: source has at least one entry


@dataclass(frozen=True)
class Entries:
    """An EffectTable as its non-zero effects: immediate ones and delayed ones apart."""

    now: Sparse
    later: Sparse

    @property
    def has_later(self) -> bool:
        return bool(self.later.delay.size)


def _entries(base: np.ndarray, spread: np.ndarray) -> Entries:
    """Sparse entries of dense (G, D, I) effect tables, in (delay, indicator) order per source."""
    nonzero = (base != 0) | (spread != 0)

    def sparse(delayed: bool) -> Sparse:
        rows: list[tuple[int, int, float, float]] = []
        start = [0]
        for g in range(base.shape[0]):
            for d, i in zip(*np.nonzero(nonzero[g]), strict=True):
                if (d > 0) == delayed:
                    rows.append((int(d), int(i), float(base[g, d, i]), float(spread[g, d, i])))
            start.append(len(rows))
        table = np.array(rows, dtype=float).reshape(-1, 4)
        starts = np.array(start, dtype=np.int64)
        return Sparse(
            start=starts,
            count=np.diff(starts),
            delay=table[:, 0].astype(np.int64),
            ind=table[:, 1].astype(np.int64),
            base=table[:, 2].copy(),
            spread=table[:, 3].copy(),
            noisy=bool(np.any(table[:, 3])),
            has=np.diff(starts) > 0,
        )

    return Entries(now=sparse(False), later=sparse(True))


@dataclass(frozen=True)
class Tables:
    """Everything `_step` reads besides the Compiled itself, built once (see `tables`)."""

    moves: Entries  # key 2*m + ok (ok: 1 success, 0 failure); keys 2M, 2M+1 are the empty slot
    move_dense: EffectTable  # the same keys, dense, for the live game's detailed record
    move_pull: np.ndarray  # (2M + 2,) trigger pulled by each key, T for none
    move_ready_gap: np.ndarray  # (M,) cooldown + 1
    injects: Entries
    rung_each: Entries
    rung_enter: Entries
    # chances: for each column, its indicator terms; odds of the empty slot are 0
    const: np.ndarray  # (C,)
    terms: tuple[tuple[tuple[int, float], ...], ...]  # per column ((indicator, per_point), ...)
    shifts_by_column: dict[int, list[int]]  # column -> positions in c.chance_shifts
    move_floor: np.ndarray  # (M + 1,)
    move_ceiling: np.ndarray  # (M + 1,)
    move_bounds_plain: bool  # every move's odds clipped to [0, 1]
    hazard_columns: np.ndarray  # inject indices with a hazard
    decay_columns: np.ndarray  # indicators that drift (or can go negative: -0.0 is normalised)
    pending_columns: np.ndarray  # indicators that ever receive a delayed effect
    legal_static: np.ndarray  # (M, R) legal with the main ladder on that rung, and affordable
    legal_rungs: np.ndarray  # (M, R) legal with that rung's ladder on it (read for the other ladders)
    enter_has_later: bool
    move_ready_once: np.ndarray  # (M,) True for once-only moves (never ready again after use)
    strong_moves: np.ndarray  # moves with a strength multiplier


def tables(c: Compiled) -> Tables:
    """The kernel's derived tables for this scenario (built once per Compiled)."""
    return c.derived("kernel.tables", lambda: _build_tables(c))


def _build_tables(c: Compiled) -> Tables:
    m_count = c.n_moves
    keys = 2 * m_count + 2
    dense_base = np.zeros((keys, c.delays, c.n_indicators))
    dense_spread = np.zeros_like(dense_base)
    dense_base[0 : 2 * m_count : 2] = c.move_failure.base[:m_count]
    dense_base[1 : 2 * m_count : 2] = c.move_success.base[:m_count]
    dense_spread[0 : 2 * m_count : 2] = c.move_failure.spread[:m_count]
    dense_spread[1 : 2 * m_count : 2] = c.move_success.spread[:m_count]
    n_triggers = len(c.trigger_ids)
    pull = np.full(keys, n_triggers, dtype=np.int64)
    pull[0 : 2 * m_count : 2] = np.where(c.move_trigger_fail >= 0, c.move_trigger_fail, n_triggers)
    pull[1 : 2 * m_count : 2] = np.where(c.move_trigger >= 0, c.move_trigger, n_triggers)
    n_cols = c.chance_const.shape[0]
    terms = tuple(
        tuple((int(i), float(c.chance_linear[i, col])) for i in np.flatnonzero(c.chance_linear[:, col]))
        for col in range(n_cols)
    )
    shifts: dict[int, list[int]] = {}
    for pos, shift in enumerate(c.chance_shifts):
        shifts.setdefault(shift.column, []).append(pos)
    floor = np.append(c.chance_floor[:m_count], 0.0)
    ceiling = np.append(c.chance_ceiling[:m_count], 0.0)
    all_tables = (c.move_success, c.move_failure, c.inject_effects, c.rung_each, c.rung_enter)
    delayed = np.zeros(c.n_indicators, dtype=bool)
    for tab in all_tables:
        delayed |= ((tab.base[:, 1:] != 0) | (tab.spread[:, 1:] != 0)).any(axis=(0, 1))
    affordable = c.move_cost <= c.side_budget[c.move_side]
    enter = _entries(c.rung_enter.base, c.rung_enter.spread)
    result = Tables(
        moves=_entries(dense_base, dense_spread),
        move_dense=EffectTable(base=dense_base, spread=dense_spread),
        move_pull=pull,
        move_ready_gap=c.move_cooldown + 1,
        injects=_entries(c.inject_effects.base, c.inject_effects.spread),
        rung_each=_entries(c.rung_each.base, c.rung_each.spread),
        rung_enter=enter,
        const=c.chance_const.copy(),
        terms=terms,
        shifts_by_column=shifts,
        move_floor=floor,
        move_ceiling=ceiling,
        move_bounds_plain=bool(np.all(floor[:m_count] == 0.0) and np.all(ceiling[:m_count] == 1.0)),
        hazard_columns=np.flatnonzero(c.inject_has_hazard),
        decay_columns=np.flatnonzero((c.decay_rate != 0) | (c.ind_min < 0)),
        pending_columns=np.flatnonzero(delayed),
        legal_static=np.ascontiguousarray((c.move_rung_ok & affordable[None, :]).T),
        legal_rungs=np.ascontiguousarray(c.move_rung_ok.T),
        enter_has_later=enter.has_later,
        move_ready_once=c.move_once.copy(),
        strong_moves=np.flatnonzero(c.move_strength >= 0),
    )
    return result


# --- reading the state -------------------------------------------------------------------------


def view(st: BatchState, now: int | None = None) -> BatchView:
    """What conditions read at the start of the coming turn (or, with `now`, after turn `now`)."""
    return BatchView(st.x, st.rung, st.last_event, st.turn if now is None else now, st.flags)


def _chance_column(c: Compiled, tb: Tables, col: int, x: np.ndarray, v: BatchView) -> np.ndarray:
    """Unclipped probability of one chance column for every game: constant + linear terms + shifts."""
    terms = tb.terms[col]
    if terms:
        i, per = terms[0]
        lin = x[:, i] * per
        for i, per in terms[1:]:
            lin = lin + x[:, i] * per
        p = tb.const[col] + lin
    else:
        p = np.full(x.shape[0], tb.const[col])
    for pos in tb.shifts_by_column.get(col, ()):
        shift = c.chance_shifts[pos]
        p = p + shift.add * shift.condition.np(v)
    return p


def _chance_into(
    c: Compiled, tb: Tables, col: int, x: np.ndarray, v: BatchView, out: np.ndarray, scratch: np.ndarray
) -> None:
    """`_chance_column` written into `out` (N,), with the same operations in the same order."""
    terms = tb.terms[col]
    if terms:
        i, per = terms[0]
        np.multiply(x[:, i], per, out=out)
        for i, per in terms[1:]:
            np.multiply(x[:, i], per, out=scratch)
            np.add(out, scratch, out=out)
        np.add(out, tb.const[col], out=out)
    else:
        out.fill(tb.const[col])
    for pos in tb.shifts_by_column.get(col, ()):
        shift = c.chance_shifts[pos]
        np.add(out, shift.add * shift.condition.np(v), out=out)


def _odds_buffers(c: Compiled, rows: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A (rows, n) odds table and an (n,) scratch row, reused from turn to turn (kept per n)."""
    held = c.extra.get("kernel.odds")
    if not (isinstance(held, tuple) and held[0].shape[1] == n and held[0].shape[0] >= rows):
        held = (np.empty((c.n_moves + 1, n)), np.empty(n))
        c.extra["kernel.odds"] = held
    table, scratch = held
    return table[:rows], scratch


def chances(c: Compiled, st: BatchState) -> np.ndarray:
    """Probability of every move succeeding and every hazard firing (then the strength multipliers),
    from the current state: (N, C)."""
    tb = tables(c)
    v = view(st)
    cols = [_chance_column(c, tb, col, st.x, v) for col in range(tb.const.shape[0])]
    p = np.stack(cols, axis=1) if cols else np.zeros((st.n, 0))
    return np.round(np.clip(p, c.chance_floor, c.chance_ceiling), 9)


def legal_mask(c: Compiled, st: BatchState) -> np.ndarray:
    """Which moves may be ordered in the coming turn, each on its own budget: (N, M) bool."""
    tb = tables(c)
    t = st.turn + 1
    ok = tb.legal_static.take(st.rung[:, 0], axis=1)  # (M, N)
    for k in range(1, c.n_ladders):
        ok &= tb.legal_rungs.take(st.rung[:, k], axis=1)
    ok &= st.move_ready.T <= t
    if c.move_requires:
        v = view(st)
        for m, condition in c.move_requires:
            ok[m] &= condition.np(v)
    ok &= ~st.over
    return ok.T


def numpy_ladder(c: Compiled, v: BatchView, pulled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most one step per ladder and game: on each ladder, the first pulled trigger (by priority)
    with a transition from its rung whose guard holds. Every guard reads the same view `v`.
    Returns the rungs after (N, L) and the transition each ladder took (N, L), -1 for none."""
    rung = v.rung.copy()
    edge_taken = np.full(rung.shape, -1, dtype=np.int64)
    moved = np.zeros(rung.shape, dtype=bool)
    present = np.bincount(v.rung.reshape(-1), minlength=len(c.rung_ids)) > 0
    triggered = np.asarray(pulled.any(axis=0))
    for edge in c.edges:
        if not triggered[edge.trigger] or not (edge.sources & present).any():
            continue
        k = edge.ladder
        candidates = edge.sources[v.rung[:, k]]
        candidates &= pulled[:, edge.trigger]
        candidates &= ~moved[:, k]
        if not candidates.any():
            continue
        take = candidates & edge.guard.np(v)
        rung[:, k][take] = edge.dest
        edge_taken[:, k][take] = edge.number
        moved[:, k] |= take
    return rung, edge_taken


# --- one turn ----------------------------------------------------------------------------------


def diminishing_returns(c: Compiled, fatigue: np.ndarray) -> np.ndarray:
    """`repeat_penalty ** fatigue`, the same to the last bit on every CPU (it is recorded as `scale`).

    numpy's `power` differs in the last bit between SIMD paths; `exact_power` uses only correctly
    rounded operations (docs/architecture.md, "Logs verify on any machine").
    """
    return exact_power(c.derived("kernel.powers", lambda: power_tables(c.repeat_penalty)), fatigue)


def _flat(a: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """A writable 1-D view of a contiguous array and its strides in elements."""
    if not (a.flags.c_contiguous or a.flags.f_contiguous):
        raise ValueError("state arrays must be contiguous")
    flat = a.reshape(-1, order="F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C")
    return flat, tuple(s // a.itemsize for s in a.strides)


def _scatter(
    st: BatchState,
    ent: Entries,
    key: np.ndarray,
    rows: np.ndarray | int,
    jitter: np.ndarray,
    scale: np.ndarray | None,
    t: int,
    touched: list[np.ndarray],
) -> None:
    """Add the effects of sources `key` (G,) to their games, in ONE ordered scatter-add per part.

    Source g is effect table row key[g], added to game rows[g] (or, when `rows` is an int N, to game
    g mod N: slot-major orders flattened). Each value is scale * (base + jitter * spread), exactly
    as the dense (source, delay, indicator) tables give it. Sources are added in the order given, so
    a caller that lists slot q of a game before slot q + 1 gets the additions of a dense sum, in its
    order (a source touches a cell at most once). Immediate effects go to `st.x`, delayed ones to
    the ring buffer slot of turn t + delay; flat positions of pending cells changed go to `touched`
    (they are quantised at the bounds phase).
    """
    n_delays = st.pending.shape[1]
    for part, later in ((ent.now, False), (ent.later, True)):
        if part.delay.size == 0 or key.size == 0:
            continue
        has = np.flatnonzero(part.has.take(key))  # sources with entries, in order
        if has.size == 0:
            continue
        chosen = key.take(has)
        count = part.count.take(chosen)
        ends = np.cumsum(count)  # entries of source has[k] go to positions ends[k]-count[k] .. ends[k]-1
        total = int(ends[-1])
        # Expand sources to entries without np.repeat (slow for many tiny counts): put a 1 where
        # each source's run of entries begins and take the running sum; position p then knows its
        # owner k, and its entry is the owner's first entry plus p's offset within the run.
        begins = np.zeros(total, dtype=np.intp)
        begins[ends[:-1]] = 1
        owner = np.cumsum(begins)  # position in `has` of each entry's source
        src = has.take(owner)
        e = (part.start.take(chosen) - ends + count).take(owner)  # first entry - run start, per entry
        e += np.arange(total)
        target, strides = _flat(st.pending if later else st.x)
        if later:
            offset = ((t + part.delay) % n_delays) * strides[1] + part.ind * strides[2]
        else:
            offset = part.ind * strides[1]
        game = src % rows if isinstance(rows, int) else rows.take(src)
        idx = offset.take(e)
        idx += game if strides[0] == 1 else game * strides[0]
        vals = part.base.take(e)
        if part.noisy:
            vals += jitter.take(src) * part.spread.take(e)
        if scale is not None:
            vals *= scale.take(src)  # scale * (base + jitter * spread): products commute exactly
        np.add.at(target, idx, vals)
        if later:
            touched.append(idx)


def _round_cells(st: BatchState, touched: list[np.ndarray]) -> None:
    """Quantise the pending cells changed this turn (the others are quantised already)."""
    if not touched:
        return
    flat, _ = _flat(st.pending)
    idx = np.concatenate(touched) if len(touched) > 1 else touched[0]
    flat[idx] = np.round(flat[idx], DECIMALS)
    touched.clear()


def _bound_x(c: Compiled, st: BatchState) -> None:
    """Clip every indicator to its range and quantise it (idempotent: games already bounded keep their values)."""
    np.clip(st.x, c.ind_min, c.ind_max, out=st.x)
    np.round(st.x, DECIMALS, out=st.x)


@dataclass
class _Turn:
    """One turn being resolved: what every phase of `_step` reads and what they hand on."""

    c: Compiled
    tb: Tables
    st: BatchState
    t: int  # the turn being played
    drawn: np.ndarray  # (K, N) the turn's uniforms, one row per draw slot (Compiled.draw_layout)
    rows: np.ndarray  # (N,) 0..N-1
    active: np.ndarray  # (N,) games still in play
    everyone: bool  # every game is in play (the common case: no masking needed)
    rung_before: np.ndarray  # (N, L)
    pulled: np.ndarray  # (T + 1, N) triggers pulled this turn; row T stands for "no trigger"
    touched: list[np.ndarray]  # pending cells changed this turn (quantised at the bounds phase)
    rolls: ForcedRolls | None = None  # chance outcomes forced (history replay)

    def draw(self, kind: str) -> np.ndarray:
        return self.drawn[self.c.draw_layout[kind]]


@dataclass
class ForcedRolls:
    """Chance outcomes decided in advance instead of by the turn's draws (history replay).

    -1 leaves a roll to chance; 0 forces failure (a move fails, a hazard does not fire); 1 forces
    success. The probability the model gave each outcome is still computed and recorded."""

    moves: np.ndarray  # (S x B, N) int8, slot-major like the orders
    hazards: np.ndarray  # (N, J) int8

    def forced_moves(self) -> np.ndarray:
        return self.moves >= 0

    def forced_hazards(self) -> np.ndarray:
        return self.hazards >= 0


@dataclass
class _Slots:
    """The turn's order slots (Q = S x B, slot-major, each (Q, N)): odds, rolls and what they move."""

    ordered: np.ndarray  # move index, -1 for an empty slot
    valid: np.ndarray  # a move is ordered in the slot
    safe: np.ndarray  # move index, 0 for an empty slot (for gathers)
    p: np.ndarray  # success probability from the opening state (0 for an empty slot)
    ok: np.ndarray  # the move worked
    scale: np.ndarray  # multiplier of its effects: diminishing returns x strength (0 for an empty slot)
    strength: np.ndarray | None  # the strength multiplier alone (None: no move has one)
    key: np.ndarray  # effect-table row: 2m + ok, 2M / 2M + 1 for the empty slot
    jitter: np.ndarray  # 2u - 1 of the effect-noise draw
    offsets: np.ndarray  # flat positions of (game, move) in the fatigue array's layout


def _gather_columns(
    c: Compiled, tb: Tables, moves: np.ndarray, column: Callable[[int], int], move_index: np.ndarray,
    x: np.ndarray, v: BatchView, empty: float,
) -> np.ndarray:
    """Per slot (Q, N), the value of a chance column of the move in it (`empty` for slots without),
    each column clipped to its own bounds: computed once per move ordered somewhere, then gathered."""
    n, m_count = x.shape[0], c.n_moves
    compact = np.full(m_count + 1, moves.size, dtype=np.int64)
    compact[moves] = np.arange(moves.size)
    values = np.full((moves.size + 1, n), empty)
    for pos, m in enumerate(moves):
        col = column(int(m))
        values[pos] = np.clip(_chance_column(c, tb, col, x, v), c.chance_floor[col], c.chance_ceiling[col])
    return np.round(values.reshape(-1).take(compact[move_index] * n + np.arange(n)), 9)


def _odds(turn: _Turn, orders: np.ndarray, opening: BatchView) -> tuple[_Slots, np.ndarray]:
    """Phase 1: every ordered move's odds (and strength) and every hazard's odds, from the state at
    the start of the turn, and the success rolls. Returns the slots and the hazards' odds (N, J)."""
    c, tb, st, n, rows = turn.c, turn.tb, turn.st, turn.st.n, turn.rows
    m_count = c.n_moves
    if not turn.everyone:
        orders[:, ~turn.active] = -1  # a finished game orders nothing
    empty = orders < 0
    move_index = np.where(empty, m_count, orders)  # the empty slot is move M (odds 0)
    used_moves = np.flatnonzero(np.bincount(move_index.reshape(-1), minlength=m_count + 1)[:m_count])
    compact = np.full(m_count + 1, used_moves.size, dtype=np.int64)
    compact[used_moves] = np.arange(used_moves.size)
    move_odds, scratch = _odds_buffers(c, used_moves.size + 1, n)
    move_odds[-1] = 0.0
    for pos, m in enumerate(used_moves):
        row = move_odds[pos]
        _chance_into(c, tb, int(m), st.x, opening, row, scratch)
        if not tb.move_bounds_plain:  # each move's own bounds, on its column (the same as per slot)
            np.clip(row, tb.move_floor[m], tb.move_ceiling[m], out=row)
    slot_p = move_odds.reshape(-1).take(compact[move_index] * n + rows)
    if tb.move_bounds_plain:
        np.clip(slot_p, 0.0, 1.0, out=slot_p)
    np.round(slot_p, 9, out=slot_p)

    inject_p = np.zeros((n, c.n_injects))
    for j in tb.hazard_columns:
        if c.inject_after[j]:
            continue  # read after the moves (phase 3b)
        col = m_count + j
        inject_p[:, j] = np.round(
            np.clip(_chance_column(c, tb, col, st.x, opening), c.chance_floor[col], c.chance_ceiling[col]), 9
        )

    ok = turn.draw("success") < slot_p
    if turn.rolls is not None:
        np.copyto(ok, turn.rolls.moves == 1, where=turn.rolls.forced_moves())
    valid = ~empty
    fat_flat, (f0, f1) = _flat(st.fatigue)
    safe = np.where(empty, 0, orders)
    offsets = rows * f0 + safe * f1
    scale = diminishing_returns(c, fat_flat.take(offsets)) * valid
    strength = None
    strong = np.intersect1d(used_moves, tb.strong_moves)
    if strong.size:
        strength = _gather_columns(c, tb, strong, lambda m: int(c.move_strength[m]), move_index, st.x, opening, 1.0)
        scale = scale * strength
    slots = _Slots(
        ordered=orders, valid=valid, safe=safe, p=slot_p, ok=ok, scale=scale, strength=strength,
        key=2 * move_index + ok, jitter=2.0 * turn.draw("move_noise") - 1.0, offsets=offsets,
    )
    return slots, inject_p


@dataclass
class _Fired:
    """Injects of one phase (or of the whole turn), each (N, J) bool."""

    fired: np.ndarray
    forced: np.ndarray  # fired by the white cell
    available: np.ndarray  # could fire: `when` held, not cooling down or spent, game in play

    def __ior__(self, other: _Fired) -> _Fired:
        self.fired |= other.fired
        self.forced |= other.forced
        self.available |= other.available
        return self


def _injects(
    turn: _Turn, v: BatchView, inject_p: np.ndarray, forced: np.ndarray | None, phase: np.ndarray | None
) -> _Fired:
    """Phase 2 (and 3b): the phase's injects fire (scripted on their turn, hazards by chance,
    white-cell ones forced); their effects apply, their triggers are pulled, their flags set, their
    cooldowns start. `phase` (J,) selects the phase's injects (None: all)."""
    c, st, t, n = turn.c, turn.st, turn.t, turn.st.n
    j_count = c.n_injects
    available = st.inject_ready <= t
    if not turn.everyone:
        available &= turn.active[:, None]
    if phase is not None:
        available &= phase[None, :]
    for j, condition in c.inject_when:
        if phase is None or phase[j]:
            available[:, j] &= condition.np(v)
    scripted = (c.inject_at_turn == t)[None, :]
    by_chance = c.inject_has_hazard[None, :] & (turn.draw("hazard").T < inject_p)
    if turn.rolls is not None:
        np.copyto(by_chance, turn.rolls.hazards == 1, where=turn.rolls.forced_hazards())
    forced_mask = np.zeros((n, j_count), dtype=bool) if forced is None else forced & turn.active[:, None]
    if phase is not None:
        forced_mask &= phase[None, :]
    fired = (available & (scripted | by_chance)) | forced_mask
    if not (j_count and fired.any()):
        return _Fired(fired, forced_mask, available)
    fired_rows, fired_j = np.nonzero(fired)
    jitter = 2.0 * turn.draw("inject_noise")[fired_j, fired_rows] - 1.0
    _scatter(st, turn.tb.injects, fired_j, fired_rows, jitter, None, t, turn.touched)
    last_flat, (l0, l1) = _flat(st.last_event)
    last_flat[fired_rows * l0 + (c.n_moves + fired_j) * l1] = t
    ready_after = np.where(c.inject_once, FOREVER, t + c.inject_cooldown + 1)
    inject_flat, (i0, i1) = _flat(st.inject_ready)
    inject_flat[fired_rows * i0 + fired_j * i1] = ready_after[fired_j]
    for k in np.flatnonzero(c.inject_trigger >= 0):
        turn.pulled[c.inject_trigger[k]] |= fired[:, k]
    for k in c.inject_flags.active:  # in the scenario's order: a later inject's change wins
        c.inject_flags.apply(st.flags, np.full(n, k), fired[:, k])
    return _Fired(fired, forced_mask, available)


def _moves(turn: _Turn, slots: _Slots) -> None:
    """Phase 3: the moves' effects (scaled, with noise) in side then slot order, their triggers,
    flags, cooldowns and fatigue."""
    c, tb, st, t, n = turn.c, turn.tb, turn.st, turn.t, turn.st.n
    _scatter(st, tb.moves, slots.key.reshape(-1), n, slots.jitter.reshape(-1), slots.scale.reshape(-1), t,
             turn.touched)
    turn.pulled.reshape(-1)[tb.move_pull[slots.key] * n + turn.rows] = True
    if c.move_flags.active.size:
        for q in range(slots.ordered.shape[0]):  # slot by slot: a later move's change wins
            c.move_flags.apply(st.flags, slots.safe[q], slots.valid[q] & slots.ok[q])
    kept = None if turn.everyone else st.fatigue[~turn.active].copy()
    np.multiply(st.fatigue, c.fatigue_memory, out=st.fatigue)
    ordered_at = np.flatnonzero(slots.valid)
    if ordered_at.size:
        fat_flat, (f0, f1) = _flat(st.fatigue)
        last_flat, (l0, l1) = _flat(st.last_event)
        ready_flat, (r0, r1) = _flat(st.move_ready)
        ordered_moves = slots.safe.reshape(-1)[ordered_at]
        at = slots.offsets.reshape(-1)[ordered_at]  # positions in fatigue's layout
        # the other arrays share fatigue's layout when they have the same strides (the usual case)
        ordered_rows = None if (r0, r1) == (l0, l1) == (f0, f1) else ordered_at % n
        ready_at = at if ordered_rows is None else ordered_rows * r0 + ordered_moves * r1
        ready = t + tb.move_ready_gap[ordered_moves]
        if tb.move_ready_once.any():
            ready = np.where(tb.move_ready_once[ordered_moves], FOREVER, ready)
        ready_flat[ready_at] = ready
        fat_flat[at] += 1.0  # each move at most once per game
        worked = slots.ok.reshape(-1)[ordered_at]
        last_at = at if ordered_rows is None else ordered_rows * l0 + ordered_moves * l1
        last_flat[last_at[worked]] = t
    if kept is not None:
        st.fatigue[~turn.active] = kept


def _after_moves(turn: _Turn, inject_p: np.ndarray, forced: np.ndarray | None) -> _Fired:
    """Phase 3b: injects of phase `after_moves`, read on the state after the moves' immediate
    effects (bounded for reading, events of this turn visible: `within: 1` means this turn)."""
    c, tb, st, t = turn.c, turn.tb, turn.st, turn.t
    x = np.clip(st.x, c.ind_min, c.ind_max)
    v = BatchView(x, turn.rung_before, st.last_event, t, st.flags, turn=t)
    for j in tb.hazard_columns:
        if c.inject_after[j]:
            col = c.n_moves + j
            inject_p[:, j] = np.round(
                np.clip(_chance_column(c, tb, col, x, v), c.chance_floor[col], c.chance_ceiling[col]), 9
            )
    return _injects(turn, v, inject_p, forced, c.inject_after)


def _arrivals(turn: _Turn, frozen: np.ndarray | None) -> np.ndarray:
    """Phase 4: delayed effects due this turn arrive (not in finished games). Returns them (N, I)."""
    st = turn.st
    slot_now = turn.t % st.pending.shape[1]
    arrived = st.pending[:, slot_now].copy(order="K")
    if frozen is not None:
        arrived[frozen] = 0.0
    st.x += arrived
    st.pending[:, slot_now] = 0.0
    return arrived


def _ladder_sources(turn: _Turn, rungs: np.ndarray, games: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Ladder by ladder (main first), the rung (source) and game of every ladder of `games` (all when
    None): so each game's ladders add their effects in ladder order."""
    if games is None:
        return rungs.T.reshape(-1), np.tile(turn.rows, rungs.shape[1])
    return rungs[games].T.reshape(-1), np.tile(games, rungs.shape[1])


def _bounds(turn: _Turn) -> None:
    """Phase 5: each ladder's rung's per-turn effects, drift toward resting values, clipping and quantisation."""
    c, st = turn.c, turn.st
    noise = turn.draw("rung_noise")[: c.n_ladders]  # (L, N)
    if c.n_ladders == 1 and turn.everyone:  # one source per game: any order within the call is the dense sum's
        _scatter(st, turn.tb.rung_each, turn.rung_before[:, 0], st.n, 2.0 * noise[0] - 1.0, None, turn.t, turn.touched)
    else:
        playing = None if turn.everyone else np.flatnonzero(turn.active)
        sources, games = _ladder_sources(turn, turn.rung_before, playing)
        jitter = (2.0 * noise - 1.0) if playing is None else (2.0 * noise[:, playing] - 1.0)
        _scatter(st, turn.tb.rung_each, sources, games, jitter.reshape(-1), None, turn.t, turn.touched)
    for i in turn.tb.decay_columns:
        col = st.x[:, i]
        col += c.decay_rate[i] * (c.decay_toward[i] - col)
    _bound_x(c, st)
    _round_cells(st, turn.touched)


def _ladder(turn: _Turn, ladder: LadderStep) -> tuple[np.ndarray, np.ndarray]:
    """Phase 6: pulled triggers (and every-turn ones) move each ladder at most one step; entering a
    rung applies its effects and flags, ladder by ladder. Returns (pulled (N, T), transition taken (N, L))."""
    c, st, t = turn.c, turn.st, turn.t
    pulled_t = turn.pulled[:-1]
    pulled_t[c.trigger_every_turn] |= turn.active
    first_trigger = c.event_of_trigger(0)
    for trig in range(pulled_t.shape[0]):
        st.last_event[pulled_t[trig], first_trigger + trig] = t
    pulled = pulled_t.T
    rung_after, edge = ladder(c, BatchView(st.x, turn.rung_before, st.last_event, t, st.flags), pulled)
    if not turn.everyone:
        rung_after = np.where(turn.active[:, None], rung_after, turn.rung_before)
    entered = rung_after != turn.rung_before
    st.rung[...] = rung_after
    if entered.any():
        ladders = range(c.n_ladders)
        in_rows = [np.flatnonzero(entered[:, k]) for k in ladders]
        games = np.concatenate(in_rows)
        sources = np.concatenate([rung_after[in_rows[k], k] for k in ladders])
        noise = turn.draw("rung_noise")[c.n_ladders :]  # (L, N)
        jitter = np.concatenate([2.0 * noise[k, in_rows[k]] - 1.0 for k in ladders])
        _scatter(st, turn.tb.rung_enter, sources, games, jitter, None, t, turn.touched)
        _bound_x(c, st)  # re-bounding every game equals bounding the ones that moved
        _round_cells(st, turn.touched)
        st.last_event[games, c.event_of_rung(0) + sources] = t
        if c.rung_flags.active.size:
            for k in ladders:
                c.rung_flags.apply(st.flags, rung_after[:, k], entered[:, k])
    return pulled, np.where(entered, edge, -1)


def _ended(c: Compiled, st: BatchState, t: int) -> np.ndarray:
    """(N,) games that end with this turn: a ladder entered an end state, or the last turn was played."""
    terminal = c.rung_terminal[st.rung]
    on_end_state = terminal[:, 0] if c.n_ladders == 1 else terminal.any(axis=1)
    return on_end_state | (t >= c.scenario.turns.count)


@dataclass
class _Record:
    """By-products of `_step` that the live game's turn record needs."""

    inject_p: np.ndarray
    injects: _Fired
    move_p: np.ndarray  # (Q, N)
    move_ok: np.ndarray  # (Q, N)
    move_scale: np.ndarray  # (Q, N)
    move_strength: np.ndarray | None  # (Q, N)
    move_key: np.ndarray  # (Q, N)
    move_jitter: np.ndarray  # (Q, N)
    arrived: np.ndarray
    pulled: np.ndarray  # (N, T)
    edge: np.ndarray  # (N, L)


def _step(
    c: Compiled,
    st: BatchState,
    orders: np.ndarray,
    draws: np.ndarray,
    forced: np.ndarray | None,
    ladder: LadderStep,
    record: bool,
    rolls: ForcedRolls | None = None,
) -> _Record | None:
    """Resolve one turn in place, phase by phase (the resolution order of the module docstring).

    `orders` (S x B, N) holds move indices or -1, slot-major (it is changed: games over order
    nothing); `draws` (N, K); `forced` (N, J) injects the white cell forces; `rolls` chance
    outcomes forced instead of drawn (history replay)."""
    active = ~st.over
    turn = _Turn(
        c=c, tb=tables(c), st=st, t=st.turn + 1, drawn=np.ascontiguousarray(draws.T), rows=np.arange(st.n),
        active=active, everyone=bool(active.all()), rung_before=st.rung.copy(),
        pulled=np.zeros((len(c.trigger_ids) + 1, st.n), dtype=bool), touched=[], rolls=rolls,
    )
    opening = BatchView(st.x, turn.rung_before, st.last_event, st.turn, st.flags)
    slots, inject_p = _odds(turn, orders, opening)
    before_moves = ~c.inject_after if c.any_after_moves else None
    injects = _injects(turn, opening, inject_p, forced, before_moves)
    _moves(turn, slots)
    if c.any_after_moves:
        injects |= _after_moves(turn, inject_p, forced)
    # a finished game stands still: its delayed effects and drift stop with it
    frozen = None if turn.everyone else np.flatnonzero(~active)
    if frozen is not None:
        frozen_x, frozen_pending = st.x[frozen].copy(), st.pending[frozen].copy()
    arrived = _arrivals(turn, frozen)
    _bounds(turn)
    if frozen is not None:
        st.x[frozen], st.pending[frozen] = frozen_x, frozen_pending
    pulled, edge = _ladder(turn, ladder)
    st.over = st.over | _ended(c, st, turn.t)
    st.turn = turn.t
    if not record:
        return None
    return _Record(
        inject_p=inject_p,
        injects=injects,
        move_p=np.where(slots.valid, slots.p, np.nan),
        move_ok=slots.ok,
        move_scale=slots.scale,
        move_strength=slots.strength,
        move_key=slots.key,
        move_jitter=slots.jitter,
        arrived=arrived,
        pulled=np.ascontiguousarray(pulled),
        edge=edge,
    )


@dataclass
class StepOutcome:
    """The few by-products of a turn that batch experiments read (see `advance(outcome=True)`)."""

    turn: int
    inject_fired: np.ndarray  # (N, J) bool
    inject_forced: np.ndarray  # (N, J) bool
    move_ok: np.ndarray  # (N, S, B) bool
    rung_before: np.ndarray  # (N, L)
    rung_after: np.ndarray  # (N, L)
    edge: np.ndarray  # (N, L) scenario transition taken, -1 for none
    x_after: np.ndarray  # (N, I) indicators after the turn (a view of the state: read it at once)


def advance(
    c: Compiled,
    st: BatchState,
    orders: np.ndarray,
    draws: np.ndarray,
    forced: np.ndarray | None = None,
    ladder: LadderStep = numpy_ladder,
    outcome: bool = False,
    slot_major: bool = False,
    rolls: ForcedRolls | None = None,
) -> StepOutcome | None:
    """Resolve one turn of every game in place (the batch simulator's path; same rules as resolve_turn).

    `orders` is (N, S, B), or with `slot_major` (S x B, N) (then it is changed: games over order
    nothing). With `outcome` it returns which injects fired and which moves succeeded (else None)."""
    rung_before = st.rung.copy() if outcome else st.rung
    ordered = orders if slot_major else _slot_major(orders)
    rec = _step(c, st, ordered, draws, forced, ladder, record=outcome, rolls=rolls)
    if rec is None:
        return None
    n = st.n
    return StepOutcome(
        turn=st.turn,
        inject_fired=rec.injects.fired,
        inject_forced=rec.injects.forced,
        move_ok=np.ascontiguousarray(rec.move_ok.T).reshape(n, c.n_sides, c.slots),
        rung_before=rung_before,
        rung_after=st.rung.copy(),
        edge=rec.edge,
        x_after=st.x,
    )


def resolve_turn(
    c: Compiled,
    st: BatchState,
    orders: np.ndarray,
    draws: np.ndarray,
    forced: np.ndarray | None = None,
    ladder: LadderStep = numpy_ladder,
    details: bool = False,
    rolls: ForcedRolls | None = None,
) -> tuple[BatchState, TurnOutcome]:
    """Resolve one turn for every game. `orders` (N, S, B) holds move indices or -1; `draws` (N, K)."""
    new = st.copy()
    rec = _step(c, new, _slot_major(orders), draws, forced, ladder, record=True, rolls=rolls)
    assert rec is not None
    n, s_count, b_count, l_count = st.n, c.n_sides, c.slots, c.n_ladders
    lay = c.draw_layout
    rung_noise = draws[:, lay["rung_noise"]]
    active = ~st.over
    entered = new.rung != st.rung

    def per_slot(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a.T).reshape(n, s_count, b_count)

    def per_ladder(table: EffectTable, rungs: np.ndarray, noise: np.ndarray, weight: np.ndarray) -> np.ndarray:
        """(N, L, D, I) effects of each ladder's rung."""
        return np.stack([table.amounts(rungs[:, k], noise[:, k], weight[:, k]) for k in range(l_count)], axis=1)

    move_amounts = inject_amounts = None
    if details:
        tb = tables(c)
        keys = rec.move_key.T.reshape(-1)
        noise = draws[:, lay["move_noise"]].reshape(-1)
        amounts = tb.move_dense.amounts(keys, noise, rec.move_scale.T.reshape(-1))
        move_amounts = amounts.reshape(n, s_count, b_count, c.delays, c.n_indicators)
        jitter = 2.0 * draws[:, lay["inject_noise"]] - 1.0
        weight = rec.injects.fired.astype(float)
        inject_amounts = weight[:, :, None, None] * (
            c.inject_effects.base[None, : c.n_injects] + jitter[:, :, None, None] * c.inject_effects.spread[None, : c.n_injects]
        )
    strength = np.ones((n, s_count, b_count)) if rec.move_strength is None else per_slot(rec.move_strength)
    outcome = TurnOutcome(
        turn=new.turn,
        inject_p=rec.inject_p,
        inject_u=draws[:, lay["hazard"]],
        inject_fired=rec.injects.fired,
        inject_forced=rec.injects.forced,
        inject_available=rec.injects.available,
        hazard_roll=np.full((n, c.n_injects), -1, dtype=np.int8) if rolls is None else rolls.hazards.copy(),
        move_roll=np.full((n, s_count, b_count), -1, dtype=np.int8) if rolls is None else per_slot(rolls.moves),
        move_p=per_slot(rec.move_p),
        move_u=draws[:, lay["success"]].reshape(n, s_count, b_count),
        move_ok=per_slot(rec.move_ok),
        move_scale=per_slot(rec.move_scale),
        move_strength=strength,
        arrived=rec.arrived,
        pulled=rec.pulled,
        rung_before=st.rung.copy(),
        rung_after=new.rung.copy(),
        edge=rec.edge,
        each_amounts=per_ladder(c.rung_each, st.rung, rung_noise[:, :l_count],
                                np.repeat(active.astype(float)[:, None], l_count, axis=1)),
        enter_amounts=per_ladder(c.rung_enter, new.rung, rung_noise[:, l_count:], entered.astype(float)),
        flags_before=st.flags.copy(),
        flags_after=new.flags.copy(),
        move_amounts=move_amounts,
        inject_amounts=inject_amounts,
    )
    return new, outcome


def _slot_major(orders: np.ndarray) -> np.ndarray:
    """(N, S, B) orders as a new (S x B, N) array."""
    n = orders.shape[0]
    return np.ascontiguousarray(orders.reshape(n, -1).T).astype(np.int64, copy=False)


def observe(c: Compiled, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """What each side sees: truth plus noise, bounded, to one decimal; nan where not observed.

    x is (N, I) and z (N, S, I) standard normal draws; returns (N, S, I).
    """
    seen = np.clip(x[:, None, :] + c.obs_noise[None, None, :] * z, c.ind_min, c.ind_max)
    seen = np.round(seen, 1)
    return np.where(c.observed[None, :, :], seen, np.nan)
