"""The turn screen with the flagship's many cards: stable keys, honest odds, choices within the rules,
hotkeys that type nothing, a list that does not jump, the advisor in the background."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from wargame.scenario import load
from wargame.ui import driver
from wargame.ui.app import App
from wargame.ui.cards import CARD_KEYS, card_keys
from wargame.ui.charts import estimates_grid
from wargame.ui.scenes.briefing import SealedScene
from wargame.ui.scenes.overlays import BriefScene, WhiteCellScene
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.session import Session

FLAGSHIP = "oct_2025_border_crisis"


def flagship_turn(make_app, tmp_path: Path, size: tuple[int, int] = (1280, 720),  # type: ignore[no-untyped-def]
                  seats: dict[str, str] | None = None) -> App:
    app = make_app(size=size)
    app.session = Session.start(load(FLAGSHIP), 7, seats or {"islamabad": "human"}, tmp_path / "flagship.jsonl")
    app.flow.briefed = set(app.session.human_sides())
    app.push(TurnScene(app, "islamabad"))
    app.pump()
    return app


def press_card(app: App, move: str) -> None:
    turn = app.top
    assert isinstance(turn, TurnScene)
    key = turn.keys[move].lower()
    driver.key(app, ord(key))


def test_every_card_has_its_own_key_and_none_is_taken_by_another_action() -> None:
    assert len(set(CARD_KEYS)) == len(CARD_KEYS) >= 30
    assert not set(CARD_KEYS) & set("btwio")  # brief, stated intent, white cell; I and O look like 1 and 0
    keys = card_keys(load(FLAGSHIP), "islamabad")
    assert list(keys.values())[:11] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "A"]


def test_a_move_keeps_its_key_from_turn_to_turn(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    seen: dict[str, str] = {}
    for _ in range(3):
        turn = app.top
        assert isinstance(turn, TurnScene)
        shown = {move: b.text for move, b in turn.card_buttons.items()}
        for move, text in shown.items():
            key = turn.keys[move]
            assert f" {key}  " in text  # the key printed on the card
            assert seen.setdefault(move, key) == key, f"{move} changed its key"
        driver.key(app, pygame.K_RETURN)  # seal nothing
        driver.key(app, pygame.K_SPACE)  # resolve (the computer sides move)
        driver.key(app, pygame.K_SPACE)  # next turn: hand-off
        driver.key(app, pygame.K_SPACE)  # the turn screen again
    assert len(seen) == len(load(FLAGSHIP).moves_of("islamabad"))


def test_a_card_beyond_the_tenth_is_chosen_by_its_letter(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    assert isinstance(turn, TurnScene)
    budget, _ = app.session.budget("islamabad")
    option = next(o for o in turn.options if o.legal and o.cost <= budget and turn.keys[o.id].isalpha())
    press_card(app, option.id)
    assert turn.selected == [option.id]
    driver.key(app, pygame.K_RETURN)  # seal
    assert isinstance(app.top, SealedScene)
    driver.key(app, pygame.K_SPACE)  # the computer sides move and the turn resolves
    last = app.session.last_turn_record()
    assert last is not None and last["orders"]["islamabad"]["moves"] == [option.id]


def test_no_more_moves_than_allowed_can_be_chosen(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    assert isinstance(turn, TurnScene)
    _, most = app.session.budget("islamabad")
    cheap = [o for o in turn.options if o.legal and o.cost == 1]
    assert len(cheap) > most, "the flagship's first turn offers more one-point cards than moves allowed"
    for option in cheap[: most + 1]:
        press_card(app, option.id)
    assert len(turn.selected) == most
    assert f"Chosen: {most} of {most} moves" in turn.spend.text and f"at most {most}" in turn.spend.text
    press_card(app, cheap[0].id)  # dropping one makes room again
    press_card(app, cheap[most].id)
    assert len(turn.selected) == most and cheap[most].id in turn.selected


def test_the_card_shows_the_teams_estimate_and_the_resolution_the_true_odds_beside_it(  # type: ignore[no-untyped-def]
        make_app, tmp_path: Path) -> None:
    from wargame.ui.scenes.resolution import ResolutionScene

    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    assert isinstance(turn, TurnScene)
    option = next(o for o in turn.options if o.legal and o.cost == 1)
    assert f"your estimate of the odds: {option.odds:.0%}" in turn.card_body(option)
    press_card(app, option.id)
    driver.key(app, pygame.K_RETURN)
    driver.key(app, pygame.K_SPACE)
    resolution = app.top
    assert isinstance(resolution, ResolutionScene)
    line = next(x for x in resolution.lines if x.text.startswith("Islamabad: " + option.label))
    draw = next(d for d in resolution.record["draws"] if d.get("move") == option.id)
    assert line.estimate == option.odds and line.p == draw["p"]  # both shown: estimate and odds rolled
    from wargame.ui.story import odds_text

    assert f"odds {draw['p']:.0%}" in odds_text(line) and f"estimated {option.odds:.0%}" in odds_text(line)


def test_hotkeys_that_open_a_text_box_do_not_type_their_letter(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    assert isinstance(turn, TurnScene)
    driver.key(app, pygame.K_t)  # KEYDOWN t, then SDL's TEXTINPUT "t"
    assert app.typing()
    driver.type_text(app, "Hold firm")
    driver.key(app, pygame.K_RETURN)
    assert turn.intent == "Hold firm"
    driver.key(app, pygame.K_F2)
    cell = app.top
    assert isinstance(cell, WhiteCellScene)
    driver.key(app, pygame.K_n)
    driver.type_text(app, "Quiet room")
    driver.key(app, pygame.K_RETURN)
    driver.key(app, pygame.K_o)
    driver.type_text(app, "Exercise control")
    driver.key(app, pygame.K_RETURN)
    records = app.session.game.records
    assert [r["text"] for r in records if r["type"] == "note"] == ["Quiet room"]
    assert [r["reason"] for r in records if r["type"] == "override"] == ["Exercise control"]


def test_a_click_after_the_wheel_chooses_the_card_under_the_pointer_and_the_list_stays(  # type: ignore[no-untyped-def]
        make_app, tmp_path: Path) -> None:
    app = flagship_turn(make_app, tmp_path, size=(1920, 1080))
    turn = app.top
    assert isinstance(turn, TurnScene) and turn.cards is not None
    bar = turn.cards.container.vert_scroll_bar
    assert bar is not None
    first = turn.card_buttons[turn.options[0].id]
    visible: list = []  # type: ignore[type-arg]
    while not visible:  # scroll over a card's text (not a button) until a card past the first screen shows
        before = bar.start_percentage
        driver.wheel(app, turn.cards.area.center, -2)
        assert bar.start_percentage > before and not app.scrolling()  # moved at once: no glide under a click
        shown = turn.cards.container.get_abs_rect()  # the scrolling list, below the advisor's legend
        visible = [o for o in turn.options if o.legal and o.id != turn.options[0].id
                   and shown.contains(turn.card_buttons[o.id].get_abs_rect())
                   and not shown.collidepoint(first.get_abs_rect().center)]
    scrolled = bar.start_percentage
    driver.click_widget(app, turn.card_buttons[visible[0].id])
    assert turn.selected == [visible[0].id]
    assert bar.start_percentage == scrolled  # choosing a card does not rebuild or move the list
    driver.wheel(app, turn.cards.area.center, 3)
    assert bar.start_percentage < scrolled


def test_the_team_can_read_its_brief_again(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    driver.key(app, pygame.K_b)
    assert isinstance(app.top, BriefScene) and app.top.side == "islamabad"
    driver.key(app, pygame.K_ESCAPE)
    assert app.top is turn


def test_the_advice_shown_is_logged_and_says_when_the_white_cell_switched_it_off(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    assert isinstance(turn, TurnScene) and turn.advice is not None  # pump waited for the forecast
    logged = [r for r in app.session.game.records if r["type"] == "advice"]
    assert len(logged) == 1 and logged[0]["side"] == "islamabad"
    assert set(turn.advice.moves) == {o.id for o in turn.options if o.legal}
    assert "Holding (no move)" in turn.advisor_legend()
    driver.key(app, pygame.K_F2)
    assert isinstance(app.top, WhiteCellScene)
    driver.key(app, pygame.K_a)  # advisor off
    driver.key(app, pygame.K_ESCAPE)
    assert app.top is turn and turn.advice is None
    assert "Advisor off" in turn.advisor_legend()
    assert len([r for r in app.session.game.records if r["type"] == "advice"]) == 1


def test_the_turn_screen_opens_before_the_forecast_and_says_it_is_forecasting(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    app.session = Session.start(load(FLAGSHIP), 7, {"islamabad": "human"}, tmp_path / "f.jsonl")
    app.flow.briefed = {"islamabad"}
    turn = TurnScene(app, "islamabad")
    app.push(turn)  # no pump: the forecast is still running on its thread
    assert turn.advice is None and app.session.advice_pending("islamabad")
    assert "forecasting" in turn.advisor_legend()
    assert not [r for r in app.session.game.records if r["type"] == "advice"]  # logged only once shown
    app.pump()
    assert turn.advice is not None and "forecasting" not in turn.advisor_legend()
    assert len([r for r in app.session.game.records if r["type"] == "advice"]) == 1


def test_fourteen_estimates_stay_legible(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for size in ((1280, 720), (1920, 1080)):
        app = flagship_turn(make_app, tmp_path / f"{size[0]}", size)
        turn = app.top
        assert isinstance(turn, TurnScene)
        shown = app.session.estimates("islamabad")
        assert len(shown) == 14
        area = turn.estimates_area(turn.layout())
        columns, _, px = estimates_grid(area.h, len(shown), turn.font_px(24))
        assert px >= 24 * size[1] / 1080 - 0.5 and columns == 1
        assert turn.layout().map.h >= area.h * 0.5  # the map keeps a usable share of the column


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_advisors_legend_is_read_whole_without_scrolling(make_app, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              size: tuple[int, int]) -> None:
    app = flagship_turn(make_app, tmp_path, size)
    turn = app.top
    assert isinstance(turn, TurnScene) and turn.advice is not None  # the forecast is in the legend
    box = turn.cards.legend_box
    assert "Holding (no move)" in box.html_text
    assert box.scroll_bar is None, "the legend scrolls: part of it is hidden"
