"""A scenario turned into arrays: the one form of the rules that every part of the engine reads.

Compilation happens once per scenario. The kernel (live game and batch simulator alike) works only
on these tables, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import numpy as np

from wargame.engine.predicates import (
    Index,
    NpPredicate,
    PyPredicate,
    compile_numpy,
    compile_python,
)
from wargame.errors import WargameError
from wargame.scenario.models import Chance, Channel, Effect, Scenario

T = TypeVar("T")

CHANNELS = (Channel.formal, Channel.coercive, Channel.informal)


@dataclass(frozen=True)
class Condition:
    """One scenario predicate in both compiled forms."""

    py: PyPredicate
    np: NpPredicate


@dataclass(frozen=True)
class ConditionalShift:
    """A probability shift `add` on chance column `column` while `condition` holds."""

    column: int
    condition: Condition
    add: float


@dataclass(frozen=True)
class LadderEdge:
    """One transition of the ladder, in the scenario's order."""

    number: int  # position in the scenario's transitions list
    trigger: int
    sources: np.ndarray  # (R,) bool
    dest: int
    guard: Condition


@dataclass(frozen=True)
class EffectTable:
    """Effects of N sources as arrays: base amounts and their noise spread, by delay."""

    base: np.ndarray  # (n_sources, D, I)
    spread: np.ndarray  # (n_sources, D, I): base x noise

    def amounts(self, source: np.ndarray, noise_u: np.ndarray, scale: np.ndarray) -> np.ndarray:
        """Effects of `source` (N,) with uniform noise draws (N,) and a multiplier (N,) -> (N, D, I)."""
        jitter = (2.0 * noise_u - 1.0)[:, None, None]
        return scale[:, None, None] * (self.base[source] + jitter * self.spread[source])


@dataclass
class Compiled:
    """Every table the kernel needs, built from one Scenario."""

    scenario: Scenario
    side_ids: list[str]
    indicator_ids: list[str]
    rung_ids: list[str]
    move_ids: list[str]
    inject_ids: list[str]
    trigger_ids: list[str]
    event_ids: list[str]
    index: Index
    delays: int  # D: ring-buffer length (longest delay + 1)
    slots: int  # B: most moves any side may order in a turn
    # indicators
    ind_min: np.ndarray
    ind_max: np.ndarray
    ind_init: np.ndarray
    decay_toward: np.ndarray
    decay_rate: np.ndarray
    obs_noise: np.ndarray
    observed: np.ndarray  # (S, I) bool
    # rungs
    rung_level: np.ndarray
    rung_terminal: np.ndarray
    rung_enter: EffectTable
    rung_each: EffectTable
    start_rung: int
    # moves
    move_side: np.ndarray
    move_cost: np.ndarray
    move_channel: np.ndarray  # index into CHANNELS
    move_cooldown: np.ndarray
    move_rung_ok: np.ndarray  # (R, M) bool
    move_requires: list[tuple[int, Condition]]
    move_success: EffectTable
    move_failure: EffectTable
    move_trigger: np.ndarray  # (M,) trigger index or -1
    move_trigger_fail: np.ndarray
    side_moves: list[np.ndarray]  # per side, global move indices
    side_budget: np.ndarray
    side_max_moves: np.ndarray
    # injects
    inject_at_turn: np.ndarray  # (J,) 0 when not scripted
    inject_has_hazard: np.ndarray
    inject_when: list[tuple[int, Condition]]
    inject_once: np.ndarray
    inject_cooldown: np.ndarray
    inject_effects: EffectTable
    inject_trigger: np.ndarray
    # chances: columns 0..M-1 are moves' success, M..M+J-1 injects' hazards
    chance_const: np.ndarray  # (C,)
    chance_linear: np.ndarray  # (I, C)
    chance_shifts: list[ConditionalShift]
    chance_floor: np.ndarray
    chance_ceiling: np.ndarray
    # ladder
    trigger_every_turn: np.ndarray
    edges: list[LadderEdge]
    # rules
    repeat_penalty: float
    fatigue_memory: float
    extra: dict[str, Any] = field(default_factory=dict)

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """A table derived from this scenario, built on first use and kept under `key` in `extra`."""
        if key not in self.extra:
            self.extra[key] = build()
        return self.extra[key]

    @property
    def n_sides(self) -> int:
        return len(self.side_ids)

    @property
    def n_moves(self) -> int:
        return len(self.move_ids)

    @property
    def n_injects(self) -> int:
        return len(self.inject_ids)

    @property
    def n_indicators(self) -> int:
        return len(self.indicator_ids)

    @property
    def n_events(self) -> int:
        return len(self.event_ids)

    # Layout of one turn's adjudication draws (uniforms in [0, 1)), fixed per scenario so that a
    # live game and a batch of one consume exactly the same numbers.
    @cached_property
    def draw_layout(self) -> dict[str, slice]:
        j, sb = self.n_injects, self.n_sides * self.slots
        offsets = {"hazard": j, "success": sb, "move_noise": sb, "inject_noise": j, "rung_noise": 2}
        layout, start = {}, 0
        for name, size in offsets.items():
            layout[name] = slice(start, start + size)
            start += size
        return layout

    @property
    def n_draws(self) -> int:
        return max(s.stop for s in self.draw_layout.values())

    def event_of_move(self, m: int) -> int:
        return m

    def event_of_inject(self, j: int) -> int:
        return self.n_moves + j

    def event_of_rung(self, r: int) -> int:
        return self.n_moves + self.n_injects + r

    def event_of_trigger(self, t: int) -> int:
        return self.n_moves + self.n_injects + len(self.rung_ids) + t


