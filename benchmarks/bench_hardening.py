"""Benchmark: what the hardening costs. Signing per committed turn (target under 1 ms) and the peak
memory of `wargame report` on the largest scenario the format allows (target under 2 GB).

    python benchmarks/bench_hardening.py [--json] [--skip-report]

Signing: the median time of one Ed25519 signature of a record's hash, times the records a turn
commits in the flagship game (its turn record, and the end record once): the figure. The same cost
measured end to end (whole flagship games with and without a key, interleaved; the difference per
turn) is printed too, but it is the difference of two timings of about 8 ms a turn and so only shows
that signing is lost in their noise. Checking a signature (what verify does per record) is timed too.

Report memory: the largest scenario the format allows (benchmarks/largest_scenario.py: 1 MB of
YAML, 200 turns, 1,000 rungs, about 4,600 moves) is played to its end by `wargame run`, then
`wargame report` runs on its log in a fresh process; its peak resident set size is the figure.
This takes minutes. With --json the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wargame.engine import Game
from wargame.scenario import load
from wargame.signing import TableKey, load_table_key

HERE = Path(__file__).resolve().parent


def _median_us(action, repeats: int = 2000) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


def signing_cost(scenario_name: str, key: TableKey, games: int = 20) -> dict[str, float]:
    """Microseconds to sign and to check one record, and milliseconds of signing per turn."""
    record_hash = "ab" * 32
    signature = key.sign(record_hash)
    sign_us = _median_us(lambda: key.sign(record_hash))
    check_us = _median_us(lambda: key.key.verifies(record_hash, signature))
    scenario = load(scenario_name)

    def play(signer: TableKey | None) -> tuple[float, int, int]:
        t0, turns, records = time.perf_counter(), 0, 0
        for seed in range(games):
            game = Game.new(scenario, seed, created="2026-01-01T00:00:00+00:00", signer=signer)
            while not game.over:
                game.resolve()
            turns += game.turn
            records += len(game.records) - 1  # the header is committed once, before any turn
        return time.perf_counter() - t0, turns, records

    play(key)  # warm up
    plain, signed = [], []
    for _ in range(7):  # interleaved, so a busy moment of the machine falls on both alike
        plain.append(play(None))
        signed.append(play(key))
    turns, records = plain[0][1], plain[0][2]
    difference = statistics.median(t for t, _, _ in signed) - statistics.median(t for t, _, _ in plain)
    return {
        "sign_us_per_record": round(sign_us, 1),
        "check_us_per_record": round(check_us, 1),
        "records_per_turn": round(records / turns, 2),
        "signing_ms_per_turn": round(sign_us * records / turns / 1000, 3),
        "signing_ms_per_turn_end_to_end": round(1000 * difference / turns, 3),
    }


def report_peak(folder: Path) -> dict[str, float | int]:
    """Peak RSS (MB) and wall time of `wargame report` on a full game of the largest scenario."""
    sys.path.insert(0, str(HERE))
    from largest_scenario import largest_scenario_text

    scenario = folder / "largest.yaml"
    scenario.write_text(largest_scenario_text(), encoding="utf-8")
    log = folder / "largest.jsonl"
    env = dict(os.environ)
    subprocess.run([sys.executable, "-m", "wargame", "run", str(scenario), "--log", str(log), "--quiet"],
                   check=True, env=env, capture_output=True)
    code = (
        "import resource, sys, time\n"
        "from wargame.cli.main import main\n"
        "t0 = time.perf_counter()\n"
        f"code = main(['report', {str(log)!r}, '-o', {str(folder / 'largest.html')!r}])\n"
        "print(code, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True)
    code_, seconds, peak_kb = out.stdout.strip().splitlines()[-1].split()
    moves = sum(1 for line in scenario.read_text().splitlines() if line.startswith("- {id: a") or line.startswith("- {id: b"))
    return {"report_exit_code": int(code_), "report_seconds": round(float(seconds), 1),
            "report_peak_mb": round(int(peak_kb) / 1024, 1), "largest_scenario_moves": moves,
            "largest_scenario_bytes": scenario.stat().st_size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    parser.add_argument("--skip-report", action="store_true", help="skip the report memory figure (minutes)")
    parser.add_argument("--scenario", default="oct_2025_border_crisis", help="scenario for the signing figures")
    args = parser.parse_args()
    figures = measure(args.scenario, not args.skip_report)
    if args.json:
        print(json.dumps(figures))
    return 0


def measure(scenario_name: str, report: bool) -> dict[str, float | int | str]:
    """Both figures, printed as they come; also called by benchmarks/run.py."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("WARGAME_CONFIG_DIR", str(Path(tmp) / "config"))  # never the user's own key
        figures: dict[str, float | int | str] = dict(signing_cost(scenario_name, load_table_key()))
        print(f"signing: {figures['sign_us_per_record']} us a record (checking {figures['check_us_per_record']} us), "
              f"{figures['records_per_turn']} records a turn: {figures['signing_ms_per_turn']} ms a turn "
              f"({figures['signing_ms_per_turn_end_to_end']} ms measured end to end; target under 1 ms)")
        if report:
            figures.update(report_peak(Path(tmp)))
            print(f"report on the largest scenario ({figures['largest_scenario_moves']:,} moves, 200 turns, "
                  f"{figures['largest_scenario_bytes']:,} bytes): peak {figures['report_peak_mb']} MB, "
                  f"{figures['report_seconds']} s (target under 2 GB)")
    return figures


if __name__ == "__main__":
    sys.exit(main())
