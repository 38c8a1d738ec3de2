"""Reports of logs made here: every shipped scenario under every policy; figures; bad logs."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from tests.report.conftest import known_game, policy_game, write_log
from wargame.cli.main import main
from wargame.engine import POLICIES, compile_scenario
from wargame.report.build import fmt, lookup, read_game_log, render_html, summarize
from wargame.report.counterfactual import rollout_escalation
from wargame.scenario import load
from wargame.scenario.catalog import shipped_files
from wargame.sim.batch import run_batch

FIG = re.compile(r'<span class="fig" data-key="([^"]*)" data-fmt="([^"]*)">([^<]*)</span>')
SHIPPED = shipped_files()


def figures_match(page: str, summary: dict) -> int:  # type: ignore[type-arg]
    """Every tagged number in the page equals the JSON's; returns how many there were."""
    data = json.loads(json.dumps(summary))
    found = FIG.findall(page)
    for key, kind, text in found:
        assert html.unescape(text) == fmt(lookup(data, html.unescape(key)), kind), key
    return len(found)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_scenario_under_every_policy(path: Path, tmp_path: Path) -> None:
    scenario = load(path)
    policies = [p for p in POLICIES if p != "historical" or scenario.history is not None]
    for policy in policies:
        game = policy_game(scenario, policy)
        log = read_game_log(str(write_log(tmp_path / f"{policy}.jsonl", game.lines)), scenario)
        assert log.verified, log.verification
        summary = summarize(log, runs=6, decision_runs=3)
        page = render_html(summary, scenario)
        assert figures_match(page, summary) > 30
        assert "verification-banner" not in page
        assert summary["scores"]["turns_played"] == game.turn
        assert not re.search(r'(src|href)="https?:|url\(https?:|<link |@import', page)  # nothing fetched


@pytest.mark.parametrize("name", ["three_tracks.yaml", "perverse.yaml"])
def test_games_on_several_ladders_and_history_get_a_report(name: str, tmp_path: Path) -> None:
    """A game that followed the recorded history (forced draws carry no roll), and games whose
    index weighs ladders and indicators: the report's figures are the JSON's, each turn's index
    breakdown adds up, and the summary says how the index is made."""
    from tests.report.conftest import CREATED, load_table_key
    from wargame.engine import Game
    from wargame.engine.history import span

    scenario = load(Path(__file__).parents[1] / "sim" / "fixtures" / name)
    game = Game.new(scenario, 3, created=CREATED, signer=load_table_key(),
                    history=span(scenario) or None)
    while not game.over:
        game.resolve()
    log = read_game_log(str(write_log(tmp_path / "g.jsonl", game.lines)), scenario)
    assert log.verified, log.verification
    summary = summarize(log, runs=6, decision_runs=3)
    assert figures_match(render_html(summary, scenario), summary) > 30
    assert set(summary["index"]) == {"ladders", "tier_scale", "tier_weights", "indicators"}
    for turn in summary["scores"]["turns"]:
        b = turn["breakdown"]
        assert sum(b["ladders"].values()) + b["tiers"] + sum(b["indicators"].values()) == pytest.approx(turn["index"], abs=1e-5)


def test_cli_writes_html_and_json_with_equal_figures(tmp_path: Path) -> None:
    game = known_game(load("tutorial"))
    log = write_log(tmp_path / "known.jsonl", game.lines)
    out, js = tmp_path / "r.html", tmp_path / "r.json"
    assert main(["report", str(log), "-o", str(out), "--json", str(js), "--runs", "20", "--strict"]) == 0
    summary = json.loads(js.read_text())
    assert figures_match(out.read_text(), summary) > 30
    assert summary["key_points"], "decision points for a verified log"
    assert summary["headline"]["risk_reduced"] == summary["risk_reduced"]["value"]


