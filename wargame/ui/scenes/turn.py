"""The turn screen: one team's map, ladder, estimates and move cards, and its sealed orders."""

from __future__ import annotations

from dataclasses import dataclass

import pygame
import pygame_gui

from wargame.engine import MoveOption
from wargame.ui import style
from wargame.ui.advice import best_moves, card_line, summary_line
from wargame.ui.app import App, Scene
from wargame.ui.charts import draw_estimates, estimate_row
from wargame.ui.ladder import draw_ladder
from wargame.ui.mapview import draw_map
from wargame.ui.scenes.setup import is_confirm, number_of
from wargame.ui.session import Advice
from wargame.ui.story import marks, turn_events
from wargame.ui.widgets import button, entry, esc, label, shorten, textbox

CHANNEL_ORDER = ("formal", "coercive", "informal")
# Card keys: digits, then letters except T (stated intent), W (white cell) and I, O (read as 1, 0).
CARD_KEYS = "1234567890abcdefghjklmnpqrsuvxyz"
ADVISOR_COLOUR = "#33bbee"
BEST_COLOUR = "#eecc66"


@dataclass(frozen=True)
class Layout:
    header: pygame.Rect
    map: pygame.Rect
    estimates: pygame.Rect
    ladder: pygame.Rect
    cards: pygame.Rect
    footer: pygame.Rect


def turn_layout(size: tuple[int, int], indicators: int = 6, label_px: int = 16) -> Layout:
    """Where each part of the turn screen goes, as fractions of the window (so it re-flows).

    The estimates get one row per indicator at `label_px` (the map takes what is left, down to a
    third of the column), so they stay legible at 1280x720 even with fourteen indicators."""
    w, h = size
    m = max(6, round(h * 0.012))
    header = pygame.Rect(m, m, w - 2 * m, round(h * 0.065))
    footer_h = round(h * 0.075)
    footer = pygame.Rect(m, h - m - footer_h, w - 2 * m, footer_h)
    top, bottom = header.bottom + m, footer.y - m
    left_w = round(w * 0.38)
    pad = max(4, round(h * 0.012))
    wanted = indicators * estimate_row(label_px) + label_px + 3 * pad
    room = bottom - top
    map_h = min(round(room * 0.6), max(round(room * 0.33), room - m - wanted))
    map_rect = pygame.Rect(m, top, left_w, map_h)
    estimates = pygame.Rect(m, map_rect.bottom + m, left_w, bottom - map_rect.bottom - m)
    ladder = pygame.Rect(map_rect.right + m, top, round(w * 0.2), bottom - top)
    cards = pygame.Rect(ladder.right + m, top, w - ladder.right - 2 * m, bottom - top)
    return Layout(header, map_rect, estimates, ladder, cards, footer)


def card_order(option: MoveOption) -> tuple[int, bool]:
    """Cards by channel, and within a channel the ones that can be ordered now first."""
    channel = CHANNEL_ORDER.index(option.channel) if option.channel in CHANNEL_ORDER else len(CHANNEL_ORDER)
    return channel, not option.legal


def card_key(index: int) -> str:
    """The key that selects the card at this position ('' if there are more cards than keys)."""
    return CARD_KEYS[index].upper() if index < len(CARD_KEYS) else ""


def card_for_key(event: pygame.event.Event) -> int | None:
    """The card position a key press selects: 1-9, 0 (also on the keypad), then the letters."""
    n = number_of(event)
    if n is not None:
        return n
    if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
        return None
    ch = chr(event.key) if 0 < event.key < 128 else ""
    return CARD_KEYS.index(ch) if ch and ch in CARD_KEYS else None


