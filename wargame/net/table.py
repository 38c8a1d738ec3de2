"""The split room's one authoritative game: its log, who has sealed, and the white cell's pace controls.

Everything that changes the game goes through here, on one thread (the host's event loop), so the
log is written by one writer in one order. Teams seal orders; the turn resolves when every human
side has sealed (unless the white cell has paused the room) or when the white cell forces it; a
turn timer counts down in the room's view. A side whose team has dropped can be handed to a
policy; each white-cell act that changes the game is logged (as a note, and in the orders' `by`).
Nothing here touches the network: `wargame.net.host` carries it to the clients.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.engine import HUMAN, POLICIES, Game
from wargame.engine.turnlog import rung_path
from wargame.errors import GameOverError, IllegalMoveError, WargameError
from wargame.logfile import LogWriter, read_log
from wargame.net.fog import public_turn, team_view
from wargame.net.protocol import MAX_INTENT, RoomView, TeamView, TimerView
from wargame.scenario.models import Scenario

FORCED = "white cell: resolved without orders"  # `by` of a side that had not sealed when the turn was forced


@dataclass
class TurnTimer:
    """A countdown for each turn, restarted when a turn begins; it only warns unless told to resolve."""

    clock: Callable[[], float]
    length: float | None = None  # seconds per turn; None: no timer
    deadline: float | None = None  # clock time at which this turn's time is up
    left: float | None = None  # seconds left, kept while paused
    resolve_when_up: bool = False

    def set(self, seconds: float | None, paused: bool) -> None:
        if seconds is not None and not 10 <= seconds <= 24 * 3600:
            raise WargameError("a turn timer must be between 10 seconds and 24 hours")
        self.length = seconds
        self.restart(paused)

    def restart(self, paused: bool) -> None:
        """A new turn begins: the full length again."""
        self.deadline = self.left = None
        if self.length is not None:
            if paused:
                self.left = self.length
            else:
                self.deadline = self.clock() + self.length

    def pause(self) -> None:
        if self.deadline is not None:
            self.left = max(0.0, self.deadline - self.clock())
            self.deadline = None

    def resume(self) -> None:
        if self.left is not None:
            self.deadline = self.clock() + self.left
            self.left = None

    def remaining(self) -> float | None:
        if self.length is None:
            return None
        if self.deadline is None:
            return self.left or 0.0
        return max(0.0, self.deadline - self.clock())

    def view(self) -> TimerView | None:
        left = self.remaining()
        if self.length is None or left is None:
            return None
        return TimerView(length=self.length, remaining=round(left, 1), running=self.deadline is not None,
                         resolve_when_up=self.resolve_when_up)


@dataclass
class Table:
    """One game in a split room (build with `Table.start` or `Table.resume`)."""

    game: Game
    log_path: Path
    writer: LogWriter | None
    clock: Callable[[], float] = time.monotonic
    paused: bool = False
    notice: str | None = None
    handed: dict[str, str] = field(default_factory=dict)  # human side -> policy playing it for now
    advice: dict[str, dict[str, Any]] = field(default_factory=dict)  # this position's logged advice per side
    epoch: int = 0  # bumped whenever the position changes; advice computed for an older epoch is dropped
    timer: TurnTimer = field(init=False)

    def __post_init__(self) -> None:
        self.timer = TurnTimer(self.clock)

    # --- making one -----------------------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, seed: int, seats: dict[str, str], log_path: Path,
              created: str | None = None, clock: Callable[[], float] = time.monotonic) -> Table:
        """A new game and its log; every human seat must be a playable side."""
        for side, seat in seats.items():
            if seat == HUMAN and side in {s.id for s in scenario.sides} and not scenario.side(side).playable:
                raise WargameError(f"{scenario.side(side).label} is played by the computer only")
        writer = LogWriter(log_path)
        try:
            game = Game.new(scenario, seed, seats, created=created, sink=writer)
        except BaseException:
            writer.close()
            if log_path.exists() and log_path.stat().st_size == 0:
                log_path.unlink()
            raise
        return cls(game, log_path, writer, clock)

    @classmethod
    def resume(cls, log_path: Path, scenario: Scenario, clock: Callable[[], float] = time.monotonic) -> Table:
        """The game a log describes (replayed and checked), appended to from where it stopped."""
        contents = read_log(log_path)
        game = Game.resume(contents.lines, scenario)
        writer = LogWriter(log_path, fresh=False, repair=contents)
        game.sink = writer
        table = cls(game, log_path, writer, clock)
        table.advice = logged_advice(game.records)
        return table

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    # --- what the room sees -----------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    def label(self, side: str) -> str:
        return self.scenario.side(side).label

    def teams(self) -> list[str]:
        """The human sides, in the scenario's order."""
        return self.game.human_sides()

    def waiting_for(self) -> list[str]:
        """Human sides the turn still waits for (a side handed to a policy does not wait)."""
        return [s for s in self.game.waiting_for() if s not in self.handed]

    def ready(self) -> bool:
        """Every team has sealed and the white cell has not held the room: resolve now."""
        return not self.game.over and not self.paused and not self.waiting_for()

    def room_view(self, connected: list[str], observers: int) -> RoomView:
        game = self.game
        last = next((r for r in reversed(game.records) if r["type"] == "turn"), None)
        end = game.records[-1] if game.records[-1]["type"] == "end" else None
        return RoomView(
            turn=game.turn,
            turn_count=self.scenario.turns.count,
            over=game.over,
            rung=game.rung,
            rung_history=rung_path(self.scenario.main_ladder.start, game.records),
            seats=dict(game.seats),
            teams=dict(game.records[0].get("teams") or {}),
            waiting_for=self.waiting_for() if not game.over else [],
            handed=dict(self.handed),
            connected=connected,
            observers=observers,
            advisor_on=game.advisor_on,
            paused=self.paused,
            timer=self.timer.view() if not game.over else None,
            last_turn=public_turn(last) if last is not None else None,
            end={k: v for k, v in end.items() if k not in ("hash", "prev")} if end is not None else None,
            notice=self.notice,
            log_name=self.log_path.name,
        )

    def team_view(self, side: str) -> TeamView:
        return team_view(self.game, side, self.advice.get(side), side in self.advice_wanted())

    # --- teams ------------------------------------------------------------------------------------

    def seal(self, side: str, turn: int, moves: list[str], intent: str) -> bool:
        """Seal a team's orders; False if these very orders were already sealed (a resend). Raises why not."""
        game = self.game
        if game.over:
            raise GameOverError("the game is over")
        if turn != game.turn + 1:
            raise IllegalMoveError(f"these orders are for turn {turn}, but the game is at turn {game.turn + 1}")
        if side in self.handed:
            raise IllegalMoveError(
                f"the white cell has handed {self.label(side)} to the {self.handed[side]} policy; ask to take it back"
            )
        if game.seats.get(side) != HUMAN:
            raise IllegalMoveError(f"{self.label(side)} is played by the computer")
        intent = intent.strip()[:MAX_INTENT]
        sealed = game.sealed_orders(side)
        if sealed is not None:
            if list(sealed.moves) == list(moves) and sealed.intent == intent:
                return False
            raise IllegalMoveError(f"{self.label(side)} has already sealed its orders for this turn")
        game.submit(side, moves, intent=intent)
        return True

    # --- resolution ----------------------------------------------------------------------------------

    def resolve(self, forced_by: str | None = None) -> dict[str, Any]:
        """Adjudicate the turn. Without `forced_by`, every human side must have sealed; with it, the
        white cell forces the turn: a note says so and a side with no orders holds (logged in `by`)."""
        game = self.game
        if game.over:
            raise GameOverError("the game is over")
        missing = self.waiting_for()
        if missing and forced_by is None:
            raise IllegalMoveError("waiting for orders from " + ", ".join(self.label(s) for s in missing))
        for side, policy in self.handed.items():
            if game.sealed_orders(side) is None:
                game.submit(side, game.policy_orders(side, policy), by=f"policy:{policy}")
        if missing:
            names = ", ".join(self.label(s) for s in missing)
            game.note(f"{self.scenario.turns.label} {game.turn + 1} resolved by the white cell ({forced_by}) "
                      f"without orders from {names}: no moves for them this turn")
            for side in missing:
                game.submit(side, [], by=FORCED)
        record = game.resolve()
        self.position_changed()
        self.timer.restart(self.paused)
        self.notice = (f"{self.scenario.turns.label} {record['turn']} resolved by the white cell ({forced_by})"
                       if forced_by else None)
        return record

    def position_changed(self) -> None:
        """The game moved on (a turn or an override): this position's advice starts over."""
        self.epoch += 1
        self.advice = {}

    # --- the white cell ------------------------------------------------------------------------------

    def set_paused(self, paused: bool) -> None:
        """Hold the room: no turn resolves by itself and the timer stops, until resumed."""
        self.paused = paused
        if paused:
            self.timer.pause()
        else:
            self.timer.resume()

    def set_timer(self, seconds: float | None, resolve_when_up: bool | None = None) -> None:
        self.timer.set(seconds, self.paused)
        if resolve_when_up is not None:
            self.timer.resolve_when_up = resolve_when_up

    def time_up(self) -> bool:
        """True when this turn's time has run out (the room is told; a turn resolves only if asked)."""
        left = self.timer.remaining()
        return left is not None and left <= 0 and not self.game.over

    def hand_over(self, side: str, policy: str | None) -> None:
        """Give a human side to a policy (its team dropped), or back to its team (policy None); logged."""
        if side not in self.teams():
            raise WargameError(f"{side} is not a team's side (teams: {', '.join(self.teams())})")
        label = self.label(side)
        if policy is None:
            if self.handed.pop(side, None) is not None:
                self.game.note(f"{label} is back with its team")
            return
        if policy not in POLICIES or (policy == "historical" and self.scenario.history is None):
            raise WargameError(f"unknown policy '{policy}' (policies: {', '.join(POLICIES)})")
        if self.game.sealed_orders(side) is not None:
            raise IllegalMoveError(f"{label} has already sealed its orders for this turn")
        self.handed[side] = policy
        self.game.note(f"{label} handed to the {policy} policy by the white cell")

    def note(self, text: str) -> None:
        self.game.note(text)

    def inject(self, inject_id: str) -> None:
        self.game.inject(inject_id)

    def override_rung(self, reason: str, rung: str) -> None:
        self.game.override(reason, rung=rung)
        self.position_changed()

    def set_advisor(self, on: bool) -> None:
        self.game.set_advisor(on)

    # --- the advisor ---------------------------------------------------------------------------------

    def advice_wanted(self) -> list[str]:
        """Teams that should get advice for this position and have none yet, in the scenario's order."""
        if not self.game.advisor_on or self.game.over:
            return []
        return [s for s in self.teams()
                if s not in self.advice and s not in self.handed and self.game.sealed_orders(s) is None]

    def record_advice(self, side: str, data: dict[str, Any], epoch: int) -> bool:
        """Log advice computed for `epoch`; False (and nothing logged) if the position has moved since."""
        if epoch != self.epoch or side not in self.advice_wanted():
            return False
        self.game.record_advice(side, data)
        self.advice[side] = data
        return True


def logged_advice(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Advice already in the log for the current position (since the last turn or override), per side."""
    found: dict[str, dict[str, Any]] = {}
    for record in records:
        if record["type"] in ("turn", "override"):
            found = {}
        elif record["type"] == "advice":
            found[record["side"]] = record["forecasts"]
    return found


def position_copy(game: Game) -> Game:
    """A copy of the game's position that the advisor can read on another thread while play goes on."""
    snapshot = copy.copy(game)
    snapshot.state = game.state.copy()
    snapshot.observed = {side: dict(seen) for side, seen in game.observed.items()}
    snapshot.seats = dict(game.seats)
    snapshot.records, snapshot.lines, snapshot.sink = [], [], None
    return snapshot
