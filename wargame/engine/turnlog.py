"""The log record of a resolved turn, built from the kernel's outcome for a batch of one.

Kept apart from the Game so that what a record holds (docs/log-format.md) is in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.kernel import TurnOutcome
from wargame.engine.narrative import bullets
from wargame.engine.record import clean
from wargame.engine.state import BatchState
from wargame.scenario.models import Scenario

HUMAN = "human"


@dataclass
class SealedOrders:
    """One side's orders for the coming turn, hidden from the others until resolution."""

    moves: list[str]
    intent: str = ""
    by: str = HUMAN


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
    draws: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    accounted = np.zeros(c.n_indicators)
    assert out.inject_amounts is not None and out.move_amounts is not None

    def effects(amounts: np.ndarray) -> tuple[dict[str, float], list[dict[str, Any]]]:
        now = {c.indicator_ids[i]: clean(v) for i, v in enumerate(amounts[0]) if abs(v) > 1e-12}
        later = [
            {"indicator": c.indicator_ids[i], "amount": clean(amounts[d, i]), "arrives": t + d}
            for d in range(1, amounts.shape[0])
            for i in range(amounts.shape[1])
            if abs(amounts[d, i]) > 1e-12
        ]
        return now, later  # type: ignore[return-value]

    pulled_by: dict[int, dict[str, str]] = {}
    for j, inject in enumerate(s.injects):
        if c.inject_has_hazard[j] and out.inject_p[0, j] > 0 and not out.inject_forced[0, j]:
            draws.append(
                {
                    "kind": "hazard",
                    "inject": inject.id,
                    "p": clean(out.inject_p[0, j]),
                    "u": float(out.inject_u[0, j]),
                    "fired": bool(out.inject_fired[0, j]),
                }
            )
        if not out.inject_fired[0, j]:
            continue
        now, later = effects(out.inject_amounts[0, j])
        accounted += out.inject_amounts[0, j, 0]
        how = "forced" if out.inject_forced[0, j] else ("scripted" if c.inject_at_turn[j] == t else "hazard")
        events.append(
            {
                "kind": "inject",
                "id": inject.id,
                "actor": inject.actor,
                "how": how,
                "tier": inject.tier.value,
                "effects": now,
                "scheduled": later,
                "trigger": inject.trigger,
                "place": inject.place,
            }
        )
        if inject.trigger is not None:
            pulled_by.setdefault(c.trigger_ids.index(inject.trigger), {"kind": "inject", "id": inject.id})
    orders: dict[str, Any] = {}
    for s_index, side in enumerate(c.side_ids):
        side_orders = sealed[side]
        orders[side] = {"moves": side_orders.moves, "intent": side_orders.intent, "by": side_orders.by}
        for b, move_id in enumerate(side_orders.moves):
            move = s.move(move_id)
            ok = bool(out.move_ok[0, s_index, b])
            p, u = clean(out.move_p[0, s_index, b]), float(out.move_u[0, s_index, b])
            draws.append({"kind": "move", "side": side, "move": move_id, "p": p, "u": u, "ok": ok})
            now, later = effects(out.move_amounts[0, s_index, b])
            accounted += out.move_amounts[0, s_index, b, 0]
            trigger = move.trigger if ok else move.trigger_on_failure
            events.append(
                {
                    "kind": "move",
                    "side": side,
                    "id": move_id,
                    "channel": move.channel.value,
                    "mechanism": move.mechanism,
                    "tier": move.tier.value,
                    "ok": ok,
                    "p": p,
                    "scale": clean(out.move_scale[0, s_index, b]),
                    "effects": now,
                    "scheduled": later,
                    "trigger": trigger,
                    "place": move.place,
                }
            )
            if trigger is not None:
                pulled_by.setdefault(c.trigger_ids.index(trigger), {"kind": "move", "id": move_id, "side": side})
    if np.any(np.abs(out.arrived[0]) > 1e-12):
        events.append({"kind": "arrival", "effects": effects(out.arrived[0][None])[0]})
        accounted += out.arrived[0]
    rung_before, rung_after = int(out.rung_before[0]), int(out.rung_after[0])
    if np.any(np.abs(out.each_amounts[0]) > 1e-12):
        events.append(
            {"kind": "rung_effects", "rung": c.rung_ids[rung_before], "effects": effects(out.each_amounts[0])[0]}
        )
        accounted += out.each_amounts[0, 0]
    if rung_after != rung_before:
        edge = int(out.edge[0])
        trig = c.trigger_ids.index(s.transitions[edge].trigger) if edge >= 0 else -1
        cause = pulled_by.get(trig, {"kind": "drift"})
        events.append(
            {
                "kind": "ladder",
                "from": c.rung_ids[rung_before],
                "to": c.rung_ids[rung_after],
                "trigger": c.trigger_ids[trig] if trig >= 0 else None,
                "transition": edge,
                "cause": cause,
                "effects": effects(out.enter_amounts[0])[0],
                "place": s.rungs[rung_after].place,
            }
        )
        accounted += out.enter_amounts[0, 0]
    # drift, bounds and on-enter effects: whatever the listed events do not explain
    residual = after.x[0] - before.x[0] - accounted
    if np.any(np.abs(residual) > 1e-9):
        events.append({"kind": "drift", "effects": effects(residual[None])[0]})
    record: dict[str, Any] = {
        "type": "turn",
        "turn": t,
        "date": crisis_date(s, t),
        "orders": orders,
        "draws": draws,
        "events": events,
        "rung": c.rung_ids[rung_after],
        "level": int(c.rung_level[rung_after]),
        "state": {ind: clean(v) for ind, v in zip(c.indicator_ids, after.x[0], strict=True)},
        "observed": observed,
        "state_hash": after.digest(),
    }
    record["narrative"] = bullets(s, record)
    return record


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
