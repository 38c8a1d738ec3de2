"""What a game's escalation index was made of, part by part: for the debrief and the report.

The scenario declares its index (wargame.engine.index): a weight per ladder, a scale for the tier
points of moves and events, and terms on indicators. Scoring already records each turn's parts
(`TurnEscalation.breakdown`); this module turns them into named columns and their sums over the
game, so that a room can see whether a high score came from fighting, from a closed border or from
casualties. The game sums add up to the cumulative escalation: a game that ended early on a
terminal rung counts its last standing parts (ladders and indicator terms, not moves) for every
turn left, exactly as the cumulative figure does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from wargame.report.scoring import GameScores
from wargame.scenario.models import Scenario

MOVES_LABEL = "Moves and events"


@dataclass(frozen=True)
class IndexPart:
    """One part of the index: its value each turn played and its sum over the game's horizon."""

    key: str  # "ladder.<id>", "tiers" or "indicator.<id>"
    label: str
    kind: str  # ladder | tiers | indicator
    per_turn: list[float]
    game: float


@dataclass(frozen=True)
class IndexMakeup:
    """Every part of the index of one game, the turns they were counted on and how the index is made."""

    parts: list[IndexPart]
    turns: list[int]
    totals: list[float]  # the index of each turn played (the sum of the parts)
    cumulative: float  # the sum of the parts' game sums (the cumulative escalation)
    padded_turns: int  # turns after an early end counted at the last standing
    formula: str

    @property
    def several(self) -> bool:
        """Whether the index has more parts than one ladder's level and the moves' points, i.e. whether a
        breakdown says more than the rung level beside the index already does."""
        return len(self.parts) > 2

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"several": self.several}


def _round(value: float) -> float:
    return float(round(value, 6)) + 0.0


def index_formula(scenario: Scenario) -> str:
    """The scenario's index in words: 'Fighting level + 0.5 x Talks level + 0.1 x tier weights of the turn's
    moves and events + 2 x (Casualties above 10)'."""

    def times(weight: float) -> str:
        return "" if weight == 1 else f"{weight:g} x "

    terms = [f"{times(scenario.ladder_weight(x.id))}{x.label} level" for x in scenario.all_ladders
             if scenario.ladder_weight(x.id)]
    terms.append(f"{times(scenario.index.tier_scale)}tier weights of the turn's moves and events")
    for term in scenario.index.indicators:
        indicator = scenario.indicator(term.indicator)
        above = indicator.min if term.above is None else term.above
        label = term.label or indicator.label
        terms.append(f"{times(term.weight)}({label} above {above:g})")
    return " + ".join(terms)


def index_makeup(scenario: Scenario, scores: GameScores) -> IndexMakeup:
    """The parts of every turn's index (from the scores' breakdowns) and their sums over the horizon."""
    turns = [t for t in scores.turns if t.breakdown]
    padded = max(0, scores.horizon - len(turns))
    parts: list[IndexPart] = []

    def add(key: str, label: str, kind: str, values: list[float], standing: bool) -> None:
        game = sum(values) + (padded * values[-1] if standing and values else 0.0)
        parts.append(IndexPart(key, label, kind, [_round(v) for v in values], _round(game)))

    for ladder in scenario.all_ladders:
        if scenario.ladder_weight(ladder.id):
            add(f"ladder.{ladder.id}", ladder.label, "ladder",
                [float(t.breakdown["ladders"][ladder.id]) for t in turns], True)
    add("tiers", MOVES_LABEL, "tiers", [float(t.breakdown["tiers"]) for t in turns], False)
    for term in scenario.index.indicators:
        label = term.label or scenario.indicator(term.indicator).label
        add(f"indicator.{term.indicator}", label, "indicator",
            [float(t.breakdown["indicators"][term.indicator]) for t in turns], True)
    return IndexMakeup(parts, [t.turn for t in turns], [_round(t.index) for t in turns],
                       _round(sum(p.game for p in parts)), padded, index_formula(scenario))


def makeup_line(makeup: IndexMakeup, number: Any) -> str:
    """'Fighting: 12 · Talks: 4 · Moves and events: 3.2': each part's sum over the game, for one line of a
    debrief (`number` is the report's formatter, so the figures read as the report prints them)."""
    return " · ".join(f"{p.label}: {number(p.game)}" for p in makeup.parts)
