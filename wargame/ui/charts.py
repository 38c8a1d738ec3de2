"""Hand-drawn charts: the indicator estimates a team sees, and the escalation curve of a game."""

from __future__ import annotations

import pygame

from wargame.scenario.models import Scenario
from wargame.ui import style
from wargame.ui.session import Estimate

ROW_SPACING = 1.45  # row height of the estimates, in font sizes


def estimate_row(label_px: int) -> int:
    """Height of one estimate row for text of label_px pixels."""
    return round(label_px * ROW_SPACING)


def estimates_grid(height: int, count: int, label_px: int) -> tuple[int, int, int]:
    """(columns, rows, text px) for `count` estimates in `height` pixels: one column unless the text
    would shrink below 85% of label_px, then two."""
    columns = 1 if height / max(1, count) >= estimate_row(round(label_px * 0.85)) else 2
    rows = -(-count // columns)
    px = max(10, min(label_px, round(height / rows / ROW_SPACING * 1.05)))
    return columns, rows, px


def value_text(est: Estimate) -> str:
    """'~55% ±3' (or 'unknown')."""
    if est.value is None:
        return "unknown"
    spread = f" ±{est.noise:.0f}" if est.noise else ""
    return f"~{est.value:.0f}{est.unit}{spread}"


def draw_estimates(surface: pygame.Surface, rect: pygame.Rect, estimates: list[Estimate], label_px: int) -> None:
    """One row per indicator: name, '~ value +- spread', and a bar with the likely range shaded.

    Text is drawn at label_px if the rows fit; if they would need a smaller size than 85% of it,
    the rows go into two columns instead, so the text never shrinks out of reach of a room. The
    name and value columns are as wide as their longest text (names up to two thirds of the row),
    the bar takes the rest."""
    if not estimates:
        return
    columns, rows, px = estimates_grid(rect.h, len(estimates), label_px)
    row_h = rect.h / rows
    gap = round(px * 0.8)
    col_w = (rect.w - gap * (columns - 1)) // columns
    f = style.font(px)
    name_w = min(round(col_w * 0.66), max(f.size(e.label)[0] for e in estimates) + px // 2)
    value_w = max(f.size(value_text(e))[0] for e in estimates) + px // 2
    for i, est in enumerate(estimates):
        col, row = divmod(i, rows)
        cell = pygame.Rect(rect.x + col * (col_w + gap), round(rect.y + row * row_h), col_w, round(row_h))
        draw_estimate(surface, cell, est, px, bar=columns == 1, widths=(name_w, value_w))


def draw_estimate(surface: pygame.Surface, cell: pygame.Rect, est: Estimate, px: int, bar: bool = True,
                  widths: tuple[int, int] | None = None) -> None:
    """One indicator's row: its name, the estimate with its spread and (if bar) the likely range."""
    name_w, value_w = widths or (round(cell.w * (0.5 if bar else 0.62)), round(cell.w * (0.19 if bar else 0.38)))
    y = cell.centery
    style.text(surface, est.label, (cell.x, y), px, style.TEXT, anchor="midleft", max_width=name_w - 8)
    if est.value is None:
        style.text(surface, "unknown", (cell.x + name_w, y), px, style.SUBTLE, anchor="midleft")
        return
    style.text(surface, value_text(est), (cell.x + name_w, y), px, style.TEXT, anchor="midleft", max_width=value_w)
    if not bar:
        return
    track = pygame.Rect(cell.x + name_w + value_w, round(y - px * 0.3), cell.w - name_w - value_w, max(4, round(px * 0.6)))
    pygame.draw.rect(surface, style.PANEL, track, border_radius=3)
    span = est.high - est.low or 1.0

    def at(v: float) -> float:
        return track.x + track.w * min(1.0, max(0.0, (v - est.low) / span))

    lo, hi = at(est.value - 2 * est.noise), at(est.value + 2 * est.noise)
    colour = style.CYAN if est.better == "higher" else style.ORANGE if est.better == "lower" else style.GREY
    pygame.draw.rect(surface, colour, pygame.Rect(round(lo), track.y, max(2, round(hi - lo)), track.h), border_radius=3)
    x = at(est.value)
    pygame.draw.line(surface, style.TEXT, (x, track.y - 3), (x, track.bottom + 2), 3)


def draw_curve(surface: pygame.Surface, rect: pygame.Rect, scenario: Scenario, levels: list[int],
               label_px: int, title: str | None = None) -> None:
    """Levels of the main ladder at the start and after each turn, as a step line over its range.

    Every level is numbered on the axis; the rungs the game stood on are named at the right
    (names of one level joined, wrapped to two lines), so the names that matter have room."""
    pygame.draw.rect(surface, style.PANEL, rect, border_radius=6)
    pad = label_px
    ladder = scenario.main_ladder
    rungs = scenario.rungs_on(ladder.id)  # the other ladders' rungs share levels, not this line
    if title is None:
        title = "Escalation level by turn" if len(scenario.all_ladders) == 1 else f"{ladder.label} (main ladder) by turn"
    style.text(surface, title, (rect.x + pad, rect.y + pad // 2), label_px, style.TEXT, bold=True,
               max_width=rect.w - 2 * pad)
    top = rect.y + pad // 2 + round(label_px * 2.2)
    names_w = round(rect.w * 0.4)  # rung names sit right of the plot, clear of the line
    plot = pygame.Rect(rect.x + pad * 2, top, rect.w - pad * 3 - names_w, rect.bottom - round(pad * 1.8) - top)
    rung_levels = sorted({r.level for r in rungs})
    low, high = rung_levels[0], rung_levels[-1]
    if high == low:
        high = low + 1
    turns = max(1, len(levels) - 1)

    def xy(turn: float, level: float) -> tuple[float, float]:
        return plot.x + plot.w * turn / turns, plot.bottom - plot.h * (level - low) / (high - low)

    line_h = style.font(label_px).get_linesize()
    spacing = plot.h / max(1, len(rung_levels) - 1)
    numbered = [lv for i, lv in enumerate(rung_levels) if spacing >= line_h or i % 2 == 0 or lv in levels]
    named_bottom = float("inf")  # names go bottom-up; a name never covers the one below it
    for level in rung_levels:
        _, y = xy(0, level)
        pygame.draw.line(surface, style.BACKGROUND, (plot.x, y), (plot.right, y), 1)
        if level in numbered:
            style.text(surface, f"{level}", (plot.x - 8, y), label_px, style.SUBTLE, anchor="midright")
    for level in rung_levels:
        if level not in levels:
            continue
        _, y = xy(0, level)
        names = " / ".join(r.label for r in rungs if r.level == level)
        lines = style.wrap(names, label_px, names_w - pad // 2)[:2]
        height = line_h * len(lines)
        first = min(y - height / 2, named_bottom - height)
        if first < rect.y + pad:
            continue
        for k, line in enumerate(lines):
            style.text(surface, line, (plot.right + pad // 2, first + k * line_h), label_px, style.SUBTLE,
                       max_width=names_w - pad // 2)
        named_bottom = first
    f = style.font(label_px)
    step = max(1, turns // 12)
    while step < turns and f.size(str(turns))[0] * 1.4 > plot.w * step / turns:
        step += 1  # turn numbers never touch each other
    for t in range(0, turns + 1, step):
        x, _ = xy(t, low)
        style.text(surface, str(t), (x, plot.bottom + 4), label_px, style.SUBTLE, anchor="midtop")
    points = []
    for t, level in enumerate(levels):
        if t > 0:
            points.append(xy(t, levels[t - 1]))
        points.append(xy(t, level))
    if len(points) > 1:
        pygame.draw.lines(surface, style.YELLOW, False, points, max(2, label_px // 8))
    for t, level in enumerate(levels):
        pygame.draw.circle(surface, style.level_colour(level, low, high), xy(t, level), max(4, label_px // 4))