class TurnScene(Scene):
    name = "turn"

    def __init__(self, app: App, side: str) -> None:
        super().__init__(app)
        self.side = side
        self.selected: list[str] = []
        self.intent = ""
        self.options: list[MoveOption] = []
        self.advice: Advice | None = None
        self.best: set[str] = set()
        self.card_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.cursor = 0  # the card Up/Down/Space act on (for cards beyond the number keys)
        self.scroll = 0.0

    def enter(self) -> None:
        session = self.app.session
        self.options = sorted(session.moves(self.side), key=card_order)
        self.advice = session.advice(self.side)
        legal = {o.id for o in self.options if o.legal}
        self.best = best_moves(self.advice, legal) if self.advice is not None else set()
        super().enter()

    # --- widgets -------------------------------------------------------------------------------

    def layout(self) -> Layout:
        return turn_layout(self.size, len(self.app.session.estimates(self.side)), self.font_px(24))

    def build(self) -> None:
        session = self.app.session
        lay = self.layout()
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
        legend = self.advisor_legend()
        if legend:
            box = textbox(self, pygame.Rect(0, 0, inner_w, -1), legend, class_id="@card_body", container=container)
            y += int(box.get_relative_rect().h) + gap
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
                key = card_key(index)
                mark = "[x]" if option.id in self.selected else "[  ]"
                if index == self.cursor:
                    mark = "» " + mark
                odds = f"odds {option.odds:.0%}"
                head = f"{mark} {key}: {option.label}" if key else f"{mark} {option.label}"
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

    def advisor_legend(self) -> str:
        """Above the cards: what holding leads to and what BEST means, or why there is no advice."""
        session = self.app.session
        if not session.advisor_on:
            return f"<font color='{ADVISOR_COLOUR}'>Advisor off (switched off by the white cell)</font>"
        if self.advice is None:
            problem = session.advisor_problem or "advisor unavailable"
            return f"<font color='{ADVISOR_COLOUR}'>{esc(shorten(problem, 120))}</font>"
        return f"<font color='{ADVISOR_COLOUR}'>{esc(summary_line(self.advice, self.best))}</font>"

    def card_body(self, option: MoveOption, chars: int) -> str:
        """Description, why it is unavailable, what changes the odds, and the advisor's forecast."""
        if not option.legal:
            return "<font color='#ee7733'>Unavailable: " + esc("; ".join(option.reasons) or "not now") + "</font>"
        line = card_line(self.advice, option.id, self.best) if self.advice is not None else None
        if line is None:
            text = option.description
            if option.odds_notes:
                notes = "; ".join(n.strip().rstrip(".") for n in option.odds_notes)
                text = f"{option.description} Odds: {notes}."
            return esc(shorten(text, chars))
        if line.startswith("BEST"):
            line = f"<b><font color='{BEST_COLOUR}'>BEST</font></b>" + esc(line[len("BEST"):])
        else:
            line = esc(line)
        return esc(shorten(option.description, chars // 2)) + f"<br><font color='{ADVISOR_COLOUR}'>{line}</font>"

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
            n = card_for_key(event)
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

    def estimates_area(self, lay: Layout) -> pygame.Rect:
        """Where the estimate rows go inside their panel (below its heading)."""
        head, pad = self.font_px(24), self.px(0.012)
        inner = lay.estimates.inflate(-2 * pad, -2 * pad)
        inner.y += head + pad // 2
        inner.h -= head + pad // 2
        return inner

    def draw(self, surface: pygame.Surface) -> None:
        session = self.app.session
        surface.fill(style.BACKGROUND)
        lay = self.layout()
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
        inner = self.estimates_area(lay)
        draw_estimates(surface, inner, session.estimates(self.side), self.font_px(24))
        pygame.draw.rect(surface, style.PANEL, lay.ladder, border_radius=6)
        style.text(surface, "Escalation ladder", (lay.ladder.x + pad, lay.ladder.y + pad), head, bold=True,
                   max_width=lay.ladder.w - 2 * pad)
        ladder_rect = pygame.Rect(lay.ladder.x + pad // 2, lay.ladder.y + head + 2 * pad,
                                  lay.ladder.w - pad, lay.ladder.h - head - 3 * pad)
        draw_ladder(surface, ladder_rect, session.scenario, session.rung, session.rung_history(), self.font_px(22))