def _unsupported(s: Scenario) -> list[str]:
    """Format-version-2 features this engine does not play yet (the engine work adds them)."""
    found = []
    if len(s.all_ladders) > 1:
        found.append("several ladders")
    if s.flags or any(x.sets or x.clears for x in s.flag_setters):
        found.append("flags")
    if any(m.strength is not None for m in s.moves):
        found.append("move strength")
    if any(m.once for m in s.moves):
        found.append("once-only moves")
    if any(j.phase != "before_moves" for j in s.injects):
        found.append("after-moves injects")
    if s.index.indicators or any(w != 1.0 for w in s.index.ladders.values()) or s.index.tier_scale != 0.1:
        found.append("a declared escalation index")
    return found


def compile_scenario(s: Scenario) -> Compiled:
    """Build the engine's tables from a validated scenario."""
    missing = _unsupported(s)
    if missing:
        raise WargameError(f"scenario '{s.id}' uses {', '.join(missing)}, which this engine cannot play yet")
    side_ids = [x.id for x in s.sides]
    ind_ids = [x.id for x in s.indicators]
    rung_ids = [x.id for x in s.rungs]
    move_ids = [x.id for x in s.moves]
    inject_ids = [x.id for x in s.injects]
    trigger_ids = [x.id for x in s.triggers]
    event_ids = move_ids + inject_ids + rung_ids + trigger_ids
    rung_level = np.array([r.level for r in s.rungs], dtype=np.int64)
    index = Index(
        indicators={k: i for i, k in enumerate(ind_ids)},
        rungs={k: i for i, k in enumerate(rung_ids)},
        events={k: i for i, k in enumerate(event_ids)},
        rung_levels=rung_level,
    )
    n_ind, n_rung = len(ind_ids), len(rung_ids)
    all_effects: list[Effect] = [e for r in s.rungs for e in (*r.on_enter, *r.each_turn)]
    all_effects += [e for m in s.moves for e in (*m.on_success, *m.on_failure)]
    all_effects += [e for j in s.injects for e in j.effects]
    delays = 1 + max((e.delay for e in all_effects), default=0)

    def cond(p: Any) -> Condition:
        return Condition(py=compile_python(p, index), np=compile_numpy(p, index))

    def table(groups: list[list[Effect]]) -> EffectTable:
        base = np.zeros((max(len(groups), 1), delays, n_ind))
        spread = np.zeros_like(base)
        for g, effects in enumerate(groups):
            for e in effects:
                i = index.indicators[e.indicator]
                base[g, e.delay, i] += e.delta
                spread[g, e.delay, i] += e.delta * e.noise
        return EffectTable(base=base, spread=spread)

    trig = {k: i for i, k in enumerate(trigger_ids)}
    chances: list[Chance | None] = [*(m.success for m in s.moves), *(j.hazard for j in s.injects)]
    n_cols = len(chances)
    const = np.zeros(n_cols)
    linear = np.zeros((n_ind, n_cols))
    floor = np.zeros(n_cols)
    ceiling = np.ones(n_cols)
    shifts: list[ConditionalShift] = []
    for c, chance in enumerate(chances):
        if chance is None:
            ceiling[c] = 0.0
            continue
        const[c] = chance.base
        floor[c], ceiling[c] = chance.floor, chance.ceiling
        for mod in chance.modifiers:
            if mod.indicator is not None and mod.per_point is not None:
                linear[index.indicators[mod.indicator], c] += mod.per_point
                const[c] -= mod.per_point * mod.from_
            elif mod.when is not None and mod.add is not None:
                shifts.append(ConditionalShift(column=c, condition=cond(mod.when), add=mod.add))

    move_rung_ok = np.ones((n_rung, len(move_ids)), dtype=bool)
    for m, move in enumerate(s.moves):
        if move.rungs is not None:
            move_rung_ok[:, m] = False
            move_rung_ok[[index.rungs[r] for r in move.rungs], m] = True

    edges = []
    for number, t in enumerate(s.transitions):
        dest = index.rungs[t.dest]
        sources = np.zeros(n_rung, dtype=bool)
        if t.source == "*":
            sources[:] = True
        else:
            sources[[index.rungs[r] for r in t.source]] = True
        sources[dest] = False  # a transition never re-enters the rung it stands on
        edges.append(LadderEdge(number, trig[t.trigger], sources, dest, cond(t.guard)))
    # evaluate in trigger priority order, keeping the scenario's order within a trigger
    edges.sort(key=lambda e: (e.trigger, e.number))

    def trigger_index(t: str | None) -> int:
        return trig[t] if t is not None else -1

    return Compiled(
        scenario=s,
        side_ids=side_ids,
        indicator_ids=ind_ids,
        rung_ids=rung_ids,
        move_ids=move_ids,
        inject_ids=inject_ids,
        trigger_ids=trigger_ids,
        event_ids=event_ids,
        index=index,
        delays=delays,
        slots=max(x.max_moves for x in s.sides),
        ind_min=np.array([x.min for x in s.indicators], dtype=float),
        ind_max=np.array([x.max for x in s.indicators], dtype=float),
        ind_init=np.array([x.initial for x in s.indicators], dtype=float),
        decay_toward=np.array([x.decay.toward if x.decay else 0.0 for x in s.indicators]),
        decay_rate=np.array([x.decay.rate if x.decay else 0.0 for x in s.indicators]),
        obs_noise=np.array([x.noise for x in s.indicators], dtype=float),
        observed=np.array(
            [[x.observed_by is None or side in x.observed_by for x in s.indicators] for side in side_ids],
            dtype=bool,
        ).reshape(len(side_ids), n_ind),
        rung_level=rung_level,
        rung_terminal=np.array([r.terminal for r in s.rungs], dtype=bool),
        rung_enter=table([list(r.on_enter) for r in s.rungs]),
        rung_each=table([list(r.each_turn) for r in s.rungs]),
        start_rung=index.rungs[s.main_ladder.start],
        move_side=np.array([side_ids.index(m.side) for m in s.moves], dtype=np.int64),
        move_cost=np.array([m.cost for m in s.moves], dtype=np.int64),
        move_channel=np.array([CHANNELS.index(m.channel) for m in s.moves], dtype=np.int64),
        move_cooldown=np.array([m.cooldown for m in s.moves], dtype=np.int64),
        move_rung_ok=move_rung_ok,
        move_requires=[(m, cond(x.requires)) for m, x in enumerate(s.moves) if x.requires is not None],
        move_success=table([list(m.on_success) for m in s.moves]),
        move_failure=table([list(m.on_failure) for m in s.moves]),
        move_trigger=np.array([trigger_index(m.trigger) for m in s.moves], dtype=np.int64),
        move_trigger_fail=np.array([trigger_index(m.trigger_on_failure) for m in s.moves], dtype=np.int64),
        side_moves=[np.array([i for i, m in enumerate(s.moves) if m.side == side], dtype=np.int64) for side in side_ids],
        side_budget=np.array([x.budget for x in s.sides], dtype=np.int64),
        side_max_moves=np.array([x.max_moves for x in s.sides], dtype=np.int64),
        inject_at_turn=np.array([j.at_turn or 0 for j in s.injects], dtype=np.int64),
        inject_has_hazard=np.array([j.hazard is not None for j in s.injects], dtype=bool),
        inject_when=[(j, cond(x.when)) for j, x in enumerate(s.injects) if x.when is not None],
        inject_once=np.array([j.once for j in s.injects], dtype=bool),
        inject_cooldown=np.array([j.cooldown for j in s.injects], dtype=np.int64),
        inject_effects=table([list(j.effects) for j in s.injects]),
        inject_trigger=np.array([trigger_index(j.trigger) for j in s.injects], dtype=np.int64),
        chance_const=const,
        chance_linear=linear,
        chance_shifts=shifts,
        chance_floor=floor,
        chance_ceiling=ceiling,
        trigger_every_turn=np.array([t.every_turn for t in s.triggers], dtype=bool),
        edges=edges,
        repeat_penalty=s.rules.repeat_penalty,
        fatigue_memory=s.rules.fatigue_memory,
    )
