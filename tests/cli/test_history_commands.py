"""History replay from the command line: `run --history`, `--from-history`, `validate` and `check`
naming a history that does not replay, `play` refusing impossible requests in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.cli.main import main

TESTS = Path(__file__).resolve().parents[1]
THREE_TRACKS = TESTS / "sim" / "fixtures" / "three_tracks.yaml"
BASE = TESTS / "scenario" / "fixtures" / "base.yaml"


def test_run_history_prints_the_recorded_path_and_its_likelihood(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "history.jsonl"
    assert main(["run", str(THREE_TRACKS), "--history", "--log", str(log)]) == 0
    out = capsys.readouterr().out.splitlines()
    turns = [line for line in out if line.startswith("T0")]
    assert [line.split()[1] for line in turns] == ["skirmish(2)", "shelling(4)", "ceasefire(1)", "ceasefire(1)"]
    assert "[cold(1) inspections(1)]" in turns[0] and " | p " in turns[0] and "recorded" not in "".join(turns)
    assert out[-2].startswith("history likelihood under the model over turns 1-4: 10^-")
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert records[0]["history"] == 4 and sum(r["type"] == "turn" for r in records) == 4
    assert main(["verify", str(log), "--scenario", str(THREE_TRACKS)]) == 0


def test_run_from_history_forks_there_and_plays_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "fork.jsonl"
    assert main(["run", str(THREE_TRACKS), "--from-history", "2", "--seed", "3", "--log", str(log)]) == 0
    records = [json.loads(line) for line in log.read_text().splitlines() if '"type":"turn"' in line]
    assert [("likelihood" in r) for r in records[:3]] == [True, True, False]
    assert len(records) > 2
    capsys.readouterr()
    assert main(["run", str(THREE_TRACKS), "--from-history", "9"]) == 1
    assert "covers turns 1-4, not 9" in capsys.readouterr().err


def test_validate_names_a_history_that_does_not_replay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(THREE_TRACKS.read_text().replace("  path: [skirmish, shelling, ceasefire, ceasefire]",
                                                     "  path: [skirmish, skirmish, ceasefire, ceasefire]"))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith(f"{path}:")
    assert "history.path[1]: after turn 2 the forced replay stands on 'shelling', not 'skirmish'" in out[0]
    assert main(["validate", "--no-history", str(path)]) == 0
    capsys.readouterr()
    assert main(["validate", "--json", str(path)]) == 1
    result = json.loads(capsys.readouterr().out)[0]
    assert not result["ok"] and result["problems"][0]["path"] == "history.path[1]"


def test_a_version_1_history_gets_warnings_not_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v1.yaml"
    text = BASE.read_text()
    assert "schema_version: 1" in text and "history:" in text
    path.write_text(text.replace("moves: [demarche, elders_jirga]", "moves: [propose_truce]"))
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert code == 0 and captured.out.strip() == f"OK {path}"
    assert "warning: 'propose_truce' cannot be ordered on turn 1" in captured.err


def test_check_reports_history_problems_as_defects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(THREE_TRACKS.read_text().replace("    - { turn: 1, inject: bandit_raid }",
                                                     "    - { turn: 1, inject: civilians_hit }"))
    main(["check", str(path), "--runs", "10", "--json"])
    report = json.loads(capsys.readouterr().out)
    history = [f for f in report["findings"] if f["kind"] == "history"]
    assert history and all(f["severity"] == "defect" for f in history)
    assert any("history.injects[0].inject" in f["message"] and "civilians_hit" in f["message"] for f in history)


@pytest.mark.parametrize(("args", "message"), [
    (["--history"], "need a scenario"),
    ([str(THREE_TRACKS), "--from-history", "7"], "covers turns 1-4, not 7"),
    ([str(THREE_TRACKS), "--history", "--resume", "x.jsonl"], "drop --history"),
])
def test_play_refuses_impossible_history_requests_in_one_line(args: list[str], message: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
