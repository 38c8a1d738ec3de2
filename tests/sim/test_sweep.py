"""Sweeps: the same tidy table wherever tasks run (local processes, a Dask cluster, a cluster that
loses a worker, a sweep interrupted and continued), and what the summary says about a toy whose
answer is known."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from wargame.cli.sweep_store import TASKS, Store
from wargame.engine import compile_scenario
from wargame.errors import WargameError
from wargame.report.sweep_files import TABLE_CSV, TABLE_PARQUET, write_outputs
from wargame.scenario import load
from wargame.sim.batch import run_batch
from wargame.sim.escalation import CumulativeEscalation
from wargame.sim.sweep import Execution, SweepOptions, SweepPlan, plan_sweep, run_tasks, summarize

TOY = Path(__file__).parent / "fixtures" / "sweep_toy.yaml"
TUTORIAL_SWEEP = SweepOptions(
    vary=["injects.militant_attack_hazard.hazard.base=0.1:0.5", "moves.propose_truce.success.base=0.3:0.8"],
    design="sobol", samples=2, policies=["integrated", "coercive"], runs=40, block=20,
)


def sweep_to(folder: Path, plan: SweepPlan, execution: Execution, progress: Any = None) -> dict[str, bytes]:
    """Run (or continue) a sweep in a folder; the bytes of its two tables."""
    store = Store(folder, plan.as_dict())
    try:
        results, _ = run_tasks(plan, execution, store, progress)
    finally:
        store.close()
    cols, summary = summarize(plan, results)
    write_outputs(folder, cols, summary)
    return {name: (folder / name).read_bytes() for name in (TABLE_CSV, TABLE_PARQUET)}


@pytest.fixture(scope="module")
def tutorial_plan() -> SweepPlan:
    return plan_sweep(load("tutorial"), TUTORIAL_SWEEP)


@pytest.fixture(scope="module")
def reference(tutorial_plan: SweepPlan, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The tutorial sweep run in this process, task after task."""
    return sweep_to(tmp_path_factory.mktemp("one"), tutorial_plan, Execution(workers=1))


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.CRITICAL) as c:
        yield c


def test_local_processes_give_the_same_table(tutorial_plan: SweepPlan, reference: dict[str, bytes],
                                            tmp_path: Path) -> None:
    assert sweep_to(tmp_path, tutorial_plan, Execution(workers=2)) == reference


def test_a_dask_cluster_gives_the_same_table(tutorial_plan: SweepPlan, reference: dict[str, bytes],
                                            cluster: Any, tmp_path: Path) -> None:
    assert len(cluster.workers) == 2
    assert sweep_to(tmp_path, tutorial_plan, Execution(dask=cluster.scheduler_address)) == reference


def test_killing_a_dask_worker_mid_sweep_changes_nothing(tutorial_plan: SweepPlan, reference: dict[str, bytes],
                                                        cluster: Any, tmp_path: Path) -> None:
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed = []

    def kill_once(done: int, total: int) -> None:
        if done >= 3 and not killed:  # a few tasks in, the rest queued on both workers
            os.kill(victim, signal.SIGKILL)
            killed.append(done)

    table = sweep_to(tmp_path, tutorial_plan, Execution(dask=cluster.scheduler_address), kill_once)
    assert killed and killed[0] < len(tutorial_plan.tasks)  # the worker died with work left
    with pytest.raises(ProcessLookupError):
        os.kill(victim, 0)
    assert table == reference


def test_an_interrupted_sweep_continues_to_the_same_table(tutorial_plan: SweepPlan, reference: dict[str, bytes],
                                                         tmp_path: Path) -> None:
    total = len(tutorial_plan.tasks)

    def ctrl_c(done: int, _: int) -> None:
        if done == total // 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweep_to(tmp_path, tutorial_plan, Execution(workers=2), ctrl_c)
    kept = Store(tmp_path, tutorial_plan.as_dict())
    assert total // 3 <= len(kept.results) < total  # what finished is kept, the rest is not
    kept.close()
    assert sweep_to(tmp_path, tutorial_plan, Execution(workers=2)) == reference


def test_a_line_cut_short_by_a_crash_is_played_again(tutorial_plan: SweepPlan, reference: dict[str, bytes],
                                                    tmp_path: Path) -> None:
    sweep_to(tmp_path, tutorial_plan, Execution(workers=1))
    lines = (tmp_path / TASKS).read_bytes().splitlines(keepends=True)
    (tmp_path / TASKS).write_bytes(b"".join(lines[:5]) + lines[5][:40])
    store = Store(tmp_path, tutorial_plan.as_dict())
    assert len(store.results) == 5
    store.close()
    assert sweep_to(tmp_path, tutorial_plan, Execution(workers=1)) == reference


def test_a_different_sweep_in_the_same_folder_is_refused(tutorial_plan: SweepPlan, tmp_path: Path) -> None:
    Store(tmp_path, tutorial_plan.as_dict()).close()
    other = plan_sweep(load("tutorial"), SweepOptions(**{**TUTORIAL_SWEEP.__dict__, "runs": 60}))
    with pytest.raises(WargameError, match="holds a different sweep \\(its runs differs\\)"):
        Store(tmp_path, other.as_dict())


