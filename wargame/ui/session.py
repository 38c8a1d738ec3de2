"""The UI's one door to the game: a Game, its log writer, the seats and the advisor.

Scenes ask the session what to show and tell it what a team or the white cell decided; the
session passes that to the engine (which decides every rule) and keeps the log durable. Nothing
in here imports pygame, so the session can be tested and reasoned about on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wargame.engine import HUMAN, Game, MoveOption
from wargame.engine.policies import policy_names
from wargame.engine.turnlog import rung_path, rung_paths
from wargame.errors import WargameError
from wargame.logfile import LogWriter
from wargame.logged import resume_logged, start_logged
from wargame.scenario.models import Scenario
from wargame.sim.advisor import HOLD, TABLE_HORIZON, TABLE_ROLLOUTS
from wargame.ui.forecasting import Forecaster

if TYPE_CHECKING:
    from wargame.report.counterfactual import RiskReduced
    from wargame.report.scoring import GameScores

ADVISOR_ROLLOUTS = TABLE_ROLLOUTS
ADVISOR_HORIZON = TABLE_HORIZON
RISK_RUNS = 400  # the report's default, so the debrief and `wargame report` print the same figure


@dataclass(frozen=True)
class Estimate:
    """What a team sees of one indicator: an estimate and its spread, never the true value."""

    id: str
    label: str
    value: float | None
    noise: float
    low: float
    high: float
    unit: str
    better: str


@dataclass(frozen=True)
class Forecast:
    """The advisor's forecast for one move card (or for holding), over its horizon."""

    escalation: float  # chance the ladder rises above the current level at any point
    expected_level: float  # mean level at the end of the horizon
    ceasefire: float  # chance of ending in a holding ceasefire
    escalation_low: float | None = None  # 95% interval around `escalation`
    escalation_high: float | None = None
    likely_rung: str | None = None
    level_low: float | None = None  # 95% interval around `expected_level` (the forecast's uncertainty)
    level_high: float | None = None


@dataclass(frozen=True)
class Advice:
    """What the advisor said to one side this turn: a forecast per legal move and for holding."""

    moves: dict[str, Forecast]
    hold: Forecast | None
    rollouts: int
    horizon: int


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief screen shows, computed once when the game ends."""

    final_rung: str
    final_label: str
    outcome: str | None
    reason: str | None
    levels: list[int]  # level at the start and after each turn
    rungs: list[str]
    scores: GameScores | None  # the same scoring code path as `wargame report`
    risk: RiskReduced | None  # the report's headline counterfactual
    risk_problem: str | None = None  # why `risk` is missing


def default_log_path(scenario_id: str, now: datetime | None = None) -> Path:
    """logs/<scenario>-<YYYYmmdd-HHMMSS>.jsonl under the current folder."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path("logs") / f"{scenario_id}-{stamp}.jsonl"


TEAMS_BY_DEFAULT = 2  # a crisis has two parties at the table; later sides (mediators...) start as computer


def default_seats(scenario: Scenario) -> dict[str, str]:
    """Seats before anyone changes them: the first two playable sides are teams, the rest the computer."""
    seats: dict[str, str] = {}
    teams = 0
    for side in scenario.sides:
        if side.playable and teams < TEAMS_BY_DEFAULT:
            seats[side.id] = HUMAN
            teams += 1
        else:
            seats[side.id] = side.default_policy
    return seats


def seat_label(seat: str) -> str:
    """A seat as the table names it: 'a team' or 'the computer: integrated policy'."""
    return "a team at the table" if seat == HUMAN else f"the computer: {seat} policy"


@dataclass(frozen=True)
class ResumeNotice:
    """What a resumed game tells the room: orders of the interrupted turn were not saved."""

    turn: int  # the turn that was in progress, as the table numbers it (1 = the first)
    sides: tuple[str, ...]  # teams that give that turn's orders again
    cut: str | None = None  # a half-written last record that was cut away, if any


