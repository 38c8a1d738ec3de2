"""Checks that go beyond the schema: references between parts, and the shape of the ladder.

Each check yields (path, message) where the path points into the file, so the loader can give
the line. The checks are plain functions of a validated Scenario; they never stop at the first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from wargame.scenario.models import (
    POLICY_NAMES,
    AllOf,
    AnyOf,
    Chance,
    Effect,
    EventTest,
    FlagTest,
    IndicatorTest,
    LevelTest,
    Modifier,
    NotOf,
    RungTest,
    Scenario,
    TurnTest,
)

Found = tuple[tuple[Any, ...], str]


def cross_reference_problems(s: Scenario) -> list[Found]:
    """Every cross-reference and ladder-shape problem in a schema-valid scenario."""
    found: list[Found] = []
    for check in (
        _version_features,
        _duplicates,
        _references,
        _ladders,
        _end_states,
        _ladder_shape,
        _history,
        _start_moves,
        _unused,
    ):
        found.extend(check(s))
    return found


# Fields that only format version 2 reads: a version-1 file using them is told to say version 2.
_V2_FIELDS: dict[str, tuple[str, ...]] = {
    "": ("ladders", "mechanisms", "flags", "map", "index", "personas"),
    "rungs": ("ladder", "at_time_limit", "sets", "clears"),
    "moves": ("once", "sets", "clears", "strength"),
    "injects": ("phase", "sets", "clears"),
}


def _version_features(s: Scenario) -> Iterator[Found]:
    if s.schema_version != 1:
        return
    for part, names in _V2_FIELDS.items():
        items: list[tuple[tuple[Any, ...], Any]] = (
            [((), s)] if not part else [((part, i), x) for i, x in enumerate(getattr(s, part))]
        )
        for path, item in items:
            for name in names:
                if name in item.model_fields_set:
                    yield path + (name,), f"'{name}' needs format version 2: write schema_version: 2"
    if s.history is not None:
        if "injects" in s.history.model_fields_set or "paths" in s.history.model_fields_set:
            yield ("history",), "history injects and paths need format version 2: write schema_version: 2"


def _ids(s: Scenario) -> dict[str, set[str]]:
    return {
        "side": {x.id for x in s.sides},
        "actor": {x.id for x in s.actors} | {x.id for x in s.sides},
        "indicator": {x.id for x in s.indicators},
        "rung": {x.id for x in s.rungs},
        "trigger": {x.id for x in s.triggers},
        "move": {x.id for x in s.moves},
        "inject": {x.id for x in s.injects},
        "place": {x.id for x in s.places},
        "ladder": {x.id for x in s.all_ladders},
        "flag": {x.id for x in s.flags},
        "mechanism": {x.id for x in s.mechanisms},
        "persona": {x.id for x in s.personas},
    }


_LISTS = (
    "sides", "actors", "indicators", "ladders", "rungs", "triggers", "moves", "mechanisms", "flags", "injects",
    "places", "personas",
)


def _duplicates(s: Scenario) -> Iterator[Found]:
    for field in _LISTS:
        seen: set[str] = set()
        for i, item in enumerate(getattr(s, field)):
            if item.id in seen:
                yield (field, i, "id"), f"duplicate id '{item.id}'"
            seen.add(item.id)
    # events are named by id across moves, injects, rungs and triggers: they must not collide
    owners = Counter(
        x.id for field in ("moves", "injects", "rungs", "triggers") for x in getattr(s, field)
    )
    for field in ("moves", "injects", "rungs", "triggers"):
        for i, item in enumerate(getattr(s, field)):
            if owners[item.id] > 1 and sum(1 for x in getattr(s, field) if x.id == item.id) == 1:
                yield (field, i, "id"), (
                    f"id '{item.id}' is also used by another move, inject, rung or trigger; "
                    "events are named by id, so these must differ"
                )
    side_ids = {x.id for x in s.sides}
    for i, actor in enumerate(s.actors):
        if actor.id in side_ids:
            yield ("actors", i, "id"), f"id '{actor.id}' is already a side"
    for i, side in enumerate(s.sides):
        seen_obj: set[str] = set()
        for j, obj in enumerate(side.objectives):
            if obj.id in seen_obj:
                yield ("sides", i, "objectives", j, "id"), f"duplicate id '{obj.id}'"
            seen_obj.add(obj.id)


class _Refs:
    """Reference checks over one scenario: each method yields the problems of one kind of part."""

    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.ids = _ids(s)
        self.events = self.ids["move"] | self.ids["inject"] | self.ids["rung"] | self.ids["trigger"]

    def ref(self, path: tuple[Any, ...], kind: str, value: str | None) -> Iterator[Found]:
        if value is not None and value not in self.ids[kind]:
            yield path, f"unknown {kind} '{value}'{_suggest(value, self.ids[kind])}"

    def refs(self, path: tuple[Any, ...], kind: str, values: list[str]) -> Iterator[Found]:
        for i, value in enumerate(values):
            yield from self.ref(path + (i,), kind, value)

    def effects(self, path: tuple[Any, ...], items: list[Effect]) -> Iterator[Found]:
        s = self.s
        for i, effect in enumerate(items):
            yield from self.ref(path + (i, "indicator"), "indicator", effect.indicator)
            if effect.indicator in self.ids["indicator"]:
                ind = s.indicator(effect.indicator)
                if abs(effect.delta) > (ind.max - ind.min):
                    yield path + (i, "delta"), (
                        f"change of {effect.delta:g} is larger than the whole range of "
                        f"'{ind.id}' ({ind.min:g} to {ind.max:g})"
                    )
            if effect.delay >= s.turns.count:
                yield path + (i, "delay"), f"delay {effect.delay} is not shorter than the game ({s.turns.count} turns)"

    def flags(self, path: tuple[Any, ...], item: Any) -> Iterator[Found]:
        yield from self.refs(path + ("sets",), "flag", item.sets)
        yield from self.refs(path + ("clears",), "flag", item.clears)

    def predicate(self, path: tuple[Any, ...], p: Any) -> Iterator[Found]:
        if p is None:
            return
        if isinstance(p, IndicatorTest):
            yield from self.ref(path + ("indicator",), "indicator", p.indicator)
            if p.indicator in self.ids["indicator"]:
                ind = self.s.indicator(p.indicator)
                for key in ("gte", "gt", "lte", "lt"):
                    bound = getattr(p, key)
                    if bound is not None and not ind.min <= bound <= ind.max:
                        yield path + (key,), (
                            f"{bound:g} is outside the range of '{ind.id}' ({ind.min:g} to {ind.max:g})"
                        )
        elif isinstance(p, RungTest):
            yield from self.refs(path + ("rung_in",), "rung", p.rung_in)
        elif isinstance(p, LevelTest):
            yield from self.ref(path + ("ladder",), "ladder", p.ladder)
        elif isinstance(p, FlagTest):
            yield from self.ref(path + ("flag",), "flag", p.flag)
        elif isinstance(p, EventTest):
            if p.event not in self.events:
                yield path + ("event",), (
                    f"unknown event '{p.event}' (use the id of a move, inject, rung or trigger)"
                    f"{_suggest(p.event, self.events)}"
                )
        elif isinstance(p, (AllOf, AnyOf)):
            key = "all" if isinstance(p, AllOf) else "any"
            for i, item in enumerate(getattr(p, key)):
                yield from self.predicate(path + (key, i), item)
        elif isinstance(p, NotOf):
            yield from self.predicate(path + ("not",), p.not_)

    def chance(self, path: tuple[Any, ...], c: Chance | None) -> Iterator[Found]:
        if c is not None:
            yield from self.modifiers(path, c.modifiers)

    def modifiers(self, path: tuple[Any, ...], modifiers: list[Modifier]) -> Iterator[Found]:
        for i, mod in enumerate(modifiers):
            yield from self.ref(path + ("modifiers", i, "indicator"), "indicator", mod.indicator)
            yield from self.predicate(path + ("modifiers", i, "when"), mod.when)

    def indicators(self) -> Iterator[Found]:
        for i, ind in enumerate(self.s.indicators):
            yield from self.refs(("indicators", i, "observed_by"), "side", ind.observed_by or [])

    def rungs(self) -> Iterator[Found]:
        for i, rung in enumerate(self.s.rungs):
            yield from self.effects(("rungs", i, "on_enter"), rung.on_enter)
            yield from self.effects(("rungs", i, "each_turn"), rung.each_turn)
            yield from self.ref(("rungs", i, "place"), "place", rung.place)
            yield from self.flags(("rungs", i), rung)

    def transitions(self) -> Iterator[Found]:
        for i, t in enumerate(self.s.transitions):
            yield from self.ref(("transitions", i, "trigger"), "trigger", t.trigger)
            yield from self.ref(("transitions", i, "dest"), "rung", t.dest)
            if t.source != "*":
                yield from self.refs(("transitions", i, "source"), "rung", t.source)
                if t.source == [t.dest]:
                    yield ("transitions", i, "dest"), "leads back to its own source, so it does nothing"
            yield from self.predicate(("transitions", i, "guard"), t.guard)

    def moves(self) -> Iterator[Found]:
        s = self.s
        for i, m in enumerate(s.moves):
            path = ("moves", i)
            yield from self.ref(path + ("side",), "side", m.side)
            yield from self.refs(path + ("rungs",), "rung", m.rungs or [])
            yield from self.ref(path + ("mechanism",), "mechanism", m.mechanism)
            yield from self.predicate(path + ("requires",), m.requires)
            yield from self.chance(path + ("success",), m.success)
            if m.strength is not None:
                yield from self.modifiers(path + ("strength",), m.strength.modifiers)
            yield from self.effects(path + ("on_success",), m.on_success)
            yield from self.effects(path + ("on_failure",), m.on_failure)
            yield from self.ref(path + ("trigger",), "trigger", m.trigger)
            yield from self.ref(path + ("trigger_on_failure",), "trigger", m.trigger_on_failure)
            yield from self.ref(path + ("place",), "place", m.place)
            yield from self.flags(path, m)
            if not (m.on_success or m.on_failure or m.trigger or m.trigger_on_failure or m.sets or m.clears):
                yield path + ("id",), f"move '{m.id}' has no effects and pulls no trigger"
            if m.side in self.ids["side"] and m.cost > s.side(m.side).budget:
                yield path + ("cost",), (
                    f"costs {m.cost} but side '{m.side}' has a budget of {s.side(m.side).budget}"
                )

    def injects(self) -> Iterator[Found]:
        s = self.s
        for i, inj in enumerate(s.injects):
            path = ("injects", i)
            yield from self.ref(path + ("actor",), "actor", inj.actor)
            yield from self.chance(path + ("hazard",), inj.hazard)
            yield from self.predicate(path + ("when",), inj.when)
            yield from self.effects(path + ("effects",), inj.effects)
            yield from self.ref(path + ("trigger",), "trigger", inj.trigger)
            yield from self.ref(path + ("place",), "place", inj.place)
            yield from self.flags(path, inj)
            if inj.at_turn is not None and inj.at_turn > s.turns.count:
                yield path + ("at_turn",), f"turn {inj.at_turn} is after the last turn ({s.turns.count})"

    def sides(self) -> Iterator[Found]:
        for i, team in enumerate(self.s.sides):
            for j, obj in enumerate(team.objectives):
                path = ("sides", i, "objectives", j, "measure")
                measure = obj.measure
                for key in ("final", "peak", "mean"):
                    yield from self.ref(path + (key,), "indicator", getattr(measure, key))
                yield from self.ref(path + ("reached",), "rung", measure.reached)
                yield from self.refs(path + ("turns_in",), "rung", measure.turns_in or [])
                yield from self.ref(path + ("ladder",), "ladder", measure.ladder)
            yield from self.policy(("sides", i, "default_policy"), team.id, team.default_policy)

    def policy(self, path: tuple[Any, ...], side: str, name: str) -> Iterator[Found]:
        """A side's policy: a built-in one or a persona the scenario declares (for that side or any)."""
        known = set(POLICY_NAMES) | self.ids["persona"]
        if name not in known:
            personas = f"; personas: {', '.join(sorted(self.ids['persona']))}" if self.ids["persona"] else ""
            yield path, (
                f"unknown policy '{name}' (policies: {', '.join(POLICY_NAMES)}{personas}){_suggest(name, known)}"
            )
        elif name == "historical" and self.s.history is None:
            yield path, "the historical policy needs a history section"
        elif name in self.ids["persona"]:
            written_for = self.s.persona(name).side
            if written_for is not None and written_for != side:
                yield path, f"persona '{name}' is written for side '{written_for}', not '{side}'"

    def personas(self) -> Iterator[Found]:
        for i, persona in enumerate(self.s.personas):
            if persona.id in POLICY_NAMES:
                yield ("personas", i, "id"), f"'{persona.id}' is a built-in policy; give the persona another id"
            yield from self.ref(("personas", i, "side"), "side", persona.side)
            if persona.answer_force is not None:
                for j, who in enumerate(persona.answer_force.by):
                    where = ("personas", i, "answer_force", "by", j)
                    if who not in self.ids["actor"]:
                        yield where, f"unknown side or actor '{who}'{_suggest(who, self.ids['actor'])}"
                    elif who == persona.side:
                        yield where, f"a persona of side '{who}' does not answer its own force"

    def index(self) -> Iterator[Found]:
        s = self.s
        for ladder_id in s.index.ladders:
            yield from self.ref(("index", "ladders", ladder_id), "ladder", ladder_id)
        for i, term in enumerate(s.index.indicators):
            path = ("index", "indicators", i)
            yield from self.ref(path + ("indicator",), "indicator", term.indicator)
            if term.above is not None and term.indicator in self.ids["indicator"]:
                ind = s.indicator(term.indicator)
                if not ind.min <= term.above <= ind.max:
                    yield path + ("above",), (
                        f"{term.above:g} is outside the range of '{ind.id}' ({ind.min:g} to {ind.max:g})"
                    )

    def all(self) -> Iterator[Found]:
        parts = (self.indicators, self.rungs, self.transitions, self.moves, self.injects, self.sides, self.index, self.personas)
        for part in parts:
            yield from part()


