"""The advisor's forecasts as the move cards show them: against holding, BEST only when a card stands out."""

from __future__ import annotations

import pytest

from wargame.ui.advice import best_move, card_line, card_lines, signed, summary_line, versus_hold
from wargame.ui.session import Forecast, parse_advice


def forecast(rise: float, level: float, ceasefire: float, half: float = 0.05) -> dict:  # type: ignore[type-arg]
    """An advisor entry; `half` is half the 95% interval of the expected level."""
    return {"escalation_any": {"share": rise, "low": rise - 0.02, "high": rise + 0.02},
            "escalation_end": {"share": rise / 2},
            "expected_level": {"mean": level, "low": level - half, "high": level + half},
            "holding_ceasefire": {"share": ceasefire}, "likely_rung": "talks"}


def advice(moves: dict[str, dict], horizon: int = 6) -> dict:  # type: ignore[type-arg]
    return {"side": "islamabad", "rollouts": 1000, "horizon": horizon, "moves": moves}


CLEAR = advice({
    "demarche": forecast(0.92, 2.57, 0.13),
    "talks": forecast(0.80, 2.10, 0.25),
    "airstrike": forecast(0.99, 3.10, 0.20),
    "hold": forecast(0.92, 2.54, 0.13),
})
# The room's complaint: seven cards at levels 1.87-1.89, each as good as holding, all marked BEST.
CROWDED = advice({f"card{i}": forecast(0.3, 1.87 + i * 0.003, 0.2) for i in range(7)} | {"hold": forecast(0.3, 1.89, 0.2)})


def test_advice_is_read_from_the_advisors_layout_with_holding_apart() -> None:
    parsed = parse_advice(CLEAR)
    assert set(parsed.moves) == {"demarche", "talks", "airstrike"}
    hold = parsed.hold
    assert hold is not None
    assert (hold.escalation, hold.expected_level, hold.ceasefire, hold.likely_rung) == (0.92, 2.54, 0.13, "talks")
    assert (hold.escalation_low, hold.escalation_high) == (pytest.approx(0.90), pytest.approx(0.94))
    assert (hold.level_low, hold.level_high) == (pytest.approx(2.49), pytest.approx(2.59))
    assert (parsed.rollouts, parsed.horizon) == (1000, 6)


def test_a_malformed_entry_loses_its_forecast_not_the_others() -> None:
    data = {"moves": {"demarche": {"escalation_any": 0.3}, "talks": forecast(0.5, 1.0, 0.1)}}
    assert set(parse_advice(data).moves) == {"talks"}


def test_best_is_a_card_better_than_holding_and_the_runner_up_beyond_the_uncertainty() -> None:
    parsed = parse_advice(CLEAR)
    best = best_move(parsed, {"demarche", "talks", "airstrike"})
    assert best == "talks"
    assert card_line(parsed, "talks", best) == ("BEST · level 2.10 \u00b10.05 · vs. holding: level \u22120.44, "
                                                "escalation \u221212 pts, ceasefire +12 pts")
    assert card_line(parsed, "demarche", best) == "level 2.57 \u00b10.05 · same as holding, within the uncertainty"
    assert card_lines(parsed, "talks", best) == ("BEST · level 2.10 \u00b10.05", "vs. holding: level \u22120.44, "
                                                 "escalation \u221212 pts, ceasefire +12 pts")
    assert "escalation +7 pts" in str(card_line(parsed, "airstrike", best))
    assert card_line(parsed, "unknown", best) is None
    legend = summary_line(parsed, best, "Send a delegation")
    assert "Holding (no move): level 2.54 \u00b10.05, escalation 92%, ceasefire 13%" in legend
    assert "BEST: Send a delegation ends lower than holding and every other card, beyond the uncertainty" in legend


def test_no_card_is_best_when_the_best_are_within_the_uncertainty_of_each_other() -> None:
    parsed = parse_advice(CROWDED)
    assert best_move(parsed, set(parsed.moves)) is None
    assert all("BEST" not in str(card_line(parsed, m, None)) for m in parsed.moves)
    assert "No card stands out" in summary_line(parsed, None)


def test_a_runner_up_within_the_uncertainty_takes_best_away() -> None:
    close = advice({"talks": forecast(0.8, 2.10, 0.25), "envoy": forecast(0.8, 2.16, 0.25),
                    "hold": forecast(0.9, 2.60, 0.13)})
    parsed = parse_advice(close)
    assert best_move(parsed, {"talks", "envoy"}) is None
    assert best_move(parsed, {"talks"}) == "talks"  # the runner-up cannot be ordered now


def test_holding_can_stand_out_and_an_illegal_card_is_never_best() -> None:
    parsed = parse_advice(CLEAR)
    assert best_move(parsed, {"demarche", "airstrike"}) is None  # demarche is within holding's uncertainty
    assert best_move(parsed, {"airstrike"}) == "hold"
    assert "Holding stands out" in summary_line(parsed, "hold")


def test_signs_are_readable() -> None:
    assert (signed(0.4, 1), signed(-0.4, 1), signed(0.001, 2)) == ("+0.4", "\u22120.4", "0.00")
    same = Forecast(0.5, 1.0, 0.2)
    assert versus_hold(same, same).startswith("same as holding")
