"""Balance checks for instructors, from many simulated games per policy (`wargame check`).

Each finding is a defect (an instructor must fix the scenario: `wargame check` exits 1) or a
warning (worth a look). Definitions (also in docs/decision-support.md):

- unreachable rung (defect): no game of any policy (random play included) ever stood on it;
- useless move: one with no effect and no trigger (defect); one no scoring policy ever orders
  (warning); one whose effect, tested from the opening position against holding with common
  random numbers, changes neither the final escalation level nor any indicator measurably (warning);
- dominant policy (defect): for a side with objectives, a policy that "wins" (every objective of
  the side rated P, as in the after-action report) in at least DOMINANT of games against every
  policy of the other sides;
- no de-escalation (defect): under every policy, fewer than NO_DESCENT of games ever step down:
  the ladders' level (the index's weighted sum of every ladder's level; the main ladder's level
  for one ladder) never drops from one turn to the next, neither below the start nor back from a
  rise. (A crisis that starts calm, where a shock on turn 1 raises the ladder, de-escalates by
  coming back down: it can never go below the calm it started from.)
- dominant loop (defect): a fixed order set repeated every turn (one move, or two affordable
  moves) that wins in at least DOMINANT of games and scores at least LOOP_MARGIN better than
  every policy (the other sides on their default policies in both);
- easy objectives (warning): a side meets every objective in at least DOMINANT of games with its
  best policy against the other sides' defaults;
- perverse lesson (defect): a move the advisor or the report would call best (the lowest expected
  escalation index over the advisor's horizon, or over the report's decision lookahead, from the
  opening position or one of the first turns of a default game) takes a dangerous indicator past
  its threshold in at least PERVERSE_SHARE of games and PERVERSE_MARGIN more often than holding:
  the scenario's index does not count that danger (add a term on the indicator);
- history (defect; warning for a version-1 file, whose history cannot list chance events): the
  forced replay of the scenario's history is not the recorded history (an order not legal on its
  turn, an outcome the model gives no chance, the path left), located in the file
  (wargame.engine.history).
A side "scores" the mean over its objectives of P=3, S=2, M=1, U=0.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wargame.engine import rng as streams
from wargame.engine.compiled import Compiled
from wargame.engine.index import Danger, index_spec, sum_in_order
from wargame.engine.kernel import advance, legal_mask
from wargame.engine.policies import choose, needs_draws, policy_draw_shape, policy_names
from wargame.engine.state import BatchState, initial_state
from wargame.scenario.models import Objective
from wargame.sim.batch import TurnStream, run_batch, seat_policies, to_fortran, turns_played

DOMINANT = 0.95
NO_DESCENT = 0.01
LOOP_MARGIN = 0.25  # rating points by which a loop must beat every policy to count as dominant
EFFECT_LEVEL = 0.05  # smallest change of the mean final level that counts as an effect
EFFECT_INDICATOR = 0.25  # smallest change of a mean final indicator that counts as an effect
RATING_POINTS = {"P": 3.0, "S": 2.0, "M": 1.0, "U": 0.0}
PERVERSE_SHARE = 0.25  # the best move takes a dangerous indicator past its threshold in this share of games
PERVERSE_MARGIN = 0.10  # ... and this much more often than holding does
PERVERSE_TURNS = 3  # positions judged: the opening and the start of turns 2..PERVERSE_TURNS of a default game


@dataclass
class Finding:
    """One thing the check found."""

    kind: str
    severity: str  # "defect" or "warning"
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "severity": self.severity, "message": self.message}


@dataclass
class Report:
    """All findings and the figures behind them."""

    scenario: str
    runs: int
    seed: int
    findings: list[Finding] = field(default_factory=list)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def defects(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "defect"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "defects": len(self.defects),
            "findings": [f.as_dict() for f in self.findings],
            "policies": self.policies,
        }


def usable_policies(c: Compiled) -> list[str]:
    """The policies the check plays: built-in ones and the scenario's personas. Not the advisor: it
    forecasts every move of every game by rollouts, far too slow for hundreds of games per policy."""
    return [
        p for p in policy_names(c.scenario)
        if p != "advisor" and (p != "historical" or c.scenario.history is not None)
    ]


def play(
    c: Compiled,
    n: int,
    policy: list[str],
    seed: int,
    fixed: dict[int, list[int]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Games with every side on a policy, except sides in `fixed` that order the same moves every
    turn (those still legal). Returns rung paths of every ladder (T+1, N, L), indicator paths
    (T+1, N, I), orders counts (M,) over all games and turns."""
    st = to_fortran(initial_state(c, n))
    rungs, xs = [st.rung.copy()], [st.x.copy()]
    counts = np.zeros(c.n_moves, dtype=np.int64)
    while not st.over.all():
        t = st.turn + 1
        legal = legal_mask(c, st)
        block = (
            TurnStream(seed, t, streams.POLICY, int(np.prod(policy_draw_shape(c, 1)[1:]))).rows(0, n).reshape(
                policy_draw_shape(c, n))
            if needs_draws(c, policy) else np.empty(0)
        )
        orders = np.stack([choose(c, st, legal, s, policy[s], block) for s in range(c.n_sides)], axis=1)
        for s, moves in (fixed or {}).items():
            orders[:, s, :] = -1
            slot = np.zeros(n, dtype=np.int64)
            for m in moves:
                ok = legal[:, m]
                orders[np.flatnonzero(ok), s, slot[ok]] = m
                slot += ok
        ordered = orders[orders >= 0]
        counts += np.bincount(ordered, minlength=c.n_moves)
        advance(c, st, orders, TurnStream(seed, t, streams.ADJUDICATION, c.n_draws).rows(0, n))
        rungs.append(st.rung.copy())
        xs.append(st.x.copy())
    return np.stack(rungs), np.stack(xs), counts


