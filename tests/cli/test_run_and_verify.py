"""`wargame run` and `wargame verify` as a user meets them: one line per turn, one line per error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.cli.main import main
from wargame.scenario import load

GOLDEN_SCENARIO = Path(__file__).resolve().parents[1] / "engine" / "fixtures" / "golden_scenario.yaml"


def test_run_prints_one_line_per_turn_and_writes_a_verifiable_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "game.jsonl"
    code = main(["run", str(GOLDEN_SCENARIO), "--seed", "4", "--policy", "kabul=coercive", "--log", str(log)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    turns = [line for line in out if line.startswith("T0")]
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(turns) == sum(1 for r in records if r["type"] == "turn")
    assert records[0]["seats"]["kabul"] == "coercive"
    assert main(["verify", str(log), "--scenario", str(GOLDEN_SCENARIO)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{log}: OK: signed by ") and f"{len(turns)} turns replayed exactly" in out[0]
    assert f"golden_scenario.yaml (given with --scenario), sha256 {load(GOLDEN_SCENARIO).sha256}" in out[1]


def test_verify_names_the_altered_turn_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "game.jsonl"
    main(["run", str(GOLDEN_SCENARIO), "--seed", "4", "--log", str(log), "--quiet"])
    lines = log.read_text().splitlines()
    lines[2] = lines[2].replace('"turn":2', '"turn":2 ', 1).replace('"rung":"', '"rung":"x', 1)
    log.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["verify", str(log), "--scenario", str(GOLDEN_SCENARIO)]) == 1
    err = capsys.readouterr().err
    assert "record 3 (turn 2)" in err and "altered" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("", "the log is empty"),
        ("not json\n", "record 1 is not valid JSON"),
        ('{"type":"turn"}\n', "does not start with a header"),
    ],
)
def test_verify_bad_files_get_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str) -> None:
    log = tmp_path / "bad.jsonl"
    if content is not None:
        log.write_text(content)
    assert main(["verify", str(log)]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_run_refuses_an_unknown_policy_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(GOLDEN_SCENARIO), "--policy", "kabul=clever"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("wargame: unknown seat 'clever'") and len(err.splitlines()) == 1


def test_run_refuses_to_overwrite_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "game.jsonl"
    log.write_text("keep me\n")
    assert main(["run", str(GOLDEN_SCENARIO), "--log", str(log)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert log.read_text() == "keep me\n"


def test_run_resume_plays_on_a_paused_game_to_the_same_log_as_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole, paused = tmp_path / "whole.jsonl", tmp_path / "paused.jsonl"
    assert main(["run", str(GOLDEN_SCENARIO), "--seed", "6", "--log", str(whole), "--quiet"]) == 0
    assert main(["run", str(GOLDEN_SCENARIO), "--seed", "6", "--log", str(paused), "--turns", "2", "--quiet"]) == 0
    assert "paused; go on with: wargame run --resume" in capsys.readouterr().out
    (tmp_path / GOLDEN_SCENARIO.name).write_text(GOLDEN_SCENARIO.read_text())  # found beside the log
    assert main(["run", "--resume", str(paused), "--quiet"]) == 0
    played_on = [json.loads(line) for line in paused.read_text().splitlines()]
    uninterrupted = [json.loads(line) for line in whole.read_text().splitlines()]
    assert [r["type"] for r in played_on] == [r["type"] for r in uninterrupted[:3]] + ["pause"] + [
        r["type"] for r in uninterrupted[3:]]
    assert [r.get("state_hash") for r in played_on if r["type"] == "turn"] == [
        r.get("state_hash") for r in uninterrupted if r["type"] == "turn"]
    assert main(["verify", str(paused), "--strict"]) == 0


@pytest.mark.parametrize("cut", ["mid-record", "at the boundary"])
def test_a_game_killed_while_writing_its_end_gets_it_on_resume(tmp_path: Path, cut: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "game.jsonl"
    assert main(["run", str(GOLDEN_SCENARIO), "--seed", "4", "--log", str(log), "--quiet"]) == 0
    whole = log.read_bytes()
    lines = whole.splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:-1]) + (lines[-1][:30] if cut == "mid-record" else b""))
    capsys.readouterr()
    assert main(["verify", str(log), "--scenario", str(GOLDEN_SCENARIO)]) == (1 if cut == "mid-record" else 0)
    said = capsys.readouterr()
    assert ("TRUNCATED" if cut == "mid-record" else "end record is missing") in said.out + said.err
    (tmp_path / GOLDEN_SCENARIO.name).write_text(GOLDEN_SCENARIO.read_text())
    assert main(["run", "--resume", str(log), "--quiet"]) == 0
    assert log.read_bytes() == whole  # the same end record, signed by the same table
    assert main(["verify", str(log), "--strict"]) == 0


def test_run_resume_refuses_what_it_cannot_go_on_with(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "game.jsonl"
    assert main(["run", str(GOLDEN_SCENARIO), "--log", str(log), "--turns", "1", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["run", "--resume", str(log), "--seed", "3"]) == 1
    assert "drop the scenario, --seed" in capsys.readouterr().err
    assert main(["run", "--resume", str(tmp_path / "missing.jsonl")]) == 1
    err = capsys.readouterr().err.strip()
    assert "no such file" in err and len(err.splitlines()) == 1


def test_a_scenario_without_injects_plays_verifies_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Injects are optional in the schema; a scenario without any once crashed on turn 1."""
    import yaml

    data = yaml.safe_load(GOLDEN_SCENARIO.read_text())
    del data["injects"]
    for trigger in data["triggers"]:
        trigger["every_turn"] = True  # no inject pulls them any more
    scenario = tmp_path / "quiet.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False))
    log = tmp_path / "quiet.jsonl"
    assert main(["validate", str(scenario)]) == 0
    assert main(["run", str(scenario), "--log", str(log), "--quiet"]) == 0
    assert main(["verify", str(log), "--strict"]) == 0
    assert main(["report", str(log), "--runs", "4", "--decision-runs", "2"]) == 0
    assert "Traceback" not in capsys.readouterr().err
