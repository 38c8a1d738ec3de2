"""The escalation index: the headline score of every game, as the scenario declares it.

    index(turn) = sum over ladders of weight x level of the ladder's rung after the turn
                + the tier points of every move ordered and inject fired in the turn
                  (TIER_WEIGHTS x the scenario's tier_scale, each rounded to 1e-6)
                + sum over indicator terms of weight x (value after the turn - above), counted above `above`

The default (every ladder weight 1, tier_scale 0.1, no indicator terms) is the first edition's
index: the rung level plus the tier points, to the last bit for a one-ladder scenario.

`escalation_index` is the one function that computes it, batch-shaped: the report's scoring (one
game, from its log), the batch simulator's cumulative escalation (the counterfactual rollouts,
sweeps, the advisor) and `wargame check` all call it. It returns the parts beside the total, so a
debrief can say what the index is made of. It reads only the scenario, so scoring a log needs no
compiled tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.scenario.models import Scenario

# Tier weights of Rivera et al. (2024), scaled by TIER_SCALE so that one violent act (+2.8) weighs
# a little less than three rungs of a ladder whose levels run 0..4 in the tutorial.
TIER_WEIGHTS: dict[str, float] = {
    "de_escalation": -2.0,
    "status_quo": 0.0,
    "posturing": 4.0,
    "nonviolent": 12.0,
    "violent": 28.0,
}
TIER_SCALE = 0.1  # the default `index.tier_scale`


def tier_value(tier: str, scale: float = TIER_SCALE) -> float:
    """Escalation-index points of one move or event of this tier."""
    return round(TIER_WEIGHTS.get(tier, 0.0) * scale, 6)


@dataclass(frozen=True)
class IndexSpec:
    """A scenario's declared index as arrays."""

    ladder_ids: list[str]  # main first
    ladder_weight: np.ndarray  # (L,)
    tier_scale: float
    move_points: np.ndarray  # (M,) in the scenario's move order
    inject_points: np.ndarray  # (J,)
    term_ids: list[str]  # (K,) indicator of each term
    term_labels: list[str]  # (K,) its name in the debrief and reports
    term_indicator: np.ndarray  # (K,) column of the indicator (scenario order)
    term_weight: np.ndarray  # (K,)
    term_above: np.ndarray  # (K,)

    @classmethod
    def of(cls, s: Scenario) -> IndexSpec:
        scale = s.index.tier_scale
        terms = s.index.indicators
        columns = {ind.id: i for i, ind in enumerate(s.indicators)}
        ladders = [x.id for x in s.all_ladders]
        return cls(
            ladder_ids=ladders,
            ladder_weight=np.array([s.ladder_weight(k) for k in ladders], dtype=float),
            tier_scale=scale,
            move_points=np.array([tier_value(m.tier.value, scale) for m in s.moves], dtype=float),
            inject_points=np.array([tier_value(j.tier.value, scale) for j in s.injects], dtype=float),
            term_ids=[t.indicator for t in terms],
            term_labels=[t.label or s.indicator(t.indicator).label for t in terms],
            term_indicator=np.array([columns[t.indicator] for t in terms], dtype=np.int64),
            term_weight=np.array([t.weight for t in terms], dtype=float),
            term_above=np.array([s.indicator(t.indicator).min if t.above is None else t.above for t in terms],
                                dtype=float),
        )

    def points(self, tier: str) -> float:
        return tier_value(tier, self.tier_scale)

    def as_dict(self) -> dict[str, Any]:
        """The index's definition as plain data (for reports: what the parts are)."""
        return {
            "ladders": dict(zip(self.ladder_ids, self.ladder_weight.tolist(), strict=True)),
            "tier_scale": self.tier_scale,
            "tier_weights": dict(TIER_WEIGHTS),
            "indicators": [
                {"indicator": k, "label": label, "weight": float(w), "above": float(a)}
                for k, label, w, a in zip(self.term_ids, self.term_labels, self.term_weight, self.term_above,
                                          strict=True)
            ],
        }


def index_declared(s: Scenario) -> bool:
    """Whether the scenario declares an index other than the default (the first edition's)."""
    spec = s.index
    return bool(spec.indicators) or spec.tier_scale != TIER_SCALE or any(w != 1.0 for w in spec.ladders.values())


def index_spec(c: Compiled) -> IndexSpec:
    """The compiled scenario's index (built once)."""
    return c.derived("index.spec", lambda: IndexSpec.of(c.scenario))


def tier_points(c: Compiled) -> tuple[np.ndarray, np.ndarray]:
    """Index points of each move (M,) and each inject (J,) of a compiled scenario (the declared tier_scale)."""
    spec = index_spec(c)
    return spec.move_points, spec.inject_points


@dataclass(frozen=True)
class IndexParts:
    """The index of one turn of N games (any leading shape) and what it is made of."""

    ladders: np.ndarray  # (..., L) weight x level of each ladder
    tiers: np.ndarray  # (...,) tier points of the turn's moves and injects
    indicators: np.ndarray  # (..., K) each indicator term
    total: np.ndarray  # (...,)

    @property
    def ladder_sum(self) -> np.ndarray:
        return sum_in_order(self.ladders)

    @property
    def indicator_sum(self) -> np.ndarray:
        return sum_in_order(self.indicators)

    @property
    def standing(self) -> np.ndarray:
        """(...,) the part that does not depend on what was done in the turn (ladders and indicators):
        what a game that has ended counts for each turn left."""
        return self.ladder_sum + self.indicator_sum

    def breakdown(self, spec: IndexSpec, row: Any = ()) -> dict[str, Any]:
        """One game's parts as plain data: {ladders: {id: value}, tiers, indicators: {id: value}, total}."""
        return {
            "ladders": {k: _num(v) for k, v in zip(spec.ladder_ids, self.ladders[row], strict=True)},
            "tiers": _num(self.tiers[row]),
            "indicators": {k: _num(v) for k, v in zip(spec.term_ids, self.indicators[row], strict=True)},
            "total": _num(self.total[row]),
        }