def _references(s: Scenario) -> Iterator[Found]:
    return _Refs(s).all()


def _ladders(s: Scenario) -> Iterator[Found]:
    """Each rung on one declared ladder, each ladder starting on its own rung, transitions within a ladder."""
    rung_ids = {r.id for r in s.rungs}
    ladder_ids = {x.id for x in s.all_ladders}
    if s.ladders:
        if s.start is not None:
            yield ("start",), "with ladders declared, each ladder gives its own start; remove start"
        for i, rung in enumerate(s.rungs):
            if rung.ladder is None and len(s.ladders) > 1:
                yield ("rungs", i, "ladder"), (
                    f"rung '{rung.id}' must name its ladder (one of: {', '.join(sorted(ladder_ids))})"
                )
            elif rung.ladder is not None and rung.ladder not in ladder_ids:
                yield ("rungs", i, "ladder"), f"unknown ladder '{rung.ladder}'{_suggest(rung.ladder, ladder_ids)}"
        for i, ladder in enumerate(s.ladders):
            if ladder.start not in rung_ids:
                yield ("ladders", i, "start"), f"unknown rung '{ladder.start}'{_suggest(ladder.start, rung_ids)}"
            elif s.ladder_of(ladder.start) != ladder.id:
                yield ("ladders", i, "start"), (
                    f"rung '{ladder.start}' is on ladder '{s.ladder_of(ladder.start)}', not '{ladder.id}'"
                )
            elif not s.rungs_on(ladder.id):
                yield ("ladders", i, "id"), f"ladder '{ladder.id}' has no rungs"
    else:
        if s.start is None:
            yield ("start",), "required field 'start' is missing (or declare ladders, each with its start)"
        elif s.start not in rung_ids:
            yield ("start",), f"unknown rung '{s.start}'{_suggest(s.start, rung_ids)}"
        for i, rung in enumerate(s.rungs):
            if rung.ladder is not None:
                yield ("rungs", i, "ladder"), "declare the scenario's ladders before naming one"
    if not _ladders_valid(s):
        return
    for i, t in enumerate(s.transitions):
        if t.dest not in rung_ids or t.source == "*":
            continue
        home = s.ladder_of(t.dest)
        for j, src in enumerate(t.source):
            if src in rung_ids and s.ladder_of(src) != home:
                yield ("transitions", i, "source", j), (
                    f"rung '{src}' is on ladder '{s.ladder_of(src)}' but the destination '{t.dest}' is on "
                    f"'{home}': a transition moves one ladder"
                )


