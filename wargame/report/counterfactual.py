"""What would likely have happened instead: risk reduced against a baseline, and key decision points.

Both are simulations with the engine's own kernel from a state the log reached. They use common
random numbers: run r of every alternative draws the same numbers (turn t of run r uses row r of
the turn's block seeded from the log's seed), and run 0 draws exactly the numbers the logged game
drew. So a difference between two alternatives is a difference of choices, not of dice.

The rollouts are wargame.sim.batch.run_batch with hooks (common random numbers over the
alternatives by its `period`, forced injects and the tier points of every move by its hooks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.kernel import legal_mask
from wargame.engine.state import BatchState, initial_state
from wargame.report.scoring import GameScores
from wargame.report.visitor import Record
from wargame.sim.batch import run_batch
from wargame.sim.escalation import DECISION_LOOKAHEAD, CumulativeEscalation

Z95 = 1.959963984540054


@dataclass
class Plan:
    """Alternatives for the first turn simulated: orders (A, S, B) and which sides they fix (A, S)."""

    orders: np.ndarray
    fixed: np.ndarray


def rollout_escalation(
    c: Compiled,
    start: BatchState,
    policies: Sequence[str],
    seed: int,
    runs: int,
    horizon: int,
    plan: Plan | None = None,
    forced: dict[int, list[int]] | None = None,
) -> np.ndarray:
    """Cumulative escalation index from `start` (a batch of one) to turn `horizon`: (A, runs).

    Played by wargame.sim.batch.run_batch: `period=runs` gives run r of every alternative the
    numbers of row r, its hooks force the injects and add up each turn's points."""
    a_count = 1 if plan is None else int(plan.orders.shape[0])
    n = a_count * runs
    escalation = CumulativeEscalation(c, n)
    first_orders = None
    if plan is not None:
        fixed = np.repeat(plan.fixed, runs, axis=0)
        chosen = np.repeat(plan.orders, runs, axis=0)
        first_orders = np.where(fixed[:, :, None], chosen, -1)
        first_orders[:, :, 0][fixed & (chosen < 0).all(axis=2)] = -2  # a fixed side that orders nothing

    def forced_now(t: int, st: BatchState) -> np.ndarray | None:
        if not forced or t not in forced:
            return None
        mask = np.zeros((st.n, c.n_injects), dtype=bool)
        mask[:, forced[t]] = True
        return mask

    seats = dict(zip(c.side_ids, policies, strict=True))
    result = run_batch(c, n, seats, seed, turns=horizon - start.turn, start=start, keep_final=False,
                       first_orders=first_orders, period=runs, forced_hook=forced_now, on_turn=escalation)
    return escalation.finish(result, horizon).reshape(a_count, runs)


# --- risk reduced ---------------------------------------------------------------------------


@dataclass
class RiskReduced:
    """Expected cumulative escalation of the baseline minus the team's (positive: risk reduced)."""

    baseline: str
    seats: dict[str, str]
    runs: int
    team: float
    expected_baseline: float
    value: float
    interval: list[float]  # 95% interval of `value` (Monte Carlo error of the expectation)
    same_dice_baseline: float  # run 0: the baseline facing exactly the logged draws
    same_dice_value: float
    baseline_range: list[float]  # 2.5% and 97.5% quantiles of the baseline's cumulative escalation
    share_baseline_worse: float  # share of baseline runs that escalated more than the team

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def baseline_seats(header: Record, c: Compiled, baseline: str | None) -> dict[str, str]:
    """Seats of the baseline: human seats (all seats if none was human) take the baseline policy."""
    logged: dict[str, str] = header["seats"]
    humans = [s for s, seat in logged.items() if seat == "human"] or list(c.side_ids)
    seats = {}
    for side in c.side_ids:
        if side in humans:
            seats[side] = baseline or c.scenario.side(side).default_policy
        else:
            seats[side] = logged[side]
    return seats


def forced_injects(records: list[Record], c: Compiled) -> dict[int, list[int]]:
    """Injects the white cell forced, by the turn in which they fired."""
    out: dict[int, list[int]] = {}
    for r in records:
        if r.get("type") == "inject" and r.get("inject") in c.inject_ids:
            out.setdefault(int(r["turn"]) + 1, []).append(c.inject_ids.index(r["inject"]))
    return out


