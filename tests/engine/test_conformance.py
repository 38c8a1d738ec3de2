"""Conformance over every shipped scenario: random play, determinism, tamper evidence."""

from __future__ import annotations

from tests.engine.conformance import (
    check_random_play,
    check_same_inputs_same_log,
    check_verify_catches_tampering,
)
from wargame.engine import POLICIES, Game, verify_lines
from wargame.scenario import Scenario


def test_random_legal_play_never_raises(shipped: Scenario) -> None:
    check_random_play(shipped, range(6))


def test_same_scenario_seed_and_orders_give_byte_identical_logs(shipped: Scenario) -> None:
    check_same_inputs_same_log(shipped, seed=42)


def test_verify_catches_a_changed_byte_or_a_removed_record(shipped: Scenario) -> None:
    check_verify_catches_tampering(shipped, seed=3)


def test_every_policy_plays_to_the_end_and_verifies(shipped: Scenario) -> None:
    for policy in POLICIES:
        if policy == "historical" and shipped.history is None:
            continue
        game = Game.new(shipped, 5, {s.id: policy for s in shipped.sides})
        while not game.over:
            game.resolve()
        result = verify_lines(game.lines, shipped)
        assert result.ok, (policy, result.message)
        assert result.turns == game.turn
