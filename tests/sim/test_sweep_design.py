"""Designs and sensitivity indices of sweeps: sizes, SALib's estimators, intervals that separate a
number that matters from numbers that do not."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from wargame.errors import WargameError
from wargame.sim.sweep_design import _rbd_s1, harmonics, make_design, rbd_fast, sensitivity
from wargame.sim.sweep_params import Bounds, Param


def params(count: int) -> list[Param]:
    return [Param(f"n{i}", ("x", i), 0.5, 0.0, 1.0, Bounds(0.0, 1.0)) for i in range(count)]


def test_design_sizes() -> None:
    assert make_design("sobol", params(3), 8, 1).variants == 8 * (3 + 2)
    assert make_design("lhs", params(5), 20, 1).variants == 20
    assert make_design("grid", params(2), 4, 1).variants == 16
    rounded = make_design("sobol", params(2), 10, 1)
    assert rounded.samples == 16 and "power of two" in rounded.note


def test_designs_stay_in_the_ranges_and_repeat_with_the_seed() -> None:
    ps = [Param("a", ("a",), 1.0, -2.0, 3.0, Bounds()), Param("b", ("b",), 0.1, 0.0, 0.2, Bounds())]
    for name in ("sobol", "lhs", "grid"):
        rows = make_design(name, ps, 8, 7).rows
        assert rows[:, 0].min() >= -2.0 and rows[:, 0].max() <= 3.0
        assert rows[:, 1].min() >= 0.0 and rows[:, 1].max() <= 0.2
        assert np.array_equal(rows, make_design(name, ps, 8, 7).rows)


@pytest.mark.parametrize(("name", "samples", "says"), [
    ("grid", 50, "variants"),  # 50^6 is far too many
    ("spiral", 8, "unknown design"),
    ("lhs", 4, "at least 8"),
])
def test_refused_designs(name: str, samples: int, says: str) -> None:
    with pytest.raises(WargameError, match=says):
        make_design(name, params(6), samples, 1)


def test_rbd_fast_is_salibs_estimator() -> None:
    from SALib.analyze import rbd_fast as salib
    from SALib.sample import latin

    problem = {"num_vars": 4, "names": list("abcd"), "bounds": [[0.0, 1.0]] * 4}
    for n in (64, 101):
        x = latin.sample(problem, n, seed=3)
        y = x[:, 0] ** 2 + np.sin(3 * x[:, 1]) + 0.1 * x[:, 2]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = salib.analyze(problem, x, y, M=harmonics(n), seed=1)
        assert _rbd_s1(x, y, harmonics(n)) == pytest.approx(np.array(theirs["S1"]), abs=1e-12)


@pytest.mark.parametrize("design", ["sobol", "lhs", "grid"])
def test_the_number_that_matters_is_ranked_first(design: str) -> None:
    """y depends on n0 strongly, on n1 a little, on n2 not at all."""
    ps = params(3)
    d = make_design(design, ps, {"sobol": 64, "lhs": 256, "grid": 7}[design], 5)
    y = 4 * d.rows[:, 0] ** 2 + 0.3 * d.rows[:, 1]
    idx = sensitivity(d, ps, y, 5)
    first = max(idx, key=lambda i: i.rank_value)
    assert first.path == "n0"
    low, _ = first.interval
    assert low > max(i.interval[1] for i in idx if i.path != "n0")


def test_nothing_varies_nothing_matters() -> None:
    ps = params(2)
    d = make_design("lhs", ps, 16, 1)
    assert all(i.s1 == 0.0 and i.interval == (0.0, 0.0) for i in sensitivity(d, ps, np.full(16, 3.0), 1))


def test_intervals_shrink_with_more_variants() -> None:
    rng = np.random.default_rng(2)
    widths = []
    for n in (64, 1024):
        x = rng.random((n, 2))
        y = x[:, 0] + 0.1 * rng.random(n)
        _, half = rbd_fast(x, y, 1)
        widths.append(half[0])
    assert widths[1] < widths[0] / 2
