"""Golden transcripts: whole logs of the frozen scenarios (one ladder, two ladders), compared byte for byte.

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


def check_golden(scenario: Scenario, seed: int, seats: dict[str, str], prefix: str = "") -> None:
    """Play the game headless and compare its whole log with the stored transcript."""
    game = Game.new(scenario, seed, seats, created="2026-01-01T00:00:00+00:00")
    while not game.over:
        game.resolve()
    text = "\n".join(game.lines) + "\n"
    path = GOLDEN / f"{prefix}seed{seed}-{'-'.join(seats.values())}.jsonl"
    if os.environ.get("WARGAME_REGOLD"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path.name}; run with WARGAME_REGOLD=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("seed", "seats"), CASES, ids=[f"seed{s}-" + "-".join(p.values()) for s, p in CASES])
def test_golden_transcript(frozen: Scenario, seed: int, seats: dict[str, str]) -> None:
    check_golden(frozen, seed, seats)


TWO_LADDER_CASES = [
    (4, {"north": "integrated", "south": "coercive", "broker": "formal"}),
    (5, {"north": "random", "south": "track2", "broker": "random"}),
]


@pytest.fixture(scope="module")
def frozen_two_ladders() -> Scenario:
    from tests.engine.conftest import FIXTURES
    from wargame.scenario import load

    return load(FIXTURES / "golden_two_ladders.yaml")


@pytest.mark.parametrize(("seed", "seats"), TWO_LADDER_CASES,
                         ids=[f"two-ladders-seed{s}-" + "-".join(p.values()) for s, p in TWO_LADDER_CASES])
def test_golden_two_ladder_transcript(frozen_two_ladders: Scenario, seed: int, seats: dict[str, str]) -> None:
    check_golden(frozen_two_ladders, seed, seats, prefix="two-ladders-")
