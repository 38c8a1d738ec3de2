"""Sensitivity sweeps: does a lesson the game teaches survive reasonable changes of its numbers?

`plan_sweep` turns options into a plan (numbers and ranges, the design's variants, each
validated as a scenario file is, the tasks); `run_tasks` plays the tasks not yet done (locally or
on Dask, handing each result to a store as it finishes: wargame.cli.sweep_store keeps them in the
--out folder); `summarize` turns the results
into the tidy table and the summary (which numbers matter, which lessons hold). See the modules
sweep_params (PATH grammar), sweep_design (designs, indices), sweep_task (the pure task),
sweep_exec (executors) and sweep_results (table, lessons); files are written by
wargame.cli.sweep_store (resuming) and wargame.report.sweep_files (the tables).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from wargame.engine.compiled import compile_scenario
from wargame.engine.policies import policy_names
from wargame.errors import WargameError
from wargame.scenario.models import Scenario
from wargame.sim.balance import usable_policies
from wargame.sim.sweep_design import Design, default_design, make_design, sensitivity
from wargame.sim.sweep_exec import run_dask, run_local
from wargame.sim.sweep_params import Param, check_variant, make_param, parse_range, scenario_data, vary_all
from wargame.sim.sweep_results import ROBUST, applied_values, cells, lessons, ranked, table
from wargame.sim.sweep_task import Setup, Task, TaskResult

FORMAT = 1
BLOCK = 1000  # games per task: a seed block
TOP = 20  # numbers shown in the summary's ranking (all are in `indices`)
NOTHING_LEFT = "nothing left to run: every task was done in an earlier run"
QUANTILES = {"p05": 0.05, "p25": 0.25, "median": 0.5, "p75": 0.75, "p95": 0.95}


@dataclass
class SweepOptions:
    """What `wargame sweep` was asked for."""

    vary: list[str] = field(default_factory=list)  # PATH=LOW:HIGH
    vary_all: float | None = None  # percent
    design: str | None = None
    samples: int | None = None
    policies: list[str] | None = None
    seat: str | None = None
    runs: int = 500
    seed: int = 1
    block: int = BLOCK


@dataclass
class SweepPlan:
    """Everything that decides a sweep's results."""

    scenario: Scenario
    data: dict[str, Any]
    params: list[Param]
    zeros: int  # numbers --vary-all left alone because they are zero
    design: Design
    rows: np.ndarray  # (V + 1, D): row 0 the scenario's own numbers, then the design's rows
    clipped: dict[str, int]  # parameter -> variants where a value was clipped by a related field
    seat: str
    policies: list[str]
    runs: int
    seed: int
    block: int

    @property
    def setup(self) -> Setup:
        return Setup(self.data, tuple(self.params), self.seat, self.seed)

    @property
    def tasks(self) -> list[Task]:
        out = []
        for v, row in enumerate(self.rows):
            values = tuple(float(x) for x in row)
            for policy in self.policies:
                for start in range(0, self.runs, self.block):
                    out.append(Task(v, values, policy, start, min(self.block, self.runs - start)))
        return out

    def as_dict(self) -> dict[str, Any]:
        """The plan as the --out folder keeps it (what must match for a rerun to continue)."""
        return {
            "format": FORMAT,
            "scenario": self.scenario.id,
            "scenario_sha256": _digest(json.dumps(self.data, sort_keys=True).encode()),
            "seat": self.seat,
            "policies": self.policies,
            "runs": self.runs,
            "seed": self.seed,
            "block": self.block,
            "design": {"name": self.design.name, "samples": self.design.samples, "variants": self.design.variants},
            "params": [p.as_dict() for p in self.params],
            "rows_sha256": _digest(np.ascontiguousarray(self.rows, dtype="<f8").tobytes()),
        }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan_sweep(scenario: Scenario, options: SweepOptions) -> SweepPlan:
    """Resolve the numbers, make the design and validate every variant; one-line errors."""
    data = scenario_data(scenario)
    params: list[Param] = []
    zeros = 0
    if options.vary_all is not None:
        params, zeros = vary_all(data, options.vary_all)
    for text in options.vary:
        path, low, high = parse_range(text)
        param = make_param(data, path, low, high)
        params = [p for p in params if p.path != param.path] + [param]  # an explicit range wins
    if not params:
        raise WargameError("nothing to vary: give --vary PATH=LOW:HIGH or --vary-all PCT (a scenario with no "
                           "non-zero effect, odds or drift number has nothing for --vary-all)")
    seat = _seat(scenario, options.seat)
    policies = _policies(scenario, seat, options.policies)
    if options.runs < 2:
        raise WargameError("--runs must be at least 2 (games per variant and policy)")
    if options.block < 1:
        raise WargameError("the block of games per task must be at least 1")
    design = make_design(options.design or default_design(len(params)), params, options.samples, options.seed)
    base = np.array([[p.base for p in params]])
    rows = np.vstack([base, design.rows])
    clipped: dict[str, int] = {}
    for v, row in enumerate(rows):
        label = "the scenario's own numbers" if v == 0 else f"variant {v}"
        for i in check_variant(data, params, row, label):
            clipped[params[i].path] = clipped.get(params[i].path, 0) + 1
    return SweepPlan(scenario, data, params, zeros, design, rows, clipped, seat, policies, options.runs,
                     options.seed, options.block)