def risk_reduced(records: list[Record], c: Compiled, scores: GameScores, *, runs: int = 400,
                 baseline: str | None = None) -> RiskReduced:
    """The team's cumulative escalation against the baseline's, from the same start and seed."""
    header = records[0]
    seats = baseline_seats(header, c, baseline)
    policies = [seats[s] for s in c.side_ids]
    sims = rollout_escalation(c, initial_state(c, 1), policies, int(header["seed"]), runs, scores.horizon,
                              forced=forced_injects(records, c))[0]
    mean = float(sims.mean())
    half = Z95 * float(sims.std(ddof=1)) / np.sqrt(runs) if runs > 1 else 0.0
    value = mean - scores.cumulative
    label = baseline or "default policies"
    return RiskReduced(
        baseline=label,
        seats=seats,
        runs=runs,
        team=scores.cumulative,
        expected_baseline=_r(mean),
        value=_r(value),
        interval=[_r(value - half), _r(value + half)],
        same_dice_baseline=_r(float(sims[0])),
        same_dice_value=_r(float(sims[0]) - scores.cumulative),
        baseline_range=[_r(float(np.quantile(sims, 0.025))), _r(float(np.quantile(sims, 0.975)))],
        share_baseline_worse=_r(float((sims > scores.cumulative + 1e-9).mean())),
    )


# --- decision points ------------------------------------------------------------------------


@dataclass
class Alternative:
    moves: list[str]
    expected: float  # expected cumulative escalation from this turn over the lookahead
    difference: float  # expected minus that of the logged orders (negative: would have been better)
    interval: list[float]  # 95% interval of the difference (paired runs)


@dataclass
class DecisionPoint:
    turn: int
    record: int
    side: str
    chosen: list[str]
    expected_chosen: float
    best: Alternative
    swing: float  # largest |difference| among the alternatives
    alternatives: list[Alternative] = field(default_factory=list)


def states_by_turn(lines: list[str], scenario: Any, turns: int) -> dict[int, BatchState]:
    """The exact kernel state at the start of each turn 1..turns, by replaying the log once.

    Uses the replay's own record applier (wargame.engine.replay.apply_record), so notes, forced injects
    and overrides before a turn are in its state exactly as in the game.
    """
    from wargame.engine.replay import apply_record, parse_lines, replay

    result = replay(lines, scenario, stop_after_turn=0)
    if not result.ok or result.game is None:
        return {}
    game = result.game
    out = {1: game.state.copy()}
    records = parse_lines(lines)
    position = len(game.lines)
    while position < len(records) and game.turn < turns:
        record = records[position]
        before = len(game.lines)
        apply_record(game, record)
        position += max(len(game.lines) - before, 1)
        if record.get("type") == "turn" and game.turn < turns:
            out[game.turn + 1] = game.state.copy()
    return out


LOOKAHEAD = DECISION_LOOKAHEAD  # turns over which a decision's expected escalation is summed
DECISION_RUNS = 16  # runs per option: paired (same dice), so differences are precise with few
# Bounds on the report's simulations, so a report of the largest scenario the format allows stays
# within its memory budget (docs/evaluator.md): one rollout batch holds at most ROLLOUT_BYTES of game
# states (options are played in blocks), and decision points are skipped, with a note, when they
# would take more than DECISION_WORK (simulated game-turns x bytes of one game's state; a 20-turn
# flagship report needs about 0.1e9).
ROLLOUT_BYTES = 256 * 2**20
STATE_COPIES = 6  # copies of a batch's state alive during a rollout (state, hook copies, scratch)
DECISION_WORK = 4e9

Progress = Callable[[int, int], None]


def state_bytes(c: Compiled) -> int:
    """Bytes of one game's kernel state (grows with the moves, injects, rungs and indicators)."""
    st = initial_state(c, 1)
    return sum(getattr(st, f.name).nbytes for f in fields(st) if isinstance(getattr(st, f.name), np.ndarray))


