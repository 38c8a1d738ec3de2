"""Broken and hostile scenarios: each gets one line per problem with the exact place, and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scenario.cases import BASE_FILE, BASE_TEXT, CASE_IDS, CASES, Case, apply_edits
from wargame.errors import Problem
from wargame.scenario import ScenarioError, load, load_text
from wargame.scenario.yamlsource import MAX_BYTES, MAX_DEPTH

REPO = Path(__file__).resolve().parents[2]


def problems_of(text: str, filename: str = "broken.yaml") -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, filename)
    assert caught.value.problems, "a ScenarioError must carry at least one problem"
    return caught.value.problems


def test_base_fixture_is_valid() -> None:
    assert load(BASE_FILE).id == "tutorial"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_broken_case_names_line_field_and_reason(case: Case) -> None:
    problems = problems_of(case.text())
    matching = [p for p in problems if p.path == case.path]
    assert matching, f"no problem at {case.path!r}; got: {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == "broken.yaml"
    assert problem.line == case.line(), str(problem)
    for words in case.essence:
        assert words in problem.message, str(problem)
    for p in problems:
        assert "\n" not in str(p), "every problem must be one line"


def test_enough_distinct_broken_cases() -> None:
    assert len(set(CASE_IDS)) == len(CASES) >= 20


def test_unknown_key_column_points_at_the_key() -> None:
    case = next(c for c in CASES if c.name == "unknown_key")
    problem = problems_of(case.text())[0]
    assert (problem.line, problem.column) == (case.line(), 3)


def test_yaml_syntax_error_names_where_a_bracket_was_opened() -> None:
    text = apply_edits(BASE_TEXT, (("  count: 5\n", "  count: [5\n"),))
    (problem,) = problems_of(text)
    opened = text[: text.index("count: [5")].count("\n") + 1
    assert "YAML syntax error" in problem.message
    assert f"began on line {opened}" in problem.message


def test_every_schema_problem_is_reported_not_just_the_first() -> None:
    text = apply_edits(
        BASE_TEXT,
        (
            ("  count: 5\n", "  count: five\n"),
            ("  label: Turn\n", "  label: Turn\n  colour: red\n"),
            ("success: { base: 0.8 }", "success: { base: 1.8 }"),
        ),
    )
    paths = {p.path for p in problems_of(text)}
    assert {"turns.count", "turns.colour", "moves[0].success.base"} <= paths


def test_every_cross_reference_problem_is_reported() -> None:
    text = apply_edits(
        BASE_TEXT,
        (
            ("dest: clashes,", "dest: clash,"),
            ("event: airstrike_camps", "event: airstrike_camp"),
            ("{ indicator: trust, gte: 20 }", "{ indicator: trust, gte: 120 }"),
        ),
    )
    paths = {p.path for p in problems_of(text)}
    assert {
        "transitions[2].dest",
        "injects[0].hazard.modifiers[1].when.event",
        "transitions[3].guard.gte",
    } <= paths


def test_every_duplicate_key_and_tag_is_reported() -> None:
    text = apply_edits(
        BASE_TEXT,
        (
            ("  count: 5\n", "  count: 5\n  count: 6\n"),
            ("  label: Turn\n", "  label: !!python/name:os.system\n"),
        ),
    )
    messages = " | ".join(p.message for p in problems_of(text))
    assert "appears twice" in messages and "python/name" in messages


# --- hostile input: whole documents -----------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)

HOSTILE: list[tuple[str, str, int, str]] = [
    ("alias_bomb", BOMB, 0, "expands to more than"),
    ("alias_loop", "schema_version: 1\nmeta: &m {id: x, title: *m}\n", 2, "a loop"),
    ("deep_nesting", "schema_version: 1\nmeta: " + "[" * 500 + "]" * 500 + "\n", 2, f"more than {MAX_DEPTH} levels"),
    ("huge_number", "schema_version: 1\nturns: {count: " + "9" * 5000 + "}\n", 2, "as a number"),
    ("control_character", "schema_version: 1\nmeta:\n  title: a\x00b\n", 3, "control character U+0000"),
    ("second_document", "schema_version: 1\n---\nmeta: {}\n", 2, "YAML syntax error"),
    ("undefined_alias", "schema_version: 1\nmeta: *nowhere\n", 2, "undefined alias"),
    ("top_level_list", "- schema_version: 1\n", 1, "must be a mapping"),
    ("top_level_text", "just some words\n", 1, "must be a mapping"),
    ("comments_only", "# nothing here\n", 1, "no YAML document"),
    ("blank", "   \n\n", 1, "file is empty"),
    ("no_version", "meta: {id: x}\n", 1, "'schema_version' is missing"),
    ("version_as_text", "schema_version: one\n", 1, "whole number"),
]


@pytest.mark.parametrize(("text", "line", "essence"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_text_is_one_clear_problem(text: str, line: int, essence: str) -> None:
    problems = problems_of(text)
    assert any(essence in p.message for p in problems), [str(p) for p in problems]
    if line:
        assert problems[0].line == line, str(problems[0])
    assert all("\n" not in str(p) for p in problems)


def test_alias_bomb_is_refused_before_expansion() -> None:
    (problem,) = problems_of(BOMB)
    assert "200,000" in problem.message
    assert problem.line > 1  # the anchor where the expansion crosses the limit


def test_non_utf8_bytes_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"schema_version: 1\nmeta:\n  title: caf\xe9\n")
    with pytest.raises(ScenarioError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 13)
    assert "not valid UTF-8" in problem.message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    with pytest.raises(ScenarioError, match="file is empty"):
        load(path)


def test_oversize_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    with pytest.raises(ScenarioError, match="may be at most 1,000,000"):
        load(path)


def test_oversize_text_is_refused() -> None:
    with pytest.raises(ScenarioError, match="over the limit"):
        load_text("#" * (MAX_BYTES + 1) + "\n")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="is a directory"):
        load(tmp_path)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load(tmp_path / "nowhere.yaml")


def test_unknown_shipped_id_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError, match=r"no such file or shipped scenario \(shipped: .*tutorial"):
        load("no_such_scenario_id")


# --- through the command line: one line per problem, no traceback ------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=REPO, env=env, timeout=60
    )


@pytest.mark.parametrize("name", ["wrong_type", "python_tag", "unreachable_rung", "schema_version_older"])
def test_cli_reports_broken_case_without_traceback(tmp_path: Path, name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    path = tmp_path / f"{name}.yaml"
    path.write_text(case.text(), encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    expected_prefix = f"{path}:{case.line()}:"
    assert any(line.startswith(expected_prefix) for line in result.stdout.splitlines()), result.stdout


def test_cli_alias_bomb_and_binary_garbage(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB)
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    result = run_cli("validate", str(bomb), str(garbage), str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert "expands to more than" in lines[0]
    assert "not valid UTF-8" in lines[1]
    assert "is a directory" in lines[2]
