"""Format versions: an older or newer schema_version is refused naming both; a registered migration loads."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scenario.cases import BASE_TEXT, apply_edits
from wargame.scenario import SCHEMA_VERSION, ScenarioError, load_text, loader


@pytest.mark.parametrize("version", [0, SCHEMA_VERSION + 1, 99])
def test_other_versions_are_refused_naming_both(version: int) -> None:
    text = apply_edits(BASE_TEXT, (("schema_version: 1\n", f"schema_version: {version}\n"),))
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "old.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "schema_version"
    assert f"format version {version}" in problem.message
    assert "reads versions 1 and 2" in problem.message
    assert ("older" if version < SCHEMA_VERSION else "newer") in problem.message
    assert problem.line == text.splitlines().index(f"schema_version: {version}") + 1


def _rename_turn_count(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A pretend version 0 wrote turns.number where version 1 writes turns.count."""
    turns = dict(data["turns"])
    turns["count"] = turns.pop("number")
    return {**data, "turns": turns, "schema_version": 1}, 1


def test_a_registered_migration_loads_the_older_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(loader.MIGRATIONS, 0, _rename_turn_count)
    text = apply_edits(
        BASE_TEXT, (("schema_version: 1\n", "schema_version: 0\n"), ("  count: 5\n", "  number: 5\n"))
    )
    assert load_text(text).turns.count == 5


def test_a_migration_that_does_not_move_forward_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(loader.MIGRATIONS, 0, lambda data: (data, 0))
    text = apply_edits(BASE_TEXT, (("schema_version: 1\n", "schema_version: 0\n"),))
    with pytest.raises(ValueError, match="must move forward"):
        load_text(text)


def test_version_must_be_a_whole_number() -> None:
    text = apply_edits(BASE_TEXT, (("schema_version: 1\n", "schema_version: '1'\n"),))
    with pytest.raises(ScenarioError, match="must be a whole number"):
        load_text(text)
