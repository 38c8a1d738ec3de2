"""The authoritative table: sealing, resolving when all have sealed or when forced, hand-over, timer, advice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.cli.verify import verify_file
from wargame.errors import GameOverError, IllegalMoveError, WargameError
from wargame.net.table import FORCED, GRACE_SECONDS, Table, logged_advice
from wargame.scenario import load

SEATS = {"islamabad": "human", "kabul": "human"}


@pytest.fixture
def table(tmp_path: Path) -> Table:
    t = Table.start(load("tutorial"), 7, dict(SEATS), tmp_path / "game.jsonl", created="x")
    yield t  # type: ignore[misc]
    t.close()


def records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_turn_waits_for_every_team_then_resolves(table: Table) -> None:
    assert table.waiting_for() == ["islamabad", "kabul"] and not table.ready()
    assert table.seal("islamabad", 1, ["demarche"], "  talk first  ") is True
    assert table.waiting_for() == ["kabul"]
    with pytest.raises(IllegalMoveError, match="waiting for orders from Kabul"):
        table.resolve()
    table.seal("kabul", 1, [], "")
    assert table.ready()
    record = table.resolve()
    assert record["orders"]["islamabad"] == {"moves": ["demarche"], "intent": "talk first", "by": "human"}
    assert table.waiting_for() == ["islamabad", "kabul"]


def test_a_seal_is_checked_and_a_resend_of_the_same_orders_is_harmless(table: Table) -> None:
    with pytest.raises(IllegalMoveError, match="orders are for turn 2, but the game is at turn 1"):
        table.seal("islamabad", 2, [], "")
    with pytest.raises(IllegalMoveError, match="is a move of Kabul"):
        table.seal("islamabad", 1, ["border_raid"], "")
    table.seal("islamabad", 1, ["demarche"], "x")
    assert table.seal("islamabad", 1, ["demarche"], "x") is False
    with pytest.raises(IllegalMoveError, match="already sealed"):
        table.seal("islamabad", 1, ["close_crossings"], "x")
    assert table.game.sealed_orders("islamabad").moves == ["demarche"]  # type: ignore[union-attr]


def test_the_white_cell_can_force_a_turn_and_the_log_says_so(table: Table) -> None:
    table.seal("islamabad", 1, ["demarche"], "")
    record = table.resolve(forced_by="time was up")
    assert record["orders"]["kabul"] == {"moves": [], "intent": "", "by": FORCED}
    note = [r for r in table.game.records if r["type"] == "note"][-1]
    assert "Turn 1 resolved by the white cell (time was up) without orders from Kabul" in note["text"]
    assert table.room_view([], 0).notice == "Turn 1 resolved by the white cell (time was up)"
    assert verify_file(str(table.log_path))[0]


def test_a_dropped_team_can_be_handed_to_a_policy_and_back(table: Table) -> None:
    table.set_seat("kabul", "integrated")
    assert table.waiting_for() == ["islamabad"]
    with pytest.raises(IllegalMoveError, match=r"Kabul is played by the computer \(integrated policy\) for now"):
        table.seal("kabul", 1, [], "")
    expected = table.game.policy_orders("kabul", "integrated")
    table.seal("islamabad", 1, [], "")
    assert table.ready()
    record = table.resolve()
    assert record["orders"]["kabul"] == {"moves": expected, "intent": "", "by": "policy:integrated"}
    view = table.room_view([], 0, ["islamabad", "kabul"])
    assert view.handed == {"kabul": "integrated"}
    table.set_seat("kabul", "human")
    assert table.waiting_for() == ["islamabad", "kabul"]
    seats = [(r["side"], r["seat"]) for r in table.game.records if r["type"] == "seat"]
    assert seats == [("kabul", "integrated"), ("kabul", "human")]
    with pytest.raises(WargameError, match="unknown seat 'wise'"):
        table.set_seat("kabul", "wise")
    assert verify_file(str(table.log_path))[0]


def test_withdrawn_orders_are_chosen_again(table: Table) -> None:
    table.seal("islamabad", 1, ["demarche"], "")
    table.unseal("islamabad", "withdrawn by the white cell")
    assert table.waiting_for() == ["islamabad", "kabul"]
    with pytest.raises(WargameError, match="no sealed orders to withdraw"):
        table.unseal("islamabad")
    table.seal("islamabad", 1, ["close_crossings"], "")
    assert table.game.sealed_orders("islamabad").moves == ["close_crossings"]  # type: ignore[union-attr]


def test_the_turn_timer_counts_down_pauses_and_restarts(tmp_path: Path) -> None:
    now = [100.0]
    table = Table.start(load("tutorial"), 7, dict(SEATS), tmp_path / "t.jsonl", clock=lambda: now[0])
    table.set_timer(300)
    now[0] += 120
    assert table.room_view([], 0).timer.remaining == 180  # type: ignore[union-attr]
    assert table.wake_in() == 180
    table.set_paused(True)
    now[0] += 1000
    view = table.room_view([], 0).timer
    assert view is not None and view.remaining == 180 and not view.running
    assert not table.tick() and table.wake_in() is None
    table.set_paused(False)
    with pytest.raises(WargameError, match="between 10 seconds and 24 hours"):
        table.set_timer(5)
    table.close()


def test_when_time_is_up_the_room_is_told_and_the_log_says_who_was_still_choosing(tmp_path: Path) -> None:
    now = [0.0]
    table = Table.start(load("tutorial"), 7, dict(SEATS), tmp_path / "t.jsonl", clock=lambda: now[0])
    table.set_timer(60)
    table.seal("islamabad", 1, ["demarche"], "")
    now[0] = 60
    assert table.tick() and not table.tick()  # once a turn
    timers = [r for r in table.game.records if r["type"] == "timer"]
    assert [(r["side"], r["seconds"], r["sealed"]) for r in timers] == [("kabul", 60, False)]
    now[0] = 600
    assert not table.tick() and table.game.turn == 0  # without "resolve when up", the turn waits
    table.set_resolve_when_up(True)
    assert table.tick() and table.game.turn == 1  # the grace has passed: Kabul holds
    assert table.game.records[-1]["orders"]["kabul"]["by"] == FORCED
    assert table.timer.remaining() == 60 and not table.timed_out
    now[0] = 660
    table.seal("kabul", 2, [], "")
    table.tick()
    assert table.wake_in() == pytest.approx(GRACE_SECONDS)  # tables still sealing as time ran out
    now[0] += GRACE_SECONDS
    assert table.tick() and table.game.turn == 2
    assert verify_file(str(table.log_path))[0]
    table.close()


def test_advice_for_an_old_position_is_dropped_and_a_resume_keeps_logged_advice(table: Table) -> None:
    assert table.advice_wanted() == ["islamabad", "kabul"]
    epoch = table.epoch
    assert table.record_advice("islamabad", {"moves": {}}, epoch)
    table.override_rung("the white cell's reading", "calm")
    assert not table.record_advice("kabul", {"moves": {}}, epoch)  # computed before the override
    assert table.advice_wanted() == ["islamabad", "kabul"]
    assert table.record_advice("kabul", {"moves": {"hold": {}}}, table.epoch)
    table.seal("islamabad", 1, [], "")
    assert table.advice_wanted() == []  # islamabad has sealed; kabul has its advice
    table.close()
    resumed = Table.resume(table.log_path, table.scenario)
    assert resumed.advice == {"kabul": {"moves": {"hold": {}}}}
    assert logged_advice(resumed.game.records) == resumed.advice
    resumed.close()


def test_a_finished_game_refuses_orders(table: Table) -> None:
    while not table.game.over:
        for side in table.waiting_for():
            table.seal(side, table.game.turn + 1, [], "")
        table.resolve()
    with pytest.raises(GameOverError):
        table.seal("kabul", table.game.turn + 1, [], "")
    assert table.room_view([], 0).end is not None and table.advice_wanted() == []
