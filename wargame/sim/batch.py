"""Run many games at once: the live game's kernel over arrays with a leading batch dimension.

Chance. Turn t of a batch draws its numbers from one generator, SeedSequence([seed, t, stream]),
as an (N, K) block: row i of the batch takes the i-th K numbers of that turn's stream. So a batch
of one with seed s consumes exactly the numbers of the live game with seed s, and the replicates
of a batch are all spawned from one entropy, the batch seed (report it to reproduce a run). Row i
of a batch is a different game from a live game seeded i: replicates differ by their position in
the turn's stream, not by their seed.

Speed. Games are played in chunks of rows (all turns of one chunk, then the next), so that a
chunk's state stays in cache; each chunk takes its rows' numbers by jumping ahead in the turn's
stream (PCG64.advance), which gives exactly the numbers a whole-batch block would. State arrays
are kept move- and indicator-major (Fortran order) so per-move and per-indicator work reads
contiguous memory; the kernel updates them in place (`kernel.advance`).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np

from wargame.engine import rng as streams
from wargame.engine.compiled import Compiled
from wargame.engine.index import Danger, IndexTally
from wargame.engine.kernel import StepOutcome, advance
from wargame.engine.policies import choose_slots, needs_draws, policy_draw_shape
from wargame.engine.state import BatchState, initial_state

CHUNK = 4096  # rows per chunk: small enough to stay in L2 cache, large enough to amortise Python

# hooks for experiments (see run_batch): t is the turn being played, the state is the one before it
OrdersHook = Callable[[int, BatchState, np.ndarray], np.ndarray]  # (t, state, orders) -> orders to play
ForcedHook = Callable[[int, BatchState], "np.ndarray | None"]  # (t, state) -> (N, J) injects forced
TurnHook = Callable[[int, BatchState, np.ndarray, StepOutcome], None]  # (t, state before, orders, outcome)


@dataclass
class BatchResult:
    """Paths of N games: the rung of every ladder after each turn (row 0 is the start), optional indicators."""

    seed: int
    seats: dict[str, str]
    paths: np.ndarray  # (T + 1, N, L) rung of each ladder, main ladder first
    levels: np.ndarray  # (T + 1, N) the main ladder's level
    final: BatchState
    x: np.ndarray | None = None  # (T + 1, N, I) when kept
    # with index=True (wargame.engine.index.IndexTally):
    index_total: np.ndarray | None = None  # (N,) the escalation index summed over the turns played
    index_standing: np.ndarray | None = None  # (N,) what each game counts for a turn after it (ladders, indicators)
    danger: np.ndarray | None = None  # (N, K) a dangerous indicator went past its threshold (Danger.ids order)

    def cumulative_index(self, horizon: int) -> np.ndarray:
        """(N,) the index summed to turn `horizon`: games stand still after the batch's last turn."""
        assert self.index_total is not None and self.index_standing is not None, "run_batch(index=True)"
        return self.index_total + self.index_standing * max(horizon - self.final.turn, 0)

    @property
    def rungs(self) -> np.ndarray:
        """(T + 1, N) the main ladder's rung after each turn."""
        return self.paths[:, :, 0]

    @property
    def n(self) -> int:
        return int(self.paths.shape[1])


def turns_played(c: Compiled, paths: np.ndarray) -> np.ndarray:
    """(N,) turns each game played, from rung paths (T + 1, N, L): a game ends when a ladder enters
    an end state, or at the last turn of the paths."""
    terminal = c.rung_terminal[paths[1:]].any(axis=2)
    t_count = paths.shape[0] - 1
    return np.where(terminal.any(axis=0), np.argmax(terminal, axis=0) + 1, t_count)


class TurnStream:
    """The numbers of one (seed, turn, stream), handed out by rows of a fixed width."""

    def __init__(self, seed: int, turn: int, stream: int, width: int, period: int | None = None) -> None:
        self.state: dict[str, Any] = dict(streams.turn_generator(seed, turn, stream).bit_generator.state)
        self.width = width
        self.period = period

    def rows(self, start: int, count: int) -> np.ndarray:
        """Rows start..start+count of the (N, width) block a whole batch would draw.

        With a period P, row i gets the numbers of row i mod P (common random numbers for P-row
        blocks that differ only by their first orders)."""
        if self.period is not None:
            index = np.arange(start, start + count) % self.period
            low, high = int(index.min()), int(index.max()) + 1
            return self._draw(low, high - low)[index - low]
        return self._draw(start, count)

    def _draw(self, start: int, count: int) -> np.ndarray:
        bits = np.random.PCG64()
        bits.state = self.state  # type: ignore[assignment]
        if start:
            bits.advance(start * self.width)
        return np.random.Generator(bits).random((count, self.width))


