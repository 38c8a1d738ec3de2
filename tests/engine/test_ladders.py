"""Several ladders, flags, once-only moves, injects after the moves and move strength, in the live game.

The batch kernel plays the same rules (tests/sim/test_exactness.py); these tests pin what the rules
are, on the two several-ladder test scenarios.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from wargame.engine import HUMAN, Game, compile_scenario, verify_lines
from wargame.errors import IllegalMoveError
from wargame.scenario import Scenario
from wargame.sim.batch import run_batch


def humans(s: Scenario, seed: int = 1) -> Game:
    return Game.new(s, seed, {side.id: HUMAN for side in s.sides}, created="t0")


def nothing(s: Scenario) -> dict[str, list[str]]:
    return {side.id: [] for side in s.sides}


def first_seed(build: Callable[[int], tuple[Game, dict[str, Any]]], wanted: Callable[[Game, dict[str, Any]], bool]) -> tuple[Game, dict[str, Any]]:
    """The first seed whose turn, set up by `build`, turns out as `wanted` (chance decides the rest)."""
    for seed in range(200):
        game, record = build(seed)
        if wanted(game, record):
            return game, record
    raise AssertionError("no seed gave the wanted outcome")


def move_worked(record: dict[str, Any], move: str) -> bool:
    return any(e["kind"] == "move" and e["id"] == move and e["ok"] for e in record["events"])


def test_a_shared_trigger_moves_every_ladder_it_names_in_the_same_turn(two_ladders: Scenario) -> None:
    game = humans(two_ladders)
    game.inject("raid")  # pulls `escalate`: violence calm -> incident and crossing open -> restricted
    record = game.play_turn(nothing(two_ladders))
    assert record["rungs"] == {"violence": "incident", "crossing": "restricted"}
    assert record["rung"] == "incident" and record["levels"] == {"violence": 2, "crossing": 1}
    steps = {e["ladder"]: e for e in record["events"] if e["kind"] == "ladder"}
    assert set(steps) == {"violence", "crossing"}
    assert all(e["cause"] == {"kind": "inject", "id": "raid"} for e in steps.values())
    assert game.rungs == {"violence": "incident", "crossing": "restricted"}


def test_each_ladders_per_turn_effects_apply(two_ladders: Scenario) -> None:
    game = humans(two_ladders)
    game.play_turn(nothing(two_ladders) | {"south": ["shut_bridge"]})  # crossing closed: trade -8 a turn
    record = game.play_turn(nothing(two_ladders))
    effects = [e for e in record["events"] if e["kind"] == "rung_effects"]
    assert effects == [{"kind": "rung_effects", "rung": "closed", "ladder": "crossing", "effects": {"trade": -8.0}}]


def test_a_guard_reads_another_ladder(two_ladders: Scenario) -> None:
    """Reopening the bridge needs the violence ladder at level 1 or below."""

    def build(violence: str) -> Callable[[int], tuple[Game, dict[str, Any]]]:
        def play(seed: int) -> tuple[Game, dict[str, Any]]:
            game = humans(two_ladders, seed)
            game.override("set up", rung="closed")
            game.override("set up", rung=violence)
            return game, game.play_turn(nothing(two_ladders) | {"south": ["open_bridge"]})

        return play

    game, _ = first_seed(build("incident"), lambda g, r: move_worked(r, "open_bridge"))
    assert game.rungs["crossing"] == "closed"  # violence at level 2: the bridge stays shut
    game, _ = first_seed(build("calm"), lambda g, r: move_worked(r, "open_bridge"))
    assert game.rungs["crossing"] == "open"


def test_a_moves_rungs_constrain_every_ladder_they_name(three_tracks: Scenario) -> None:
    """reopen_pass lists rungs of two ladders: violence calm/ceasefire and trade inspections/closed."""
    game = humans(three_tracks)

    def card() -> Any:
        return next(o for o in game.legal_moves("west") if o.id == "reopen_pass")

    assert not card().legal and "not possible on this rung" in card().reasons[0]  # trade is open
    game.override("set up", rung="inspections")
    assert card().legal
    game.override("set up", rung="skirmish")
    assert not card().legal
    with pytest.raises(IllegalMoveError, match="not possible on this rung"):
        game.submit("west", ["reopen_pass"])


def test_an_end_state_on_any_ladder_ends_the_game_with_its_outcome(three_tracks: Scenario) -> None:
    def play(seed: int) -> tuple[Game, dict[str, Any]]:
        game = humans(three_tracks, seed)
        game.override("set up", rung="talks", indicators={"trust": 70})
        game.override("set up", rung="ceasefire")
        return game, game.play_turn(nothing(three_tracks) | {"council": ["broker_deal"]})

    game, record = first_seed(play, lambda g, r: move_worked(r, "broker_deal"))
    assert game.over and record["rungs"]["diplomacy"] == "settlement"
    end = game.records[-1]
    assert (end["type"], end["reason"], end["rung"], end["ladder"], end["outcome"]) == (
        "end", "terminal rung", "settlement", "diplomacy", "formal_agreement")
    assert verify_lines(game.lines, three_tracks).ok


def test_at_the_time_limit_the_main_ladder_decides_the_outcome(two_ladders: Scenario) -> None:
    checked = 0
    for seed in range(6):
        game = Game.new(two_ladders, seed, created="t0")
        while not game.over:
            game.resolve()
        end = game.records[-1]
        if end["reason"] == "last turn":
            main = end["rungs"]["violence"]
            ended_as = two_ladders.outcome_at_end(main)
            assert end["rung"] == main
            assert end["outcome"] == (ended_as.value if ended_as else "ongoing")
            checked += 1
    assert checked


def test_an_override_moves_the_ladder_of_the_rung_it_names_and_replays(two_ladders: Scenario) -> None:
    game = humans(two_ladders)
    record = game.override("The bridge is shut by the floods", rung="closed")
    assert record["changes"]["rung"] == {"from": "open", "to": "closed", "ladder": "crossing"}
    assert game.rungs == {"violence": "calm", "crossing": "closed"}
    game.play_turn(nothing(two_ladders))
    assert verify_lines(game.lines, two_ladders).ok


def test_flags_are_set_by_moves_and_rungs_and_read_by_guards(two_ladders: Scenario) -> None:
    def play(seed: int) -> tuple[Game, dict[str, Any]]:
        game = humans(two_ladders, seed)
        return game, game.play_turn(nothing(two_ladders) | {"north": ["agree_hotline"], "south": ["shut_bridge"]})

    game, record = first_seed(play, lambda g, r: move_worked(r, "agree_hotline"))
    assert record["flags"] == ["hotline_agreed", "crossing_was_closed"]
    agreed = next(e for e in record["events"] if e["kind"] == "move" and e["id"] == "agree_hotline")
    assert agreed["flags"] == {"set": ["hotline_agreed"], "cleared": []}
    closed = next(e for e in record["events"] if e["kind"] == "ladder")
    assert closed["to"] == "closed" and closed["flags"] == {"set": ["crossing_was_closed"], "cleared": []}
    assert game.flags == ["hotline_agreed", "crossing_was_closed"]


def test_a_flag_set_at_the_start_is_cleared_by_a_move(three_tracks: Scenario) -> None:
    game = humans(three_tracks)
    assert game.flags == ["commission"]
    record = game.play_turn(nothing(three_tracks) | {"west": ["recall_ambassador"]})
    assert "commission" not in record["flags"]
    # the walk-out on turn 3 needs the commission sitting: it does not happen now
    game.play_turn(nothing(three_tracks))
    third = game.play_turn(nothing(three_tracks))
    assert not any(e["kind"] == "inject" and e["id"] == "commission_walkout" for e in third["events"])


def test_a_once_only_move_cannot_be_ordered_again(two_ladders: Scenario) -> None:
    game = humans(two_ladders)
    game.play_turn(nothing(two_ladders) | {"north": ["agree_hotline"]})
    card = next(o for o in game.legal_moves("north") if o.id == "agree_hotline")
    assert not card.legal and card.reasons == ("already used (it may be ordered only once)",)
    with pytest.raises(IllegalMoveError, match="only once"):
        game.submit("north", ["agree_hotline"])


def test_policies_order_a_once_only_move_at_most_once(two_ladders: Scenario) -> None:
    c = compile_scenario(two_ladders)
    m = c.move_ids.index("agree_hotline")
    counts = np.zeros(300, dtype=np.int64)

    def count(t: int, before: Any, orders: np.ndarray, outcome: Any) -> None:
        counts[:] += (orders == m).any(axis=(1, 2))

    run_batch(c, 300, {"north": "integrated"}, 3, on_turn=count)
    run_batch(c, 300, {"north": "random"}, 3)
    assert counts.max() == 1 and counts.sum() > 0


def test_an_after_moves_inject_follows_a_move_in_the_same_turn(two_ladders: Scenario) -> None:
    """A captured pilot follows the jets scrambled in the same turn, never without them."""

    def play(seed: int) -> tuple[Game, dict[str, Any]]:
        game = humans(two_ladders, seed)
        game.override("set up", rung="incident")
        return game, game.play_turn(nothing(two_ladders) | {"north": ["scramble_jets"]})

    _, record = first_seed(play, lambda g, r: any(e["kind"] == "inject" and e["id"] == "pilot_captured"
                                                  for e in r["events"]))
    kinds = [(e["kind"], e.get("id")) for e in record["events"]]
    assert kinds.index(("move", "scramble_jets")) < kinds.index(("inject", "pilot_captured"))
    captured = next(e for e in record["events"] if e.get("id") == "pilot_captured")
    assert captured["phase"] == "after_moves" and captured["how"] == "hazard"
    draw = next(d for d in record["draws"] if d.get("inject") == "pilot_captured")
    assert draw == {"kind": "hazard", "inject": "pilot_captured", "p": 0.5, "u": draw["u"], "fired": True}
    assert record["draws"].index(draw) > max(i for i, d in enumerate(record["draws"]) if d["kind"] == "move")
    # without the jets the `when` does not hold: the pilot is never captured
    for seed in range(30):
        quiet = humans(two_ladders, seed)
        quiet.override("set up", rung="incident")
        turn = quiet.play_turn(nothing(two_ladders))
        assert not any(e.get("id") == "pilot_captured" for e in turn["events"])


def test_after_moves_odds_read_the_state_after_the_moves(three_tracks: Scenario) -> None:
    """A village hit after shelling: its odds rise with the casualties the shelling just caused."""

    def play(seed: int) -> tuple[Game, dict[str, Any]]:
        game = humans(three_tracks, seed)
        game.override("set up", rung="skirmish", indicators={"casualties": 20})
        return game, game.play_turn(nothing(three_tracks) | {"east": ["shell_positions"]})

    _, record = first_seed(play, lambda g, r: move_worked(r, "shell_positions"))
    shell = next(e for e in record["events"] if e["kind"] == "move")
    after_moves = 20 + shell["effects"]["casualties"]
    draw = next(d for d in record["draws"] if d.get("inject") == "civilians_hit")
    assert draw["p"] == pytest.approx(round(0.5 + 0.01 * (after_moves - 10), 9))


def test_a_moves_strength_scales_its_effects(three_tracks: Scenario) -> None:
    """Herders meet: strength 1 - 0.5 under fire + 0.01 per point of trust above 35."""

    def setting(rung: str, trust: float) -> Callable[[int], tuple[Game, dict[str, Any]]]:
        def play(seed: int) -> tuple[Game, dict[str, Any]]:
            game = humans(three_tracks, seed)
            game.override("set up", rung=rung, indicators={"trust": trust})
            return game, game.play_turn(nothing(three_tracks) | {"east": ["herders_meet"]})

        return play

    for rung, trust, strength in (("calm", 35, 1.0), ("skirmish", 45, 0.6), ("shelling", 0, 0.2)):
        _, record = first_seed(setting(rung, trust), lambda g, r: move_worked(r, "herders_meet"))
        event = next(e for e in record["events"] if e["kind"] == "move")
        assert event["strength"] == pytest.approx(strength) and event["scale"] == pytest.approx(strength)
        contact = next(x for x in event["scheduled"] if x["indicator"] == "contact")
        assert contact["amount"] == pytest.approx(5 * strength)


def test_a_one_ladder_state_hash_has_no_trace_of_flags(frozen: Scenario) -> None:
    """The first edition's state hash: rung as one number per game, no flags field (golden logs keep it)."""
    import hashlib

    game = humans(frozen)
    st = game.state
    h = hashlib.sha256(b"0")
    for name in ("rung", "x", "pending", "fatigue", "move_ready", "inject_ready", "last_event", "over"):
        arr = np.ascontiguousarray(getattr(st, name)[0])
        h.update(name.encode())
        h.update(arr.astype(np.float64 if arr.dtype.kind == "f" else np.int64).tobytes())
    assert st.digest() == h.hexdigest()