def objective_values(c: Compiled, objective: Objective, paths: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """Per game, the objective's measure (the after-action report's definition, vectorised), from
    rung paths of every ladder (T+1, N, L) and indicator paths (T+1, N, I).

    Turns after a game ended (a ladder on an end state) are not counted.
    """
    t_count, n = paths.shape[0] - 1, paths.shape[1]
    ended = turns_played(c, paths)  # last turn played
    turns = np.arange(1, t_count + 1)[:, None]
    played = turns <= ended[None, :]
    m = objective.measure
    index = c.index.indicators
    if m.final is not None:
        return xs[ended, np.arange(n), index[m.final]]
    if m.peak is not None:
        series = np.where(np.r_[np.ones((1, n), bool), played], xs[:, :, index[m.peak]], -np.inf)
        return series.max(axis=0)
    if m.mean is not None:
        series = xs[1:, :, index[m.mean]]
        return np.round((series * played).sum(axis=0) / np.maximum(played.sum(axis=0), 1), 4)
    levels = c.rung_level[paths[1:, :, c.index.ladder(m.ladder)]].astype(float)
    if m.level is not None:
        if m.level == "peak":
            return np.where(played, levels, -np.inf).max(axis=0)
        if m.level == "final":
            return levels[ended - 1, np.arange(n)]
        return np.round((levels * played).sum(axis=0) / np.maximum(played.sum(axis=0), 1), 4)
    if m.turns_in is not None:
        inside = np.isin(paths[1:], [c.index.rungs[r] for r in m.turns_in]).any(axis=2)
        return (inside & played).sum(axis=0).astype(float)
    assert m.reached is not None
    hit = (paths[1:] == c.index.rungs[m.reached]).any(axis=2) & played
    return np.where(hit.any(axis=0), np.argmax(hit, axis=0) + 1, c.scenario.turns.count + 1).astype(float)


def ratings(objective: Objective, values: np.ndarray) -> np.ndarray:
    """P/S/M/U points per game (3, 2, 1, 0)."""
    th = objective.thresholds
    out = np.zeros(values.shape)
    for points, cut in ((1.0, th.major), (2.0, th.some), (3.0, th.performed)):
        good = values >= cut if objective.better == "higher" else values <= cut
        out = np.where(good, points, out)
    return out


def side_scores(c: Compiled, side: int, paths: np.ndarray, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(wins, score) per game for a side with objectives: wins = every objective rated P."""
    objectives = c.scenario.sides[side].objectives
    if not objectives:
        return None
    points = np.stack([ratings(o, objective_values(c, o, paths, xs)) for o in objectives])
    return (points == 3.0).all(axis=0), points.mean(axis=0)


def check(c: Compiled, runs: int = 1000, seed: int = 1) -> Report:
    """Play every policy (and fixed loops) and collect the findings."""
    report = Report(scenario=c.scenario.id, runs=runs, seed=seed)
    _history(c, report)
    policies = usable_policies(c)
    weights = index_spec(c).ladder_weight
    reached = np.zeros(len(c.rung_ids), dtype=bool)
    chosen = np.zeros(c.n_moves, dtype=np.int64)
    descends: dict[str, float] = {}
    results: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for p in policies:
        paths, xs, counts = play(c, runs, [p] * c.n_sides, seed)
        results[p] = (paths, xs)
        reached[np.unique(paths)] = True
        if p != "random":
            chosen += counts
        rungs = paths[:, :, 0]
        ladders = sum_in_order(weights * c.rung_level[paths])  # (T + 1, N)
        descends[p] = float((np.diff(ladders, axis=0) < 0).any(axis=0).mean())
        report.policies[p] = {
            "mean_final_level": round(float(c.rung_level[rungs[-1]].mean()), 4),
            "descends": round(descends[p], 4),
        }
    for r in np.flatnonzero(~reached):
        rung = c.scenario.rungs[r]
        report.findings.append(Finding("unreachable_rung", "defect",
                                       f"rung '{rung.id}' ({rung.label}) was never reached in {runs} games of any policy"))
    _useless_moves(c, report, chosen, runs, seed)
    if max(descends.values()) < NO_DESCENT:
        report.findings.append(Finding(
            "no_deescalation", "defect",
            f"no policy ever brings the ladder down (below the start, or back from a rise): best is "
            f"{100 * max(descends.values()):.1f}% of games ({max(descends, key=lambda k: descends[k])})"))
    _perverse_lessons(c, report, runs, seed)
    _dominance(c, report, policies, runs, seed)
    return report


def _positions(c: Compiled, seed: int) -> list[BatchState]:
    """Where the advisor and the report judge moves: the opening, and the start of the next few turns
    of one game with every side on its default policy (the batch of one seeded `seed`)."""
    st = initial_state(c, 1)
    out = [st.copy()]
    policy = seat_policies(c, {})
    while len(out) < PERVERSE_TURNS and not st.over.all():
        t = st.turn + 1
        block = streams.uniforms(seed, t, streams.POLICY, policy_draw_shape(c, 1))
        legal = legal_mask(c, st)
        orders = np.stack([choose(c, st, legal, s, policy[s], block) for s in range(c.n_sides)], axis=1)
        advance(c, st, orders, streams.uniforms(seed, t, streams.ADJUDICATION, (1, c.n_draws)))
        if not st.over.all():
            out.append(st.copy())
    return out


def _perverse_lessons(c: Compiled, report: Report, runs: int, seed: int) -> None:
    """Moves the advisor or the report would call best that take a dangerous indicator past its threshold."""
    from wargame.sim.advisor import HOLD, TABLE_HORIZON, compare
    from wargame.sim.escalation import DECISION_LOOKAHEAD

    danger = Danger.of(c.scenario).ids
    if not danger:
        return
    rollouts = max(20, runs // 2)
    seen: set[tuple[str, str, str]] = set()
    for st in _positions(c, seed):
        legal = legal_mask(c, st)[0]
        for side in range(c.n_sides):
            candidates = [c.move_ids[m] for m in c.side_moves[side] if legal[m]] + [HOLD]
            if len(candidates) == 1:
                continue
            for judge, horizon in (("the advisor", TABLE_HORIZON), ("the report", DECISION_LOOKAHEAD)):
                forecasts, _ = compare(c, st.repeat(rollouts), side, candidates, {}, seed + st.turn, horizon, workers=1)
                best = min(forecasts, key=lambda m: forecasts[m].expected_index["mean"])
                if best == HOLD:
                    continue
                for ind in danger:
                    share, held = forecasts[best].danger[ind].value, forecasts[HOLD].danger[ind].value
                    if share < PERVERSE_SHARE or share - held < PERVERSE_MARGIN or (best, ind, judge) in seen:
                        continue
                    seen.add((best, ind, judge))
                    report.findings.append(Finding(
                        "perverse_lesson", "defect",
                        f"{judge} would call '{best}' ({c.side_ids[side]}) best on turn {st.turn + 1} (lowest expected "
                        f"escalation index over {horizon} turns), yet it takes '{ind}' past its danger threshold in "
                        f"{100 * share:.0f}% of games (holding: {100 * held:.0f}%): add a term on '{ind}' to the "
                        "scenario's index so that the score counts that danger"))


def _history(c: Compiled, report: Report) -> None:
    from wargame.engine.history import history_problems
    from wargame.scenario.loader import locate

    severity = "defect" if c.scenario.schema_version >= 2 else "warning"
    for problem in locate(c.scenario, history_problems(c.scenario)):
        report.findings.append(Finding("history", severity, str(problem)))


def _useless_moves(c: Compiled, report: Report, chosen: np.ndarray, runs: int, seed: int) -> None:
    s = c.scenario
    st = initial_state(c, 1)
    legal_now = legal_mask(c, st)[0]
    for m, move in enumerate(s.moves):
        if not move.on_success and not move.on_failure and move.trigger is None and move.trigger_on_failure is None:
            report.findings.append(Finding("useless_move", "defect", f"move '{move.id}' has no effect and pulls no trigger"))
            continue
        if chosen[m] == 0:
            report.findings.append(Finding("unused_move", "warning", f"move '{move.id}' is never ordered by any scoring policy"))
        if not legal_now[m]:
            continue
        side = c.side_ids.index(move.side)
        first = np.full((runs, c.n_sides, c.slots), -1, dtype=np.int64)
        first[:, side, 0] = m
        with_move = run_batch(c, runs, {}, seed, first_orders=first, keep_x=True)
        without = run_batch(c, runs, {move.side: "hold"}, seed, turns=1)
        # compare one turn with the move against one turn of holding, then the rest played alike
        held = run_batch(c, runs, {}, seed, start=without.final, keep_x=True)
        assert with_move.x is not None and held.x is not None
        d_level = abs(float(c.rung_level[with_move.rungs[-1]].mean() - c.rung_level[held.rungs[-1]].mean()))
        d_ind = float(np.abs(with_move.x[-1].mean(axis=0) - held.x[-1].mean(axis=0)).max())
        if d_level < EFFECT_LEVEL and d_ind < EFFECT_INDICATOR:
            report.findings.append(Finding(
                "ineffective_move", "warning",
                f"move '{move.id}' ordered on turn 1 changes the final level by {d_level:.3f} and no indicator by "
                f"more than {d_ind:.3f} (vs holding, {runs} games each)"))


def _dominance(c: Compiled, report: Report, policies: list[str], runs: int, seed: int) -> None:
    scoring = [p for p in policies if p != "hold"] + ["hold"]
    for side in range(c.n_sides):
        if not c.scenario.sides[side].objectives:
            continue
        side_id = c.side_ids[side]
        best_policy_score = best_policy_win = -np.inf
        always: list[str] = []
        for p in scoring:
            worst_win = 1.0
            for q in scoring:
                policy = [q] * c.n_sides
                policy[side] = p
                paths, xs, _ = play(c, runs, policy, seed)
                scores = side_scores(c, side, paths, xs)
                assert scores is not None
                worst_win = min(worst_win, float(scores[0].mean()))
            policy = seat_policies(c, {})  # the other sides on their defaults, as in the loop test
            policy[side] = p
            paths, xs, _ = play(c, runs, policy, seed)
            scores = side_scores(c, side, paths, xs)
            assert scores is not None
            best_policy_score = max(best_policy_score, float(scores[1].mean()))
            best_policy_win = max(best_policy_win, float(scores[0].mean()))
            report.policies.setdefault(p, {})[f"{side_id}_worst_win"] = round(worst_win, 4)
            if worst_win >= DOMINANT:
                always.append(p)
        for p in always:
            report.findings.append(Finding(
                "dominant_policy", "defect",
                f"{side_id} playing '{p}' wins (every objective rated P) in at least {100 * DOMINANT:.0f}% of games "
                "against every policy of the other sides"))
        own = [int(m) for m in c.side_moves[side]]
        budget, max_moves = int(c.side_budget[side]), int(c.side_max_moves[side])
        loops: list[tuple[int, ...]] = [(m,) for m in own]
        if max_moves >= 2:
            loops += [pair for pair in itertools.combinations(own, 2) if c.move_cost[list(pair)].sum() <= budget]
        for loop in loops:
            paths, xs, _ = play(c, runs, seat_policies(c, {}), seed, fixed={side: list(loop)})
            scores = side_scores(c, side, paths, xs)
            assert scores is not None
            win, score = float(scores[0].mean()), float(scores[1].mean())
            if win >= DOMINANT and score >= best_policy_score + LOOP_MARGIN:
                names = " + ".join(c.move_ids[m] for m in loop)
                report.findings.append(Finding(
                    "dominant_loop", "defect",
                    f"{side_id} ordering {names} every turn wins {100 * win:.0f}% of games and scores {score:.2f}, "
                    f"clearly better than any policy (best {best_policy_score:.2f})"))
        if best_policy_win >= DOMINANT:
            report.findings.append(Finding(
                "easy_objectives", "warning",
                f"{side_id} meets every objective in {100 * best_policy_win:.0f}% of games with its best policy "
                "against the other sides' default policies: its objectives may be too easy"))
