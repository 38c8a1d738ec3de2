"""The scenario format and the engine stay free of pygame, and `validate` stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)


@pytest.mark.parametrize("module", ["wargame.scenario", "wargame.engine"])
def test_importing_leaves_pygame_unimported(module: str) -> None:
    result = python(f"import {module}, sys; assert 'pygame' not in sys.modules, 'pygame was imported'")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("args", "allowed"), [
    (["--no-history", "tutorial"], ()),
    # replaying a history needs the engine (numpy, transitions), never the UI or the reports
    (["tutorial"], ("numpy", "transitions")),
])
def test_validate_command_loads_no_ui_no_reports_no_numpy(args: list[str], allowed: tuple[str, ...]) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from wargame.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['validate', *{args!r}])\n"
        "assert code == 0, code\n"
        "heavy = sorted(m for m in ('pygame', 'pygame_gui', 'matplotlib', 'jinja2', 'rich', 'numpy', 'transitions')\n"
        f"               if m in sys.modules and m not in {allowed!r})\n"
        "assert not heavy, heavy\n"
    )
    result = python(code)
    assert result.returncode == 0, result.stderr
