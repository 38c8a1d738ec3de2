"""The debrief: where the crisis ended, the escalation curve, the score headline, and the truth."""

from __future__ import annotations

import pygame
import pygame_gui

from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.charts import draw_curve
from wargame.ui.scenes.briefing import is_advance
from wargame.ui.session import Debrief
from wargame.ui.widgets import button, esc, label, textbox


class DebriefScene(Scene):
    name = "debrief"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.summary: Debrief = app.session.debrief()
        self.waited = 0.0

    def layout(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect, pygame.Rect]:
        w, h = self.size
        m = self.px(0.015)
        header = pygame.Rect(m, m, w - 2 * m, self.px(0.07))
        bh = self.px(0.075)
        chart = pygame.Rect(m, header.bottom + m, round(w * 0.55), h - header.bottom - 3 * m - bh)
        text = pygame.Rect(chart.right + m, chart.y, w - chart.right - 2 * m, chart.h)
        footer = pygame.Rect(m, h - m - bh, w - 2 * m, bh)
        return header, chart, text, footer

    def build(self) -> None:
        session = self.app.session
        s = session.scenario
        d = self.summary
        header, _, text, footer = self.layout()
        label(self, header, f"Debrief: {s.title}", object_id="#heading")
        outcome = (d.outcome or "ongoing").replace("_", " ")
        peak = max(d.levels)
        parts = [
            f"<b>Final rung:</b> {esc(d.final_label)} (level {d.levels[-1]})",
            f"<b>Outcome:</b> {esc(outcome)}" + (f" ({esc(d.reason)})" if d.reason else ""),
            f"<b>Turns played:</b> {len(d.levels) - 1} of {s.turns.count}  ·  <b>peak level:</b> {peak}",
        ]
        if d.headline:
            parts.append(f"<b>Score:</b> {esc(d.headline)}")
        truth = session.game.truth
        rows = []
        for ind in s.indicators:
            seen = [
                f"{esc(session.side_label(side))} saw {v:.0f}"
                for side in session.human_sides()
                if (v := session.game.observed[side].get(ind.id)) is not None
            ]
            rows.append(f"{esc(ind.label)}: <b>{truth[ind.id]:.0f}{esc(ind.unit)}</b>"
                        + (f" <font color='#bbbbbb'>({'; '.join(seen)})</font>" if seen else ""))
        parts.append("<b>What was really happening</b><br>" + "<br>".join(rows))
        parts.append(f"<font color='#bbbbbb'>The full log is {esc(str(session.log_path))}; "
                     f"the after-action report is made from it.</font>")
        textbox(self, text, "<br><br>".join(parts))
        done = "Quit  [Enter]" if self.app.options.exit_when_done else "Back to the title  [Enter]"
        self.go = button(self, pygame.Rect(footer.right - round(footer.w * 0.35), footer.y, round(footer.w * 0.35),
                                           footer.h), done, object_id="#big_button")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.go) or is_advance(event):
            self.finish()
            return True
        return False

    def finish(self) -> None:
        if self.app.options.exit_when_done:
            self.app.flow.save_and_quit()
        else:
            self.app.flow.to_title()

    def update(self, dt: float) -> bool:
        if self.app.options.demo and self.app.options.exit_when_done and self.app.top is self:
            self.waited += dt
            if self.waited >= self.app.options.demo_seconds * 2:
                self.finish()
                return True
        return False

    def wake_in(self) -> int | None:
        return 250 if self.app.options.demo and self.app.options.exit_when_done else None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        _, chart, _, _ = self.layout()
        draw_curve(surface, chart, self.app.session.scenario, self.summary.levels, self.font_px(24))
