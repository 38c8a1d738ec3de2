"""The advisor: reproducible, built only on what the side observes, one forecast per legal move."""

from __future__ import annotations

import numpy as np

from wargame.engine import Game
from wargame.scenario import load
from wargame.sim.advisor import HOLD, advise


def new_game(seed: int = 3) -> Game:
    return Game.new(load("tutorial"), seed, {"islamabad": "human"}, created="2026-01-01T00:00:00+00:00")


def test_one_forecast_per_legal_move_and_hold() -> None:
    game = new_game()
    advice = advise(game, "islamabad", rollouts=200, horizon=3)
    legal = [o.id for o in game.legal_moves("islamabad") if o.legal]
    assert list(advice.forecasts) == [*legal, HOLD]
    data = advice.as_dict()
    assert data["basis"] == "observed" and data["turn"] == 1 and data["horizon"] == 3
    for forecast in data["moves"].values():
        for key in ("escalation_any", "escalation_end", "holding_ceasefire"):
            assert 0 <= forecast[key]["low"] <= forecast[key]["share"] <= forecast[key]["high"] <= 1
        assert forecast["escalation_end"]["count"] <= forecast["escalation_any"]["count"]
        assert forecast["expected_level"]["low"] <= forecast["expected_level"]["mean"] <= forecast["expected_level"]["high"]


def test_same_position_same_advice() -> None:
    assert advise(new_game(), "islamabad", 300, 4).as_dict() == advise(new_game(), "islamabad", 300, 4).as_dict()


def test_hidden_truth_does_not_change_advice() -> None:
    game = new_game()
    before = advise(game, "islamabad", 300, 4).as_dict()
    rng = np.random.default_rng(0)
    game.state.x[0] = np.round(rng.uniform(game.compiled.ind_min, game.compiled.ind_max), 6)  # new truth, same estimates
    assert advise(game, "islamabad", 300, 4).as_dict() == before


def test_observations_do_change_advice() -> None:
    game = new_game()
    before = advise(game, "islamabad", 300, 4).as_dict()
    game.observed["islamabad"] = {k: (95.0 if v is not None else None) for k, v in game.observed["islamabad"].items()}
    assert advise(game, "islamabad", 300, 4).as_dict() != before


def test_advice_can_be_logged() -> None:
    game = new_game()
    record = game.record_advice("islamabad", advise(game, "islamabad", 100, 2).as_dict())
    assert record["type"] == "advice" and HOLD in record["forecasts"]["moves"]


def test_later_turns_and_other_side() -> None:
    game = new_game()
    game.submit("islamabad", ["demarche"])
    game.resolve()
    advice = advise(game, "kabul", 100, 6)
    assert advice.turn == 2 and advice.horizon == 4  # the tutorial has five turns
