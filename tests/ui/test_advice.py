"""The advisor's forecasts as the move cards show them: against holding, with the best marked."""

from __future__ import annotations

import pytest

from wargame.ui.advice import best_moves, card_line, signed, summary_line, versus_hold
from wargame.ui.session import Forecast, parse_advice


def forecast(rise: float, level: float, ceasefire: float) -> dict:  # type: ignore[type-arg]
    return {"escalation_any": {"share": rise, "low": rise - 0.02, "high": rise + 0.02},
            "escalation_end": {"share": rise / 2}, "expected_level": {"mean": level, "low": level - 0.1,
                                                                      "high": level + 0.1},
            "holding_ceasefire": {"share": ceasefire}, "likely_rung": "talks"}


ADVICE = {"side": "islamabad", "rollouts": 1000, "horizon": 6, "moves": {
    "demarche": forecast(0.92, 2.57, 0.13),
    "talks": forecast(0.91, 2.45, 0.19),
    "airstrike": forecast(0.99, 3.10, 0.20),
    "hold": forecast(0.92, 2.54, 0.13),
}}


def test_advice_is_read_from_the_advisors_layout_with_holding_apart() -> None:
    advice = parse_advice(ADVICE)
    assert set(advice.moves) == {"demarche", "talks", "airstrike"}
    hold = advice.hold
    assert hold is not None
    assert (hold.escalation, hold.expected_level, hold.ceasefire, hold.likely_rung) == (0.92, 2.54, 0.13, "talks")
    assert (hold.escalation_low, hold.escalation_high) == (pytest.approx(0.90), pytest.approx(0.94))
    assert (advice.rollouts, advice.horizon) == (1000, 6)


def test_a_malformed_entry_loses_its_forecast_not_the_others() -> None:
    data = {"moves": {"demarche": {"escalation_any": 0.3}, "talks": forecast(0.5, 1.0, 0.1)}}
    assert set(parse_advice(data).moves) == {"talks"}


def test_cards_are_shown_against_holding_and_the_lowest_level_is_best() -> None:
    advice = parse_advice(ADVICE)
    best = best_moves(advice, {"demarche", "talks", "airstrike"})
    assert best == {"talks"}
    talks = card_line(advice, "talks", best)
    assert talks == "BEST · level 2.45 · vs. holding: level \u22120.09, escalation \u22121 pts, ceasefire +6 pts"
    assert card_line(advice, "demarche", best) == "level 2.57 · about the same as holding"
    assert "escalation +7 pts" in str(card_line(advice, "airstrike", best))
    assert card_line(advice, "unknown", best) is None
    assert "Holding (no move): level 2.54, escalation 92%, ceasefire 13%" in summary_line(advice, best)


def test_an_illegal_card_is_never_best_and_holding_can_be() -> None:
    advice = parse_advice(ADVICE)
    assert best_moves(advice, {"demarche", "airstrike"}) == {"hold"}
    assert summary_line(advice, {"hold"}).endswith("holding too.")


def test_signs_are_readable() -> None:
    assert (signed(0.4, 1), signed(-0.4, 1), signed(0.001, 2)) == ("+0.4", "\u22120.4", "0.00")
    assert versus_hold(Forecast(0.5, 1.0, 0.2), Forecast(0.5, 1.0, 0.2)) == "about the same as holding"
