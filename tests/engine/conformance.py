"""Reusable conformance checks, run by the tests over every shipped scenario.

Each function takes a Scenario and raises AssertionError on a breach, so the same checks can be
run on a new scenario by an instructor's own test suite.
"""

from __future__ import annotations

import json

import numpy as np

from wargame.engine import HUMAN, Game, verify_lines
from wargame.scenario.models import Scenario


def random_orders(game: Game, side: str, rng: np.random.Generator) -> list[str]:
    """A random legal order set within budget and the move limit (possibly empty)."""
    options = [o for o in game.legal_moves(side) if o.legal]
    rng.shuffle(options)  # type: ignore[arg-type]
    spec = game.scenario.side(side)
    chosen, cost = [], 0
    for option in options:
        if len(chosen) >= spec.max_moves or rng.random() < 0.3:
            break
        if cost + option.cost <= spec.budget:
            chosen.append(option.id)
            cost += option.cost
    return chosen


def play_random(scenario: Scenario, seed: int, order_seed: int) -> Game:
    """A whole game with every side a human team giving random legal orders."""
    game = Game.new(scenario, seed, {s.id: HUMAN for s in scenario.sides}, created="2026-01-01T00:00:00+00:00")
    rng = np.random.default_rng(order_seed)
    while not game.over:
        for side in game.waiting_for():
            game.submit(side, random_orders(game, side, rng), intent="random play")
        game.resolve()
    return game


def check_random_play(scenario: Scenario, seeds: range) -> None:
    """Random legal play never raises and always ends."""
    for seed in seeds:
        game = play_random(scenario, seed, seed + 1000)
        assert game.over
        assert game.records[-1]["type"] == "end"


def check_same_inputs_same_log(scenario: Scenario, seed: int) -> None:
    """The same scenario, seed and orders give a byte-identical log."""
    first = "\n".join(play_random(scenario, seed, 99).lines)
    second = "\n".join(play_random(scenario, seed, 99).lines)
    assert first == second


def check_verify_catches_tampering(scenario: Scenario, seed: int) -> None:
    """verify passes on an untouched log and names the record when a byte changes or a record goes."""
    game = play_random(scenario, seed, 7)
    lines = game.lines
    assert verify_lines(lines, scenario).ok
    rng = np.random.default_rng(seed)
    turn_rows = [i for i, line in enumerate(lines) if json.loads(line)["type"] == "turn"]
    row = int(rng.choice(turn_rows))
    line = lines[row]
    for _ in range(5):  # change one byte at random positions: every change must be caught
        pos = int(rng.integers(0, len(line)))
        changed = line[:pos] + ("X" if line[pos] != "X" else "Y") + line[pos + 1 :]
        tampered = [*lines[:row], changed, *lines[row + 1 :]]
        try:
            result = verify_lines(tampered, scenario)
            ok, message = result.ok, result.message
        except Exception as exc:  # a damaged record may not even parse; that must be a LogError
            from wargame.errors import LogError

            assert isinstance(exc, LogError), exc
            ok, message = False, str(exc)
        assert not ok
        assert f"record {row + 1}" in message, message
    removed = [*lines[:row], *lines[row + 1 :]]
    result = verify_lines(removed, scenario)
    assert not result.ok and f"record {row + 1}" in result.message
