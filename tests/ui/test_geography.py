"""The map a scenario gets: its own region or picture, or a frame fitted to its places."""

from __future__ import annotations

import math
from pathlib import Path

import pygame
import pytest

from tests.scenario.cases import V2_TEXT, apply_edits
from wargame.scenario import ScenarioError, load, load_text
from wargame.ui import mapview
from wargame.ui.geography import frame_for, load_countries, places_region, region_for

V2_MAP = "map:\n  bbox: [18.5, 8.0, 22.5, 12.5]\n"


def with_map(text: str, folder: Path, name: str = "crisis.yaml") -> Path:
    path = folder / name
    path.write_text(apply_edits(V2_TEXT, ((V2_MAP, text),)), encoding="utf-8")
    return path


def test_the_world_outlines_load() -> None:
    countries, warning = load_countries()
    assert warning is None and len(countries) > 150
    assert {"FRA", "BRA", "JPN", "KEN"} <= {c.iso for c in countries}


def test_without_a_map_the_countries_holding_places_are_highlighted() -> None:
    flagship = load("oct_2025_border_crisis")
    region = region_for(flagship)
    assert region.box is None and region.image is None
    assert {"PAK", "AFG"} <= region.focus
    assert "IND" not in region.focus  # no place of the flagship lies there


def test_countries_frame_their_land_and_the_places(tmp_path: Path) -> None:
    path = with_map("map:\n  countries: [FRA, ESP]\n", tmp_path)
    region = region_for(load(path))
    assert region.focus == {"FRA", "ESP"}
    assert region.box is not None
    x0, y0, x1, y1 = region.box
    assert -10 < x0 < -8 and 8 < x1 < 10 and 35 < y0 < 37 and 50 < y1 < 52  # French Guiana left out


@pytest.mark.parametrize("aspect", [0.5, 1.0, 2.4])
def test_frame_keeps_the_region_and_takes_the_screens_shape(tmp_path: Path, aspect: float) -> None:
    scenario = load(with_map("map:\n  bbox: [18.5, 8.0, 22.5, 12.5]\n", tmp_path))
    x0, y0, x1, y1 = frame_for(region_for(scenario), list(scenario.places), aspect)
    assert x0 <= 18.5 and y0 <= 8.0 and x1 >= 22.5 and y1 >= 12.5
    shown = (x1 - x0) * math.cos(math.radians((y0 + y1) / 2)) / (y1 - y0)
    assert shown == pytest.approx(aspect, rel=1e-9)


def picture(path: Path, colour: tuple[int, int, int]) -> None:
    surface = pygame.Surface((200, 100))
    surface.fill(colour)
    pygame.image.save(surface, str(path))


def test_a_picture_beside_the_scenario_is_its_map(tmp_path: Path) -> None:
    picture(tmp_path / "river.png", (200, 30, 30))
    scenario = load(with_map("map:\n  image: river.png\n  image_bounds: [18, 8, 23, 13]\n  note: Drawn for this course.\n", tmp_path))
    region = region_for(scenario)
    assert region.image == (tmp_path / "river.png").resolve()
    assert region.box == (18, 8, 23, 13) and region.note == "Drawn for this course."


def test_a_missing_picture_is_a_load_error_naming_the_field(tmp_path: Path) -> None:
    path = with_map("map:\n  image: river.png\n  image_bounds: [18, 8, 23, 13]\n", tmp_path)
    with pytest.raises(ScenarioError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.path == "map.image" and "no file 'river.png'" in problem.message
    assert problem.line == V2_TEXT.splitlines().index("map:") + 2


def test_text_without_a_folder_is_not_asked_for_its_picture() -> None:
    text = apply_edits(V2_TEXT, ((V2_MAP, "map:\n  image: river.png\n  image_bounds: [18, 8, 23, 13]\n"),))
    assert load_text(text).map is not None


def test_the_picture_is_drawn_keeping_its_shape_with_places_on_it(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_app()  # pygame as the table starts it (fonts cached for the session)
    try:
        picture(tmp_path / "river.png", (200, 30, 30))
        scenario = load(with_map("map:\n  image: river.png\n  image_bounds: [18, 8, 23, 13]\n", tmp_path))
        canvas = pygame.Surface((600, 400))
        rect = pygame.Rect(0, 0, 600, 400)
        mapview.draw_map(canvas, rect, list(scenario.places), [], 16, region=region_for(scenario))
        assert canvas.get_at((300, 220))[:3] == (200, 30, 30)  # the picture fills the middle band
        assert canvas.get_at((300, 60))[:3] != (200, 30, 30)  # 2:1 picture letterboxed in a 3:2 area
    finally:
        mapview.clear_cache()


def test_places_region_without_places_is_plain() -> None:
    region = places_region([])
    assert region.focus == frozenset() and region.box is None
