"""Every ladder's path through a game: the report's "Every ladder" section and the review's
"what happened" both read it.

A pass over the log's turn records (no second copy of the game): the rung each ladder stood on at
the start and after each turn, with its level.
"""

from __future__ import annotations

from typing import Any

from wargame.report.visitor import Record
from wargame.scenario.models import Scenario


def ladder_tracks(scenario: Scenario, records: list[Record]) -> list[dict[str, Any]]:
    """For each ladder (main first): id, label, and per turn (0 = the start) its rung and level."""
    ladders = scenario.all_ladders
    standing = {x.id: x.start for x in ladders}
    turns, rungs = [0], {x.id: [x.start] for x in ladders}
    for record in records:  # an override shows in the next turn's record, which says where each ladder stood
        if record["type"] != "turn":
            continue
        standing.update(record.get("rungs") or {ladders[0].id: record["rung"]})
        turns.append(int(record["turn"]))
        for ladder_id, path in rungs.items():
            path.append(standing[ladder_id])
    return [
        {
            "id": x.id,
            "label": x.label,
            "main": i == 0,
            "turns": turns,
            "rungs": rungs[x.id],
            "levels": [scenario.rung(r).level for r in rungs[x.id]],
            "scale": [{"level": r.level, "label": r.label} for r in sorted(scenario.rungs_on(x.id), key=lambda r: r.level)],
        }
        for i, x in enumerate(ladders)
    ]
