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
- firm_then_talk: integrated, but answers another side's violence in kind once (a coercive move,
  the most violent first), then returns to talks: tit-for-tat that forgives (it does not answer a
  blow that came right after its own use of force, so an exchange stops after one round);
- advisor: each turn the one move the advisor forecasts best from the side's own estimates
  (wargame.engine.advising), never from the true state;
- hold: orders nothing;
- a persona the scenario declares: a greedy policy with the persona's channel weights, one move per
  channel or not, and its own rule for answering force (scenario.models.Persona).
Ties go to the least recently used move, then to a move whose trigger can lower the ladder from
here, then to the scenario's order.

The greedy choice runs move-major ((moves, games) arrays) on tables built once per scenario and
policy, so a batch of 100k games costs a few passes over small arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wargame.engine.compiled import CHANNELS, Compiled, Condition
from wargame.engine.state import BatchState
from wargame.scenario.models import POLICY_NAMES, AnswerForce, Channel, Scenario, Tier

POLICIES: tuple[str, ...] = POLICY_NAMES
NEG = -1e9
FATIGUE_WEIGHT = -0.5  # score per unit of a move's recent use (fatigue): channel policies rotate moves
OUT = 1e300  # subtracted from the score of a move that may not be chosen (finite: no nan, no inf)

ANSWER_BONUS = 1000.0  # added to coercive moves' scores when a side answers force: they come first
IN_KIND_BONUS = 10.0  # and, among them, moves of the provocation's own kind (violent for violent)
COERCIVE = CHANNELS.index(Channel.coercive)


@dataclass(frozen=True)
class Greedy:
    """A greedy policy: channel preferences (None: never), one move per channel or not, and when it
    answers force (None: never). The built-in channel policies and every persona are one of these."""

    prefs: tuple[float | None, float | None, float | None]  # formal, coercive, informal
    one_per_channel: bool = False
    answer: AnswerForce | None = None


_BUILT_IN: dict[str, Greedy] = {
    "coercive": Greedy((5.0, 10.0, None)),
    "formal": Greedy((10.0, None, None)),
    "track2": Greedy((None, None, 10.0)),
    "integrated": Greedy((10.0, None, 10.0), one_per_channel=True),
    "firm_then_talk": Greedy((10.0, None, 10.0), one_per_channel=True, answer=AnswerForce()),
}


def policy_names(s: Scenario) -> tuple[str, ...]:
    """Every policy a seat of this scenario may take: the built-in ones and the scenario's personas."""
    return POLICIES + tuple(p.id for p in s.personas)


def greedy_spec(c: Compiled, policy: str) -> Greedy | None:
    """The greedy policy behind a name (a built-in channel policy or a persona), or None."""
    if policy in _BUILT_IN:
        return _BUILT_IN[policy]
    for persona in c.scenario.personas:
        if persona.id == policy:
            w = persona.weights
            prefs = tuple(None if v == 0 else float(v) for v in (w.formal, w.coercive, w.informal))
            return Greedy(prefs, persona.one_per_channel, persona.answer_force)  # type: ignore[arg-type]
    return None


def needs_draws(c: Compiled, policies: list[str]) -> bool:
    """Whether any of these policies reads the POLICY stream (random, a partial answer, the advisor)."""
    for policy in policies:
        spec = greedy_spec(c, policy)
        if policy in ("random", "advisor") or (spec is not None and spec.answer is not None and spec.answer.share < 1):
            return True
    return False


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
    groups: tuple[tuple[int, int, int], ...]  # one per channel: (channel, first, last + 1) when contiguous
    one_per_channel: bool
    answer: _Answer | None  # when it answers force