def _seat(scenario: Scenario, seat: str | None) -> str:
    sides = [s.id for s in scenario.sides]
    if seat is None:
        playable = [s.id for s in scenario.sides if s.playable]
        return (playable or sides)[0]
    if seat not in sides:
        raise WargameError(f"unknown side {seat!r} for --seat (sides: {', '.join(sides)})")
    return seat


def seat_policies(scenario: Scenario, seat: str) -> list[str]:
    """The policies a sweep may give a seat: those the check plays (built-in ones and personas), less
    the personas the scenario wrote for another side."""
    other = {p.id for p in scenario.personas if p.side is not None and p.side != seat}
    return [p for p in usable_policies(compile_scenario(scenario)) if p not in other]


def _policies(scenario: Scenario, seat: str, asked: Sequence[str] | None) -> list[str]:
    usable = seat_policies(scenario, seat)
    if not asked:
        return usable
    known = policy_names(scenario)
    out: list[str] = []
    for p in asked:
        if p not in known:
            raise WargameError(f"unknown policy {p!r} in --policies: use some of {', '.join(known)}")
        if p not in usable:
            why = ("is written for another side" if p in {x.id for x in scenario.personas}
                   else "forecasts by rollouts, too slow to sweep" if p == "advisor"
                   else f"needs a history, and scenario {scenario.id!r} has none")
            raise WargameError(f"policy {p!r} {why} (seat {seat})")
        if p in out:
            raise WargameError(f"policy {p!r} is listed twice in --policies")
        out.append(p)
    return out


# --- running -----------------------------------------------------------------------------------


Progress = Callable[[int, int], None]  # (tasks done, tasks in all)


class ResultStore(Protocol):
    """Where finished tasks are kept (the --out folder's store, for one)."""

    results: dict[str, TaskResult]

    def add(self, result: TaskResult) -> None: ...


@dataclass
class Execution:
    """Where tasks run: local processes (dask None) or a Dask address ('local' or tcp://...)."""

    dask: str | None = None
    workers: int | None = None


def run_tasks(plan: SweepPlan, execution: Execution, store: ResultStore | None = None,
              progress: Progress | None = None) -> tuple[dict[str, TaskResult], str]:
    """Play every task not already in the store; returns all results and where the new ones ran.
    A KeyboardInterrupt leaves every finished result in the store."""
    tasks = plan.tasks
    results: dict[str, TaskResult] = dict(store.results) if store is not None else {}
    todo = [t for t in tasks if t.key not in results]
    done = len(tasks) - len(todo)
    if progress is not None:
        progress(done, len(tasks))

    def keep(result: TaskResult) -> None:
        nonlocal done
        results[result.key] = result
        if store is not None:
            store.add(result)
        done += 1
        if progress is not None:
            progress(done, len(tasks))

    if not todo:
        return results, NOTHING_LEFT
    if execution.dask is None:
        where = run_local(plan.setup, todo, keep, execution.workers)
    else:
        where = run_dask(plan.setup, todo, keep, execution.dask, execution.workers)
    return results, where


