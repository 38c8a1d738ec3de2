"""Scenario maps drawn for the scenario: the picture is made by the script beside it, and fits the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest

from wargame.scenario import load
from wargame.scenario.catalog import shipped_files

ROOT = Path(__file__).resolve().parents[2]
WITH_IMAGE = [p for p in shipped_files() if (m := load(p).map) is not None and m.image is not None]


def test_some_shipped_scenario_has_its_own_map() -> None:
    assert WITH_IMAGE, "the fictional scenario ships a map picture"


@pytest.mark.parametrize("path", WITH_IMAGE, ids=[p.stem for p in WITH_IMAGE])
def test_the_map_picture_fits_its_bounds_and_holds_every_place(path: Path) -> None:
    s = load(path)
    assert s.map is not None and s.map.image is not None and s.map.image_bounds is not None
    picture = mpimg.imread(path.parent / s.map.image)
    x0, y0, x1, y1 = s.map.image_bounds
    height, width = picture.shape[:2]
    assert width / height == pytest.approx((x1 - x0) / (y1 - y0), rel=0.01)
    for place in s.places:
        assert x0 <= place.lon <= x1 and y0 <= place.lat <= y1, place.id


def test_the_fictional_map_is_what_its_script_draws(tmp_path: Path) -> None:
    """scenarios/maps/tessel.py redraws scenarios/maps/tessel.png (pixel for pixel on one matplotlib
    version; a tolerance covers anti-aliasing differences between versions)."""
    out = tmp_path / "tessel.png"
    subprocess.run([sys.executable, str(ROOT / "scenarios/maps/tessel.py"), "--out", str(out)], check=True,
                   capture_output=True)
    drawn, shipped = mpimg.imread(out), mpimg.imread(ROOT / "scenarios/maps/tessel.png")
    assert drawn.shape == shipped.shape
    assert float(np.abs(drawn - shipped).mean()) < 0.01
