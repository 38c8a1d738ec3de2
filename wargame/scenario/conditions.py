"""Conditions in plain words: for the reasons a move is not legal, the ladder diagram and the docs.

It reads only the scenario's condition models, so the format's own tools (the diagram) use it
without the engine.
"""

from __future__ import annotations

from typing import Any

from wargame.scenario.models import (
    AllOf,
    AnyOf,
    EventTest,
    FlagTest,
    IndicatorTest,
    LevelTest,
    NotOf,
    RungTest,
    TurnTest,
)


def describe(p: Any) -> str:
    """A condition in plain words, for legal-move reasons, the diagram and the docs."""
    if p is None:
        return "always"
    if isinstance(p, IndicatorTest):
        words = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<"}
        parts = [f"{p.indicator} {words[k]} {getattr(p, k):g}" for k in words if getattr(p, k) is not None]
        return " and ".join(parts)
    if isinstance(p, RungTest):
        return "rung is " + " or ".join(p.rung_in)
    if isinstance(p, LevelTest):
        parts = []
        which = f"{p.ladder} level" if p.ladder else "level"
        if p.level_gte is not None:
            parts.append(f"{which} >= {p.level_gte}")
        if p.level_lte is not None:
            parts.append(f"{which} <= {p.level_lte}")
        return " and ".join(parts)
    if isinstance(p, FlagTest):
        return f"{p.flag} is set"
    if isinstance(p, EventTest):
        return f"{p.event} happened in the last {p.within} turn{'s' if p.within > 1 else ''}"
    if isinstance(p, TurnTest):
        parts = []
        if p.turn_gte is not None:
            parts.append(f"turn >= {p.turn_gte}")
        if p.turn_lte is not None:
            parts.append(f"turn <= {p.turn_lte}")
        return " and ".join(parts)
    if isinstance(p, AllOf):
        return "(" + " and ".join(describe(q) for q in p.all) + ")"
    if isinstance(p, AnyOf):
        return "(" + " or ".join(describe(q) for q in p.any) + ")"
    if isinstance(p, NotOf):
        return f"not {describe(p.not_)}"
    return repr(p)
