"""Conformance over every any_scenario scenario and the several-ladder ones: random play, determinism, tamper evidence."""

from __future__ import annotations

from tests.engine.conformance import (
    check_random_play,
    check_same_inputs_same_log,
    check_verify_catches_tampering,
)
from wargame.engine import POLICIES, Game, verify_lines
from wargame.scenario import Scenario


def test_random_legal_play_never_raises(any_scenario: Scenario) -> None:
    check_random_play(any_scenario, range(6))


def test_same_scenario_seed_and_orders_give_byte_identical_logs(any_scenario: Scenario) -> None:
    check_same_inputs_same_log(any_scenario, seed=42)


def test_verify_catches_a_changed_byte_or_a_removed_record(any_scenario: Scenario) -> None:
    check_verify_catches_tampering(any_scenario, seed=3)


def test_every_policy_plays_to_the_end_and_verifies(any_scenario: Scenario) -> None:
    for policy in POLICIES:
        if policy == "historical" and any_scenario.history is None:
            continue
        game = Game.new(any_scenario, 5, {s.id: policy for s in any_scenario.sides})
        while not game.over:
            game.resolve()
        result = verify_lines(game.lines, any_scenario)
        assert result.ok, (policy, result.message)
        assert result.turns == game.turn