def _ladders_valid(s: Scenario) -> bool:
    """Whether every rung sits on a known ladder and every ladder's start is its own rung."""
    ladder_ids = {x.id for x in s.all_ladders}
    rung_ids = {r.id for r in s.rungs}
    if any(r.ladder is not None and r.ladder not in ladder_ids for r in s.rungs):
        return False
    if any(r.ladder is None for r in s.rungs) and len(s.ladders) > 1:
        return False
    if not s.ladders and s.rungs and any(r.ladder is not None for r in s.rungs):
        return False
    return all(x.start in rung_ids and s.ladder_of(x.start) == x.id for x in s.all_ladders)


def _end_states(s: Scenario) -> Iterator[Found]:
    """Version 2: an end state says how the crisis ended; other rungs say it with at_time_limit."""
    for i, rung in enumerate(s.rungs):
        if rung.terminal and rung.at_time_limit is not None:
            yield ("rungs", i, "at_time_limit"), "an end state (terminal) gives `outcome`, not at_time_limit"
        if s.schema_version == 1:
            continue
        if rung.terminal and rung.outcome is None:
            yield ("rungs", i, "terminal"), (
                f"end-state rung '{rung.id}' needs an outcome (how the crisis ended here)"
            )
        if not rung.terminal and rung.outcome is not None:
            yield ("rungs", i, "outcome"), (
                f"rung '{rung.id}' is not an end state: use at_time_limit for how the crisis counts "
                "if the last turn ends here (or make it terminal)"
            )


