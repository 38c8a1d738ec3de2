"""A report of a several-ladder game shows every ladder, turn by turn, from the log's records."""

from __future__ import annotations

from pathlib import Path

from tests.report.conftest import policy_game, write_log
from tests.report.test_report import figures_match
from wargame.report.build import read_game_log, render_html, summarize
from wargame.report.ladders import ladder_tracks
from wargame.scenario import load

THREE = Path(__file__).resolve().parents[1] / "sim" / "fixtures" / "three_tracks.yaml"


def test_each_ladder_track_follows_the_turn_records() -> None:
    scenario = load(THREE)
    game = policy_game(scenario, "random", seed=4)
    tracks = ladder_tracks(scenario, game.records)
    assert [t["id"] for t in tracks] == [x.id for x in scenario.all_ladders]
    turns = [r for r in game.records if r["type"] == "turn"]
    for track in tracks:
        assert track["turns"] == [0, *(r["turn"] for r in turns)]
        assert track["rungs"][0] == scenario.ladder(track["id"]).start
        assert track["rungs"][1:] == [r["rungs"][track["id"]] for r in turns]
        assert track["levels"] == [scenario.rung(r).level for r in track["rungs"]]
    assert tracks[0]["main"] and not any(t["main"] for t in tracks[1:])


def test_the_report_shows_every_ladder_and_a_one_ladder_report_does_not(tmp_path: Path) -> None:
    scenario = load(THREE)
    game = policy_game(scenario, "integrated", seed=6)
    log = read_game_log(str(write_log(tmp_path / "three.jsonl", game.lines)), scenario)
    summary = summarize(log, runs=6, decision_runs=2)
    page = render_html(summary, scenario)
    assert "Every ladder" in page and figures_match(page, summary) > 30
    for ladder in scenario.all_ladders:
        assert ladder.label in page
    tutorial = load("tutorial")
    one = read_game_log(str(write_log(tmp_path / "one.jsonl", policy_game(tutorial, "formal").lines)), tutorial)
    plain = summarize(one, runs=4, decision_runs=2)
    assert len(plain["ladders"]) == 1 and "Every ladder" not in render_html(plain, tutorial)
