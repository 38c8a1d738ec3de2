"""What the table's map shows for a scenario: which outlines, which frame, or the scenario's picture.

A scenario's `map` (format version 2) picks a region of the shipped Natural Earth outlines by
country codes or a bounding box, or names a picture shipped beside the scenario file. Without a
`map`, the frame is fitted to the places and the countries that contain a place are highlighted,
so any region gets a sensible map with no code naming it. Nothing here draws (no pygame): the
choices are plain data, tested on their own; `mapview` renders them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wargame.scenario.models import Place, Scenario
from wargame.ui.assets import ASSETS

Box = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
Ring = tuple[tuple[float, float], ...]

OUTLINES_FILE = ASSETS / "maps" / "world_110m.geojson"
REMOTE_DEGREES = 12.0  # a place this far from the others (a mediator's capital) is shown at the edge
OVERSEAS_DEGREES = 15.0  # a country's rings this far from its largest one (overseas parts) are not framed


@dataclass(frozen=True)
class Country:
    name: str
    iso: str
    rings: tuple[Ring, ...]


@dataclass(frozen=True)
class Region:
    """The map of one scenario: a frame to fit and what fills it."""

    box: Box | None  # the frame to show (before widening to the screen's shape); None: fit the places
    focus: frozenset[str]  # ISO codes of the countries drawn highlighted
    image: Path | None  # the scenario's own picture, drawn instead of outlines
    note: str  # credit shown small under the map


@lru_cache(maxsize=1)
def load_countries() -> tuple[tuple[Country, ...], str | None]:
    """The world's outlines, or none and a message saying why."""
    try:
        data = json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))
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


_REGIONS: dict[tuple[str, str], Region] = {}


def region_of(scenario: Scenario) -> Region:
    """`region_for`, worked out once per scenario text (scenes ask for it every frame)."""
    key = (scenario.source_name, scenario.sha256)
    if key not in _REGIONS:
        _REGIONS[key] = region_for(scenario)
    return _REGIONS[key]


def places_region(places: list[Place]) -> Region:
    """The region of a scenario without a `map`: fitted to its places, their countries highlighted."""
    countries, _ = load_countries()
    near = split_remote(places)[0]
    focus = frozenset(c.iso for c in countries if any(_contains(c, p.lon, p.lat) for p in near))
    return Region(None, focus, None, "")


def region_for(scenario: Scenario) -> Region:
    """The region a scenario's map shows (see the module docstring)."""
    spec = scenario.map
    if spec is not None and spec.image is not None:
        folder = Path(scenario.source_name).resolve().parent
        return Region(spec.image_bounds, frozenset(), folder / spec.image, spec.note)
    countries, _ = load_countries()
    if spec is not None and (spec.countries or spec.bbox is not None):
        focus = frozenset(spec.countries)
        box = spec.bbox or _extent([c for c in countries if c.iso in focus])
        return Region(box, focus, None, spec.note)
    return places_region(list(scenario.places))


def _extent(countries: list[Country]) -> Box | None:
    """The box around the countries' home land (rings far from each country's largest left out)."""
    xs: list[float] = []
    ys: list[float] = []
    for country in countries:
        if not country.rings:
            continue
        home = _box(max(country.rings, key=lambda r: abs(_area(r))))
        for ring in country.rings:
            box = _box(ring)
            gap = max(home[0] - box[2], box[0] - home[2], home[1] - box[3], box[1] - home[3], 0.0)
            if gap <= OVERSEAS_DEGREES:
                xs += [box[0], box[2]]
                ys += [box[1], box[3]]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _box(ring: Ring) -> Box:
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _area(ring: Ring) -> float:
    """Signed area in square degrees (shoelace formula)."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))


def _contains(country: Country, lon: float, lat: float) -> bool:
    """Whether a point lies inside one of the country's rings (ray casting)."""
    for ring in country.rings:
        inside = False
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
        if inside:
            return True
    return False


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


DEFAULT_FRAME: Box = (-20.0, -10.0, 40.0, 40.0)  # when there is nothing to fit


def frame_for(region: Region, places: list[Place], aspect: float) -> Box:
    """The lon/lat box shown in a drawing area of this aspect ratio (width / height).

    An image is shown exactly over its bounds (the caller letterboxes it). Otherwise the region's
    box (or the places, with a margin) is widened to the area's shape, with longitudes scaled by
    the cosine of the middle latitude so that shapes are not stretched.
    """
    if region.image is not None and region.box is not None:
        return region.box
    if region.box is not None:
        x0, y0, x1, y1 = region.box
        pad = 0.05 * max(x1 - x0, y1 - y0)
        near = split_remote(places)[0]
        x0 = min([x0 - pad] + [p.lon - pad for p in near])
        x1 = max([x1 + pad] + [p.lon + pad for p in near])
        y0 = min([y0 - pad] + [p.lat - pad for p in near])
        y1 = max([y1 + pad] + [p.lat + pad for p in near])
    else:
        near = split_remote(places)[0]
        if near:
            lons = [p.lon for p in near]
            lats = [p.lat for p in near]
            x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
        else:
            x0, y0, x1, y1 = DEFAULT_FRAME
        margin = max(1.5, 0.25 * max(x1 - x0, y1 - y0))
        x0, x1, y0, y1 = x0 - margin, x1 + margin, y0 - margin, y1 + margin
    mid_lat = max(-80.0, min(80.0, (y0 + y1) / 2))
    kx = math.cos(math.radians(mid_lat))
    width, height = (x1 - x0) * kx, y1 - y0
    if width / height < aspect:
        extra = (aspect * height - width) / kx / 2
        x0, x1 = x0 - extra, x1 + extra
    else:
        extra = (width / aspect - height) / 2
        y0, y1 = y0 - extra, y1 + extra
    return x0, y0, x1, y1
