"""The turn screen: one team's map, ladder, estimates and move cards, and its sealed orders."""

from __future__ import annotations

from dataclasses import dataclass

import pygame
import pygame_gui

from wargame.engine import MoveOption
from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.charts import draw_estimates
from wargame.ui.ladder import draw_ladder
from wargame.ui.mapview import draw_map
from wargame.ui.scenes.setup import is_confirm, number_of
from wargame.ui.session import Forecast
from wargame.ui.story import marks, turn_events
from wargame.ui.widgets import button, entry, esc, label, shorten, textbox

CHANNEL_ORDER = ("formal", "coercive", "informal")


@dataclass(frozen=True)
class Layout:
    header: pygame.Rect
    map: pygame.Rect
    estimates: pygame.Rect
    ladder: pygame.Rect
    cards: pygame.Rect
    footer: pygame.Rect


def turn_layout(size: tuple[int, int], indicators: int = 6) -> Layout:
    """Where each part of the turn screen goes, as fractions of the window (so it re-flows)."""
    w, h = size
    m = max(6, round(h * 0.012))
    header = pygame.Rect(m, m, w - 2 * m, round(h * 0.065))
    footer_h = round(h * 0.075)
    footer = pygame.Rect(m, h - m - footer_h, w - 2 * m, footer_h)
    top, bottom = header.bottom + m, footer.y - m
    left_w = round(w * 0.38)
    # the estimates get the rows they need at a legible size; the map takes the rest
    row = max(14, round(h * 0.034))
    wanted = indicators * row + round(h * 0.07)
    map_h = min(round((bottom - top) * 0.6), max(round((bottom - top) * 0.36), bottom - top - m - wanted))
    map_rect = pygame.Rect(m, top, left_w, map_h)
    estimates = pygame.Rect(m, map_rect.bottom + m, left_w, bottom - map_rect.bottom - m)
    ladder = pygame.Rect(map_rect.right + m, top, round(w * 0.2), bottom - top)
    cards = pygame.Rect(ladder.right + m, top, w - ladder.right - 2 * m, bottom - top)
    return Layout(header, map_rect, estimates, ladder, cards, footer)


