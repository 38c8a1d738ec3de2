"""The UI's one door to the game: a Game, its log writer, the seats and the advisor.

Scenes ask the session what to show and tell it what a team or the white cell decided; the
session passes that to the engine (which decides every rule) and keeps the log durable. Nothing
in here imports pygame, so the session can be tested and reasoned about on its own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from wargame.engine import HUMAN, POLICIES, Game, MoveOption
from wargame.errors import WargameError
from wargame.logfile import LogWriter, read_log
from wargame.scenario.models import Scenario


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
    """The advisor's forecast for one move card."""

    escalation: float | None  # chance the ladder goes up within the horizon
    expected_level: float | None
    ceasefire: float | None = None  # chance of ending in a holding ceasefire
    escalation_low: float | None = None  # interval around `escalation`
    escalation_high: float | None = None


@dataclass(frozen=True)
class Debrief:
    final_rung: str
    final_label: str
    outcome: str | None
    reason: str | None
    levels: list[int]  # level at the start and after each turn
    rungs: list[str]
    headline: str | None  # from the scoring module, when it is there
    scores: dict[str, Any] | None


def default_log_path(scenario_id: str, now: datetime | None = None) -> Path:
    """logs/<scenario>-<YYYYmmdd-HHMMSS>.jsonl under the current folder."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path("logs") / f"{scenario_id}-{stamp}.jsonl"


def seat_choices(scenario: Scenario, side_id: str) -> list[str]:
    """What may sit in a side's seat: a human team (if the side is playable) or any AI policy."""
    policies = [p for p in POLICIES if p != "historical" or scenario.history is not None]
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
    _advice: dict[tuple[int, str], dict[str, Forecast]] = field(default_factory=dict)

    # --- starting and stopping ---------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, seed: int, seats: dict[str, str], log_path: Path | None,
              created: str | None = None, teams: dict[str, str] | None = None) -> Session:
        for side, seat in seats.items():
            if seat == HUMAN and side in {s.id for s in scenario.sides} and not scenario.side(side).playable:
                raise WargameError(f"{scenario.side(side).label} is played by the computer only")
        path = Path(log_path) if log_path else default_log_path(scenario.id)
        writer = LogWriter(path)
        try:
            game = Game.new(scenario, seed, seats, created=created, teams=teams, sink=writer)
        except BaseException:
            writer.close()
            if path.exists() and path.stat().st_size == 0:
                path.unlink()
            raise
        return cls(scenario, game, path, writer)

    @classmethod
    def resume(cls, path: str | Path, scenario: Scenario | None = None) -> Session:
        """Continue a game from its log; records after the last complete one are cut away."""
        from wargame.cli.verify import scenario_for_log
        from wargame.engine import resume

        contents = read_log(path)
        scenario = scenario or scenario_for_log(contents.lines, None)
        game = resume(contents.lines, scenario)
        writer = LogWriter(path, fresh=False, repair=contents)
        game.sink = writer
        return cls(scenario, game, Path(path), writer)

    def close(self) -> None:
        if self.writer is not None:
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

    def moves(self, side: str) -> list[MoveOption]:
        return self.game.legal_moves(side)

    def budget(self, side: str) -> tuple[int, int]:
        spec = self.scenario.side(side)
        return spec.budget, spec.max_moves

    def estimates(self, side: str) -> list[Estimate]:
        """The side's own noisy view of the indicators it may see."""
        seen = self.game.observed[side]
        out = []
        for ind in self.scenario.indicators:
            if ind.observed_by is not None and side not in ind.observed_by:
                continue
            value = seen.get(ind.id)
            out.append(Estimate(ind.id, ind.label, value, ind.noise, ind.min, ind.max, ind.unit, ind.better))
        return out

    def rung_history(self) -> list[str]:
        """The rung at the start and after every turn and override, in order."""
        rungs = [self.scenario.start]
        for r in self.game.records:
            if r["type"] == "turn":
                rungs.append(r["rung"])
            elif r["type"] == "override" and "rung" in r.get("changes", {}):
                rungs.append(r["changes"]["rung"]["to"])
        return rungs

    def last_turn_record(self) -> dict[str, Any] | None:
        for r in reversed(self.game.records):
            if r["type"] == "turn":
                return dict(r)
        return None

    # --- orders and resolution -----------------------------------------------------------------

    def submit(self, side: str, moves: list[str], intent: str = "") -> None:
        self.game.submit(side, moves, intent=intent[:280])

    def resolve(self) -> dict[str, Any]:
        return dict(self.game.resolve())

    def end_record(self) -> dict[str, Any] | None:
        last = self.game.records[-1]
        return dict(last) if last["type"] == "end" else None

    # --- the white cell ------------------------------------------------------------------------

    def injects(self) -> list[tuple[str, str]]:
        return [(i.id, i.label) for i in self.scenario.injects]

    def rungs(self) -> list[tuple[str, str]]:
        return [(r.id, r.label) for r in self.scenario.rungs]

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

    # --- advisor -------------------------------------------------------------------------------

    def advice(self, side: str) -> dict[str, Forecast] | None:
        """Per-move forecasts for the side about to choose, computed once a turn and logged."""
        if not self.game.advisor_on or self.over:
            return None
        key = (self.turn, side)
        if key in self._advice:
            return self._advice[key]
        advise = _optional("wargame.sim.advisor", "advise")
        if advise is None:
            return None
        try:
            result = advise(self.game, side, rollouts=1000, horizon=6)
        except Exception as exc:  # the advisor is optional and built elsewhere: the table must go on
            self.advisor_problem = f"advisor unavailable: {exc}"
            self._advice[key] = {}
            return None
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        self.game.record_advice(side, data)
        forecasts = parse_advice(data, [m.id for m in self.game.legal_moves(side)])
        self._advice[key] = forecasts
        return forecasts

    # --- debrief --------------------------------------------------------------------------------

    def debrief(self) -> Debrief:
        records = self.game.records
        levels = [self.scenario.rung(self.scenario.start).level]
        rungs = [self.scenario.start]
        for r in records:
            if r["type"] == "turn":
                levels.append(int(r["level"]))
                rungs.append(r["rung"])
        end = self.end_record()
        headline, scores = None, None
        score_game = _optional("wargame.report.scoring", "score_game")
        if score_game is not None:
            try:
                result = score_game(records, self.scenario)
                if hasattr(result, "headline"):
                    scores = dict(result.headline())
                else:
                    scores = result.as_dict() if hasattr(result, "as_dict") else dict(result)
                headline = score_headline(scores)
            except WargameError:
                scores = None
        rung = self.scenario.rung(self.game.rung)
        return Debrief(rung.id, rung.label, end.get("outcome") if end else None,
                       end.get("reason") if end else None, levels, rungs, headline, scores)


