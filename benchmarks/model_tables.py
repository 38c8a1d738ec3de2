"""Print the policy-comparison tables of docs/model.md, and the chance that history repeats.

Usage:
    python benchmarks/model_tables.py SCENARIO [--runs 10000] [--seed 20251007] [--markdown]

For every policy it plays `--runs` games with that policy in every seat and prints the mean and
peak escalation level, and the shares of games that end on a holding truce (a rung of category
ceasefire, talks or agreement), that end quiet (a truce or calm), that reach an agreement at any point, and that end in sustained
clashes. It then prints the same figures with the mediating side (if any) on `hold`, and the
probability that the `historical` policy reproduces the scenario's recorded rung path exactly.
The numbers are deterministic for a given seed.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from wargame.engine import compile_scenario
from wargame.engine.compiled import Compiled
from wargame.scenario import load
from wargame.scenario.catalog import resolve
from wargame.scenario.models import POLICY_NAMES
from wargame.sim.batch import BatchResult, run_batch

TRUCE_CATEGORIES = ("ceasefire", "talks", "agreement")


@dataclass
class Row:
    """One line of a policy table."""

    label: str
    mean_level: float
    peak_level: float
    truce_holds: float
    quiet: float
    agreement: float
    clashes: float


def categories(c: Compiled) -> np.ndarray:
    """Category name of every rung, indexed like the compiled rung table."""
    return np.array([c.scenario.rung(r).category.value for r in c.rung_ids])


def summarise(c: Compiled, label: str, result: BatchResult) -> Row:
    """The five figures of a table row from a batch's rung paths (turn 0 excluded)."""
    cat = categories(c)[result.rungs]
    played = result.levels[1:]
    final = cat[-1]
    return Row(
        label=label,
        mean_level=float(played.mean()),
        peak_level=float(played.max(axis=0).mean()),
        truce_holds=float(np.isin(final, TRUCE_CATEGORIES).mean()),
        quiet=float(np.isin(final, (*TRUCE_CATEGORIES, "calm")).mean()),
        agreement=float((cat[1:] == "agreement").any(axis=0).mean()),
        clashes=float((final == "clashes").mean()),
    )


def history_match(c: Compiled, runs: int, seed: int) -> float | None:
    """Share of games under the historical policy whose rung path equals the recorded one."""
    s = c.scenario
    if s.history is None or not s.history.path:
        return None
    seats = {side.id: "historical" for side in s.sides}
    result = run_batch(c, runs, seats, seed)
    want = np.array([c.rung_ids.index(r) for r in s.history.path])
    got = result.rungs[1 : 1 + len(want)]
    if got.shape[0] < len(want):
        return 0.0
    return float((got == want[:, None]).all(axis=0).mean())


def table(c: Compiled, runs: int, seed: int, mediator: str | None) -> list[Row]:
    """One row per policy with every seat on it; then, with a mediator, rows with it on hold."""
    rows = []
    sides = [side.id for side in c.scenario.sides]
    for policy in POLICY_NAMES:
        if policy == "historical" and c.scenario.history is None:
            continue
        rows.append(summarise(c, policy, run_batch(c, runs, dict.fromkeys(sides, policy), seed)))
    if mediator is not None:
        for policy in ("formal", "integrated", "random"):
            seats = dict.fromkeys(sides, policy)
            seats[mediator] = "hold"
            rows.append(summarise(c, f"{policy}, no mediator", run_batch(c, runs, seats, seed)))
    return rows


def mediator_side(c: Compiled) -> str | None:
    """The side named `mediators`, if the scenario has one."""
    return "mediators" if "mediators" in c.side_ids else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20251007)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    c = compile_scenario(load(resolve(args.scenario)))
    rows = table(c, args.runs, args.seed, mediator_side(c))
    if args.markdown:
        print("| policy (every seat) | mean level | peak level | truce holds at end | quiet at end | agreement reached | ends in clashes |")
        print("|---|---|---|---|---|---|---|")
        for r in rows:
            print(
                f"| {r.label} | {r.mean_level:.2f} | {r.peak_level:.2f} | {r.truce_holds:.1%} | {r.quiet:.1%} "
                f"| {r.agreement:.1%} | {r.clashes:.1%} |"
            )
    else:
        print(f"{'policy':<26}{'mean':>7}{'peak':>7}{'truce':>8}{'quiet':>8}{'agree':>8}{'clash':>8}")
        for r in rows:
            print(
                f"{r.label:<26}{r.mean_level:7.2f}{r.peak_level:7.2f}{r.truce_holds:8.1%}{r.quiet:8.1%}"
                f"{r.agreement:8.1%}{r.clashes:8.1%}"
            )
    match = history_match(c, args.runs, args.seed)
    if match is not None:
        print(f"\nP(historical policy reproduces the recorded rung path) = {match:.2%} ({args.runs} games)")


if __name__ == "__main__":
    main()
