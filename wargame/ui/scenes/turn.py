"""The turn screen: one team's map, ladder, estimates and move cards, and its sealed orders."""

from __future__ import annotations

from dataclasses import dataclass

import pygame
import pygame_gui

from wargame.engine import MoveOption
from wargame.ui import style
from wargame.ui.advice import best_move, card_lines, summary_line
from wargame.ui.app import App, Scene
from wargame.ui.cards import CARD_KEYS, CardList, card_keys, card_order
from wargame.ui.charts import draw_estimates, estimate_row
from wargame.ui.geography import region_of
from wargame.ui.ladder import draw_ladders, ladder_title
from wargame.ui.mapview import draw_map
from wargame.ui.scenes.setup import is_confirm, number_of
from wargame.ui.session import Advice
from wargame.ui.story import marks, turn_events
from wargame.ui.widgets import button, entry, esc, label

ADVISOR_COLOUR = "#33bbee"
BEST_COLOUR = "#eecc66"
WARN_COLOUR = "#ee7733"
TIMER_WARNING_S = 60  # the timer turns orange this long before it runs out


@dataclass(frozen=True)
class Layout:
    header: pygame.Rect
    map: pygame.Rect
    estimates: pygame.Rect
    ladder: pygame.Rect
    cards: pygame.Rect
    footer: pygame.Rect


def turn_layout(size: tuple[int, int], indicators: int = 6, label_px: int = 24) -> Layout:
    """Where each part of the turn screen goes, as fractions of the window (so it re-flows).

    The estimates get one row per indicator at `label_px` (the map takes what is left, down to a
    third of the column), so they stay legible at 1280x720 even with fourteen indicators."""
    w, h = size
    m = max(6, round(h * 0.012))
    header = pygame.Rect(m, m, w - 2 * m, round(h * 0.065))
    footer_h = round(h * 0.075)
    footer = pygame.Rect(m, h - m - footer_h, w - 2 * m, footer_h)
    top, bottom = header.bottom + m, footer.y - m
    left_w = round(w * 0.37)
    pad = max(4, round(h * 0.012))
    wanted = indicators * estimate_row(label_px) + label_px * 2 + 3 * pad
    room = bottom - top
    map_h = min(round(room * 0.6), max(round(room * 0.3), room - m - wanted))
    map_rect = pygame.Rect(m, top, left_w, map_h)
    estimates = pygame.Rect(m, map_rect.bottom + m, left_w, bottom - map_rect.bottom - m)
    ladder = pygame.Rect(map_rect.right + m, top, round(w * 0.215), bottom - top)
    cards = pygame.Rect(ladder.right + m, top, w - ladder.right - 2 * m, bottom - top)
    return Layout(header, map_rect, estimates, ladder, cards, footer)


def card_for_key(event: pygame.event.Event, keys: dict[str, str]) -> str | None:
    """The move a key press selects (1-9, 0, also on the keypad, then the letters), or None."""
    n = number_of(event)
    wanted = CARD_KEYS[n] if n is not None else None
    if wanted is None and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
        ch = chr(event.key) if 0 < event.key < 128 else ""
        wanted = ch if ch and ch in CARD_KEYS else None
    if wanted is None:
        return None
    return next((move for move, key in keys.items() if key.lower() == wanted), None)