@dataclass(frozen=True)
class _Answer:
    """What one side under one policy answers, as event columns, and how its candidates answer."""

    violent: np.ndarray  # (E,) bool: events that are violence against it (others' violent moves, listed actors' injects)
    coercion: np.ndarray  # (E,) bool: events that are non-violent coercion against it (only when provoked_by coercive)
    own_force: np.ndarray  # (E,) bool: its own coercive moves
    coercive: np.ndarray  # (K,) bool: candidates that can answer (its coercive moves)
    violent_move: np.ndarray  # (K,) bool: candidates of the violent tier
    answer_only: np.ndarray  # (K,) bool: coercive candidates it plays only to answer
    rule: AnswerForce


def _answer_table(c: Compiled, side: int, rule: AnswerForce, moves: np.ndarray, answer_only: np.ndarray) -> _Answer:
    s = c.scenario
    me = c.side_ids[side]
    by = set(rule.by) if rule.by else {x.id for x in s.sides if x.id != me}
    violent = np.zeros(c.n_events, dtype=bool)
    coercion = np.zeros(c.n_events, dtype=bool)
    own_force = np.zeros(c.n_events, dtype=bool)
    for m, move in enumerate(s.moves):
        if move.side == me:
            own_force[c.event_of_move(m)] = move.channel == Channel.coercive
        elif move.side in by:
            violent[c.event_of_move(m)] = move.tier == Tier.violent
            coercion[c.event_of_move(m)] = move.channel == Channel.coercive and move.tier != Tier.violent
    for j, inject in enumerate(s.injects):
        if inject.actor is not None and inject.actor in by and inject.actor != me:
            violent[c.event_of_inject(j)] = inject.tier == Tier.violent
            coercion[c.event_of_inject(j)] = inject.tier == Tier.nonviolent
    if rule.provoked_by == "violent":
        coercion[:] = False
    tier = {m.id: m.tier for m in s.moves}
    return _Answer(
        violent=violent,
        coercion=coercion,
        own_force=own_force,
        coercive=c.move_channel[moves] == COERCIVE,
        violent_move=np.array([tier[c.move_ids[m]] == Tier.violent for m in moves], dtype=bool),
        answer_only=answer_only,
        rule=rule,
    )


def answering(c: Compiled, st: BatchState, a: _Answer, draws: np.ndarray | None, side: int) -> tuple[np.ndarray, np.ndarray]:
    """(N,) whether the side answers force this turn, and (N,) whether the blow it answers was violent.

    A blow is an event of the last completed turn that is force against it; with `forgive`, a blow
    that came right after its own use of force (the turn before) is let pass; `level_gte` and
    `share` narrow it further. Reads only public events and the main ladder's level."""
    last = st.turn
    if last < 1:
        none = np.zeros(st.n, dtype=bool)
        return none, none
    happened = st.last_event == last
    hit_violent = happened[:, a.violent].any(axis=1)
    hit = hit_violent | happened[:, a.coercion].any(axis=1)
    rule = a.rule
    if rule.forgive:
        hit &= ~(st.last_event[:, a.own_force] == last - 1).any(axis=1)
    if rule.level_gte is not None:
        hit &= c.rung_level[st.rung[:, 0]] >= rule.level_gte
    if rule.share < 1:
        assert draws is not None and draws.size, "a policy that answers only a share of blows needs its draws"
        hit &= draws[:, side, 0] < rule.share
    return hit, hit_violent


def _greedy_table(c: Compiled, side: int, policy: str) -> _Greedy:
    return c.derived(f"policies.greedy.{side}.{policy}", lambda: _build_greedy_table(c, side, policy))


