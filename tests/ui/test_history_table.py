"""`wargame play --from-history N` at the table: the record's turns play without asking the teams,
the room is told so, and the teams take over on the turn after."""

from __future__ import annotations

from pathlib import Path

import pygame

from wargame.scenario import load
from wargame.ui import driver
from wargame.ui.app import App
from wargame.ui.scenes.briefing import SealedScene
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.session import Session


def test_history_turns_say_so_and_the_teams_take_over_after_them(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app: App = make_app(size=(1280, 720))
    app.session = Session.start(load("oct_2025_border_crisis"), 2, {"islamabad": "human", "kabul": "human"},
                                tmp_path / "fork.jsonl", history=3)
    app.flow.briefed = set(app.session.human_sides())
    app.flow.begin()
    said = []
    for _ in range(40):
        top = app.top
        if isinstance(top, TurnScene):
            break
        if isinstance(top, SealedScene):
            said.append(top.words())
        driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, TurnScene) and app.session.turn == 3  # turn 4 is the teams'
    assert [title for title, _ in said] == ["As it really happened"] * 3
    assert said[0][1][0] == "Turn 1 follows the recorded history (to turn 3)."
    turns = [r for r in app.session.game.records if r["type"] == "turn"]
    assert len(turns) == 3 and all("likelihood" in r for r in turns)