def rollout_block(c: Compiled, runs: int) -> int:
    """Options per rollout batch, so that a batch stays within ROLLOUT_BYTES."""
    return max(1, ROLLOUT_BYTES // (STATE_COPIES * state_bytes(c) * max(1, runs)))


class TooMuchWork(Exception):
    """Decision points would take more simulation than the report's budget (the message says how much)."""


def decision_work(c: Compiled, states: dict[int, BatchState], scored: list[str], runs: int, horizon: int,
                  lookahead: int = LOOKAHEAD) -> tuple[int, float]:
    """(simulated game-turns, work) that decision points would take: options x runs x turns ahead,
    summed over the turns; work weighs game-turns by the bytes of a game's state."""
    game_turns = 0
    sides = [c.side_ids.index(side) for side in scored]
    for t, start in states.items():
        legal = legal_mask(c, start)[0]
        options = 1 + sum(1 + int(legal[c.side_moves[s]].sum()) for s in sides)
        game_turns += options * runs * max(0, min(horizon, t - 1 + lookahead) - (t - 1))
    return game_turns, float(game_turns) * state_bytes(c)


def decision_points(lines: list[str], records: list[Record], c: Compiled, scores: GameScores, *,
                    runs: int = DECISION_RUNS, baseline: str | None = None, lookahead: int = LOOKAHEAD,
                    progress: Progress | None = None, budget: float | None = None) -> list[DecisionPoint]:
    """For each turn and scored side: the logged orders against hold and every legal single move,
    each judged by the expected cumulative escalation of that turn and the next lookahead - 1.

    Raises TooMuchWork (before simulating anything) when that is beyond `budget` (default
    DECISION_WORK); `progress` is called with (turns done, turns) as it goes."""
    header = records[0]
    seats = baseline_seats(header, c, baseline)
    scored = [s for s, seat in header["seats"].items() if seat == "human"] or list(c.side_ids)
    policies = [seats[s] for s in c.side_ids]
    turn_records = {int(r["turn"]): (n, r) for n, r in enumerate(records, start=1) if r.get("type") == "turn"}
    states = states_by_turn(lines, c.scenario, scores.turns_played)
    game_turns, work = decision_work(c, states, scored, runs, scores.horizon, lookahead)
    budget = DECISION_WORK if budget is None else budget
    if work > budget:
        raise TooMuchWork(f"they would take {game_turns:,} simulated game-turns of a scenario with "
                          f"{c.n_moves:,} moves ({work / budget:.0f} times the report's budget)")
    forced = forced_injects(records, c)
    block = rollout_block(c, runs)
    points: list[DecisionPoint] = []
    for done, (t, start) in enumerate(states.items()):
        if progress is not None:
            progress(done, len(states))
        number, record = turn_records[t]
        logged = np.full((c.n_sides, c.slots), -1, dtype=np.int64)
        for s, side in enumerate(c.side_ids):
            for b, m in enumerate(record["orders"][side]["moves"]):
                logged[s, b] = c.move_ids.index(m)
        legal = legal_mask(c, start)[0]
        options: list[tuple[int, list[int]]] = [(-1, [])]  # (side index, moves); -1: the logged orders
        for side in scored:
            s = c.side_ids.index(side)
            options.append((s, []))
            options.extend((s, [int(m)]) for m in c.side_moves[s] if legal[m])
        orders = np.repeat(logged[None], len(options), axis=0)
        for a, (s, moves) in enumerate(options):
            if s >= 0:
                orders[a, s] = -1
                orders[a, s, : len(moves)] = moves
        end = min(scores.horizon, t - 1 + lookahead)
        sims = np.concatenate([  # options in blocks: the same numbers, run r of each option gets row r
            rollout_escalation(c, start, policies, int(header["seed"]), runs, end,
                               Plan(orders[a : a + block], np.ones((len(orders[a : a + block]), c.n_sides), dtype=bool)),
                               forced)
            for a in range(0, len(options), block)
        ])
        base = sims[0]
        for side in scored:
            s = c.side_ids.index(side)
            alts = []
            for a, (s2, moves) in enumerate(options):
                if s2 != s:
                    continue
                diff = sims[a] - base
                half = Z95 * float(diff.std(ddof=1)) / np.sqrt(runs) if runs > 1 else 0.0
                d = float(diff.mean())
                names = [c.move_ids[m] for m in moves]
                if names == record["orders"][side]["moves"]:
                    continue
                alts.append(Alternative(names, _r(float(sims[a].mean())), _r(d), [_r(d - half), _r(d + half)]))
            if not alts:
                continue
            best = min(alts, key=lambda x: x.expected)
            points.append(DecisionPoint(t, number, side, list(record["orders"][side]["moves"]),
                                        _r(float(base.mean())), best,
                                        _r(max(abs(x.difference) for x in alts)),
                                        sorted(alts, key=lambda x: x.expected)))
    if progress is not None:
        progress(len(states), len(states))
    return points


def key_points(points: list[DecisionPoint], top: int = 5) -> list[DecisionPoint]:
    """The turns where the choice mattered most: the largest gain the best alternative offered."""
    return sorted(points, key=lambda p: (p.best.difference, -p.swing, p.turn))[:top]


def _r(x: float) -> float:
    return float(round(float(x), 4)) + 0.0