def test_seed_blocks_do_not_change_the_games(tutorial_plan: SweepPlan, reference: dict[str, bytes],
                                             tmp_path: Path) -> None:
    """40 games as one block or as two blocks of 20 are the same 40 games."""
    whole = plan_sweep(load("tutorial"), SweepOptions(**{**TUTORIAL_SWEEP.__dict__, "block": 40}))
    assert len(whole.tasks) * 2 == len(tutorial_plan.tasks)
    assert sweep_to(tmp_path, whole, Execution(workers=1))[TABLE_CSV] == reference[TABLE_CSV]


def test_one_side_is_seated_and_the_others_keep_their_defaults(tutorial_plan: SweepPlan) -> None:
    """Variant 0, seat on coercive: the batch simulator's own games with kabul on its default."""
    results, _ = run_tasks(tutorial_plan, Execution(workers=1))
    _, summary = summarize(tutorial_plan, results)
    scenario = load("tutorial")
    c = compile_scenario(scenario)
    escalation = CumulativeEscalation(c, 40)
    batch = run_batch(c, 40, {"islamabad": "coercive"}, 1, keep_final=False, on_turn=escalation)
    expected = escalation.finish(batch, scenario.turns.count).mean()
    assert summary["seat"] == "islamabad" and summary["others"] == {"kabul": "integrated"}
    assert summary["outcome"]["coercive"]["own_numbers"] == pytest.approx(expected, abs=1e-6)


def test_the_one_number_that_matters_ranks_first() -> None:
    """In the toy only the flare-up hazard can move escalation ('talk' changes a mood nothing reads)."""
    plan = plan_sweep(load(TOY), SweepOptions(
        vary=["injects.flareup.hazard.base=0.05:0.5", "moves.talk.success.base=0.2:0.9", "moves.talk.effects.mood=1:10"],
        design="sobol", samples=16, policies=["hold"], runs=100))
    results, _ = run_tasks(plan, Execution(workers=1))
    _, summary = summarize(plan, results)
    first, *rest = summary["sensitivity"]["ranking"]
    assert first["path"] == "injects.flareup.hazard.base"
    assert first["ST_low"] > max(r["ST_high"] for r in rest)


def test_a_lesson_that_flips_is_fragile_and_the_nearest_flip_is_named() -> None:
    """Striking beats holding only while a strike lowers the threat by more than about 11 (the toy says 13)."""
    plan = plan_sweep(load(TOY), SweepOptions(vary=["moves.strike.effects.threat=-30:-1"], design="lhs",
                                              samples=16, policies=["hold", "coercive"], runs=400))
    results, _ = run_tasks(plan, Execution(workers=1))
    cols, summary = summarize(plan, results)
    (lesson,) = summary["lessons"]
    assert (lesson["better"], lesson["worse"], lesson["verdict"]) == ("coercive", "hold", "fragile")
    assert lesson["baseline"]["high"] < 0  # clear at the scenario's own numbers (-13)
    strength = np.array(cols["moves.strike.on_success.threat.delta"][::2])
    margins = np.array(cols["cumulative_mean"][::2]) - np.array(cols["cumulative_mean"][1::2])  # hold - coercive
    holds = margins[1:] > 0
    assert lesson["holds"]["count"] == int(holds.sum())
    assert holds[strength[1:] < -20].all() and not holds[strength[1:] > -5].any()
    flip = lesson["flip"]
    failing = np.flatnonzero(~holds) + 1
    nearest = failing[np.argmin(np.abs(strength[failing] - (-13.0)))]
    assert flip["variant"] == nearest
    assert flip["changes"][0]["path"] == "moves.strike.on_success.threat.delta"
    assert flip["changes"][0]["to"] == pytest.approx(strength[nearest])


def test_a_seat_sweeps_its_own_personas_and_not_another_sides() -> None:
    flagship = load("oct_2025_border_crisis")
    plan = plan_sweep(flagship, SweepOptions(vary_all=20, design="lhs", samples=8, runs=20, seat="kabul"))
    written_for = {p.id: p.side for p in flagship.personas}
    assert {p for p in plan.policies if p in written_for} == {p for p, side in written_for.items() if side in (None, "kabul")}
    assert "hawkish_kabul" in plan.policies and "hawkish_islamabad" not in plan.policies
    with pytest.raises(WargameError, match="written for another side"):
        plan_sweep(flagship, SweepOptions(vary_all=20, design="lhs", samples=8, runs=20, seat="kabul",
                                          policies=["integrated", "hawkish_islamabad"]))


def test_a_scenario_with_its_own_map_picture_sweeps_from_any_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Variants are data: the picture shipped beside the scenario is not looked for in the current folder."""
    monkeypatch.chdir(tmp_path)
    river = load("river_tessel")
    assert river.map is not None and river.map.image
    plan = plan_sweep(river, SweepOptions(vary_all=20, design="lhs", samples=8, runs=20))
    assert len(plan.policies) >= 2 and plan.params
