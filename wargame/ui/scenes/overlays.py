"""Screens drawn over another: help and rules, the menu, the white-cell panel, briefs, waits and messages."""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import pygame
import pygame_gui

from wargame.engine import HUMAN
from wargame.errors import WargameError
from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.scenes.setup import is_confirm
from wargame.ui.session import seat_choices
from wargame.ui.widgets import button, dropdown, entry, esc, label, panel, textbox

HELP = [
    ("Anywhere", [("F1", "help: keys, then rules and scoring (Tab)"), ("F2 or W", "white-cell panel (facilitator)"),
                  ("Esc", "menu / close")]),
    ("Title and setup", [("Enter", "continue"), ("S", "text size (title)"), ("1-9", "pick a scenario / change a seat"),
                         ("Up, Down", "move through scenarios"), ("Q", "quit (title)")]),
    ("Briefings and hand-offs", [("Space", "continue when the right team is ready")]),
    ("Resolution and debrief", [("Space or Enter", "next turn / debrief / back to the title"),
                                ("Tab", "debrief: objectives or true values")]),
    ("Turn", [("1-9, 0, letters", "choose or drop the card with that key"),
              ("Up, Down, Space", "card cursor, choose"), ("T", "type a stated intent"),
              ("B", "your brief and objectives again"), ("Enter", "seal orders")]),
    ("White cell", [("P", "pause or resume"), ("I", "fire the chosen inject next turn"),
                    ("O", "override the rung (needs a reason)"), ("N", "add a note"), ("A", "advisor on or off"),
                    ("S", "change a side's seat"), ("U", "withdraw a team's sealed orders"),
                    ("M", "turn timer"), ("B", "show a side's brief"), ("Q", "save and quit")]),
]
HELP_LEFT = 4  # sections in the left column (the two columns hold about as many lines)

RULES = [
    ("A turn", "Each team, alone at the screen, chooses up to its number of moves within its budget of points "
               "and seals them. When every team has sealed, the turn is resolved at once for all sides: the "
               "computer's sides choose by their policy, scheduled and chance events happen, every move is "
               "rolled, slow effects of earlier turns arrive, and the ladder may move one rung."),
    ("Odds and rolls", "A card shows your estimate of its odds: the scenario's rule applied to what your team "
                       "sees, which is noisy. The roll uses the true odds, from the true situation. A roll is "
                       "a number from 0 to 99; under the odds, the move works. The resolution screen shows "
                       "both the true odds and your estimate, so you can see how wrong your picture was."),
    ("What you see", "Your indicators are estimates with a typical error (the ± figure); the true values are "
                     "shown only at the debrief. Informal channels (each scenario names its own kinds) work "
                     "slowly: their effects arrive later, build up while used and fade without use."),
    ("The ladder", "Rungs run from calm to open conflict, each with a level. Moves, events and the state of "
                   "the indicators push it up or down, at most one rung a turn."),
    ("The score", "Success is risk reduced, not a treaty signed. Each turn's escalation index is the rung's "
                  "level plus points for every move ordered and event fired (de-escalating moves count "
                  "below zero, violent ones most). The debrief adds the index over the game and compares it "
                  "with the computer's play from the same start: above zero, the room escalated less."),
    ("Objectives", "Each side's objectives are rated P (performed without challenges), S (some challenges), "
                   "M (major challenges) or U (unable to be performed) against thresholds set in the scenario."),
    ("The advisor", "Unless switched off, the advisor plays each card a thousand times from what your team "
                    "sees and shows it against ordering nothing. BEST marks a card only when it is better than "
                    "holding and than every other card beyond the forecast's uncertainty."),
]


class Overlay(Scene):
    """A box over a dimmed copy of the scene below."""

    overlay = True
    box_fraction = (0.7, 0.8)

    def box(self) -> pygame.Rect:
        w, h = self.size
        bw, bh = round(w * self.box_fraction[0]), round(h * self.box_fraction[1])
        return pygame.Rect((w - bw) // 2, (h - bh) // 2, bw, bh)

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 170))
        surface.blit(shade, (0, 0))


class MessageScene(Overlay):
    name = "message"
    box_fraction = (0.6, 0.4)

    def __init__(self, app: App, message: str, then: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.message = message
        self.then = then

    def build(self) -> None:
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        bh = self.px(0.07)
        textbox(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, b.h - 3 * m - bh), esc(self.message))
        self.ok = button(self, pygame.Rect(b.right - m - round(b.w * 0.3), b.bottom - m - bh, round(b.w * 0.3), bh),
                         "OK  [Enter]")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.ok) or is_confirm(event) or (
            event.type == pygame.KEYDOWN and event.key in (pygame.K_SPACE, pygame.K_ESCAPE)
        ):
            self.app.pop()
            if self.then is not None:
                self.then()
            return True
        return False


