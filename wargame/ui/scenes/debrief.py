"""The debrief: the headline figures, each side's objectives rated, the escalation curve, the truth.

Every figure comes from `wargame.report` (score_game and risk_reduced, with the report's own
formatter), so what the room sees here is what `wargame report` prints for the same log. Text is
drawn by hand, large, and fitted to the window: a long list of objectives drops its detail lines
before anything shrinks below a size the back of a room can read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame
import pygame_gui

from wargame.report.build import fmt
from wargame.report.index_parts import index_makeup, makeup_line
from wargame.report.scoring import GameScores, ObjectiveRating
from wargame.report.wording import risk_sentence
from wargame.scenario.models import Scenario
from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.charts import draw_curve
from wargame.ui.scenes.briefing import is_advance
from wargame.ui.session import Debrief
from wargame.ui.widgets import button

PAGES = ("objectives", "truth")


def report_command(log_path: object) -> str:
    """The command that writes the full after-action report for this game's log."""
    return f"wargame report {log_path} -o report.html"


def headline_lines(d: Debrief, scenario: Scenario) -> list[tuple[str, str]]:
    """(label, value) pairs of the headline block, from the report's scores and formatter; the
    cumulative escalation is followed by what it is made of (each part of the scenario's index)."""
    s = d.scores
    outcome = (d.outcome or (s.outcome.form if s else "ongoing")).replace("_", " ")
    reason = f" ({d.reason})" if d.reason else ""
    lines = [("Outcome", outcome + reason)]
    if s is None:
        return [*lines, ("Scores", d.risk_problem or "not computed")]
    back = "never" if s.turns_peak_to_calm is None else f"{fmt(s.turns_peak_to_calm)} turns"
    lines += [
        ("Peak escalation", f"{fmt(s.peak)} at turn {fmt(s.peak_turn)} (highest level {fmt(s.peak_level)})"),
        ("Last turn", f"escalation index {fmt(s.final)}, level {fmt(d.levels[-1])}"),
        ("Cumulative escalation", f"{fmt(s.cumulative)} over {fmt(s.horizon)} turns"),
        ("Made of", makeup_line(index_makeup(scenario, s), fmt)),
        ("Peak back to calm", back),
    ]
    return lines


def risk_lines(d: Debrief) -> tuple[str, str]:
    """The risk-reduced figure with its interval, and what it is measured against."""
    r = d.risk
    if r is None:
        return "Risk reduced: not computed", d.risk_problem or ""
    return (f"Risk reduced: {fmt(r.value)}  (95% interval {fmt(r.interval[0])} to {fmt(r.interval[1])})",
            risk_sentence(r.value, r.baseline))


def thresholds(o: ObjectiveRating) -> str:
    """'lower is better: P 50 / S 60 / M 70' (the report's thresholds, the report's numbers)."""
    th = o.thresholds
    return f"{o.better} is better: P {fmt(th['performed'])} / S {fmt(th['some'])} / M {fmt(th['major'])}"


@dataclass(frozen=True)
class DebriefLayout:
    header: pygame.Rect
    headline: pygame.Rect
    chart: pygame.Rect
    right: pygame.Rect
    footer: pygame.Rect


