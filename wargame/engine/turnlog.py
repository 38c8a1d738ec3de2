"""The log record of a resolved turn, built from the kernel's outcome for a batch of one.

Kept apart from the Game so that what a record holds (docs/log-format.md) is in one place. Events
are listed in resolution order (injects before the moves, the moves, injects after the moves,
arrivals, each ladder's per-turn rung effects, each ladder's step); whatever they do not explain
(drift, clipping) is a final `drift` event, so the events add up to the turn's change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.history import outcome_chance
from wargame.engine.kernel import TurnOutcome
from wargame.engine.narrative import bullets
from wargame.engine.record import clean
from wargame.engine.state import BatchState
from wargame.scenario.models import Scenario

HUMAN = "human"
TINY = 1e-12  # amounts smaller than this are not listed


@dataclass
class SealedOrders:
    """One side's orders for the coming turn, hidden from the others until resolution."""

    moves: list[str]
    intent: str = ""
    by: str = HUMAN
    dropped: list[dict[str, str]] = field(default_factory=list)  # scripted moves not possible: {move, reason}


def turn_record(
    c: Compiled,
    before: BatchState,
    after: BatchState,
    out: TurnOutcome,
    sealed: dict[str, SealedOrders],
    observed: dict[str, dict[str, float | None]],
) -> dict[str, Any]:
    """The log record of one resolved turn: orders, draws, events with their effects, truth and estimates."""
    s, t = c.scenario, out.turn
    book = _Events(c, out)
    book.injects(after_moves=False)
    orders = book.moves(sealed)
    book.injects(after_moves=True)
    book.slow_effects()
    book.ladders()
    book.drift(after.x[0] - before.x[0])
    main = int(out.rung_after[0, 0])
    record: dict[str, Any] = {
        "type": "turn",
        "turn": t,
        "date": crisis_date(s, t),
        "orders": orders,
        "draws": book.draws,
        "events": book.events,
        "rung": c.rung_ids[main],
        "level": int(c.rung_level[main]),
    }
    if c.n_ladders > 1:
        record["rungs"] = {k: c.rung_ids[int(r)] for k, r in zip(c.ladder_ids, out.rung_after[0], strict=True)}
        record["levels"] = {k: int(c.rung_level[r]) for k, r in zip(c.ladder_ids, out.rung_after[0], strict=True)}
    if c.has_flags:
        record["flags"] = [f for f, on in zip(c.flag_ids, out.flags_after[0], strict=True) if on]
    record["state"] = {ind: clean(v) for ind, v in zip(c.indicator_ids, after.x[0], strict=True)}
    record["observed"] = observed
    record["state_hash"] = after.digest()
    record["narrative"] = bullets(s, record)
    return record


