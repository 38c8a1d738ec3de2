"""Logs verify on any machine: no recorded value depends on which SIMD code path numpy takes.

numpy picks vectorised loops by CPU (AVX-512, AVX2, ...) and `NPY_DISABLE_CPU_FEATURES` turns them
off, so a child process with every dispatched feature disabled stands in for an older laptop.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

from tests.engine.test_golden import CASES, GOLDEN
from wargame.engine.powers import exact_power, power_tables

ROOT = Path(__file__).resolve().parents[2]

# Replays each golden game, runs a batch and takes powers; prints digests and the features in use.
CHILD = textwrap.dedent(
    """
    import hashlib, json, sys
    import numpy as np
    from numpy._core import _multiarray_umath as umath
    from tests.engine.test_golden import CASES, GOLDEN
    from tests.engine.conftest import FIXTURES
    from wargame.engine import Game, compile_scenario, verify_lines
    from wargame.engine.kernel import diminishing_returns
    from wargame.engine.powers import exact_power, power_tables
    from wargame.scenario import load
    from wargame.sim.batch import run_batch

    scenario = load(FIXTURES / "golden_scenario.yaml")
    out = {"features": [f for f in umath.__cpu_dispatch__ if umath.__cpu_features__.get(f)], "games": {}}
    for seed, seats in CASES:
        game = Game.new(scenario, seed, seats, created="2026-01-01T00:00:00+00:00")
        while not game.over:
            game.resolve()
        text = "\\n".join(game.lines) + "\\n"
        out["games"][seed] = hashlib.sha256(text.encode()).hexdigest()
        name = f"seed{seed}-{'-'.join(seats.values())}.jsonl"
        golden = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
        out.setdefault("verified", []).append(verify_lines(golden, scenario).ok)
    compiled = compile_scenario(scenario)
    result = run_batch(compiled, 2000, {}, 5)
    out["batch"] = hashlib.sha256(result.rungs.tobytes()).hexdigest()
    fatigue = np.random.default_rng(2).random(100_000) * 4  # as many values as a 10,000-game batch turn
    out["scale"] = hashlib.sha256(diminishing_returns(compiled, fatigue).tobytes()).hexdigest()
    exponents = np.random.default_rng(0).random(100_000) * 6
    out["exact"] = hashlib.sha256(exact_power(power_tables(0.6), exponents).tobytes()).hexdigest()
    out["numpy"] = hashlib.sha256(np.power(0.6, exponents).tobytes()).hexdigest()
    print(json.dumps(out))
    """
)


def _child(disabled: list[str] | None) -> dict:
    env = dict(os.environ)
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    if disabled:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(disabled)
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_golden_logs_replay_byte_for_byte_with_simd_disabled() -> None:
    native = _child(None)
    plain = _child(native["features"])
    assert plain["features"] == []  # the child really ran without the dispatched SIMD paths
    for seed, seats in CASES:
        golden = (GOLDEN / f"seed{seed}-{'-'.join(seats.values())}.jsonl").read_bytes()
        assert plain["games"][str(seed)] == native["games"][str(seed)] == hashlib.sha256(golden).hexdigest()
    assert plain["verified"] == native["verified"] == [True] * len(CASES)
    assert plain["batch"] == native["batch"]
    assert plain["exact"] == native["exact"]
    assert plain["scale"] == native["scale"]  # the kernel's recorded multiplier, unrounded
    if native["features"] and plain["numpy"] == native["numpy"]:
        print("note: numpy.power agrees across paths on this CPU; the exact power is tested anyway")


def test_exact_power_agrees_with_numpy_to_a_few_units_in_the_last_place() -> None:
    exponents = np.concatenate([np.random.default_rng(1).random(50_000) * 8, np.arange(0, 200, 0.125)])
    for base in (0.05, 0.3, 0.6, 0.95, 0.999, 1.0):
        exact = exact_power(power_tables(base), exponents)
        expected = np.power(base, exponents)
        tiny = expected > 1e-280  # far below 1e-280 only subnormal rounding is left to compare
        assert np.all(np.abs(exact - expected)[tiny] <= 1e-13 * expected[tiny]), base
        assert exact[0] == 1.0 or exponents[0] != 0


def test_exact_power_is_exact_on_whole_and_half_exponents() -> None:
    tables = power_tables(0.5)
    assert exact_power(tables, np.array([0.0, 1.0, 2.0, 3.0, 10.0])).tolist() == [1.0, 0.5, 0.25, 0.125, 2.0**-10]
    half = exact_power(power_tables(0.25), np.array([0.5, 1.5]))
    assert half.tolist() == [0.5, 0.125]


# numpy ufuncs whose results may differ in the last bit between SIMD paths or BLAS kernels.
VARYING = re.compile(r"\bnp\.(power|float_power|exp|exp2|expm1|log|log2|log10|log1p|sin|cos|tan|arcsin|arccos|"
                     r"arctan|arctan2|sinh|cosh|tanh|cbrt|hypot|dot|vdot|inner|matmul|einsum|tensordot|linalg)\b"
                     r"|\s@\s")


def test_engine_and_batch_use_no_cpu_dependent_float_functions() -> None:
    """Everything recorded or outcome-deciding uses +, -, *, /, sqrt, rounding and comparisons only:
    operations IEEE 754 rounds correctly, so every machine gets the same bits (powers: engine/powers.py)."""
    offenders = []
    for path in sorted((ROOT / "wargame/engine").rglob("*.py")) + [ROOT / "wargame/sim/batch.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if VARYING.search(code) and not line.lstrip().startswith(('"', "'")):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
