"""What a sweep's games add up to: the tidy table, which numbers matter, and which lessons hold.

Variant 0 is the scenario's own numbers; variants 1..V are the design's rows. Every variant and
every policy plays the same games' dice (common random numbers), so differences between cells
are differences of numbers and policies, not of luck.

A lesson, for the seated side, is an ordered pair of its policies (A, B): "A ends with lower
cumulative escalation than B". In a variant it holds when the mean over the variant's games of
A's cumulative escalation minus B's (paired: game g of A and of B share their dice) is below
zero. Its share of the parameter space is the share of the design's variants where it holds,
with a 95% Wilson interval (the variants are points of the design, spread evenly over the
ranges; the interval treats them as independent draws, which a quasi-random design is not, so
it errs wide). A variant is "within the dice" for a lesson when the paired 95% interval of its
difference contains zero. The smallest change that flips a lesson is the design variant where it
fails that lies nearest the scenario's own numbers, distance measured as the largest change of
any number as a share of its range: of every number when at most FEW are varied, else of the
numbers that drive the lesson (index interval above 0), and none is named when no number does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from wargame.sim.summary import Share, wilson
from wargame.sim.sweep_design import Design, Index, sensitivity
from wargame.sim.sweep_params import Param, apply
from wargame.sim.sweep_task import COUNTS, Task, TaskResult

Z95 = 1.959963984540054
ROBUST = 0.9  # a lesson is robust when the lower end of its share's interval is at least this
TOP_CHANGES = 3
FEW = 12  # up to this many numbers, a flip is measured over all of them


@dataclass
class Cell:
    """All games of one variant with the seat on one policy (its tasks' blocks in order)."""

    cumulative: np.ndarray
    final_level: float
    peak_level: float
    counts: tuple[int, ...]

    @property
    def games(self) -> int:
        return int(self.cumulative.size)

    @property
    def mean(self) -> float:
        return float(self.cumulative.mean())


def cells(tasks: Sequence[Task], results: dict[str, TaskResult]) -> dict[tuple[int, str], Cell]:
    """Tasks' results joined per (variant, policy), blocks in order of their first game."""
    grouped: dict[tuple[int, str], list[Task]] = {}
    for t in tasks:
        grouped.setdefault((t.variant, t.policy), []).append(t)
    out = {}
    for key, group in grouped.items():
        parts = [results[t.key] for t in sorted(group, key=lambda t: t.start)]
        out[key] = Cell(np.concatenate([p.cumulative for p in parts]),
                        float(sum(p.final_level for p in parts)), float(sum(p.peak_level for p in parts)),
                        tuple(int(sum(p.counts[i] for p in parts)) for i in range(len(COUNTS))))
    return out


def applied_values(data: dict[str, Any], params: Sequence[Param], rows: np.ndarray) -> np.ndarray:
    """The values each variant really plays (whole numbers rounded, clipped where needed)."""
    out = np.empty_like(rows)
    for v, row in enumerate(rows):
        variant, _ = apply(data, params, row)
        for i, p in enumerate(params):
            node: Any = variant
            for k in p.keys:
                node = node[k]
            out[v, i] = float(node)
    return out


def table(seat: str, policies: Sequence[str], params: Sequence[Param], values: np.ndarray,
          grid: dict[tuple[int, str], Cell]) -> dict[str, list[Any]]:
    """The tidy table, one row per variant x policy, as named columns (variant 0: own numbers)."""
    cols: dict[str, list[Any]] = {name: [] for name in ("variant", "seat", "policy")}
    for p in params:
        cols[p.path] = []
    for name in ("games", "cumulative_mean", "cumulative_sd", "cumulative_low", "cumulative_high",
                 "final_level_mean", "peak_level_mean", *COUNTS):
        cols[name] = []
    for v in range(values.shape[0]):
        for policy in policies:
            cell = grid[(v, policy)]
            n = cell.games
            sd = float(cell.cumulative.std(ddof=1)) if n > 1 else 0.0
            half = Z95 * sd / math.sqrt(n) if n > 1 else 0.0
            cols["variant"].append(v)
            cols["seat"].append(seat)
            cols["policy"].append(policy)
            for i, p in enumerate(params):
                cols[p.path].append(float(values[v, i]))
            cols["games"].append(n)
            cols["cumulative_mean"].append(_r(cell.mean))
            cols["cumulative_sd"].append(_r(sd))
            cols["cumulative_low"].append(_r(cell.mean - half))
            cols["cumulative_high"].append(_r(cell.mean + half))
            cols["final_level_mean"].append(_r(cell.final_level / n))
            cols["peak_level_mean"].append(_r(cell.peak_level / n))
            for i, name in enumerate(COUNTS):
                cols[name].append(_r(cell.counts[i] / n))
    return cols


def _r(x: float) -> float:
    return round(float(x), 6)


# --- lessons -----------------------------------------------------------------------------------


@dataclass
class Lesson:
    """'better ends with lower cumulative escalation than worse', across the variants."""

    better: str
    worse: str
    baseline: float  # mean difference (better - worse) at the scenario's own numbers
    baseline_low: float
    baseline_high: float
    holds: int  # design variants where it holds
    variants: int
    within_dice: int  # design variants whose paired interval contains zero
    flip: dict[str, Any] | None  # the nearest variant where it fails
    drivers: list[dict[str, Any]]  # the numbers that move the difference most

    @property
    def share(self) -> Share:
        return Share(self.holds, self.variants)

    @property
    def clear_at_baseline(self) -> bool:
        return self.baseline_high < 0

    @property
    def verdict(self) -> str:
        low, _ = wilson(self.holds, self.variants)
        if not self.clear_at_baseline:
            return "unclear at own numbers" if self.baseline < 0 else "does not hold"
        if low >= ROBUST:
            return "robust"
        if self.share.value < ROBUST:
            return "fragile"
        return "likely robust"

    def as_dict(self) -> dict[str, Any]:
        return {"better": self.better, "worse": self.worse, "verdict": self.verdict,
                "baseline": {"difference": _r(self.baseline), "low": _r(self.baseline_low), "high": _r(self.baseline_high)},
                "holds": self.share.as_dict(), "within_dice": self.within_dice,
                "flip": self.flip, "drivers": self.drivers}


def paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of a - b with a 95% interval (games paired by their dice)."""
    d = a - b
    mean = float(d.mean())
    half = Z95 * float(d.std(ddof=1)) / math.sqrt(d.size) if d.size > 1 else 0.0
    return mean, mean - half, mean + half


def lessons(policies: Sequence[str], params: Sequence[Param], design: Design, values: np.ndarray,
            grid: dict[tuple[int, str], Cell], seed: int, drivers: bool = True) -> list[Lesson]:
    """Every ordered pair of policies that the scenario's own numbers order (better first), most
    fragile first; with `drivers`, the numbers that move each lesson's margin most."""
    found = []
    for a in policies:
        for b in policies:
            if a == b:
                continue
            base = paired(grid[(0, a)].cumulative, grid[(0, b)].cumulative)
            if base[0] >= 0:
                continue  # its mirror image (b, a) is the lesson the scenario teaches
            diffs = [paired(grid[(v, a)].cumulative, grid[(v, b)].cumulative) for v in range(1, values.shape[0])]
            margin = np.array([d[0] for d in diffs])
            holds = int((margin < 0).sum())
            within = int(sum(1 for d in diffs if d[1] <= 0 <= d[2]))
            indices = ranked(sensitivity(design, params, margin, seed)) if drivers else []
            focus = _focus(params, indices)
            found.append(Lesson(a, b, *base, holds, len(diffs), within, _flip(params, values, margin, focus),
                                [i.as_dict() for i in indices[:TOP_CHANGES]]))
    return sorted(found, key=lambda x: (x.share.value, x.better, x.worse))


def _focus(params: Sequence[Param], indices: Sequence[Index]) -> list[int]:
    """The numbers a flip is measured on: all of them when they are few; else those whose index on
    the lesson's margin lies above 0 (with hundreds of numbers moving at once, every variant is far
    from the scenario's own numbers in some number, and the nearest one says nothing)."""
    if len(params) <= FEW:
        return list(range(len(params)))
    position = {p.path: k for k, p in enumerate(params)}
    return [position[i.path] for i in indices if i.interval[0] > 0]


def _flip(params: Sequence[Param], values: np.ndarray, margin: np.ndarray, focus: Sequence[int]) -> dict[str, Any] | None:
    """The failing design variant nearest the scenario's own numbers (the largest change, over the
    focus numbers, as a share of each number's range), with its largest changes."""
    failing = np.flatnonzero(margin >= 0) + 1  # design variants are 1..V
    if failing.size == 0:
        return None
    if not focus:
        return {"variant": None, "distance": None, "changes": [], "failing": int(failing.size), "difference": None}
    cols = np.array(focus)
    base = values[0, cols]
    width = np.array([max(params[i].high - params[i].low, 1e-12) for i in focus])
    scaled = np.abs(values[failing][:, cols] - base) / width
    distance = scaled.max(axis=1)
    pick = int(np.argmin(distance))
    v = int(failing[pick])
    order = np.argsort(-scaled[pick], kind="stable")[:TOP_CHANGES]
    changes = []
    for k in order:
        p = params[int(cols[k])]
        new = float(values[v, cols[k]])
        changes.append({"path": p.path, "from": p.base, "to": _r(new),
                        "percent": _r(100 * (new - p.base) / abs(p.base)) if p.base else None,
                        "share_of_range": _r(float(scaled[pick, k]))})
    return {"variant": v, "distance": _r(float(distance[pick])), "changes": changes, "failing": int(failing.size),
            "difference": _r(float(margin[v - 1]))}


def ranked(indices: Sequence[Index]) -> list[Index]:
    """Most influential first (ties keep parameter order)."""
    return sorted(indices, key=lambda i: -i.rank_value)