class WaitScene(Overlay):
    """Work running in the background: the table says what it is doing and keeps answering."""

    name = "wait"
    box_fraction = (0.5, 0.22)

    def __init__(self, app: App, message: str, job: Future[Any], then: Callable[[Any], None]) -> None:
        super().__init__(app)
        self.message = message
        self.job = job
        self.then = then
        self.t = 0.0

    def update(self, dt: float) -> bool:
        self.t += dt
        if not self.job.done() or self.app.top is not self:
            return True
        try:
            result = self.job.result()
        except WargameError as exc:
            self.app.pop()
            self.app.show_error(exc)
            return True
        self.then(result)  # usually replaces the screen, which closes this box too
        if self in self.app.stack:
            self.app.stack.remove(self)
            self.leave()
            if self.app.top is not None:
                self.app.top.enter()
        return True

    def busy(self) -> bool:
        return True  # until the result is handed over and this box is gone

    def wake_in(self) -> int | None:
        return 50

    def handle_event(self, event: pygame.event.Event) -> bool:
        return event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN)  # nothing else happens meanwhile

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        b = self.box()
        pygame.draw.rect(surface, style.PANEL, b, border_radius=8)
        pygame.draw.rect(surface, style.LAND_EDGE, b, 2, border_radius=8)
        px = self.font_px(30)
        r = px * 0.6
        cx, cy = b.x + px * 1.6, b.centery
        for i in range(8):  # a turning ring of dots
            angle = self.t * 4 + i * math.pi / 4
            shade = 80 + 175 * ((i + 1) / 8)
            colour = (round(shade * style.CYAN[0] / 255), round(shade * style.CYAN[1] / 255),
                      round(shade * style.CYAN[2] / 255))
            pygame.draw.circle(surface, colour, (cx + r * math.cos(angle), cy + r * math.sin(angle)), max(3, px // 7))
        style.text(surface, self.message, (b.x + px * 3, cy), px, anchor="midleft", max_width=b.right - px * 3 - b.x)


class QuitScene(Overlay):
    """The window's close button during a game: quit only if the facilitator confirms."""

    name = "quit"
    box_fraction = (0.6, 0.42)

    def build(self) -> None:
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, self.px(0.06)), "Quit the game?", object_id="#heading")
        session = self.app.session
        sealed = session.sealed_sides() if session is not None else []
        lost = (f" Orders sealed this turn ({', '.join(session.side_label(s) for s in sealed)}) are not saved "
                "and will be given again." if sealed else "")
        text = (f"Every resolved turn is saved in {session.log_path if session else 'the log'}; continue later "
                f"with wargame play --resume.{lost}")
        bh = self.px(0.07)
        textbox(self, pygame.Rect(b.x + m, b.y + m + self.px(0.07), b.w - 2 * m, b.h - 4 * m - bh - self.px(0.07)),
                esc(text))
        w = (b.w - 3 * m) // 2
        self.stay = button(self, pygame.Rect(b.x + m, b.bottom - m - bh, w, bh), "Keep playing  [Esc]")
        self.leave_button = button(self, pygame.Rect(b.x + 2 * m + w, b.bottom - m - bh, w, bh),
                                   "Save and quit  [Enter]", object_id="#big_button")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.leave_button) or is_confirm(event):
            self.app.flow.save_and_quit()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.stay:
            self.app.pop()
            return True
        return False


class BriefScene(Overlay):
    """A side's brief and objectives, to read again during the game (its team asks with B)."""

    name = "brief"
    box_fraction = (0.8, 0.86)

    def __init__(self, app: App, side: str) -> None:
        super().__init__(app)
        self.side = side

    def build(self) -> None:
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, self.px(0.06)),
              f"{self.app.session.side_label(self.side)}: brief and objectives  (Esc closes)", object_id="#heading")
        top = b.y + m + self.px(0.07)
        textbox(self, pygame.Rect(b.x + m, top, b.w - 2 * m, b.bottom - m - top), brief_markup(self.app, self.side))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_b, pygame.K_SPACE, pygame.K_RETURN):
            self.app.pop()
            return True
        return False


