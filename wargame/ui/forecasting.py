"""The advisor's forecasts computed away from the table's thread, so the table never waits for them.

The table asks for a forecast (`request`) and later collects it (`result`); meanwhile one worker
plays the rollouts on a *copy* of the position, so the game itself is never read or changed from
two places. A forecast belongs to the exact position it was asked for (turn, side and the state's
hash): if the white cell changes the state before it arrives, it is dropped and asked again.

Where the work runs. A worker *thread* shares Python's interpreter lock with the table: measured
in benchmarks/bench_ui.py, a forecast running on it made some of the table's frames several times
longer than the same frames with the advisor off. So the forecasts run in one worker *process*,
started with "spawn" (a fresh interpreter: forking a process that holds a window is unsafe),
started when the first forecast is asked for and kept for the whole session (the process that
starts it pays its start-up once, on the worker's side). One worker only: on a two-core machine,
two were slower than one (issue measurements). If no process can be started, a thread does the
work instead. No pygame here; the session logs what arrives, on the table's thread.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wargame.engine import Game
    from wargame.engine.compiled import Compiled
    from wargame.engine.state import BatchState
    from wargame.scenario.models import Scenario

Key = tuple[int, str, str]  # turn, side, state hash

_compiled: dict[str, Compiled] = {}  # in the worker: scenarios compiled so far, by their hash


def advise_position(scenario: Scenario, seed: int, seats: dict[str, str], state: BatchState,
                    observed: dict[str, dict[str, float | None]], side: str, rollouts: int,
                    horizon: int) -> dict[str, Any]:
    """The advisor's forecast for a position given as plain data (what a worker process receives)."""
    from wargame.engine.compiled import compile_scenario
    from wargame.engine.game import Game
    from wargame.engine.ladder import LiveLadder
    from wargame.sim.advisor import advise

    compiled = _compiled.get(scenario.sha256)
    if compiled is None:
        compiled = _compiled[scenario.sha256] = compile_scenario(scenario)
    game = Game(scenario=scenario, compiled=compiled, seed=seed, seats=seats, state=state,
                ladder=LiveLadder(compiled), observed=observed)
    return advise(game, side, rollouts=rollouts, horizon=horizon, workers=1).as_dict()


def _warm_up() -> None:
    """Load the engine in the worker before the first forecast is needed."""
    import wargame.sim.advisor  # noqa: F401


def _watch_parent(parent: int) -> None:
    """In the worker: end it when the table's process is gone (killed, crashed), so no worker is left
    behind waiting for forecasts nobody will ask for."""
    import os
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="watch-table", daemon=True).start()


def _start_pool(use_process: bool) -> Executor:
    if use_process:
        try:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_watch_parent, initargs=(os.getpid(),))
            pool.submit(_warm_up)
            return pool
        except (OSError, RuntimeError, ValueError):  # no processes here: a thread will do
            pass
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="advisor")


class Forecaster:
    """One background worker computing the advisor's forecasts, one position at a time."""

    def __init__(self, use_process: bool = True) -> None:
        self.use_process = use_process
        self._pool: Executor | None = None
        self._jobs: dict[Key, Future[dict[str, Any]]] = {}

    @staticmethod
    def key(game: Game, side: str) -> Key:
        return game.turn, side, game.state.digest()

    def request(self, game: Game, side: str, rollouts: int, horizon: int) -> None:
        """Start the forecast for this position unless it is already being computed or done."""
        key = self.key(game, side)
        if key in self._jobs:
            return
        for old in [k for k in self._jobs if k[:2] == key[:2] or k[0] < key[0]]:
            self._jobs.pop(old).cancel()  # a forecast of a position the game has left
        if self._pool is None:
            self._pool = _start_pool(self.use_process)
        from wargame.sim.advisor import position_copy

        view = position_copy(game)  # what the table plays on is never read by the worker
        self._jobs[key] = self._pool.submit(advise_position, view.scenario, view.seed, view.seats, view.state,
                                            view.observed, side, rollouts, horizon)

    def pending(self, game: Game, side: str) -> bool:
        job = self._jobs.get(self.key(game, side))
        return job is not None and not job.done()

    def result(self, game: Game, side: str) -> dict[str, Any] | None:
        """The forecast's data if it is ready (raises what the advisor raised), else None. If the
        worker process could not run (the platform refused it), a thread takes over and starts again."""
        job = self._jobs.get(self.key(game, side))
        if job is None or not job.done():
            return None
        try:
            return job.result()
        except BrokenExecutor:
            if not self.use_process:
                raise
            self.close()
            self.use_process = False
            return None

    def close(self) -> None:
        """Stop taking work; a forecast in progress is dropped."""
        for job in self._jobs.values():
            job.cancel()
        self._jobs.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
