"""The declared escalation index: one function for the report, the batch and the advisor; the default
is the first edition's index to the last bit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from wargame.engine import Game, compile_scenario
from wargame.engine.index import TIER_WEIGHTS, IndexSpec, escalation_index
from wargame.report.scoring import score_game
from wargame.scenario import Scenario
from wargame.sim.batch import run_batch

GOLDEN = Path(__file__).parent / "golden"


def test_the_default_index_is_the_first_editions_to_the_last_bit(frozen: Scenario) -> None:
    """Level plus each move's and inject's tier weight x 0.1 (rounded to 1e-6), added in record order."""
    for path in sorted(GOLDEN.glob("seed*.jsonl")):
        records = [json.loads(line) for line in path.read_text().splitlines()]
        scores = score_game(records, frozen)
        turns = [r for r in records if r["type"] == "turn"]
        for record, turn in zip(turns, scores.turns, strict=True):
            first_edition = float(record["level"])
            for e in record["events"]:
                if e["kind"] in ("move", "inject"):
                    first_edition += round(TIER_WEIGHTS[e["tier"]] * 0.1, 6)
            assert turn.index == round(first_edition, 6)
            assert turn.breakdown["ladders"] == {"escalation": float(record["level"])}
            assert turn.breakdown["indicators"] == {}


def test_a_declared_index_weighs_ladders_tiers_and_indicators(two_ladders: Scenario) -> None:
    """two_ladders declares violence x 1, crossing x 0.5, tiers x 0.1, casualties x 0.02 above 20."""
    spec = IndexSpec.of(two_ladders)
    x = np.array([[30, 50, 60, 45, 5], [30, 50, 60, 10, 5]], dtype=float)  # casualties 45, then 10
    parts = escalation_index(spec, np.array([[2, 2], [0, 1]]), x, [np.array([2.8, -0.2])])
    np.testing.assert_allclose(parts.ladders, [[2.0, 1.0], [0.0, 0.5]])
    np.testing.assert_allclose(parts.indicators, [[0.02 * 25], [0.0]])
    np.testing.assert_allclose(parts.total, [2 + 1 + 2.8 + 0.5, 0.5 - 0.2])
    np.testing.assert_allclose(parts.standing, [3.5, 0.5])
    assert parts.breakdown(spec, 0) == {"ladders": {"violence": 2.0, "crossing": 1.0}, "tiers": 2.8,
                                        "indicators": {"casualties": 0.5}, "total": 6.3}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_report_and_the_batch_count_the_same_index(three_tracks: Scenario, seed: int) -> None:
    """Scoring a live game's log and the batch of one (IndexTally) give the same cumulative index."""
    game = Game.new(three_tracks, seed, created="t0")
    while not game.over:
        game.resolve()
    scores = score_game(game.records, three_tracks)
    batch = run_batch(compile_scenario(three_tracks), 1, {}, seed, index=True)
    assert batch.cumulative_index(scores.horizon)[0] == pytest.approx(scores.cumulative, abs=1e-5)


def test_a_game_ended_early_stands_on_its_end_for_the_turns_left(three_tracks: Scenario) -> None:
    game = Game.new(three_tracks, 1, created="t0")
    game.override("set up", rung="war")  # an end state on turn 0: nothing is played
    c = compile_scenario(three_tracks)
    tally_start = game.state
    batch = run_batch(c, 1, {}, 1, start=tally_start, index=True)
    spec = IndexSpec.of(three_tracks)
    standing = escalation_index(spec, c.rung_level[tally_start.rung], tally_start.x).standing[0]
    assert batch.cumulative_index(8)[0] == pytest.approx(8 * standing)


def test_the_advisor_forecasts_the_index_and_the_dangers(two_ladders: Scenario) -> None:
    from wargame.sim.advisor import advise

    advice = advise(Game.new(two_ladders, 3, created="t0"), "north", rollouts=200, horizon=4)
    record = advice.as_dict()["moves"]
    for move, forecast in advice.forecasts.items():
        assert forecast.expected_index["low"] <= forecast.expected_index["mean"] <= forecast.expected_index["high"]
        assert set(forecast.danger) == {"casualties"}
        assert "expected_index" in record[move] and "danger" in record[move]
    assert advice.best == min(advice.forecasts, key=lambda m: advice.forecasts[m].expected_index["mean"])


def test_a_first_edition_scenarios_advice_is_logged_as_before(frozen: Scenario) -> None:
    from wargame.sim.advisor import advise

    record = advise(Game.new(frozen, 3, created="t0"), "islamabad", rollouts=50, horizon=2).as_dict()
    assert all(set(m) == {"escalation_any", "escalation_end", "expected_level", "holding_ceasefire", "likely_rung"}
               for m in record["moves"].values())


def test_index_parts_of_a_report(three_tracks: Scenario) -> None:
    """Each turn's breakdown adds up to its index; the citations name each ladder and indicator term."""
    game = Game.new(three_tracks, 4, created="t0")
    while not game.over:
        game.resolve()
    for turn in score_game(game.records, three_tracks).turns:
        b = turn.breakdown
        assert set(b["ladders"]) == {"violence", "diplomacy", "trade_track"}
        assert set(b["indicators"]) == {"casualties", "anger"}
        assert sum(b["ladders"].values()) + b["tiers"] + sum(b["indicators"].values()) == pytest.approx(turn.index, abs=1e-5)
        assert {p.kind for p in turn.parts} >= {"rung", "indicator"}
        assert turn.levels.keys() == turn.rungs.keys() == b["ladders"].keys()
