"""The window, the scene stack and the event loop.

Only the top scene owns widgets; an overlay (help, menu, white cell, a message) draws the scene
below it dimmed, then its own widgets. The loop blocks on events and redraws only when something
changed, so an idle table costs next to no CPU. Any WargameError raised while handling an event
becomes a message box, never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from wargame.errors import WargameError
from wargame.ui import style

IDLE_WAIT_MS = 2000  # longest sleep between wake-ups when nothing is happening
TYPING_WAIT_MS = 400  # a focused text entry blinks its cursor
ANIMATION_WAIT_MS = 33
SWITCH_INTERVAL_S = 0.001
BUILD_BUDGET_S = 0.015  # queued widgets are begun only this early in a frame, so no frame blocks the table


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
    text_scale: float | None = None  # None: the size remembered on this machine (ui.settings)
    timer_minutes: float = 0.0  # the turn timer per team (0: none)
    timer_seals: bool = False  # seal the orders as they stand when the timer runs out
    history: int | None = None  # turns 1..N follow the scenario's recorded history (engine/history.py)


def display_problem() -> str | None:
    """Why no window can open here, in one line (None: try). On Linux and other Unix desktops a
    window needs an X11 or Wayland display; without one SDL can wait for ever instead of failing."""
    if os.environ.get("SDL_VIDEODRIVER") or sys.platform in ("win32", "darwin"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set): run wargame play "
            "on the computer's desktop, or set SDL_VIDEODRIVER=dummy for a run without a window")


class Scene:
    """One screen. `build` makes widgets for the current window size; `draw` changes nothing."""

    name = "scene"
    overlay = False

    def __init__(self, app: App) -> None:
        self.app = app
        self.widgets: list[Any] = []
        self.later: deque[Callable[[], None]] = deque()  # widgets still to make, a few per frame
        self._layer: tuple[object, pygame.Surface] | None = None  # the hand-drawn parts, painted once
        self._paint_step: Callable[[], None] | None = None

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
        self.later.clear()

    def build_later(self, step: Callable[[], None]) -> None:
        """Queue part of the screen to be made in a coming frame (long lists are made a few rows a frame)."""
        self.later.append(step)

    def build_pending(self, until: float) -> bool:
        """Make queued parts while the clock (time.perf_counter) is before `until`; True if any were made.
        A part is begun only with time to spare, so a frame stays short even when one part is long."""
        made = False
        while self.later and time.perf_counter() < until:
            step = self.later.popleft()
            if step is frame_break:
                return True  # what follows gets a frame of its own
            step()
            made = True
        return made

    def finish_building(self) -> None:
        """Make every queued part now (a key pressed before the screen was complete acts on all of it)."""
        while self.later:
            self.later.popleft()()

    @property
    def complete(self) -> bool:
        """True when every widget of the screen has been made."""
        return not self.later

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

    def busy(self) -> bool:
        """True while work for this screen runs in the background (tests and scripts wait for it)."""
        return False

    def take_wheel(self, event: pygame.event.Event) -> bool:
        """A mouse-wheel turn, offered before the widgets see it; True if the scene used it."""
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the hand-drawn parts (background, map, ladder, charts); widgets are drawn after."""
        surface.fill(style.BACKGROUND)

    def draw_layer(self, surface: pygame.Surface, key: object, paint: Callable[[pygame.Surface], None]) -> None:
        """Blit what `paint` draws, painting it again only when `key` changes (hand-drawn text is the
        costly part of a frame, and it changes only when the game does). While the screen is still
        being made, the painting waits for a frame of its own and the background shows meanwhile."""
        full_key = (key, self.size, self.app.scale)
        if self._layer is None or self._layer[0] != full_key:
            if self.app.top is self:  # paint in a frame of its own; meanwhile the last picture or the background
                if not self.later or self.later[0] != self._paint_step:
                    self._paint_step = partial(self._paint_layer, full_key, paint)
                    self.later.appendleft(self._paint_step)
                if self._layer is None or self._layer[1].get_size() != self.size:
                    surface.fill(style.BACKGROUND)
                    return
            else:  # under an overlay: nothing else is being made, paint now
                self._paint_layer(full_key, paint)
        assert self._layer is not None
        surface.blit(self._layer[1], (0, 0))

    def _paint_layer(self, key: object, paint: Callable[[pygame.Surface], None]) -> None:
        if self._layer is not None and self._layer[0] == key:
            return
        layer = pygame.Surface(self.size)
        paint(layer)
        self._layer = (key, layer)

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


