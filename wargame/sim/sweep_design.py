"""Where in the space of numbers a sweep plays, and which numbers matter (variance-based indices).

Designs (each row a variant, each column a number, uniform over its range):
- `sobol`: Saltelli's scheme for Sobol' indices through SALib: N base rows give N x (D + 2)
  variants; N is a power of two (rounded up, said). Indices: first order S1 and total order ST,
  with 95% bootstrap intervals.
- `lhs`: a Latin hypercube of N variants through SALib; indices: first order S1 by RBD-FAST
  (Tarantola et al. 2006, with Tissot and Prieur's bias correction), with 95% bootstrap intervals.
  Its cost does not grow with the count of numbers, so it suits `--vary-all`. The estimator is
  SALib's `rbd_fast` computed for every number and bootstrap resample at once with numpy (a test
  checks it against SALib): SALib's loop takes about half a millisecond per number and resample,
  minutes for a few hundred numbers, several outputs and their intervals.
- `grid`: every combination of N evenly spaced values of each number (N^D variants); indices:
  first order S1 as the share of the variance explained by each number's value (the main effect,
  exact on a full grid), with 95% bootstrap intervals over the grid's points. SALib has no
  variance-based method for a grid (RBD-FAST reads structure into ties).
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from wargame.errors import WargameError
from wargame.sim.extras import require
from wargame.sim.sweep_params import Param

DESIGNS = ("sobol", "lhs", "grid")
DEFAULT_SAMPLES = {"sobol": 32, "lhs": 64, "grid": 3}
SOBOL_UP_TO = 12  # default design: sobol for up to this many numbers, lhs beyond
MAX_VARIANTS = 50_000
LHS_LEAST = 8  # RBD-FAST's bias correction on bootstrap halves needs at least 4 points per half
RESAMPLES = 200  # bootstrap resamples for the intervals
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Design:
    """The rows of a design (V, D), uniform over each number's range, and how they were made."""

    name: str
    samples: int
    rows: np.ndarray
    note: str = ""

    @property
    def variants(self) -> int:
        return int(self.rows.shape[0])

    @property
    def index_kind(self) -> str:
        return "total order (ST)" if self.name == "sobol" else "first order (S1)"


@dataclass(frozen=True)
class Index:
    """Sensitivity of one output to one number, with its 95% interval."""

    path: str
    s1: float
    s1_low: float
    s1_high: float
    st: float | None = None
    st_low: float | None = None
    st_high: float | None = None

    @property
    def rank_value(self) -> float:
        """What numbers are ranked by: ST where there is one, else S1."""
        return self.st if self.st is not None else self.s1

    @property
    def interval(self) -> tuple[float, float]:
        if self.st is not None and self.st_low is not None and self.st_high is not None:
            return self.st_low, self.st_high
        return self.s1_low, self.s1_high

    def as_dict(self) -> dict[str, Any]:
        return {k: (None if v is None else (round(v, 6) if isinstance(v, float) else v))
                for k, v in (("path", self.path), ("S1", self.s1), ("S1_low", self.s1_low), ("S1_high", self.s1_high),
                             ("ST", self.st), ("ST_low", self.st_low), ("ST_high", self.st_high))}


def default_design(count: int) -> str:
    return "sobol" if count <= SOBOL_UP_TO else "lhs"


def problem(params: Sequence[Param]) -> dict[str, Any]:
    return {"num_vars": len(params), "names": [p.path for p in params],
            "bounds": [[p.low, p.high] for p in params]}


def make_design(name: str, params: Sequence[Param], samples: int | None, seed: int) -> Design:
    """The design's rows; a one-line error when it cannot be made or would be too large."""
    if name not in DESIGNS:
        raise WargameError(f"unknown design {name!r}: use one of {', '.join(DESIGNS)}")
    if not params:
        raise WargameError("nothing to vary: give --vary PATH=LOW:HIGH or --vary-all PCT")
    n = DEFAULT_SAMPLES[name] if samples is None else samples
    d = len(params)
    note = ""
    if name == "sobol":
        if n < 2:
            raise WargameError("--samples must be at least 2 for a sobol design")
        power = 1 << (n - 1).bit_length()
        if power != n:
            note = f"sobol needs a power of two: {power} base samples instead of {n}"
            n = power
        count = n * (d + 2)
    elif name == "grid":
        if n < 2:
            raise WargameError("--samples (values per number) must be at least 2 for a grid")
        count = n**d
    else:
        if n < LHS_LEAST:
            raise WargameError(f"--samples must be at least {LHS_LEAST} for an lhs design (its indices need them)")
        count = n
    if count > MAX_VARIANTS:
        raise WargameError(f"a {name} design over {d} numbers with --samples {n} has {count:,} variants "
                           f"(limit {MAX_VARIANTS:,}): use fewer numbers, fewer samples or --design lhs")
    if name == "grid":
        axes = [np.linspace(p.low, p.high, n) for p in params]
        rows = np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, d)
    else:
        salib_sample = require(f"SALib.sample.{'sobol' if name == 'sobol' else 'latin'}", f"a {name} design")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if name == "sobol":
                rows = salib_sample.sample(problem(params), n, calc_second_order=False, seed=seed)
            else:
                rows = salib_sample.sample(problem(params), n, seed=seed)
    return Design(name, n, np.asarray(rows, dtype=float), note)


