"""The move advisor: for the side about to move, what each legal move (and holding) likely leads to.

Information. The advisor sees only what the side sees: its latest estimates `game.observed[side]`
and the public history (rung, turn, which moves and events happened, cooldowns, scheduled
effects). Each rollout starts from a plausible true state: every estimated indicator is drawn
around the estimate with the indicator's observation noise (normal, bounded to its range); an
indicator the side cannot see is drawn around its opening value with a spread of a tenth of its
range. The true indicator values are never read.

Play. In the first turn the side orders the candidate move alone (or nothing, for "hold"); after
that it plays its seat's policy (a human seat: its side's default policy), as do all other sides.

Chance. Rollouts draw from the ADVISOR stream of (game seed, turn), so the same position gives
the same advice; every candidate uses the same sampled states and the same random numbers
(common random numbers), so differences between moves are not noise between runs.

Forecast, per candidate, over `horizon` turns (fewer if the game ends sooner), with 95% intervals:
- escalation_any: share of rollouts whose level rises above the current level at any point;
- escalation_end: share whose level at the end of the horizon is above the current level;
- expected_level: mean escalation level at the end of the horizon;
- holding_ceasefire: share ending in a holding ceasefire (definition in wargame.sim.summary);
- likely_rung: the rung most rollouts end on;
- expected_index: mean escalation index (the scenario's declared index, wargame.engine.index) summed
  over the horizon's turns, the measure the report's decision points use;
- danger: per dangerous indicator, the share of rollouts in which it goes past its threshold.
The last two are in `as_dict` (and so in the log) only for a scenario that declares its index or
marks indicators dangerous; `best` names the candidate with the lowest expected index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from wargame.engine import rng as streams
from wargame.engine.advising import plausible_states
from wargame.engine.compiled import Compiled
from wargame.engine.index import Danger, index_declared
from wargame.engine.state import BatchState
from wargame.sim.batch import default_workers, run_batch, seat_policies
from wargame.sim.summary import Share, mean_interval, outcome_flags

if TYPE_CHECKING:
    from wargame.engine.game import Game

HOLD = "hold"
# What a table shows on the move cards (hot-seat and split room alike, so both log the same advice).
TABLE_ROLLOUTS = 1000
TABLE_HORIZON = 6
PARALLEL_ROWS = 4000  # rollouts x candidates from which the advisor forks workers


@dataclass(frozen=True)
class Forecast:
    """What one candidate likely leads to."""

    move: str
    escalation_any: Share
    escalation_end: Share
    expected_level: dict[str, float]
    holding_ceasefire: Share
    likely_rung: str
    expected_index: dict[str, float] = field(default_factory=dict)
    danger: dict[str, Share] = field(default_factory=dict)
    declared: bool = False  # the scenario declares its index or dangerous indicators: say so in as_dict

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "escalation_any": self.escalation_any.as_dict(),
            "escalation_end": self.escalation_end.as_dict(),
            "expected_level": self.expected_level,
            "holding_ceasefire": self.holding_ceasefire.as_dict(),
            "likely_rung": self.likely_rung,
        }
        if self.declared:
            out["expected_index"] = self.expected_index
            out["danger"] = {k: v.as_dict() for k, v in self.danger.items()}
        return out


@dataclass(frozen=True)
class Advice:
    """Forecasts for every legal move of one side (and for holding), from one position."""

    side: str
    turn: int  # the turn about to be played
    rollouts: int
    horizon: int
    seed: int  # the advisor seed derived from (game seed, turn)
    current_level: int
    forecasts: dict[str, Forecast] = field(default_factory=dict)  # move id (or "hold") -> forecast

    @property
    def best(self) -> str:
        """The candidate (a move, or "hold") with the lowest expected escalation index."""
        return min(self.forecasts, key=lambda m: self.forecasts[m].expected_index["mean"])

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, for `game.record_advice(side, advice.as_dict())` and the move cards."""
        return {
            "side": self.side,
            "turn": self.turn,
            "rollouts": self.rollouts,
            "horizon": self.horizon,
            "seed": self.seed,
            "basis": "observed",
            "current_level": self.current_level,
            "moves": {move: f.as_dict() for move, f in self.forecasts.items()},
        }


def position_copy(game: Game) -> Game:
    """A copy of the game's position that the advisor may read on another thread while play goes on.

    It shares only what never changes during a game (scenario, compiled tables); it writes no log."""
    import copy

    view = copy.copy(game)
    view.state = game.state.copy()
    view.observed = copy.deepcopy(game.observed)
    view.seats = dict(game.seats)
    view.records, view.lines, view.sink = [], [], None
    view._sealed, view._forced = {}, []
    return view


