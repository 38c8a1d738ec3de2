"""Golden transcripts: whole logs of the frozen scenario, compared byte for byte.

A change to the rules that alters any game shows up here. If the change is intended, regenerate:
    WARGAME_REGOLD=1 pytest tests/engine/test_golden.py
and say in the commit message why the transcripts changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wargame.engine import Game
from wargame.scenario import Scenario

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    (1, {"islamabad": "integrated", "kabul": "integrated"}),
    (2, {"islamabad": "coercive", "kabul": "random"}),
    (3, {"islamabad": "historical", "kabul": "track2"}),
]


@pytest.mark.parametrize(("seed", "seats"), CASES, ids=[f"seed{s}-" + "-".join(p.values()) for s, p in CASES])
def test_golden_transcript(frozen: Scenario, seed: int, seats: dict[str, str]) -> None:
    game = Game.new(frozen, seed, seats, created="2026-01-01T00:00:00+00:00")
    while not game.over:
        game.resolve()
    text = "\n".join(game.lines) + "\n"
    path = GOLDEN / f"seed{seed}-{'-'.join(seats.values())}.jsonl"
    if os.environ.get("WARGAME_REGOLD"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path.name}; run with WARGAME_REGOLD=1"
    assert text == path.read_text(encoding="utf-8")
