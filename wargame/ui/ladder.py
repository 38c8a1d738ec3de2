"""The escalation ladder, drawn by hand: rungs by level, the current one marked, and its history."""

from __future__ import annotations

import pygame

from wargame.scenario.models import Scenario
from wargame.ui import style


def rung_order(scenario: Scenario) -> list[str]:
    """Rungs from most dangerous (top) to least (bottom); equal levels keep the file's order."""
    indexed = list(enumerate(scenario.rungs))
    indexed.sort(key=lambda item: (-item[1].level, item[0]))
    return [r.id for _, r in indexed]


def rung_rects(scenario: Scenario, rect: pygame.Rect) -> dict[str, pygame.Rect]:
    order = rung_order(scenario)
    gap = max(2, rect.h // 120)
    height = (rect.h - gap * (len(order) - 1)) / max(1, len(order))
    return {
        rung: pygame.Rect(rect.x, round(rect.y + i * (height + gap)), rect.w, max(4, round(height)))
        for i, rung in enumerate(order)
    }


def draw_ladder(surface: pygame.Surface, rect: pygame.Rect, scenario: Scenario, current: str,
                history: list[str], label_px: int, marker_y: float | None = None) -> None:
    """Draw the ladder in rect; marker_y (pixels) overrides the marker's height during an animation."""
    levels = [r.level for r in scenario.rungs]
    low, high = min(levels), max(levels)
    trail_w = trail_width(rect, label_px)
    boxes = rung_rects(scenario, pygame.Rect(rect.x + label_px, rect.y, rect.w - trail_w - label_px, rect.h))
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
    """The marker's height a fraction t of the way from one rung to another (for the animation)."""
    trail_w = trail_width(rect, label_px)
    boxes = rung_rects(scenario, pygame.Rect(rect.x + label_px, rect.y, rect.w - trail_w - label_px, rect.h))
    a, b = boxes[rung_from].centery, boxes[rung_to].centery
    eased = 1 - (1 - min(1.0, max(0.0, t))) ** 3
    return a + (b - a) * eased


def trail_width(rect: pygame.Rect, label_px: int) -> int:
    """Width of the history column to the right of the rungs."""
    return max(label_px * 2, rect.w // 6)