class DebriefScene(Scene):
    name = "debrief"

    def __init__(self, app: App, summary: Debrief | None = None) -> None:
        super().__init__(app)
        # scores and the risk-reduced simulation, once (the flow computes them in the background)
        self.summary: Debrief = summary if summary is not None else app.session.debrief()
        self.headlines = headline_lines(self.summary, app.session.scenario)  # the game is over: fixed
        self.page = PAGES[0]
        self.waited = 0.0
        self.drawn_objectives: list[tuple[str, str, str]] = []  # (side, objective id, rating) as drawn

    # --- layout --------------------------------------------------------------------------------

    def layout(self) -> DebriefLayout:
        w, h = self.size
        m = self.px(0.015)
        header = pygame.Rect(m, m, w - 2 * m, self.px(0.07))
        bh = self.px(0.075)
        footer = pygame.Rect(m, h - m - bh, w - 2 * m, bh)
        top, bottom = header.bottom + m, footer.y - m
        left_w = round(w * 0.44)
        body = self.font_px(26)
        line = round(style.font(body).get_linesize())
        risk = style.font(self.font_px(30), True).get_linesize() + 2 * style.font(self.font_px(24)).get_linesize()
        rows = sum(len(style.fitted(value, body, column, most)) for _, value, column, most
                   in self.headline_rows(left_w - 2 * self.px(0.015), body))
        head_h = round(self.font_px(34) * 1.6) + rows * line + risk + self.px(0.015) * 4
        headline = pygame.Rect(m, top, left_w, min(head_h, round((bottom - top) * 0.64)))
        chart = pygame.Rect(m, headline.bottom + m, left_w, bottom - headline.bottom - m)
        right = pygame.Rect(headline.right + m, top, w - headline.right - 2 * m, bottom - top)
        return DebriefLayout(header, headline, chart, right, footer)

    def build(self) -> None:
        lay = self.layout()
        f = lay.footer
        done = "Quit  [Enter]" if self.app.options.exit_when_done else "Back to the title  [Enter]"
        self.go = button(self, pygame.Rect(f.right - round(f.w * 0.3), f.y, round(f.w * 0.3), f.h), done,
                         object_id="#big_button")
        other = "True values  [Tab]" if self.page == "objectives" else "Objectives  [Tab]"
        tw = round(lay.header.w * 0.24)
        self.switch = button(self, pygame.Rect(lay.header.right - tw, lay.header.y, tw, lay.header.h), other)

    # --- events --------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.switch:
            self.flip()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self.flip()
            return True
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.go) or is_advance(event):
            self.finish()
            return True
        return False

    def flip(self) -> None:
        """Show the other page (objectives or true values)."""
        self.page = PAGES[(PAGES.index(self.page) + 1) % len(PAGES)]
        self.clear()
        self.build()

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

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_layer(surface, self.page, self.paint)

    def paint(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        lay = self.layout()
        session = self.app.session
        title_w = lay.header.w - round(lay.header.w * 0.24) - self.px(0.02)
        style.text(surface, f"Debrief: {session.scenario.title}", (lay.header.x, lay.header.centery),
                   self.font_px(38), bold=True, anchor="midleft", max_width=title_w)
        self.draw_headline(surface, lay.headline)
        draw_curve(surface, lay.chart, session.scenario, self.summary.levels, self.font_px(24))
        if self.page == "objectives":
            self.draw_objectives(surface, lay.right)
        else:
            self.draw_truth(surface, lay.right)
        self.draw_footer(surface, lay.footer)

    def headline_rows(self, width: int, body: int) -> list[tuple[str, str, int, int]]:
        """Each headline as (label, value, the value's column width, its most lines): two lines, three
        for what the index was made of (a long list of ladders and terms)."""
        column = width - max(style.font(body).size(key)[0] for key, _ in self.headlines) - self.px(0.015)
        return [(key, value, column, 3 if key == "Made of" else 2) for key, value in self.headlines]

    def draw_headline(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Where it ended, the peak, the last turn, the cumulative escalation, back to calm, and risk reduced."""
        d, scenario = self.summary, self.app.session.scenario
        pygame.draw.rect(surface, style.PANEL, rect, border_radius=6)
        pad = self.px(0.015)
        x, y, width = rect.x + pad, rect.y + pad, rect.w - 2 * pad
        big, body = self.font_px(34), self.font_px(26)
        levels = sorted(r.level for r in scenario.rungs)
        level = d.levels[-1]
        chip = style.chip(surface, f"level {level}", (x, y), big, style.level_colour(level, levels[0], levels[-1]))
        style.text(surface, f"Ended on {d.final_label}", (chip.right + pad, chip.centery), big, bold=True,
                   anchor="midleft", max_width=rect.right - pad - chip.right - pad)
        y = chip.bottom + pad // 2
        for key, value, column, most in self.headline_rows(width, body):
            style.text(surface, key, (x, y), body, style.SUBTLE)
            y += style.paragraph(surface, value, (x + width - column, y), body, column, max_lines=most)
        lead, sub = risk_lines(d)
        y += pad // 2
        lead_px, sub_px = self.font_px(30), self.font_px(24)
        lead_h = style.font(lead_px, True).get_linesize()
        sub_lines = style.wrap(sub, sub_px, width - pad)
        box = pygame.Rect(x - pad // 2, y - pad // 4, width + pad,
                          lead_h + len(sub_lines) * style.font(sub_px).get_linesize() + pad // 2)
        box.h = min(box.h, rect.bottom - box.y - pad // 4)
        pygame.draw.rect(surface, style.BACKGROUND, box, border_radius=6)
        pygame.draw.rect(surface, style.YELLOW, pygame.Rect(box.x, box.y, max(3, pad // 3), box.h), border_radius=3)
        style.paragraph(surface, lead, (x + pad // 2, y), lead_px, width - pad, style.YELLOW, bold=True, max_lines=1)
        style.paragraph(surface, sub, (x + pad // 2, y + lead_h), sub_px, width - pad, style.SUBTLE, max_lines=2)

    def objective_rows(self, scores: GameScores) -> list[tuple[str, list[ObjectiveRating]]]:
        """Objectives grouped by side, in the scenario's order of sides."""
        rows = []
        for side in self.app.session.scenario.sides:
            mine = [o for o in scores.objectives if o.side == side.id]
            if mine:
                rows.append((side.id, mine))
        return rows

    def draw_objectives(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Per side (its label on its colour), each objective with its rating badge and measured value;
        what was measured and the thresholds below each, when the panel has the room for them all."""
        pygame.draw.rect(surface, style.PANEL, rect, border_radius=6)
        pad = self.px(0.015)
        x, width = rect.x + pad, rect.w - 2 * pad
        scores = self.summary.scores
        head = self.font_px(28)
        style.text(surface, "Objectives", (x, rect.y + pad), head, bold=True)
        self.drawn_objectives = []
        small = self.font_px(24)
        if scores is None:
            style.paragraph(surface, self.summary.risk_problem or "not computed", (x, rect.y + pad + 2 * head),
                            small, width, style.SUBTLE)
            return
        title_w = style.font(head, True).size("Objectives")[0] + pad
        style.text(surface, "P no challenges · S some · M major · U unable",
                   (x + title_w, rect.y + pad + head * 0.15), small, style.SUBTLE, max_width=width - title_w)
        groups = self.objective_rows(scores)
        body = self.font_px(26)
        side_h = round(body * 1.55) + pad // 2
        row_h = round(body * 1.5)
        detail_line = style.font(small).get_linesize()
        top = rect.y + pad + round(head * 1.6)
        room = rect.bottom - pad - top
        label_x = x + pad + round(body * 1.6) + pad

        every = [o for _, g in groups for o in g]
        plain = len(groups) * side_h + len(every) * row_h

        def lines(o: ObjectiveRating, level: int) -> list[str]:
            """The detail lines under an objective: 2 = what was measured and the thresholds, 1 = what
            was measured, 0 = none (the richest that lets every objective fit is drawn)."""
            text = [o.measure, f"{o.measure} · {thresholds(o)}"][level - 1] if level else ""
            return style.wrap(text, small, rect.right - pad - label_x) if text else []

        level = next((k for k in (2, 1) if plain + sum(len(lines(o, k)) for o in every) * detail_line <= room), 0)

        def details(o: ObjectiveRating) -> list[str]:
            return lines(o, level)

        show_details = level > 0
        y = top
        scenario = self.app.session.scenario
        for side_id, objectives in groups:
            side = scenario.side(side_id)
            if y + side_h > rect.bottom - pad:
                break
            style.chip(surface, side.label, (x, y), body, style.hex_colour(side.color))
            y += side_h
            for o in objectives:
                if y + row_h > rect.bottom - pad:
                    style.text(surface, "more in the full report", (x, y), small, style.SUBTLE)
                    return
                badge = style.chip(surface, o.rating, (x + pad, y), body, style.RATING_COLOURS.get(o.rating, style.GREY),
                                   min_width=round(body * 1.6))
                value = fmt(o.value)
                value_w = style.font(body, True).size(value)[0]
                style.text(surface, o.label, (label_x, badge.centery), body, anchor="midleft",
                           max_width=rect.right - pad - label_x - value_w - pad)
                style.text(surface, value, (rect.right - pad, badge.centery), body, bold=True, anchor="midright")
                self.drawn_objectives.append((side_id, o.id, o.rating))
                y += row_h
                if show_details:
                    for k, text in enumerate(details(o)):
                        style.text(surface, text, (label_x, y - row_h * 0.12 + k * detail_line), small, style.SUBTLE)
                    y += len(details(o)) * detail_line

    def draw_truth(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Every indicator's true final value beside what each team estimated it to be."""
        session = self.app.session
        pygame.draw.rect(surface, style.PANEL, rect, border_radius=6)
        pad = self.px(0.015)
        x, width = rect.x + pad, rect.w - 2 * pad
        head = self.font_px(28)
        title = "What was really happening"
        style.text(surface, title, (x, rect.y + pad), head, bold=True, max_width=width)
        title_w = style.font(head, True).size(title)[0] + pad
        style.text(surface, "at the end, beside each team's estimate",
                   (x + title_w, rect.y + pad + head * 0.15), self.font_px(24), style.SUBTLE, max_width=width - title_w)
        sides = session.human_sides() or [s.id for s in session.scenario.sides]
        indicators = session.scenario.indicators
        top = rect.y + pad + round(head * 1.6)
        rows = len(indicators) + 1
        px = max(self.font_px(24), min(self.font_px(26), round((rect.bottom - pad - top) / rows / 1.4)))
        row_h = min((rect.bottom - pad - top) / rows, px * 1.6)
        name_w = round(width * 0.4)
        col_w = (width - name_w) // (len(sides) + 1)
        columns = ["True", *(session.side_label(s) for s in sides)]
        for i, name in enumerate(columns):
            style.text(surface, name, (x + name_w + (i + 1) * col_w, top), px, style.SUBTLE, bold=True,
                       anchor="topright", max_width=col_w - 6)
        truth = session.game.truth
        for r, ind in enumerate(indicators, start=1):
            y = round(top + r * row_h)
            style.text(surface, ind.label, (x, y), px, max_width=name_w - 6)
            style.text(surface, f"{truth[ind.id]:.0f}{ind.unit}", (x + name_w + col_w, y), px, bold=True,
                       anchor="topright")
            for i, side in enumerate(sides, start=2):
                seen = session.game.observed[side].get(ind.id)
                text = "–" if seen is None else f"{seen:.0f}{ind.unit}"
                style.text(surface, text, (x + name_w + i * col_w, y), px, style.SUBTLE, anchor="topright")

    def draw_footer(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Tell the instructor the command that writes the full report for this game."""
        width = rect.w - round(rect.w * 0.3) - self.px(0.02)
        small = self.font_px(24)
        style.text(surface, "Full after-action report (objectives explained, counterfactuals, charts):",
                   (rect.x, rect.y), small, style.SUBTLE, max_width=width)
        command = report_command(self.app.session.log_path)
        px = self.font_px(24)
        style.paragraph(surface, command, (rect.x, rect.y + style.font(small).get_linesize()), px, width,
                        style.CYAN, bold=True, max_lines=2)
