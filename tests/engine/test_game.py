"""The live game's rules, named after the mechanic they check (see docs/architecture.md)."""

from __future__ import annotations

import json

import pytest

from wargame.engine import HUMAN, Game, fork, resume, verify_lines
from wargame.errors import IllegalMoveError, WargameError
from wargame.scenario import Scenario


def humans(s: Scenario, seed: int = 1) -> Game:
    return Game.new(s, seed, {side.id: HUMAN for side in s.sides}, created="t0")


def test_sealed_orders_wait_for_every_human_side(frozen: Scenario) -> None:
    game = humans(frozen)
    game.submit("islamabad", ["demarche"])
    assert game.waiting_for() == ["kabul"]
    with pytest.raises(IllegalMoveError, match="waiting for orders from kabul"):
        game.resolve()
    game.submit("kabul", [])
    assert game.resolve()["turn"] == 1


@pytest.mark.parametrize(
    ("side", "moves", "reason"),
    [
        ("islamabad", ["propose_truce"], "not possible on this rung"),
        ("islamabad", ["border_raid"], "is a move of Kabul"),
        ("islamabad", ["demarche", "demarche"], "ordered twice"),
        ("islamabad", ["airstrike_camps", "propose_truce"], "not possible on this rung"),
        ("islamabad", ["nonsense"], "no move 'nonsense'"),
        ("kabul", ["kabul_restrain", "border_raid"], "over the budget"),
    ],
)
def test_illegal_moves_are_refused_with_the_reason(frozen: Scenario, side: str, moves: list[str], reason: str) -> None:
    with pytest.raises(IllegalMoveError, match=reason):
        humans(frozen).submit(side, moves)


def test_cooldown_blocks_a_move_and_says_until_when(frozen: Scenario) -> None:
    game = humans(frozen)
    game.play_turn({"islamabad": ["airstrike_camps"], "kabul": []})
    card = next(o for o in game.legal_moves("islamabad") if o.id == "airstrike_camps")
    assert not card.legal and "cooling down until turn 3" in card.reasons[0]


def test_every_draw_is_logged_with_its_probability(frozen: Scenario) -> None:
    game = humans(frozen)
    record = game.play_turn({"islamabad": ["demarche", "elders_jirga"], "kabul": ["traders_council"]})
    moves = [d for d in record["draws"] if d["kind"] == "move"]
    assert [(d["move"], d["p"]) for d in moves] == [("demarche", 0.8), ("elders_jirga", 0.6), ("traders_council", 0.65)]
    for d in moves:
        assert d["ok"] == (d["u"] < d["p"])
    hazards = [d for d in record["draws"] if d["kind"] == "hazard"]
    assert hazards and all(d["fired"] == (d["u"] < d["p"]) for d in hazards)


def test_informal_effects_arrive_after_their_delay(frozen: Scenario) -> None:
    for seed in range(40):  # find a seed where the jirga succeeds, then watch its effect arrive
        game = humans(frozen, seed)
        record = game.play_turn({"islamabad": ["elders_jirga"], "kabul": []})
        event = next(e for e in record["events"] if e["kind"] == "move")
        if event["ok"]:
            break
    assert "channel_capital" not in event["effects"]
    assert {(s["indicator"], s["arrives"]) for s in event["scheduled"]} >= {("channel_capital", 2)}
    nxt = game.play_turn({"islamabad": [], "kabul": []})
    arrival = next(e for e in nxt["events"] if e["kind"] == "arrival")
    assert arrival["effects"]["channel_capital"] == pytest.approx(10.0)


def test_repeating_a_move_gives_diminishing_returns(frozen: Scenario) -> None:
    game = humans(frozen)
    scales = []
    for _ in range(3):
        record = game.play_turn({"islamabad": ["demarche"], "kabul": []})
        scales.append(next(e["scale"] for e in record["events"] if e["kind"] == "move"))
    assert scales[0] == 1.0 and scales[0] > scales[1] > scales[2]
    assert scales[1] == pytest.approx(0.6)


def test_each_ladder_moves_at_most_one_rung_per_turn(any_scenario: Scenario) -> None:
    for seed in range(10):
        game = Game.new(any_scenario, seed, {s.id: "random" for s in any_scenario.sides})
        while not game.over:
            record = game.resolve()
            steps = [any_scenario.ladder_of(e["to"]) for e in record["events"] if e["kind"] == "ladder"]
            assert len(steps) == len(set(steps)) <= len(any_scenario.all_ladders)