def _ladder_shape(s: Scenario) -> Iterator[Found]:
    if not _ladders_valid(s):
        return
    rung_ids = {r.id for r in s.rungs}
    edges: dict[str, set[str]] = {r: set() for r in rung_ids}
    for t in s.transitions:
        if t.dest not in rung_ids:
            continue
        home = {r.id for r in s.rungs_on(s.ladder_of(t.dest))}
        sources = home if t.source == "*" else {x for x in t.source if x in rung_ids}
        for src in sources:
            if src != t.dest:
                edges[src].add(t.dest)
    reached = {x.start for x in s.all_ladders}
    frontier = list(reached)
    while frontier:
        here = frontier.pop()
        for nxt in edges[here]:
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    for i, rung in enumerate(s.rungs):
        start = s.ladder(s.ladder_of(rung.id)).start
        if rung.id not in reached:
            yield ("rungs", i, "id"), f"rung '{rung.id}' cannot be reached from the start rung '{start}'"
        elif not rung.terminal and not edges[rung.id]:
            yield ("rungs", i, "id"), (
                f"rung '{rung.id}' is not terminal but no transition leads out of it"
            )
    for i, ladder in enumerate(s.all_ladders):
        if s.rung(ladder.start).terminal:
            where = ("ladders", i, "start") if s.ladders else ("start",)
            yield where, "the start rung is terminal, so the game would end at once"


