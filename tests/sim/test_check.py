"""`wargame check`: finds the defects of a deliberately unbalanced scenario, passes the tutorial."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.cli.main import main

UNBALANCED = str(Path(__file__).parent / "fixtures" / "unbalanced.yaml")


def test_unbalanced_scenario_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", UNBALANCED, "--runs", "40", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    kinds = {f["kind"] for f in report["findings"] if f["severity"] == "defect"}
    assert {"unreachable_rung", "no_deescalation", "dominant_policy"} <= kinds
    unreachable = {f["message"].split("'")[1] for f in report["findings"] if f["kind"] == "unreachable_rung"}
    assert unreachable == {"calm", "war"}


def test_readable_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", UNBALANCED, "--runs", "20"]) == 1
    text = capsys.readouterr().out
    assert "Defects (fix these)" in text and "verdict: defects found" in text


def test_tutorial_has_no_defects(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tutorial", "--runs", "60"]) == 0
    assert "verdict: no defects" in capsys.readouterr().out