def _build_greedy_table(c: Compiled, side: int, policy: str) -> _Greedy:
    own = c.side_moves[side]
    spec = greedy_spec(c, policy)
    assert spec is not None
    prefs = np.array([NEG if p is None else p for p in spec.prefs])
    # the same float operations, in the same order, as scoring each game from scratch
    score = np.broadcast_to(prefs[c.move_channel[own]], (len(c.rung_ids), own.size)).copy()
    score += 3.0 * _deescalation_bonus(c)[:, own]
    answer_only = (spec.answer is not None) & (c.move_channel[own] == COERCIVE) & (score[0] <= NEG / 2)
    score[:, answer_only] = 0.0  # a coercive move it plays only to answer force (masked otherwise)
    keep = np.flatnonzero((score[0] > NEG / 2) | answer_only)
    moves = own[keep]
    base = np.ascontiguousarray(score[:, keep].T)
    static = c.move_rung_ok[:, moves].T & (c.move_cost[moves] <= c.side_budget[side])[:, None]
    requires = dict(c.move_requires)
    channel = c.move_channel[own][keep]
    groups: list[tuple[int, int, int]] = []
    if spec.one_per_channel:
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
        one_per_channel=spec.one_per_channel,
        answer=_answer_table(c, side, spec.answer, moves, answer_only[keep]) if spec.answer is not None else None,
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
    fog: np.ndarray | None = None,
) -> np.ndarray:
    """Orders (N, B) of one side under one policy; `legal` is kernel.legal_mask, `draws` the turn's
    (N, S, M + B) policy block, `fog` the normal draws (N, S, I) behind what each side observes now
    (the advisor policy reads the side's estimates from them)."""
    out = np.full((c.slots, st.n), -1, dtype=np.int64)
    choose_slots(c, st, side, policy, draws, out, legal, fog)
    return out.T


def choose_slots(
    c: Compiled,
    st: BatchState,
    side: int,
    policy: str,
    draws: np.ndarray,
    out: np.ndarray,
    legal: np.ndarray | None = None,
    fog: np.ndarray | None = None,
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
    if policy == "advisor":
        from wargame.engine.advising import advisor_orders
        from wargame.engine.kernel import observe

        assert fog is not None, "the advisor policy reads the side's estimates: pass the turn's fog draws"
        seen = observe(c, st.x, fog)[:, side, :]
        ok = legal.T[own] if legal is not None else legal_rows(c, st, own)
        out[0] = advisor_orders(c, st, side, draws, seen, ok)
        return
    go_on = None
    channel_groups: tuple[tuple[int, int, int], ...] = ()
    one_per_channel = False
    if policy == "random":
        moves = own
        work = np.ascontiguousarray(draws[:, side, own].T)
        go_on = draws[:, side, c.n_moves :] < 0.5
        cost, channel, rank = c.move_cost[own], c.move_channel[own], (own.size - np.arange(own.size))[:, None]
        ok = legal.T[moves] if legal is not None else legal_rows(c, st, moves)
        np.putmask(work, ~ok, -OUT)
    elif greedy_spec(c, policy) is not None:
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
        channel_groups, one_per_channel = g.groups, g.one_per_channel
        if g.answer is not None:
            _answer_force(c, st, g.answer, draws, side, work)
    else:
        raise ValueError(f"unknown policy {policy!r}; known: {', '.join(POLICIES)}")
    if moves.size == 0:
        return
    _greedy(c, side, one_per_channel, work, moves, cost, channel, rank, go_on, channel_groups, out)


def _answer_force(c: Compiled, st: BatchState, a: _Answer, draws: np.ndarray, side: int, work: np.ndarray) -> None:
    """Raise the side's coercive candidates to the top in the games where it answers force (the ones
    of the blow's kind first); elsewhere keep the moves it plays only to answer out of reach."""
    answer, violent = answering(c, st, a, draws, side)
    if a.answer_only.any():
        rows = np.flatnonzero(a.answer_only)
        work[rows] -= OUT * ~answer
    if answer.any():
        rows = np.flatnonzero(a.coercive)
        bonus = ANSWER_BONUS + IN_KIND_BONUS * (a.violent_move[rows][:, None] == violent[None, :])
        work[rows] += np.where(answer[None, :], bonus, 0.0)


def _greedy(
    c: Compiled,
    side: int,
    one_per_channel: bool,
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
    channel_rows = [np.flatnonzero(channel == ch) for ch in np.unique(channel)] if one_per_channel and not groups else []
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
        if one_per_channel:
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