def _history(s: Scenario) -> Iterator[Found]:
    if s.history is None:
        return
    ids = _ids(s)
    per_turn: Counter[tuple[int, str]] = Counter()
    for i, order in enumerate(s.history.orders):
        path = ("history", "orders", i)
        if order.turn > s.turns.count:
            yield path + ("turn",), f"turn {order.turn} is after the last turn ({s.turns.count})"
        if order.side not in ids["side"]:
            yield path + ("side",), f"unknown side '{order.side}'{_suggest(order.side, ids['side'])}"
            continue
        per_turn[(order.turn, order.side)] += 1
        if per_turn[(order.turn, order.side)] > 1:
            yield path + ("turn",), f"side '{order.side}' already has orders for turn {order.turn}"
        side = s.side(order.side)
        cost = 0
        for j, move_id in enumerate(order.moves):
            if move_id not in ids["move"]:
                yield path + ("moves", j), f"unknown move '{move_id}'{_suggest(move_id, ids['move'])}"
                continue
            move = s.move(move_id)
            cost += move.cost
            if move.side != order.side:
                yield path + ("moves", j), f"move '{move_id}' belongs to side '{move.side}', not '{order.side}'"
        for j, move_id in enumerate(order.failed):
            if move_id not in order.moves:
                yield path + ("failed", j), f"'{move_id}' is not among this turn's moves"
        if len(order.moves) > side.max_moves:
            yield path + ("moves",), f"{len(order.moves)} moves exceed the side's limit of {side.max_moves}"
        if cost > side.budget:
            yield path + ("moves",), f"moves cost {cost}, over the side's budget of {side.budget}"
    seen_events: set[tuple[int, str]] = set()
    for i, event in enumerate(s.history.injects):
        path = ("history", "injects", i)
        if event.turn > s.turns.count:
            yield path + ("turn",), f"turn {event.turn} is after the last turn ({s.turns.count})"
        if event.inject not in ids["inject"]:
            yield path + ("inject",), f"unknown inject '{event.inject}'{_suggest(event.inject, ids['inject'])}"
        elif s.inject(event.inject).at_turn is not None:
            yield path + ("inject",), (
                f"inject '{event.inject}' is scripted (at_turn); only chance and white-cell injects are listed here"
            )
        if (event.turn, event.inject) in seen_events:
            yield path + ("inject",), f"inject '{event.inject}' is already listed for turn {event.turn}"
        seen_events.add((event.turn, event.inject))
    if not _ladders_valid(s):
        return
    paths: dict[str, tuple[tuple[Any, ...], list[str]]] = {s.main_ladder.id: (("history", "path"), s.history.path)}
    for ladder_id, rungs in s.history.paths.items():
        if ladder_id not in ids["ladder"]:
            yield ("history", "paths", ladder_id), f"unknown ladder '{ladder_id}'{_suggest(ladder_id, ids['ladder'])}"
        elif ladder_id == s.main_ladder.id:
            yield ("history", "paths", ladder_id), "the main ladder's path is history.path"
        else:
            paths[ladder_id] = (("history", "paths", ladder_id), rungs)
    for ladder_id, (where, rungs) in paths.items():
        for i, rung in enumerate(rungs):
            if rung not in ids["rung"]:
                yield where + (i,), f"unknown rung '{rung}'{_suggest(rung, ids['rung'])}"
            elif s.ladder_of(rung) != ladder_id:
                yield where + (i,), f"rung '{rung}' is on ladder '{s.ladder_of(rung)}', not '{ladder_id}'"
        if len(rungs) > s.turns.count:
            yield where, f"{len(rungs)} entries for a game of {s.turns.count} turns"