def _optional(module: str, name: str) -> Any:
    """A function from a module another part of the project provides, or None if it is not there."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _number(d: dict[str, Any], *words: str) -> float | None:
    """The first number (or the share/mean of a nested summary) under a key containing all words."""
    for key, value in d.items():
        if all(w in key.lower() for w in words):
            if isinstance(value, dict):
                value = value.get("share", value.get("mean"))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
    return None


def parse_advice(data: dict[str, Any], move_ids: list[str]) -> dict[str, Forecast]:
    """Each move's forecast from the advisor's dict (`moves: {id: {...}}`, or a list of dicts with `move`)."""
    wanted = set(move_ids)
    found: dict[str, dict[str, Any]] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in wanted and isinstance(value, dict):
                    found.setdefault(key, value)
                else:
                    visit(value)
            ident = node.get("move") or node.get("id")
            if isinstance(ident, str) and ident in wanted:
                found.setdefault(ident, node)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(data)
    out = {}
    for move_id, d in found.items():
        esc = _number(d, "escalation", "any")
        if esc is None:
            esc = _number(d, "escalat")
        spread = next((v for k, v in d.items() if "escalat" in k.lower() and isinstance(v, dict)), {})
        level = _number(d, "expected", "level")
        if level is None:
            level = _number(d, "mean", "level")
        out[move_id] = Forecast(esc, level, _number(d, "ceasefire"),
                                spread.get("low"), spread.get("high"))
    return out


def score_headline(scores: dict[str, Any]) -> str | None:
    """One line for the debrief from the scoring module's summary."""
    for key in ("headline", "summary"):
        if isinstance(scores.get(key), str):
            return str(scores[key])
    if all(isinstance(scores.get(k), (int, float)) for k in ("peak", "final", "cumulative")):
        text = (f"escalation index peak {scores['peak']:.1f}"
                + (f" (turn {scores['peak_turn']})" if scores.get("peak_turn") else "")
                + f", final {scores['final']:.1f}, summed {scores['cumulative']:.1f}")
        back = scores.get("turns_peak_to_calm")
        text += "; never back to calm after the peak" if back is None else f"; back to calm {back} turns after the peak"
        ratings = scores.get("ratings") or {}
        if ratings:
            text += ". Objectives: " + ", ".join(f"{k.replace('.', ': ').replace('_', ' ')} {v}" for k, v in ratings.items())
        return text
    total = _number(scores, "total") or _number(scores, "score")
    return f"Score {total:.0f}" if total is not None else None
