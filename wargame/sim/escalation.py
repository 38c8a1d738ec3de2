"""Cumulative escalation of many games: the escalation index added up turn by turn.

The index of a turn is the scenario's declared index (wargame.engine.index: the ladders' weighted
levels, the tier points of the moves ordered and injects fired, the terms on indicators). A game
that ends before the horizon counts its standing (ladders and indicator terms) for every turn
left, so a quick settlement and a long game are compared over the same turns (the report's
scoring pads a game ended on a terminal rung the same way). The counterfactual rollouts of the
report and the sweeps both use this one measure; `run_batch(index=True)` keeps it too.
"""

from __future__ import annotations

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.index import IndexTally
from wargame.engine.kernel import StepOutcome
from wargame.engine.state import BatchState
from wargame.sim.batch import BatchResult

DECISION_LOOKAHEAD = 8  # turns over which the report judges a decision (and `wargame check` judges as it does)


class CumulativeEscalation:
    """An `on_turn` hook for run_batch that adds up each game's escalation index."""

    def __init__(self, c: Compiled, n: int) -> None:
        self.tally = IndexTally(c, n)

    @property
    def total(self) -> np.ndarray:
        return self.tally.total

    def __call__(self, t: int, before: BatchState, orders: np.ndarray, outcome: StepOutcome) -> None:
        self.tally.add(orders, before.over, outcome)

    def finish(self, result: BatchResult, horizon: int) -> np.ndarray:
        """Totals to turn `horizon`: when every game ended early, each stands on its last rung to
        the horizon (games that ended while others played on were counted turn by turn)."""
        final = result.final
        return self.tally.padded(horizon - final.turn, final.rung, final.x)
