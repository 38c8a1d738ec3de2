"""`wargame simulate`: many games with AI policies, summarised (distributions, shares, intervals)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from wargame.cli.common import add_scenario_argument, load_scenario, parse_assignments, positive_int

HELP = "simulate many games with AI policies and summarise how they end (--json for machines)"
BLOCK = 200_000  # games per run_batch call: bounds memory on very large runs
PROGRESS_FROM = 20_000  # games: show a progress bar from this size on (when stderr is a terminal)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p)
    p.add_argument("--runs", type=positive_int, default=10_000, help="number of games (default 10000)")
    p.add_argument("--policy", action="append", metavar="SIDE=POLICY", help="policy of a side (repeatable)")
    p.add_argument("--turns", type=positive_int, help="stop after this many turns")
    p.add_argument("--seed", type=positive_int, default=1, help="batch entropy: every replicate derives from it")
    p.add_argument("--json", action="store_true", help="print one JSON object (fields: docs/decision-support.md)")


def run(args: argparse.Namespace) -> int:
    from wargame.engine import compile_scenario
    from wargame.engine.policies import policy_names
    from wargame.errors import WargameError
    from wargame.sim.summary import summarize

    scenario = load_scenario(args.scenario)
    seats = parse_assignments(args.policy, "--policy")
    sides = [s.id for s in scenario.sides]
    for side, policy in seats.items():
        if side not in sides:
            raise WargameError(f"unknown side '{side}' (sides: {', '.join(sides)})")
        if policy not in policy_names(scenario):
            raise WargameError(f"unknown policy '{policy}' for {side}: use one of {', '.join(policy_names(scenario))}")
        if policy == "historical" and scenario.history is None:
            raise WargameError(f"scenario '{scenario.id}' has no history for the historical policy")
    if args.runs < 1:
        raise WargameError("--runs must be at least 1")
    if args.turns is not None and args.turns < 1:
        raise WargameError("--turns must be at least 1")
    c = compile_scenario(scenario)
    show = sys.stderr.isatty() and args.runs >= PROGRESS_FROM and not args.json
    if show:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("simulating", total=args.runs)
            seats_used, paths = play_in_blocks(c, args, seats, lambda done: bar.update(task, completed=done))
    else:
        seats_used, paths = play_in_blocks(c, args, seats, None)
    summary = {"scenario": scenario.id, "seed": args.seed, "entropy": args.seed, "seats": seats_used}
    summary |= summarize(c, paths[:, :, 0], paths)
    if args.json:
        print(json.dumps(summary, sort_keys=False))
    else:
        print_summary(summary)
    return 0


def play_in_blocks(c: Any, args: argparse.Namespace, seats: dict[str, str],
                   progress: Callable[[int], None] | None) -> tuple[dict[str, str], Any]:
    """Rung paths of every ladder of all games (T + 1, N, L), played BLOCK games at a time (bounded
    memory; the same games as one batch, since block k starts at row k x BLOCK of the seed's streams)."""
    import numpy as np

    from wargame.sim.batch import run_batch

    parts, seats_used = [], dict(seats)
    for start in range(0, args.runs, BLOCK):
        size = min(BLOCK, args.runs - start)
        report = None if progress is None else (lambda done, start=start: progress(start + done))
        result = run_batch(c, size, seats, args.seed, turns=args.turns, row_offset=start, progress=report,
                           keep_final=False)
        parts.append(result.paths)
        seats_used = result.seats
    longest = max(p.shape[0] for p in parts)
    rungs = np.concatenate([np.vstack([p, np.repeat(p[-1:], longest - p.shape[0], axis=0)]) for p in parts], axis=1)
    return seats_used, rungs


def _pct(share: dict[str, Any]) -> str:
    return f"{100 * share['share']:5.1f}%  (95% CI {100 * share['low']:.1f}-{100 * share['high']:.1f})"


def print_summary(s: dict[str, Any]) -> None:
    """The human-readable summary: a few short tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    seats = ", ".join(f"{side}={policy}" for side, policy in s["seats"].items())
    console.print(f"[bold]{s['scenario']}[/bold]: {s['games']} games, {s['turns']} turns, seed {s['seed']} | {seats}")
    table = Table(title="How games end and how high they go", title_justify="left")
    for col in ("rung", "level", "category", "final", "peak"):
        table.add_column(col, justify="right" if col in ("level", "final", "peak") else "left")
    peaks = {row["rung"]: row for row in s["peak_rung"]}
    for row in s["final_rung"]:
        peak = peaks[row["rung"]]
        if row["count"] == 0 and peak["count"] == 0:
            continue
        table.add_row(row["label"], str(row["level"]), row["category"],
                      f"{100 * row['share']:.1f}%", f"{100 * peak['share']:.1f}%")
    console.print(table)
    levels = " ".join(f"{row['mean']:.2f}" for row in s["level_by_turn"])
    console.print(f"mean escalation level by turn (turn 0 first): {levels}")
    console.print(f"final level {s['final_level']['mean']:.2f} (95% CI {s['final_level']['low']:.2f}-{s['final_level']['high']:.2f}), "
                  f"peak level {s['peak_level']['mean']:.2f}")
    console.print(f"holding ceasefire  {_pct(s['holding_ceasefire'])}")
    console.print(f"agreement reached  {_pct(s['agreement'])}")
    console.print(f"sustained clashes  {_pct(s['sustained_clashes'])}")
    for ladder, figures in s.get("ladders", {}).items():
        ends = ", ".join(f"{row['label']} {100 * row['share']:.1f}%" for row in figures["final_rung"] if row["count"])
        console.print(f"{ladder}: ends on {ends}; final level {figures['final_level']['mean']:.2f}")
