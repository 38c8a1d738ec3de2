"""Drive the real table with posted events: for tests, screenshots and the benchmark.

Each helper posts the same events a keyboard or mouse would and then lets the app handle them,
so what is exercised is the UI as players use it, not a side door.
"""

from __future__ import annotations

import pygame

from wargame.ui.app import App


def key(app: App, code: int, text: str | None = None) -> None:
    """Press and release one key: KEYDOWN, then (for a printable key) TEXTINPUT, as SDL sends them."""
    if text is None:
        text = chr(code) if 32 <= code < 127 else ""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=text, scancode=0))
    if text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode=text, scancode=0))
    app.pump()


def move_mouse(app: App, pos: tuple[int, int]) -> None:
    """Move the pointer to a point (widgets under it become hovered, as with a real mouse)."""
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False))
    app.pump()


def click(app: App, pos: tuple[int, int]) -> None:
    """Move the mouse to a point and click the left button there."""
    move_mouse(app, pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    app.pump()


def click_widget(app: App, widget: object) -> None:
    """Click the centre of a pygame_gui widget (as placed on screen)."""
    rect = widget.get_abs_rect()  # type: ignore[attr-defined]
    click(app, rect.center)


def wheel(app: App, pos: tuple[int, int], notches: int) -> None:
    """Turn the mouse wheel over a point (negative notches scroll down, as SDL reports it)."""
    move_mouse(app, pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=notches, precise_x=0.0,
                                         precise_y=float(notches), flipped=False, touch=False))
    app.pump()


def type_text(app: App, text: str) -> None:
    """Type into whatever has the keyboard, one character at a time."""
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    app.pump()
