"""Text measured as drawn: legible from the back row and never cut short.

Every screen is drawn at 1920x1080 and 3840x2160 with the default (projector) text size. Each
font used, by hand-drawn text and by every widget, is measured: at 1080 lines no text is smaller
than 24 px and a capital letter is at least 16 px tall (twice that at 2160 lines). No hand-drawn
line is shortened with an ellipsis, and no label or button holds more text than its width.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
import pytest

from wargame.scenario import load
from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.scenes.briefing import (
    BriefingScene,
    HandOffScene,
    PrivateBriefScene,
    ResumedScene,
    SealedScene,
)
from wargame.ui.scenes.debrief import DebriefScene
from wargame.ui.scenes.overlays import (
    BriefScene,
    HelpScene,
    MenuScene,
    MessageScene,
    QuitScene,
    WhiteCellScene,
)
from wargame.ui.scenes.resolution import ResolutionScene
from wargame.ui.scenes.setup import ChooseScenarioScene, SeatsScene, TitleScene
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.session import ResumeNotice, Session

MIN_PX_AT_1080 = 24
MIN_CAPITAL_AT_1080 = 16


class Measured:
    """Fonts asked for while drawing, and hand-drawn lines that had to be shortened."""

    def __init__(self) -> None:
        self.sizes: set[tuple[int, bool]] = set()
        self.shortened: list[str] = []


@pytest.fixture
def measured() -> Iterator[Measured]:
    seen = Measured()
    real_font, real_text = style.font, style.text

    def font(size: int, bold: bool = False) -> pygame.font.Font:
        seen.sizes.add((size, bold))
        return real_font(size, bold)

    def text(surface: pygame.Surface, content: str, pos: tuple[float, float], size: int, *args: Any,
             max_width: int | None = None, **kwargs: Any) -> pygame.Rect:
        if max_width is not None and real_font(size, kwargs.get("bold", False)).size(content)[0] > max_width:
            seen.shortened.append(content)
        return real_text(surface, content, pos, size, *args, max_width=max_width, **kwargs)

    with pytest.MonkeyPatch.context() as patch:  # undone before the apps close (they clear the font cache)
        patch.setattr(style, "font", font)
        patch.setattr(style, "text", text)
        yield seen


def capital_height(font: Any) -> int:
    """Height in pixels of a rendered capital H (its inked box)."""
    if isinstance(font, pygame.font.Font):
        image = font.render("H", True, (255, 255, 255))
    else:
        image = font.render_premul("H", pygame.Color(255, 255, 255))
    return image.get_bounding_rect().h


def widget_fonts(scene: Scene) -> Iterator[tuple[Any, Any]]:
    """(widget, its font) for every widget with text, inside containers too."""
    stack = list(scene.widgets)
    while stack:
        w = stack.pop()
        if isinstance(w, pygame_gui.elements.UIScrollingContainer):
            stack.extend(w.get_container().elements)
            continue
        if isinstance(w, (pygame_gui.elements.UILabel, pygame_gui.elements.UIButton,
                          pygame_gui.elements.UITextBox, pygame_gui.elements.UITextEntryLine,
                          pygame_gui.elements.UIDropDownMenu)):
            yield w, w.ui_theme.get_font(w.combined_element_ids)


def screens(app: App, session: Session) -> list[Scene]:
    side = "islamabad"
    record = session.last_turn_record()
    assert record is not None
    return [
        TitleScene(app), ChooseScenarioScene(app), SeatsScene(app, session.scenario), BriefingScene(app),
        HandOffScene(app, side, "your orders", lambda: TurnScene(app, side)), PrivateBriefScene(app, side),
        TurnScene(app, side), SealedScene(app), ResolutionScene(app, record), DebriefScene(app),
        ResumedScene(app, ResumeNotice(3, ("islamabad", "kabul"), None)),
    ]


OVERLAYS = [HelpScene, MenuScene, WhiteCellScene, QuitScene, lambda app: BriefScene(app, "islamabad"),
            lambda app: MessageScene(app, "Something the room should read.")]


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
def test_no_text_the_room_reads_is_small_or_cut_short(make_app, tmp_path: Path, measured: Measured,  # type: ignore[no-untyped-def]
                                                      size: tuple[int, int]) -> None:
    scenario = load("oct_2025_border_crisis")
    app = make_app(size=size)
    session = Session.start(scenario, 7, {"islamabad": "human", "kabul": "human"}, tmp_path / "g.jsonl",
                            teams={"islamabad": "Blue"})
    app.session = session
    for _ in range(3):
        for side in session.waiting_for():
            session.submit(side, [o.id for o in session.moves(side) if o.legal and o.cost == 1][:1])
        session.resolve()
    finished = Session.start(scenario, 8, {"islamabad": "human", "kabul": "human"}, tmp_path / "end.jsonl")
    while not finished.over:
        for side in finished.waiting_for():
            finished.submit(side, [])
        finished.resolve()
    factor = size[1] / 1080
    small_widgets: list[str] = []
    overfull: list[str] = []
    scenes: list[Scene] = screens(app, session)
    for scene in [*scenes, *(make(app) for make in OVERLAYS)]:
        app.session = finished if isinstance(scene, DebriefScene) else session
        app.stack.clear()
        if scene.overlay:
            app.push(TurnScene(app, "islamabad"))
        app.push(scene)
        app.dirty = True
        app.pump()
        app.draw()
        for widget, font in widget_fonts(scene):
            name = f"{type(scene).__name__}: {type(widget).__name__} {getattr(widget, 'text', '')[:30]!r}"
            if font.point_size < MIN_PX_AT_1080 * factor - 0.5 or capital_height(font) < MIN_CAPITAL_AT_1080 * factor:
                small_widgets.append(f"{name} at {font.point_size}px")
            if isinstance(widget, (pygame_gui.elements.UILabel, pygame_gui.elements.UIButton)) and widget.text:
                if font.size(widget.text)[0] > widget.get_relative_rect().w - 4:
                    overfull.append(name)
        app.stack.clear()
    small_drawn = sorted({px for px, _ in measured.sizes if px < MIN_PX_AT_1080 * factor - 0.5})
    capitals = min(capital_height(style.font(px, bold)) for px, bold in measured.sizes)
    assert not small_drawn, f"hand-drawn text at {small_drawn} px"
    assert capitals >= MIN_CAPITAL_AT_1080 * factor, f"a capital letter only {capitals} px tall"
    assert not small_widgets, small_widgets
    assert not overfull, f"text wider than its widget: {overfull}"
    assert not measured.shortened, f"lines cut short with an ellipsis: {measured.shortened[:8]}"
