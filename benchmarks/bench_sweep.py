"""Benchmark: sweep throughput, local processes against a Dask LocalCluster on the same machine.

The sweep is the flagship's numbers varied by +-20% (`--vary-all 20`) over a Latin hypercube of
100 variants (the scenario's own numbers make 101), every policy of the first playable side x
1,000 games each: 707,000 games. A figure is variants played per second of wall-clock time, from
the first task to the last result (cluster start and shutdown included for Dask: what a user
waits for); planning and the summary are not timed. Both runs give the same table (checked).
CPU seconds (this process and its workers) are printed too: on a machine shared with other jobs
they say what the sweep cost when its wall-clock time says mostly how busy the machine was.

    python benchmarks/bench_sweep.py [--variants 100] [--runs 1000] [--scenario ID] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from typing import Any


def sweep_rates(scenario_name: str, variants: int = 100, runs: int = 1000, workers: int | None = None) -> dict[str, Any]:
    """Variants per second locally and on a Dask LocalCluster (same worker count), and their ratio."""
    from wargame.scenario import load
    from wargame.sim.sweep import Execution, SweepOptions, plan_sweep, run_tasks, summarize
    from wargame.sim.sweep_exec import local_workers

    workers = workers or local_workers()
    plan = plan_sweep(load(scenario_name), SweepOptions(vary_all=20, design="lhs", samples=variants, runs=runs))
    played = plan.rows.shape[0]
    seconds, cpu, tables = {}, {}, {}
    for name, execution in (("local", Execution(workers=workers)), ("dask", Execution(dask="local", workers=workers))):
        c0, t0 = _cpu(), time.perf_counter()
        results, _ = run_tasks(plan, execution)
        seconds[name], cpu[name] = time.perf_counter() - t0, _cpu() - c0
        tables[name] = summarize(plan, results)[0]
    if tables["local"] != tables["dask"]:
        raise SystemExit("local and Dask tables differ: a bug")
    return {
        "scenario": scenario_name,
        "variants": played,
        "policies": len(plan.policies),
        "numbers": len(plan.params),
        "games": played * len(plan.policies) * runs,
        "tasks": len(plan.tasks),
        "workers": workers,
        "local_s": round(seconds["local"], 2),
        "dask_s": round(seconds["dask"], 2),
        "local_cpu_s": round(cpu["local"], 1),
        "dask_cpu_s": round(cpu["dask"], 1),
        "cpu_s_per_variant": round(cpu["local"] / played, 3),
        "load_average": round(os.getloadavg()[0], 1),
        "sweep_variants_per_s": round(played / seconds["local"], 2),
        "sweep_dask_variants_per_s": round(played / seconds["dask"], 2),
        "sweep_local_over_dask": round(seconds["dask"] / seconds["local"], 2),
    }


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the workers, once shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def describe(r: dict[str, Any]) -> str:
    return (f"sweep of {r['scenario']}: {r['variants']} variants x {r['policies']} policies x "
            f"{r['games'] // (r['variants'] * r['policies']):,} games ({r['games']:,} games, {r['numbers']} numbers, "
            f"{r['tasks']} tasks) on {r['workers']} workers: local {r['local_s']} s = {r['sweep_variants_per_s']} variants/s; "
            f"Dask LocalCluster {r['dask_s']} s = {r['sweep_dask_variants_per_s']} variants/s; "
            f"local is {r['sweep_local_over_dask']}x Dask; CPU {r['local_cpu_s']} s local, {r['dask_cpu_s']} s Dask "
            f"({r['cpu_s_per_variant']} CPU s per variant); load average {r['load_average']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=100)
    parser.add_argument("--runs", type=int, default=1000, help="games per variant and policy")
    parser.add_argument("--scenario", default="oct_2025_border_crisis")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    args = parser.parse_args()
    result = sweep_rates(args.scenario, args.variants, args.runs)
    print(describe(result))
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