def to_fortran(st: BatchState) -> BatchState:
    """The same state with every array in Fortran order (the batch kernel's fast layout)."""
    arrays = {f.name: np.asfortranarray(getattr(st, f.name)) for f in fields(st) if f.name != "turn"}
    return BatchState(turn=st.turn, **arrays)


def seat_policies(c: Compiled, seats: dict[str, str]) -> list[str]:
    """Policy of every side: the seat given, else the side's default (humans: their default too)."""
    out = []
    for side in c.side_ids:
        seat = seats.get(side, "human")
        out.append(c.scenario.side(side).default_policy if seat == "human" else seat)
    return out


def run_batch(
    c: Compiled,
    n: int,
    seats: dict[str, str],
    seed: int,
    *,
    turns: int | None = None,
    start: BatchState | None = None,
    keep_x: bool = False,
    keep_final: bool = True,
    first_orders: np.ndarray | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
    workers: int | None = None,
    period: int | None = None,
    row_offset: int = 0,
    orders_hook: OrdersHook | None = None,
    forced_hook: ForcedHook | None = None,
    on_turn: TurnHook | None = None,
    index: bool = False,
) -> BatchResult:
    """Play N games (from `start`, repeated if it is a batch of one) with every side on a policy.

    `first_orders` (N, S, B) fixes the orders of the first turn played (for advice and
    counterfactuals); a side whose slots are all -1 there is played by its policy, one marked -2
    in its first slot orders nothing. `period` P gives row i the random numbers of row i mod P
    (common random numbers across blocks of P rows). `row_offset` R makes row i take the numbers of
    row R + i of the whole stream, so a large batch can be played in pieces with the same games.
    `keep_final=False` keeps only the final rung and `over` of each game (the other arrays of
    `final` then have no columns), which saves memory and time when only paths matter.
    `progress` is
    called with the number of games finished so far, after each chunk. `workers` > 1 plays chunks
    in that many processes (Linux fork, results written to shared memory); the default uses every
    core for batches of PARALLEL_FROM games or more. Results never depend on chunks or workers.

    Hooks, for experiments that need more than policies (each called every turn with the turn t
    being played and the state before it): `orders_hook(t, state, orders) -> orders` rewrites the
    orders (after `first_orders`); `forced_hook(t, state) -> (N, J) bool or None` forces injects
    as the white cell would; `on_turn(t, state_before, orders, outcome)` observes the orders played
    and the `kernel.StepOutcome` (injects fired, moves that succeeded, rungs). With any hook the
    batch is played in this process as one chunk, so a hook sees every game, rows in batch order.

    `index` keeps each game's escalation index summed over the turns played and whether each
    dangerous indicator went past its threshold (`index_total`, `index_standing`, `danger`; see
    `BatchResult.cumulative_index`); chunks and workers still apply.
    """
    policy = seat_policies(c, seats)
    begin = 0 if start is None else start.turn
    last = c.scenario.turns.count if turns is None else min(c.scenario.turns.count, begin + turns)
    span = max(last - begin, 0)
    chunk = max(1, chunk)
    hooked = orders_hook is not None or forced_hook is not None or on_turn is not None
    if hooked:
        workers, chunk = 1, max(n, 1)
    if workers is None:
        workers = default_workers(n)
    workers = max(1, min(workers, -(-n // chunk)))
    if workers > 1:  # equal chunks, the same number for every worker
        pieces = workers * -(-n // (workers * chunk))
        chunk = -(-n // pieces)
    bounds = [(a, min(n, a + chunk)) for a in range(0, n, chunk)]
    shared = workers > 1
    out = _Outputs(c, n, span, keep_x, shared, keep_final, index)
    plan = _Plan(c, policy, seed, begin, last, start, first_orders, n, period, row_offset,
                 orders_hook, forced_hook, on_turn, index)
    if shared:
        _run_forked(plan, out, bounds, workers, progress)
    else:
        for a, b in bounds:
            _play_chunk(plan, out, a, b)
            if progress is not None:
                progress(b)
    played = int(out.played.max()) if len(bounds) else 0
    if out.index_total is not None and out.index_standing is not None:  # chunks that ended early stand still
        out.index_total += out.index_standing * (played - out.played)
    paths = out.paths[: played + 1]  # (shared-memory arrays keep their buffer alive)
    final = BatchState(turn=begin + played, **out.final)
    return BatchResult(
        seed=seed,
        seats=dict(zip(c.side_ids, policy, strict=True)),
        paths=paths,
        levels=c.rung_level[paths[:, :, 0]],
        final=final,
        x=out.xs[: played + 1] if out.xs is not None else None,
        index_total=out.index_total,
        index_standing=out.index_standing,
        danger=out.danger,
    )


PARALLEL_FROM = 50_000  # games: from here on a batch uses every core (where fork exists)


def default_workers(n: int, parallel_from: int = PARALLEL_FROM) -> int:
    """Processes for a batch of n games: all cores (up to 4) from `parallel_from` games on, where
    fork exists (Linux); one process otherwise."""
    if n < parallel_from or not hasattr(os, "fork") or sys.platform != "linux":
        return 1
    return max(1, min(4, len(os.sched_getaffinity(0))))


@dataclass
class _Plan:
    """What every chunk needs to play its games."""

    c: Compiled
    policy: list[str]
    seed: int
    begin: int
    last: int
    start: BatchState | None
    first_orders: np.ndarray | None
    n: int
    period: int | None = None
    row_offset: int = 0
    orders_hook: OrdersHook | None = None
    forced_hook: ForcedHook | None = None
    on_turn: TurnHook | None = None
    index: bool = False

    def __post_init__(self) -> None:
        c, turns = self.c, range(self.begin + 1, self.last + 1)
        self.adjudication = {t: TurnStream(self.seed, t, streams.ADJUDICATION, c.n_draws, self.period) for t in turns}
        width = int(np.prod(policy_draw_shape(c, 1)[1:]))
        self.policy_streams = (
            {t: TurnStream(self.seed, t, streams.POLICY, width, self.period) for t in turns}
            if needs_draws(c, self.policy)
            else {}
        )

    def fog(self, t: int, start: int, count: int) -> np.ndarray | None:
        """(count, S, I) normal draws behind what each side observes before turn t, for rows
        start..start+count (as a live game draws them for row 0); None when no seat reads them."""
        if "advisor" not in self.policy:
            return None
        index = np.arange(start, start + count)
        if self.period is not None:
            index %= self.period
        c = self.c
        block = streams.normals(self.seed, t - 1, streams.FOG, (int(index.max()) + 1, c.n_sides, c.n_indicators))
        return block[index]


class _Outputs:
    """Result arrays, written chunk by chunk (in shared memory when workers are forked)."""

    def __init__(self, c: Compiled, n: int, span: int, keep_x: bool, shared: bool, keep_final: bool = True,
                 index: bool = False) -> None:
        self._maps: list[mmap.mmap] = []
        self.shared = shared
        self.paths = self._array((span + 1, n, c.n_ladders), np.int64)
        self.xs = self._array((span + 1, n, c.n_indicators), np.float64) if keep_x else None
        template = initial_state(c, 1)
        self.final = {  # column-major like the chunks' states: a chunk's rows copy as contiguous runs
            f.name: self._array(
                (n, *(getattr(template, f.name).shape[1:] if keep_final or f.name in ("rung", "over") else (0,))),
                getattr(template, f.name).dtype,
                "F",
            )
            for f in fields(BatchState)
            if f.name != "turn"
        }
        self.played = self._array((n,), np.int64)
        self.index_total = self._array((n,), np.float64) if index else None
        self.index_standing = self._array((n,), np.float64) if index else None
        self.danger = self._array((n, len(Danger.of(c.scenario).ids)), np.bool_) if index else None

    def _array(self, shape: tuple[int, ...], dtype: Any, order: Literal["C", "F"] = "C") -> np.ndarray:
        if not self.shared:
            return np.zeros(shape, dtype=dtype, order=order)
        size = max(1, int(np.prod(shape)) * np.dtype(dtype).itemsize)
        buffer = mmap.mmap(-1, size)  # anonymous and shared with forked children
        self._maps.append(buffer)
        return np.frombuffer(buffer, dtype=dtype, count=int(np.prod(shape))).reshape(shape, order=order)


def _play_chunk(plan: _Plan, out: _Outputs, a: int, b: int) -> None:
    """Play games a..b to the end (or the last turn) and write their paths and final states."""
    c, n = plan.c, plan.n
    if plan.start is None:
        st = initial_state(c, b - a, order="F")
    else:
        st = to_fortran(plan.start.repeat(b - a) if plan.start.n == 1 and n > 1 else plan.start.take(np.arange(a, b)))
    out.paths[0, a:b] = st.rung
    if out.xs is not None:
        out.xs[0, a:b] = st.x
    step = 0
    tally = IndexTally(c, b - a) if plan.index else None
    while st.turn < plan.last and not st.over.all():
        t = st.turn + 1
        block = (
            plan.policy_streams[t].rows(plan.row_offset + a, b - a).reshape(policy_draw_shape(c, b - a))
            if plan.policy_streams
            else np.empty((0, 0, 0))
        )
        slots = np.full((c.n_sides * c.slots, b - a), -1, dtype=np.int64)  # slot-major orders
        fog = plan.fog(t, plan.row_offset + a, b - a)
        for s in range(c.n_sides):
            choose_slots(c, st, s, plan.policy[s], block, slots[s * c.slots : (s + 1) * c.slots], fog=fog)
        orders = chosen = slots.T.reshape(b - a, c.n_sides, c.slots)  # a view: (N, S, B)
        if step == 0 and plan.first_orders is not None:
            fixed_orders = plan.first_orders[a:b]
            fixed = np.asarray((fixed_orders != -1).any(axis=2))
            orders = np.where(fixed[:, :, None], np.maximum(fixed_orders, -1), orders)
        if plan.orders_hook is not None:
            orders = plan.orders_hook(t, st, orders)
        if orders is not chosen:
            slots = np.ascontiguousarray(orders.reshape(b - a, -1).T).astype(np.int64, copy=False)
        forced = plan.forced_hook(t, st) if plan.forced_hook is not None else None
        draws = plan.adjudication[t].rows(plan.row_offset + a, b - a)
        if plan.on_turn is None and tally is None:
            advance(c, st, slots, draws, forced, slot_major=True)
        else:
            played = slots.T.reshape(b - a, c.n_sides, c.slots).copy()
            before = st.copy() if plan.on_turn is not None else None
            over_before = st.over.copy()
            outcome = advance(c, st, slots, draws, forced, outcome=True, slot_major=True)
            assert outcome is not None
            if tally is not None:
                tally.add(played, over_before, outcome)
            if plan.on_turn is not None:
                assert before is not None
                plan.on_turn(t, before, played, outcome)
        step += 1
        out.paths[step, a:b] = st.rung
        if out.xs is not None:
            out.xs[step, a:b] = st.x
    span = out.paths.shape[0] - 1
    if step < span:  # this chunk ended early: its games stand still
        out.paths[step + 1 :, a:b] = st.rung[None]
        if out.xs is not None:
            out.xs[step + 1 :, a:b] = st.x
    out.played[a:b] = step
    if tally is not None and out.index_total is not None and out.index_standing is not None and out.danger is not None:
        out.index_total[a:b] = tally.total  # over this chunk's turns; run_batch pads to the batch's last
        out.index_standing[a:b] = tally.current_standing(st.rung, st.x)
        out.danger[a:b] = tally.danger
    for name, array in out.final.items():
        if array.ndim == 1 or array.shape[-1]:
            array[a:b] = getattr(st, name)


def _run_forked(
    plan: _Plan, out: _Outputs, bounds: list[tuple[int, int]], workers: int, progress: Callable[[int], None] | None
) -> None:
    """Chunks dealt round-robin to `workers` processes (this one included); children report each
    finished chunk through a pipe, so progress needs no clock."""
    read_end, write_end = os.pipe()
    children = []
    for w in range(1, workers):
        pid = os.fork()
        if pid == 0:  # child: play its chunks, report, leave without running the parent's cleanup
            code = 0
            try:
                os.close(read_end)
                for a, b in bounds[w::workers]:
                    _play_chunk(plan, out, a, b)
                    os.write(write_end, (b - a).to_bytes(8, "little"))
            except KeyboardInterrupt:  # Ctrl-C reaches every worker; the parent alone says so, once
                code = 130
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    os.close(write_end)
    try:
        _collect(plan, out, bounds, workers, progress, read_end, children)
    except BaseException:  # interrupted (Ctrl-C) or failed: no worker outlives the batch
        for pid in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        raise


def _collect(plan: _Plan, out: _Outputs, bounds: list[tuple[int, int]], workers: int,
             progress: Callable[[int], None] | None, read_end: int, children: list[int]) -> None:
    """This process's own chunks, then the workers' reports until every one has finished."""
    done = 0
    reader = os.fdopen(read_end, "rb", buffering=0)
    os.set_blocking(read_end, False)

    def drain() -> None:
        nonlocal done
        while True:
            try:
                data = reader.read(8)
            except BlockingIOError:
                return
            if not data:
                return
            done += int.from_bytes(data, "little")

    for a, b in bounds[0::workers]:
        _play_chunk(plan, out, a, b)
        done += b - a
        drain()
        if progress is not None:
            progress(done)
    os.set_blocking(read_end, True)
    while True:
        data = reader.read(8)
        if not data:
            break
        done += int.from_bytes(data, "little")
        if progress is not None:
            progress(done)
    reader.close()
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    children.clear()
    if failed:
        raise RuntimeError(f"{len(failed)} batch worker process(es) failed")
