"""`wargame sweep`: which of a scenario's numbers drive its outcome, and do its lessons survive them?"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wargame.cli.common import add_scenario_argument, load_scenario, positive_int

if TYPE_CHECKING:
    from wargame.cli.sweep_store import Store
    from wargame.sim.sweep import Execution, SweepPlan
    from wargame.sim.sweep_task import TaskResult

NOTES_SHOWN = 6  # notes on clipped ranges printed before the run (all are in the summary)
HELP = "sensitivity sweep: which numbers matter and which lessons survive changes to them (local or Dask)"

GRAMMAR = """\
PATH names one number of the scenario, as the file writes it, parts joined by dots:
  a field by its name          turns.count, rules.repeat_penalty
  an item of a list by its id  moves.MOVE_ID..., indicators.INDICATOR_ID..., injects.INJECT_ID...
  an effect by its indicator   moves.MOVE_ID.on_success.INDICATOR (or by position from 0 when the
                               list has several effects on it: moves.MOVE_ID.on_success.2)
  other list items by position moves.MOVE_ID.success.modifiers.0.per_point
short forms: moves.MOVE_ID.effects.INDICATOR = on_success; indicators.ID.drift = decay.rate;
a PATH ending at an effect means its delta, at a chance its base, at a decay its rate.
Examples:
  --vary moves.MOVE_ID.success.base=0.3:0.7    --vary indicators.INDICATOR_ID.decay.rate=0.05:0.2
  --vary injects.INJECT_ID.hazard.base=0.1:0.4 --vary-all 20 (every effect, odds and drift, +-20%)
Values outside what a field allows are clipped to it (probabilities to [0, 1], whole numbers rounded),
and the plan says so. Every variant is validated as a scenario file is before anything runs.

Designs: sobol (Sobol' indices S1 and ST; N x (D + 2) variants for D numbers), lhs (N variants, first-order
indices by RBD-FAST; suits many numbers), grid (N values per number, N^D variants). Default: sobol for up to
12 numbers, else lhs. Every variant and policy plays the same games' dice (common random numbers).

