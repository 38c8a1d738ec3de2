"""The fictional teaching scenario plays from title to debrief at the table, headless, and nothing on
its screens or in its report names a South-Asian place: the program brings no flagship words of its
own into another crisis."""

from __future__ import annotations

import re
from pathlib import Path

import pygame

from tests.test_neutral_names import south_asian_names
from wargame.cli.verify import verify_file
from wargame.report.build import read_game_log, render_html, summarize
from wargame.ui import driver
from wargame.ui.app import App
from wargame.ui.scenes.briefing import HandOffScene, PrivateBriefScene, SealedScene
from wargame.ui.scenes.debrief import DebriefScene
from wargame.ui.scenes.resolution import ResolutionScene
from wargame.ui.scenes.setup import ChooseScenarioScene, SeatsScene, TitleScene
from wargame.ui.scenes.turn import TurnScene

SCENARIO = "river-tessel"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def names() -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(south_asian_names(), key=len, reverse=True)) + r")",
                      re.IGNORECASE)


def test_the_fictional_scenario_plays_from_title_to_debrief_and_names_no_south_asian_place(
    make_app, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    app: App = make_app(seed=3)
    app.push(TitleScene(app))
    app.pump()
    driver.key(app, pygame.K_RETURN)
    choose = app.top
    assert isinstance(choose, ChooseScenarioScene)
    driver.click_widget(app, choose.buttons[[c.path.stem for c in choose.choices].index(SCENARIO)])
    driver.click_widget(app, app.top.go)  # type: ignore[union-attr]
    assert isinstance(app.top, SeatsScene)
    driver.key(app, pygame.K_RETURN)
    session = app.session
    assert session is not None and session.scenario.id == "river_tessel"
    assert set(session.human_sides()) == {"aldmere", "brennick"}  # the mediator is the computer's
    driver.key(app, pygame.K_SPACE)  # public brief
    seen = []
    while not session.over:
        top = app.top
        seen.append(type(top).__name__)
        if isinstance(top, HandOffScene | PrivateBriefScene | SealedScene):
            driver.key(app, pygame.K_SPACE)
        elif isinstance(top, TurnScene):
            legal = [i for i, o in enumerate(top.options) if o.legal and o.cost <= 1]
            if legal:
                driver.key(app, pygame.K_1 + legal[-1])
            driver.key(app, pygame.K_RETURN)
        elif isinstance(top, ResolutionScene):
            if top.record["turn"] == 1:
                app.draw()
                pygame.image.save(app.screen, str(tmp_path / "tessel-resolution.png"))
            driver.key(app, pygame.K_SPACE)
        else:
            raise AssertionError(f"unexpected screen {type(top).__name__}")
    assert "TurnScene" in seen and "ResolutionScene" in seen
    driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, DebriefScene)
    app.draw()
    pygame.image.save(app.screen, str(tmp_path / "tessel-debrief.png"))
    ok, message = verify_file(str(session.log_path))
    assert ok, message

    log = read_game_log(str(session.log_path))
    html = render_html(summarize(log, runs=20, decision_runs=2), log.scenario)
    assert "Tessel" in html and "Coastal Union" in html
    found = sorted({m.group(0) for m in names().finditer(html)})
    assert not found, f"the fictional scenario's report names {found}"
