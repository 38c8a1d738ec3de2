"""Checks that go beyond the schema: references between parts, and the shape of the ladder.

Each check yields (path, message) where the path points into the file, so the loader can give
the line. The checks are plain functions of a validated Scenario; they never stop at the first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from wargame.scenario.models import (
    AllOf,
    AnyOf,
    Chance,
    Effect,
    EventTest,
    IndicatorTest,
    LevelTest,
    NotOf,
    RungTest,
    Scenario,
    TurnTest,
)

Found = tuple[tuple[Any, ...], str]


def cross_reference_problems(s: Scenario) -> list[Found]:
    """Every cross-reference and ladder-shape problem in a schema-valid scenario."""
    found: list[Found] = []
    for check in (_duplicates, _references, _ladder_shape, _history, _start_moves, _unused):
        found.extend(check(s))
    return found


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
    }


def _duplicates(s: Scenario) -> Iterator[Found]:
    for field in ("sides", "actors", "indicators", "rungs", "triggers", "moves", "injects", "places"):
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


def _references(s: Scenario) -> Iterator[Found]:
    ids = _ids(s)
    events = ids["move"] | ids["inject"] | ids["rung"] | ids["trigger"]

    def ref(path: tuple[Any, ...], kind: str, value: str | None) -> Iterator[Found]:
        if value is not None and value not in ids[kind]:
            yield path, f"unknown {kind} '{value}'{_suggest(value, ids[kind])}"

    def effects(path: tuple[Any, ...], items: list[Effect]) -> Iterator[Found]:
        for i, effect in enumerate(items):
            yield from ref(path + (i, "indicator"), "indicator", effect.indicator)
            if effect.indicator in ids["indicator"]:
                ind = s.indicator(effect.indicator)
                if abs(effect.delta) > (ind.max - ind.min):
                    yield path + (i, "delta"), (
                        f"change of {effect.delta:g} is larger than the whole range of "
                        f"'{ind.id}' ({ind.min:g} to {ind.max:g})"
                    )
            if effect.delay >= s.turns.count:
                yield path + (i, "delay"), f"delay {effect.delay} is not shorter than the game ({s.turns.count} turns)"

    def predicate(path: tuple[Any, ...], p: Any) -> Iterator[Found]:
        if p is None:
            return
        if isinstance(p, IndicatorTest):
            yield from ref(path + ("indicator",), "indicator", p.indicator)
            if p.indicator in ids["indicator"]:
                ind = s.indicator(p.indicator)
                for key in ("gte", "gt", "lte", "lt"):
                    bound = getattr(p, key)
                    if bound is not None and not ind.min <= bound <= ind.max:
                        yield path + (key,), (
                            f"{bound:g} is outside the range of '{ind.id}' ({ind.min:g} to {ind.max:g})"
                        )
        elif isinstance(p, RungTest):
            for i, rung in enumerate(p.rung_in):
                yield from ref(path + ("rung_in", i), "rung", rung)
        elif isinstance(p, EventTest):
            if p.event not in events:
                yield path + ("event",), (
                    f"unknown event '{p.event}' (use the id of a move, inject, rung or trigger)"
                    f"{_suggest(p.event, events)}"
                )
        elif isinstance(p, (LevelTest, TurnTest)):
            return
        elif isinstance(p, (AllOf, AnyOf)):
            key = "all" if isinstance(p, AllOf) else "any"
            for i, item in enumerate(getattr(p, key)):
                yield from predicate(path + (key, i), item)
        elif isinstance(p, NotOf):
            yield from predicate(path + ("not",), p.not_)

    def chance(path: tuple[Any, ...], c: Chance | None) -> Iterator[Found]:
        if c is None:
            return
        for i, mod in enumerate(c.modifiers):
            yield from ref(path + ("modifiers", i, "indicator"), "indicator", mod.indicator)
            yield from predicate(path + ("modifiers", i, "when"), mod.when)

    yield from ref(("start",), "rung", s.start)
    for i, ind in enumerate(s.indicators):
        for j, side in enumerate(ind.observed_by or []):
            yield from ref(("indicators", i, "observed_by", j), "side", side)
    for i, rung in enumerate(s.rungs):
        yield from effects(("rungs", i, "on_enter"), rung.on_enter)
        yield from effects(("rungs", i, "each_turn"), rung.each_turn)
        yield from ref(("rungs", i, "place"), "place", rung.place)
    for i, t in enumerate(s.transitions):
        yield from ref(("transitions", i, "trigger"), "trigger", t.trigger)
        yield from ref(("transitions", i, "dest"), "rung", t.dest)
        if t.source != "*":
            for j, src in enumerate(t.source):
                yield from ref(("transitions", i, "source", j), "rung", src)
            if t.source == [t.dest]:
                yield ("transitions", i, "dest"), "leads back to its own source, so it does nothing"
        yield from predicate(("transitions", i, "guard"), t.guard)
    for i, m in enumerate(s.moves):
        yield from ref(("moves", i, "side"), "side", m.side)
        for j, rung_id in enumerate(m.rungs or []):
            yield from ref(("moves", i, "rungs", j), "rung", rung_id)
        yield from predicate(("moves", i, "requires"), m.requires)
        yield from chance(("moves", i, "success"), m.success)
        yield from effects(("moves", i, "on_success"), m.on_success)
        yield from effects(("moves", i, "on_failure"), m.on_failure)
        yield from ref(("moves", i, "trigger"), "trigger", m.trigger)
        yield from ref(("moves", i, "trigger_on_failure"), "trigger", m.trigger_on_failure)
        yield from ref(("moves", i, "place"), "place", m.place)
        if not (m.on_success or m.on_failure or m.trigger or m.trigger_on_failure):
            yield ("moves", i, "id"), f"move '{m.id}' has no effects and pulls no trigger"
        if m.side in ids["side"] and m.cost > s.side(m.side).budget:
            yield ("moves", i, "cost"), (
                f"costs {m.cost} but side '{m.side}' has a budget of {s.side(m.side).budget}"
            )
    for i, inj in enumerate(s.injects):
        yield from ref(("injects", i, "actor"), "actor", inj.actor)
        yield from chance(("injects", i, "hazard"), inj.hazard)
        yield from predicate(("injects", i, "when"), inj.when)
        yield from effects(("injects", i, "effects"), inj.effects)
        yield from ref(("injects", i, "trigger"), "trigger", inj.trigger)
        yield from ref(("injects", i, "place"), "place", inj.place)
        if inj.at_turn is not None and inj.at_turn > s.turns.count:
            yield ("injects", i, "at_turn"), f"turn {inj.at_turn} is after the last turn ({s.turns.count})"
    for i, team in enumerate(s.sides):
        for j, obj in enumerate(team.objectives):
            path = ("sides", i, "objectives", j, "measure")
            measure = obj.measure
            for key in ("final", "peak", "mean"):
                yield from ref(path + (key,), "indicator", getattr(measure, key))
            yield from ref(path + ("reached",), "rung", measure.reached)
            for k, rung_id in enumerate(measure.turns_in or []):
                yield from ref(path + ("turns_in", k), "rung", rung_id)
        if team.default_policy == "historical" and s.history is None:
            yield ("sides", i, "default_policy"), "the historical policy needs a history section"


def _ladder_shape(s: Scenario) -> Iterator[Found]:
    rung_ids = {r.id for r in s.rungs}
    if s.start not in rung_ids:
        return
    edges: dict[str, set[str]] = {r: set() for r in rung_ids}
    for t in s.transitions:
        if t.dest not in rung_ids:
            continue
        sources = rung_ids if t.source == "*" else {x for x in t.source if x in rung_ids}
        for src in sources:
            if src != t.dest:
                edges[src].add(t.dest)
    reached = {s.start}
    frontier = [s.start]
    while frontier:
        here = frontier.pop()
        for nxt in edges[here]:
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    for i, rung in enumerate(s.rungs):
        if rung.id not in reached:
            yield ("rungs", i, "id"), f"rung '{rung.id}' cannot be reached from the start rung '{s.start}'"
        elif not rung.terminal and not edges[rung.id]:
            yield ("rungs", i, "id"), (
                f"rung '{rung.id}' is not terminal but no transition leads out of it"
            )
    if s.rung(s.start).terminal:
        yield ("start",), "the start rung is terminal, so the game would end at once"


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
        if len(order.moves) > side.max_moves:
            yield path + ("moves",), f"{len(order.moves)} moves exceed the side's limit of {side.max_moves}"
        if cost > side.budget:
            yield path + ("moves",), f"moves cost {cost}, over the side's budget of {side.budget}"
    for i, rung in enumerate(s.history.path):
        if rung not in ids["rung"]:
            yield ("history", "path", i), f"unknown rung '{rung}'{_suggest(rung, ids['rung'])}"
    if len(s.history.path) > s.turns.count:
        yield ("history", "path"), f"{len(s.history.path)} entries for a game of {s.turns.count} turns"


def _start_moves(s: Scenario) -> Iterator[Found]:
    """Every side must have at least one move it may order on the first turn."""
    initial = {ind.id: ind.initial for ind in s.indicators}
    start_level = next((r.level for r in s.rungs if r.id == s.start), 0)
    for i, side in enumerate(s.sides):
        usable = [
            m
            for m in s.moves
            if m.side == side.id
            and m.cost <= side.budget
            and (m.rungs is None or s.start in m.rungs)
            and _holds_at_start(m.requires, initial, s.start, start_level)
        ]
        if not usable and any(m.side == side.id for m in s.moves):
            yield ("sides", i, "id"), f"side '{side.id}' has no move it may order on the first turn"
        elif not any(m.side == side.id for m in s.moves):
            yield ("sides", i, "id"), f"side '{side.id}' has no moves at all"


def _holds_at_start(p: Any, values: dict[str, float], rung: str, level: int) -> bool:
    """Evaluate a condition on the opening state (turn 1, nothing has happened yet)."""
    if p is None:
        return True
    if isinstance(p, IndicatorTest):
        v = values.get(p.indicator)
        if v is None:
            return True  # reported elsewhere as an unknown indicator
        return (
            (p.gte is None or v >= p.gte)
            and (p.gt is None or v > p.gt)
            and (p.lte is None or v <= p.lte)
            and (p.lt is None or v < p.lt)
        )
    if isinstance(p, RungTest):
        return rung in p.rung_in
    if isinstance(p, LevelTest):
        return (p.level_gte is None or level >= p.level_gte) and (p.level_lte is None or level <= p.level_lte)
    if isinstance(p, EventTest):
        return False
    if isinstance(p, TurnTest):
        return (p.turn_gte is None or 1 >= p.turn_gte) and (p.turn_lte is None or 1 <= p.turn_lte)
    if isinstance(p, AllOf):
        return all(_holds_at_start(x, values, rung, level) for x in p.all)
    if isinstance(p, AnyOf):
        return any(_holds_at_start(x, values, rung, level) for x in p.any)
    if isinstance(p, NotOf):
        return not _holds_at_start(p.not_, values, rung, level)
    return True


def _unused(s: Scenario) -> Iterator[Found]:
    pulled = {m.trigger for m in s.moves} | {m.trigger_on_failure for m in s.moves}
    pulled |= {inj.trigger for inj in s.injects}
    for i, trig in enumerate(s.triggers):
        if not trig.every_turn and trig.id not in pulled:
            yield ("triggers", i, "id"), (
                f"trigger '{trig.id}' is never pulled by a move or inject, and is not every_turn"
            )


def _suggest(value: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
