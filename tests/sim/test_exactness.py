"""A batch of one follows the live game exactly: same rungs on every ladder, same indicators, the
same final state (its hash).

Run over every shipped scenario and the several-ladder test scenarios, several seeds and every
policy. Also: row 0 of any batch is the live game of the batch seed, chunking does not change any
game, and replicates differ.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wargame.engine import Game, compile_scenario
from wargame.engine.policies import policy_names
from wargame.scenario import Scenario, load
from wargame.scenario.catalog import shipped_files
from wargame.sim.batch import run_batch

FIXTURES = Path(__file__).parent / "fixtures"
LADDERS = Path(__file__).parents[1] / "scenario" / "fixtures" / "two_ladders.yaml"
SCENARIOS = [*shipped_files(), FIXTURES / "synthetic_large.yaml", LADDERS, FIXTURES / "three_tracks.yaml"]


def mixes(scenario: Scenario) -> list[dict[str, str]]:
    sides = [s.id for s in scenario.sides]
    usable = [p for p in policy_names(scenario) if p != "historical" or scenario.history is not None]
    return [{side: usable[(k + 2 * i) % len(usable)] for i, side in enumerate(sides)} for k in range(len(usable))]


def live_path(scenario: Scenario, seed: int, seats: dict[str, str]) -> tuple[list[list[int]], np.ndarray, Game]:
    """Every ladder's rung (global numbers) and the indicators after each turn of a live game."""
    game = Game.new(scenario, seed, seats, created="2026-01-01T00:00:00+00:00")
    c = game.compiled
    rungs, xs = [game.state.rung[0].tolist()], [game.state.x[0].copy()]
    while not game.over:
        game.resolve()
        rungs.append([c.rung_ids.index(r) for r in game.rungs.values()])
        xs.append(game.state.x[0].copy())
    return rungs, np.array(xs), game


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: Path(p).stem)
def test_batch_of_one_follows_the_live_game(path: Path) -> None:
    scenario = load(str(path))
    c = compile_scenario(scenario)
    for k, seats in enumerate(mixes(scenario)):
        for seed in (k, 1000 + 7 * k):
            rungs, xs, game = live_path(scenario, seed, seats)
            batch = run_batch(c, 1, seats, seed, keep_x=True)
            assert batch.x is not None
            played = len(rungs)
            assert batch.paths[:played, 0].tolist() == rungs, (seats, seed)
            np.testing.assert_array_equal(batch.x[:played, 0], xs)
            assert batch.final.digest(0) == game.state.digest(), (seats, seed)
            # row 0 of a larger batch is the same game
            many = run_batch(c, 4, seats, seed)
            assert many.paths[:played, 0].tolist() == rungs


@pytest.mark.parametrize("path", SCENARIOS[:1] + SCENARIOS[-1:], ids=lambda p: Path(p).stem)
def test_chunks_do_not_change_games(path: Path) -> None:
    c = compile_scenario(load(str(path)))
    whole = run_batch(c, 300, {}, 5, keep_x=True, chunk=300)
    pieces = run_batch(c, 300, {}, 5, keep_x=True, chunk=37)
    assert np.array_equal(whole.rungs, pieces.rungs)
    assert whole.x is not None and pieces.x is not None
    assert np.array_equal(whole.x, pieces.x)
    assert len({tuple(col) for col in whole.rungs.T.tolist()}) > 1, "replicates should differ"


def test_random_policy_rows_match_live_game() -> None:
    scenario = load("tutorial")
    c = compile_scenario(scenario)
    seats = {s.id: "random" for s in scenario.sides}
    rungs, _, _ = live_path(scenario, 11, seats)
    batch = run_batch(c, 50, seats, 11, chunk=16)
    assert batch.paths[: len(rungs), 0].tolist() == rungs


def test_pieces_with_row_offsets_are_the_same_games() -> None:
    c = compile_scenario(load("tutorial"))
    whole = run_batch(c, 500, {}, 9)
    first = run_batch(c, 300, {}, 9)
    second = run_batch(c, 200, {}, 9, row_offset=300)
    assert np.array_equal(whole.rungs[: first.rungs.shape[0], :300], first.rungs)
    assert np.array_equal(whole.rungs[: second.rungs.shape[0], 300:], second.rungs)


def test_forked_workers_give_the_same_games() -> None:
    c = compile_scenario(load("tutorial"))
    alone = run_batch(c, 900, {}, 4, chunk=200, workers=1, keep_x=True)
    done: list[int] = []
    shared = run_batch(c, 900, {}, 4, chunk=200, workers=2, keep_x=True, progress=done.append)
    assert np.array_equal(alone.rungs, shared.rungs)
    assert alone.x is not None and shared.x is not None and np.array_equal(alone.x, shared.x)
    assert np.array_equal(alone.final.pending, shared.final.pending)
    assert done[-1] == 900 and done == sorted(done)
