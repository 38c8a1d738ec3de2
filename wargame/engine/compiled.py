"""A scenario turned into arrays: the one form of the rules that every part of the engine reads.

Compilation happens once per scenario. The kernel (live game and batch simulator alike) works only
on these tables, so the two cannot drift apart.

Rungs of every ladder share one numbering (the scenario's `rungs` order); a state holds one rung per
ladder, main ladder first. A one-ladder scenario compiles to exactly the tables of the first edition.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from wargame.scenario.models import Chance, Channel, Effect, Inject, Move, Rung, Scenario, Strength

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
    """One transition of a ladder, in the scenario's order."""

    number: int  # position in the scenario's transitions list
    trigger: int
    sources: np.ndarray  # (R,) bool
    dest: int
    guard: Condition
    ladder: int = 0  # the ladder it moves (its destination's)


@dataclass(frozen=True)
class FlagTable:
    """Flags each of G sources sets and clears: (G, F) bool each; `active` lists the sources that touch any."""

    sets: np.ndarray
    clears: np.ndarray

    @cached_property
    def active(self) -> np.ndarray:
        return np.flatnonzero((self.sets | self.clears).any(axis=1))

    def apply(self, flags: np.ndarray, source: np.ndarray, where: np.ndarray | None = None) -> None:
        """Flags (N, F) after source[i] acted in game i (where `where` holds): clears, then sets, in place."""
        change = self.clears[source] | self.sets[source]
        if where is not None:
            change &= where[:, None]
        flags[change] = self.sets[source][change]


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
    ladder_ids: list[str]  # main first
    flag_ids: list[str]
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
    rung_ladder: np.ndarray  # (R,) ladder of each rung
    ladder_start: np.ndarray  # (L,) start rung of each ladder
    rung_flags: FlagTable  # set and cleared when a rung is entered
    # moves
    move_side: np.ndarray
    move_cost: np.ndarray
    move_channel: np.ndarray  # index into CHANNELS
    move_cooldown: np.ndarray
    move_once: np.ndarray  # (M,) bool
    move_rung_ok: np.ndarray  # (R, M) bool: allowed with that rung's ladder on that rung
    move_requires: list[tuple[int, Condition]]
    move_success: EffectTable
    move_failure: EffectTable
    move_trigger: np.ndarray  # (M,) trigger index or -1
    move_trigger_fail: np.ndarray
    move_flags: FlagTable  # set and cleared when the move works
    move_strength: np.ndarray  # (M,) chance column of its strength multiplier, -1 for none
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
    inject_after: np.ndarray  # (J,) bool: resolved after the moves (phase after_moves)
    inject_flags: FlagTable  # set and cleared when it fires
    # chances: columns 0..M-1 are moves' success, M..M+J-1 injects' hazards, then the moves'
    # strength multipliers (same form: constant + linear terms + conditional shifts, clipped)
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

    @property
    def n_ladders(self) -> int:
        return len(self.ladder_ids)

    @property
    def n_flags(self) -> int:
        return len(self.flag_ids)

    @property
    def start_rung(self) -> int:
        """The main ladder's start rung."""
        return int(self.ladder_start[0])

    @cached_property
    def has_flags(self) -> bool:
        return bool(self.flag_ids)

    @cached_property
    def any_after_moves(self) -> bool:
        return bool(self.inject_after.any())

    # Layout of one turn's adjudication draws (uniforms in [0, 1)), fixed per scenario so that a
    # live game and a batch of one consume exactly the same numbers.
    @cached_property
    def draw_layout(self) -> dict[str, slice]:
        j, sb = self.n_injects, self.n_sides * self.slots
        # rung noise: each ladder's per-turn effects, then each ladder's on-enter effects
        offsets = {"hazard": j, "success": sb, "move_noise": sb, "inject_noise": j, "rung_noise": 2 * self.n_ladders}
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


