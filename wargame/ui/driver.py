"""Drive the real table with posted events: for tests, screenshots and the benchmark.

Each helper posts the same events a keyboard or mouse would and then lets the app handle them,
so what is exercised is the UI as players use it, not a side door.
"""

from __future__ import annotations

import pygame

from wargame.ui.app import App


def key(app: App, code: int, text: str = "") -> None:
    """Press and release one key."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=text, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode=text, scancode=0))
    app.pump()


def click(app: App, pos: tuple[int, int]) -> None:
    """Move the mouse to a point and click the left button there."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    app.pump()


def click_widget(app: App, widget: object) -> None:
    """Click the centre of a pygame_gui widget (as placed on screen)."""
    rect = widget.get_abs_rect()  # type: ignore[attr-defined]
    click(app, rect.center)


def type_text(app: App, text: str) -> None:
    """Type into whatever has the keyboard, one character at a time."""
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    app.pump()