def advisor_seed(game_seed: int, turn: int) -> int:
    """The rollouts' batch seed for a position: from the ADVISOR stream, never the game's own."""
    return int(streams.turn_generator(game_seed, turn, streams.ADVISOR).integers(0, 2**62))


def sample_states(game: Game, side: str, n: int, gen: np.random.Generator) -> BatchState:
    """N plausible true states given what `side` observes (see the module docstring)."""
    c = game.compiled
    seen = np.array([np.nan if v is None else v for v in (game.observed[side].get(i) for i in c.indicator_ids)])
    return plausible_states(c, game.state, seen, gen.standard_normal((n, c.n_indicators)))


def advise(game: Game, side: str, rollouts: int = 1000, horizon: int = 6, workers: int | None = None) -> Advice:
    """Forecasts for each legal move of `side` (and for holding) in the game's current position.

    `workers` > 1 plays the rollouts in forked processes (default: every core when there are
    PARALLEL_ROWS rollouts or more, on Linux); pass 1 to stay in this process."""
    from wargame.errors import GameOverError, WargameError

    if game.over:
        raise GameOverError("the game is over")
    c = game.compiled
    if side not in c.side_ids:
        raise WargameError(f"unknown side '{side}' (sides: {', '.join(c.side_ids)})")
    if rollouts < 1 or horizon < 1:
        raise WargameError("rollouts and horizon must be at least 1")
    s_index = c.side_ids.index(side)
    t0 = game.turn + 1
    seed = advisor_seed(game.seed, t0)
    gen = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 0])))
    candidates = [o.id for o in game.legal_moves(side) if o.legal] + [HOLD]
    base = sample_states(game, side, rollouts, gen)
    forecasts, played = compare(c, base, s_index, candidates, dict(game.seats), seed, horizon, workers)
    return Advice(
        side=side, turn=t0, rollouts=rollouts, horizon=played, seed=seed,
        current_level=int(c.rung_level[game.state.rung[0, 0]]), forecasts=forecasts,
    )


def compare(c: Compiled, base: BatchState, side: int, candidates: list[str], seats: dict[str, str], seed: int,
            horizon: int, workers: int | None = None) -> tuple[dict[str, Forecast], int]:
    """Forecasts of each candidate (a move of `side`, or "hold") ordered alone in the first turn from
    the R states of `base`, every candidate on the same states and the same dice (common random
    numbers); then every side plays its seat's policy. Returns the forecasts and the turns played."""
    k, r = len(candidates), base.n
    start = base.take(np.tile(np.arange(r), k))
    first = np.full((k * r, c.n_sides, c.slots), -1, dtype=np.int64)
    for j, move in enumerate(candidates):
        first[j * r : (j + 1) * r, side, 0] = -2 if move == HOLD else c.move_ids.index(move)
    if workers is None:
        workers = default_workers(k * r, parallel_from=PARALLEL_ROWS)
    per_worker = -(-k // max(1, workers))  # whole candidate blocks per chunk
    # an advisor seat plays integrated inside the rollouts (no forecast within a forecast)
    seats = {s: "integrated" if p == "advisor" else p for s, p in zip(c.side_ids, seat_policies(c, seats), strict=True)}
    result = run_batch(
        c, k * r, seats, seed, turns=horizon, start=start, first_orders=first,
        period=r, chunk=per_worker * r, workers=workers, keep_final=False, index=True,
    )
    path, level_path = result.rungs, result.levels
    played = path.shape[0] - 1
    cumulative = result.cumulative_index(base.turn + horizon if base.turn + horizon <= c.scenario.turns.count
                                         else c.scenario.turns.count)
    assert result.danger is not None
    danger_ids = Danger.of(c.scenario).ids
    declared = index_declared(c.scenario) or bool(danger_ids)
    now = c.rung_level[base.rung[0, 0]]
    forecasts = {}
    for j, move in enumerate(candidates):
        cols = slice(j * r, (j + 1) * r)
        lv, rg = level_path[:, cols], path[:, cols]
        flags = outcome_flags(c, rg)
        final_counts = np.bincount(rg[-1], minlength=len(c.rung_ids))
        forecasts[move] = Forecast(
            move=move,
            escalation_any=Share(int((lv[1:] > now).any(axis=0).sum()) if lv.shape[0] > 1 else 0, r),
            escalation_end=Share(int((lv[-1] > now).sum()), r),
            expected_level=mean_interval(lv[-1].astype(float)),
            holding_ceasefire=Share(int(flags["holding_ceasefire"].sum()), r),
            likely_rung=c.rung_ids[int(np.argmax(final_counts))],
            expected_index=mean_interval(cumulative[cols]),
            danger={k_id: Share(int(result.danger[cols, k].sum()), r) for k, k_id in enumerate(danger_ids)},
            declared=declared,
        )
    return forecasts, played