def compile_scenario(s: Scenario) -> Compiled:
    """Build the engine's tables from a validated scenario."""
    side_ids = [x.id for x in s.sides]
    ind_ids = [x.id for x in s.indicators]
    rung_ids = [x.id for x in s.rungs]
    move_ids = [x.id for x in s.moves]
    inject_ids = [x.id for x in s.injects]
    trigger_ids = [x.id for x in s.triggers]
    event_ids = move_ids + inject_ids + rung_ids + trigger_ids
    ladder_ids = [x.id for x in s.all_ladders]
    flag_ids = [x.id for x in s.flags]
    rung_level = np.array([r.level for r in s.rungs], dtype=np.int64)
    rung_ladder = np.array([ladder_ids.index(s.ladder_of(r)) for r in rung_ids], dtype=np.int64)
    index = Index(
        indicators={k: i for i, k in enumerate(ind_ids)},
        rungs={k: i for i, k in enumerate(rung_ids)},
        events={k: i for i, k in enumerate(event_ids)},
        rung_levels=rung_level,
        ladders={k: i for i, k in enumerate(ladder_ids)},
        rung_ladder=rung_ladder,
        flags={k: i for i, k in enumerate(flag_ids)},
    )
    all_effects: list[Effect] = [e for r in s.rungs for e in (*r.on_enter, *r.each_turn)]
    all_effects += [e for m in s.moves for e in (*m.on_success, *m.on_failure)]
    all_effects += [e for j in s.injects for e in j.effects]
    delays = 1 + max((e.delay for e in all_effects), default=0)

    def table(groups: list[list[Effect]]) -> EffectTable:
        return _effect_table(groups, delays, index)

    def cond(p: Any) -> Condition:
        return _condition(p, index)

    def flags(items: Sequence[Move | Inject | Rung]) -> FlagTable:
        return _flag_table(items, index)

    trig = {k: i for i, k in enumerate(trigger_ids)}

    def trigger_index(t: str | None) -> int:
        return trig[t] if t is not None else -1

    chances = _ChanceTables.build(s, index)
    return Compiled(
        scenario=s,
        side_ids=side_ids,
        indicator_ids=ind_ids,
        rung_ids=rung_ids,
        move_ids=move_ids,
        inject_ids=inject_ids,
        trigger_ids=trigger_ids,
        event_ids=event_ids,
        ladder_ids=ladder_ids,
        flag_ids=flag_ids,
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
        ).reshape(len(side_ids), len(ind_ids)),
        rung_level=rung_level,
        rung_terminal=np.array([r.terminal for r in s.rungs], dtype=bool),
        rung_enter=table([list(r.on_enter) for r in s.rungs]),
        rung_each=table([list(r.each_turn) for r in s.rungs]),
        rung_ladder=rung_ladder,
        ladder_start=np.array([index.rungs[x.start] for x in s.all_ladders], dtype=np.int64),
        rung_flags=flags(list(s.rungs)),
        move_side=np.array([side_ids.index(m.side) for m in s.moves], dtype=np.int64),
        move_cost=np.array([m.cost for m in s.moves], dtype=np.int64),
        move_channel=np.array([CHANNELS.index(m.channel) for m in s.moves], dtype=np.int64),
        move_cooldown=np.array([m.cooldown for m in s.moves], dtype=np.int64),
        move_once=np.array([m.once for m in s.moves], dtype=bool),
        move_rung_ok=_move_rung_ok(s, index),
        move_requires=[(m, cond(x.requires)) for m, x in enumerate(s.moves) if x.requires is not None],
        move_success=table([list(m.on_success) for m in s.moves]),
        move_failure=table([list(m.on_failure) for m in s.moves]),
        move_trigger=np.array([trigger_index(m.trigger) for m in s.moves], dtype=np.int64),
        move_trigger_fail=np.array([trigger_index(m.trigger_on_failure) for m in s.moves], dtype=np.int64),
        move_flags=flags(list(s.moves)),
        move_strength=chances.strength_column,
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
        inject_after=np.array([j.phase == "after_moves" for j in s.injects], dtype=bool),
        inject_flags=flags(list(s.injects)),
        chance_const=chances.const,
        chance_linear=chances.linear,
        chance_shifts=chances.shifts,
        chance_floor=chances.floor,
        chance_ceiling=chances.ceiling,
        trigger_every_turn=np.array([t.every_turn for t in s.triggers], dtype=bool),
        edges=_edges(s, index, trig),
        repeat_penalty=s.rules.repeat_penalty,
        fatigue_memory=s.rules.fatigue_memory,
    )


def _condition(p: Any, index: Index) -> Condition:
    return Condition(py=compile_python(p, index), np=compile_numpy(p, index))


