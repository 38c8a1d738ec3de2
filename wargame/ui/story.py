"""A turn record told for the screen: each event with its odds and roll, numbered for the map.

Pure formatting of what the engine recorded (no pygame, no rules): the resolution screen lists
these lines and the map marks the numbered places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wargame.scenario.models import Scenario


@dataclass(frozen=True)
class EventLine:
    number: int
    text: str
    p: float | None  # the odds, when chance decided it
    u: float | None  # the roll (succeeds when u < p)
    ok: bool | None
    place: str | None


def signed(effects: dict[str, float], scenario: Scenario, limit: int = 4) -> str:
    labels = {i.id: i.label.lower() for i in scenario.indicators}
    parts = [f"{labels.get(k, k)} {v:+.0f}" for k, v in effects.items() if abs(v) >= 0.5]
    return ", ".join(parts[:limit]) + (" ..." if len(parts) > limit else "")


def turn_events(scenario: Scenario, record: dict[str, Any]) -> tuple[list[EventLine], list[EventLine]]:
    """(what happened, chances that did not come up) for one turn record."""
    moves = {(d["side"], d["move"]): d for d in record["draws"] if d["kind"] == "move"}
    hazards = {d["inject"]: d for d in record["draws"] if d["kind"] == "hazard"}
    lines: list[EventLine] = []
    for e in record["events"]:
        n = len(lines) + 1
        kind = e["kind"]
        if kind == "move":
            d = moves.get((e["side"], e["id"]), {})
            verdict = "worked" if e["ok"] else "failed"
            who = scenario.side(e["side"]).label
            text = f"{who}: {scenario.move(e['id']).label} - {verdict}"
            lines.append(EventLine(n, text, d.get("p"), d.get("u"), e["ok"], e.get("place")))
        elif kind == "inject":
            inject = scenario.inject(e["id"])
            d = hazards.get(e["id"], {})
            how = {"forced": " (white cell)", "scripted": " (scheduled)"}.get(e.get("how", ""), "")
            lines.append(EventLine(n, f"Event: {inject.label}{how}", d.get("p"), d.get("u"), True, e.get("place")))
        elif kind == "ladder":
            a, b = scenario.rung(e["from"]), scenario.rung(e["to"])
            direction = "up" if b.level > a.level else "down" if b.level < a.level else "across"
            lines.append(EventLine(n, f"Ladder moves {direction}: {a.label} to {b.label}", None, None, None,
                                   e.get("place")))
        elif kind == "arrival":
            effects = signed(e.get("effects", {}), scenario)
            if effects:
                lines.append(EventLine(n, f"Earlier moves take effect: {effects}", None, None, None, None))
    missed = []
    for inject_id, d in hazards.items():
        if not d.get("fired"):
            label = scenario.inject(inject_id).label
            missed.append(EventLine(0, f"Did not happen: {label}", d.get("p"), d.get("u"), False, None))
    return lines, missed


def odds_text(line: EventLine) -> str:
    """'odds 80%, roll 42' (the roll is out of 100; under the odds means it happened)."""
    if line.p is None or line.u is None:
        return ""
    return f"odds {line.p:.0%}, roll {line.u * 100:.0f}"


def marks(lines: list[EventLine]) -> list[tuple[str, int]]:
    return [(line.place, line.number) for line in lines if line.place]
