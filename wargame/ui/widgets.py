"""Small constructors for themed pygame_gui widgets, so scenes read as layout, not boilerplate."""

from __future__ import annotations

import html
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from wargame.ui.app import Scene


def _oid(object_id: str | None, class_id: str | None) -> ObjectID | None:
    if object_id is None and class_id is None:
        return None
    return ObjectID(object_id=object_id, class_id=class_id)


def button(scene: Scene, rect: pygame.Rect, label: str, *, object_id: str | None = None,
           class_id: str | None = None, tip: str | None = None, container: Any = None,
           enabled: bool = True) -> pygame_gui.elements.UIButton:
    b = pygame_gui.elements.UIButton(rect, label, scene.app.manager, container=container,
                                     object_id=_oid(object_id, class_id), tool_tip_text=tip)
    if not enabled:
        b.disable()
    return scene.add(b)


def label(scene: Scene, rect: pygame.Rect, label_text: str, *, object_id: str | None = None,
          container: Any = None) -> pygame_gui.elements.UILabel:
    return scene.add(pygame_gui.elements.UILabel(rect, label_text, scene.app.manager, container=container,
                                                 object_id=_oid(object_id, None)))


def textbox(scene: Scene, rect: pygame.Rect, markup: str, *, class_id: str | None = None,
            object_id: str | None = None, container: Any = None) -> pygame_gui.elements.UITextBox:
    return scene.add(pygame_gui.elements.UITextBox(markup, rect, scene.app.manager, container=container,
                                                   object_id=_oid(object_id, class_id)))


def entry(scene: Scene, rect: pygame.Rect, initial: str = "", *, placeholder: str = "",
          container: Any = None, limit: int | None = None) -> pygame_gui.elements.UITextEntryLine:
    e = pygame_gui.elements.UITextEntryLine(rect, scene.app.manager, container=container,
                                            placeholder_text=placeholder, initial_text=initial or None)
    if limit:
        e.set_text_length_limit(limit)
    return scene.add(e)


def dropdown(scene: Scene, rect: pygame.Rect, options: list[str], selected: str, *,
             container: Any = None) -> pygame_gui.elements.UIDropDownMenu:
    choices: list[str | tuple[str, str]] = list(options)
    return scene.add(pygame_gui.elements.UIDropDownMenu(choices, selected, rect, scene.app.manager,
                                                        container=container))


def panel(scene: Scene, rect: pygame.Rect, *, object_id: str | None = None) -> pygame_gui.elements.UIPanel:
    return scene.add(pygame_gui.elements.UIPanel(rect, manager=scene.app.manager,
                                                 object_id=_oid(object_id, None)))


def esc(text: str) -> str:
    """Text made safe for a UITextBox's HTML."""
    return html.escape(text, quote=False)


def paragraphs(*parts: str) -> str:
    return "<br><br>".join(p for p in parts if p)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"