def test_narrative_is_at_most_five_bullets(any_scenario: Scenario) -> None:
    game = Game.new(any_scenario, 2, {s.id: "random" for s in any_scenario.sides})
    while not game.over:
        assert len(game.resolve()["narrative"]) <= 5


def test_teams_see_estimates_not_the_truth(frozen: Scenario) -> None:
    game = humans(frozen, 4)
    truth = game.truth
    seen = game.observed["islamabad"]
    assert any(seen[k] != truth[k] for k in truth)
    assert all(frozen.indicator(k).min <= v <= frozen.indicator(k).max for k, v in seen.items() if v is not None)


def test_facilitator_actions_are_logged_and_replay(frozen: Scenario) -> None:
    game = humans(frozen)
    game.note("Team A argued for restraint.")
    game.inject("market_blast")
    record = game.play_turn({"islamabad": [], "kabul": []})
    assert any(e["kind"] == "inject" and e["how"] == "forced" for e in record["events"])
    game.override("White cell: the strike was called off", rung="ceasefire")
    game.set_advisor(False)
    game.play_turn({"islamabad": [], "kabul": []})
    kinds = [json.loads(line)["type"] for line in game.lines]
    assert kinds[:4] == ["header", "note", "inject", "turn"] and "override" in kinds and "advisor" in kinds
    assert verify_lines(game.lines, frozen).ok
    with pytest.raises(WargameError, match="written reason"):
        game.override("  ", rung="calm")


def test_resume_continues_exactly_where_the_log_stops(frozen: Scenario) -> None:
    whole = Game.new(frozen, 9, created="t0")
    while not whole.over:
        whole.resolve()
    head = humans_free = Game.new(frozen, 9, created="t0")
    head.resolve()
    head.resolve()
    resumed = Game.resume(list(humans_free.lines), frozen)
    assert resume(list(humans_free.lines), frozen).lines == resumed.lines
    while not resumed.over:
        resumed.resolve()
    assert resumed.lines == whole.lines


def test_fork_repeats_the_past_then_takes_new_orders(frozen: Scenario) -> None:
    game = Game.new(frozen, 9, created="t0")
    while not game.over:
        game.resolve()
    branch = Game.fork(game.lines, frozen, turn=2)
    assert fork(game.lines, frozen, turn=2).lines == branch.lines
    assert branch.turn == 2
    header = json.loads(branch.lines[0])
    assert header["fork"]["turn"] == 2
    original_turns = [json.loads(x) for x in game.lines if json.loads(x)["type"] == "turn"][:2]
    branch_turns = [json.loads(x) for x in branch.lines if json.loads(x)["type"] == "turn"]
    assert [t["state_hash"] for t in branch_turns] == [t["state_hash"] for t in original_turns]
    branch.seats["islamabad"] = HUMAN
    branch.submit("islamabad", ["demarche"])
    branch.resolve()
    assert verify_lines(branch.lines, frozen).ok


def test_verify_names_a_changed_scenario(frozen: Scenario) -> None:
    from tests.engine.conftest import FIXTURES
    from wargame.scenario import load_text

    game = Game.new(frozen, 1)
    game.resolve()
    changed = load_text((FIXTURES / "golden_scenario.yaml").read_text().replace("base: 0.8", "base: 0.7"))
    result = verify_lines(game.lines, changed)
    assert not result.ok and "scenario has changed" in result.message


def test_bad_seed_and_seat_are_one_line_errors(frozen: Scenario) -> None:
    with pytest.raises(WargameError, match="seed"):
        Game.new(frozen, -1)
    with pytest.raises(WargameError, match="unknown seat"):
        Game.new(frozen, 1, {"kabul": "clever"})
    with pytest.raises(WargameError, match="unknown side"):
        Game.new(frozen, 1, {"moscow": "random"})


def test_every_indicator_change_is_attributed_to_an_event(any_scenario: Scenario) -> None:
    for seed in range(8):
        game = Game.new(any_scenario, seed, {s.id: "random" for s in any_scenario.sides})
        before = dict(game.truth)
        while not game.over:
            record = game.resolve()
            total = dict.fromkeys(before, 0.0)
            for event in record["events"]:
                for indicator, amount in (event.get("effects") or {}).items():
                    total[indicator] += amount
            for indicator, value in record["state"].items():
                assert before[indicator] + total[indicator] == pytest.approx(value, abs=1e-6)
            before = record["state"]


def test_turn_records_carry_the_crisis_date(frozen: Scenario) -> None:
    game = Game.new(frozen, 1)
    assert [game.resolve()["date"] for _ in range(2)] == ["2025-10-07", "2025-10-09"]