def side_estimates(scenario: Scenario, side: str, seen: dict[str, float | None]) -> list[Estimate]:
    """A side's estimates of the indicators it may see (from its observation), in the scenario's order."""
    return [
        Estimate(ind.id, ind.label, seen.get(ind.id), ind.noise, ind.min, ind.max, ind.unit, ind.better)
        for ind in scenario.indicators
        if ind.observed_by is None or side in ind.observed_by
    ]


def seat_choices(scenario: Scenario, side_id: str) -> list[str]:
    """What may sit in a side's seat: a human team (if the side is playable) or any AI policy."""
    policies = [p for p in policy_names(scenario) if p != "historical" or scenario.history is not None]
    return ([HUMAN] if scenario.side(side_id).playable else []) + policies


@dataclass
class Session:
    """A game being played at the table."""

    scenario: Scenario
    game: Game
    log_path: Path
    writer: LogWriter | None
    paused: bool = False
    advisor_problem: str | None = None
    resumed: ResumeNotice | None = None
    timer_seconds: int = 0  # the table's turn timer per team (0: no timer); not part of the game
    timer_seals: bool = False  # when it runs out, seal the orders as they stand (else only say so)
    odds_seen: dict[int, dict[str, dict[str, float]]] = field(default_factory=dict)  # turn -> side -> move -> estimate
    _advice: dict[tuple[int, str], Advice] = field(default_factory=dict)
    _forecaster: Forecaster = field(default_factory=Forecaster)

    # --- starting and stopping ---------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, seed: int, seats: dict[str, str], log_path: Path | None,
              created: str | None = None, teams: dict[str, str] | None = None, history: int | None = None) -> Session:
        path = Path(log_path) if log_path else default_log_path(scenario.id)
        game, writer = start_logged(scenario, seed, seats, path, created, teams, history)
        return cls(scenario, game, path, writer)

    @classmethod
    def resume(cls, path: str | Path, scenario: Scenario | None = None, writer: LogWriter | None = None) -> Session:
        """Continue a game from its log, holding it against any other writer (`writer`, when the
        caller took the lock already); records after the last complete one are cut away, and an end
        record the game owed the log is written.

        Orders sealed in the interrupted turn were never written (they are secret until the turn
        is resolved), so `resumed` names the teams that must give them again."""
        game, writer, contents = resume_logged(Path(path), scenario, writer)
        session = cls(game.scenario, game, Path(path), writer)
        if not game.over:
            session.resumed = ResumeNotice(game.turn + 1, tuple(game.waiting_for()), contents.warning)
        return session

    def close(self) -> None:
        """Stop writing; a game not over is marked paused, so its log reads as set aside, not cut short."""
        self._forecaster.close()
        if self.writer is not None:
            try:
                self.game.pause()
            finally:
                self.writer.close()
                self.writer = None

    # --- what the table sees -----------------------------------------------------------------

    @property
    def turn(self) -> int:
        """Turns completed so far."""
        return self.game.turn

    @property
    def over(self) -> bool:
        return self.game.over

    @property
    def version(self) -> int:
        """Grows whenever the game changes (a record is written): screens repaint when it does."""
        return len(self.game.records)

    @property
    def turn_count(self) -> int:
        return self.scenario.turns.count

    @property
    def rung(self) -> str:
        return self.game.rung

    def side_label(self, side: str) -> str:
        return self.scenario.side(side).label

    def human_sides(self) -> list[str]:
        return self.game.human_sides()

    def all_ai(self) -> bool:
        return not self.game.human_sides()

    def waiting_for(self) -> list[str]:
        return self.game.waiting_for()

    def sealed_sides(self) -> list[str]:
        """Teams whose orders are sealed this turn (the white cell may still withdraw them)."""
        return [s for s in self.game.sealed_sides() if s in self.game.human_sides()]

    def seats(self) -> dict[str, str]:
        return dict(self.game.seats)

    def team_name(self, side: str) -> str:
        """The name the team gave at setup, or '' (kept in the log's header)."""
        return str((self.game.records[0].get("teams") or {}).get(side, ""))

    def moves(self, side: str) -> list[MoveOption]:
        return self.game.legal_moves(side)

    def budget(self, side: str) -> tuple[int, int]:
        spec = self.scenario.side(side)
        return spec.budget, spec.max_moves

    def estimates(self, side: str) -> list[Estimate]:
        """The side's own noisy view of the indicators it may see."""
        return side_estimates(self.scenario, side, self.game.observed[side])

    def rung_history(self) -> list[str]:
        """The main ladder's rung at the start and after every turn and override, in order."""
        return rung_path(self.scenario.main_ladder.start, self.game.records)

    @property
    def ladder_rungs(self) -> dict[str, str]:
        """Every ladder's rung now, main ladder first: ladder id -> rung id."""
        return self.game.rungs

    def ladder_histories(self) -> dict[str, list[str]]:
        """Each ladder's trail (start, then after every turn and override), main ladder first."""
        return rung_paths({x.id: x.start for x in self.scenario.all_ladders}, self.game.records)

    def last_turn_record(self) -> dict[str, Any] | None:
        for r in reversed(self.game.records):
            if r["type"] == "turn":
                return dict(r)
        return None

    # --- orders and resolution -----------------------------------------------------------------

    def submit(self, side: str, moves: list[str], intent: str = "") -> None:
        self.game.submit(side, moves, intent=intent[:280])

    def resolve(self) -> dict[str, Any]:
        """Resolve the turn; remembers each side's own estimate of its odds for the resolution screen."""
        seen = {side: {o.id: o.odds for o in self.game.legal_moves(side)} for side in self.game.seats}
        record = dict(self.game.resolve())
        self.odds_seen[int(record["turn"])] = seen
        self.resumed = None
        return record

    def estimated_odds(self, turn: int, side: str, move: str) -> float | None:
        """What `side` estimated the odds of its `move` to be when `turn` was resolved (None: unknown)."""
        return self.odds_seen.get(turn, {}).get(side, {}).get(move)

    def end_record(self) -> dict[str, Any] | None:
        last = self.game.records[-1]
        return dict(last) if last["type"] == "end" else None

    # --- the white cell ------------------------------------------------------------------------

    def injects(self) -> list[tuple[str, str]]:
        return [(i.id, i.label) for i in self.scenario.injects]

    def rungs(self) -> list[tuple[str, str]]:
        """Every rung for the white cell's override, named with its ladder when there are several."""
        s = self.scenario
        if len(s.all_ladders) == 1:
            return [(r.id, r.label) for r in s.rungs]
        return [(r.id, f"{s.ladder(ladder.id).label}: {r.label}") for ladder in s.all_ladders for r in s.rungs_on(ladder.id)]

    def note(self, text: str) -> None:
        self.game.note(text)

    def inject(self, inject_id: str) -> None:
        self.game.inject(inject_id)

    def override_rung(self, reason: str, rung: str) -> None:
        self.game.override(reason, rung=rung)

    @property
    def advisor_on(self) -> bool:
        return self.game.advisor_on

    def set_advisor(self, on: bool) -> None:
        self.game.set_advisor(on)

    def unseal(self, side: str, reason: str = "") -> None:
        """Withdraw a team's sealed orders before resolution; it chooses again (logged)."""
        if side not in self.game.sealed_sides():
            raise WargameError(f"{self.side_label(side)} has no sealed orders to withdraw")
        self.game.unseal(side, reason)

    def set_seat(self, side: str, seat: str) -> None:
        """Hand a side to a team or to a computer policy, from this turn's orders on (logged)."""
        if self.game.seats.get(side) == seat:
            return
        self.game.set_seat(side, seat)

    def timer_expired(self, side: str, sealed: bool) -> None:
        """The table's turn timer ran out for a team (logged, with whether its orders were sealed)."""
        self.game.timer_expired(side, self.timer_seconds, sealed)

    # --- advisor -------------------------------------------------------------------------------

    def request_advice(self, side: str) -> None:
        """Start the side's forecast in the background (the hand-off screen does, so it is ready sooner)."""
        if self.game.advisor_on and not self.over and self._logged_advice(side) is None:
            self._forecaster.request(self.game, side, ADVISOR_ROLLOUTS, ADVISOR_HORIZON)

    def advice_pending(self, side: str) -> bool:
        """True while the side's forecast is being computed (the cards say "forecasting...")."""
        return (self.game.advisor_on and not self.over and (self.turn, side) not in self._advice
                and self._forecaster.pending(self.game, side))

    def advice(self, side: str) -> Advice | None:
        """The advisor's forecasts for the side about to choose, if ready; never waits.

        Computed once a turn on a worker thread from a copy of the position; logged here, on the
        table's thread, the first time the table can show it (a resumed game reuses what its log
        already holds for this turn)."""
        if not self.game.advisor_on or self.over:
            return None
        key = (self.turn, side)
        if key in self._advice:
            return self._advice[key]
        data = self._logged_advice(side)
        if data is None:
            self.request_advice(side)
            try:
                data = self._forecaster.result(self.game, side)
            except Exception as exc:  # an advisor failure must not stop the table: the cards go on without it
                self.advisor_problem = f"advisor unavailable: {exc}"
                return None
            if data is None:
                return None
            self.game.record_advice(side, data)
        self.advisor_problem = None
        self._advice[key] = parse_advice(data)
        return self._advice[key]

    def _logged_advice(self, side: str) -> dict[str, Any] | None:
        """Forecasts already in the log for this turn and side (after a resume), else None."""
        for r in reversed(self.game.records):
            if r["type"] == "turn":
                return None
            if r["type"] == "advice" and r["side"] == side and r["turn"] == self.turn:
                return dict(r["forecasts"])
        return None

    # --- debrief --------------------------------------------------------------------------------

    def debrief(self, risk_runs: int = RISK_RUNS) -> Debrief:
        """Final rung, curve, scores and risk reduced: the figures `wargame report` prints for this log."""
        from wargame.engine import compile_scenario
        from wargame.report.counterfactual import risk_reduced
        from wargame.report.scoring import score_game

        records = self.game.records
        levels = [self.scenario.rung(self.scenario.main_ladder.start).level]
        rungs = [self.scenario.main_ladder.start]
        for r in records:
            if r["type"] == "turn":
                levels.append(int(r["level"]))
                rungs.append(r["rung"])
        end = self.end_record()
        scores: GameScores | None = None
        risk: RiskReduced | None = None
        problem = None
        try:
            scores = score_game(records, self.scenario)
            risk = risk_reduced(records, compile_scenario(self.scenario), scores, runs=risk_runs)
        except Exception as exc:  # a scoring failure must not hide the debrief: it says what is missing
            problem = f"not computed ({exc})"
        rung = self.scenario.rung(self.game.rung)
        return Debrief(rung.id, rung.label, end.get("outcome") if end else None,
                       end.get("reason") if end else None, levels, rungs, scores, risk, problem)


def _forecast(d: dict[str, Any]) -> Forecast:
    rise, level = d["escalation_any"], d["expected_level"]
    return Forecast(float(rise["share"]), float(level["mean"]),
                    float(d["holding_ceasefire"]["share"]), rise.get("low"), rise.get("high"),
                    d.get("likely_rung"), level.get("low"), level.get("high"))


def parse_advice(data: dict[str, Any]) -> Advice:
    """The advisor's dict (`wargame.sim.advisor.Advice.as_dict`) as forecasts per move and for holding."""
    moves: dict[str, Forecast] = {}
    for move_id, d in (data.get("moves") or {}).items():
        try:
            moves[move_id] = _forecast(d)
        except (KeyError, TypeError, ValueError):  # a malformed entry loses its forecast, not the table
            continue
    hold = moves.pop(HOLD, None)
    return Advice(moves, hold, int(data.get("rollouts", 0)), int(data.get("horizon", 0)))