def brief_markup(app: App, side: str) -> str:
    """The public situation, the side's private brief, its objectives and its budget."""
    session = app.session
    spec = session.scenario.side(side)
    parts = [esc(spec.briefing.private or "No private brief for this side.")]
    if spec.briefing.public:
        parts.insert(0, f"<i>{esc(spec.briefing.public)}</i>")
    if spec.objectives:
        goals = "<br>".join(f"- {esc(o.label)}" + (f": {esc(o.description)}" if o.description else "")
                            for o in spec.objectives)
        parts.append(f"<b>Your objectives</b><br>{goals}")
    budget, max_moves = session.budget(side)
    parts.append(f"Each turn you have <b>{budget}</b> points to spend on at most <b>{max_moves}</b> moves.")
    return "<br><br>".join(parts)


class HelpScene(Overlay):
    """F1: every key, and (Tab) the rules and how the game is scored."""

    name = "help"
    box_fraction = (0.86, 0.9)
    PAGES = ("keys", "rules")

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.page = "keys"

    def build(self) -> None:
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        title = "Keys" if self.page == "keys" else "Rules and scoring"
        other = "Rules and scoring  [Tab]" if self.page == "keys" else "Keys  [Tab]"
        bw = round(b.w * 0.3)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - bw - 3 * m, self.px(0.06)), title, object_id="#heading")
        self.switch = button(self, pygame.Rect(b.right - m - bw, b.y + m, bw, self.px(0.06)), other)
        top = b.y + m + self.px(0.08)
        col = (b.w - 3 * m) // 2
        if self.page == "keys":
            parts = []
            for section, keys in HELP:
                rows = "<br>".join(f"<b>{esc(k)}</b>  {esc(v)}" for k, v in keys)
                parts.append(f"<font color='#33bbee'><b>{esc(section)}</b></font><br>{rows}")
            chunks = (parts[:HELP_LEFT], parts[HELP_LEFT:])
        else:
            parts = [f"<font color='#33bbee'><b>{esc(head)}</b></font><br>{esc(body)}" for head, body in RULES]
            chunks = (parts[:4], parts[4:])
        for i, chunk in enumerate(chunks):
            textbox(self, pygame.Rect(b.x + m + i * (col + m), top, col, b.bottom - m - top), "<br><br>".join(chunk))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.switch) or (
            event.type == pygame.KEYDOWN and event.key == pygame.K_TAB
        ):
            self.page = self.PAGES[(self.PAGES.index(self.page) + 1) % len(self.PAGES)]
            self.clear()
            self.build()
            return True
        return False  # F1 and Esc close it (handled by the app)


class MenuScene(Overlay):
    name = "menu"
    box_fraction = (0.4, 0.6)

    def build(self) -> None:
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, self.px(0.06)), "Menu", object_id="#heading")
        bh = self.px(0.07)
        y = b.y + m + self.px(0.08)
        self.items: list[tuple[pygame_gui.elements.UIButton, str]] = []
        back = "Back to the game  [Esc]" if self.app.session is not None else "Back  [Esc]"
        entries = [("back", back), ("help", "Help and rules  [F1]")]
        if self.app.session is not None and not self.app.session.over:
            entries.append(("white", "White cell  [F2]"))
        entries.append(("quit", "Save and quit  [Q]"))
        for key, text in entries:
            self.items.append((button(self, pygame.Rect(b.x + m, y, b.w - 2 * m, bh), text), key))
            y += bh + self.px(0.012)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for b, key in self.items:
                if event.ui_element is b:
                    self.act(key)
                    return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_q:
            self.act("quit")
            return True
        return False

    def act(self, key: str) -> None:
        if key == "back":
            self.app.pop()
        elif key == "help":
            self.app.pop()
            self.app.push(HelpScene(self.app))
        elif key == "white":
            self.app.pop()
            self.app.push(WhiteCellScene(self.app))
        elif key == "quit":
            self.app.flow.save_and_quit()


TIMER_CHOICES = [("no timer", 0), ("3 minutes", 180), ("5 minutes", 300), ("8 minutes", 480),
                 ("10 minutes", 600), ("15 minutes", 900)]