@dataclass
class _Events:
    """The draws and events of one turn, gathered in resolution order, and the immediate change
    they account for (the rest of the turn's change is drift)."""

    c: Compiled
    out: TurnOutcome
    draws: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    pulled_by: dict[int, dict[str, str]] = field(default_factory=dict)  # trigger -> first event pulling it
    accounted: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.accounted = np.zeros(self.c.n_indicators)

    def effects(self, amounts: np.ndarray) -> tuple[dict[str, float | None], list[dict[str, Any]]]:
        """(D, I) amounts as {indicator: now} and [{indicator, amount, arrives}] for the later ones."""
        c, t = self.c, self.out.turn
        now = {c.indicator_ids[i]: clean(v) for i, v in enumerate(amounts[0]) if abs(v) > TINY}
        later = [
            {"indicator": c.indicator_ids[i], "amount": clean(amounts[d, i]), "arrives": t + d}
            for d in range(1, amounts.shape[0])
            for i in range(amounts.shape[1])
            if abs(amounts[d, i]) > TINY
        ]
        return now, later

    def _pull(self, trigger: str | None, cause: dict[str, str]) -> None:
        if trigger is not None:
            self.pulled_by.setdefault(self.c.trigger_ids.index(trigger), cause)

    @staticmethod
    def _forced(draw: dict[str, Any], chance: float) -> None:
        """A roll forced by history: no draw decided it; `likelihood` is the chance the model gave the outcome."""
        del draw["u"]
        draw["forced"] = True
        draw["likelihood"] = clean(chance)

    def _flags(self, event: dict[str, Any], sets: list[str], clears: list[str]) -> None:
        if sets or clears:
            event["flags"] = {"set": list(sets), "cleared": list(clears)}

    def injects(self, after_moves: bool) -> None:
        c, out, s = self.c, self.out, self.c.scenario
        assert out.inject_amounts is not None
        for j, inject in enumerate(s.injects):
            if bool(c.inject_after[j]) != after_moves:
                continue
            roll = int(out.hazard_roll[0, j])
            if c.inject_has_hazard[j] and (out.inject_p[0, j] > 0 or roll == 1) and not out.inject_forced[0, j]:
                draw: dict[str, Any] = {"kind": "hazard", "inject": inject.id, "p": clean(out.inject_p[0, j]),
                                        "u": float(out.inject_u[0, j]), "fired": bool(out.inject_fired[0, j])}
                if roll >= 0:  # forced by history: the chance the model gave what history says happened
                    chance = float(out.inject_p[0, j]) if out.inject_available[0, j] else 0.0
                    self._forced(draw, outcome_chance(chance, roll == 1))
                    if not out.inject_available[0, j]:
                        draw["available"] = False  # its condition did not hold, or cooling down or spent
                self.draws.append(draw)
            if not out.inject_fired[0, j]:
                continue
            now, later = self.effects(out.inject_amounts[0, j])
            self.accounted += out.inject_amounts[0, j, 0]
            how = "forced" if out.inject_forced[0, j] else ("scripted" if c.inject_at_turn[j] == out.turn else "hazard")
            event = {
                "kind": "inject", "id": inject.id, "actor": inject.actor, "how": how, "tier": inject.tier.value,
                "effects": now, "scheduled": later, "trigger": inject.trigger, "place": inject.place,
            }
            if after_moves:
                event["phase"] = "after_moves"
            self._flags(event, inject.sets, inject.clears)
            self.events.append(event)
            self._pull(inject.trigger, {"kind": "inject", "id": inject.id})

    def moves(self, sealed: dict[str, SealedOrders]) -> dict[str, Any]:
        """The orders of every side as logged; each move's draw and event."""
        c, out, s = self.c, self.out, self.c.scenario
        assert out.move_amounts is not None
        orders: dict[str, Any] = {}
        for s_index, side in enumerate(c.side_ids):
            side_orders = sealed[side]
            orders[side] = {"moves": side_orders.moves, "intent": side_orders.intent, "by": side_orders.by}
            if side_orders.dropped:
                orders[side]["dropped"] = side_orders.dropped
            for b, move_id in enumerate(side_orders.moves):
                move = s.move(move_id)
                ok = bool(out.move_ok[0, s_index, b])
                p, u = clean(out.move_p[0, s_index, b]), float(out.move_u[0, s_index, b])
                draw = {"kind": "move", "side": side, "move": move_id, "p": p, "u": u, "ok": ok}
                if out.move_roll[0, s_index, b] >= 0:
                    self._forced(draw, outcome_chance(float(out.move_p[0, s_index, b]), ok))
                self.draws.append(draw)
                amounts = out.move_amounts[0, s_index, b]
                now, later = self.effects(amounts)
                self.accounted += amounts[0]
                trigger = move.trigger if ok else move.trigger_on_failure
                event = {
                    "kind": "move", "side": side, "id": move_id, "channel": move.channel.value,
                    "mechanism": move.mechanism, "tier": move.tier.value, "ok": ok, "p": p,
                    "scale": clean(out.move_scale[0, s_index, b]), "effects": now, "scheduled": later,
                    "trigger": trigger, "place": move.place,
                }
                if move.strength is not None:
                    event["strength"] = clean(out.move_strength[0, s_index, b])
                if ok:
                    self._flags(event, move.sets, move.clears)
                self.events.append(event)
                self._pull(trigger, {"kind": "move", "id": move_id, "side": side})
        return orders

    def slow_effects(self) -> None:
        """Delayed effects arriving, then each ladder's per-turn rung effects."""
        c, out = self.c, self.out
        if np.any(np.abs(out.arrived[0]) > TINY):
            self.events.append({"kind": "arrival", "effects": self.effects(out.arrived[0][None])[0]})
            self.accounted += out.arrived[0]
        for k in range(c.n_ladders):
            amounts = out.each_amounts[0, k]
            if np.any(np.abs(amounts) > TINY):
                event = {"kind": "rung_effects", "rung": c.rung_ids[int(out.rung_before[0, k])],
                         "effects": self.effects(amounts)[0]}
                if c.n_ladders > 1:
                    event["ladder"] = c.ladder_ids[k]
                self.events.append(event)
                self.accounted += amounts[0]

    def ladders(self) -> None:
        """Each ladder's step, with the trigger and the event that pulled it."""
        c, out, s = self.c, self.out, self.c.scenario
        for k in range(c.n_ladders):
            before, after = int(out.rung_before[0, k]), int(out.rung_after[0, k])
            if after == before:
                continue
            edge = int(out.edge[0, k])
            trig = c.trigger_ids.index(s.transitions[edge].trigger) if edge >= 0 else -1
            event: dict[str, Any] = {
                "kind": "ladder",
                "from": c.rung_ids[before],
                "to": c.rung_ids[after],
                "trigger": c.trigger_ids[trig] if trig >= 0 else None,
                "transition": edge,
                "cause": self.pulled_by.get(trig, {"kind": "drift"}),
                "effects": self.effects(out.enter_amounts[0, k])[0],
                "place": s.rungs[after].place,
            }
            if c.n_ladders > 1:
                event["ladder"] = c.ladder_ids[k]
            self._flags(event, s.rungs[after].sets, s.rungs[after].clears)
            self.events.append(event)
            self.accounted += out.enter_amounts[0, k, 0]

    def drift(self, change: np.ndarray) -> None:
        """Drift, bounds and anything else the listed events do not explain."""
        residual = change - self.accounted
        if np.any(np.abs(residual) > 1e-9):
            self.events.append({"kind": "drift", "effects": self.effects(residual[None])[0]})


