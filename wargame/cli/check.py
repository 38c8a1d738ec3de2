"""`wargame check`: a balance report for instructors from many simulated games per policy."""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING

from wargame.cli.common import add_scenario_argument, load_scenario, positive_int

if TYPE_CHECKING:
    from wargame.scenario.models import Scenario
    from wargame.sim.sweep_check import QuickSweep

HELP = "balance report from simulated games: unreachable rungs, useless moves, dominant play, fragile lessons (exit 1 on defects)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p, optional=False)
    p.add_argument("--runs", type=positive_int, default=500, help="games per policy and per test (default 500)")
    p.add_argument("--seed", type=positive_int, default=1, help="batch entropy (default 1)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--no-sweep", action="store_true",
                   help="skip the quick sweep (lessons under +-20%% on the scenario's numbers)")
    p.add_argument("--sweep-variants", type=positive_int, default=16, metavar="N",
                   help="variants of the quick sweep (default 16)")
    p.add_argument("--sweep-runs", type=positive_int, default=200, metavar="N",
                   help="games per variant and policy in the quick sweep (default 200)")


def run(args: argparse.Namespace) -> int:
    from wargame.engine import compile_scenario
    from wargame.errors import WargameError
    from wargame.sim.balance import check

    if args.runs < 10:
        raise WargameError("--runs must be at least 10")
    scenario = load_scenario(args.scenario)
    report = check(compile_scenario(scenario), runs=args.runs, seed=args.seed)
    sweep = None if args.no_sweep else _quick_sweep(scenario, args)
    if sweep is not None:
        report.findings += sweep.findings
    if args.json:
        print(json.dumps(report.as_dict() | {"sweep": None if sweep is None else sweep.as_dict()}))
    else:
        defects, warnings = report.defects, [f for f in report.findings if f.severity == "warning"]
        print(f"{scenario.title} ({scenario.id}): {args.runs} games per test, seed {args.seed}")
        for p, figures in report.policies.items():
            print(f"  {p:<11} " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        if sweep is not None:
            print(sweep.line() + ("" if sweep.skipped else " (--no-sweep skips it)"))
        for title, items in (("Defects (fix these)", defects), ("Warnings (worth a look)", warnings)):
            print(f"{title}: {len(items)}")
            for f in items:
                print(f"  - [{f.kind}] {f.message}")
        print("verdict: " + ("defects found" if defects else "no defects"))
    return 1 if report.defects else 0


def _quick_sweep(scenario: Scenario, args: argparse.Namespace) -> QuickSweep:
    """The quick sweep, or a note saying why it did not run (a missing extra, nothing to vary)."""
    from wargame.errors import WargameError
    from wargame.sim.sweep_check import PERCENT, QuickSweep, quick_sweep
    from wargame.sim.sweep_design import LHS_LEAST

    if args.sweep_variants < LHS_LEAST:
        raise WargameError(f"--sweep-variants must be at least {LHS_LEAST}")
    if args.sweep_runs < 2:
        raise WargameError("--sweep-runs must be at least 2")
    try:
        t0 = time.perf_counter()
        sweep = quick_sweep(scenario, variants=args.sweep_variants, runs=args.sweep_runs, seed=args.seed)
        sweep.seconds = time.perf_counter() - t0
        return sweep
    except WargameError as exc:
        return QuickSweep(PERCENT, args.sweep_variants, args.sweep_runs, skipped=str(exc))
