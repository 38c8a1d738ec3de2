"""What the index was made of: parts that add up to each turn's index and to the cumulative
escalation, named as the scenario declares them, shown in the report when there is more to say
than the rung level."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import escape

from tests.report.conftest import policy_game, write_log
from tests.report.test_report import figures_match
from wargame.engine import Game
from wargame.report.build import fmt, read_game_log, render_html, summarize
from wargame.report.index_parts import MOVES_LABEL, index_formula, index_makeup, makeup_line
from wargame.report.scoring import score_game
from wargame.scenario import load
from wargame.scenario.catalog import resolve

THREE = Path(__file__).resolve().parents[1] / "sim" / "fixtures" / "three_tracks.yaml"


def ended_early(scenario_name: str) -> Game:
    """A game of the scenario that reached a terminal rung before its last turn (seeds tried in order)."""
    scenario = load(resolve(scenario_name))
    for seed in range(200):
        for policy in ("integrated", "formal", "track2"):
            game = policy_game(scenario, policy, seed)
            scores = score_game(game.records, scenario)
            if scores.horizon > scores.turns_played and scores.outcome.form != "unfinished":
                return game
    raise AssertionError("no early end in 200 seeds")


@pytest.mark.parametrize("seed", [1, 4, 9])
def test_parts_add_up_to_each_turn_and_to_the_cumulative(seed: int) -> None:
    scenario = load(THREE)
    scores = score_game(policy_game(scenario, "random", seed).records, scenario)
    makeup = index_makeup(scenario, scores)
    assert [p.label for p in makeup.parts] == [
        *(x.label for x in scenario.all_ladders), MOVES_LABEL, "Casualties past 10", scenario.indicator("anger").label]
    assert makeup.several
    for i, total in enumerate(makeup.totals):
        assert sum(p.per_turn[i] for p in makeup.parts) == pytest.approx(total, abs=1e-5)
    assert makeup.totals == [t.index for t in scores.turns]
    assert makeup.cumulative == pytest.approx(scores.cumulative, abs=1e-5)
    weighted = {x.id: scenario.ladder_weight(x.id) for x in scenario.all_ladders}
    for p in makeup.parts:
        if p.kind == "ladder":
            ladder = p.key.split(".", 1)[1]
            assert p.per_turn == [pytest.approx(weighted[ladder] * t.levels[ladder]) for t in scores.turns]


def test_an_early_end_counts_its_standing_for_the_turns_left() -> None:
    scenario = load(resolve("tutorial"))
    game = ended_early("tutorial")
    scores = score_game(game.records, scenario)
    makeup = index_makeup(scenario, scores)
    assert makeup.padded_turns == scores.horizon - scores.turns_played > 0
    assert makeup.cumulative == pytest.approx(scores.cumulative, abs=1e-5)
    moves = next(p for p in makeup.parts if p.kind == "tiers")
    assert moves.game == pytest.approx(sum(moves.per_turn), abs=1e-6)  # moves are not counted again


def test_the_formula_names_each_weight_and_term() -> None:
    formula = index_formula(load(THREE))
    assert formula.startswith("Violence level + 0.5 x Diplomacy level + 0.25 x Trade level")
    assert "0.25 x " in formula and "0.1 x tier weights" in formula
    assert "0.05 x (Casualties past 10 above 10)" in formula
    assert index_formula(load(resolve("tutorial"))).count(" level") == 1


def test_the_report_shows_the_parts_of_a_several_part_index(tmp_path: Path) -> None:
    scenario = load(THREE)
    game = policy_game(scenario, "random", seed=4)
    summary = summarize(read_game_log(str(write_log(tmp_path / "g.jsonl", game.lines)), scenario),
                        runs=6, decision_runs=3)
    page = render_html(summary, scenario)
    figures_match(page, summary)
    assert "What the index is made of" in page
    made = summary["index_parts"]
    for i, part in enumerate(made["parts"]):
        assert f'data-key="index_parts.parts.{i}.game"' in page
        assert f"<th class=\"num\">{part['label']}</th>" in page
    assert str(escape(made["formula"])) in page


def test_a_default_index_gets_no_breakdown_table_but_the_formula(tmp_path: Path) -> None:
    scenario = load(resolve("tutorial"))
    game = policy_game(scenario, "integrated")
    summary = summarize(read_game_log(str(write_log(tmp_path / "g.jsonl", game.lines)), scenario),
                        runs=6, decision_runs=3)
    page = render_html(summary, scenario)
    assert not summary["index_parts"]["several"]
    assert "What the index is made of" not in page
    assert str(escape(summary["index_parts"]["formula"])) in page


def test_the_debrief_line_reads_the_game_sums() -> None:
    scenario = load(THREE)
    makeup = index_makeup(scenario, score_game(policy_game(scenario, "random", 2).records, scenario))
    line = makeup_line(makeup, fmt)
    assert line.split(" · ") == [f"{p.label}: {fmt(p.game)}" for p in makeup.parts]
