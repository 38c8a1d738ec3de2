"""Several ladders at the table: the main one large, every other one in a row below it, each named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from wargame.scenario import load
from wargame.ui import style
from wargame.ui.ladder import draw_ladders, ladder_title, main_ladder_rect
from wargame.ui.session import Session
from wargame.ui.story import turn_events

THREE = Path(__file__).resolve().parents[1] / "sim" / "fixtures" / "three_tracks.yaml"


@pytest.fixture
def session(tmp_path: Path) -> Session:
    scenario = load(THREE)
    return Session.start(scenario, 5, {scenario.sides[0].id: "human"}, tmp_path / "g.jsonl")


def drawn_text(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every string the ladder code writes, in order."""
    seen: list[str] = []
    real = style.text

    def spy(surface: pygame.Surface, text: str, *args: Any, **kwargs: Any) -> pygame.Rect:
        seen.append(text)
        return real(surface, text, *args, **kwargs)

    monkeypatch.setattr(style, "text", spy)
    return seen


def test_every_ladder_is_shown_with_its_rung(make_app, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    make_app()
    seen = drawn_text(monkeypatch)
    canvas = pygame.Surface((500, 700))
    draw_ladders(canvas, canvas.get_rect(), session.scenario, session.ladder_rungs, session.ladder_histories(), 24)
    s = session.scenario
    main, *others = s.all_ladders
    for rung in s.rungs_on(main.id):
        assert rung.label in seen  # the main ladder lists its rungs
    for ladder in others:
        assert f"{ladder.label}: " in seen
        assert s.rung(session.ladder_rungs[ladder.id]).label in seen
        for rung in s.rungs_on(ladder.id):
            if rung.id != session.ladder_rungs[ladder.id]:
                assert rung.label not in seen  # only its rung is named; the bar shows the rest
    assert ladder_title(s) == f"{main.label} (main ladder)"


def test_the_main_ladder_leaves_room_for_the_rows(session: Session) -> None:
    rect = pygame.Rect(0, 0, 400, 800)
    main = main_ladder_rect(session.scenario, rect, 24)
    assert main.top == 0 and main.w == 400 and 400 <= main.h < 800
    one = load("tutorial")
    assert main_ladder_rect(one, rect, 24) == rect
    assert ladder_title(one) == "Escalation ladder"


def test_each_ladder_keeps_its_own_trail_through_an_override(session: Session) -> None:
    s = session.scenario
    other = s.all_ladders[1]
    target = next(r.id for r in s.rungs_on(other.id) if r.id != session.ladder_rungs[other.id])
    before = session.ladder_histories()
    session.override_rung("the room agreed", target)
    after = session.ladder_histories()
    assert after[other.id] == [*before[other.id], target]
    assert after[s.main_ladder.id] == before[s.main_ladder.id]  # the main trail is untouched
    assert session.rung_history() == before[s.main_ladder.id]


def test_the_white_cell_sees_which_ladder_a_rung_is_on(session: Session) -> None:
    labels = dict(session.rungs())
    s = session.scenario
    for ladder in s.all_ladders:
        for rung in s.rungs_on(ladder.id):
            assert labels[rung.id] == f"{ladder.label}: {rung.label}"


def test_the_story_names_the_ladder_that_moved(session: Session) -> None:
    side = session.scenario.sides[0].id
    for _ in range(session.scenario.turns.count):
        if session.over:
            break
        session.submit(side, [])
        record = session.resolve()
        moved = [e for e in record["events"] if e["kind"] == "ladder"]
        if not moved:
            continue
        texts = [line.text for line in turn_events(session.scenario, record)[0]]
        for event in moved:
            name = session.scenario.ladder(event["ladder"]).label
            assert any(t.startswith(f"{name} moves") for t in texts), texts
        return
    pytest.fail("no ladder moved in a whole game")
