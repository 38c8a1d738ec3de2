"""Escalation-index points: what a move or an event adds to the index of the turn it happens in.

The escalation index of a turn is the level of the rung the ladder stands on after it, plus the
points of every move ordered and every inject fired in it (by their tier). The after-action
report, its counterfactual rollouts and the sweeps all add up this one index; the weights live
here, below all of them.
"""

from __future__ import annotations

import numpy as np

from wargame.engine.compiled import Compiled

# Tier weights of Rivera et al. (2024), scaled by TIER_SCALE so that one violent act (+2.8) weighs
# a little less than three rungs of a ladder whose levels run 0..4 in the tutorial.
TIER_WEIGHTS: dict[str, float] = {
    "de_escalation": -2.0,
    "status_quo": 0.0,
    "posturing": 4.0,
    "nonviolent": 12.0,
    "violent": 28.0,
}
TIER_SCALE = 0.1


def tier_value(tier: str) -> float:
    """Escalation-index points of one move or event of this tier."""
    return round(TIER_WEIGHTS.get(tier, 0.0) * TIER_SCALE, 6)


def tier_points(c: Compiled) -> tuple[np.ndarray, np.ndarray]:
    """Index points of each move (M,) and each inject (J,) of a compiled scenario."""
    s = c.scenario
    return (np.array([tier_value(m.tier.value) for m in s.moves], dtype=float),
            np.array([tier_value(j.tier.value) for j in s.injects], dtype=float))
