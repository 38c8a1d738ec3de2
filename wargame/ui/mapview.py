"""The map of the crisis region: country outlines or the scenario's picture, its places, this turn's events.

What is shown comes from `geography` (the scenario's `map`, or a frame fitted to its places over
the Natural Earth outlines in `assets/maps/world_110m.geojson`). A missing or broken outlines file
or picture leaves a plain grid and a note.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame

from wargame.scenario.models import Place
from wargame.ui import style
from wargame.ui.geography import Region, frame_for, load_countries, places_region, split_remote


class Projection:
    """Equirectangular, scaled by the cosine of the frame's middle latitude."""

    def __init__(self, frame: tuple[float, float, float, float], rect: pygame.Rect) -> None:
        self.x0, self.y0, self.x1, self.y1 = frame
        self.rect = rect

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        fx = (lon - self.x0) / (self.x1 - self.x0)
        fy = (self.y1 - lat) / (self.y1 - self.y0)
        return self.rect.x + fx * self.rect.w, self.rect.y + fy * self.rect.h


@lru_cache(maxsize=8)
def _base_layer(
    region: Region, places: tuple[Place, ...], w: int, h: int, label_px: int
) -> tuple[pygame.Surface, tuple[pygame.Rect, ...]]:
    """Sea, land, borders and country names (or the scenario's picture) for one frame and size, and
    where the names are; cached because they never change."""
    surface = pygame.Surface((w, h))
    surface.fill(style.SEA)
    rect = pygame.Rect(0, 0, w, h)
    frame, inner = _layout(region, list(places), rect)
    project = Projection(frame, inner)
    if region.image is not None:
        _draw_picture(surface, region.image, inner)
        return surface, ()
    countries, _ = load_countries()
    if not countries:
        _grid(surface)
    for c in countries:
        colour = tuple(min(255, v + 14) for v in style.LAND) if c.iso in region.focus else style.LAND
        for ring in c.rings:
            xs = [lon for lon, _ in ring]
            if max(xs) < frame[0] - 5 or min(xs) > frame[2] + 5:
                continue
            points = [project(lon, lat) for lon, lat in ring]
            if len(points) >= 3:
                pygame.draw.polygon(surface, colour, points)
                pygame.draw.polygon(surface, style.LAND_EDGE, points, max(1, w // 700))
    near = [project(p.lon, p.lat) for p in split_remote(list(places))[0]]
    f = style.font(label_px)
    names: list[pygame.Rect] = []
    for c in countries:  # country names at the centre of their largest ring, clear of the places
        if not c.rings:
            continue
        ring = max(c.rings, key=len)
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        x, y = project(lon, lat)
        tw, th = f.size(c.name.upper())
        box = pygame.Rect(round(x - tw / 2), round(y - th / 2), tw, th)
        clear = box.inflate(label_px * 2, label_px)
        if rect.contains(box) and not any(clear.collidepoint(p) for p in near) and box.collidelist(names) < 0:
            style.text(surface, c.name.upper(), (x, y), label_px, style.SUBTLE, anchor="center")
            names.append(box)
    return surface, tuple(names)


def _grid(surface: pygame.Surface) -> None:
    """A plain grid where outlines or a picture are missing."""
    w, h = surface.get_size()
    for i in range(1, 6):
        pygame.draw.line(surface, style.PANEL, (i * w // 6, 0), (i * w // 6, h))
        pygame.draw.line(surface, style.PANEL, (0, i * h // 6), (w, i * h // 6))


@lru_cache(maxsize=4)
def _picture(path: Path) -> tuple[pygame.Surface | None, str | None]:
    """The scenario's map picture, or none and a message saying why."""
    try:
        return pygame.image.load(str(path)).convert(), None
    except (pygame.error, OSError) as exc:
        return None, f"map picture {path.name} unavailable ({type(exc).__name__}); showing places only"


def _layout(
    region: Region, places: list[Place], area: pygame.Rect
) -> tuple[tuple[float, float, float, float], pygame.Rect]:
    """The lon/lat frame and the rectangle it is drawn in: a picture keeps its shape (letterboxed in
    the area, its bounds as the frame); outlines fill the area with a frame widened to its shape."""
    if region.image is not None and region.box is not None:
        picture, _ = _picture(region.image)
        if picture is not None:
            pw, ph = picture.get_size()
            scale = min(area.w / pw, area.h / ph)
            inner = pygame.Rect(0, 0, round(pw * scale), round(ph * scale))
            inner.center = area.center
            return region.box, inner
        return region.box, area
    return frame_for(region, places, area.w / max(1, area.h)), area


def _draw_picture(surface: pygame.Surface, path: Path, inner: pygame.Rect) -> None:
    """The picture over its rectangle: its edges are its bounds, so places land where the author drew them."""
    picture, _ = _picture(path)
    if picture is None:
        _grid(surface)
        return
    surface.blit(pygame.transform.smoothscale(picture, inner.size), inner.topleft)


def _warning(region: Region) -> str | None:
    if region.image is not None:
        return _picture(region.image)[1]
    return load_countries()[1]


KIND_ORDER = {"capital": 0, "crossing": 1, "venue": 2, "city": 3, "district": 4, "base": 5, "other": 6}
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))  # E W N S NE SE NW SW
NUMBER_DIRECTIONS = ((1, -1), (-1, -1), (1, 1), (-1, 1), (0, -1), (0, 1), (1, 0), (-1, 0))  # corners first
RINGS = (1.0, 1.9, 2.9)  # candidate distances, in clearances; beyond the first a leader line is drawn


@dataclass(frozen=True)
class MapLabel:
    """Text to place next to a point on the map."""

    text: str
    at: tuple[float, float]
    size: tuple[int, int]
    clearance: float  # distance from the point to the nearest edge of the label
    directions: tuple[tuple[int, int], ...] = DIRECTIONS  # tried in this order on each ring
    strict: bool = True  # never nearer another point, no leader line across a marker (names, not numbers)


@dataclass(frozen=True)
class Placed:
    label: MapLabel
    rect: pygame.Rect
    leader: bool  # placed away from its point: joined to it by a line


def candidates(label: MapLabel) -> list[tuple[pygame.Rect, bool]]:
    """Positions around the label's point, nearest ring first, each with whether it needs a leader line."""
    (x, y), (w, h) = label.at, label.size
    out = []
    for ring, factor in enumerate(RINGS):
        d = label.clearance * factor
        for dx, dy in label.directions:
            left = x + d if dx > 0 else x - d - w if dx < 0 else x - w / 2
            top = y + d if dy > 0 else y - d - h if dy < 0 else y - h / 2
            out.append((pygame.Rect(round(left), round(top), w, h), ring > 0))
    return out


def _distance(rect: pygame.Rect, point: tuple[float, float]) -> float:
    dx = max(rect.left - point[0], 0.0, point[0] - rect.right)
    dy = max(rect.top - point[1], 0.0, point[1] - rect.bottom)
    return math.hypot(dx, dy)


def _crosses(point: tuple[float, float], rect: pygame.Rect, taken: list[pygame.Rect]) -> bool:
    """Whether a leader line from `point` to `rect` would run through a marker or label on its way."""
    end = (min(max(point[0], rect.left), rect.right), min(max(point[1], rect.top), rect.bottom))
    return any(r.clipline(point, end) and not r.collidepoint(point) for r in taken)


def place_labels(labels: list[MapLabel], bounds: pygame.Rect, obstacles: list[pygame.Rect],
                 points: list[tuple[float, float]] | None = None) -> list[Placed]:
    """Greedy label placement with leader lines: labels in priority order, each at the first
    candidate position (around its point, nearest ring first) that lies inside `bounds`, overlaps
    no obstacle and no label placed before it, and (without a leader line) is nearer its own point
    than any other of `points`, so a name is never read as another place's. A label with no free
    position is left out, so labels never collide; the caller orders them by importance."""
    texts: list[pygame.Rect] = []  # the labels placed so far
    others = points or []
    placed = []
    for label in labels:
        gap = max(2, label.size[1] // 5)  # labels keep a little air around them
        # a name keeps a space's width from the text beside it, so two names never read as one
        across = max(gap, label.size[1] // 3) if label.strict else gap // 2
        for rect, leader in candidates(label):
            if (not bounds.contains(rect) or rect.inflate(gap, gap).collidelist(obstacles) >= 0
                    or rect.inflate(2 * across, gap).collidelist(texts) >= 0):
                continue
            own = _distance(rect, label.at)
            if label.strict and not leader and any(_distance(rect, p) < own for p in others if p != label.at):
                continue
            if label.strict and leader and _crosses(label.at, rect, [*obstacles, *texts]):
                continue
            texts.append(rect)
            placed.append(Placed(label, rect, leader))
            break
    return placed


def draw_map(surface: pygame.Surface, rect: pygame.Rect, places: list[Place],
             events: list[tuple[str, int]], label_px: int, region: Region | None = None) -> list[Placed]:
    """The region with its places; places where this turn's events happened are ringed and numbered.

    A legend strip runs along the top. Event numbers, then place names (capitals first) are placed
    by `place_labels`, clear of every marker, ring, country name and each other. Without a `region`
    (the scenario's, from `geography.region_of`), the map is fitted to the places. The picture is
    kept for the next frame (it changes only with the turn). Returns what was placed, in the
    surface's coordinates (for tests)."""
    region = region if region is not None else places_region(places)
    image, placed = _painted(region, tuple(places), tuple(events), rect.w, rect.h, label_px)
    surface.blit(image, rect.topleft)
    return [Placed(p.label, p.rect.move(rect.topleft), p.leader) for p in placed]


@lru_cache(maxsize=8)
def _painted(region: Region, places: tuple[Place, ...], events: tuple[tuple[str, int], ...], w: int, h: int,
             label_px: int) -> tuple[pygame.Surface, list[Placed]]:
    image = pygame.Surface((w, h))
    placed = _paint_map(image, pygame.Rect(0, 0, w, h), list(places), list(events), label_px, region)
    return image, placed


def _paint_map(surface: pygame.Surface, rect: pygame.Rect, places: list[Place],
               events: list[tuple[str, int]], label_px: int, region: Region) -> list[Placed]:
    legend_px = label_px
    strip_h = legend_height(rect.w - 12, legend_px)
    strip = pygame.Rect(rect.x, rect.y, rect.w, strip_h)
    note = _warning(region) or region.note  # in a line of its own below the map, never over a marker
    note_h = round(style.font(label_px).get_linesize() * 1.1) if note else 0
    area = pygame.Rect(rect.x, strip.bottom, rect.w, rect.h - strip.h - note_h)
    base, names = _base_layer(region, tuple(places), area.w, area.h, label_px)
    surface.blit(base, area.topleft)
    pygame.draw.rect(surface, style.PANEL, strip)
    legend(surface, pygame.Rect(strip.x + 6, strip.y, strip.w - 12, strip.h), legend_px)
    frame, drawn = _layout(region, places, area)
    project = Projection(frame, drawn)
    r = max(4, label_px // 2)
    by_place: dict[str, list[int]] = {}
    for place_id, number in events:
        by_place.setdefault(place_id, []).append(number)
    clip = surface.get_clip()
    surface.set_clip(area)
    _, far = split_remote(places)
    inner = area.inflate(-r * 6, -r * 6)
    spots: list[tuple[Place, float, float]] = []
    for place in sorted(places, key=lambda p: KIND_ORDER.get(p.kind, 9)):
        x, y = project(place.lon, place.lat)
        if place in far:  # pinned to the edge, in its direction, and labelled as off the map
            x, y = min(max(x, inner.left), inner.right), min(max(y, inner.top), inner.bottom)
        spots.append((place, x, y))
    obstacles = [n.move(area.topleft) for n in names]
    for place, x, y in spots:
        ring = r * 2.4 if place.id in by_place else r * 1.4
        obstacles.append(pygame.Rect(round(x - ring), round(y - ring), round(2 * ring), round(2 * ring)))
    bold, plain = style.font(label_px, True), style.font(label_px)
    numbers = [MapLabel(",".join(str(n) for n in by_place[p.id]), (x, y),
                        bold.size(",".join(str(n) for n in by_place[p.id])), r * 1.9, NUMBER_DIRECTIONS, False)
               for p, x, y in spots if p.id in by_place]
    # places with events first, then far places pinned to the edge (a bare marker there says nothing),
    # then by kind: capitals, crossings, venues...
    names_first = sorted(spots, key=lambda s: (s[0].id not in by_place, s[0] not in far, KIND_ORDER.get(s[0].kind, 9)))
    titles = [MapLabel(p.name + (" (off map)" if p in far else ""), (x, y),
                       plain.size(p.name + (" (off map)" if p in far else "")),
                       r * (2.6 if p.id in by_place else 1.6)) for p, x, y in names_first]
    placed = place_labels(numbers + titles, area.inflate(-4, -4), obstacles, [(x, y) for _, x, y in spots])
    for item in placed:  # leader lines first: markers and text are drawn over them
        if item.leader:
            end = (min(max(item.label.at[0], item.rect.left), item.rect.right),
                   min(max(item.label.at[1], item.rect.top), item.rect.bottom))
            colour = style.YELLOW if item.label in numbers else style.SUBTLE
            pygame.draw.line(surface, colour, item.label.at, end, 2)
    for place, x, y in spots:
        if place.id in by_place:
            pygame.draw.circle(surface, style.YELLOW, (x, y), r * 2.4, max(2, r // 3))
        _marker(surface, place.kind, (x, y), r)
    for item in placed:
        is_number = item.label in numbers
        f = bold if is_number else plain
        colour = style.YELLOW if is_number else style.TEXT
        image, halo = f.render(item.label.text, True, colour), f.render(item.label.text, True, style.SEA)
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            surface.blit(halo, item.rect.move(dx, dy))
        surface.blit(image, item.rect)
    surface.set_clip(clip)
    if note:
        line = pygame.Rect(rect.x, area.bottom, rect.w, note_h)
        pygame.draw.rect(surface, style.PANEL, line)
        style.text(surface, note, (line.x + 6, line.centery), label_px, style.SUBTLE, anchor="midleft",
                   max_width=line.w - 12)
    pygame.draw.rect(surface, style.LAND_EDGE, rect, 1)
    return placed


def _marker(surface: pygame.Surface, kind: str, at: tuple[float, float], r: int) -> None:
    """Distinct shapes per kind (not only colour): crossings are diamonds, capitals squares."""
    x, y = at
    if kind == "crossing":
        points = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
        pygame.draw.polygon(surface, style.ORANGE, points)
        pygame.draw.polygon(surface, style.TEXT, points, 2)
    elif kind == "capital":
        box = pygame.Rect(0, 0, r * 2, r * 2)
        box.center = (round(x), round(y))
        pygame.draw.rect(surface, style.CYAN, box)
        pygame.draw.rect(surface, style.TEXT, box, 2)
    elif kind == "venue":
        points = [(x, y - r * 1.3), (x + r * 1.2, y + r), (x - r * 1.2, y + r)]
        pygame.draw.polygon(surface, style.TEAL, points)
        pygame.draw.polygon(surface, style.TEXT, points, 2)
    else:
        pygame.draw.circle(surface, style.GREY, (x, y), r)
        pygame.draw.circle(surface, style.TEXT, (x, y), r, 2)


LEGEND = (("crossing", "crossing"), ("capital", "capital"), ("venue", "venue"), ("city", "other"))


def _legend_items(label_px: int) -> list[tuple[str | None, str, int]]:
    """(marker kind or None for the event ring, text, width) of each legend entry."""
    r = max(4, label_px // 2)
    f = style.font(label_px)
    items: list[tuple[str | None, str, int]] = [(k, n, r * 3 + f.size(n)[0] + r * 2) for k, n in LEGEND]
    items.append((None, "event", r * 4 + f.size("event")[0]))
    return items


def legend_height(width: int, label_px: int) -> int:
    """The strip's height: one row if the legend fits in `width`, else two."""
    total = sum(w for _, _, w in _legend_items(label_px))
    rows = 1 if total <= width else 2
    return round(label_px * 1.5) * rows + round(label_px * 0.2)


def legend(surface: pygame.Surface, strip: pygame.Rect, label_px: int) -> None:
    """Marker shapes and the event ring with their names, wrapped to a second row when narrow."""
    r = max(4, label_px // 2)
    row_h = round(label_px * 1.5)
    x, y = strip.x, strip.y + round(label_px * 0.1)
    for kind, name, width in _legend_items(label_px):
        if x + width > strip.right and x > strip.x:
            x, y = strip.x, y + row_h
        cy = y + row_h // 2
        if kind is None:
            pygame.draw.circle(surface, style.YELLOW, (x + r * 1.5, cy), r * 1.5, max(2, r // 3))
            style.text(surface, name, (x + r * 3.5, cy), label_px, style.SUBTLE, anchor="midleft")
        else:
            _marker(surface, kind, (x + r, cy), r)
            style.text(surface, name, (x + r * 3, cy), label_px, style.SUBTLE, anchor="midleft")
        x += width


def clear_cache() -> None:
    """Forget pre-rendered layers (they belong to the pygame session that made them)."""
    _base_layer.cache_clear()
    _picture.cache_clear()
    _painted.cache_clear()
