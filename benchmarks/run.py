"""Decision-support benchmark: batch throughput, live engine, advisor latency, peak memory.

    python benchmarks/run.py [--json] [--repeats 3] [--scenario ID]

A game-turn is one turn resolved for one game still in play (a game that ends early stops
counting). Figures are medians of several runs. The batch and the live engine are measured in
the same run, on the flagship scenario (the tutorial if the flagship is not shipped, which is
said), and the batch again on a scenario with several ladders (a shipped one if there is one, else
the two-ladder test scenario, which is said). Peak memory is the peak resident set size of a fresh
process playing 100k games. The sweep
figures (benchmarks/bench_sweep.py: 100 variants x 7 policies x 1,000 games, local processes and
a Dask LocalCluster) are one run each. The hardening figures (benchmarks/bench_hardening.py) are
the cost of signing per committed turn and the peak memory of `wargame report` on the largest
scenario the format allows (a few minutes; --no-report-memory skips it).
With --json the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from bench_hardening import measure as hardening_figures  # signing per turn, report peak memory
from bench_sweep import describe as describe_sweep  # beside this file: python puts benchmarks/ on the path
from bench_sweep import sweep_rates

from wargame.engine import Game, compile_scenario
from wargame.engine.compiled import Compiled
from wargame.scenario import load
from wargame.scenario.catalog import DEFAULT_SCENARIO, shipped_files
from wargame.sim.advisor import advise
from wargame.sim.batch import run_batch, turns_played

SIZES = (1_000, 10_000, 100_000)


def pick_scenario(name: str | None) -> tuple[str, str]:
    """(scenario name, note): the flagship unless told otherwise, else the tutorial, saying so."""
    if name:
        return name, ""
    stems = {p.stem.replace("-", "_") for p in shipped_files()}
    if DEFAULT_SCENARIO in stems:
        return DEFAULT_SCENARIO, ""
    return "tutorial", f"flagship {DEFAULT_SCENARIO} not shipped: measured on the tutorial"


def pick_ladders() -> tuple[str, str]:
    """(scenario, note): a shipped scenario with several ladders, else the test scenario with two."""
    for path in shipped_files():
        if len(load(path).all_ladders) > 1:
            return str(path), ""
    fixture = Path(__file__).resolve().parents[1] / "tests" / "scenario" / "fixtures" / "two_ladders.yaml"
    return str(fixture), "no shipped scenario has several ladders: measured on tests/scenario/fixtures/two_ladders.yaml"


def game_turns(c: Compiled, paths: np.ndarray) -> int:
    """Turns resolved for games still in play, from rung paths (T + 1, N, L): a game ends when any
    ladder enters an end state."""
    return int(turns_played(c, paths).sum())


def batch_rate(c: Compiled, n: int, repeats: int) -> float:
    rates = []
    for r in range(repeats):
        t0 = time.perf_counter()
        result = run_batch(c, n, {}, 1 + r)
        rates.append(game_turns(c, result.paths) / (time.perf_counter() - t0))
    return statistics.median(rates)


def live_rate(scenario_name: str, seconds: float) -> float:
    """Whole live games (every side on its default policy, log records included), game-turns/s."""
    scenario = load(scenario_name)
    turns, seed, t0 = 0, 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds or turns == 0:
        game = Game.new(scenario, seed, created="2026-01-01T00:00:00+00:00")
        while not game.over:
            game.resolve()
            turns += 1
        seed += 1
    return turns / (time.perf_counter() - t0)


def advisor_ms(scenario_name: str, repeats: int) -> tuple[float, int]:
    """Median latency of advice for every legal move of the first side, 1,000 rollouts x 6 turns."""
    scenario = load(scenario_name)
    side = scenario.sides[0].id
    game = Game.new(scenario, 7, {side: "human"}, created="2026-01-01T00:00:00+00:00")
    advise(game, side, rollouts=100, horizon=2)  # warm the tables
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        advice = advise(game, side, rollouts=1000, horizon=6)
        times.append(1000 * (time.perf_counter() - t0))
    return statistics.median(times), len(advice.forecasts)


def peak_mb(scenario_name: str, n: int) -> tuple[float, float]:
    """Peak RSS (MB) of a fresh process that plays n games, and of its largest worker process."""
    code = (
        "import resource\n"
        "from wargame.scenario import load\nfrom wargame.engine import compile_scenario\n"
        "from wargame.sim.batch import run_batch\n"
        f"c = compile_scenario(load({scenario_name!r})); run_batch(c, {n}, {{}}, 1)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    parent, child = out.stdout.strip().splitlines()[-1].split()
    return int(parent) / 1024.0, int(child) / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--scenario", help="scenario id or file (default: the flagship)")
    parser.add_argument("--no-sweep", action="store_true", help="skip the sweep figures (two sweeps of 707,000 games: a minute or more each)")
    parser.add_argument("--no-report-memory", action="store_true",
                        help="skip the report's peak memory on the largest scenario (a few minutes)")
    args = parser.parse_args()
    name, note = pick_scenario(args.scenario)
    c = compile_scenario(load(name))
    if note:
        print(note)
    print(f"scenario {name}: {c.n_sides} sides, {c.n_moves} moves, {c.n_indicators} indicators, "
          f"{len(c.rung_ids)} rungs, {c.scenario.turns.count} turns")
    run_batch(c, 2_000, {}, 99)  # warm up (tables, imports)
    rates = {}
    for n in SIZES:
        rates[n] = batch_rate(c, n, args.repeats)
        print(f"batch {n:>7,} games: {rates[n]:>12,.0f} game-turns/s")
    ladders_name, ladders_note = pick_ladders()
    lc = compile_scenario(load(ladders_name))
    if ladders_note:
        print(ladders_note)
    run_batch(lc, 2_000, {}, 99)
    ladder_rates = {n: batch_rate(lc, n, args.repeats) for n in SIZES}
    print(f"several ladders: {lc.scenario.id} ({lc.n_ladders} ladders, {lc.n_sides} sides, {lc.n_moves} moves, "
          f"{lc.n_indicators} indicators, {lc.scenario.turns.count} turns)")
    for n in SIZES:
        print(f"batch {n:>7,} games: {ladder_rates[n]:>12,.0f} game-turns/s")
    live = live_rate(name, 3.0)
    print(f"live engine:        {live:>12,.0f} game-turns/s  (batch at 100k is {rates[SIZES[-1]] / live:,.0f}x)")
    adv, candidates = advisor_ms(name, max(3, args.repeats))
    print(f"advisor: {adv:.0f} ms for {candidates} candidates (legal moves + hold) x 1,000 rollouts x 6 turns")
    peak, worker_peak = peak_mb(name, SIZES[-1])
    print(f"peak memory at {SIZES[-1]:,} games: {peak:.0f} MB (RSS of a fresh process; "
          f"its forked worker peaked at {worker_peak:.0f} MB, much of it shared)")
    hardened = hardening_figures(name, report=not args.no_report_memory)
    sweep = {} if args.no_sweep else sweep_rates(name)
    if sweep:
        print(describe_sweep(sweep))
    if args.json:
        print(json.dumps({
            "scenario": name,
            "note": note,
            "batch_game_turns_per_s": round(rates[SIZES[-1]]),
            "batch_game_turns_per_s_by_size": {str(n): round(r) for n, r in rates.items()},
            "ladders_scenario": lc.scenario.id,
            "ladders_note": ladders_note,
            "ladders_count": lc.n_ladders,
            "ladders_batch_game_turns_per_s": round(ladder_rates[SIZES[-1]]),
            "ladders_batch_game_turns_per_s_by_size": {str(n): round(r) for n, r in ladder_rates.items()},
            "live_game_turns_per_s": round(live, 1),
            "ratio": round(rates[SIZES[-1]] / live, 1),
            "advisor_ms": round(adv, 1),
            "advisor_candidates": candidates,
            "batch_peak_mb": round(peak, 1),
            "batch_worker_peak_mb": round(worker_peak, 1),
            "repeats": args.repeats,
            "sweep_variants_per_s": sweep.get("sweep_variants_per_s"),
            "sweep_dask_variants_per_s": sweep.get("sweep_dask_variants_per_s"),
            "sweep_local_over_dask": sweep.get("sweep_local_over_dask"),
            "sweep": sweep or None,
            "signing_ms_per_turn": hardened["signing_ms_per_turn"],
            "report_peak_mb_largest_scenario": hardened.get("report_peak_mb"),
            "hardening": hardened,
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
