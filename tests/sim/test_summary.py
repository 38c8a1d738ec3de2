"""Intervals and outcome definitions of the simulate summary."""

from __future__ import annotations

import numpy as np

from wargame.engine import compile_scenario
from wargame.scenario import load
from wargame.sim.summary import outcome_flags, wilson


def test_wilson_interval() -> None:
    lo, hi = wilson(50, 100)
    assert lo < 0.5 < hi and abs((lo + hi) / 2 - 0.5) < 1e-9
    assert wilson(0, 20)[0] == 0.0 and wilson(20, 20)[1] == 1.0
    assert 0.0 < wilson(0, 20)[1] < 0.2


def test_outcome_flags_follow_categories() -> None:
    c = compile_scenario(load("tutorial"))
    r = c.index.rungs
    paths = np.array([
        [r["tension"], r["militant_attack"], r["ceasefire"], r["ceasefire"]],  # holds
        [r["tension"], r["clashes"], r["clashes"], r["ceasefire"]],  # truce only on the last turn
        [r["tension"], r["ceasefire"], r["agreement"], r["agreement"]],  # agreement
        [r["tension"], r["airstrike"], r["clashes"], r["clashes"]],  # clashes
    ]).T
    flags = outcome_flags(c, paths)
    assert flags["holding_ceasefire"].tolist() == [True, False, True, False]
    assert flags["agreement"].tolist() == [False, False, True, False]
    assert flags["sustained_clashes"].tolist() == [False, False, False, True]
