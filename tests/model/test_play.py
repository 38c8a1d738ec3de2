"""The model experiments measure the engine's own declared escalation index, not a copy of it."""

from __future__ import annotations

import numpy as np
import pytest

from tests.model.play import compiled, play
from wargame.sim.batch import run_batch


@pytest.mark.parametrize("name", ["oct_2025_border_crisis", "river_tessel", "long_horizon_2021"])
def test_cumulative_escalation_is_run_batchs_own_count(name: str) -> None:
    c = compiled(name)
    played = play(c, 300, {}, 5)
    counted = run_batch(c, 300, {}, 5, index=True).cumulative_index(c.scenario.turns.count)
    np.testing.assert_allclose(played.cumulative(c), counted, rtol=0, atol=1e-9)
