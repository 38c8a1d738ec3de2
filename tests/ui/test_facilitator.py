"""What a facilitator expects of the table, driven by posted keys and clicks: setup defaults, team
names, seats changed mid-game (also after a resume), withdrawn orders, the turn timer, the resumed
notice, the close button, and a clear line when there is no display."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from wargame.cli.verify import verify_file
from wargame.errors import WargameError
from wargame.scenario import load
from wargame.ui import driver
from wargame.ui.app import App, PlayOptions, display_problem
from wargame.ui.scenes.briefing import HandOffScene, ResumedScene, SealedScene
from wargame.ui.scenes.overlays import QuitScene, WaitScene, WhiteCellScene
from wargame.ui.scenes.setup import ChooseScenarioScene, SeatsScene, TitleScene
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.session import Session


def records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def to_seats(app: App) -> SeatsScene:
    app.push(TitleScene(app))
    app.pump()
    driver.key(app, pygame.K_RETURN)
    assert isinstance(app.top, ChooseScenarioScene)
    driver.key(app, pygame.K_RETURN)  # the scenario preselected
    seats = app.top
    assert isinstance(seats, SeatsScene)
    return seats


def test_new_game_preselects_the_flagship_and_seats_two_teams_and_the_mediators_computer(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    seats = to_seats(app)
    assert seats.scenario.id == "oct_2025_border_crisis"
    assert seats.seats == {"islamabad": "human", "kabul": "human", "mediators": "integrated"}


def test_team_names_typed_at_setup_reach_the_log_and_the_screens(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(seed=4)
    seats = to_seats(app)
    driver.click_widget(app, seats.team_entries["islamabad"])
    driver.type_text(app, "Blue cell")
    driver.key(app, pygame.K_RETURN)  # finish typing
    driver.key(app, pygame.K_RETURN)  # start
    assert app.session is not None
    header = app.session.game.records[0]
    assert header["teams"] == {"islamabad": "Blue cell"}
    assert app.session.team_name("islamabad") == "Blue cell"


def start(make_app, tmp_path: Path, seed: int = 6, **options: object) -> App:  # type: ignore[no-untyped-def]
    """The tutorial with two teams, past the briefings, on the first hand-off."""
    app = make_app(seed=seed, scenario="tutorial", **options)
    app.push(TitleScene(app))
    app.pump()
    driver.key(app, pygame.K_RETURN)  # straight to the seats: the scenario was given
    driver.key(app, pygame.K_RETURN)
    driver.key(app, pygame.K_SPACE)  # public brief
    for _ in app.session.human_sides():
        driver.key(app, pygame.K_SPACE)
        driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, HandOffScene)
    return app


def white_cell(app: App) -> WhiteCellScene:
    driver.key(app, pygame.K_F2)
    cell = app.top
    assert isinstance(cell, WhiteCellScene)
    return cell


def choose(app: App, menu: object, text: str) -> None:
    """Pick an entry of a drop-down as a mouse would: open it, click the entry."""
    driver.click_widget(app, menu)
    options = menu.current_state.options_selection_list  # type: ignore[attr-defined]
    item = next(i for i in options.item_list if i["text"] == text)
    driver.click_widget(app, item["button_element"])


def test_a_seat_handed_to_the_computer_mid_game_is_logged_and_the_table_moves_on(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = start(make_app, tmp_path)
    driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, TurnScene) and app.top.side == "islamabad"
    driver.key(app, pygame.K_RETURN)  # Islamabad seals
    assert isinstance(app.top, HandOffScene) and app.top.side == "kabul"
    cell = white_cell(app)
    choose(app, cell.side_menu, "Kabul")
    choose(app, cell.seat_menu, "formal")
    driver.key(app, pygame.K_s)
    assert isinstance(app.top, SealedScene)  # Kabul no longer has to choose
    driver.key(app, pygame.K_SPACE)
    turn = app.session.last_turn_record()
    assert turn["orders"]["kabul"]["by"] == "policy:formal"
    kinds = [r["type"] for r in records(app.session.log_path)]
    assert "seat" in kinds
    ok, message = verify_file(str(app.session.log_path))
    assert ok, message


def test_sealed_orders_can_be_withdrawn_before_resolution(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = start(make_app, tmp_path)
    driver.key(app, pygame.K_SPACE)
    turn = app.top
    assert isinstance(turn, TurnScene)
    move = next(o for o in turn.options if o.legal)
    driver.key(app, ord(turn.keys[move.id].lower()))
    driver.key(app, pygame.K_RETURN)  # Islamabad seals a move
    driver.key(app, pygame.K_SPACE)
    driver.key(app, pygame.K_RETURN)  # Kabul seals
    assert isinstance(app.top, SealedScene)
    cell = white_cell(app)
    assert cell.unseal_button.is_enabled
    driver.key(app, pygame.K_u)  # the side chosen in the list: Islamabad
    assert isinstance(app.top, HandOffScene) and app.top.side == "islamabad"
    driver.key(app, pygame.K_SPACE)
    driver.key(app, pygame.K_RETURN)  # seals nothing this time
    driver.key(app, pygame.K_SPACE)
    assert app.session.last_turn_record()["orders"]["islamabad"]["moves"] == []
    logged = [r for r in records(app.session.log_path) if r["type"] == "unseal"]
    assert [r["side"] for r in logged] == ["islamabad"] and move.id not in json.dumps(logged)


def test_the_turn_timer_warns_runs_out_and_is_logged_without_sealing(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = start(make_app, tmp_path, timer_minutes=1.0)
    driver.key(app, pygame.K_SPACE)
    turn = app.top
    assert isinstance(turn, TurnScene) and app.session.timer_seconds == 60
    app.frame([], dt=50.0)
    assert not turn.timed_out
    app.frame([], dt=11.0)
    assert turn.timed_out and app.top is turn  # told, not sealed
    logged = [r for r in app.session.game.records if r["type"] == "timer"]
    assert [(r["side"], r["seconds"], r["sealed"]) for r in logged] == [("islamabad", 60, False)]


def test_the_turn_timer_seals_the_orders_when_asked(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = start(make_app, tmp_path, timer_minutes=1.0, timer_seals=True)
    driver.key(app, pygame.K_SPACE)
    app.frame([], dt=61.0)
    app.pump()
    assert isinstance(app.top, HandOffScene) and app.top.side == "kabul"
    logged = [r for r in app.session.game.records if r["type"] == "timer"]
    assert [(r["side"], r["sealed"]) for r in logged] == [("islamabad", True)]


def interrupted_game(make_app, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A tutorial game stopped in turn 2 after Islamabad sealed its orders."""
    app = start(make_app, tmp_path, seed=9)
    while app.session.turn < 1:
        driver.key(app, pygame.K_RETURN if isinstance(app.top, TurnScene) else pygame.K_SPACE)
    driver.key(app, pygame.K_SPACE)  # from the resolution to the hand-off
    driver.key(app, pygame.K_SPACE)  # Islamabad's turn screen
    driver.key(app, pygame.K_RETURN)  # Islamabad seals turn 2
    assert app.session.sealed_sides() == ["islamabad"]
    log = app.session.log_path
    app.session.close()
    app.session = None
    return Path(log)


