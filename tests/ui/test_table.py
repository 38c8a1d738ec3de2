"""The real table driven by posted keyboard and mouse events, headless, never timed."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from wargame.cli.verify import verify_file
from wargame.scenario import load
from wargame.ui import driver, geography, mapview, style
from wargame.ui.app import App
from wargame.ui.scenes.briefing import HandOffScene, SealedScene
from wargame.ui.scenes.debrief import DebriefScene
from wargame.ui.scenes.overlays import HelpScene, MenuScene, MessageScene, WhiteCellScene
from wargame.ui.scenes.resolution import ResolutionScene
from wargame.ui.scenes.setup import ChooseScenarioScene, SeatsScene, TitleScene
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.session import Session

SIZES = [(1280, 720), (1920, 1080), (3840, 2160)]


def records(path: str | Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def scene_name(app: App) -> str:
    assert app.top is not None
    return type(app.top).__name__


def test_the_table_runs_on_pygame_ce() -> None:
    assert getattr(pygame, "IS_CE", False), "wargame play needs pygame-ce, not upstream pygame"


def start_hot_seat_tutorial(app: App) -> None:
    """Title -> choose the tutorial with the mouse -> both seats human -> briefings read."""
    app.push(TitleScene(app))
    app.pump()
    driver.key(app, pygame.K_RETURN)
    choose = app.top
    assert isinstance(choose, ChooseScenarioScene)
    index = [c.path.stem for c in choose.choices].index("tutorial")
    driver.click_widget(app, choose.buttons[index])
    driver.click_widget(app, app.top.go)  # type: ignore[union-attr]
    assert isinstance(app.top, SeatsScene)
    assert set(app.top.seats.values()) == {"human"}
    driver.key(app, pygame.K_RETURN)
    assert app.session is not None and app.session.scenario.id == "tutorial"
    driver.key(app, pygame.K_SPACE)  # public brief read to the room
    for _ in app.session.human_sides():
        assert isinstance(app.top, HandOffScene)
        driver.key(app, pygame.K_SPACE)
        driver.key(app, pygame.K_SPACE)  # private brief read, hidden again


def test_a_whole_tutorial_game_played_through_the_ui_verifies(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(seed=11)
    start_hot_seat_tutorial(app)
    session = app.session
    turn_screens = 0
    while not session.over:
        top = app.top
        if isinstance(top, HandOffScene):
            driver.key(app, pygame.K_SPACE)
        elif isinstance(top, TurnScene):
            turn_screens += 1
            legal = [i for i, o in enumerate(top.options) if o.legal and o.cost <= 1]
            if turn_screens == 1:
                driver.click_widget(app, app.top.card_buttons[top.options[legal[0]].id])  # type: ignore[union-attr]
                driver.key(app, pygame.K_t)
                driver.type_text(app, "Lower the temperature")
                driver.key(app, pygame.K_RETURN)  # finish typing
            elif legal:
                driver.key(app, pygame.K_1 + legal[0])
            driver.key(app, pygame.K_RETURN)  # seal
        elif isinstance(top, SealedScene):
            driver.key(app, pygame.K_SPACE)
        elif isinstance(top, ResolutionScene):
            if top.record["turn"] == 1:
                add_note_through_white_cell(app, "Room was quiet")
            driver.key(app, pygame.K_SPACE)
        else:
            pytest.fail(f"unexpected screen {scene_name(app)}")
    assert isinstance(app.top, ResolutionScene)
    driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, DebriefScene)
    log = session.log_path
    driver.key(app, pygame.K_RETURN)
    assert isinstance(app.top, TitleScene) and app.session is None

    ok, message = verify_file(str(log))
    assert ok, message
    recs = records(log)
    turns = [r for r in recs if r["type"] == "turn"]
    assert len(turns) == load("tutorial").turns.count
    first = turns[0]["orders"]["islamabad"]
    assert first["by"] == "human" and first["intent"] == "Lower the temperature" and len(first["moves"]) == 1
    assert any(r["type"] == "note" and r["text"] == "Room was quiet" for r in recs)
    assert recs[-1]["type"] == "end"


def add_note_through_white_cell(app: App, text: str) -> None:
    driver.key(app, pygame.K_F2)
    assert isinstance(app.top, WhiteCellScene)
    driver.key(app, pygame.K_n)  # no text yet: focuses the note box
    assert app.typing()
    driver.type_text(app, text)
    driver.key(app, pygame.K_RETURN)
    driver.key(app, pygame.K_ESCAPE)
    assert not isinstance(app.top, WhiteCellScene)


def test_white_cell_actions_are_logged(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(seed=5)
    start_hot_seat_tutorial(app)
    driver.key(app, pygame.K_w)
    cell = app.top
    assert isinstance(cell, WhiteCellScene)
    driver.key(app, pygame.K_i)  # the first inject, next turn
    driver.key(app, pygame.K_a)  # advisor off
    driver.key(app, pygame.K_o)  # asks for a reason first
    assert app.typing()
    driver.type_text(app, "Exercise control")
    driver.key(app, pygame.K_RETURN)  # override to the chosen rung (the current one)
    driver.key(app, pygame.K_p)
    assert app.session.paused
    driver.key(app, pygame.K_ESCAPE)
    kinds = [r["type"] for r in records(app.session.log_path)]
    assert kinds[1:] == ["inject", "advisor", "override"]
    ok, message = verify_file(str(app.session.log_path))
    assert ok, message


def test_an_illegal_order_shows_a_message_not_a_traceback(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(seed=2)
    start_hot_seat_tutorial(app)
    driver.key(app, pygame.K_SPACE)  # hand-off to the first team
    turn = app.top
    assert isinstance(turn, TurnScene)
    unavailable = next(o for o in turn.options if not o.legal)
    turn.selected = [unavailable.id]  # as if the card had been chosen before it became unavailable
    driver.key(app, pygame.K_RETURN)
    assert isinstance(app.top, MessageScene)
    driver.key(app, pygame.K_RETURN)
    assert app.top is turn and app.session.waiting_for()[0] == turn.side


def test_an_all_computer_demo_runs_to_the_debrief_on_keys_and_exits(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(scenario="tutorial", seats={"islamabad": "integrated", "kabul": "formal"}, seed=3,
                   demo=True, exit_when_done=True, demo_seconds=10_000)
    app.push(TitleScene(app))
    app.pump()
    driver.key(app, pygame.K_RETURN)
    assert app.session is not None and app.session.all_ai()
    for _ in range(50):
        if isinstance(app.top, DebriefScene):
            break
        driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, DebriefScene)
    driver.key(app, pygame.K_RETURN)
    assert not app.running
    ok, message = verify_file(str(app.session.log_path))
    assert ok, message


def test_resume_continues_where_the_log_stopped(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(seed=9)
    start_hot_seat_tutorial(app)
    while app.session.turn < 2:
        top = app.top
        driver.key(app, pygame.K_RETURN if isinstance(top, TurnScene) else pygame.K_SPACE)
    log = app.session.log_path
    app.session.close()  # the table is closed mid-game
    app.session = None
    before = len(records(log))
    session = Session.resume(log)
    assert session.turn == 2 and len(session.game.records) == before
    second = make_app()
    second.session = session
    second.flow.begin(resumed=True)
    while not session.over:
        top = second.top
        driver.key(second, pygame.K_RETURN if isinstance(top, TurnScene) else pygame.K_SPACE)
    ok, message = verify_file(str(log))
    assert ok, message


def every_scene(app: App) -> list:  # type: ignore[type-arg]
    """One instance of every screen, over a game a few turns in."""
    session = app.session
    side = session.human_sides()[0]
    record = session.last_turn_record()
    return [
        TitleScene(app), ChooseScenarioScene(app), SeatsScene(app, session.scenario),
        HandOffScene(app, side, "to choose", lambda: TurnScene(app, side)), TurnScene(app, side),
        SealedScene(app), ResolutionScene(app, record), HelpScene(app), MenuScene(app),
        WhiteCellScene(app), MessageScene(app, "A message"), DebriefScene(app),
    ]


@pytest.mark.parametrize("scenario", ["tutorial", "oct_2025_border_crisis"])
def test_every_scene_renders_at_three_sizes(make_app, tmp_path: Path, scenario: str) -> None:  # type: ignore[no-untyped-def]
    sc = load(scenario)
    app = make_app()
    app.session = Session.start(sc, 4, {sc.sides[0].id: "human"}, tmp_path / f"{scenario}.jsonl")
    app.session.submit(sc.sides[0].id, [])
    app.session.resolve()
    for scene in every_scene(app):
        app.stack.clear()
        app.push(TurnScene(app, sc.sides[0].id) if scene.overlay else scene)
        if scene.overlay:
            app.push(scene)
        for size in SIZES:
            app.set_size(size)
            app.pump()
            assert app.screen.get_size() == size
            assert app.top is scene, f"{type(scene).__name__} at {size}: {getattr(app.top, 'message', '')}"
            assert len(scene.widgets) > 0 or isinstance(scene, HelpScene)


def test_idle_table_sleeps_until_an_event(make_app) -> None:  # type: ignore[no-untyped-def]
    from wargame.ui.app import IDLE_WAIT_MS

    app = make_app()
    app.push(TitleScene(app))
    app.pump()
    assert app._next_wake() == IDLE_WAIT_MS
    assert not app.dirty  # nothing changed since the last frame: no redraw


def test_a_broken_map_or_theme_falls_back_with_a_message(make_app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.json"
    bad.write_text("{ not json")
    monkeypatch.setattr(geography, "OUTLINES_FILE", bad)
    mapview.load_countries.cache_clear()
    style._read_theme.cache_clear()
    monkeypatch.setattr(style, "THEME_FILE", bad)
    try:
        countries, warning = mapview.load_countries()
        assert countries == () and warning and "unavailable" in warning
        app = make_app()
        assert app.warnings and "could not be read" in app.warnings[0]
        sc = load("tutorial")
        app.session = Session.start(sc, 1, {"islamabad": "human"}, tmp_path / "g.jsonl")
        app.push(TurnScene(app, "islamabad"))
        app.pump()
        assert isinstance(app.top, TurnScene)
    finally:
        mapview.load_countries.cache_clear()
        style._read_theme.cache_clear()


def test_a_team_sees_its_own_estimates_not_the_truth(tmp_path: Path) -> None:
    sc = load("tutorial")
    session = Session.start(sc, 21, {"islamabad": "human", "kabul": "human"}, tmp_path / "g.jsonl")
    for side in ("islamabad", "kabul"):
        shown = {e.id: e.value for e in session.estimates(side)}
        assert shown == {k: v for k, v in session.game.observed[side].items()}
    assert {e.id: e.value for e in session.estimates("islamabad")} != session.game.truth
    session.close()