def clock(seconds: float) -> str:
    """'4:05' for the turn timer (never negative)."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


class TurnScene(Scene):
    name = "turn"

    def __init__(self, app: App, side: str) -> None:
        super().__init__(app)
        self.side = side
        self.selected: list[str] = []
        self.intent = ""
        self.options: list[MoveOption] = []
        self.keys = card_keys(app.session.scenario, side)
        self.advice: Advice | None = None
        self.best: str | None = None
        self.cursor = 0  # the card Up/Down/Space act on
        self.notice = ""  # why the last selection was refused
        self.elapsed = 0.0  # seconds this team has had the screen (the turn timer's clock)
        self.timed_out = False
        self.cards: CardList | None = None
        self.seal: pygame_gui.elements.UIButton | None = None  # made in the first frames (build_footer)

    def enter(self) -> None:
        session = self.app.session
        self.options = sorted(session.moves(self.side), key=lambda o: card_order(o, self.keys))
        legal = {o.id for o in self.options if o.legal}
        self.selected = [m for m in self.selected if m in legal]
        self.advice = session.advice(self.side)
        self.best = best_move(self.advice, legal) if self.advice is not None else None
        super().enter()

    @staticmethod
    def warm(app: App, side: str) -> None:
        """Paint the map of the coming turn screen ahead of time (the hand-off screen calls this while
        it waits for the team), so opening the turn screen does not have to."""
        session = app.session
        lay = turn_layout(app.size, len(session.estimates(side)), max(9, round(24 * app.scale)))
        last = session.last_turn_record()
        events = marks(turn_events(session.scenario, last)[0]) if last else []
        draw_map(pygame.Surface(lay.map.size), pygame.Rect((0, 0), lay.map.size), list(session.scenario.places),
                 events, max(9, round(24 * app.scale)))

    @property
    def card_buttons(self) -> dict[str, pygame_gui.elements.UIButton]:
        return self.cards.buttons if self.cards is not None else {}

    # --- widgets -------------------------------------------------------------------------------

    def layout(self) -> Layout:
        return turn_layout(self.size, len(self.app.session.estimates(self.side)), self.font_px(24))

    def build(self) -> None:
        """The screen is made over a few frames (none blocks the table): the painted map, ladder and
        estimates, the header, the footer, then the cards a few at a time."""
        self.cards = self.seal = None
        self.build_later(self.build_header)
        self.build_later(self.build_footer)
        lay = self.layout()
        self.cards = CardList(self, lay.cards, self.options, self.keys, self.advisor_legend(), self.card_body,
                              lambda move: move in self.selected, self.cursor)
        self.build_later(self.cards.start)

    def build_header(self) -> None:
        session = self.app.session
        lay = self.layout()
        who = session.side_label(self.side)
        team = session.team_name(self.side)
        turn = f"{session.scenario.turns.label} {session.turn + 1} of {session.turn_count}"
        heading = f"{turn}  ·  {who}" + (f" ({team})" if team else "")
        label(self, pygame.Rect(lay.header.x + self.px(0.02), lay.header.y, round(lay.header.w * 0.52), lay.header.h),
              heading, object_id="#heading")
        self.spend = label(self, pygame.Rect(lay.header.x + round(lay.header.w * 0.53), lay.header.y,
                                             round(lay.header.w * 0.47) - self.timer_width(), lay.header.h),
                           self.spend_text())

    def build_footer(self) -> None:
        f = self.layout().footer
        self.intent_entry = entry(self, pygame.Rect(f.x, f.y, round(f.w * 0.4), f.h), self.intent,
                                  placeholder="Stated intent (optional, logged)  [T]", limit=280)
        self.seal = button(self, pygame.Rect(f.x + round(f.w * 0.41), f.y, round(f.w * 0.25), f.h),
                           "Seal orders  [Enter]", object_id="#big_button")
        label(self, pygame.Rect(f.x + round(f.w * 0.67), f.y, round(f.w * 0.33), f.h),
              "B brief · F1 help · Esc menu", object_id="#subtle")

    def timer_width(self) -> int:
        return round(style.font(self.font_px(30), True).size("Time up 00:00")[0] * 1.1) if self.timer_on() else 0

    def advisor_legend(self) -> str:
        """Above the cards: what holding leads to and whether a card stands out, or why there is no advice."""
        session = self.app.session
        colour = ADVISOR_COLOUR
        if not session.advisor_on:
            return f"<font color='{colour}'>Advisor off (switched off by the white cell)</font>"
        if self.advice is None:
            if session.advice_pending(self.side):
                return f"<font color='{colour}'>Advisor: forecasting\u2026 (the cards can be chosen meanwhile)</font>"
            problem = session.advisor_problem or "advisor unavailable"
            return f"<font color='{colour}'>{esc(problem)}</font>"
        best_label = next((o.label for o in self.options if o.id == self.best), "")
        return f"<font color='{colour}'>{esc(summary_line(self.advice, self.best, best_label))}</font>"

    def card_body(self, option: MoveOption) -> str:
        """Cost and the team's own estimate of the odds, the description, why it is unavailable, and
        the advisor's forecast. The odds are the team's estimate (from what it sees), not the odds
        rolled: the resolution screen shows both (docs/model.md, "Odds")."""
        facts = f"Cost {option.cost} · your estimate of the odds: {option.odds:.0%}"
        parts = [f"<b>{esc(facts)}</b>", esc(option.description)]
        if option.odds_notes:
            notes = "; ".join(n.strip().rstrip(".") for n in option.odds_notes)
            parts.append(esc(f"Odds: {notes}."))
        if not option.legal:
            reasons = "; ".join(option.reasons) or "not now"
            parts.append(f"<font color='{WARN_COLOUR}'>Unavailable: {esc(reasons)}</font>")
            return "<br>".join(parts)
        lines = card_lines(self.advice, option.id, self.best) if self.advice is not None else None
        if lines is not None:
            first, second = (esc(x) for x in lines)
            if option.id == self.best:
                first = f"<b><font color='{BEST_COLOUR}'>BEST</font></b>" + first[len("BEST"):]
            parts.append(f"<font color='{ADVISOR_COLOUR}'>{first}<br>{second}</font>")
        elif self.app.session.advice_pending(self.side):
            # two lines, as the forecast will take: the card does not grow when it arrives
            parts.append(f"<font color='{ADVISOR_COLOUR}'>Advisor: forecasting\u2026<br>&#160;</font>")
        return "<br>".join(parts)

    def spend_text(self) -> str:
        budget, max_moves = self.app.session.budget(self.side)
        cost = sum(o.cost for o in self.options if o.id in self.selected)
        text = f"Chosen: {len(self.selected)} of {max_moves} moves · {cost} of {budget} points"
        return f"{text}  ·  {self.notice}" if self.notice else text

    # --- events --------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type in (pygame.KEYDOWN, pygame.TEXTINPUT) and self.seal is None:
            self.finish_building()  # a key before the header and footer exist (cards made later show choices)
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
            return self.handle_key(event)
        return False

    def take_wheel(self, event: pygame.event.Event) -> bool:
        if self.cards is None or not self.cards.area.collidepoint(pygame.mouse.get_pos()):
            return False
        return self.cards.wheel(event.precise_y if getattr(event, "precise_y", 0) else event.y)

    def handle_key(self, event: pygame.event.Event) -> bool:
        move = card_for_key(event, self.keys)
        if move is not None:
            if any(o.id == move for o in self.options):
                self.toggle(move)
            return True
        if is_confirm(event):
            self.seal_orders()
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN) and self.options and self.cards is not None:
            step = 1 if event.key == pygame.K_DOWN else -1
            self.cursor = (self.cursor + step) % len(self.options)
            self.cards.set_cursor(self.cursor)
            return True
        if event.key == pygame.K_SPACE and self.options:
            self.toggle(self.options[self.cursor].id)
            return True
        if event.key == pygame.K_t:
            self.intent_entry.focus()
            self.app.manager.set_focus_set(self.intent_entry)
            return True
        if event.key == pygame.K_b:
            from wargame.ui.scenes.overlays import BriefScene

            self.app.push(BriefScene(self.app, self.side))
            return True
        return False

    def toggle(self, move_id: str) -> None:
        """Choose or drop a card; a choice beyond the move limit or the budget is refused with a reason."""
        option = next(o for o in self.options if o.id == move_id)
        if not option.legal:
            return
        budget, max_moves = self.app.session.budget(self.side)
        self.notice = ""
        if move_id in self.selected:
            self.selected.remove(move_id)
        elif len(self.selected) >= max_moves:
            self.notice = f"at most {max_moves}: drop one first"
        elif sum(o.cost for o in self.options if o.id in self.selected) + option.cost > budget:
            self.notice = f"{option.label} costs {option.cost}: over the budget"
        else:
            self.selected.append(move_id)
        previous, self.cursor = self.cursor, self.options.index(option)
        if self.cards is not None:
            self.cards.cursor = self.cursor
            for i in {previous, self.cursor}:
                self.cards.refresh(self.options[i].id)
        if getattr(self, "spend", None) is not None and self.spend.alive():
            self.spend.set_text(self.spend_text())

    def seal_orders(self) -> None:
        self.app.session.submit(self.side, list(self.selected), self.intent)
        self.app.flow.next()

    # --- time: the advisor's forecast arriving, the turn timer ------------------------------------

    def update(self, dt: float) -> bool:
        changed = False
        session = self.app.session
        if self.advice is None and self.app.top is self and self.complete and session.advisor_on:
            advice = session.advice(self.side)
            if advice is not None:
                self.advice = advice
                self.best = best_move(advice, {o.id for o in self.options if o.legal})
                if self.cards is not None:
                    self.cards.set_bodies(self.advisor_legend())
                changed = True
        if self.timer_on() and not session.paused and self.app.top is self:
            before = int(self.elapsed)
            self.elapsed += dt
            changed = changed or int(self.elapsed) != before
            if not self.timed_out and self.elapsed >= session.timer_seconds:
                self.time_up()
                changed = True
        return changed

    def busy(self) -> bool:
        return self.advice is None and self.app.session.advice_pending(self.side)

    def wake_in(self) -> int | None:
        if self.advice is None and self.app.session.advice_pending(self.side):
            return 50
        return 250 if self.timer_on() else None

    def timer_on(self) -> bool:
        return self.app.session.timer_seconds > 0

    def time_up(self) -> None:
        """The turn timer ran out: logged; the orders are sealed as they stand only if the white cell asked."""
        self.timed_out = True
        session = self.app.session
        session.timer_expired(self.side, sealed=session.timer_seals)
        if session.timer_seals:
            self.seal_orders()

    # --- drawing -------------------------------------------------------------------------------

    def estimates_area(self, lay: Layout) -> pygame.Rect:
        """Where the estimate rows go inside their panel (below its heading)."""
        head, pad = self.font_px(24), self.px(0.012)
        inner = lay.estimates.inflate(-2 * pad, -2 * pad)
        top = round(style.font(head, True).get_linesize() * 1.1)
        inner.y += top
        inner.h -= top
        return inner

    def draw(self, surface: pygame.Surface) -> None:
        session = self.app.session
        self.draw_layer(surface, (session.version, session.rung), self.paint)
        if self.timer_on():
            self.draw_timer(surface, self.layout().header)

    def paint(self, surface: pygame.Surface) -> None:
        """Header, map, estimates and ladder: they change only when the game does."""
        session = self.app.session
        surface.fill(style.BACKGROUND)
        lay = self.layout()
        colour = style.hex_colour(session.scenario.side(self.side).color)
        pygame.draw.rect(surface, style.PANEL, lay.header, border_radius=6)
        pygame.draw.rect(surface, colour, pygame.Rect(lay.header.x, lay.header.y, self.px(0.012), lay.header.h),
                         border_radius=4)
        last = session.last_turn_record()
        events = marks(turn_events(session.scenario, last)[0]) if last else []
        draw_map(surface, lay.map, list(session.scenario.places), events, self.font_px(24),
                 region=region_of(session.scenario))
        pygame.draw.rect(surface, style.PANEL, lay.estimates, border_radius=6)
        head = self.font_px(24)
        pad = self.px(0.012)
        style.text(surface, f"What {session.side_label(self.side)} estimates (true values stay hidden)",
                   (lay.estimates.x + pad, lay.estimates.y + pad), head, bold=True, max_width=lay.estimates.w - 2 * pad)
        inner = self.estimates_area(lay)
        draw_estimates(surface, inner, session.estimates(self.side), self.font_px(24))
        pygame.draw.rect(surface, style.PANEL, lay.ladder, border_radius=6)
        style.text(surface, ladder_title(session.scenario), (lay.ladder.x + pad, lay.ladder.y + pad), head, bold=True,
                   max_width=lay.ladder.w - 2 * pad)
        top = round(style.font(head, True).get_linesize() * 1.1) + pad
        ladder_rect = pygame.Rect(lay.ladder.x + pad // 2, lay.ladder.y + top + pad,
                                  lay.ladder.w - pad, lay.ladder.h - top - 2 * pad)
        draw_ladders(surface, ladder_rect, session.scenario, session.ladder_rungs, session.ladder_histories(),
                     self.font_px(24))

    def draw_timer(self, surface: pygame.Surface, header: pygame.Rect) -> None:
        """The turn timer at the right of the header: white, orange in the last minute, red when out."""
        left = self.app.session.timer_seconds - self.elapsed
        if left <= 0:
            text, colour = "Time up", style.RED
        else:
            text = clock(left)
            colour = style.ORANGE if left <= TIMER_WARNING_S else style.TEXT
        style.text(surface, text, (header.right - self.px(0.015), header.centery), self.font_px(30), colour,
                   bold=True, anchor="midright")
