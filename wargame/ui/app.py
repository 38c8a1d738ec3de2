"""The window, the scene stack and the event loop.

Only the top scene owns widgets; an overlay (help, menu, white cell, a message) draws the scene
below it dimmed, then its own widgets. The loop blocks on events and redraws only when something
changed, so an idle table costs next to no CPU. Any WargameError raised while handling an event
becomes a message box, never a traceback.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from wargame.errors import WargameError
from wargame.ui import style

IDLE_WAIT_MS = 2000  # longest sleep between wake-ups when nothing is happening
TYPING_WAIT_MS = 400  # a focused text entry blinks its cursor
ANIMATION_WAIT_MS = 33


@dataclass
class PlayOptions:
    """What `wargame play` was asked for; scenes read it to skip steps that are already decided."""

    scenario: str | None = None
    resume: str | None = None
    seed: int | None = None
    seats: dict[str, str] = field(default_factory=dict)
    log: str | None = None
    screenshots: Path | None = None
    exit_when_done: bool = False
    demo: bool = False  # every seat given and all computer: the game advances on its own
    demo_seconds: float = 4.0  # pace of such a demo (any key advances at once)


class Scene:
    """One screen. `build` makes widgets for the current window size; `draw` changes nothing."""

    name = "scene"
    overlay = False

    def __init__(self, app: App) -> None:
        self.app = app
        self.widgets: list[Any] = []

    # lifecycle ---------------------------------------------------------------------------------
    def enter(self) -> None:
        """Called when the scene becomes the top of the stack (again)."""
        self.build()

    def leave(self) -> None:
        """Called when the scene is covered or removed: its widgets go, its state stays."""
        self.clear()

    def build(self) -> None:
        """Create the widgets for the current window size."""

    def clear(self) -> None:
        for widget in self.widgets:
            widget.kill()
        self.widgets.clear()

    def add(self, widget: Any) -> Any:
        self.widgets.append(widget)
        return widget

    # the loop ---------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one event; True if it was used."""
        return False

    def update(self, dt: float) -> bool:
        """Advance animations and timers by dt seconds; True if the screen must be redrawn."""
        return False

    def wake_in(self) -> int | None:
        """Milliseconds until this scene needs to run again without an event (None: only on events)."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the hand-drawn parts (background, map, ladder, charts); widgets are drawn after."""
        surface.fill(style.BACKGROUND)

    # helpers ----------------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.app.size

    def px(self, fraction: float) -> int:
        """A length as a fraction of the window height (layout scales with the window)."""
        return max(1, round(self.app.size[1] * fraction))

    def font_px(self, base: int) -> int:
        """A hand-drawn font size given for 1080 lines."""
        return max(9, round(base * self.app.scale))


