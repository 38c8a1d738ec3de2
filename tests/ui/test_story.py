"""The turn told on screen: names keep their capitals, possessives read right, odds beside estimates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wargame.engine.narrative import fill
from wargame.scenario import load
from wargame.scenario.catalog import shipped_files
from wargame.ui.story import signed

SHIPPED = shipped_files()


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_narratives_make_a_possessive_of_a_side_with_an_apostrophe_s(path: Path) -> None:
    scenario = load(path)
    for move in scenario.moves:
        for template in (move.narrative.success, move.narrative.failure):
            if not template:
                continue
            assert not re.search(r"\{(side|actor)\}' ", template), template  # "Qatar and Turkey' draft"
            text = fill(template, side=scenario.side(move.side).label, label=move.label)
            assert "{" not in text, text


def test_effect_lists_keep_the_names_as_written() -> None:
    scenario = load("oct_2025_border_crisis")
    pressure = next(i for i in scenario.indicators if any(c.isupper() for c in i.label[1:]))
    text = signed({pressure.id: 3.0}, scenario)
    assert text == f"{pressure.label} +3"
