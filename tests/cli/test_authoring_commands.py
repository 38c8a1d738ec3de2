"""The authoring commands: validate, scenarios, new, schema and diagram."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scenario.cases import BASE_TEXT, CASES
from wargame.cli.main import main
from wargame.scenario import catalog, load
from wargame.scenario.catalog import shipped_files

REPO = Path(__file__).resolve().parents[2]
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<path>[\w.\[\]]+): (?P<message>.+)$")


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    return REPO


# --- validate ---------------------------------------------------------------------------------


def test_validate_every_shipped_scenario_exits_zero(in_repo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "validate", *[str(p) for p in shipped_files()]],
        capture_output=True,
        text=True,
        cwd=in_repo,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("OK ") == len(shipped_files())


def test_validate_by_id(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "tutorial"]) == 0
    assert capsys.readouterr().out == "OK scenarios/tutorial.yaml\n"


def test_validate_prints_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = next(c for c in CASES if c.name == "unknown_event")
    path = tmp_path / "bad.yaml"
    path.write_text(case.text())
    good = tmp_path / "good.yaml"
    good.write_text(BASE_TEXT)
    assert main(["validate", str(good), str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"OK {good}"
    parsed = [PROBLEM_LINE.match(line) for line in lines[1:]]
    assert all(parsed), lines
    first = parsed[0]
    assert first is not None
    assert (first["file"], int(first["line"]), first["path"]) == (str(path), case.line(), case.path)


def test_validate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(next(c for c in CASES if c.name == "wrong_type").text())
    assert main(["validate", "--json", str(path), "tutorial"]) == 1
    bad, good = json.loads(capsys.readouterr().out)
    assert good["ok"] and good["id"] == "tutorial" and good["problems"] == []
    assert not bad["ok"]
    (problem,) = bad["problems"]
    assert problem["path"] == "turns.count"
    assert set(problem) >= {"file", "line", "column", "path", "message", "text"}


def test_validate_reads_standard_input(in_repo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "validate", "-"],
        input="schema_version: 1\nmeta: 5\n",
        capture_output=True,
        text=True,
        cwd=in_repo,
        timeout=60,
    )
    assert result.returncode == 1
    assert "<stdin>:2:1: meta: must be a mapping of fields (got 5)" in result.stdout


# --- scenarios --------------------------------------------------------------------------------


def test_scenarios_lists_id_title_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    main(["scenarios"])
    out = capsys.readouterr().out
    tutorial = load("tutorial")
    assert re.search(rf"^tutorial +{re.escape(tutorial.title)}$", out, re.M)
    assert tutorial.meta.summary in out


def test_scenarios_lists_a_broken_file_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken_one.yaml"
    broken.write_text("schema_version: 1\nmeta: [\n")
    good = tmp_path / "tutorial.yaml"
    good.write_text(BASE_TEXT)
    monkeypatch.setattr(catalog, "shipped_files", lambda: [broken, good])
    assert main(["scenarios"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^broken_one +BROKEN: .*broken_one.yaml:\d+:\d+: YAML syntax error", out, re.M)
    assert re.search(r"^tutorial +Tutorial", out, re.M)
    main(["scenarios", "--json"])
    entries = json.loads(capsys.readouterr().out)
    assert [e["ok"] for e in entries] == [False, True]


# --- new --------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", ["my_crisis", "river_dispute_2031", "x"])
def test_new_writes_a_starter_that_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], scenario_id: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", scenario_id]) == 0
    written = tmp_path / f"{scenario_id}.yaml"
    scenario = load(written)
    assert scenario.id == scenario_id
    assert written.read_text().count("\n# ") + written.read_text().count("  # ") > 10, "the starter is commented"
    assert main(["validate", str(written)]) == 0


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("precious\n")
    assert main(["new", "mine", "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "precious\n"


def test_new_refuses_a_bad_id_and_suggests_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "My-Crisis", "-o", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert "not an id" in err and "'my_crisis'" in err
    assert not (tmp_path / "x.yaml").exists()


# --- schema -----------------------------------------------------------------------------------


def test_schema_printed_and_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["title"].startswith("Wargame scenario")
    target = tmp_path / "scenario.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert json.loads(target.read_text()) == printed


# --- diagram ----------------------------------------------------------------------------------


def test_diagram_mermaid_names_every_rung_and_edge(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "tutorial"]) == 0
    out = capsys.readouterr().out
    scenario = load("tutorial")
    assert "stateDiagram-v2" in out
    assert f"[*] --> {scenario.start}" in out
    for rung in scenario.rungs:
        assert f"as {rung.id}" in out
        if rung.terminal:
            assert f"Class {rung.id} s_terminal" in out
    assert "militant_attack --> ceasefire: truce [trust >= 20]" in out


def test_diagram_says_in_one_line_when_dot_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setitem(sys.modules, "graphviz", sys.modules.get("graphviz") or object())
    assert main(["diagram", "tutorial", "--format", "svg", "-o", str(tmp_path / "x.svg")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'dot'" in err and "--format mermaid" in err
    assert not (tmp_path / "x.svg").exists()


def test_diagram_says_when_the_graphviz_package_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "graphviz", None)  # makes `import graphviz` fail
    assert main(["diagram", "tutorial", "--format", "png", "-o", "never.png"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install graphviz" in err


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_diagram_svg_and_png_with_graphviz(tmp_path: Path, suffix: str) -> None:
    from wargame.scenario.diagram import graphviz_missing

    if graphviz_missing():
        pytest.skip(graphviz_missing() or "")
    target = tmp_path / f"ladder.{suffix}"
    assert main(["diagram", "tutorial", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data
