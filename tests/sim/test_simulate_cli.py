"""`wargame simulate`: small runs, the JSON fields, one-line errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wargame.cli.main import main

SHARES = ("holding_ceasefire", "agreement", "sustained_clashes")


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["simulate", "tutorial", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "--runs", "300", "--seed", "4", "--policy", "kabul=coercive")
    assert out["games"] == 300 and out["seed"] == 4 and out["entropy"] == 4
    assert out["seats"] == {"islamabad": "integrated", "kabul": "coercive"}
    for key in SHARES:
        share = out[key]
        assert share["low"] <= share["share"] <= share["high"]
        assert share["count"] == round(share["share"] * 300)
    assert sum(row["count"] for row in out["final_rung"]) == 300
    assert sum(row["count"] for row in out["peak_rung"]) == 300
    assert len(out["level_by_turn"]) == out["turns"] + 1
    assert out["level_by_turn"][0]["mean"] == 1.0  # the tutorial starts on a level-1 rung


def test_same_seed_same_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "--runs", "200") == run_json(capsys, "--runs", "200")


def test_turns_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "--runs", "50", "--turns", "2")["turns"] == 2


def test_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "tutorial", "--runs", "100"]) == 0
    text = capsys.readouterr().out
    assert "holding ceasefire" in text and "agreement reached" in text


@pytest.mark.parametrize("bad", [["--policy", "nobody=random"], ["--policy", "kabul=dove"], ["--policy", "kabul"]])
def test_bad_policy_is_one_line(capsys: pytest.CaptureFixture[str], bad: list[str]) -> None:
    assert main(["simulate", "tutorial", "--runs", "10", *bad]) == 1
    err = capsys.readouterr().err
    assert err.startswith("wargame: ") and err.count("\n") == 1
