"""Hand-computed scores of a small known game: the arithmetic is written out, not taken from the code."""

from __future__ import annotations

import pytest

from tests.report.conftest import known_game
from wargame.report import score_game
from wargame.scenario import load

# Escalation index = rung level at the end of the turn + tier points (Rivera et al. weights x 0.1):
# de-escalation -0.2, posturing +0.4, nonviolent +1.2, violent +2.8.
DE, POST, NONV, VIOL = -0.2, 0.4, 1.2, 2.8


@pytest.fixture(scope="module")
def game():  # type: ignore[no-untyped-def]
    return known_game(load("tutorial"))


@pytest.fixture(scope="module")
def scores(game):  # type: ignore[no-untyped-def]
    return score_game(game.records, game.scenario)


def test_the_known_game_went_as_written(game) -> None:  # type: ignore[no-untyped-def]
    # the facts the hand computation rests on: the rungs, and which injects fired
    turns = [r for r in game.records if r["type"] == "turn"]
    assert [r["rung"] for r in turns] == ["tension", "tension", "tension", "militant_attack", "airstrike"]
    fired = [[e["id"] for e in r["events"] if e["kind"] == "inject"] for r in turns]
    assert fired == [[], [], ["market_blast"], ["militant_attack_hazard"], []]


def test_escalation_index_by_hand(scores) -> None:  # type: ignore[no-untyped-def]
    t1 = 1 + NONV + DE  # tension; close crossings; traders' council
    t2 = 1 + DE  # tension; jirga
    t3 = 1 + VIOL + POST + DE + DE  # tension; market blast; protest; jirga; traders
    t4 = 2 + VIOL + DE  # militant attack rung; the attack itself; restrain
    t5 = 3 + VIOL + DE  # airstrike rung; the strike; traders
    expected = [t1, t2, t3, t4, t5]
    assert scores.escalation == pytest.approx(expected)
    assert scores.cumulative == pytest.approx(2.0 + 0.8 + 3.8 + 4.6 + 5.6)  # 16.8
    assert scores.peak == pytest.approx(5.6) and scores.peak_turn == 5
    assert scores.final == pytest.approx(5.6)
    assert scores.horizon == 5
    assert scores.turns_peak_to_calm is None  # never back to calm (level 0)
    assert scores.outcome.form == "ongoing" and scores.outcome.rung == "airstrike"


def test_every_index_point_cites_its_record(scores) -> None:  # type: ignore[no-untyped-def]
    turn4 = scores.turns[3]
    assert turn4.record == 6  # header, turn 1, turn 2, note, turn 3, turn 4
    cited = {(p.kind, p.id, p.side, p.amount) for p in turn4.parts}
    assert cited == {("rung", "militant_attack", None, 2.0), ("inject", "militant_attack_hazard", "militants", VIOL),
                     ("move", "kabul_restrain", "kabul", DE)}


def test_channel_use_by_hand(scores) -> None:  # type: ignore[no-untyped-def]
    blue = scores.channels["islamabad"]
    # moves: close_crossings (coercive), jirga, protest (formal), jirga, strike (coercive)
    assert blue.moves == 5
    assert blue.moves_by_channel == {"formal": 1, "coercive": 2, "informal": 2}
    assert blue.coercion_share == pytest.approx(2 / 5)
    assert blue.integrated_turns == 1 and blue.integrated_at == [3]
    assert blue.integration == pytest.approx(1 / 5)
    assert blue.mechanisms["tribal"] == {"turns": 2, "share": 0.4, "longest_run": 2}
    assert blue.own_escalation == pytest.approx(NONV + DE + POST + DE + VIOL)  # 4.0
    assert blue.mean_goldstein == pytest.approx((-9.5 + 2.5 - 2 + 2.5 - 10) / 5)
    red = scores.channels["kabul"]
    assert red.moves_by_channel == {"formal": 1, "coercive": 0, "informal": 3}
    assert red.mechanisms["economic"] == {"turns": 3, "share": 0.6, "longest_run": 1}
    assert red.coercion_share == 0.0 and red.integrated_turns == 0


def test_objective_ratings_by_hand(scores, game) -> None:  # type: ignore[no-untyped-def]
    ratings = {(o.side, o.id): o for o in scores.objectives}
    low = ratings[("islamabad", "keep_it_low")]
    assert low.value == 3  # highest rung level: airstrike
    assert low.rating == "S"  # lower is better: 3 > 2 (P) but 3 <= 3 (S)
    casualties = game.records[-2]["state"]["casualties"]
    assert ratings[("islamabad", "limit_casualties")].value == casualties
    assert 20 < casualties <= 40 and ratings[("islamabad", "limit_casualties")].rating == "S"
    trade = game.records[-2]["state"]["trade_flow"]
    assert 30 <= trade < 45 and ratings[("kabul", "reopen_trade")].rating == "M"  # higher is better
    # the areas for improvement of the ladder objective cite the two steps up, by turn and record
    assert [(c.turn, c.record) for c in low.improvements] == [(4, 6), (5, 7)]


def test_notes_are_kept(scores) -> None:  # type: ignore[no-untyped-def]
    assert [(n["turn"], n["text"]) for n in scores.notes] == [(2, "Blue hesitated before the jirga.")]


def test_headline_is_what_the_debrief_shows(scores) -> None:  # type: ignore[no-untyped-def]
    h = scores.headline()
    assert h["cumulative"] == scores.cumulative and h["peak"] == scores.peak
    assert h["ratings"] == {"islamabad.keep_it_low": "S", "islamabad.limit_casualties": "S", "kabul.reopen_trade": "M"}


@pytest.mark.parametrize("seed", range(4))
def test_objectives_on_several_ladders_agree_with_the_balance_check(seed: int) -> None:
    """Level measures of a named ladder, rungs reached on a ladder that is not the main one: the
    report's rating reads the log, `wargame check` reads the batch paths; they must agree."""
    from pathlib import Path

    from wargame.engine import Game, compile_scenario
    from wargame.sim.balance import objective_values
    from wargame.sim.batch import run_batch

    s = load(Path(__file__).parents[1] / "sim" / "fixtures" / "three_tracks.yaml")
    game = Game.new(s, seed, created="t0")
    while not game.over:
        game.resolve()
    rated = {r.id: r for r in score_game(game.records, s).objectives}
    batch = run_batch(compile_scenario(s), 1, {}, seed, keep_x=True)
    assert batch.x is not None
    for side in s.sides:
        for objective in side.objectives:
            expected = objective_values(compile_scenario(s), objective, batch.paths, batch.x)[0]
            assert rated[objective.id].value == pytest.approx(expected), objective.id
    assert rated["calm_diplomacy"].measure == "final Diplomacy level"
