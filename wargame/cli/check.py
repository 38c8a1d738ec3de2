"""`wargame check`: a balance report for instructors from many simulated games per policy."""

from __future__ import annotations

import argparse
import json

from wargame.cli.common import add_scenario_argument, load_scenario, positive_int

HELP = "balance report from simulated games: unreachable rungs, useless moves, dominant play (exit 1 on defects)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p, optional=False)
    p.add_argument("--runs", type=positive_int, default=500, help="games per policy and per test (default 500)")
    p.add_argument("--seed", type=positive_int, default=1, help="batch entropy (default 1)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")


def run(args: argparse.Namespace) -> int:
    from wargame.engine import compile_scenario
    from wargame.errors import WargameError
    from wargame.sim.balance import check

    if args.runs < 10:
        raise WargameError("--runs must be at least 10")
    scenario = load_scenario(args.scenario)
    report = check(compile_scenario(scenario), runs=args.runs, seed=args.seed)
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        defects, warnings = report.defects, [f for f in report.findings if f.severity == "warning"]
        print(f"{scenario.title} ({scenario.id}): {args.runs} games per test, seed {args.seed}")
        for p, figures in report.policies.items():
            print(f"  {p:<11} " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        for title, items in (("Defects (fix these)", defects), ("Warnings (worth a look)", warnings)):
            print(f"{title}: {len(items)}")
            for f in items:
                print(f"  - [{f.kind}] {f.message}")
        print("verdict: " + ("defects found" if defects else "no defects"))
    return 1 if report.defects else 0