def escalation_index(spec: IndexSpec, levels: np.ndarray, x: np.ndarray,
                     tiers: Sequence[np.ndarray | float] = ()) -> IndexParts:
    """The index of one turn: `levels` (..., L) of every ladder's rung after the turn, `x` (..., I)
    the indicators after it, `tiers` the turn's tier points in the caller's order.

    The total adds the ladders (main first), then each tier part, then the indicator terms, one
    by one: so the first edition's sums (level, then each move's and inject's points) come out to
    the last bit."""
    levels = np.asarray(levels, dtype=float)
    ladders = spec.ladder_weight * levels
    total = sum_in_order(ladders)
    tier_total: np.ndarray | float = 0.0
    for i, part in enumerate(tiers):
        total = total + part
        tier_total = part if i == 0 else tier_total + part
    indicators = spec.term_weight * np.maximum(np.asarray(x)[..., spec.term_indicator] - spec.term_above, 0.0)
    if spec.term_ids:
        total = total + sum_in_order(indicators)
    shape = np.shape(total)
    return IndexParts(ladders, np.broadcast_to(np.asarray(tier_total, dtype=float), shape).copy(), indicators,
                      np.asarray(total, dtype=float))


def sum_in_order(a: np.ndarray) -> np.ndarray:
    """Sum over the last axis, term by term in order (one term is itself, to the last bit)."""
    if a.shape[-1] == 0:
        return np.zeros(a.shape[:-1])
    out = np.array(a[..., 0], dtype=float)
    for k in range(1, a.shape[-1]):
        out = out + a[..., k]
    return out


def _num(v: Any) -> float:
    return float(round(float(v), 6)) + 0.0


@dataclass(frozen=True)
class Danger:
    """The scenario's dangerous indicators and their thresholds (Indicator.danger)."""

    ids: list[str]
    columns: np.ndarray  # (K,)
    above: np.ndarray  # (K,) +inf where the threshold is a floor
    below: np.ndarray  # (K,) -inf where it is a ceiling

    @classmethod
    def of(cls, s: Scenario) -> Danger:
        marked = [(i, ind) for i, ind in enumerate(s.indicators) if ind.danger is not None]
        return cls(
            ids=[ind.id for _, ind in marked],
            columns=np.array([i for i, _ in marked], dtype=np.int64),
            above=np.array([np.inf if d.above is None else d.above for d in (ind.danger for _, ind in marked)
                            if d is not None], dtype=float),
            below=np.array([-np.inf if d.below is None else d.below for d in (ind.danger for _, ind in marked)
                            if d is not None], dtype=float),
        )

    def past(self, x: np.ndarray) -> np.ndarray:
        """(..., K) whether each dangerous indicator is past its threshold in `x` (..., I)."""
        values = np.asarray(x)[..., self.columns]
        return (values > self.above) | (values < self.below)


class IndexTally:
    """The cumulative index of N games, turn after turn of a batch (from each turn's
    `kernel.StepOutcome`), and whether each dangerous indicator went past its threshold.

    Each turn adds, as the first edition added them: the ladders' weighted levels, the points of
    the moves ordered, the points of the injects fired, then the indicator terms. A game that has
    ended stands still: it counts its standing (ladders and indicators) for every turn played after."""

    def __init__(self, c: Compiled, n: int) -> None:
        self.c, self.spec = c, index_spec(c)
        self.danger_spec = c.derived("index.danger", lambda: Danger.of(c.scenario))
        self.total = np.zeros(n)
        self.standing: np.ndarray | None = None  # of the last turn added
        self.danger = np.zeros((n, len(self.danger_spec.ids)), dtype=bool)

    def add(self, orders: np.ndarray, over_before: np.ndarray, outcome: Any) -> IndexParts:
        """One turn: `orders` (N, S, B) played, `over_before` (N,) games already over, `outcome` the
        turn's kernel.StepOutcome."""
        spec = self.spec
        ordered = (orders >= 0) & ~over_before[:, None, None]
        moves = np.where(ordered, spec.move_points[np.maximum(orders, 0)], 0.0).sum(axis=(1, 2))
        injects = (outcome.inject_fired * spec.inject_points[None, :]).sum(axis=1)
        parts = escalation_index(spec, self.c.rung_level[outcome.rung_after], outcome.x_after, [moves, injects])
        self.total += parts.ladder_sum
        self.total += moves
        self.total += injects
        if spec.term_ids:
            self.total += parts.indicator_sum
        self.standing = parts.standing
        if self.danger_spec.ids:
            self.danger |= self.danger_spec.past(outcome.x_after)
        return parts

    def current_standing(self, rungs: np.ndarray, x: np.ndarray | None) -> np.ndarray:
        """(N,) what each game counts for a turn in which nothing is done: the standing of the last
        turn added, or (before any) that of `rungs` (N, L) and `x` (N, I) (indicators when kept)."""
        if self.standing is not None:
            return self.standing
        levels = self.c.rung_level[rungs]
        standing = sum_in_order(self.spec.ladder_weight * levels)
        if self.spec.term_ids and x is not None and x.shape[-1]:
            standing = standing + escalation_index(self.spec, levels, x).indicator_sum
        return standing

    def padded(self, turns_left: int, rungs: np.ndarray, x: np.ndarray | None) -> np.ndarray:
        """The totals with each game standing still for `turns_left` more turns."""
        if turns_left <= 0:
            return self.total
        return self.total + self.current_standing(rungs, x) * turns_left