def collect_garbage() -> None:
    gc.collect()


def frame_break() -> None:
    """A mark in a screen's queue of parts: the parts after it wait for the next frame."""


def largest_window() -> tuple[int, int]:
    """The largest window that fits the display (the window manager trims it to the usable area)."""
    sizes = pygame.display.get_desktop_sizes()
    return sizes[0] if sizes else (1280, 720)


class App:
    """The table: a window, a pygame_gui manager and a stack of scenes."""

    def __init__(self, options: PlayOptions, size: tuple[int, int] | None = (1280, 720),
                 fullscreen: bool = False) -> None:
        from wargame.ui.settings import Settings

        problem = display_problem()
        if problem:
            raise WargameError(problem)
        try:
            pygame.display.init()  # no audio: the table is silent
            pygame.font.init()
            pygame.display.set_caption("Crisis wargame")
            flags = pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE
            self.screen = pygame.display.set_mode((0, 0) if fullscreen else (size or largest_window()), flags)
        except pygame.error as exc:
            pygame.quit()
            raise WargameError(f"cannot open a window: {exc}") from None
        # Hand the interpreter lock back to the table sooner when the advisor's thread holds it
        # (every 1 ms instead of Python's 5 ms): frames stay short while a forecast runs.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.options = options
        self.size = self.screen.get_size()
        self.text_scale = options.text_scale or Settings.load().text_scale
        self.scale = style.scale_for(self.size[1]) * self.text_scale
        self.warnings: list[str] = []
        self.manager = self._make_manager()
        self.stack: list[Scene] = []
        self.session: Any = None  # wargame.ui.session.Session once a game is set up
        self.running = True
        self.dirty = True
        self.shots_taken = 0
        self._shot_pending: str | None = None
        self._swallow_text: str | None = None  # the letter of a hotkey that just opened a text box
        self._workers: ThreadPoolExecutor | None = None
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
        # The screen just left is garbage now (widgets hold one another in cycles): free it in a
        # frame of its own once the new screen is made, a screen's worth at a time, rather than
        # letting many screens pile up for one long collection (see Flow.begin).
        scene.build_later(frame_break)
        scene.build_later(collect_garbage)
        self.dirty = True
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
        scale = style.scale_for(size[1]) * self.text_scale
        if abs(scale - self.scale) > 1e-6:
            self.scale = scale
            self.manager = self._make_manager()
        else:
            self.manager.set_window_resolution(size)
        if self.top is not None:
            self.top.build()
        self.dirty = True

    def set_text_scale(self, text_scale: float) -> str | None:
        """Change the text size at once, and remember it on this machine (returns why not, if it could not)."""
        from wargame.ui.settings import Settings

        self.text_scale = text_scale
        self.scale = style.scale_for(self.size[1]) * text_scale
        if self.top is not None:
            self.top.clear()
        self.manager = self._make_manager()
        style.font.cache_clear()
        if self.top is not None:
            self.top.build()
        self.dirty = True
        return Settings(text_scale).save()

    # --- work in the background --------------------------------------------------------------------

    def background(self, work: Callable[[], Any], then: Callable[[Any], None], message: str) -> None:
        """Run `work` on a worker thread behind a "please wait" screen, then `then(result)` here.

        The table keeps drawing and answering the window while it waits (no frame blocks on the
        work); a WargameError from the work becomes a message box."""
        from wargame.ui.scenes.overlays import WaitScene

        if self._workers is None:
            self._workers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="table")
        job: Future[Any] = self._workers.submit(work)
        self.push(WaitScene(self, message, job, then))

    def busy(self) -> bool:
        """True while any screen waits for background work."""
        return any(scene.busy() for scene in self.stack)

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

    def pump(self, limit: int = 50, timeout: float = 120.0) -> None:
        """Handle every queued event, including those widgets post in reply, finish making the screen
        and wait for background work (for tests and scripts; the real loop never waits like this)."""
        deadline = time.monotonic() + timeout
        passes = 0
        while passes < limit and self.running:
            events = pygame.event.get()
            settled = not events and (self.top is None or self.top.complete)
            if settled and self.busy():
                if time.monotonic() > deadline:
                    raise TimeoutError("background work did not finish")
                time.sleep(0.002)
            elif not settled:
                passes += 1
            self.frame(events, dt=0.0)
            if settled and not self.busy() and (self.top is None or self.top.complete) and not pygame.event.peek():
                break  # a pass with nothing to do changed nothing

    def _next_wake(self) -> int:
        waits = [IDLE_WAIT_MS]
        if self.typing():
            waits.append(TYPING_WAIT_MS)
        if self.scrolling():
            waits.append(ANIMATION_WAIT_MS)
        for scene in self.stack:
            ms = scene.wake_in()
            if ms is not None:
                waits.append(max(1, ms))
        if self.top is not None and not self.top.complete:
            waits.append(1)
        return min(waits)

    def frame(self, events: list[pygame.event.Event], dt: float | None = None) -> None:
        """Handle events, advance time, make a few queued widgets, and redraw if anything changed.

        Widgets are made before the manager's update, so everything made in this frame (by an
        event, a scene's update or the queue) is ready to draw; the queue only gets the time the
        frame has left of BUILD_BUDGET_S."""
        start = time.perf_counter()
        elapsed = self._clock.tick() / 1000.0
        dt = elapsed if dt is None else dt
        for event in events:
            self.dirty = True
            self.handle(event)
            if not self.running:
                return
        for scene in list(self.stack):
            try:
                if scene.update(dt):
                    self.dirty = True
            except WargameError as exc:
                self.show_error(exc)
        try:
            if self.flow.update(dt):  # news from outside the window (a split room's host)
                self.dirty = True
        except WargameError as exc:
            self.show_error(exc)
        if self.top is not None and self.top.build_pending(start + BUILD_BUDGET_S):
            self.dirty = True
        self.manager.update(dt)
        if self.typing():
            self.dirty = True
        if self.dirty:
            self.draw()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.close_requested()
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.screen = pygame.display.get_surface() or self.screen
            self._resized(self.screen.get_size())
            return
        if self._hotkey_text(event):
            return
        top = self.top
        if event.type == pygame.MOUSEWHEEL and top is not None and top.take_wheel(event):
            return
        was_typing = event.type == pygame.KEYDOWN and self.typing()
        self.manager.process_events(event)
        if top is None:
            return
        try:
            if not top.handle_event(event):
                self._global_keys(event)
        except WargameError as exc:
            self.show_error(exc)
        if event.type == pygame.KEYDOWN and not was_typing and self.typing():
            self._swallow_text = getattr(event, "unicode", "") or None

    def _hotkey_text(self, event: pygame.event.Event) -> bool:
        """True for the text of a key press that opened a text box (T, N, O...): it is not typed.

        SDL sends a key press as KEYDOWN and then TEXTINPUT; when the KEYDOWN moved the keyboard
        to a text box, the TEXTINPUT that follows would otherwise land in it as a stray letter."""
        if event.type == pygame.KEYDOWN:
            self._swallow_text = None
        elif event.type == pygame.TEXTINPUT and self._swallow_text is not None:
            swallow, self._swallow_text = self._swallow_text, None
            return bool(event.text == swallow)
        return False

    def close_requested(self) -> None:
        """The window's close button: ask first while a game is in progress (a second close quits)."""
        from wargame.ui.scenes.overlays import QuitScene

        if isinstance(self.top, QuitScene) or self.session is None or self.session.over:
            self.flow.save_and_quit()
        else:
            self.push(QuitScene(self))

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

    def scrolling(self) -> bool:
        """True while a scroll bar glides toward where the wheel sent it (the loop must keep running)."""
        for bar in self.manager.get_sprite_group().sprites():
            if not isinstance(bar, pygame_gui.elements.UIVerticalScrollBar) or bar.sliding_button is None:
                continue
            # the wheel may aim past either end; the bar stops at the end, so compare with that
            lowest = bar.bottom_limit - bar.sliding_button.relative_rect.height
            target = min(max(bar.target_scroll_position, bar.top_limit), lowest)
            if abs(target - bar.scroll_position) > 0.5:
                return True
        return False

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
        if self._shot_pending is not None and self.top is not None and self.top.complete:
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
        if self._workers is not None:
            self._workers.shutdown(wait=False, cancel_futures=True)
        if self.session is not None:
            self.session.close()
        from wargame.ui import mapview

        style.font.cache_clear()  # fonts and surfaces die with pygame
        mapview.clear_cache()
        pygame.quit()
