"""The debrief shows the figures `wargame report` prints for the same log."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from wargame.report.build import fmt, read_game_log, summarize
from wargame.report.scoring import score_game
from wargame.scenario import load
from wargame.ui import driver
from wargame.ui.app import App
from wargame.ui.scenes.debrief import DebriefScene, headline_lines, report_command, risk_lines
from wargame.ui.session import Session


def finished_game(make_app, tmp_path: Path, scenario: str, size: tuple[int, int]) -> App:  # type: ignore[no-untyped-def]
    """A game played to its end through the session (computer seats), then the debrief on screen."""
    sc = load(scenario)
    app = make_app(size=size)
    humans = {s.id: "human" for s in sc.sides if s.playable}
    app.session = Session.start(sc, 13, humans, tmp_path / f"{scenario}.jsonl")
    while not app.session.over:
        for side in app.session.waiting_for():
            legal = [o for o in app.session.moves(side) if o.legal and o.cost <= 1]
            app.session.submit(side, [legal[0].id] if legal and app.session.turn % 2 else [])
        app.session.resolve()
    app.push(DebriefScene(app))
    app.pump()
    return app


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("scenario", ["tutorial", "oct_2025_border_crisis"])
def test_every_objective_is_shown_with_its_rating_from_score_game(make_app, tmp_path: Path, scenario: str,  # type: ignore[no-untyped-def]
                                                                  size: tuple[int, int]) -> None:
    app = finished_game(make_app, tmp_path, scenario, size)
    debrief = app.top
    assert isinstance(debrief, DebriefScene)
    scores = score_game(app.session.game.records, app.session.scenario)
    assert debrief.drawn_objectives == [(o.side, o.id, o.rating) for o in scores.objectives]
    assert len(debrief.drawn_objectives) >= 3


def test_the_debrief_figures_are_the_reports(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = finished_game(make_app, tmp_path, "tutorial", (1280, 720))
    d = app.top.summary  # type: ignore[union-attr]
    report = summarize(read_game_log(str(app.session.log_path)), decisions=False)
    head = report["headline"]
    assert d.risk is not None and d.scores is not None
    assert (d.risk.value, d.risk.interval) == (head["risk_reduced"], head["risk_interval"])
    assert (d.scores.peak, d.scores.cumulative, d.scores.turns_peak_to_calm) == (
        head["peak"], head["cumulative"], head["turns_peak_to_calm"])
    shown = dict(headline_lines(d, app.session.scenario))
    assert shown["Cumulative escalation"].startswith(fmt(head["cumulative"]) + " over")
    parts = report["index_parts"]["parts"]
    assert shown["Made of"] == " · ".join(f"{p['label']}: {fmt(p['game'])}" for p in parts)
    assert fmt(head["risk_reduced"]) in risk_lines(d)[0]
    assert report_command(app.session.log_path) == f"wargame report {app.session.log_path} -o report.html"


def test_tab_shows_the_true_values_and_enter_leaves(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = finished_game(make_app, tmp_path, "tutorial", (1280, 720))
    debrief = app.top
    assert isinstance(debrief, DebriefScene) and debrief.page == "objectives"
    driver.key(app, pygame.K_TAB)
    assert debrief.page == "truth" and "Objectives" in debrief.switch.text
    driver.click_widget(app, debrief.switch)
    assert debrief.page == "objectives"
    driver.key(app, pygame.K_RETURN)
    assert not isinstance(app.top, DebriefScene) and app.session is None