def _start_moves(s: Scenario) -> Iterator[Found]:
    """Every side must have at least one move it may order on the first turn."""
    if not _ladders_valid(s):
        return
    opening = _Opening(
        values={ind.id: ind.initial for ind in s.indicators},
        rungs={x.id: x.start for x in s.all_ladders},
        levels={x.id: s.rung(x.start).level for x in s.all_ladders},
        main=s.main_ladder.id,
        flags={f.id for f in s.flags if f.initial},
    )
    for i, side in enumerate(s.sides):
        usable = [
            m
            for m in s.moves
            if m.side == side.id
            and m.cost <= side.budget
            and _rungs_allow(s, m.rungs, opening.rungs)
            and opening.holds(m.requires)
        ]
        if not usable and any(m.side == side.id for m in s.moves):
            yield ("sides", i, "id"), f"side '{side.id}' has no move it may order on the first turn"
        elif not any(m.side == side.id for m in s.moves):
            yield ("sides", i, "id"), f"side '{side.id}' has no moves at all"


def _rungs_allow(s: Scenario, allowed: list[str] | None, standing: dict[str, str]) -> bool:
    """A move's `rungs` list allows it when, on every ladder it names, that ladder stands on a listed rung."""
    if allowed is None:
        return True
    known = {r.id for r in s.rungs}
    named = {s.ladder_of(r) for r in allowed if r in known}
    return all(standing.get(ladder) in allowed for ladder in named)


