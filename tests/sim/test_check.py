"""`wargame check`: finds the defects of a deliberately unbalanced scenario, passes the tutorial."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wargame.cli.main import main
from wargame.engine import compile_scenario
from wargame.scenario import load
from wargame.sim.balance import usable_policies

UNBALANCED = str(Path(__file__).parent / "fixtures" / "unbalanced.yaml")


def test_unbalanced_scenario_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", UNBALANCED, "--runs", "40", "--json", "--no-sweep"]) == 1
    report = json.loads(capsys.readouterr().out)
    kinds = {f["kind"] for f in report["findings"] if f["severity"] == "defect"}
    assert {"unreachable_rung", "no_deescalation", "dominant_policy"} <= kinds
    unreachable = {f["message"].split("'")[1] for f in report["findings"] if f["kind"] == "unreachable_rung"}
    assert unreachable == {"calm", "war"}


def test_readable_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", UNBALANCED, "--runs", "20", "--no-sweep"]) == 1
    text = capsys.readouterr().out
    assert "Defects (fix these)" in text and "verdict: defects found" in text


def test_tutorial_has_no_defects(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tutorial", "--runs", "60"]) == 0
    assert "verdict: no defects" in capsys.readouterr().out


TOY = str(Path(__file__).parent / "fixtures" / "sweep_toy.yaml")


def test_quick_sweep_reports_a_fragile_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    """In the toy, striking beats holding only while a strike lowers the threat enough: +-20% on
    the toy's numbers flips it in part of the box."""
    code = main(["check", TOY, "--runs", "40", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == (1 if report["defects"] else 0)  # warnings never fail a check
    fragile = [f for f in report["findings"] if f["kind"] == "fragile_lesson"]
    assert len(fragile) == 1 and fragile[0]["severity"] == "warning"
    message = fragile[0]["message"]
    assert message.startswith("Blue: 'coercive' ends with lower cumulative escalation than ")
    assert "'formal'" in message and "'hold'" in message  # and every policy that plays exactly like them
    assert "within +-20% of its numbers" in message and "it flips with" in message
    sweep = report["sweep"]
    assert sweep["fragile_lessons"] == 1 and sweep["seats"] == ["blue"] and sweep["variants"] == 16
    assert sweep["games"] == 17 * sweep["policies"] * 200 and sweep["seconds"] > 0


def test_quick_sweep_says_what_it_did_and_can_be_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", TOY, "--runs", "20", "--sweep-variants", "8", "--sweep-runs", "20"])
    text = capsys.readouterr().out
    policies = len([p for p in usable_policies(compile_scenario(load(TOY))) if p != "random"])
    assert re.search(rf"Quick sweep: \+-20% on 7 effect, odds and drift numbers; 1 seat\(s\) x 9 variants x {policies} "
                     rf"policies x 20 games = {180 * policies:,} games in [0-9.]+ s: \d+ fragile lesson\(s\) "
                     r"\(--no-sweep skips it\)", text)
    main(["check", TOY, "--runs", "20", "--no-sweep", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["sweep"] is None and not any(f["kind"] == "fragile_lesson" for f in report["findings"])
