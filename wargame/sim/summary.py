"""What many games add up to: distributions of rungs, escalation over time, shares with intervals.

Rung categories are data (Rung.category in the scenario), never rung names in code. Definitions
(also in docs/decision-support.md), all on the main ladder unless said:

- escalation level: the `level` of the rung the ladder stands on;
- agreement: the game reached a rung of category `agreement` at some point;
- holding ceasefire: the game ends on a rung of category `ceasefire` or `agreement`, and the rungs
  it stood on at the end of each of its last HOLD_TURNS turns were all of a calm-side category
  (calm, tension, ceasefire, talks, agreement): the truce did not relapse into violence, clashes
  or breakdown just before the end. A game that ended on an agreement rung holds by definition;
- sustained clashes: the game ends on a rung of category `clashes`.

Shares carry a 95% Wilson interval; means a 95% normal interval (mean +- 1.96 standard errors).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from wargame.engine.compiled import Compiled

HOLD_TURNS = 2
Z95 = 1.959963984540054
CEASEFIRE_CATEGORIES = ("ceasefire", "agreement")
CALM_SIDE = ("calm", "tension", "ceasefire", "talks", "agreement")


@dataclass(frozen=True)
class Share:
    """A proportion of games with its 95% Wilson interval."""

    k: int
    n: int

    @property
    def value(self) -> float:
        return self.k / self.n if self.n else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.k, self.n)

    def as_dict(self) -> dict[str, Any]:
        lo, hi = self.interval
        return {"share": round(self.value, 6), "count": self.k, "n": self.n, "low": round(lo, 6), "high": round(hi, 6)}


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval for k successes in n trials (sensible at 0 and n)."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def mean_interval(values: np.ndarray, z: float = Z95) -> dict[str, float]:
    """Mean with a normal 95% interval."""
    n = values.size
    mean = float(values.mean()) if n else 0.0
    se = float(values.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    return {"mean": round(mean, 6), "low": round(mean - z * se, 6), "high": round(mean + z * se, 6)}


def category_mask(c: Compiled, categories: tuple[str, ...]) -> np.ndarray:
    """(R,) True for rungs whose category is one of `categories`."""
    return np.array([r.category.value in categories for r in c.scenario.rungs], dtype=bool)


def outcome_flags(c: Compiled, rungs: np.ndarray) -> dict[str, np.ndarray]:
    """Per game (rungs: (T + 1, N) path): holding ceasefire, agreement, sustained clashes."""
    final = rungs[-1]
    tail = rungs[-min(HOLD_TURNS, rungs.shape[0]) :]
    ends_in_truce = category_mask(c, CEASEFIRE_CATEGORIES)[final]
    calm_tail = category_mask(c, CALM_SIDE)[tail].all(axis=0)
    return {
        "holding_ceasefire": ends_in_truce & calm_tail,
        "agreement": category_mask(c, ("agreement",))[rungs].any(axis=0),
        "sustained_clashes": category_mask(c, ("clashes",))[final],
    }


def distribution(c: Compiled, rung_index: np.ndarray, ladder: int = 0) -> list[dict[str, Any]]:
    """Share of games on each rung of one ladder (by level, then scenario order), with intervals."""
    n = rung_index.size
    counts = np.bincount(rung_index, minlength=len(c.rung_ids))
    own = np.flatnonzero(c.rung_ladder == ladder)
    order = sorted(own, key=lambda r: (int(c.rung_level[r]), r))
    out = []
    for r in order:
        rung = c.scenario.rungs[r]
        out.append(
            {"rung": rung.id, "label": rung.label, "level": rung.level, "category": rung.category.value}
            | Share(int(counts[r]), n).as_dict()
        )
    return out


def summarize(c: Compiled, rungs: np.ndarray, paths: np.ndarray | None = None) -> dict[str, Any]:
    """The simulate summary of a batch's main-ladder rung paths (T + 1, N); see the module docstring.

    With several ladders and their `paths` (T + 1, N, L), `ladders` adds each other ladder's final
    and peak rungs and final level."""
    levels = c.rung_level[rungs].astype(float)
    n = rungs.shape[1]
    peak_rung = _peak_rung(c, rungs)
    flags = outcome_flags(c, rungs)
    summary = {
        "games": n,
        "turns": int(rungs.shape[0] - 1),
        "final_rung": distribution(c, rungs[-1]),
        "peak_rung": distribution(c, peak_rung),
        "final_level": mean_interval(levels[-1]),
        "peak_level": mean_interval(levels.max(axis=0)),
        "level_by_turn": [{"turn": t} | mean_interval(levels[t]) for t in range(levels.shape[0])],
        "holding_ceasefire": Share(int(flags["holding_ceasefire"].sum()), n).as_dict(),
        "agreement": Share(int(flags["agreement"].sum()), n).as_dict(),
        "sustained_clashes": Share(int(flags["sustained_clashes"].sum()), n).as_dict(),
    }
    if paths is not None and c.n_ladders > 1:
        summary["ladders"] = {
            c.ladder_ids[k]: {
                "final_rung": distribution(c, paths[-1, :, k], k),
                "peak_rung": distribution(c, _peak_rung(c, paths[:, :, k]), k),
                "final_level": mean_interval(c.rung_level[paths[-1, :, k]].astype(float)),
            }
            for k in range(1, c.n_ladders)
        }
    return summary


def _peak_rung(c: Compiled, rungs: np.ndarray) -> np.ndarray:
    """The highest-level rung each game stood on (the first such rung on ties)."""
    levels = c.rung_level[rungs]
    first_peak = np.argmax(levels == levels.max(axis=0), axis=0)
    return rungs[first_peak, np.arange(rungs.shape[1])]
