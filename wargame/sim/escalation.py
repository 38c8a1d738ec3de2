"""Cumulative escalation of many games: the escalation index added up turn by turn.

The index of a turn is the level of the rung after it plus the tier points of the moves ordered
and the injects fired in it (wargame.engine.index). A game that ends before the horizon counts
its last rung's level for every turn left, so a quick settlement and a long game are compared
over the same turns (the report's scoring pads a game ended on a terminal rung the same way).
The counterfactual rollouts of the report and the sweeps both use this one measure.
"""

from __future__ import annotations

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.index import tier_points
from wargame.engine.kernel import StepOutcome
from wargame.engine.state import BatchState
from wargame.sim.batch import BatchResult


class CumulativeEscalation:
    """An `on_turn` hook for run_batch that adds up each game's escalation index."""

    def __init__(self, c: Compiled, n: int) -> None:
        self.c = c
        self.move_points, self.inject_points = tier_points(c)
        self.total = np.zeros(n)

    def __call__(self, t: int, before: BatchState, orders: np.ndarray, outcome: StepOutcome) -> None:
        ordered = (orders >= 0) & ~before.over[:, None, None]
        self.total += self.c.rung_level[outcome.rung_after[:, 0]]  # the main ladder (the declared index: issue 10)
        self.total += np.where(ordered, self.move_points[np.maximum(orders, 0)], 0.0).sum(axis=(1, 2))
        self.total += (outcome.inject_fired * self.inject_points[None, :]).sum(axis=1)

    def finish(self, result: BatchResult, horizon: int) -> np.ndarray:
        """Totals to turn `horizon`: when every game ended early, each stands on its last rung to
        the horizon (games that ended while others played on were counted turn by turn)."""
        if result.final.turn < horizon:
            self.total += self.c.rung_level[result.final.rung[:, 0]] * (horizon - result.final.turn)
        return self.total