def rung_path(start: str, records: list[dict[str, Any]]) -> list[str]:
    """The main ladder's rung at the start and after every turn and override, in order (its trail)."""
    main = next((ladder for r in records if r["type"] == "turn" for ladder in r.get("rungs", {})), None)
    return rung_paths({main or "": start}, records)[main or ""]


def rung_paths(starts: dict[str, str], records: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each ladder's trail: its rung at the start and after every turn and every override that moved it.

    `starts` maps ladder id -> start rung, main ladder first. Records of a one-ladder game name only
    `rung` (the main ladder's); several-ladder records add `rungs` and overrides name their ladder.
    """
    main = next(iter(starts))
    paths = {ladder: [rung] for ladder, rung in starts.items()}
    for r in records:
        if r["type"] == "turn":
            standing = r.get("rungs") or {main: r["rung"]}
            for ladder, path in paths.items():
                path.append(standing.get(ladder, path[-1]))
        elif r["type"] == "override" and "rung" in r.get("changes", {}):
            change = r["changes"]["rung"]
            paths.setdefault(change.get("ladder", main), [change["from"]]).append(change["to"])
    return paths


def crisis_date(s: Scenario, turn: int) -> str | None:
    """The in-game date a turn starts on (from the scenario's start date), or None if it has none."""
    from datetime import date, timedelta

    if not s.turns.start_date:
        return None
    try:
        start = date.fromisoformat(s.turns.start_date)
    except ValueError:
        return None
    return (start + timedelta(days=(turn - 1) * s.turns.length_days)).isoformat()
