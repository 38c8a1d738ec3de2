"""Where a sweep's tasks run: local worker processes, or a Dask cluster (local or remote).

Every executor maps the one pure task function (`sweep_task.play_task`) over the tasks and hands
each result to `on_result` as it finishes, in whatever order they finish; the sweep orders them
by key afterwards, so the results do not depend on where or in what order tasks ran. A Dask
cluster reruns the task of a worker that died (the scheduler's own retry), so losing a worker
loses no result. Ctrl-C (KeyboardInterrupt) cancels what has not started and leaves the results
already handed over intact.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from wargame.errors import WargameError
from wargame.sim.extras import require
from wargame.sim.sweep_task import Setup, Task, TaskResult, play_task

OnResult = Callable[[TaskResult], None]
AHEAD = 4  # tasks queued per local worker beyond the one it plays (bounded memory, quick Ctrl-C)

_SETUP: Setup | None = None  # the sweep's setup in a local worker process


def local_workers() -> int:
    """Worker processes for a local sweep: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_local(setup: Setup, tasks: Sequence[Task], on_result: OnResult, workers: int | None = None) -> str:
    """Run tasks in local processes (in this process when one worker is asked for or one task
    is left). Returns a description of where they ran."""
    workers = local_workers() if workers is None else max(1, workers)
    workers = min(workers, max(1, len(tasks)))
    if workers == 1:
        for task in tasks:
            on_result(play_task(setup, task))
        return "this process"
    method = "fork" if sys.platform == "linux" else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(setup,)) as pool:
        pending: set[Future[TaskResult]] = set()
        queue = iter(tasks)
        try:
            while True:
                for task in queue:
                    pending.add(pool.submit(_play, task))
                    if len(pending) >= workers * (1 + AHEAD):
                        break
                if not pending:
                    break
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    on_result(future.result())
        except BrokenProcessPool:
            raise WargameError("a local worker process died (out of memory?); what finished is kept: "
                               "run the same command again to continue, perhaps with --workers 1") from None
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return f"{workers} local processes"


def _start_worker(setup: Setup) -> None:
    global _SETUP
    _SETUP = setup
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _play(task: Task) -> TaskResult:
    assert _SETUP is not None
    return play_task(_SETUP, task)


def run_dask(setup: Setup, tasks: Sequence[Task], on_result: OnResult, address: str,
             workers: int | None = None) -> str:
    """Run tasks on a Dask cluster: `local` starts a LocalCluster of worker processes (one thread
    each), any other address (tcp://HOST:PORT) joins an existing scheduler."""
    distributed = require("distributed", "--dask")
    cluster = None
    try:
        if address == "local":
            cluster = distributed.LocalCluster(n_workers=local_workers() if workers is None else workers,
                                               threads_per_worker=1, processes=True, dashboard_address=None,
                                               silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise WargameError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    futures: list[Any] = []
    try:
        where = (f"a Dask LocalCluster of {len(client.scheduler_info()['workers'])} workers" if cluster is not None
                 else f"the Dask cluster at {address} ({len(client.scheduler_info()['workers'])} workers)")
        shared = client.scatter(setup, broadcast=True)
        tag = hashlib.sha256(repr((setup.seat, setup.seed, [p.path for p in setup.params])).encode()).hexdigest()[:10]
        futures = client.map(play_task, [shared] * len(tasks), list(tasks), pure=False,
                             key=[f"wargame-sweep-{tag}-{t.key}" for t in tasks])
        for future in distributed.as_completed(futures):
            try:
                result = future.result()
            except (KeyboardInterrupt, WargameError):
                raise
            except Exception as exc:  # a task that fails on every try, e.g. a worker without wargame
                raise WargameError(f"a task failed on the Dask cluster ({type(exc).__name__}: {exc}); "
                                   "its workers need this wargame installed, with the sweep extra") from None
            on_result(result)
            future.release()
        return where
    except KeyboardInterrupt:
        client.cancel(futures)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