def test_a_resumed_game_says_which_orders_to_give_again_and_can_hand_a_seat_to_the_computer(  # type: ignore[no-untyped-def]
        make_app, tmp_path: Path) -> None:
    log = interrupted_game(make_app, tmp_path)
    app = make_app()
    app.session = Session.resume(log)
    app.flow.begin(resumed=True)
    notice = app.top
    assert isinstance(notice, ResumedScene)
    assert "Turn 2" in notice.text() and "Islamabad, Kabul" in notice.text()
    cell = white_cell(app)
    choose(app, cell.side_menu, "Kabul")
    choose(app, cell.seat_menu, "integrated")
    driver.key(app, pygame.K_s)
    driver.key(app, pygame.K_ESCAPE)
    driver.key(app, pygame.K_SPACE)  # past the notice
    assert isinstance(app.top, HandOffScene) and app.top.side == "islamabad"
    driver.key(app, pygame.K_SPACE)
    driver.key(app, pygame.K_RETURN)
    assert isinstance(app.top, SealedScene)  # Kabul is the computer's now
    driver.key(app, pygame.K_SPACE)
    assert app.session.last_turn_record()["orders"]["kabul"]["by"] == "policy:integrated"
    ok, message = verify_file(str(log))
    assert ok, message


def test_resume_in_the_window_replays_behind_a_wait_box_and_applies_seat_changes(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from wargame.cli.play import resume_in_window

    log = interrupted_game(make_app, tmp_path)
    app = make_app()
    resume_in_window(app, str(log), None, {"kabul": "formal"})
    assert isinstance(app.top, WaitScene)
    app.pump()
    notice = app.top
    assert isinstance(notice, ResumedScene) and notice.notice.sides == ("islamabad",)
    assert app.session.seats()["kabul"] == "formal"


def test_closing_the_window_mid_game_asks_first(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = start(make_app, tmp_path)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.pump()
    assert isinstance(app.top, QuitScene) and app.running
    driver.key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, HandOffScene) and app.running
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.pump()
    driver.key(app, pygame.K_RETURN)
    assert not app.running


def test_without_a_display_play_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    problem = display_problem()
    assert problem is not None and "\n" not in problem and "DISPLAY" in problem
    with pytest.raises(WargameError, match="no display"):
        App(PlayOptions(log=str(tmp_path / "g.jsonl")))


def test_the_text_size_is_remembered_on_this_machine(make_app, own_settings: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    app.push(TitleScene(app))
    app.pump()
    assert app.text_scale == 1.0 and "Projector" in app.top.size_button.text  # type: ignore[union-attr]
    driver.key(app, pygame.K_s)
    assert app.text_scale == 1.2 and "Large" in app.top.size_button.text  # type: ignore[union-attr]
    assert json.loads((own_settings / "wargame" / "table.json").read_text())["text_scale"] == 1.2
    again = make_app()
    assert again.text_scale == 1.2
    assert make_app(text_scale=0.8).text_scale == 0.8  # --text-scale wins for that run


def test_a_scenario_that_does_not_exist_is_a_message_not_a_hang(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(scenario="no_such_scenario")
    app.push(TitleScene(app))
    app.pump()
    driver.key(app, pygame.K_RETURN)
    from wargame.ui.scenes.overlays import MessageScene

    assert isinstance(app.top, MessageScene) and "no_such_scenario" in app.top.message
    assert load("tutorial").id == "tutorial"
