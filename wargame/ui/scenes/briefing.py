"""Briefings and the screens that keep one team's choices hidden from the next."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.scenes.setup import is_confirm
from wargame.ui.session import ResumeNotice, seat_label
from wargame.ui.widgets import button, esc, label, textbox


def is_advance(event: pygame.event.Event) -> bool:
    return is_confirm(event) or (event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE)


class ContinueScene(Scene):
    """A screen with one big button (`self.go`) that Space or Enter also presses."""

    go: pygame_gui.elements.UIButton

    def advance(self) -> None:
        self.app.flow.next()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.go) or is_advance(event):
            self.advance()
            return True
        return False


class BriefingScene(ContinueScene):
    """The public brief, read to the whole room."""

    name = "briefing"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.waited = 0.0

    def build(self) -> None:
        s = self.app.session.scenario
        w, h = self.size
        m = self.px(0.03)
        label(self, pygame.Rect(m, m, w - 2 * m, self.px(0.07)), s.title, object_id="#heading")
        parts = [f"<b>The situation.</b> {esc(s.meta.description or s.meta.summary)}"]
        session = self.app.session
        for side in s.sides:
            if side.briefing.public:
                team = session.team_name(side.id)
                who = seat_label(session.seats()[side.id]) + (f", team {team}" if team else "")
                parts.append(f"<b>{esc(side.label)}</b> ({esc(who)}): {esc(side.briefing.public)}")
        t = s.turns
        when = f" from {t.start_date}" if t.start_date else ""
        parts.append(f"{t.count} {esc(t.label.lower())}s of {t.length_days:g} days each{esc(when)}.")
        bh = self.px(0.08)
        textbox(self, pygame.Rect(m, m + self.px(0.09), w - 2 * m, h - 3 * m - bh - self.px(0.09)),
                "<br><br>".join(parts))
        self.go = button(self, pygame.Rect(w - m - round(w * 0.35), h - m - bh, round(w * 0.35), bh),
                         "Continue  [Space]", object_id="#big_button")

    def update(self, dt: float) -> bool:
        return demo_tick(self, dt)

    def wake_in(self) -> int | None:
        return 250 if self.app.options.demo else None


def demo_tick(scene: Scene, dt: float) -> bool:
    """In a demo (every seat a computer), move on after a readable pause unless paused."""
    app = scene.app
    if not app.options.demo or app.top is not scene or (app.session is not None and app.session.paused):
        return False
    waited = getattr(scene, "waited", 0.0) + dt
    scene.waited = waited  # type: ignore[attr-defined]
    if waited >= app.options.demo_seconds:
        scene.waited = 0.0  # type: ignore[attr-defined]
        app.flow.next()
        return True
    return False


class HandOffScene(Scene):
    """A blank screen between teams: nothing of the last team's choice is left on it."""

    name = "handoff"

    def __init__(self, app: App, side: str, purpose: str, then: Callable[[], Scene]) -> None:
        super().__init__(app)
        self.side = side
        self.purpose = purpose
        self.then = then

    def enter(self) -> None:
        self.warmed = self.purpose != "your orders"
        if not self.warmed:
            self.app.session.request_advice(self.side)  # forecast while the team comes to the screen
        super().enter()

    def update(self, dt: float) -> bool:
        if not self.warmed and self.app.top is self:
            if not self.complete or not getattr(self, "shown", False):
                self.shown = True  # the frame that opened this screen has work enough: wait one
                return False
            from wargame.ui.scenes.turn import TurnScene

            self.warmed = True
            TurnScene.warm(self.app, self.side)  # a frame of its own, while the screen waits for the team
        return False

    def wake_in(self) -> int | None:
        return None if self.warmed else 1

    def build(self) -> None:
        session = self.app.session
        w, h = self.size
        who = session.side_label(self.side)
        turn = f"{session.scenario.turns.label} {session.turn + 1} of {session.turn_count}"
        label(self, pygame.Rect(0, round(h * 0.25), w, self.px(0.06)), turn, object_id="#subtle_centre")
        label(self, pygame.Rect(0, round(h * 0.33), w, self.px(0.11)), f"Pass to {who}", object_id="#title")
        label(self, pygame.Rect(0, round(h * 0.46), w, self.px(0.06)),
              f"Only the {who} team should look at the screen now. Next: {self.purpose}.",
              object_id="#subtle_centre")
        bw, bh = round(w * 0.4), self.px(0.09)
        self.go = button(self, pygame.Rect((w - bw) // 2, round(h * 0.6), bw, bh),
                         "Ready - press Space", object_id="#big_button")

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        colour = style.hex_colour(self.app.session.scenario.side(self.side).color)
        w, h = self.size
        pygame.draw.rect(surface, colour, pygame.Rect(0, 0, w, self.px(0.025)))
        pygame.draw.rect(surface, colour, pygame.Rect(0, h - self.px(0.025), w, self.px(0.025)))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.go) or (
            event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE
        ):
            self.app.replace(self.then())
            return True
        return False


