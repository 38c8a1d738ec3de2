"""Screens drawn over another: help, the menu, the white-cell panel and message boxes."""

from __future__ import annotations

import pygame
import pygame_gui

from wargame.errors import WargameError
from wargame.ui.app import App, Scene
from wargame.ui.scenes.setup import is_confirm
from wargame.ui.widgets import button, dropdown, entry, esc, label, panel, textbox

HELP = [
    ("Anywhere", [("F1", "this help"), ("F2 or W", "white-cell panel (facilitator)"), ("Esc", "menu / close")]),
    ("Title and setup", [("Enter", "continue"), ("1-9", "pick a scenario / change a side's seat"),
                         ("Up, Down", "move through scenarios"), ("Q", "quit (title)")]),
    ("Briefings and hand-offs", [("Space", "continue when the right team is ready")]),
    ("Resolution and debrief", [("Space or Enter", "next turn / debrief / back to the title"),
                                ("Tab", "debrief: objectives or true values")]),
    ("Turn", [("1-9, 0, A-Z", "select or drop the card with that key"),
              ("Up, Down, Space", "card cursor, select"), ("T", "type a stated intent"), ("Enter", "seal orders")]),
    ("White cell", [("P", "pause or resume a demo"), ("I", "fire the chosen inject next turn"),
                    ("O", "override the rung (needs a reason)"), ("N", "add a note"),
                    ("A", "advisor on or off"), ("Q", "save and quit")]),
]
HELP_LEFT = 4  # sections in the left column (the two columns hold about as many lines)


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

    def __init__(self, app: App, message: str) -> None:
        super().__init__(app)
        self.message = message

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
            return True
        return False


class HelpScene(Overlay):
    name = "help"
    box_fraction = (0.8, 0.86)

    def build(self) -> None:
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, self.px(0.06)), "Keys", object_id="#heading")
        parts = []
        for section, keys in HELP:
            rows = "<br>".join(f"<b>{esc(k)}</b>  {esc(v)}" for k, v in keys)
            parts.append(f"<font color='#33bbee'><b>{esc(section)}</b></font><br>{rows}")
        half = HELP_LEFT
        top = b.y + m + self.px(0.07)
        col = (b.w - 3 * m) // 2
        for i, chunk in enumerate((parts[:half], parts[half:])):
            textbox(self, pygame.Rect(b.x + m + i * (col + m), top, col, b.bottom - m - top), "<br><br>".join(chunk))

    def handle_event(self, event: pygame.event.Event) -> bool:
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
        entries = [("back", "Back to the game  [Esc]"), ("help", "Help  [F1]")]
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


class WhiteCellScene(Overlay):
    """The facilitator's controls; every action goes through the session and is logged."""

    name = "white_cell"
    box_fraction = (0.8, 0.86)

    def __init__(self, app: App) -> None:
        super().__init__(app)
        session = app.session
        self.injects = session.injects()
        self.rungs = session.rungs()
        self.inject_choice = self.injects[0][1] if self.injects else ""
        self.rung_choice = next(label for rid, label in self.rungs if rid == session.rung)
        self.reason = ""
        self.note_text = ""
        self.status = "Everything done here is written to the log."
        self.focus_next: str | None = None

    def build(self) -> None:
        session = self.app.session
        b = self.box()
        m = self.px(0.02)
        panel(self, b)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, self.px(0.06)), "White cell", object_id="#heading")
        rung = session.scenario.rung(session.rung).label
        state = (f"{session.scenario.turns.label} {session.turn + 1} · rung: {rung} · advisor "
                 f"{'on' if session.advisor_on else 'off'} · {'paused' if session.paused else 'running'}")
        label(self, pygame.Rect(b.x + m, b.y + m + self.px(0.06), b.w - 2 * m, self.px(0.05)), state,
              object_id="#subtle")
        row, gap = self.px(0.065), self.px(0.018)
        col1 = round(b.w * 0.34)
        x2 = b.x + m + col1 + m
        w2 = b.w - 3 * m - col1
        y = b.y + m + self.px(0.13)
        self.pause = button(self, pygame.Rect(b.x + m, y, col1, row),
                            ("Resume  [P]" if session.paused else "Pause  [P]"))
        self.advisor = button(self, pygame.Rect(x2, y, w2 // 2 - m // 2, row),
                              f"Advisor {'off' if session.advisor_on else 'on'}  [A]")
        self.quit = button(self, pygame.Rect(x2 + w2 // 2 + m // 2, y, w2 - w2 // 2 - m // 2, row),
                           "Save and quit  [Q]")
        y += row + gap
        names = [text for _, text in self.injects] or ["(this scenario has no injects)"]
        self.inject_button = button(self, pygame.Rect(b.x + m, y, col1, row), "Fire inject next turn  [I]",
                                    enabled=bool(self.injects))
        self.inject_menu = dropdown(self, pygame.Rect(x2, y, w2, row), names, self.inject_choice or names[0])
        y += row + gap
        self.override_button = button(self, pygame.Rect(b.x + m, y, col1, row), "Override rung  [O]")
        self.rung_menu = dropdown(self, pygame.Rect(x2, y, round(w2 * 0.4), row), [t for _, t in self.rungs],
                                  self.rung_choice)
        self.reason_entry = entry(self, pygame.Rect(x2 + round(w2 * 0.4) + m, y, w2 - round(w2 * 0.4) - m, row),
                                  self.reason, placeholder="reason (required, logged)", limit=300)
        y += row + gap
        self.note_button = button(self, pygame.Rect(b.x + m, y, col1, row), "Add note  [N]")
        self.note_entry = entry(self, pygame.Rect(x2, y, w2, row), self.note_text,
                                placeholder="a note for the log and the report", limit=500)
        y += row + gap
        textbox(self, pygame.Rect(b.x + m, y, b.w - 2 * m, b.bottom - m - y), esc(self.status))
        if self.focus_next is not None:
            widget = self.reason_entry if self.focus_next == "reason" else self.note_entry
            widget.focus()
            self.app.manager.set_focus_set(widget)
            self.focus_next = None

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.inject_menu:
                self.inject_choice = event.text
            elif event.ui_element is self.rung_menu:
                self.rung_choice = event.text
            return True
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
                                (self.inject_button, "inject"), (self.override_button, "override"),
                                (self.note_button, "note")):
                if event.ui_element is widget:
                    self.act(key)
                    return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            keys = {pygame.K_p: "pause", pygame.K_a: "advisor", pygame.K_q: "quit", pygame.K_i: "inject",
                    pygame.K_o: "override", pygame.K_n: "note"}
            if event.key in keys:
                self.act(keys[event.key])
                return True
        return False

    def act(self, key: str) -> None:
        session = self.app.session
        if key == "pause":
            session.paused = not session.paused
            self.status = "Paused: a demo waits for you." if session.paused else "Running."
        elif key == "advisor":
            session.set_advisor(not session.advisor_on)
            self.status = f"Advisor switched {'on' if session.advisor_on else 'off'} (logged)."
        elif key == "quit":
            self.app.flow.save_and_quit()
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
        elif key == "note":
            if not self.note_text.strip():
                self.focus_next = "note"
                self.status = "Type the note, then press Enter."
            else:
                session.note(self.note_text)
                self.status = f"Note added: {self.note_text}"
                self.note_text = ""
        self.clear()
        self.build()
        if session.over:
            self.app.flow.next()