# --- summary -----------------------------------------------------------------------------------


def summarize(plan: SweepPlan, results: dict[str, TaskResult]) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """The tidy table (named columns) and the summary of a finished sweep."""
    grid = cells(plan.tasks, results)
    values = applied_values(plan.data, plan.params, plan.rows)
    cols = table(plan.seat, plan.policies, plan.params, values, grid)
    v_count = plan.rows.shape[0]
    means = np.array([[grid[(v, p)].mean for p in plan.policies] for v in range(v_count)])  # (V + 1, P)
    headline = means.mean(axis=1)
    design_rows = slice(1, v_count)
    indices = sensitivity(plan.design, plan.params, headline[design_rows], plan.seed)
    by_policy = {p: [i.as_dict() for i in ranked(sensitivity(plan.design, plan.params, means[design_rows, k], plan.seed))[:TOP]]
                 for k, p in enumerate(plan.policies)}
    found = lessons(plan.policies, plan.params, plan.design, values, grid, plan.seed) if len(plan.policies) > 1 else []
    scenario = plan.scenario
    return cols, {
        "format": FORMAT,
        "scenario": scenario.id,
        "title": scenario.title,
        "seat": plan.seat,
        "seat_label": scenario.side(plan.seat).label,
        "others": {s.id: s.default_policy for s in scenario.sides if s.id != plan.seat},
        "policies": plan.policies,
        "runs": plan.runs,
        "seed": plan.seed,
        "design": {"name": plan.design.name, "samples": plan.design.samples, "variants": plan.design.variants,
                   "index": plan.design.index_kind, "note": plan.design.note},
        "games": int(sum(c.games for c in grid.values())),
        "params_count": len(plan.params),
        "params": [p.as_dict() for p in plan.params],
        "zeros_left_alone": plan.zeros,
        "clipped": plan.clipped,
        "outcome": _outcomes(plan, grid, means),
        "noise": _noise(plan, grid, headline),
        "sensitivity": {"output": "mean cumulative escalation, averaged over the seat's policies",
                        "kind": plan.design.index_kind,
                        "ranking": [i.as_dict() for i in ranked(indices)[:TOP]],
                        "distinguishable": sum(1 for i in indices if i.interval[0] > 0),
                        "indices": [i.as_dict() for i in indices],
                        "by_policy": by_policy},
        "robust_share": ROBUST,
        "lessons": [lesson.as_dict() for lesson in found],
        "execution": None,
        "elapsed_s": None,
        "command": None,
    }


def _outcomes(plan: SweepPlan, grid: dict[tuple[int, str], Any], means: np.ndarray) -> dict[str, Any]:
    out = {}
    for k, p in enumerate(plan.policies):
        across = means[1:, k]
        own = grid[(0, p)]
        spread = {name: round(float(np.quantile(across, q)), 6) for name, q in QUANTILES.items()}
        out[p] = {"own_numbers": round(own.mean, 6),
                  "across": {"mean": round(float(across.mean()), 6), **spread,
                             "min": round(float(across.min()), 6), "max": round(float(across.max()), 6)}}
    return out


def _noise(plan: SweepPlan, grid: dict[tuple[int, str], Any], headline: np.ndarray) -> dict[str, float]:
    """How much of the spread between variants is the dice: the typical 95% half-width of a
    variant's mean against the spread of the headline between variants."""
    halves = [1.959963984540054 * float(c.cumulative.std(ddof=1)) / np.sqrt(c.games) for c in grid.values()]
    return {"dice_half_width": round(float(np.median(halves)), 6),
            "between_variants_sd": round(float(headline[1:].std(ddof=1)) if headline.size > 2 else 0.0, 6)}

