"""Before play: the title, the choice of scenario, and who sits in each seat."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame_gui

from wargame.errors import WargameError
from wargame.logged import now_iso
from wargame.scenario.models import Scenario
from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.geography import region_of
from wargame.ui.session import Session, default_seats, seat_choices
from wargame.ui.settings import next_scale, scale_name
from wargame.ui.widgets import button, dropdown, entry, esc, label, textbox

NUMBER_KEYS = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6, pygame.K_7,
               pygame.K_8, pygame.K_9, pygame.K_0]


def number_of(event: pygame.event.Event) -> int | None:
    """0-based index for the keys 1..9, 0 (also on the keypad)."""
    if event.key in NUMBER_KEYS:
        return NUMBER_KEYS.index(event.key)
    pad = [pygame.K_KP1, pygame.K_KP2, pygame.K_KP3, pygame.K_KP4, pygame.K_KP5, pygame.K_KP6,
           pygame.K_KP7, pygame.K_KP8, pygame.K_KP9, pygame.K_KP0]
    return pad.index(event.key) if event.key in pad else None


def is_confirm(event: pygame.event.Event) -> bool:
    return event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)


class TitleScene(Scene):
    name = "title"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.waited = 0.0

    def build(self) -> None:
        w, h = self.size
        label(self, pygame.Rect(0, round(h * 0.22), w, self.px(0.1)), "Crisis at the border", object_id="#title")
        label(self, pygame.Rect(0, round(h * 0.33), w, self.px(0.06)),
              "A crisis-escalation wargame for teams around one screen", object_id="#subtle_centre")
        bw, bh = round(w * 0.34), self.px(0.075)
        x = (w - bw) // 2
        self.new_button = button(self, pygame.Rect(x, round(h * 0.46), bw, bh), "New game  [Enter]",
                                 object_id="#big_button")
        step = bh + self.px(0.02)
        self.size_button = button(self, pygame.Rect(x, round(h * 0.46) + step, bw, bh),
                                  f"Text size: {scale_name(self.app.text_scale)}  [S]")
        self.quit_button = button(self, pygame.Rect(x, round(h * 0.46) + 2 * step, bw, bh), "Quit  [Q]")
        hint = "F1 help and rules at any time  ·  Esc menu"
        if self.app.warnings:
            hint = self.app.warnings[-1]
        label(self, pygame.Rect(0, h - self.px(0.08), w, self.px(0.05)), hint, object_id="#subtle_centre")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.new_button:
                self.start()
                return True
            if event.ui_element is self.quit_button:
                self.app.quit()
                return True
            if event.ui_element is self.size_button:
                self.bigger_text()
                return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_s:
            self.bigger_text()
            return True
        if is_confirm(event) or (event.type == pygame.KEYDOWN and event.key in (pygame.K_n, pygame.K_SPACE)):
            self.start()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_q:
            self.app.quit()
            return True
        return False

    def update(self, dt: float) -> bool:
        if preset_seats_complete(self.app) and self.app.top is self:
            self.waited += dt
            if self.waited >= self.app.options.demo_seconds:
                self.start()
                return True
        return False

    def wake_in(self) -> int | None:
        return 250 if preset_seats_complete(self.app) else None

    def bigger_text(self) -> None:
        """Cycle the text size (remembered on this machine)."""
        problem = self.app.set_text_scale(next_scale(self.app.text_scale))
        if problem:
            self.app.warnings.append(problem)
            self.clear()
            self.build()

    def start(self) -> None:
        name = self.app.options.scenario
        app = self.app
        if name:
            from wargame.scenario import load

            app.background(lambda: load(name), lambda scenario: choose_seats(app, scenario), "Reading the scenario…")
        else:
            app.background(shipped_choices, lambda choices: app.replace(ChooseScenarioScene(app, choices)),
                           "Reading the scenarios…")

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        w, h = self.size
        # a faint ladder of bars as decoration
        for i in range(6):
            colour = style.level_colour(i, 0, 5)
            bar = pygame.Rect(round(w * 0.08), round(h * (0.75 - i * 0.09)), round(w * 0.04), round(h * 0.06))
            pygame.draw.rect(surface, colour, bar, border_radius=4)
            pygame.draw.rect(surface, colour, bar.move(round(w * 0.80), 0), border_radius=4)


def preset_seats_complete(app: App) -> bool:
    """Scenario and every seat given on the command line: a demo that runs without a keyboard."""
    return app.options.demo


@dataclass
class Choice:
    path: Path
    scenario: Scenario | None
    problem: str | None


def shipped_choices() -> list[Choice]:
    """Every shipped scenario, loaded (or the first line of why it does not load)."""
    from wargame.scenario import load
    from wargame.scenario.catalog import shipped_files

    choices: list[Choice] = []
    for path in shipped_files():
        try:
            choices.append(Choice(path, load(str(path)), None))
        except WargameError as exc:
            choices.append(Choice(path, None, str(exc).splitlines()[0]))
    return choices


def default_choice(choices: list[Choice]) -> int:
    """The scenario preselected: the default one `wargame play --help` names, else the first."""
    from wargame.scenario.catalog import DEFAULT_SCENARIO, FALLBACK_SCENARIO

    ids = [c.scenario.id if c.scenario else "" for c in choices]
    for wanted in (DEFAULT_SCENARIO, FALLBACK_SCENARIO):
        if wanted in ids:
            return ids.index(wanted)
    return 0


class ChooseScenarioScene(Scene):
    name = "choose_scenario"

    def __init__(self, app: App, choices: list[Choice] | None = None) -> None:
        super().__init__(app)
        self.choices = shipped_choices() if choices is None else choices
        self.selected = default_choice(self.choices)
        self.typed = ""

    def build(self) -> None:
        w, h = self.size
        m = self.px(0.03)
        label(self, pygame.Rect(m, m, w - 2 * m, self.px(0.07)), "Choose a scenario", object_id="#heading")
        self.buttons = []
        bh = self.px(0.075)
        col_w = round(w * 0.42)
        y = m + self.px(0.09)
        for i, choice in enumerate(self.choices[:10]):
            title = choice.scenario.title if choice.scenario else f"{choice.path.stem} (cannot be loaded)"
            text = f"{(i + 1) % 10}  {title}"
            b = button(self, pygame.Rect(m, y, col_w, bh), text, enabled=choice.scenario is not None)
            if i == self.selected:
                b.select()
            self.buttons.append(b)
            y += bh + self.px(0.012)
        info = self.choices[self.selected] if self.choices else None
        detail = "No shipped scenarios were found." if info is None else self.describe(info)
        fy = h - m - bh
        top = m + self.px(0.09)
        textbox(self, pygame.Rect(m * 2 + col_w, top, w - col_w - 3 * m, fy - self.px(0.07) - top), detail)
        label(self, pygame.Rect(m, fy - self.px(0.055), w - 2 * m, self.px(0.05)),
              "Or type the path of a scenario file (.yaml) and press Enter:", object_id="#subtle")
        self.path_entry = entry(self, pygame.Rect(m, fy, round(w * 0.55), bh), self.typed,
                                placeholder="path/to/scenario.yaml")
        self.go = button(self, pygame.Rect(m * 2 + round(w * 0.55), fy, w - round(w * 0.55) - 3 * m, bh),
                         "Continue with this scenario  [Enter]", object_id="#big_button")

    def describe(self, choice: Choice) -> str:
        if choice.scenario is None:
            return f"<b>{esc(choice.path.name)}</b><br><br>{esc(choice.problem or '')}"
        s = choice.scenario
        sides = ", ".join(x.label for x in s.sides)
        return (f"<b>{esc(s.title)}</b> <font color='#bbbbbb'>({esc(s.id)})</font><br><br>{esc(s.meta.summary)}"
                f"<br><br>{esc(s.meta.description)}<br><br>Sides: {esc(sides)}<br>{s.turns.count} "
                f"{esc(s.turns.label.lower())}s of {s.turns.length_days:g} days")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.path_entry:
            self.typed = event.text
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.path_entry:
            self.confirm()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.go:
                self.confirm()
                return True
            if event.ui_element in self.buttons:
                self.select(self.buttons.index(event.ui_element))
                return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            n = number_of(event)
            if n is not None and n < len(self.choices):
                self.select(n)
                return True
            if event.key in (pygame.K_DOWN, pygame.K_UP) and self.choices:
                step = 1 if event.key == pygame.K_DOWN else -1
                self.select((self.selected + step) % len(self.choices))
                return True
            if is_confirm(event):
                self.confirm()
                return True
        return False

    def select(self, index: int) -> None:
        self.selected = index
        self.clear()
        self.build()

    def confirm(self) -> None:
        from wargame.scenario import load

        picked = self.choices[self.selected].scenario if self.choices else None
        if self.typed.strip():
            picked = load(self.typed.strip())
        if picked is None:
            raise WargameError("choose a scenario that loads, or type the path of a scenario file")
        scenario = picked
        choose_seats(self.app, scenario)


def choose_seats(app: App, scenario: Scenario) -> None:
    """Go to the seats screen, unless the command line already gave every seat."""
    seats = dict(app.options.seats)
    unknown = [s for s in seats if s not in {x.id for x in scenario.sides}]
    if unknown:
        raise WargameError(f"--seat names unknown side(s) {', '.join(unknown)} "
                           f"(sides: {', '.join(x.id for x in scenario.sides)})")
    if seats and all(s.id in seats for s in scenario.sides):
        start_game(app, scenario, seats, app.options.seed)
    else:
        app.replace(SeatsScene(app, scenario))


def start_game(app: App, scenario: Scenario, seats: dict[str, str], seed: int | None,
               teams: dict[str, str] | None = None) -> None:
    """Set the game up in the background (it compiles the scenario and opens the log), then brief the room."""
    log = Path(app.options.log) if app.options.log else None
    chosen_seed = seed if seed is not None else secrets.randbelow(2**31)
    names = {side: name.strip() for side, name in (teams or {}).items() if name.strip()}

    def begin(session: Session) -> None:
        app.session = session
        session.timer_seconds = round(app.options.timer_minutes * 60)
        session.timer_seals = app.options.timer_seals
        app.flow.begin()

    def setup() -> Session:
        session = Session.start(scenario, chosen_seed, seats, log, created=now_iso(), teams=names,
                                history=app.options.history)
        region_of(scenario)  # the map's frame, worked out here rather than while a screen opens
        return session

    app.background(setup, begin, "Setting up the game\u2026")


class SeatsScene(Scene):
    """Who sits in each seat (a team, with its name, or a computer policy) and the seed."""

    name = "seats"

    def __init__(self, app: App, scenario: Scenario) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.seats = default_seats(scenario) | {k: v for k, v in app.options.seats.items()
                                                if k in {s.id for s in scenario.sides}}
        self.teams: dict[str, str] = {}
        self.seed_text = str(app.options.seed) if app.options.seed is not None else ""

    def build(self) -> None:
        w, h = self.size
        m = self.px(0.03)
        label(self, pygame.Rect(m, m, w - 2 * m, self.px(0.07)), f"Seats: {self.scenario.title}",
              object_id="#heading")
        label(self, pygame.Rect(m, m + self.px(0.07), w - 2 * m, self.px(0.05)),
              "Each side is a team at the table or a computer policy. A side's number changes its seat.",
              object_id="#subtle")
        row_h = self.px(0.075)
        y = m + self.px(0.15)
        name_w, seat_w = round(w * 0.3), round(w * 0.3)
        self.menus: dict[str, pygame_gui.elements.UIDropDownMenu] = {}
        self.team_entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        for i, side in enumerate(self.scenario.sides):
            note = "" if side.playable else "  (computer only)"
            label(self, pygame.Rect(m, y, name_w, row_h), f"{i + 1}  {side.label}{note}")
            self.menus[side.id] = dropdown(self, pygame.Rect(m + name_w + m, y, seat_w, row_h),
                                           seat_choices(self.scenario, side.id), self.seats[side.id])
            if self.seats[side.id] == "human":
                self.team_entries[side.id] = entry(self, pygame.Rect(m * 3 + name_w + seat_w, y,
                                                                     w - 4 * m - name_w - seat_w, row_h),
                                                   self.teams.get(side.id, ""), placeholder="team name (optional)",
                                                   limit=40)
            y += row_h + self.px(0.015)
        label(self, pygame.Rect(m, y + self.px(0.02), name_w, row_h), "Seed (blank: random)")
        self.seed_entry = entry(self, pygame.Rect(m + name_w + m, y + self.px(0.02), seat_w, row_h),
                                self.seed_text, placeholder="random")
        self.seed_entry.set_allowed_characters("numbers")
        bh = self.px(0.08)
        self.start_button = button(self, pygame.Rect(w - m - round(w * 0.3), h - m - bh, round(w * 0.3), bh),
                                   "Start  [Enter]", object_id="#big_button")
        legend = "human: a team at the table; the others are computer policies (docs/facilitator.md)"
        label(self, pygame.Rect(m, h - m - bh, w - round(w * 0.3) - 3 * m, bh), legend, object_id="#subtle")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            for side, menu in self.menus.items():
                if event.ui_element is menu:
                    self.seats[side] = event.text
                    self.clear()
                    self.build()
                    return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            if event.ui_element is self.seed_entry:
                self.seed_text = event.text
                return True
            for side, box in self.team_entries.items():
                if event.ui_element is box:
                    self.teams[side] = event.text
                    return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            event.ui_element.unfocus()
            self.app.manager.set_focus_set(None)
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.start_button:
            self.start()
            return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            n = number_of(event)
            if n is not None and n < len(self.scenario.sides):
                side = self.scenario.sides[n].id
                options = seat_choices(self.scenario, side)
                current = options.index(self.seats[side]) if self.seats[side] in options else -1
                self.seats[side] = options[(current + 1) % len(options)]
                self.clear()
                self.build()
                return True
            if is_confirm(event):
                self.start()
                return True
        return False

    def start(self) -> None:
        seed = int(self.seed_text) if self.seed_text.strip().isdigit() else self.app.options.seed
        teams = {side: name for side, name in self.teams.items() if self.seats.get(side) == "human"}
        start_game(self.app, self.scenario, dict(self.seats), seed, teams)
