"""One task of a sweep: a pure function of (scenario variant, policy, seed block) -> small arrays.

A task builds its variant from the base scenario's data and the design's values (validated as a
file is), seats the sweep's side on the policy (every other side plays its scenario default, as
at the table) and plays a block of games with the batch simulator: games `start` .. `start +
games` of the sweep's seed, so every variant and every policy meets the same dice (common random
numbers) and a block's games do not depend on where or with what else it ran. Nothing here reads
a clock or a file; the only state kept is a few compiled variants, found by their content, which
saves building a variant again for its next policy and changes no result. Local processes and Dask
workers run this same function.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from wargame.engine.compiled import Compiled, compile_scenario
from wargame.sim.batch import run_batch
from wargame.sim.escalation import CumulativeEscalation
from wargame.sim.summary import outcome_flags
from wargame.sim.sweep_params import Param, build_variant

COUNTS = ("holding_ceasefire", "agreement", "sustained_clashes")


@dataclass(frozen=True)
class Setup:
    """What every task of one sweep shares (sent once to each worker)."""

    data: dict[str, Any]  # the base scenario's validated data
    params: tuple[Param, ...]
    seat: str
    seed: int

    @cached_property
    def token(self) -> str:
        """A digest of the content (the key of compiled variants a worker keeps)."""
        text = json.dumps([self.data, [p.as_dict() | {"keys": p.keys} for p in self.params]], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Task:
    """One block of games of one variant with the seated side on one policy."""

    variant: int
    values: tuple[float, ...]  # one per parameter, as the design gives them
    policy: str
    start: int  # first game of the block (row of the seed's streams)
    games: int

    @property
    def key(self) -> str:
        return f"{self.variant}/{self.policy}/{self.start}"


@dataclass(frozen=True)
class TaskResult:
    """Per game: cumulative escalation; per block: sums of levels and counts of outcomes."""

    key: str
    cumulative: np.ndarray  # (games,) float64
    final_level: float  # sum over the block's games
    peak_level: float
    counts: tuple[int, ...]  # games with each outcome of COUNTS

    def as_record(self) -> dict[str, Any]:
        return {"key": self.key, "cumulative": base64.b64encode(self.cumulative.astype("<f8").tobytes()).decode("ascii"),
                "final_level": self.final_level, "peak_level": self.peak_level, "counts": list(self.counts)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> TaskResult:
        cumulative = np.frombuffer(base64.b64decode(record["cumulative"]), dtype="<f8").astype(float)
        return cls(str(record["key"]), cumulative, float(record["final_level"]), float(record["peak_level"]),
                   tuple(int(k) for k in record["counts"]))


_COMPILED: OrderedDict[tuple[str, tuple[float, ...]], Compiled] = OrderedDict()
KEEP_COMPILED = 8  # variants a worker keeps compiled (a variant's policies often follow each other)


def compiled_variant(setup: Setup, task: Task) -> Compiled:
    """The task's variant, validated and compiled; the last few are kept (by content), so a worker
    that plays several policies of one variant builds it once. Kept or not, the same tables."""
    key = (setup.token, task.values)
    c = _COMPILED.get(key)
    if c is None:
        c = compile_scenario(build_variant(setup.data, setup.params, task.values, f"<variant {task.variant}>"))
        _COMPILED[key] = c
        while len(_COMPILED) > KEEP_COMPILED:
            _COMPILED.popitem(last=False)
    else:
        _COMPILED.move_to_end(key)
    return c


def play_task(setup: Setup, task: Task) -> TaskResult:
    """Play one task's games; the same inputs give the same arrays, wherever this runs."""
    c = compiled_variant(setup, task)
    scenario = c.scenario
    escalation = CumulativeEscalation(c, task.games)
    result = run_batch(c, task.games, {setup.seat: task.policy}, setup.seed, row_offset=task.start,
                       keep_final=False, on_turn=escalation)
    cumulative = escalation.finish(result, scenario.turns.count)
    levels = result.levels
    flags = outcome_flags(c, result.rungs)
    return TaskResult(task.key, cumulative.astype(float), float(levels[-1].sum()), float(levels.max(axis=0).sum()),
                      tuple(int(flags[name].sum()) for name in COUNTS))
