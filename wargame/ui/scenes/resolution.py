"""The turn resolved: what happened in order, with the odds and the roll of each chance, and the ladder moving."""

from __future__ import annotations

from functools import partial
from typing import Any

import pygame

from wargame.ui import style
from wargame.ui.app import App
from wargame.ui.geography import region_of
from wargame.ui.ladder import draw_ladders, ladder_title, marker_position
from wargame.ui.mapview import draw_map
from wargame.ui.scenes.briefing import ContinueScene, demo_tick
from wargame.ui.story import marks, odds_text, turn_events
from wargame.ui.widgets import button, esc, label, textbox

ANIMATION_SECONDS = 1.2


class ResolutionScene(ContinueScene):
    name = "resolution"

    def __init__(self, app: App, record: dict[str, Any]) -> None:
        super().__init__(app)
        self.record = record
        turn = int(record["turn"])
        self.lines, self.missed = turn_events(app.session.scenario, record,
                                              lambda side, move: app.session.estimated_odds(turn, side, move))
        main = app.session.scenario.main_ladder.id
        ladder = [e for e in record["events"] if e["kind"] == "ladder" and e.get("ladder", main) == main]
        self.rung_from = ladder[-1]["from"] if ladder else record["rung"]
        self.rung_to = record["rung"]
        self.t = 0.0 if self.rung_from != self.rung_to else 1.0
        self.waited = 0.0

    def layout(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect, pygame.Rect, pygame.Rect]:
        w, h = self.size
        m = self.px(0.015)
        header = pygame.Rect(m, m, w - 2 * m, self.px(0.07))
        bh = self.px(0.075)
        bottom = h - m - bh - m
        left_w = round(w * 0.46)
        story = pygame.Rect(m, header.bottom + m, left_w, bottom - header.bottom - m)
        ladder = pygame.Rect(story.right + m, header.bottom + m, round(w * 0.21), story.h)
        map_rect = pygame.Rect(ladder.right + m, header.bottom + m, w - ladder.right - 2 * m,
                               story.h - round(self.font_px(24) * 1.6))
        footer = pygame.Rect(m, h - m - bh, w - 2 * m, bh)
        return header, story, ladder, map_rect, footer

    def build(self) -> None:
        """The header and buttons now, the long story of the turn in a frame of its own."""
        session = self.app.session
        header, _, _, _, footer = self.layout()
        self.build_later(self.build_story)
        s = session.scenario
        rung = s.rung(self.rung_to)
        title = f"{s.turns.label} {self.record['turn']} resolved  ·  now: {rung.label}"
        label(self, header, title, object_id="#heading")
        last = self.record["turn"] >= session.turn_count or session.over
        text = "See the debrief  [Space]" if last else "Next turn  [Space]"
        if self.app.options.demo:
            text = text.replace("[Space]", "[Space, or wait]")
        self.go = button(self, pygame.Rect(footer.right - round(footer.w * 0.35), footer.y, round(footer.w * 0.35),
                                           footer.h), text, object_id="#big_button")
        status = "Demo paused (white cell: P)" if session.paused else "F1 help · F2 white cell · Esc menu"
        label(self, pygame.Rect(footer.x, footer.y, round(footer.w * 0.6), footer.h), status, object_id="#subtle")

    def build_story(self) -> None:
        """What happened (the bullets and the stated intents) above, every event with its odds below:
        two boxes, each made in a frame of its own."""
        s = self.app.session.scenario
        story = self.layout()[1]
        parts = []
        bullets = self.record.get("narrative", [])[:5]
        if bullets:
            parts.append("<b>What happened</b><br>" + "<br>".join(f"- {esc(b)}" for b in bullets))
        intents = [
            f"{esc(s.side(side).label)}: <i>{esc(o['intent'])}</i>"
            for side, o in self.record["orders"].items() if o.get("intent")
        ]
        if intents:
            parts.append("<b>Stated intents</b><br>" + "<br>".join(intents))
        rows = []
        for line in self.lines:
            odds = odds_text(line)
            rows.append(f"<b>{line.number}.</b> {esc(line.text)}" + (f" <font color='#bbbbbb'>· {odds}</font>" if odds else ""))
        for line in self.missed:
            rows.append(f"<font color='#bbbbbb'>{esc(line.text)} · {odds_text(line)}</font>")
        events = ""
        if rows:
            events = ("<b>In order, with the true odds and the roll</b> (a roll under the odds happens; "
                      "\"estimated\" is what the side's own card showed)<br>" + "<br>".join(rows))
        split = story.h // 2 if events and parts else story.h
        top = pygame.Rect(story.x, story.y, story.w, split - self.px(0.006))
        bottom = pygame.Rect(story.x, story.y + split, story.w, story.h - split)
        if parts or not events:
            textbox(self, top if events else story, "<br><br>".join(parts) or "A quiet turn.")
        if events:
            self.build_later(partial(self.add_box, bottom if parts else story, events))

    def add_box(self, rect: pygame.Rect, markup: str) -> None:
        textbox(self, rect, markup)

    def update(self, dt: float) -> bool:
        moved = False
        if self.t < 1.0:
            self.t = min(1.0, self.t + dt / ANIMATION_SECONDS)
            moved = True
        return demo_tick(self, dt) or moved

    def wake_in(self) -> int | None:
        if self.t < 1.0:
            return 33
        return 250 if self.app.options.demo else None

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_layer(surface, min(self.t, 1.0), self.paint)  # painted anew only while the ladder moves

    def paint(self, surface: pygame.Surface) -> None:
        session = self.app.session
        surface.fill(style.BACKGROUND)
        _, _, ladder, map_rect, _ = self.layout()
        pad = self.px(0.012)
        head = self.font_px(24)
        pygame.draw.rect(surface, style.PANEL, ladder, border_radius=6)
        style.text(surface, ladder_title(session.scenario), (ladder.x + pad, ladder.y + pad), head, bold=True,
                   max_width=ladder.w - 2 * pad)
        inner = pygame.Rect(ladder.x + pad // 2, ladder.y + head + 2 * pad, ladder.w - pad, ladder.h - head - 3 * pad)
        label_px = self.font_px(24)
        y = None
        if self.t < 1.0:
            y = marker_position(session.scenario, inner, label_px, self.rung_from, self.rung_to, self.t)
        histories = session.ladder_histories()
        standing = {**session.ladder_rungs, session.scenario.main_ladder.id: self.rung_to}
        draw_ladders(surface, inner, session.scenario, standing, histories, label_px, marker_y=y)
        draw_map(surface, map_rect, list(session.scenario.places), marks(self.lines), self.font_px(24),
                 region=region_of(session.scenario))
        style.text(surface, "Numbers on the map match the list", (map_rect.x, map_rect.bottom + pad),
                   self.font_px(24), style.SUBTLE, max_width=map_rect.w)
