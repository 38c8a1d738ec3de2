"""Every CSV the project writes opens safely in a spreadsheet: formula-like text is neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.report.conftest import CREATED, write_log
from wargame.cli.main import main
from wargame.csvout import safe_cell, to_csv
from wargame.engine import Game
from wargame.scenario import load
from wargame.signing import load_table_key


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text
    rows = list(csv.reader(io.StringIO(to_csv(["a"], [{"a": text}]), newline="")))
    assert rows == [["a"], ["'" + text]]


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert [safe_cell(v) for v in (-0.25, 3, "Blue team", "", None)] == [-0.25, 3, "Blue team", "", None]


def test_the_cohort_csv_neutralises_a_game_named_like_a_formula(tmp_path: Path) -> None:
    scenario = load("tutorial")
    logs = []
    for seed, name, team in ((1, "=1+1", "=cmd|' /C calc'!A0"), (2, "@SUM(A1)", "Blue")):
        game = Game.new(scenario, seed, {"islamabad": "human"}, created=CREATED, teams={"islamabad": team},
                        signer=load_table_key())
        while not game.over:
            game.submit("islamabad", [])
            game.resolve()
        logs.append(str(write_log(tmp_path / f"{name}.jsonl", game.lines)))
    table = tmp_path / "cohort.csv"
    assert main(["cohort", *logs, "-o", str(tmp_path / "c.html"), "--csv", str(table), "--runs", "0"]) == 0
    names = [row["game"] for row in csv.DictReader(io.StringIO(table.read_text()))]
    assert sorted(names) == ["'=1+1 (=cmd|' /C calc'!A0)", "'@SUM(A1) (Blue)"]
    cells = [cell for row in csv.reader(io.StringIO(table.read_text())) for cell in row]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
