"""The turn screen with the flagship's many cards: a key for every card, advice logged, legible estimates."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from wargame.scenario import load
from wargame.ui import driver
from wargame.ui.app import App
from wargame.ui.charts import estimates_grid
from wargame.ui.scenes.briefing import SealedScene
from wargame.ui.scenes.overlays import WhiteCellScene
from wargame.ui.scenes.turn import CARD_KEYS, TurnScene, card_key
from wargame.ui.session import Session

FLAGSHIP = "oct_2025_border_crisis"


def flagship_turn(make_app, tmp_path: Path, size: tuple[int, int] = (1280, 720)) -> App:  # type: ignore[no-untyped-def]
    try:
        scenario = load(FLAGSHIP)
    except Exception:  # the flagship may not be shipped in every checkout
        pytest.skip(f"{FLAGSHIP} not available")
    app = make_app(size=size)
    app.session = Session.start(scenario, 7, {"islamabad": "human"}, tmp_path / "flagship.jsonl")
    app.flow.briefed = {"islamabad"}
    app.push(TurnScene(app, "islamabad"))
    app.pump()
    return app


def test_every_card_has_its_own_key_and_none_is_taken_by_another_action() -> None:
    assert len(set(CARD_KEYS)) == len(CARD_KEYS) >= 30
    assert not set(CARD_KEYS) & set("tw")  # stated intent, white cell
    assert [card_key(i) for i in (0, 8, 9, 10)] == ["1", "9", "0", "A"]
    assert card_key(len(CARD_KEYS)) == ""


def test_a_card_beyond_the_tenth_is_chosen_by_its_letter(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    assert isinstance(turn, TurnScene) and len(turn.options) > 10
    budget, _ = app.session.budget("islamabad")
    index = next(i for i, o in enumerate(turn.options) if i >= 10 and o.legal and o.cost <= budget)
    option = turn.options[index]
    letter = CARD_KEYS[index]
    assert f" {letter.upper()}: " in turn.card_buttons[option.id].text  # the key is shown on the card
    driver.key(app, ord(letter), letter)
    assert turn.selected == [option.id]
    driver.key(app, pygame.K_RETURN)  # seal
    assert isinstance(app.top, SealedScene)
    driver.key(app, pygame.K_SPACE)  # the computer sides move and the turn resolves
    last = app.session.last_turn_record()
    assert last is not None and last["orders"]["islamabad"]["moves"] == [option.id]


def test_the_advice_shown_is_logged_and_says_when_the_white_cell_switched_it_off(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path)
    turn = app.top
    assert isinstance(turn, TurnScene) and turn.advice is not None
    logged = [r for r in app.session.game.records if r["type"] == "advice"]
    assert len(logged) == 1 and logged[0]["side"] == "islamabad"
    assert set(turn.advice.moves) == {o.id for o in turn.options if o.legal}
    assert turn.best and "Holding (no move)" in turn.advisor_legend()
    driver.key(app, pygame.K_F2)
    assert isinstance(app.top, WhiteCellScene)
    driver.key(app, pygame.K_a)  # advisor off
    driver.key(app, pygame.K_ESCAPE)
    assert app.top is turn and turn.advice is None
    assert "Advisor off" in turn.advisor_legend()
    assert len([r for r in app.session.game.records if r["type"] == "advice"]) == 1


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_fourteen_estimates_stay_legible(make_app, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = flagship_turn(make_app, tmp_path, size)
    turn = app.top
    assert isinstance(turn, TurnScene)
    shown = app.session.estimates("islamabad")
    assert len(shown) == 14
    area = turn.estimates_area(turn.layout())
    columns, _, px = estimates_grid(area.h, len(shown), turn.font_px(24))
    assert px >= 16 * size[1] / 720 - 0.5 and columns == 1
    assert turn.layout().map.h >= area.h * 0.5  # the map keeps a usable share of the column
