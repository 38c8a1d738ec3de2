"""Conformance of the content: every shipped scenario validates and plays to the end under every policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.engine import compile_scenario
from wargame.engine.policies import policy_names
from wargame.scenario import load
from wargame.scenario.catalog import shipped_files
from wargame.sim.batch import run_batch

SHIPPED = shipped_files()


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_scenario_validates_and_plays_to_the_end_under_every_policy(path: Path) -> None:
    scenario = load(path)
    c = compile_scenario(scenario)
    for policy in policy_names(scenario):
        if policy == "historical" and scenario.history is None:
            continue
        games = 16 if policy == "advisor" else 200  # the advisor forecasts every move of every game
        result = run_batch(c, games, dict.fromkeys(c.side_ids, policy), seed=7)
        assert result.final.over.all(), (path.stem, policy)
        assert result.rungs.shape[0] - 1 <= scenario.turns.count


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_side_has_moves_in_all_three_channels(path: Path) -> None:
    scenario = load(path)
    for side in scenario.sides:
        channels = {m.channel.value for m in scenario.moves_of(side.id)}
        assert channels == {"formal", "coercive", "informal"}, (side.id, channels)
