"""Fixtures for report tests: logs made in the test, written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import Game
from wargame.scenario.models import Scenario
from wargame.signing import load_table_key

CREATED = "2026-01-01T00:00:00+00:00"
# Islamabad's and Kabul's orders, turn by turn, for the known tutorial game (seed 11).
KNOWN_ORDERS = {
    1: (["close_crossings"], ["traders_council"]),
    2: (["elders_jirga"], []),
    3: (["demarche", "elders_jirga"], ["traders_council"]),
    4: ([], ["kabul_restrain"]),
    5: (["airstrike_camps"], ["traders_council"]),
}


def write_log(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def policy_game(scenario: Scenario, policy: str, seed: int = 5) -> Game:
    """A whole game with every side on one policy."""
    game = Game.new(scenario, seed, {s.id: policy for s in scenario.sides}, created=CREATED, signer=load_table_key())
    while not game.over:
        game.resolve()
    return game


def known_game(scenario: Scenario) -> Game:
    """The tutorial played by two human teams with fixed orders, a note and nothing else (signed)."""
    game = Game.new(scenario, 11, {"islamabad": "human", "kabul": "human"}, created=CREATED,
                    teams={"islamabad": "Blue", "kabul": "Red"}, signer=load_table_key())
    for turn, (blue, red) in KNOWN_ORDERS.items():
        game.submit("islamabad", blue, intent=f"plan for turn {turn}")
        game.submit("kabul", red)
        game.resolve()
        if turn == 2:
            game.note("Blue hesitated before the jirga.")
    return game
