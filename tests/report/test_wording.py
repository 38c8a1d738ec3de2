"""The report and the debrief say the same thing the same way (issue: they disagreed or confused)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.report.conftest import known_game, write_log
from wargame.engine import HUMAN, Game
from wargame.report import aar
from wargame.report.build import read_game_log, render_html, summarize
from wargame.report.charts import level_steps
from wargame.report.scoring import score_game
from wargame.report.wording import during_turn, odds_and_roll, risk_sentence
from wargame.scenario import load
from wargame.ui.story import EventLine, odds_text


def test_the_ladder_chart_starts_at_the_opening_level_not_the_first_turns() -> None:
    scenario = load("tutorial")
    scores = score_game(known_game(scenario).records, scenario).as_dict()
    turns, levels = level_steps(scores)
    assert turns[0] == 0 and levels[0] == scenario.rung(scenario.start).level
    assert list(zip(turns[1:], levels[1:], strict=True)) == [(t["turn"], t["level"]) for t in scores["turns"]]


def test_a_white_cell_act_is_dated_by_the_turn_the_table_showed(tmp_path: Path) -> None:
    scenario = load("tutorial")
    game = Game.new(scenario, 3, {"islamabad": HUMAN, "kabul": HUMAN}, created="t0")
    game.note("Before anyone moved")  # the table shows "Turn 1 of 5"
    game.play_turn({"islamabad": [], "kabul": []})
    game.inject(scenario.injects[0].id)  # the table shows "Turn 2 of 5"
    summary = summarize(read_game_log(str(write_log(tmp_path / "g.jsonl", game.lines)), scenario), runs=4,
                        decisions=False)
    page = render_html(summary, scenario)
    assert "In turn 1, white cell: Before anyone moved" in page
    assert any(during_turn(1) in line for line in summary["aar"]["happened"])
    assert "after turn 0" not in page.lower()


def test_rolls_are_out_of_100_in_the_report_as_on_the_screen() -> None:
    scenario = load("tutorial")
    game = known_game(scenario)
    why = aar.why(scenario, score_game(game.records, scenario).as_dict(), game.records)
    rolled = [line for line in why if "roll" in line]
    assert rolled, "the known game has a surprising roll to explain"
    assert not any(re.search(r"roll 0\.\d", line) for line in rolled)
    line = EventLine(1, "x", 0.571, 0.173, True, None)
    assert odds_text(line).startswith(odds_and_roll(0.571, 0.173)) and "roll 17" in odds_text(line)


def test_risk_reduced_says_what_its_sign_means() -> None:
    assert "17.3 more than" in risk_sentence(-17.3, "integrated")
    assert "2 less than" in risk_sentence(2.0, "default policies")
    assert "default policy" in risk_sentence(2.0, "default policies")


def test_ladder_objectives_cite_the_steps_that_moved_their_own_measure(tmp_path: Path) -> None:
    scenario = load("oct_2025_border_crisis")
    game = Game.new(scenario, 4, {s.id: "coercive" for s in scenario.sides}, created="t0")
    while not game.over:
        game.resolve()
    scores = score_game(game.records, scenario)
    ladder = [o for o in scores.objectives if o.measure.startswith(("turns on", "turn ", "peak escalation",
                                                                       "final escalation", "mean escalation"))]
    assert len(ladder) >= 4
    lists = [(tuple(c.record for c in o.strengths), tuple(c.record for c in o.improvements)) for o in ladder]
    assert len(set(lists)) > 1, "every ladder objective got the same strengths and improvements"
    for o in ladder:  # each cited step is one that moves this measure
        if o.measure.startswith("turns on"):
            names = o.measure.removeprefix("turns on ").split(", ")
            for c in o.strengths + o.improvements:
                before, after = c.text.split(": ", 1)[1].split(" (")[0].split(" -> ")
                assert (before in names) != (after in names), (o.id, c.text)