Outputs in --out: table.csv and table.parquet (one row per variant x policy; variant 0 is the
scenario's own numbers), summary.json, sweep.html. Ctrl-C stops cleanly; the same command with the
same --out continues where it stopped. --dask local runs on a Dask LocalCluster, --dask
tcp://HOST:PORT on an existing cluster (its workers need this wargame installed); results are the
same byte for byte.
"""


def _policy_list(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _percent(text: str) -> float:
    try:
        return float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = GRAMMAR
    add_scenario_argument(p, optional=False)
    p.add_argument("--vary", action="append", default=[], metavar="PATH=LOW:HIGH",
                   help="vary one number over a range (repeatable)")
    p.add_argument("--vary-all", type=_percent, metavar="PCT",
                   help="vary every effect, odds and drift number by +-PCT percent of its own value")
    p.add_argument("--design", choices=("grid", "sobol", "lhs"), help="how variants are spread (default: see below)")
    p.add_argument("--samples", type=positive_int, metavar="N",
                   help="sobol: base samples (default 32); lhs: variants (default 64); grid: values per number (default 3)")
    p.add_argument("--policies", type=_policy_list, metavar="P,Q,...",
                   help="policies of the seated side (default: every policy the scenario can play)")
    p.add_argument("--seat", metavar="SIDE", help="the side whose policies are compared (default: the first playable side)")
    p.add_argument("--runs", type=positive_int, default=500, help="games per variant and policy (default 500)")
    p.add_argument("--seed", type=positive_int, default=1, help="entropy of the games and the design (default 1)")
    p.add_argument("--out", metavar="DIR", help="folder for the results (default: sweep-SCENARIO_ID)")
    p.add_argument("--dask", metavar="ADDRESS", help="'local' for a Dask LocalCluster, or tcp://HOST:PORT of a scheduler")
    p.add_argument("--workers", type=positive_int, help="local processes or LocalCluster workers (default: every core)")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")


def run(args: argparse.Namespace) -> int:
    from wargame.cli.sweep_store import Store
    from wargame.errors import WargameError
    from wargame.sim.extras import require
    from wargame.sim.sweep import Execution, SweepOptions, plan_sweep, summarize

    require("pyarrow", "wargame sweep")
    if args.dask:
        require("distributed", "--dask")
    if args.workers == 0:
        raise WargameError("--workers must be at least 1")
    scenario = load_scenario(args.scenario)
    options = SweepOptions(vary=list(args.vary), vary_all=args.vary_all, design=args.design, samples=args.samples,
                           policies=args.policies, seat=args.seat, runs=args.runs, seed=args.seed)
    plan = plan_sweep(scenario, options)
    out = Path(args.out or f"sweep-{scenario.id}")
    store = Store(out, plan.as_dict())
    say = (lambda text: print(text, file=sys.stderr)) if args.json else print
    _describe(plan, out, len(store.results), say)
    t0 = time.perf_counter()
    execution = Execution(dask=args.dask, workers=args.workers)
    try:
        results, where = _run_with_progress(plan, execution, store)
    except KeyboardInterrupt:
        print(f"wargame: stopped: {len(store.results)} of {len(plan.tasks)} tasks done and kept in {out}; "
              f"run the same command again to continue", file=sys.stderr)
        return 130
    finally:
        store.close()
    elapsed = time.perf_counter() - t0
    cols, summary = summarize(plan, results)
    summary |= {"execution": where, "elapsed_s": round(elapsed, 1), "command": _command()}
    _write(out, cols, summary)
    if args.json:
        print(json.dumps(summary))
    else:
        _report(summary, out)
    return 0


def _describe(plan: SweepPlan, out: Path, done: int, say: Callable[[str], None]) -> None:
    d = plan.design
    games = (d.variants + 1) * len(plan.policies) * plan.runs
    say(f"{plan.scenario.title} ({plan.scenario.id}): {len(plan.params)} numbers, {d.name} design of "
        f"{d.variants:,} variants + the scenario's own numbers, x {len(plan.policies)} policies x {plan.runs:,} games "
        f"= {games:,} games; {plan.seat} seated" + (", the other sides on their defaults" if len(plan.scenario.sides) > 1 else ""))
    if d.note:
        say(f"  note: {d.note}")
    notes = [f"  {p.path}: {p.note}" for p in plan.params if p.note]
    notes += [f"  {path}: clipped to its indicator's range in {count} variant(s)" for path, count in plan.clipped.items()]
    for line in notes[:NOTES_SHOWN]:
        say(line)
    if len(notes) > NOTES_SHOWN:
        say(f"  and {len(notes) - NOTES_SHOWN} more notes on ranges (all in summary.json and sweep.html)")
    if plan.zeros:
        say(f"  {plan.zeros} effect, odds or drift numbers are zero and stay zero")
    if done:
        say(f"continuing in {out}: {done} of {len(plan.tasks)} tasks already done")


def _run_with_progress(plan: SweepPlan, execution: Execution, store: Store) -> tuple[dict[str, TaskResult], str]:
    """The tasks left, with a progress bar and an estimate of the time left on a terminal."""
    from wargame.sim.sweep import run_tasks

    if not sys.stderr.isatty():
        return run_tasks(plan, execution, store)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("sweeping"), BarColumn(), MofNCompleteColumn(), TextColumn("tasks"),
               TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("sweep", total=len(plan.tasks), completed=len(store.results))
        return run_tasks(plan, execution, store, lambda done, total: bar.update(task, completed=done))


def _write(out: Path, cols: dict[str, list[Any]], summary: dict[str, Any]) -> None:
    from wargame.report.sweep_files import write_bytes, write_outputs
    from wargame.report.sweep_page import render_sweep_html

    write_outputs(out, cols, summary)
    write_bytes(out / "sweep.html", render_sweep_html(summary).encode("utf-8"))


def _command() -> str:
    return "wargame " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:2] == ["sweep"] else ""


def _report(s: dict[str, Any], out: Path) -> None:
    from wargame.sim.sweep import NOTHING_LEFT

    key = "ST" if s["design"]["name"] == "sobol" else "S1"
    if s["execution"] == NOTHING_LEFT:
        print(f"{NOTHING_LEFT}; the outputs were written again from {out}")
    else:
        print(f"ran on {s['execution']} in {s['elapsed_s']} s; {s['games']:,} games")
    print(f"numbers that matter most ({s['sensitivity']['kind']}, 95% interval):")
    for r in s["sensitivity"]["ranking"][:5]:
        print(f"  {r[key]:6.2f}  ({r[key + '_low']:.2f} to {r[key + '_high']:.2f})  {r['path']}")
    if s["lessons"]:
        print(f"lessons for {s['seat_label']} (A beats B: lower cumulative escalation), share of variants where each holds:")
        for x in s["lessons"]:
            h = x["holds"]
            print(f"  {x['verdict']:<22} {100 * h['share']:5.1f}% (95% CI {100 * h['low']:.0f}-{100 * h['high']:.0f}%)  "
                  f"{x['better']} beats {x['worse']}")
    print(f"wrote {out}/sweep.html, table.csv, table.parquet, summary.json")
