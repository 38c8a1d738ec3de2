"""Map labels placed without collisions (greedy placement with leader lines), clear of the legend."""

from __future__ import annotations

import itertools

import pygame
import pytest

from wargame.scenario import load
from wargame.ui import mapview, style


@pytest.fixture
def surface():  # type: ignore[no-untyped-def]
    pygame.display.init()
    pygame.font.init()
    yield pygame.Surface((1920, 1080))
    style.font.cache_clear()
    mapview.clear_cache()


def test_place_labels_never_overlaps_and_leaves_out_what_has_no_room(surface) -> None:  # type: ignore[no-untyped-def]
    bounds = pygame.Rect(0, 0, 300, 200)
    crowd = [mapview.MapLabel(f"place {i}", (150, 100), (80, 20), 14) for i in range(40)]
    placed = mapview.place_labels(crowd, bounds, [pygame.Rect(140, 90, 20, 20)])
    assert 0 < len(placed) < len(crowd)
    for a, b in itertools.combinations(placed, 2):
        assert not a.rect.colliderect(b.rect)
    assert all(bounds.contains(p.rect) and not p.rect.colliderect(pygame.Rect(140, 90, 20, 20)) for p in placed)
    assert placed[0].rect.left == 164 and not placed[0].leader  # the first goes right beside its point


@pytest.mark.parametrize("scenario", ["oct_2025_border_crisis", "long_horizon_2021", "tutorial"])
@pytest.mark.parametrize("size", [(710, 300), (560, 540), (1400, 800)])
def test_map_labels_and_event_numbers_never_collide_or_hide_under_the_legend(surface, scenario: str,  # type: ignore[no-untyped-def]
                                                                               size: tuple[int, int]) -> None:
    places = list(load(scenario).places)
    events = [(p.id, n) for n, p in enumerate(places, start=1)]  # an event at every place
    rect = pygame.Rect(10, 10, *size)
    placed = mapview.draw_map(surface, rect, places, events, 24)
    strip = mapview.legend_height(rect.w - 12, 24)
    area = pygame.Rect(rect.x, rect.y + strip, rect.w, rect.h - strip)
    for a, b in itertools.combinations(placed, 2):
        assert not a.rect.colliderect(b.rect), (a.label.text, b.label.text)
    assert all(area.contains(p.rect) for p in placed)
    numbers = {p.label.text for p in placed} & {str(n) for _, n in events}
    assert len(numbers) >= len(events) - 1, "nearly every event number finds room"


def test_names_side_by_side_keep_a_space_between_them(surface) -> None:  # type: ignore[no-untyped-def]
    """Two names on one line never touch, so they cannot be read as one ('Tessel damLake Orrin')."""
    bounds = pygame.Rect(0, 0, 600, 200)
    left = mapview.MapLabel("Tessel dam", (200, 100), (120, 36), 10)
    right = mapview.MapLabel("Lake Orrin", (330, 100), (120, 36), 10)
    a, b = mapview.place_labels([left, right], bounds, [])
    if a.rect.top < b.rect.bottom and b.rect.top < a.rect.bottom:  # on one line
        air = max(b.rect.left - a.rect.right, a.rect.left - b.rect.right)
        assert air >= 36 // 3


def test_the_maps_note_has_a_line_of_its_own_under_the_map(surface) -> None:  # type: ignore[no-untyped-def]
    from wargame.ui.geography import region_for

    scenario = load("river_tessel")
    region = region_for(scenario)
    assert region.note
    rect = pygame.Rect(10, 10, 700, 380)
    places = list(scenario.places)
    placed = mapview.draw_map(surface, rect, places, [(p.id, n) for n, p in enumerate(places, 1)], 24, region)
    note_top = rect.bottom - round(style.font(24).get_linesize() * 1.1)
    assert placed and all(p.rect.bottom <= note_top for p in placed)
