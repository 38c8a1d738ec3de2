"""A turn record told for the screen: each event with its odds and roll, numbered for the map.

Pure formatting of what the engine recorded (no pygame, no rules): the resolution screen lists
these lines and the map marks the numbered places.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wargame.report.wording import odds_and_roll, percent
from wargame.scenario.models import Scenario

Estimate = Callable[[str, str], "float | None"]  # (side, move) -> the side's own estimate of the odds


@dataclass(frozen=True)
class EventLine:
    number: int
    text: str
    p: float | None  # the odds, when chance decided it
    u: float | None  # the roll (succeeds when u < p)
    ok: bool | None
    place: str | None
    estimate: float | None = None  # what the ordering side estimated the odds to be


def signed(effects: dict[str, float], scenario: Scenario, limit: int = 4) -> str:
    """'Trust between capitals +3, Trade flow -2' (labels as the scenario writes them: names keep capitals)."""
    labels = {i.id: i.label for i in scenario.indicators}
    parts = [f"{labels.get(k, k)} {v:+.0f}" for k, v in effects.items() if abs(v) >= 0.5]
    return ", ".join(parts[:limit]) + (" ..." if len(parts) > limit else "")


def turn_events(scenario: Scenario, record: dict[str, Any],
                estimate: Estimate | None = None) -> tuple[list[EventLine], list[EventLine]]:
    """(what happened, chances that did not come up) for one turn record; `estimate` gives each
    ordering side's own estimate of a move's odds, shown beside the odds rolled."""
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
            guess = estimate(e["side"], e["id"]) if estimate is not None else None
            lines.append(EventLine(n, text, d.get("p"), d.get("u"), e["ok"], e.get("place"), guess))
        elif kind == "inject":
            inject = scenario.inject(e["id"])
            d = hazards.get(e["id"], {})
            how = {"forced": " (white cell)", "scripted": " (scheduled)"}.get(e.get("how", ""), "")
            lines.append(EventLine(n, f"Event: {inject.label}{how}", d.get("p"), d.get("u"), True, e.get("place")))
        elif kind == "ladder":
            a, b = scenario.rung(e["from"]), scenario.rung(e["to"])
            direction = "up" if b.level > a.level else "down" if b.level < a.level else "across"
            which = scenario.ladder(e["ladder"]).label if "ladder" in e else "Ladder"
            lines.append(EventLine(n, f"{which} moves {direction}: {a.label} to {b.label}", None, None, None,
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
    """'odds 57%, roll 42, estimated 55%': the true odds rolled against, the roll out of 100
    (under the odds means it happened) and, for a move, what its own side's card showed."""
    if line.p is None or line.u is None:
        return ""
    text = odds_and_roll(line.p, line.u)
    if line.estimate is not None:
        text += f", estimated {percent(line.estimate)}"
    return text


def marks(lines: list[EventLine]) -> list[tuple[str, int]]:
    return [(line.place, line.number) for line in lines if line.place]
