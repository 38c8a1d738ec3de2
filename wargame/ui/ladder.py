"""The escalation ladders, drawn by hand: rungs by level, the current one marked, and its history.

A scenario with several ladders shows the main one large and the others beside it, each with its
name, its rungs and the rung it stands on (`draw_ladders`).
"""

from __future__ import annotations

import pygame

from wargame.scenario.models import Scenario
from wargame.ui import style


def rung_order(scenario: Scenario, ladder: str | None = None) -> list[str]:
    """A ladder's rungs (default: the main one) from most dangerous (top) to least (bottom); equal
    levels keep the file's order."""
    indexed = list(enumerate(scenario.rungs_on(ladder or scenario.main_ladder.id)))
    indexed.sort(key=lambda item: (-item[1].level, item[0]))
    return [r.id for _, r in indexed]


def rung_rects(scenario: Scenario, rect: pygame.Rect, ladder: str | None = None) -> dict[str, pygame.Rect]:
    order = rung_order(scenario, ladder)
    gap = max(2, rect.h // 120)
    height = (rect.h - gap * (len(order) - 1)) / max(1, len(order))
    return {
        rung: pygame.Rect(rect.x, round(rect.y + i * (height + gap)), rect.w, max(4, round(height)))
        for i, rung in enumerate(order)
    }


def draw_ladders(surface: pygame.Surface, rect: pygame.Rect, scenario: Scenario, current: dict[str, str],
                 histories: dict[str, list[str]], label_px: int, marker_y: float | None = None) -> None:
    """Every ladder: the main one large with its trail, the others below it as one row each (their
    name, the rung they stand on, and a bar of their rungs from calm to worst with that rung
    marked). `marker_y` animates the main ladder."""
    ladders = scenario.all_ladders
    main = ladders[0].id
    main_rect = main_ladder_rect(scenario, rect, label_px)
    draw_ladder(surface, main_rect, scenario, current[main], histories.get(main, []), label_px, marker_y)
    y = main_rect.bottom + _row_gap(label_px)
    for ladder in ladders[1:]:
        row = pygame.Rect(rect.x, y, rect.w, _row_height(label_px))
        _ladder_row(surface, row, scenario, ladder.id, current[ladder.id], histories.get(ladder.id, []), label_px)
        y = row.bottom + _row_gap(label_px)


def _row_height(label_px: int) -> int:
    return round(label_px * 2.8)


def _row_gap(label_px: int) -> int:
    return max(4, label_px // 2)


def _ladder_row(surface: pygame.Surface, row: pygame.Rect, scenario: Scenario, ladder: str, current: str,
                history: list[str], label_px: int) -> None:
    """One other ladder in a row: 'Name: rung' over a bar of its rungs (least dangerous on the left)."""
    rungs = sorted(enumerate(scenario.rungs_on(ladder)), key=lambda item: (item[1].level, item[0]))
    levels = [r.level for r in scenario.rungs]
    low, high = min(levels), max(levels)
    used = style.text(surface, f"{scenario.ladder(ladder).label}: ", (row.x, row.y), label_px, style.SUBTLE,
                      anchor="topleft", max_width=row.w // 2)
    style.text(surface, scenario.rung(current).label, (used.right, row.y), label_px, style.TEXT, bold=True,
               anchor="topleft", max_width=row.right - used.right)
    bar = pygame.Rect(row.x + label_px // 2, row.y + round(label_px * 1.4), row.w - label_px, round(label_px * 0.8))
    gap = max(2, label_px // 8)
    width = (bar.w - gap * (len(rungs) - 1)) / max(1, len(rungs))
    was = history[-2] if len(history) > 1 else None
    for i, (_, rung) in enumerate(rungs):
        cell = pygame.Rect(round(bar.x + i * (width + gap)), bar.y, max(4, round(width)), bar.h)
        pygame.draw.rect(surface, style.level_colour(rung.level, low, high), cell, border_radius=3)
        if rung.id == was and was != current:  # where it stood a turn ago
            pygame.draw.circle(surface, style.GREY, cell.center, max(3, label_px // 5))
        if rung.id == current:
            pygame.draw.rect(surface, style.TEXT, cell.inflate(4, 4), max(2, label_px // 8), border_radius=4)
            tip, size = cell.centerx, label_px * 0.35
            pygame.draw.polygon(surface, style.YELLOW, [(tip, cell.bottom + 3), (tip - size, cell.bottom + 3 + size),
                                                        (tip + size, cell.bottom + 3 + size)])


def ladder_title(scenario: Scenario) -> str:
    """The heading over the ladder panel."""
    ladders = scenario.all_ladders
    return "Escalation ladder" if len(ladders) == 1 else f"{ladders[0].label} (main ladder)"


def main_ladder_rect(scenario: Scenario, rect: pygame.Rect, label_px: int) -> pygame.Rect:
    """Where the main ladder is drawn: all of `rect`, or its upper part when other ladders have rows below it."""
    others = len(scenario.all_ladders) - 1
    if not others:
        return rect
    below = others * (_row_height(label_px) + _row_gap(label_px))
    return pygame.Rect(rect.x, rect.y, rect.w, max(rect.h // 2, rect.h - below))


def draw_ladder(surface: pygame.Surface, rect: pygame.Rect, scenario: Scenario, current: str,
                history: list[str], label_px: int, marker_y: float | None = None,
                ladder: str | None = None) -> None:
    """Draw one ladder (default: the main one) in rect; marker_y (pixels) overrides the marker's
    height during an animation."""
    levels = [r.level for r in scenario.rungs]
    low, high = min(levels), max(levels)
    trail_w = trail_width(rect, label_px)
    boxes = rung_rects(scenario, pygame.Rect(rect.x + label_px, rect.y, rect.w - trail_w - label_px, rect.h), ladder)
    px = max(10, min(label_px, min(b.h for b in boxes.values()) * 2 // 3))
    for rung_id, box in boxes.items():
        rung = scenario.rung(rung_id)
        colour = style.level_colour(rung.level, low, high)
        pygame.draw.rect(surface, style.PANEL, box, border_radius=4)
        stripe = pygame.Rect(box.x, box.y, max(6, box.w // 14), box.h)
        pygame.draw.rect(surface, colour, stripe, border_radius=4)
        is_now = rung_id == current
        style.text(surface, f"{rung.level:+d}" if rung.level else "0", (stripe.right + 6, box.centery), px,
                   style.SUBTLE, anchor="midleft")
        name = rung.label
        room = box.right - stripe.right - 8 - round(px * 2.2)
        fits = max(1, int(box.h / (px * 1.2)))  # lines the box has height for
        lines = style.wrap(name, px, room, is_now)
        if len(lines) > fits:
            lines = [*lines[: fits - 1], " ".join(lines[fits - 1:])]
        for k, line in enumerate(lines):
            y = box.centery + (k - (len(lines) - 1) / 2) * px * 1.15
            style.text(surface, line, (stripe.right + 6 + px * 2.2, y), px, style.TEXT, bold=is_now,
                       anchor="midleft", max_width=room)
        if is_now and marker_y is None:
            pygame.draw.rect(surface, style.TEXT, box, max(2, px // 6), border_radius=4)
    target = boxes.get(current)
    if target is not None:
        y = marker_y if marker_y is not None else target.centery
        tip = rect.x + label_px - 2
        size = label_px * 0.45
        pygame.draw.polygon(surface, style.YELLOW, [(tip, y), (tip - size * 1.6, y - size), (tip - size * 1.6, y + size)])
    # history: one dot per turn in a narrow column, joined by a line
    trail = pygame.Rect(rect.right - trail_w + 6, rect.y, trail_w - 6, rect.h)
    points = []
    shown = history[-12:]
    for i, rung_id in enumerate(shown):
        found = boxes.get(rung_id)
        if found is None:
            continue
        box = found
        x = trail.x + (i + 0.5) * trail.w / max(1, len(shown))
        points.append((x, box.centery))
    if len(points) > 1:
        pygame.draw.lines(surface, style.GREY, False, points, 2)
    for x, y in points:
        pygame.draw.circle(surface, style.GREY, (x, y), max(3, px // 5))
    if points:
        pygame.draw.circle(surface, style.YELLOW, points[-1], max(4, px // 4))


def marker_position(scenario: Scenario, rect: pygame.Rect, label_px: int, rung_from: str, rung_to: str,
                    t: float) -> float:
    """The main ladder's marker height a fraction t of the way from one rung to another (for the animation)."""
    rect = main_ladder_rect(scenario, rect, label_px)
    trail_w = trail_width(rect, label_px)
    boxes = rung_rects(scenario, pygame.Rect(rect.x + label_px, rect.y, rect.w - trail_w - label_px, rect.h))
    a, b = boxes[rung_from].centery, boxes[rung_to].centery
    eased = 1 - (1 - min(1.0, max(0.0, t))) ** 3
    return a + (b - a) * eased


def trail_width(rect: pygame.Rect, label_px: int) -> int:
    """Width of the history column to the right of the rungs."""
    return max(label_px * 2, rect.w // 6)
