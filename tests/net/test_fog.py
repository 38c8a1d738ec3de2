"""The fog: what the room may see of a turn, and what a team sees of its own side only."""

from __future__ import annotations

import json
from pathlib import Path

from wargame.engine import Game
from wargame.net.fog import (
    PRIVATE_EVENT_FIELDS,
    PRIVATE_EVENTS,
    PRIVATE_TURN_FIELDS,
    PUBLIC_EVENTS,
    PUBLIC_TURN_FIELDS,
    public_turn,
    team_view,
)
from wargame.scenario import load

SEVERAL_LADDERS = [str(Path(__file__).parents[1] / "engine" / "fixtures" / "golden_two_ladders.yaml"),
                   str(Path(__file__).parents[1] / "sim" / "fixtures" / "three_tracks.yaml")]


def played(name: str, turns: int = 6, seed: int = 3) -> Game:
    scenario = load(name)
    game = Game.new(scenario, seed, {s.id: "integrated" for s in scenario.sides})
    for _ in range(turns):
        if game.over:
            break
        game.resolve()
    return game


def test_every_field_of_a_turn_record_is_declared_public_or_private() -> None:
    """A field the engine adds later must be placed on one side of the fog before it can travel."""
    for name in ("tutorial", "oct_2025_border_crisis", *SEVERAL_LADDERS):
        for record in (r for r in played(name, 15).records if r["type"] == "turn"):
            assert set(record) <= PUBLIC_TURN_FIELDS | PRIVATE_TURN_FIELDS, set(record) - PUBLIC_TURN_FIELDS
            for event in record["events"]:
                kind = event["kind"]
                assert kind in PUBLIC_EVENTS or kind in PRIVATE_EVENTS, kind
                if kind in PUBLIC_EVENTS:
                    assert set(event) <= PUBLIC_EVENTS[kind] | PRIVATE_EVENT_FIELDS, (kind, set(event))


def test_the_public_turn_holds_no_truth() -> None:
    game = played("oct_2025_border_crisis", 8)
    for record in (r for r in game.records if r["type"] == "turn"):
        public = public_turn(record)
        assert not {"state", "observed", "state_hash"} & set(public)
        for event in public["events"]:
            assert event["kind"] not in PRIVATE_EVENTS
            assert not {"scheduled", "scale", "strength"} & set(event)
            if event["kind"] == "arrival":
                assert all(v == round(v) for v in event["effects"].values())
            else:
                assert "effects" not in event
        text = json.dumps(public)
        for value in record["state"].values():  # no true value survives, even by accident of digits
            if value is not None and value != round(value):
                assert repr(value) not in text
        assert public["narrative"] == record["narrative"] and public["orders"] == record["orders"]


def test_a_team_sees_only_its_own_estimates_and_orders(tmp_path: Path) -> None:
    game = Game.new(load("tutorial"), 5, {"islamabad": "human", "kabul": "human"})
    game.submit("islamabad", ["demarche"], intent="secret plan")
    mine = team_view(game, "islamabad", None, False)
    theirs = team_view(game, "kabul", None, False)
    assert mine.sealed is not None and mine.sealed.moves == ["demarche"]
    assert theirs.sealed is None and "secret plan" not in theirs.model_dump_json()
    assert mine.estimates == {k: v for k, v in game.observed["islamabad"].items()}
    assert theirs.estimates != mine.estimates
    assert {c.id for c in theirs.moves} == {m.id for m in game.scenario.moves if m.side == "kabul"}