class TurnScene(Scene):
    name = "turn"

    def __init__(self, app: App, side: str) -> None:
        super().__init__(app)
        self.side = side
        self.selected: list[str] = []
        self.intent = ""
        self.options: list[MoveOption] = []
        self.forecasts: dict[str, Forecast] | None = None
        self.card_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.cursor = 0  # the card Up/Down/Space act on (for cards beyond the number keys)
        self.scroll = 0.0

    def enter(self) -> None:
        session = self.app.session
        self.options = sorted(session.moves(self.side), key=lambda o: CHANNEL_ORDER.index(o.channel)
                              if o.channel in CHANNEL_ORDER else 9)
        self.forecasts = session.advice(self.side)
        super().enter()

    # --- widgets -------------------------------------------------------------------------------

    def build(self) -> None:
        session = self.app.session
        lay = turn_layout(self.size, len(self.app.session.estimates(self.side)))
        who = session.side_label(self.side)
        turn = f"{session.scenario.turns.label} {session.turn + 1} of {session.turn_count}"
        label(self, pygame.Rect(lay.header.x + self.px(0.02), lay.header.y, round(lay.header.w * 0.5), lay.header.h),
              f"{turn}  ·  {who}", object_id="#heading")
        self.spend = label(self, pygame.Rect(lay.header.centerx, lay.header.y, lay.header.w // 2 - self.px(0.01),
                                             lay.header.h), self.spend_text())
        self.build_cards(lay.cards)
        f = lay.footer
        self.intent_entry = entry(self, pygame.Rect(f.x, f.y, round(f.w * 0.46), f.h), self.intent,
                                  placeholder="Stated intent (optional, logged)  [T]", limit=280)
        self.seal = button(self, pygame.Rect(f.x + round(f.w * 0.47), f.y, round(f.w * 0.25), f.h),
                           "Seal orders  [Enter]", object_id="#big_button")
        label(self, pygame.Rect(f.x + round(f.w * 0.73), f.y, round(f.w * 0.27), f.h),
              "F1 help · F2 white cell · Esc menu", object_id="#subtle")

    def build_cards(self, area: pygame.Rect) -> None:
        manager = self.app.manager
        container = self.add(pygame_gui.elements.UIScrollingContainer(area, manager, allow_scroll_x=False))
        inner_w = area.w - self.px(0.03)
        head_h, card_h, body_h = self.px(0.045), self.px(0.05), self.px(0.062)
        gap = self.px(0.008)
        y = 0
        cursor_top = 0
        self.card_buttons = {}
        self.card_index: dict[str, int] = {}
        body_px = self.font_px(22)
        chars = max(20, int(2 * inner_w / (body_px * 0.52)) - 6)
        for channel in CHANNEL_ORDER:
            group = [o for o in self.options if o.channel == channel]
            if not group:
                continue
            label(self, pygame.Rect(0, y, inner_w, head_h), style.CHANNEL_NAMES[channel].upper(),
                  container=container)
            y += head_h
            for option in group:
                index = self.options.index(option)
                self.card_index[option.id] = index
                key = str(index + 1) if index < 9 else ("0" if index == 9 else "")
                mark = "[x]" if option.id in self.selected else "[  ]"
                if index == self.cursor:
                    mark = "» " + mark
                odds = f"odds {option.odds:.0%}"
                head = f"{mark} {key}  {option.label}"
                tail = f"   cost {option.cost} · {odds}"
                head = shorten(head, max(12, int(inner_w / (self.font_px(26) * 0.5)) - len(tail))) + tail
                b = button(self, pygame.Rect(0, y, inner_w, card_h), head,
                           class_id=f"@{channel}" if option.legal else "@unavailable", container=container,
                           enabled=option.legal, tip=option.description or None)
                if option.id in self.selected:
                    b.select()
                self.card_buttons[option.id] = b
                y += card_h
                body = textbox(self, pygame.Rect(0, y, inner_w, -1), self.card_body(option, chars),
                               class_id="@card_body", container=container)
                if index == self.cursor:
                    cursor_top = y - card_h - head_h
                y += max(body_h, int(body.get_relative_rect().h)) + gap
        container.set_scrollable_area_dimensions((inner_w, max(y, 1)))
        bar = container.vert_scroll_bar
        if bar is not None and y > area.h:  # keep the card under the cursor in view
            wanted = min(1.0, max(0.0, cursor_top / y))
            if not (self.scroll <= wanted <= self.scroll + area.h / y - card_h / y):
                self.scroll = max(0.0, min(wanted, 1.0 - area.h / y))
            bar.set_scroll_from_start_percentage(self.scroll)
        self.container = container

    def card_body(self, option: MoveOption, chars: int) -> str:
        """Description, why it is unavailable, what changes the odds, and the advisor's forecast."""
        first = ""
        if not option.legal:
            first = "<font color='#ee7733'>Unavailable: " + esc("; ".join(option.reasons) or "not now") + "</font>"
        extra = []
        if self.forecasts is not None and option.id in self.forecasts:
            fc = self.forecasts[option.id]
            bits = []
            if fc.escalation is not None:
                interval = ""
                if fc.escalation_low is not None and fc.escalation_high is not None:
                    interval = f" ({fc.escalation_low * 100:.0f}-{fc.escalation_high * 100:.0f}%)"
                bits.append(f"escalation {fc.escalation:.0%}{interval}")
            if fc.expected_level is not None:
                bits.append(f"expected level {fc.expected_level:.1f}")
            if fc.ceasefire is not None:
                bits.append(f"holding ceasefire {fc.ceasefire:.0%}")
            if bits:
                extra.append("<font color='#33bbee'>Advisor: " + ", ".join(bits) + "</font>")
        text = first or esc(shorten(option.description, chars if not extra else chars // 2))
        if option.legal and option.odds_notes and not extra:
            notes = "; ".join(n.strip().rstrip(".") for n in option.odds_notes)
            text = esc(shorten(f"{option.description} Odds: {notes}.", chars))
        return "<br>".join([text, *extra])

    def spend_text(self) -> str:
        budget, max_moves = self.app.session.budget(self.side)
        cost = sum(o.cost for o in self.options if o.id in self.selected)
        over = "  (over budget)" if cost > budget else ""
        return f"Chosen: {len(self.selected)} of {max_moves} moves · {cost} of {budget} points{over}"

    # --- events --------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.seal:
                self.seal_orders()
                return True
            for move_id, b in self.card_buttons.items():
                if event.ui_element is b:
                    self.toggle(move_id)
                    return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.intent_entry:
            self.intent = event.text
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.intent_entry:
            self.intent = event.text
            self.intent_entry.unfocus()
            self.app.manager.set_focus_set(None)
            return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            n = number_of(event)
            if n is not None and n < len(self.options):
                self.toggle(self.options[n].id)
                return True
            if is_confirm(event):
                self.seal_orders()
                return True
            if event.key in (pygame.K_UP, pygame.K_DOWN) and self.options:
                self.remember_scroll()
                self.cursor = (self.cursor + (1 if event.key == pygame.K_DOWN else -1)) % len(self.options)
                self.clear()
                self.build()
                return True
            if event.key == pygame.K_SPACE and self.options:
                self.toggle(self.options[self.cursor].id)
                return True
            if event.key == pygame.K_t:
                self.intent_entry.focus()
                self.app.manager.set_focus_set(self.intent_entry)
                return True
        return False

    def toggle(self, move_id: str) -> None:
        option = next(o for o in self.options if o.id == move_id)
        if not option.legal:
            return
        if move_id in self.selected:
            self.selected.remove(move_id)
        else:
            self.selected.append(move_id)
        self.cursor = self.options.index(option)
        self.remember_scroll()
        self.clear()
        self.build()

    def remember_scroll(self) -> None:
        bar = getattr(self, "container", None) and self.container.vert_scroll_bar
        if bar is not None and bar:
            self.scroll = float(bar.start_percentage)

    def seal_orders(self) -> None:
        self.app.session.submit(self.side, list(self.selected), self.intent)
        self.app.flow.next()

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        session = self.app.session
        surface.fill(style.BACKGROUND)
        lay = turn_layout(self.size, len(self.app.session.estimates(self.side)))
        colour = style.hex_colour(session.scenario.side(self.side).color)
        pygame.draw.rect(surface, style.PANEL, lay.header, border_radius=6)
        pygame.draw.rect(surface, colour, pygame.Rect(lay.header.x, lay.header.y, self.px(0.012), lay.header.h),
                         border_radius=4)
        small = self.font_px(20)
        last = session.last_turn_record()
        events = marks(turn_events(session.scenario, last)[0]) if last else []
        draw_map(surface, lay.map, list(session.scenario.places), events, small)
        pygame.draw.rect(surface, style.PANEL, lay.estimates, border_radius=6)
        head = self.font_px(24)
        pad = self.px(0.012)
        style.text(surface, f"What {session.side_label(self.side)} estimates (true values stay hidden)",
                   (lay.estimates.x + pad, lay.estimates.y + pad), head, bold=True, max_width=lay.estimates.w - 2 * pad)
        inner = lay.estimates.inflate(-2 * pad, -2 * pad)
        inner.y += head + pad // 2
        inner.h -= head + pad // 2
        draw_estimates(surface, inner, session.estimates(self.side), self.font_px(24))
        pygame.draw.rect(surface, style.PANEL, lay.ladder, border_radius=6)
        style.text(surface, "Escalation ladder", (lay.ladder.x + pad, lay.ladder.y + pad), head, bold=True,
                   max_width=lay.ladder.w - 2 * pad)
        ladder_rect = pygame.Rect(lay.ladder.x + pad // 2, lay.ladder.y + head + 2 * pad,
                                  lay.ladder.w - pad, lay.ladder.h - head - 3 * pad)
        draw_ladder(surface, ladder_rect, session.scenario, session.rung, session.rung_history(), self.font_px(22))
