"""How long `wargame validate <scenario>` takes as a whole process, start-up included.

An instructor's edit loop is: save, validate, read the error. The target is at most 0.5 s per
run. Each run is a fresh interpreter (no warm imports), timed from launch to exit. The CPU time
(user + system) of each child is printed too: on a busy machine the wall clock waits for other
processes, the CPU time does not.

Python caches compiled modules in __pycache__ folders, as any normal install does; the runs here
do too, even where PYTHONDONTWRITEBYTECODE is set in the environment (the first, uncounted run
writes the cache). `--no-bytecode-cache` measures the slower case where every module is
compiled from source on every run.

    python benchmarks/bench_validate.py [SCENARIO ...] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.5


def child_environment(bytecode_cache: bool) -> dict[str, str]:
    env = dict(os.environ)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def time_once(scenario: str, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `wargame validate` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "validate", scenario], cwd=REPO, capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"validate failed to run: {result.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=["tutorial", "oct_2025_border_crisis"])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-bytecode-cache", action="store_true", help="compile every module on every run")
    args = parser.parse_args()
    env = child_environment(bytecode_cache=not args.no_bytecode_cache)
    print("bytecode cache:", "off" if args.no_bytecode_cache else "on (as in a normal install)")
    baseline = [time_once_python() for _ in range(5)]
    print(f"python start-up alone: median {statistics.median(baseline):.3f} s")
    worst = 0.0
    for scenario in args.scenarios:
        time_once(scenario, env)  # warm the file cache and .pyc files; not counted
        timed = [time_once(scenario, env) for _ in range(args.runs)]
        runs = [wall for wall, _ in timed]
        cpu = [c for _, c in timed]
        median, high = statistics.median(runs), max(runs)
        worst = max(worst, median)
        print(
            f"wargame validate {scenario}: median {median:.3f} s, min {min(runs):.3f} s, "
            f"max {high:.3f} s over {args.runs} runs (target <= {TARGET_SECONDS} s); "
            f"CPU median {statistics.median(cpu):.3f} s, max {max(cpu):.3f} s"
        )
    load = os.getloadavg()[0]
    print("PASS" if worst <= TARGET_SECONDS else "OVER TARGET", f"(worst median {worst:.3f} s; load average {load:.2f})")
    return 0


def time_once_python() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