class App:
    """The table: a window, a pygame_gui manager and a stack of scenes."""

    def __init__(self, options: PlayOptions, size: tuple[int, int] = (1280, 720), fullscreen: bool = False) -> None:
        pygame.display.init()  # no audio: the table is silent
        pygame.font.init()
        pygame.display.set_caption("Crisis wargame")
        flags = pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE
        self.screen = pygame.display.set_mode((0, 0) if fullscreen else size, flags)
        self.options = options
        self.size = self.screen.get_size()
        self.scale = style.scale_for(self.size[1])
        self.warnings: list[str] = []
        self.manager = self._make_manager()
        self.stack: list[Scene] = []
        self.session: Any = None  # wargame.ui.session.Session once a game is set up
        self.running = True
        self.dirty = True
        self._rebuilt = False
        self.shots_taken = 0
        self._shot_pending: str | None = None
        self._clock = pygame.time.Clock()
        from wargame.ui.flow import Flow

        self.flow = Flow(self)

    def _make_manager(self) -> pygame_gui.UIManager:
        theme, warning = style.load_theme(self.scale)
        if warning:
            self.warnings.append(warning)
        manager = pygame_gui.UIManager(self.size, theme, enable_live_theme_updates=False)
        sizes = {int(b["font"]["size"]) for b in theme.values() if isinstance(b, dict) and "font" in b}
        sizes.add(14)  # pygame_gui's own default size, used when the theme could not be read
        with warnings.catch_warnings():  # some are loaded by the theme already; that is fine
            warnings.simplefilter("ignore")
            manager.preload_fonts([
                {"name": "noto_sans", "point_size": size, "style": style_name}
                for size in sorted(sizes) for style_name in ("bold", "italic")
            ])
        return manager

    # --- the stack -------------------------------------------------------------------------------

    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def push(self, scene: Scene) -> None:
        if self.top is not None:
            self.top.leave()
        self.stack.append(scene)
        self._entered(scene)

    def pop(self) -> None:
        if self.stack:
            self.stack.pop().leave()
        if self.top is not None:
            self.top.enter()
        self.dirty = True
        self._rebuilt = True

    def replace(self, scene: Scene) -> None:
        """Swap the top scene (overlays above it are closed first)."""
        while self.stack and self.stack[-1].overlay:
            self.stack.pop().leave()
        if self.stack:
            self.stack.pop().leave()
        self.stack.append(scene)
        self._entered(scene)

    def _entered(self, scene: Scene) -> None:
        try:
            scene.enter()
        except WargameError as exc:
            self.show_error(exc)
        self.dirty = True
        self._rebuilt = True
        if self.options.screenshots is not None:
            self._shot_pending = scene.name

    def show_error(self, exc: BaseException | str) -> None:
        from wargame.ui.scenes.overlays import MessageScene

        self.push(MessageScene(self, str(exc)))

    def quit(self) -> None:
        self.running = False

    # --- window size ------------------------------------------------------------------------------

    def set_size(self, size: tuple[int, int]) -> None:
        """Resize the window (as a user dragging its corner would) and re-flow every widget."""
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._resized(self.screen.get_size())

    def _resized(self, size: tuple[int, int]) -> None:
        if size == self.size:
            return
        if self.top is not None:
            self.top.clear()
        self.size = size
        scale = style.scale_for(size[1])
        if abs(scale - self.scale) > 1e-6:
            self.scale = scale
            self.manager = self._make_manager()
        else:
            self.manager.set_window_resolution(size)
        if self.top is not None:
            self.top.build()
        self.dirty = True
        self._rebuilt = True

    # --- the loop -----------------------------------------------------------------------------------

    def run(self) -> None:
        """Block on events until the game is quit."""
        self._clock.tick()
        while self.running and self.stack:
            timeout = self._next_wake()
            event = pygame.event.wait(timeout)
            events = [] if event.type == pygame.NOEVENT else [event]
            events += pygame.event.get()
            self.frame(events)

    def pump(self, limit: int = 50) -> None:
        """Handle every queued event, including those widgets post in reply (for tests and scripts)."""
        for _ in range(limit):
            events = pygame.event.get()
            if not events:
                break
            self.frame(events, dt=0.0)
        self.frame([], dt=0.0)

    def _next_wake(self) -> int:
        waits = [IDLE_WAIT_MS]
        if self.typing():
            waits.append(TYPING_WAIT_MS)
        for scene in self.stack:
            ms = scene.wake_in()
            if ms is not None:
                waits.append(max(1, ms))
        return min(waits)

    def frame(self, events: list[pygame.event.Event], dt: float | None = None) -> None:
        """Handle events, advance time, and redraw if anything changed."""
        elapsed = self._clock.tick() / 1000.0
        dt = elapsed if dt is None else dt
        for event in events:
            self.dirty = True
            self.handle(event)
            if not self.running:
                return
        self.manager.update(dt)
        for scene in list(self.stack):
            try:
                if scene.update(dt):
                    self.dirty = True
            except WargameError as exc:
                self.show_error(exc)
        if self.typing():
            self.dirty = True
        if self._rebuilt:  # widgets made during this frame need one update before they can be drawn
            self.manager.update(0.0)
            self._rebuilt = False
        if self.dirty:
            self.draw()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.screen = pygame.display.get_surface() or self.screen
            self._resized(self.screen.get_size())
            return
        self.manager.process_events(event)
        top = self.top
        if top is None:
            return
        try:
            if top.handle_event(event):
                return
            self._global_keys(event)
        except WargameError as exc:
            self.show_error(exc)

    def _global_keys(self, event: pygame.event.Event) -> None:
        from wargame.ui.scenes.overlays import HelpScene, MenuScene, WhiteCellScene

        if event.type != pygame.KEYDOWN:
            return
        top = self.top
        if event.key == pygame.K_F1:
            if isinstance(top, HelpScene):
                self.pop()
            else:
                self.push(HelpScene(self))
        elif event.key == pygame.K_F2 or (event.key == pygame.K_w and not self.typing()):
            if isinstance(top, WhiteCellScene):
                self.pop()
            elif self.session is not None and not self.session.over:
                self.push(WhiteCellScene(self))
        elif event.key == pygame.K_ESCAPE:
            if top is not None and top.overlay:
                self.pop()
            else:
                self.push(MenuScene(self))

    def typing(self) -> bool:
        """True while a text entry has the keyboard (then letter keys are text, not shortcuts)."""
        focus = self.manager.get_focus_set()
        return any(isinstance(w, pygame_gui.elements.UITextEntryLine) for w in (focus or ()))

    def draw(self) -> None:
        below = []
        for scene in reversed(self.stack):
            below.append(scene)
            if not scene.overlay:
                break
        for scene in reversed(below):
            scene.draw(self.screen)
        self.manager.draw_ui(self.screen)
        pygame.display.flip()
        self.dirty = False
        if self._shot_pending is not None:
            self._save_screenshot(self._shot_pending)
            self._shot_pending = None

    def _save_screenshot(self, name: str) -> None:
        folder = self.options.screenshots
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        self.shots_taken += 1
        w, h = self.size
        pygame.image.save(self.screen, str(folder / f"{self.shots_taken:02d}-{name}-{w}x{h}.png"))

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
        from wargame.ui import mapview

        style.font.cache_clear()  # fonts and surfaces die with pygame
        mapview.clear_cache()
        pygame.quit()