class WhiteCellScene(Overlay):
    """The facilitator's controls; everything that changes the game goes through the session and is logged."""

    name = "white_cell"
    box_fraction = (0.86, 0.92)

    def __init__(self, app: App) -> None:
        super().__init__(app)
        session = app.session
        self.injects = session.injects()
        self.rungs = session.rungs()
        self.sides = [(s.id, s.label) for s in session.scenario.sides]
        self.inject_choice = self.injects[0][1] if self.injects else ""
        self.rung_choice = next(label for rid, label in self.rungs if rid == session.rung)
        self.side_choice = self.sides[0][1]
        self.seat_choice = session.seats()[self.sides[0][0]]
        self.timer_choice = next((name for name, s in TIMER_CHOICES if s == session.timer_seconds),
                                 f"{session.timer_seconds // 60} minutes")
        self.reason = ""
        self.note_text = ""
        self.status = "Everything that changes the game is written to the log."
        self.focus_next: str | None = None

    def chosen_side(self) -> str:
        return next(sid for sid, text in self.sides if text == self.side_choice)

    def build(self) -> None:
        session = self.app.session
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, self.px(0.06)), "White cell", object_id="#heading")
        rung = session.scenario.rung(session.rung).label
        sealed = ", ".join(session.side_label(s) for s in session.sealed_sides()) or "none"
        state = (f"{session.scenario.turns.label} {session.turn + 1} · {rung} · sealed: {sealed} · "
                 f"{'paused' if session.paused else 'running'}")
        label(self, pygame.Rect(b.x + m, b.y + m + self.px(0.06), b.w - 2 * m, self.px(0.05)), state,
              object_id="#subtle")
        row, gap = self.px(0.062), self.px(0.012)
        col1 = round(b.w * 0.3)
        x2 = b.x + m + col1 + m
        w2 = b.w - 3 * m - col1
        y = b.y + m + self.px(0.125)

        def row_button(text: str, enabled: bool = True) -> pygame_gui.elements.UIButton:
            return button(self, pygame.Rect(b.x + m, y, col1, row), text, enabled=enabled)

        third = (w2 - 2 * m) // 3
        self.pause = row_button("Resume  [P]" if session.paused else "Pause  [P]")
        self.advisor = button(self, pygame.Rect(x2, y, third, row), f"Advisor {'off' if session.advisor_on else 'on'}  [A]")
        self.brief = button(self, pygame.Rect(x2 + third + m, y, third, row), "Show brief  [B]")
        self.quit = button(self, pygame.Rect(x2 + 2 * (third + m), y, w2 - 2 * (third + m), row), "Save and quit  [Q]")
        y += row + gap
        names = [text for _, text in self.injects] or ["(this scenario has no injects)"]
        self.inject_button = row_button("Fire inject next turn  [I]", bool(self.injects))
        self.inject_menu = dropdown(self, pygame.Rect(x2, y, w2, row), names, self.inject_choice or names[0])
        y += row + gap
        self.override_button = row_button("Override rung  [O]")
        self.rung_menu = dropdown(self, pygame.Rect(x2, y, round(w2 * 0.4), row), [t for _, t in self.rungs],
                                  self.rung_choice)
        self.reason_entry = entry(self, pygame.Rect(x2 + round(w2 * 0.4) + m, y, w2 - round(w2 * 0.4) - m, row),
                                  self.reason, placeholder="reason (required, logged)", limit=300)
        y += row + gap
        self.note_button = row_button("Add note  [N]")
        self.note_entry = entry(self, pygame.Rect(x2, y, w2, row), self.note_text,
                                placeholder="a note for the log and the report", limit=500)
        y += row + gap
        half = (w2 - m) // 2
        self.side_menu = dropdown(self, pygame.Rect(x2, y, half, row), [t for _, t in self.sides], self.side_choice)
        self.seat_button = row_button("Set seat  [S]")
        self.seat_menu = dropdown(self, pygame.Rect(x2 + half + m, y, w2 - half - m, row),
                                  seat_choices(session.scenario, self.chosen_side()), self.seat_choice)
        y += row + gap
        self.unseal_button = row_button("Withdraw sealed orders  [U]", bool(session.sealed_sides()))
        label(self, pygame.Rect(x2, y, w2, row), "of the side chosen above; that team chooses again (logged)",
              object_id="#subtle")
        y += row + gap
        self.timer_button = row_button(f"Seal at time up: {'yes' if session.timer_seals else 'no'}  [Y]")
        self.timer_menu = dropdown(self, pygame.Rect(x2, y, half, row), [n for n, _ in TIMER_CHOICES],
                                   self.timer_choice if self.timer_choice in dict(TIMER_CHOICES) else "no timer")
        label(self, pygame.Rect(x2 + half + m, y, w2 - half - m, row), "turn timer per team  [M]",
              object_id="#subtle")
        y += row + gap
        textbox(self, pygame.Rect(b.x + m, y, b.w - 2 * m, b.bottom - m - y), esc(self.status))
        if self.focus_next is not None:
            widget = self.reason_entry if self.focus_next == "reason" else self.note_entry
            widget.focus()
            self.app.manager.set_focus_set(widget)
            self.focus_next = None

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            return self.chose(event.ui_element, event.text)
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            if event.ui_element is self.reason_entry:
                self.reason = event.text
            elif event.ui_element is self.note_entry:
                self.note_text = event.text
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            if event.ui_element is self.reason_entry:
                self.act("override")
            elif event.ui_element is self.note_entry:
                self.act("note")
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for widget, key in ((self.pause, "pause"), (self.advisor, "advisor"), (self.quit, "quit"),
                                (self.brief, "brief"), (self.inject_button, "inject"),
                                (self.override_button, "override"), (self.note_button, "note"),
                                (self.seat_button, "seat"), (self.unseal_button, "unseal"),
                                (self.timer_button, "timer_seals")):
                if event.ui_element is widget:
                    self.act(key)
                    return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            keys = {pygame.K_p: "pause", pygame.K_a: "advisor", pygame.K_q: "quit", pygame.K_i: "inject",
                    pygame.K_o: "override", pygame.K_n: "note", pygame.K_s: "seat", pygame.K_u: "unseal",
                    pygame.K_y: "timer_seals", pygame.K_m: "timer", pygame.K_b: "brief"}
            if event.key in keys:
                self.act(keys[event.key])
                return True
        return False

    def chose(self, menu: Any, text: str) -> bool:
        """A drop-down changed: remember the choice (the timer takes effect at once)."""
        if menu is self.inject_menu:
            self.inject_choice = text
        elif menu is self.rung_menu:
            self.rung_choice = text
        elif menu is self.side_menu:
            self.side_choice = text
            self.seat_choice = self.app.session.seats()[self.chosen_side()]
            self.rebuild()
        elif menu is self.seat_menu:
            self.seat_choice = text
        elif menu is self.timer_menu:
            self.timer_choice = text
            self.set_timer(dict(TIMER_CHOICES).get(text, 0))
        return True

    def set_timer(self, seconds: int) -> None:
        session = self.app.session
        session.timer_seconds = seconds
        self.status = (f"Turn timer: {seconds // 60} minutes per team from the next turn screen; "
                       f"{'orders are sealed' if session.timer_seals else 'the room is told'} when it runs out."
                       if seconds else "No turn timer.")
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        self.build()

    def act(self, key: str) -> None:
        session = self.app.session
        flow_changes = False
        if key == "pause":
            session.paused = not session.paused
            self.status = "Paused: a demo and the turn timer wait for you." if session.paused else "Running."
        elif key == "advisor":
            session.set_advisor(not session.advisor_on)
            self.status = f"Advisor switched {'on' if session.advisor_on else 'off'} (logged)."
        elif key == "quit":
            self.app.flow.save_and_quit()
            return
        elif key == "brief":
            self.app.push(BriefScene(self.app, self.chosen_side()))
            return
        elif key == "inject":
            inject_id = next((i for i, text in self.injects if text == self.inject_choice), None)
            if inject_id is None:
                raise WargameError("choose an inject first")
            session.inject(inject_id)
            self.status = f"'{self.inject_choice}' will happen in the coming turn (logged)."
        elif key == "override":
            if not self.reason.strip():
                self.focus_next = "reason"
                self.status = "Type the reason for the override, then press Enter."
            else:
                rung_id = next(r for r, text in self.rungs if text == self.rung_choice)
                session.override_rung(self.reason, rung_id)
                self.status = f"Rung set to {self.rung_choice}: {self.reason} (logged)."
                self.reason = ""
                flow_changes = True
        elif key == "note":
            if not self.note_text.strip():
                self.focus_next = "note"
                self.status = "Type the note, then press Enter."
            else:
                session.note(self.note_text)
                self.status = f"Note added: {self.note_text}"
                self.note_text = ""
        elif key == "seat":
            side = self.chosen_side()
            session.set_seat(side, self.seat_choice)
            who = "a team" if self.seat_choice == HUMAN else f"the computer ({self.seat_choice})"
            self.status = f"{self.side_choice} is now played by {who} (logged)."
            flow_changes = True
        elif key == "unseal":
            side = self.chosen_side()
            session.unseal(side, "withdrawn by the white cell")
            self.status = f"{self.side_choice}'s sealed orders withdrawn; the team chooses again (logged)."
            flow_changes = True
        elif key == "timer_seals":
            session.timer_seals = not session.timer_seals
            self.status = ("When the timer runs out, the orders chosen so far are sealed." if session.timer_seals
                           else "When the timer runs out, the room is told and the team finishes.")
        elif key == "timer":
            seconds = [s for _, s in TIMER_CHOICES]
            now = seconds.index(session.timer_seconds) if session.timer_seconds in seconds else 0
            self.timer_choice = TIMER_CHOICES[(now + 1) % len(TIMER_CHOICES)][0]
            self.set_timer(seconds[(now + 1) % len(seconds)])
            return
        self.rebuild()
        if session.over or (flow_changes and self.app.flow.stale()):
            self.app.flow.next()
