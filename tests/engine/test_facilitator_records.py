"""Facilitator records: withdrawing sealed orders, changing a seat, a turn timer running out.

Each changes what happens next (or explains why orders came late), so each is logged and replays
exactly: `wargame verify` must accept a log that contains them and reject one that was edited.
"""

from __future__ import annotations

import json

import pytest

from wargame.engine import HUMAN, Game, resume, verify_lines
from wargame.errors import GameOverError, WargameError
from wargame.scenario import Scenario


def humans(s: Scenario, seed: int = 3) -> Game:
    return Game.new(s, seed, {side.id: HUMAN for side in s.sides}, created="t0")


def kinds(game: Game) -> list[str]:
    return [json.loads(line)["type"] for line in game.lines]


def test_unsealed_orders_are_withdrawn_and_the_team_chooses_again(frozen: Scenario) -> None:
    game = humans(frozen)
    game.submit("islamabad", ["demarche"])
    game.submit("kabul", [])
    assert game.sealed_sides() == ["islamabad", "kabul"] and game.waiting_for() == []
    record = game.unseal("islamabad", "sealed by mistake")
    assert (record["type"], record["side"], record["turn"], record["reason"]) == ("unseal", "islamabad", 0,
                                                                                  "sealed by mistake")
    assert "demarche" not in json.dumps(record)  # the withdrawn orders stay secret
    assert game.waiting_for() == ["islamabad"]
    game.submit("islamabad", [])
    turn = game.resolve()
    assert turn["orders"]["islamabad"]["moves"] == []
    assert kinds(game) == ["header", "unseal", "turn"]
    assert verify_lines(game.lines, frozen).ok


def test_a_seat_handed_to_the_computer_mid_game_is_played_by_its_policy_and_replays(frozen: Scenario) -> None:
    game = humans(frozen)
    game.play_turn({"islamabad": [], "kabul": []})
    game.submit("kabul", [])
    record = game.set_seat("kabul", "formal")
    assert (record["seat"], record["from"], record["turn"]) == ("formal", HUMAN, 1)
    assert game.waiting_for() == ["islamabad"] and "kabul" not in game.sealed_sides()
    game.submit("islamabad", [])
    turn = game.resolve()
    assert turn["orders"]["kabul"]["by"] == "policy:formal"
    game.set_seat("kabul", HUMAN)
    assert game.waiting_for() == ["islamabad", "kabul"]
    result = verify_lines(game.lines, frozen)
    assert result.ok, result.message
    assert result.game is not None and result.game.seats["kabul"] == HUMAN


def test_a_seat_change_survives_resume(frozen: Scenario) -> None:
    game = humans(frozen)
    game.set_seat("kabul", "integrated")
    game.play_turn({"islamabad": []})
    again = resume(list(game.lines), frozen)
    assert again.seats["kabul"] == "integrated" and again.waiting_for() == ["islamabad"]


def test_a_timer_expiry_is_logged_and_replays(frozen: Scenario) -> None:
    game = humans(frozen)
    record = game.timer_expired("kabul", 300, sealed=False)
    assert (record["type"], record["side"], record["seconds"], record["sealed"]) == ("timer", "kabul", 300, False)
    game.play_turn({"islamabad": [], "kabul": []})
    assert verify_lines(game.lines, frozen).ok


def test_an_edited_facilitator_record_fails_verification(frozen: Scenario) -> None:
    game = humans(frozen)
    game.set_seat("kabul", "formal")
    game.play_turn({"islamabad": []})
    lines = list(game.lines)
    edited = json.loads(lines[1])
    edited["seat"] = "coercive"
    lines[1] = json.dumps(edited, sort_keys=True, separators=(",", ":"))
    assert not verify_lines(lines, frozen).ok


@pytest.mark.parametrize(("side", "seat", "message"), [
    ("nobody", "formal", "unknown side"),
    ("kabul", "telepathy", "unknown seat"),
])
def test_bad_seat_changes_are_one_line_errors(frozen: Scenario, side: str, seat: str, message: str) -> None:
    game = humans(frozen)
    with pytest.raises(WargameError, match=message):
        game.set_seat(side, seat)
    assert kinds(game) == ["header"]


def test_a_computer_only_side_cannot_take_a_team(frozen: Scenario) -> None:
    sides = [s.model_copy(update={"playable": False}) if s.id == "kabul" else s for s in frozen.sides]
    locked = frozen.model_copy(update={"sides": sides})
    game = Game.new(locked, 1, created="t0")
    with pytest.raises(WargameError, match="computer only"):
        game.set_seat("kabul", HUMAN)
    assert game.seats["kabul"] != HUMAN


def test_nothing_is_changed_after_the_end(frozen: Scenario) -> None:
    game = Game.new(frozen, 9, created="t0")
    while not game.over:
        game.resolve()
    for act in (lambda: game.unseal("kabul"), lambda: game.set_seat("kabul", "formal"),
                lambda: game.timer_expired("kabul", 60, False)):
        with pytest.raises(GameOverError):
            act()
