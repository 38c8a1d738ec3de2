"""The map of the crisis region: real country outlines, the scenario's places, this turn's events.

Outlines come from `assets/maps/south_central_asia.geojson` (Natural Earth, public domain), read
with the standard library. The frame is fitted to the scenario's places with a margin, so any
scenario in the region gets a sensible map. A missing or broken file leaves a plain grid and a note.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import pygame

from wargame.scenario.models import Place
from wargame.ui import style

MAP_FILE = style.ASSETS / "maps" / "south_central_asia.geojson"
DEFAULT_FRAME = (60.0, 24.0, 78.0, 38.0)  # lon_min, lat_min, lon_max, lat_max, when no places
FOCUS = {"PAK", "AFG", "IRN", "IND"}


@dataclass(frozen=True)
class Country:
    name: str
    iso: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


@lru_cache(maxsize=1)
def load_countries() -> tuple[tuple[Country, ...], str | None]:
    """The outlines, or none and a message saying why."""
    try:
        data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
        countries = []
        for feature in data["features"]:
            geometry = feature["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            rings = tuple(tuple((float(x), float(y)) for x, y in polygon[0]) for polygon in polygons)
            props = feature.get("properties", {})
            countries.append(Country(str(props.get("name", "")), str(props.get("iso_a3", "")), rings))
        return tuple(countries), None
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        return (), f"map outlines unavailable ({type(exc).__name__}); showing places only"


REMOTE_DEGREES = 12.0  # a place this far from the others (a mediator's capital) is shown at the edge


def split_remote(places: list[Place]) -> tuple[list[Place], list[Place]]:
    """(places in the crisis region, far-away ones such as a mediation venue)."""
    if len(places) < 3:
        return list(places), []
    lons = sorted(p.lon for p in places)
    lats = sorted(p.lat for p in places)
    mid_lon, mid_lat = lons[len(lons) // 2], lats[len(lats) // 2]
    near = [p for p in places if max(abs(p.lon - mid_lon), abs(p.lat - mid_lat)) <= REMOTE_DEGREES]
    far = [p for p in places if p not in near]
    return (near, far) if near else (list(places), [])


def frame_for(places: list[Place], aspect: float) -> tuple[float, float, float, float]:
    """A lon/lat box around the places with a margin, widened to the drawing area's aspect ratio."""
    places = split_remote(places)[0]
    if places:
        lons = [p.lon for p in places]
        lats = [p.lat for p in places]
        x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
    else:
        x0, y0, x1, y1 = DEFAULT_FRAME
    margin = max(1.5, 0.25 * max(x1 - x0, y1 - y0))
    x0, x1, y0, y1 = x0 - margin, x1 + margin, y0 - margin, y1 + margin
    mid_lat = (y0 + y1) / 2
    kx = math.cos(math.radians(mid_lat))
    width, height = (x1 - x0) * kx, y1 - y0
    if width / height < aspect:
        extra = (aspect * height - width) / kx / 2
        x0, x1 = x0 - extra, x1 + extra
    else:
        extra = (width / aspect - height) / 2
        y0, y1 = y0 - extra, y1 + extra
    return x0, y0, x1, y1


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
def _base_layer(places: tuple[Place, ...], w: int, h: int, label_px: int) -> pygame.Surface:
    """Sea, land and borders for one frame and size; cached because outlines never change."""
    surface = pygame.Surface((w, h))
    surface.fill(style.SEA)
    rect = pygame.Rect(0, 0, w, h)
    frame = frame_for(list(places), w / max(1, h))
    project = Projection(frame, rect)
    countries, _ = load_countries()
    if not countries:
        for i in range(1, 6):
            pygame.draw.line(surface, style.PANEL, (i * w // 6, 0), (i * w // 6, h))
            pygame.draw.line(surface, style.PANEL, (0, i * h // 6), (w, i * h // 6))
    for c in countries:
        colour = tuple(min(255, v + 14) for v in style.LAND) if c.iso in FOCUS else style.LAND
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
    for c in countries:  # country names at the centre of their largest ring, clear of the places
        if not c.rings:
            continue
        ring = max(c.rings, key=len)
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        x, y = project(lon, lat)
        tw, th = f.size(c.name.upper())
        box = pygame.Rect(round(x - tw / 2), round(y - th / 2), tw, th).inflate(label_px * 8, label_px * 3)
        if 0.05 * w < x < 0.95 * w and 0.05 * h < y < 0.95 * h and not any(box.collidepoint(p) for p in near):
            style.text(surface, c.name.upper(), (x, y), label_px, style.SUBTLE, anchor="center")
    return surface


KIND_ORDER = {"capital": 0, "crossing": 1, "venue": 2, "city": 3, "district": 4, "base": 5, "other": 6}


def draw_map(surface: pygame.Surface, rect: pygame.Rect, places: list[Place],
             events: list[tuple[str, int]], label_px: int) -> None:
    """The region with its places; places where this turn's events happened are ringed and numbered.

    A legend strip runs along the top; labels are placed where they do not cover each other.
    """
    strip = pygame.Rect(rect.x, rect.y, rect.w, round(label_px * 1.6))
    area = pygame.Rect(rect.x, strip.bottom, rect.w, rect.h - strip.h)
    base = _base_layer(tuple(places), area.w, area.h, label_px)
    surface.blit(base, area.topleft)
    pygame.draw.rect(surface, style.PANEL, strip)
    legend(surface, (strip.x + 6, strip.y + (strip.h - label_px) // 2), max(9, round(label_px * 0.85)))
    project = Projection(frame_for(places, area.w / max(1, area.h)), area)
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
    taken = [pygame.Rect(round(x - r * 1.4), round(y - r * 1.4), r * 3, r * 3) for _, x, y in spots]
    f = style.font(label_px)
    for place, x, y in spots:
        _marker(surface, place.kind, (x, y), r)
        if place.id in by_place:
            pygame.draw.circle(surface, style.YELLOW, (x, y), r * 2.4, max(2, r // 3))
            numbers = ",".join(str(n) for n in by_place[place.id])
            taken.append(style.text(surface, numbers, (x + r * 1.8, y - r * 1.8), label_px, style.YELLOW,
                                    bold=True, anchor="bottomleft"))
        name = place.name + (" (off map)" if place in far else "")
        w, h = f.size(name)
        gap = r * 1.7
        candidates = [
            pygame.Rect(round(x + gap), round(y - h / 2), w, h),
            pygame.Rect(round(x - gap - w), round(y - h / 2), w, h),
            pygame.Rect(round(x - w / 2), round(y - gap - h), w, h),
            pygame.Rect(round(x - w / 2), round(y + gap), w, h),
            pygame.Rect(round(x + gap * 0.8), round(y - gap * 0.5 - h), w, h),
            pygame.Rect(round(x + gap * 0.8), round(y + gap * 0.5), w, h),
        ]

        def cost(c: pygame.Rect) -> int:
            inside = area.contains(c)
            return sum(c.clip(t).w * c.clip(t).h for t in taken) + (0 if inside else 10**6)

        best = min(candidates, key=cost)
        taken.append(best)
        image = f.render(name, True, style.TEXT)
        halo = f.render(name, True, style.SEA)
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            surface.blit(halo, best.move(dx, dy))
        surface.blit(image, best)
    surface.set_clip(clip)
    pygame.draw.rect(surface, style.LAND_EDGE, rect, 1)
    _, warning = load_countries()
    if warning:
        style.text(surface, warning, (area.x + 6, area.bottom - 6), label_px, style.SUBTLE,
                   anchor="bottomleft", max_width=area.w - 12)


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


def legend(surface: pygame.Surface, at: tuple[int, int], label_px: int) -> None:
    x, y = at
    r = max(4, label_px // 2)
    for kind, name in (("crossing", "crossing"), ("capital", "capital"), ("venue", "venue"), ("city", "other")):
        _marker(surface, kind, (x + r, y + r), r)
        rect = style.text(surface, name, (x + r * 3, y + r), label_px, style.SUBTLE, anchor="midleft")
        x = rect.right + r * 2
    pygame.draw.circle(surface, style.YELLOW, (x + r * 1.5, y + r), r * 1.5, max(2, r // 3))
    style.text(surface, "events (numbered)", (x + r * 3.5, y + r), label_px, style.SUBTLE,
               anchor="midleft")


def clear_cache() -> None:
    """Forget pre-rendered layers (they belong to the pygame session that made them)."""
    _base_layer.cache_clear()