class PrivateBriefScene(ContinueScene):
    """One team's private brief and its objectives."""

    name = "private_brief"

    def __init__(self, app: App, side: str) -> None:
        super().__init__(app)
        self.side = side

    def build(self) -> None:
        from wargame.ui.scenes.overlays import brief_markup

        spec = self.app.session.scenario.side(self.side)
        w, h = self.size
        m = self.px(0.03)
        label(self, pygame.Rect(m, m, w - 2 * m, self.px(0.07)), f"{spec.label}: your private brief",
              object_id="#heading")
        bh = self.px(0.08)
        textbox(self, pygame.Rect(m, m + self.px(0.09), w - 2 * m, h - 3 * m - bh - self.px(0.09)),
                brief_markup(self.app, self.side) + "<br><br><i>Read it again at any time with B on your turn.</i>")
        self.go = button(self, pygame.Rect(w - m - round(w * 0.4), h - m - bh, round(w * 0.4), bh),
                         "Done, hide it  [Space]", object_id="#big_button")

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        colour = style.hex_colour(self.app.session.scenario.side(self.side).color)
        pygame.draw.rect(surface, colour, pygame.Rect(0, 0, self.px(0.012), self.size[1]))


class SealedScene(ContinueScene):
    """Every team has sealed its orders; the room gathers before anything is revealed."""

    name = "sealed"

    def words(self) -> tuple[str, list[str]]:
        """The title and the lines under it: the teams whose orders are in, or, in a turn that follows
        the recorded history, that no team chose (the record's orders and chance events play)."""
        session = self.app.session
        game, turn = session.game, session.scenario.turns.label
        if game.in_history:
            return "As it really happened", [
                f"{turn} {game.turn + 1} follows the recorded history (to {turn.lower()} {game.history_turns}).",
                "Every side's orders and every chance event are the record's. Gather the room."]
        teams = ", ".join(session.side_label(s) for s in session.human_sides())
        return "Orders sealed", [f"{teams}: your orders are in. Gather the room."]

    def build(self) -> None:
        w, h = self.size
        title, lines = self.words()
        label(self, pygame.Rect(0, round(h * 0.3), w, self.px(0.11)), title, object_id="#title")
        for k, line in enumerate(lines):
            label(self, pygame.Rect(0, round(h * 0.43) + k * self.px(0.05), w, self.px(0.06)), line,
                  object_id="#subtle_centre")
        bw, bh = round(w * 0.4), self.px(0.09)
        self.go = button(self, pygame.Rect((w - bw) // 2, round(h * 0.58), bw, bh),
                         "Resolve the turn  [Space]", object_id="#big_button")

    def advance(self) -> None:
        self.app.flow.resolve()


class ResumedScene(ContinueScene):
    """After a resume: where the game stands, and which orders must be given again."""

    name = "resumed"

    def __init__(self, app: App, notice: ResumeNotice) -> None:
        super().__init__(app)
        self.notice = notice

    def text(self) -> str:
        session, n = self.app.session, self.notice
        turn = f"{session.scenario.turns.label} {n.turn}"
        parts = [f"The game continues from its log at {esc(turn)} of {session.turn_count}. Every resolved turn "
                 "and every white-cell act is back as it was."]
        if n.sides:
            teams = ", ".join(session.side_label(s) for s in n.sides)
            parts.append(f"<b>Orders to give again:</b> {esc(teams)}, for {esc(turn)}. Orders sealed before the "
                         "interruption are not kept in the log (they stay secret until a turn is resolved).")
        if n.cut:
            parts.append(f"<font color='#ee7733'>{esc(n.cut)}</font>")
        return "<br><br>".join(parts)

    def build(self) -> None:
        w, h = self.size
        m = self.px(0.03)
        label(self, pygame.Rect(m, m, w - 2 * m, self.px(0.07)), "Game resumed", object_id="#heading")
        bh = self.px(0.08)
        textbox(self, pygame.Rect(m, m + self.px(0.09), w - 2 * m, h - 3 * m - bh - self.px(0.09)), self.text())
        self.go = button(self, pygame.Rect(w - m - round(w * 0.35), h - m - bh, round(w * 0.35), bh),
                         "Continue  [Space]", object_id="#big_button")
