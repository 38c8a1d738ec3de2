"""Colours, fonts and the widget theme, scaled to the window so text stays readable on a projector.

Colours come from Paul Tol's colour-blind-safe "vibrant" and "bright" schemes; nothing relies on
red against green alone (cards also carry their channel's name, map marks have distinct shapes).
"""

from __future__ import annotations

import copy
import itertools
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import pygame

from wargame import palette
from wargame.ui.assets import assets_dir

ASSETS = assets_dir()
THEME_FILE = ASSETS / "theme.json"
BASE_HEIGHT = 1080  # the theme's font sizes are written for this window height

# Paul Tol, vibrant
BLUE = palette.rgb(palette.BLUE)
CYAN = palette.rgb(palette.CYAN)
TEAL = palette.rgb(palette.TEAL)
ORANGE = palette.rgb(palette.ORANGE)
RED = palette.rgb(palette.RED)
MAGENTA = palette.rgb(palette.MAGENTA)
GREY = palette.rgb(palette.GREY)
YELLOW = palette.rgb(palette.YELLOW)  # Tol light yellow, for highlights

BACKGROUND = (27, 31, 42)
PANEL = (36, 41, 54)
TEXT = (242, 242, 242)
SUBTLE = (160, 165, 175)
SEA = (22, 34, 52)
LAND = (58, 65, 80)
LAND_EDGE = (110, 118, 135)

# Objective ratings, from good to bad along the same calm-to-danger scale as the ladder; the letter is
# always drawn on the badge, so the colour only repeats it.
RATING_COLOURS = {k: palette.rgb(v) for k, v in palette.RATING.items()}

CHANNEL_COLOURS = {k: palette.rgb(v) for k, v in palette.CHANNEL.items()}
CHANNEL_NAMES = {"formal": "Formal (Track 1)", "coercive": "Coercive", "informal": "Informal (Track 2)"}


def level_colour(level: int, low: int, high: int) -> tuple[int, int, int]:
    """A sequential colour from calm (blue) through yellow to danger (magenta): not red vs green."""
    stops = [(0.0, BLUE), (0.33, CYAN), (0.66, YELLOW), (0.83, ORANGE), (1.0, MAGENTA)]
    t = 0.5 if high <= low else (level - low) / (high - low)
    t = min(1.0, max(0.0, t))
    for (t0, c0), (t1, c1) in itertools.pairwise(stops):
        if t <= t1:
            f = 0 if t1 == t0 else (t - t0) / (t1 - t0)
            return (
                round(c0[0] + f * (c1[0] - c0[0])),
                round(c0[1] + f * (c1[1] - c0[1])),
                round(c0[2] + f * (c1[2] - c0[2])),
            )
    return MAGENTA


def luminance(colour: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG) of an sRGB colour."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever contrasts more with a background colour (for badges and chips)."""
    lum = luminance(colour)
    return (255, 255, 255) if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else (0, 0, 0)


def chip(surface: pygame.Surface, content: str, pos: tuple[float, float], size: int,
         fill: tuple[int, int, int], *, bold: bool = True, min_width: int = 0) -> pygame.Rect:
    """Text on a filled rounded box (a rating badge, a side's name) in the ink that reads best on it."""
    f = font(size, bold)
    w, h = f.size(content)
    pad = max(3, size // 3)
    box = pygame.Rect(round(pos[0]), round(pos[1]), max(min_width, w + 2 * pad), h + pad // 2)
    pygame.draw.rect(surface, fill, box, border_radius=max(3, size // 5))
    image = f.render(content, True, ink_on(fill))
    surface.blit(image, image.get_rect(center=box.center))
    return box


def hex_colour(text: str, fallback: tuple[int, int, int] = GREY) -> tuple[int, int, int]:
    try:
        return (int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16))
    except (ValueError, IndexError):
        return fallback


def scale_for(height: int) -> float:
    """Font scale for a window height (1.0 at 1080 lines), never below a legible minimum.

    A window a little shorter than 1080 lines (a full-screen window less the title bar and the
    task bar) keeps full-size text: the layout is in fractions of the window and has the room."""
    scale = height / BASE_HEIGHT
    return 1.0 if 0.9 <= scale < 1.0 else max(0.6, scale)


def load_theme(scale: float) -> tuple[dict[str, Any], str | None]:
    """The theme with every font size scaled; a missing or broken file gives a plain theme and a warning."""
    try:
        theme = _read_theme()
        warning = None
    except (OSError, ValueError) as exc:
        theme = {"defaults": {"font": {"name": "noto_sans", "size": "26"}}}
        warning = f"theme {THEME_FILE.name} could not be read ({exc}); using plain widgets"
    theme = copy.deepcopy(theme)
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(max(9, round(float(font["size"]) * scale)))
        misc = block.get("misc") if isinstance(block, dict) else None
        if isinstance(misc, dict) and "list_item_height" in misc:  # drop-down rows grow with their text
            misc["list_item_height"] = str(max(12, round(float(misc["list_item_height"]) * scale)))
    return theme, warning


@lru_cache(maxsize=1)
def _read_theme() -> dict[str, Any]:
    data = json.loads(THEME_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """A font for hand-drawn text (the map, ladder and charts): the same Noto Sans as the widgets."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    try:
        with resources.as_file(resources.files("pygame_gui.data") / name) as path:
            return pygame.font.Font(str(path), max(8, size))
    except (OSError, FileNotFoundError, pygame.error):
        return pygame.font.Font(None, max(8, size))


def text(surface: pygame.Surface, content: str, pos: tuple[float, float], size: int,
         colour: tuple[int, int, int] = TEXT, *, bold: bool = False, anchor: str = "topleft",
         max_width: int | None = None) -> pygame.Rect:
    """Draw one line of text, shortened with an ellipsis if it would exceed max_width."""
    f = font(size, bold)
    if max_width is not None and f.size(content)[0] > max_width:
        while content and f.size(content + "…")[0] > max_width:
            content = content[:-1]
        content += "…"
    image = f.render(content, True, colour)
    rect = image.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    surface.blit(image, rect)
    return rect


def wrap(content: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Words laid into lines no wider than `width` (a word longer than a line stands alone)."""
    f = font(size, bold)
    lines: list[str] = []
    for word in content.split():
        if lines and f.size(lines[-1] + " " + word)[0] <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def fitted(content: str, size: int, width: int, max_lines: int = 99, bold: bool = False) -> list[str]:
    """The lines `paragraph` draws: wrapped to `width`, everything past `max_lines` on the last one
    (which `text` then shortens with an ellipsis)."""
    lines = wrap(content, size, width, bold)
    return lines if len(lines) <= max_lines else [*lines[: max_lines - 1], " ".join(lines[max_lines - 1:])]


def paragraph(surface: pygame.Surface, content: str, pos: tuple[float, float], size: int, width: int,
              colour: tuple[int, int, int] = TEXT, *, bold: bool = False, max_lines: int = 99,
              spacing: float = 1.2) -> int:
    """Draw text wrapped to `width` from its top-left corner; returns the height used. Only past
    `max_lines` is the last line shortened with an ellipsis."""
    lines = fitted(content, size, width, max_lines, bold)
    step = round(font(size, bold).get_linesize() * spacing / 1.2)
    for i, line in enumerate(lines):
        text(surface, line, (pos[0], pos[1] + i * step), size, colour, bold=bold, max_width=width)
    return step * len(lines)
