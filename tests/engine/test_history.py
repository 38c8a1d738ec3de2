"""History as forced chance: the recorded path replays exactly, with its likelihood; a broken history
is named by file, line and field."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tests.engine.conftest import THREE_TRACKS
from wargame.engine import HUMAN, Game, fork, resume, verify_lines
from wargame.engine.history import history_problems, span
from wargame.errors import IllegalMoveError, WargameError
from wargame.scenario import Scenario, load_text
from wargame.scenario.loader import locate

TEXT = THREE_TRACKS.read_text(encoding="utf-8")


def history_game(s: Scenario, seed: int = 1, turns: int | None = None, seats: dict[str, str] | None = None) -> Game:
    return Game.new(s, seed, seats, created="t0", history=turns or span(s))


def play(game: Game, turns: int) -> list[dict]:
    return [game.resolve() for _ in range(turns)]


def test_the_forced_replay_follows_the_recorded_path_whatever_the_seed(three_tracks: Scenario) -> None:
    assert span(three_tracks) == 4
    h = three_tracks.history
    assert h is not None
    outcomes = []
    for seed in range(8):
        game = history_game(three_tracks, seed)
        records = play(game, 4)
        assert [r["rung"] for r in records] == h.path
        for ladder, path in h.paths.items():
            assert [r["rungs"][ladder] for r in records] == path
        outcomes.append([[(d["kind"], d.get("ok", d.get("fired"))) for d in r["draws"]] for r in records])
        assert json.loads(game.lines[0])["history"] == 4
    assert all(o == outcomes[0] for o in outcomes)  # forced: the dice do not decide any outcome


def test_scripted_moves_work_unless_failed_and_listed_injects_fire_on_their_turn(three_tracks: Scenario) -> None:
    records = play(history_game(three_tracks), 4)
    moves = {(r["turn"], d["move"]): d["ok"] for r in records for d in r["draws"] if d["kind"] == "move"}
    assert moves[(2, "offer_truce")] is False and moves[(3, "offer_truce")] is True
    assert all(ok for (t, m), ok in moves.items() if (t, m) != (2, "offer_truce"))
    fired = {(r["turn"], e["id"]) for r in records for e in r["events"] if e["kind"] == "inject" and e["how"] == "hazard"}
    assert fired == {(1, "bandit_raid"), (2, "civilians_hit")}
    assert all(r["orders"][side]["by"] == "history" for r in records for side in r["orders"])


def test_every_forced_outcome_is_logged_with_the_chance_the_model_gave_it(three_tracks: Scenario) -> None:
    records = play(history_game(three_tracks), 4)
    total = 0.0
    for r in records:
        forced = [d for d in r["draws"] if d.get("forced")]
        assert forced and all("u" not in d for d in forced)
        for d in forced:
            happened = d["ok"] if d["kind"] == "move" else d["fired"]
            chance = d["p"] if d.get("available", True) else 0.0  # an inject that could not fire
            assert d["likelihood"] == pytest.approx(chance if happened else 1 - chance)
        p = math.prod(d["likelihood"] for d in forced)
        total += math.log10(p)
        assert r["likelihood"]["p"] == pytest.approx(p)
        assert r["likelihood"]["log10"] == pytest.approx(math.log10(p))
        assert r["likelihood"]["total_log10"] == pytest.approx(total)
    raid = next(d for d in records[0]["draws"] if d.get("inject") == "bandit_raid")
    assert raid == {"kind": "hazard", "inject": "bandit_raid", "p": 0.25, "fired": True, "forced": True, "likelihood": 0.25}


def test_a_history_log_verifies_resumes_and_forks(three_tracks: Scenario) -> None:
    whole = history_game(three_tracks, 3)
    play(whole, 4)
    assert verify_lines(whole.lines, three_tracks).ok
    half = history_game(three_tracks, 3)
    play(half, 2)
    resumed = resume(list(half.lines), three_tracks)
    assert resumed.in_history and resumed.waiting_for() == []
    play(resumed, 2)
    assert resumed.lines == whole.lines
    branch = fork(whole.lines, three_tracks, 2)
    assert branch.turn == 2 and branch.in_history  # the fork goes on as history to turn 4
    assert branch.state.digest() == half.state.digest()


def test_from_history_forks_as_it_was_then_plays_on(three_tracks: Scenario) -> None:
    game = history_game(three_tracks, 5, turns=2)
    records = play(game, 3)
    assert [r["rung"] for r in records[:2]] == three_tracks.history.path[:2]  # type: ignore[union-attr]
    assert all("likelihood" in r for r in records[:2]) and "likelihood" not in records[2]
    assert not any(d.get("forced") for d in records[2]["draws"])
    assert {o["by"] for o in records[2]["orders"].values()} == {"policy:coercive", "policy:integrated", "policy:formal"}
    full = history_game(three_tracks, 5)
    play(full, 2)
    assert json.loads(game.lines[2])["state_hash"] == json.loads(full.lines[2])["state_hash"]


def test_teams_give_no_orders_while_history_plays(three_tracks: Scenario) -> None:
    game = history_game(three_tracks, turns=1, seats={s.id: HUMAN for s in three_tracks.sides})
    assert game.waiting_for() == []
    with pytest.raises(IllegalMoveError, match="follows the recorded history"):
        game.submit("east", ["raid_post"])
    game.resolve()
    assert game.waiting_for() == ["east", "west", "council"]


@pytest.mark.parametrize("turns", [0, 5])
def test_history_beyond_what_is_recorded_is_a_one_line_error(three_tracks: Scenario, turns: int) -> None:
    with pytest.raises(WargameError, match="covers turns 1-4"):
        Game.new(three_tracks, 1, history=turns)


def test_a_scenario_without_history_says_so(frozen: Scenario) -> None:
    no_history = frozen.model_copy(update={"history": None})
    with pytest.raises(WargameError, match="no history"):
        Game.new(no_history, 1, history=1)


def test_the_historical_policy_logs_the_scripted_moves_it_cannot_order() -> None:
    """Off the recorded path a scripted move may not be possible: it is dropped, and the log says why."""
    text = TEXT.replace("- { turn: 1, side: east, moves: [raid_post], intent: Answer the caravan raid. }",
                        "- { turn: 1, side: east, moves: [shell_positions, raid_post] }")
    s = load_text(text, "three_tracks.yaml")
    game = Game.new(s, 1, {"east": "historical"}, created="t0")
    record = game.resolve()
    assert record["orders"]["east"]["moves"] == ["raid_post"]
    assert record["orders"]["east"]["dropped"] == [
        {"move": "shell_positions", "reason": "not possible on this rung (only: Skirmish, Shelling)"}]
    assert verify_lines(game.lines, s).ok


def test_an_impossible_history_has_no_likelihood() -> None:
    text = TEXT.replace("- { turn: 1, side: west, moves: [close_pass] }",
                        "- { turn: 1, side: west, moves: [close_pass], failed: [close_pass] }")
    s = load_text(text, "three_tracks.yaml")
    record = history_game(s).resolve()
    assert record["likelihood"] == {"p": 0.0, "log10": None, "total_log10": None}


# --- a broken history, named by file, line and field ---------------------------------------------

BROKEN = [
    ("order not possible on the rung",
     ("- { turn: 1, side: east, moves: [raid_post], intent: Answer the caravan raid. }",
      "- { turn: 1, side: east, moves: [shell_positions] }"),
     "history.orders[0].moves[0]", "'shell_positions' cannot be ordered on turn 1 along the recorded path: not possible on this rung"),
    ("order still cooling down",
     ("    - { turn: 3, side: west, moves: [offer_truce] }",
      "    - { turn: 3, side: west, moves: [offer_truce] }\n    - { turn: 3, side: east, moves: [shell_positions] }"),
     "history.orders[5].moves[0]", "cooling down until turn 4"),
    ("once-only move ordered twice",
     ("    - { turn: 4, side: east, moves: [name_envoy, herders_meet] }",
      "    - { turn: 4, side: east, moves: [name_envoy, herders_meet] }\n    - { turn: 5, side: east, moves: [name_envoy] }"),
     "history.orders[7].moves[0]", "already used (it may be ordered only once)"),
    ("a failure the model gives no chance",
     ("- { turn: 1, side: west, moves: [close_pass] }", "- { turn: 1, side: west, moves: [close_pass], failed: [close_pass] }"),
     "history.orders[1].failed[0]", "history says 'close_pass' failed on turn 1, but the model gives that no chance"),
    ("an inject whose condition does not hold",
     ("    - { turn: 1, inject: bandit_raid }", "    - { turn: 1, inject: bandit_raid }\n    - { turn: 1, inject: civilians_hit }"),
     "history.injects[1].inject", "inject 'civilians_hit' cannot happen on turn 1 along the recorded path"),
    ("a path the replay does not follow",
     ("  path: [skirmish, shelling, ceasefire, ceasefire]", "  path: [skirmish, shelling, shelling, ceasefire]"),
     "history.path[2]", "after turn 3 the forced replay stands on 'ceasefire', not 'shelling'"),
    ("another ladder's path",
     ("    diplomacy: [cold, cold, cold, talks]", "    diplomacy: [cold, cold, cold, cold]"),
     "history.paths.diplomacy[3]", "after turn 4 the forced replay stands on 'talks', not 'cold'"),
]


@pytest.mark.parametrize(("name", "edit", "field", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_history_is_named_by_file_line_and_field(name: str, edit: tuple[str, str], field: str,
                                                          message: str) -> None:
    old, new = edit
    assert TEXT.count(old) == 1
    text = TEXT.replace(old, new)
    s = load_text(text, "history.yaml")
    problems = locate(s, history_problems(s))
    match = [p for p in problems if p.path == field]
    assert match, [str(p) for p in problems]
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if new.splitlines()[-1].strip() in row)
    assert match[0].file == "history.yaml" and match[0].line == line
    assert message in match[0].message
    assert str(match[0]).startswith(f"history.yaml:{line}:")


def test_the_shipped_test_history_replays_cleanly(three_tracks: Scenario) -> None:
    assert history_problems(three_tracks) == []


def test_a_seedless_replay_path_is_the_same_batch_or_live(three_tracks: Scenario) -> None:
    """The forced replay runs the one kernel: a batch of one with the same forced rolls gives the same state."""
    from wargame.engine import compile_scenario
    from wargame.engine import history as hist
    from wargame.engine import rng as streams
    from wargame.engine.kernel import advance
    from wargame.engine.state import initial_state

    game = history_game(three_tracks, 2)
    c = compile_scenario(three_tracks)
    st = initial_state(c, 1)
    for record in play(game, 4):
        orders = np.full((1, c.n_sides, c.slots), -1, dtype=np.int64)
        for s_index, side in enumerate(c.side_ids):
            for b, m in enumerate(record["orders"][side]["moves"]):
                orders[0, s_index, b] = c.move_ids.index(m)
        forced = np.zeros((1, c.n_injects), dtype=bool)
        forced[0, [c.inject_ids.index(j) for j in hist.white_cell_injects(c, record["turn"])]] = True
        draws = streams.uniforms(2, record["turn"], streams.ADJUDICATION, (1, c.n_draws))
        advance(c, st, orders, draws, forced, rolls=hist.rolls(c, record["turn"], orders))
        assert st.digest() == record["state_hash"]


def test_docs_model_history_section_is_generated() -> None:
    text = (Path(__file__).parents[2] / "docs" / "model.md").read_text(encoding="utf-8")
    assert "python benchmarks/history_likelihood.py" in text
