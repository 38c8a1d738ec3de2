"""At most five short bullets a turn, from the scenario's own templates, each naming its cause."""

from __future__ import annotations

from typing import Any

from wargame.scenario.models import Scenario
from wargame.scenario.placeholders import render

MAX_BULLETS = 5


def fill(template: str, **names: str) -> str:
    """Fill {side}, {actor}, {label} in a template (checked when the scenario was loaded)."""
    return render(template, **names).strip()


def bullets(s: Scenario, record: dict[str, Any]) -> list[str]:
    """The turn's story in priority order: the ladder, then violence, then moves, then slow effects."""
    ranked: list[tuple[int, int, str]] = []
    labels = {x.id: x.label for x in s.sides} | {x.id: x.label for x in s.actors}
    for order, event in enumerate(record["events"]):
        kind = event["kind"]
        if kind == "ladder":
            rung = s.rung(event["to"])
            if rung.narrative:
                text = rung.narrative
            elif "ladder" in event:  # one of several ladders: say which track moved
                text = f"{s.ladder(event['ladder']).label}: {rung.label}."
            else:
                text = f"The crisis moves to {rung.label}."
            cause = event.get("cause", {})
            if cause.get("kind") == "move":
                text += f" (after {labels.get(cause['side'], cause['side'])}: {s.move(cause['id']).label})"
            elif cause.get("kind") == "inject":
                text += f" (after {s.inject(cause['id']).label})"
            ranked.append((0, order, text))
        elif kind == "inject":
            inject = s.inject(event["id"])
            actor = labels.get(inject.actor or "", inject.actor or "")
            text = fill(inject.narrative, actor=actor, label=inject.label) if inject.narrative else inject.label
            ranked.append((1 if event["tier"] == "violent" else 3, order, text))
        elif kind == "move":
            move = s.move(event["id"])
            side = labels.get(event["side"], event["side"])
            template = move.narrative.success if event["ok"] else move.narrative.failure
            if not template:
                template = "{side}: {label}" + ("" if event["ok"] else " (failed)")
            odds = f" [{round(100 * event['p'])}%]" if event["p"] is not None and event["p"] < 1 else ""
            ranked.append((2, order, fill(template, side=side, label=move.label) + odds))
        elif kind == "arrival":
            changes = _biggest(s, event["effects"])
            if changes:
                ranked.append((4, order, f"Earlier efforts arrive: {changes}."))
    ranked.sort()
    return [text for _, _, text in ranked[:MAX_BULLETS]]


def _biggest(s: Scenario, effects: dict[str, float], n: int = 2) -> str:
    top = sorted(effects.items(), key=lambda kv: -abs(kv[1]))[:n]
    return ", ".join(f"{s.indicator(k).label} {v:+.0f}" for k, v in top if abs(v) >= 0.5)
