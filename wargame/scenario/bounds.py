"""Values that validate but would break a game later: numbers too large to add safely, dates out of range.

The schema says what kind of value each field holds; these checks keep every value where the game's
arithmetic and calendar stay exact: no number beyond +/-1e12 (sums of a game's effects then stay far
from overflow; NaN and infinity are refused by the models themselves), and a start date written
YYYY-MM-DD between 1800 and 2200, so every turn's date exists.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel

from wargame.scenario.models import Scenario

MAX_MAGNITUDE = 1e12
FIRST_DATE, LAST_DATE = date(1800, 1, 1), date(2200, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Path = tuple[str | int, ...]


def value_problems(scenario: Scenario) -> list[tuple[Path, str]]:
    """Every value out of the bounds above, with its field path."""
    found = [(path, f"is too large: numbers may be at most {MAX_MAGNITUDE:g} either way (got {value:g})")
             for path, value in _numbers(scenario, ()) if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE]
    start = scenario.turns.start_date
    if start is not None:
        problem = date_problem(start)
        if problem:
            found.append((("turns", "start_date"), problem))
    return found


def date_problem(text: str) -> str | None:
    """Why `text` is not a usable start date, or None."""
    shown = text if len(text) <= 30 else text[:27] + "..."
    if not _ISO_DATE.fullmatch(text):
        return f"must be a date written YYYY-MM-DD (got {shown!r})"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"is not a date in the calendar (got {shown!r})"
    if not FIRST_DATE <= day <= LAST_DATE:
        return f"must be between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()} (got {shown!r})"
    return None


def _numbers(value: Any, path: Path) -> Iterator[tuple[Path, float]]:
    """Every number in a validated model, with the path of keys an author wrote to reach it."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int | float):
        yield path, float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _numbers(getattr(value, name), path + (field.alias or name,))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _numbers(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, path + (str(key),))
