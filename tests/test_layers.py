"""The layers stay apart (DESIGN.md): data flows scenario -> engine -> log -> report/UI, and no lower
layer reaches up. Every import is read, those inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "wargame"

# package -> the packages (and third-party modules) it must never import
FORBIDDEN = {
    "scenario": ("wargame.engine", "wargame.sim", "wargame.report", "wargame.ui", "wargame.cli", "wargame.net",
                 "pygame", "pygame_gui"),
    "engine": ("wargame.sim", "wargame.report", "wargame.ui", "wargame.cli", "wargame.net", "pygame", "pygame_gui"),
    "sim": ("wargame.report", "wargame.ui", "wargame.cli", "wargame.net", "pygame", "pygame_gui"),
    "report": ("wargame.ui", "wargame.cli", "wargame.net", "pygame", "pygame_gui"),
    "ui": ("wargame.cli",),
    "net": ("wargame.cli", "wargame.ui", "pygame", "pygame_gui"),
}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_one_above_it(layer: str) -> None:
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for line, module in imports(path)
        if any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN[layer])
    ]
    assert not wrong, "\n".join(wrong)
