"""`wargame migrate`: version-1 files become version 2 by the smallest edit, and play the same games."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.scenario.cases import BASE_TEXT, apply_edits
from wargame.cli.main import main
from wargame.engine import Game
from wargame.scenario import ScenarioError, load_text
from wargame.scenario.catalog import shipped_files
from wargame.scenario.migrate import migrate_text

REPO = Path(__file__).resolve().parents[2]
VERSION_1_FILES = sorted(
    p for p in [*shipped_files(), *REPO.glob("tests/**/fixtures/*.yaml")]
    if "schema_version: 1\n" in p.read_text(encoding="utf-8")
)


def play(text: str, seed: int) -> list[dict[str, Any]]:
    """Every record of a game with every seat on its default policy, without what names the file."""
    scenario = load_text(text, "scenario.yaml")
    game = Game.new(scenario, seed)
    while not game.over:
        game.play_turn()
    records = []
    for line in game.lines:
        record = json.loads(line)
        for key in [k for k in record if k in ("hash", "prev") or k.startswith("sig")]:
            del record[key]
        if record["type"] == "header":
            record["scenario"] = {k: v for k, v in record["scenario"].items() if k not in ("sha256", "file")}
        records.append(record)
    return records


def test_there_are_version_1_files_to_migrate() -> None:
    assert len(VERSION_1_FILES) >= 6


@pytest.mark.parametrize("path", VERSION_1_FILES, ids=[p.stem for p in VERSION_1_FILES])
def test_migrated_file_plays_the_same_games(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    migrated = migrate_text(text, str(path))
    assert load_text(migrated, "migrated.yaml").schema_version == 2
    for seed in (1, 2):
        assert play(migrated, seed) == play(text, seed)


@pytest.mark.parametrize("path", VERSION_1_FILES, ids=[p.stem for p in VERSION_1_FILES])
def test_only_the_words_that_must_change_change(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    migrated = migrate_text(text, str(path))
    changed = [
        line for line in difflib.unified_diff(text.splitlines(), migrated.splitlines(), lineterm="", n=0)
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert "+schema_version: 2" in changed
    for line in changed:
        assert "schema_version: 2" in line or "ladders: [{ id: escalation" in line or "at_time_limit:" in line, line
    assert len(migrated.splitlines()) == len(text.splitlines())


def test_a_version_2_file_is_left_alone() -> None:
    text = apply_edits(BASE_TEXT, (("schema_version: 1\n", "schema_version: 2\n"),
                                   ("\nstart: tension\n", "\nladders: [{ id: main, label: Main, start: tension }]\n")))
    with pytest.raises(ScenarioError, match="already version 2"):
        migrate_text(text, "new.yaml")


def test_an_end_state_without_outcome_must_be_given_one_first() -> None:
    text = apply_edits(BASE_TEXT, (("terminal: true,\n      outcome: semi_formal_agreement,", "terminal: true,"),))
    with pytest.raises(ScenarioError) as caught:
        migrate_text(text, "old.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "rungs[6].outcome" and problem.line > 0
    assert "add it, then migrate" in problem.message


def test_command_writes_beside_the_file_and_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "crisis.yaml"
    source.write_text(BASE_TEXT, encoding="utf-8")
    assert main(["migrate", str(source)]) == 0
    target = tmp_path / "crisis-v2.yaml"
    assert load_text(target.read_text(encoding="utf-8"), str(target)).schema_version == 2
    assert "wrote" in capsys.readouterr().out
    assert main(["migrate", str(source)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert source.read_text(encoding="utf-8") == BASE_TEXT
