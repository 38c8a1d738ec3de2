"""The quick sweep of `wargame check`: do the scenario's lessons survive +-20% on its own numbers?

For every playable side: a small Latin-hypercube sweep over every effect, odds and drift number
within PERCENT of its own value, each of the side's policies (but `random`: chance is a baseline,
not a way a team plays) seated in turn against the other sides' defaults. A lesson the scenario's own numbers teach clearly ("A ends with lower cumulative
escalation than B", its paired 95% interval below zero) that holds in fewer than ROBUST of the
variants is reported as a fragile lesson (a warning: the lesson hangs on guesses an author
cannot defend to that precision).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wargame.scenario.models import Scenario
from wargame.sim.balance import Finding
from wargame.sim.sweep import Execution, SweepOptions, plan_sweep, run_tasks, seat_policies
from wargame.sim.sweep_results import ROBUST, Lesson, applied_values, cells, lessons

PERCENT = 20.0
VARIANTS = 16
RUNS = 200


@dataclass
class QuickSweep:
    """What the quick sweep did and found."""

    percent: float
    variants: int
    runs: int
    seats: list[str] = field(default_factory=list)
    numbers: int = 0
    policies: list[int] = field(default_factory=list)  # policies swept at each seat (personas are a side's own)
    games: int = 0
    seconds: float = 0.0  # wall-clock time, measured by the caller (this layer reads no clock)
    findings: list[Finding] = field(default_factory=list)
    skipped: str = ""  # why it did not run, if it did not

    def as_dict(self) -> dict[str, Any]:
        return {"percent": self.percent, "variants": self.variants, "runs": self.runs, "seats": self.seats,
                "numbers": self.numbers, "policies": max(self.policies, default=0), "games": self.games,
                "seconds": round(self.seconds, 1), "fragile_lessons": len(self.findings), "skipped": self.skipped}

    def line(self) -> str:
        if self.skipped:
            return f"Quick sweep skipped: {self.skipped}"
        low, high = min(self.policies, default=0), max(self.policies, default=0)
        policies = f"{low}" if low == high else f"{low}-{high}"
        return (f"Quick sweep: +-{self.percent:g}% on {self.numbers} effect, odds and drift numbers; "
                f"{len(self.seats)} seat(s) x {self.variants + 1} variants x {policies} policies x {self.runs} games "
                f"= {self.games:,} games in {self.seconds:.1f} s: {len(self.findings)} fragile lesson(s)")


def quick_sweep(scenario: Scenario, *, variants: int = VARIANTS, runs: int = RUNS, seed: int = 1,
                percent: float = PERCENT, workers: int | None = None) -> QuickSweep:
    """Run the quick sweep for every playable side (the first side if none is playable)."""
    out = QuickSweep(percent, variants, runs)
    seats = [s.id for s in scenario.sides if s.playable] or [scenario.sides[0].id]
    for seat in seats:
        policies = [p for p in seat_policies(scenario, seat) if p != "random"]
        options = SweepOptions(vary_all=percent, design="lhs", samples=variants, runs=runs, seed=seed, seat=seat,
                               policies=policies)
        plan = plan_sweep(scenario, options)
        if len(plan.policies) < 2:
            continue
        results, _ = run_tasks(plan, Execution(workers=workers))
        grid = cells(plan.tasks, results)
        values = applied_values(plan.data, plan.params, plan.rows)
        found = lessons(plan.policies, plan.params, plan.design, values, grid, seed, drivers=False)
        out.seats.append(seat)
        out.numbers = len(plan.params)
        out.policies.append(len(plan.policies))
        out.games += sum(c.games for c in grid.values())
        out.findings += _findings(scenario, plan.seat, [x for x in found if x.verdict == "fragile"], percent)
    return out


def _findings(scenario: Scenario, seat: str, fragile: list[Lesson], percent: float) -> list[Finding]:
    """One warning per fragile lesson; lessons against policies that played exactly alike (the
    same margin, the same variants) share one warning."""
    groups: dict[tuple[str, float, int], list[Lesson]] = {}
    for x in fragile:
        groups.setdefault((x.better, round(x.baseline, 9), x.holds), []).append(x)
    return [_finding(scenario, seat, group, percent) for group in groups.values()]


def _finding(scenario: Scenario, seat: str, group: list[Lesson], percent: float) -> Finding:
    x = group[0]
    side = scenario.side(seat).label
    worse = ", ".join(f"'{y.worse}'" for y in group)
    low, high = x.share.interval
    message = (f"{side}: '{x.better}' ends with lower cumulative escalation than {worse} at the scenario's "
               f"numbers (by {-x.baseline:.2f}), but only in {x.holds} of {x.variants} variants within "
               f"+-{percent:g}% of its numbers ({100 * x.share.value:.0f}%, 95% CI {100 * low:.0f}-{100 * high:.0f}%; "
               f"robust needs {100 * ROBUST:.0f}%)")
    if x.flip and x.flip["changes"]:
        changes = ", ".join(f"{c['path']} {c['from']:g} -> {c['to']:g}" for c in x.flip["changes"][:2])
        message += f"; it flips with {changes}"
    elif x.flip:
        message += "; no single number stands out as the cause with this many varied at once (wargame sweep tells more)"
    return Finding("fragile_lesson", "warning", message)