class _Opening:
    """The opening state (turn 1, nothing has happened yet), for conditions checked at load time."""

    def __init__(
        self, values: dict[str, float], rungs: dict[str, str], levels: dict[str, int], main: str, flags: set[str]
    ) -> None:
        self.values, self.rungs, self.levels, self.main, self.flags = values, rungs, levels, main, flags

    def holds(self, p: Any) -> bool:
        if p is None:
            return True
        if isinstance(p, IndicatorTest):
            v = self.values.get(p.indicator)
            if v is None:
                return True  # reported elsewhere as an unknown indicator
            return (
                (p.gte is None or v >= p.gte)
                and (p.gt is None or v > p.gt)
                and (p.lte is None or v <= p.lte)
                and (p.lt is None or v < p.lt)
            )
        if isinstance(p, RungTest):
            return any(r in p.rung_in for r in self.rungs.values())
        if isinstance(p, LevelTest):
            level = self.levels.get(p.ladder or self.main, 0)
            return (p.level_gte is None or level >= p.level_gte) and (p.level_lte is None or level <= p.level_lte)
        if isinstance(p, FlagTest):
            return p.flag in self.flags
        if isinstance(p, EventTest):
            return False
        if isinstance(p, TurnTest):
            return (p.turn_gte is None or 1 >= p.turn_gte) and (p.turn_lte is None or 1 <= p.turn_lte)
        if isinstance(p, AllOf):
            return all(self.holds(x) for x in p.all)
        if isinstance(p, AnyOf):
            return any(self.holds(x) for x in p.any)
        if isinstance(p, NotOf):
            return not self.holds(p.not_)
        return True


def _unused(s: Scenario) -> Iterator[Found]:
    pulled = {m.trigger for m in s.moves} | {m.trigger_on_failure for m in s.moves}
    pulled |= {inj.trigger for inj in s.injects}
    for i, trig in enumerate(s.triggers):
        if not trig.every_turn and trig.id not in pulled:
            yield ("triggers", i, "id"), (
                f"trigger '{trig.id}' is never pulled by a move or inject, and is not every_turn"
            )
    used = {m.mechanism for m in s.moves}
    if "mechanisms" in s.model_fields_set:
        for i, mech in enumerate(s.mechanisms):
            if mech.id not in used:
                yield ("mechanisms", i, "id"), f"mechanism '{mech.id}' is named by no informal move"
    set_somewhere = {f for x in s.flag_setters for f in (*x.sets, *x.clears)}
    for i, flag in enumerate(s.flags):
        if flag.id not in set_somewhere and not flag.initial:
            yield ("flags", i, "id"), f"flag '{flag.id}' is never set by a move, inject or rung"


def _suggest(value: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