def test_tampered_log_gets_a_banner_and_strict_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    game = known_game(load("tutorial"))
    lines = list(game.lines)
    lines[2] = lines[2].replace('"level":1', '"level":0', 1)
    log = write_log(tmp_path / "tampered.jsonl", lines)
    out = tmp_path / "t.html"
    assert main(["report", str(log), "-o", str(out), "--runs", "5"]) == 1  # written, but the log fails
    page = out.read_text()
    assert 'id="verification-banner"' in page and "FAILED verification" in page
    assert "record 3" in page and "cover the 2 records that replay exactly" in page
    assert main(["report", str(log), "-o", str(tmp_path / "s.html"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "refused (--strict)" in err and err.count("\n") <= 2
    assert not (tmp_path / "s.html").exists()


def test_truncated_log_is_reported(tmp_path: Path) -> None:
    game = known_game(load("tutorial"))
    log = tmp_path / "cut.jsonl"
    log.write_text("".join(line + "\n" for line in game.lines[:-1]) + game.lines[-1][:40], encoding="utf-8")
    out = tmp_path / "cut.html"
    assert main(["report", str(log), "-o", str(out), "--runs", "5"]) == 1
    assert "TRUNCATED: the last record is cut off" in out.read_text()
    assert main(["report", str(log), "-o", str(tmp_path / "strict.html"), "--strict"]) == 1
    assert not (tmp_path / "strict.html").exists()


def test_same_dice_baseline_reproduces_a_policy_game(tmp_path: Path) -> None:
    scenario = load("tutorial")
    game = policy_game(scenario, "integrated", seed=9)  # the tutorial's sides default to integrated
    log = read_game_log(str(write_log(tmp_path / "g.jsonl", game.lines)))
    summary = summarize(log, runs=30, decisions=False)
    risk = summary["risk_reduced"]
    assert risk["same_dice_baseline"] == pytest.approx(summary["scores"]["cumulative"])
    assert risk["same_dice_value"] == pytest.approx(0.0)
    assert risk["interval"][0] <= risk["value"] <= risk["interval"][1]


def test_rollouts_follow_the_batch_simulator() -> None:
    from wargame.engine.state import initial_state
    from wargame.scenario.models import EscalationIndex

    # an index declared without tier points: the rung level alone, turn by turn
    scenario = load("tutorial").model_copy(update={"index": EscalationIndex(tier_scale=0)})
    c = compile_scenario(scenario)

    policies = ["coercive", "random"]
    ours = rollout_escalation(c, initial_state(c, 1), policies, 4, 50, scenario.turns.count)[0]
    batch = run_batch(c, 50, dict(zip(c.side_ids, policies, strict=True)), 4)
    levels = batch.levels[1:]
    pad = scenario.turns.count - levels.shape[0]
    expected = levels.sum(axis=0) + pad * levels[-1]
    assert ours == pytest.approx(expected)


def test_decision_points_offer_only_legal_alternatives(tmp_path: Path) -> None:
    scenario = load("tutorial")
    game = known_game(scenario)
    log = read_game_log(str(write_log(tmp_path / "k.jsonl", game.lines)))
    summary = summarize(log, runs=10, decision_runs=8)
    points = summary["decision_points"]
    assert {p["side"] for p in points} == {"islamabad", "kabul"}  # both seats were human
    for p in points:
        for alt in p["alternatives"]:
            assert alt["moves"] != p["chosen"]
            for m in alt["moves"]:
                assert scenario.move(m).side == p["side"]
    best = min(points, key=lambda p: p["best"]["difference"])
    assert summary["key_points"][0]["best"]["difference"] == best["best"]["difference"]


def test_cohort_ranks_and_refuses_mixed_scenarios(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = load("tutorial")
    logs = []
    for k, policy in enumerate(("integrated", "coercive", "track2")):
        logs.append(str(write_log(tmp_path / f"{policy}.jsonl", policy_game(scenario, policy, seed=k).lines)))
    out, table = tmp_path / "cohort.html", tmp_path / "cohort.csv"
    assert main(["cohort", *logs, "-o", str(out), "--csv", str(table), "--runs", "10"]) == 0
    rows = list(csv.DictReader(io.StringIO(table.read_text())))
    assert len(rows) == 3 and all(r["status"] == "OK" for r in rows)
    risks = [float(r["risk_reduced"]) for r in rows]
    assert risks == sorted(risks, reverse=True)
    assert "<svg" in out.read_text()
    text = Path(SHIPPED[0]).read_text().replace("title: \"Tutorial", "title: \"Changed tutorial", 1)
    other_file = tmp_path / "other.yaml"
    other_file.write_text(text)
    other = load(other_file)
    assert other.sha256 != scenario.sha256
    odd = write_log(tmp_path / "odd.jsonl", policy_game(other, "hold").lines)
    capsys.readouterr()
    assert main(["cohort", logs[0], str(odd), "-o", str(tmp_path / "x.html"), "--runs", "2"]) == 1
    err = capsys.readouterr().err
    assert "different scenarios" in err and err.count("\n") == 1