def _effect_table(groups: list[list[Effect]], delays: int, index: Index) -> EffectTable:
    """Dense (source, delay, indicator) tables of the effects of each group (source)."""
    base = np.zeros((max(len(groups), 1), delays, len(index.indicators)))
    spread = np.zeros_like(base)
    for g, effects in enumerate(groups):
        for e in effects:
            i = index.indicators[e.indicator]
            base[g, e.delay, i] += e.delta
            spread[g, e.delay, i] += e.delta * e.noise
    return EffectTable(base=base, spread=spread)


def _flag_table(items: Sequence[Move | Inject | Rung], index: Index) -> FlagTable:
    sets = np.zeros((len(items), len(index.flags)), dtype=bool)
    clears = np.zeros_like(sets)
    for g, item in enumerate(items):
        clears[g, [index.flags[f] for f in item.clears]] = True
        sets[g, [index.flags[f] for f in item.sets]] = True
    return FlagTable(sets=sets, clears=clears)


@dataclass
class _ChanceTables:
    """Every probability (and strength multiplier) as a column: constant + linear terms + shifts, clipped."""

    const: np.ndarray
    linear: np.ndarray
    floor: np.ndarray
    ceiling: np.ndarray
    shifts: list[ConditionalShift]
    strength_column: np.ndarray  # (M,)

    @classmethod
    def build(cls, s: Scenario, index: Index) -> _ChanceTables:
        m_count, j_count = len(s.moves), len(s.injects)
        strong = [m for m, move in enumerate(s.moves) if move.strength is not None]
        strength_column = np.full(m_count, -1, dtype=np.int64)
        strength_column[strong] = m_count + j_count + np.arange(len(strong), dtype=np.int64)
        columns: list[Chance | Strength | None] = [
            *(m.success for m in s.moves), *(j.hazard for j in s.injects), *(s.moves[m].strength for m in strong)
        ]
        n_cols = len(columns)
        tables = cls(
            const=np.zeros(n_cols), linear=np.zeros((len(index.indicators), n_cols)), floor=np.zeros(n_cols),
            ceiling=np.ones(n_cols), shifts=[], strength_column=strength_column,
        )
        for col, chance in enumerate(columns):
            if chance is None:
                tables.ceiling[col] = 0.0
                continue
            tables.const[col] = chance.base
            tables.floor[col], tables.ceiling[col] = chance.floor, chance.ceiling
            for mod in chance.modifiers:
                if mod.indicator is not None and mod.per_point is not None:
                    tables.linear[index.indicators[mod.indicator], col] += mod.per_point
                    tables.const[col] -= mod.per_point * mod.from_
                elif mod.when is not None and mod.add is not None:
                    tables.shifts.append(ConditionalShift(column=col, condition=_condition(mod.when, index), add=mod.add))
        return tables


def _move_rung_ok(s: Scenario, index: Index) -> np.ndarray:
    """(R, M): whether a ladder standing on rung r allows move m. A move's `rungs` list constrains
    only the ladders it names (every rung of another ladder allows it), so a move is allowed when
    the table allows it on the rung of every ladder (scenario.checks._rungs_allow)."""
    rung_ladder = index.rung_ladder if index.rung_ladder is not None else np.zeros(len(index.rungs), dtype=np.int64)
    ok = np.ones((len(index.rungs), len(s.moves)), dtype=bool)
    for m, move in enumerate(s.moves):
        if move.rungs is None:
            continue
        listed = [index.rungs[r] for r in move.rungs]
        named = np.isin(rung_ladder, rung_ladder[listed])
        ok[named, m] = False
        ok[listed, m] = True
    return ok


def _edges(s: Scenario, index: Index, trig: dict[str, int]) -> list[LadderEdge]:
    """The transitions in trigger priority order (the scenario's order within a trigger)."""
    assert index.rung_ladder is not None
    edges = []
    for number, t in enumerate(s.transitions):
        dest = index.rungs[t.dest]
        ladder = int(index.rung_ladder[dest])
        if t.source == "*":
            sources = index.rung_ladder == ladder  # any rung of the destination's ladder
        else:
            sources = np.zeros(len(index.rungs), dtype=bool)
            sources[[index.rungs[r] for r in t.source]] = True
        sources[dest] = False  # a transition never re-enters the rung it stands on
        edges.append(LadderEdge(number, trig[t.trigger], sources, dest, _condition(t.guard, index), ladder))
    edges.sort(key=lambda e: (e.trigger, e.number))
    return edges
