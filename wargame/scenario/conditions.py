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
        return _between(f"{p.ladder} level" if p.ladder else "level", p.level_gte, p.level_lte)
    if isinstance(p, FlagTest):
        return f"{p.flag} is set"
    if isinstance(p, EventTest):
        return f"{p.event} happened in the last {p.within} turn{'s' if p.within > 1 else ''}"
    if isinstance(p, TurnTest):
        return _between("turn", p.turn_gte, p.turn_lte)
    if isinstance(p, AllOf):
        return "(" + " and ".join(describe(q) for q in p.all) + ")"
    if isinstance(p, AnyOf):
        return "(" + " or ".join(describe(q) for q in p.any) + ")"
    if isinstance(p, NotOf):
        return f"not {describe(p.not_)}"
    return repr(p)


def _between(name: str, low: int | None, high: int | None) -> str:
    """'level >= 2 and level <= 4', or one side of it."""
    return " and ".join(f"{name} {op} {bound}" for op, bound in ((">=", low), ("<=", high)) if bound is not None)
