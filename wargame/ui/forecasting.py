"""The advisor's forecasts computed on a worker thread, so the table never waits for them.

The table's thread asks for a forecast (`request`) and later collects it (`result`); meanwhile
the worker plays the rollouts on a *copy* of the position, so the game itself is never read or
changed from two threads. A forecast belongs to the exact position it was asked for (turn, side
and the state's hash): if the white cell changes the state before it arrives, it is dropped and
asked again. One worker thread and no forked processes: forking a process that holds a window is
unsafe, and on a two-core machine two forked workers were slower than one (issue measurements).
No pygame here; the session logs what arrives, on the table's thread.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wargame.engine import Game

Key = tuple[int, str, str]  # turn, side, state hash


def _advise(view: Game, side: str, rollouts: int, horizon: int) -> dict[str, Any]:
    from wargame.sim.advisor import advise

    return advise(view, side, rollouts=rollouts, horizon=horizon, workers=1).as_dict()


class Forecaster:
    """One background thread computing the advisor's forecasts, one position at a time."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
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
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="advisor")
        from wargame.sim.advisor import position_copy

        self._jobs[key] = self._pool.submit(_advise, position_copy(game), side, rollouts, horizon)

    def pending(self, game: Game, side: str) -> bool:
        job = self._jobs.get(self.key(game, side))
        return job is not None and not job.done()

    def result(self, game: Game, side: str) -> dict[str, Any] | None:
        """The forecast's data if it is ready (raises what the advisor raised), else None."""
        job = self._jobs.get(self.key(game, side))
        if job is None or not job.done():
            return None
        return job.result()

    def close(self) -> None:
        """Stop taking work; a forecast in progress finishes on its own and is dropped."""
        for job in self._jobs.values():
            job.cancel()
        self._jobs.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