def sensitivity(design: Design, params: Sequence[Param], y: np.ndarray, seed: int) -> list[Index]:
    """Indices of every number for output y (one value per design row), in parameter order."""
    y = np.asarray(y, dtype=float)
    names = [p.path for p in params]
    if design.variants < 2 or float(np.var(y)) == 0.0:  # nothing varies: no number matters
        return [Index(name, 0.0, 0.0, 0.0, *((0.0, 0.0, 0.0) if design.name == "sobol" else ())) for name in names]
    if design.name == "grid":
        return _grid_indices(design, names, y, seed)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if design.name == "sobol":
            analyze = require("SALib.analyze.sobol", "sensitivity indices")
            r = analyze.analyze(problem(params), y, calc_second_order=False, num_resamples=RESAMPLES,
                                conf_level=0.95, seed=seed)
            return [Index(name, *_band(r["S1"][i], r["S1_conf"][i]), *_band(r["ST"][i], r["ST_conf"][i]))
                    for i, name in enumerate(names)]
    s1, half = rbd_fast(design.rows, y, seed)
    return [Index(name, *_band(s1[i], half[i])) for i, name in enumerate(names)]


def harmonics(n: int) -> int:
    """RBD-FAST's interference parameter M for n variants: SALib's 10 where n allows (the bias
    correction needs 2M well below n), fewer for small designs."""
    return max(1, min(10, n // 8))


def rbd_fast(x: np.ndarray, y: np.ndarray, seed: int, resamples: int = RESAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """First-order indices (D,) by RBD-FAST and the half-widths of their 95% intervals (normal,
    from bootstrap resamples of half the variants, as SALib does)."""
    m = harmonics(x.shape[0])
    s1 = _rbd_s1(x, y, m)
    rng = np.random.default_rng(seed)
    half = x.shape[0] // 2
    boot = np.empty((resamples, x.shape[1]))
    for r in range(resamples):
        pick = rng.choice(x.shape[0], replace=True, size=half)
        boot[r] = _rbd_s1(x[pick], y[pick], m)
    return s1, Z95 * boot.std(axis=0, ddof=1)


def _rbd_s1(x: np.ndarray, y: np.ndarray, m: int) -> np.ndarray:
    """S1 of every column of x: y reordered along each column's sorted-then-folded order (EASI),
    share of its spectrum in the first m harmonics, bias-corrected."""
    n = x.shape[0]
    order = np.argsort(x, axis=0)
    folded = np.concatenate([order[::2], order[1::2][::-1]], axis=0)
    permuted = y[folded]
    power = np.abs(np.fft.rfft(permuted - permuted.mean(axis=0), axis=0)) ** 2
    power[1 : (None if n % 2 else -1)] *= 2  # one-sided spectrum, as scipy's periodogram
    with np.errstate(invalid="ignore", divide="ignore"):
        s1 = power[1 : m + 1].sum(axis=0) / power[1:].sum(axis=0)
    lam = 2 * m / n
    return np.nan_to_num(s1 - lam / (1 - lam) * (1 - s1))


def _band(value: float, half: float) -> tuple[float, float, float]:
    v = 0.0 if not math.isfinite(value) else float(value)
    h = 0.0 if not math.isfinite(half) else abs(float(half))
    return v, v - h, v + h


def _grid_indices(design: Design, names: list[str], y: np.ndarray, seed: int) -> list[Index]:
    """Main-effect share of variance of each number on a full grid, bootstrap intervals."""
    rng = np.random.default_rng(seed)
    levels = [np.unique(design.rows[:, i], return_inverse=True)[1] for i in range(len(names))]
    picks = [np.arange(y.size)] + [rng.integers(0, y.size, y.size) for _ in range(RESAMPLES)]
    values = np.array([[_main_effect(levels[i][p], y[p]) for i in range(len(names))] for p in picks])
    out = []
    for i, name in enumerate(names):
        boot = values[1:, i]
        half = Z95 * float(boot.std(ddof=1))
        out.append(Index(name, *_band(values[0, i], half)))
    return out


def _main_effect(level: np.ndarray, y: np.ndarray) -> float:
    total = float(np.var(y))
    if total == 0.0:
        return 0.0
    counts = np.bincount(level)
    means = np.bincount(level, weights=y) / np.maximum(counts, 1)
    between = float((counts * (means - y.mean()) ** 2).sum() / y.size)
    return between / total
