"""The split room's one authoritative game: its log, who has sealed, and the white cell's pace controls.

Everything that changes the game goes through here, on one thread (the host's event loop), so the
log is written by one writer in one order. Teams seal orders; the turn resolves when every team
has sealed (unless the white cell holds the room) or when the white cell forces it. One turn
timer runs for the whole room; when it runs out, each team still choosing gets the table's
`timer` record, and if the white cell asked for it the turn resolves a few seconds later (time
for the teams' tables to seal what they had chosen) with the others holding. A side whose team
has dropped is handed to a policy with the table's `seat` record. Nothing here touches the
network: `wargame.net.host` carries it to the clients.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.engine import HUMAN, Game
from wargame.engine.turnlog import rung_path, rung_paths
from wargame.errors import GameOverError, IllegalMoveError, WargameError
from wargame.logfile import LogWriter
from wargame.logged import resume_logged, start_logged
from wargame.net.fog import public_turn, team_view
from wargame.net.protocol import MAX_INTENT, RoomView, TeamView, TimerView
from wargame.scenario.models import Scenario

FORCED = "white cell: resolved without orders"  # `by` of a side that had not sealed when the turn was forced
GRACE_SECONDS = 3.0  # after time is up, how long a turn set to resolve waits for tables sealing as they stand


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

    def overdue(self) -> float | None:
        """Seconds since time ran out (None while time is left, paused or without a timer)."""
        if self.deadline is None:
            return None
        late = self.clock() - self.deadline
        return late if late >= 0 else None

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
    advice: dict[str, dict[str, Any]] = field(default_factory=dict)  # this position's logged advice per side
    epoch: int = 0  # bumped whenever the position changes; advice computed for an older epoch is dropped
    timer: TurnTimer = field(init=False)
    timed_out: bool = False  # this turn's time has run out (and the timer records are written)

    def __post_init__(self) -> None:
        self.timer = TurnTimer(self.clock)

    # --- making one -----------------------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, seed: int, seats: dict[str, str], log_path: Path,
              created: str | None = None, clock: Callable[[], float] = time.monotonic) -> Table:
        """A new game and its log."""
        game, writer = start_logged(scenario, seed, seats, log_path, created)
        return cls(game, log_path, writer, clock)

    @classmethod
    def resume(cls, log_path: Path, scenario: Scenario, clock: Callable[[], float] = time.monotonic) -> Table:
        """The game a log describes (replayed and checked), appended to from where it stopped."""
        game, writer, _ = resume_logged(log_path, scenario)
        table = cls(game, log_path, writer, clock)
        table.advice = logged_advice(game.records)
        return table

    def close(self) -> None:
        """Stop writing; a game not over is marked paused (its log reads as set aside, not cut short)."""
        if self.writer is not None:
            try:
                self.game.pause()
            finally:
                self.writer.close()
                self.writer = None

    # --- what the room sees -----------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    def label(self, side: str) -> str:
        return self.scenario.side(side).label

    def teams(self) -> list[str]:
        """The sides a team plays now, in the scenario's order."""
        return self.game.human_sides()

    def waiting_for(self) -> list[str]:
        """Teams that have not sealed this turn."""
        return self.game.waiting_for() if not self.game.over else []

    def ready(self) -> bool:
        """Every team has sealed and the white cell has not held the room: resolve now."""
        return not self.game.over and not self.paused and not self.waiting_for()

    def room_view(self, connected: list[str], observers: int, team_sides: list[str] | None = None) -> RoomView:
        """The public picture; `team_sides` are the sides with a team's code (for who is handed over)."""
        game = self.game
        last = next((r for r in reversed(game.records) if r["type"] == "turn"), None)
        end = game.records[-1] if game.records[-1]["type"] == "end" else None
        return RoomView(
            turn=game.turn,
            turn_count=self.scenario.turns.count,
            over=game.over,
            rung=game.rung,
            rung_history=rung_path(self.scenario.main_ladder.start, game.records),
            rungs=game.rungs,
            rung_histories=rung_paths({x.id: x.start for x in self.scenario.all_ladders}, game.records),
            seats=dict(game.seats),
            teams=dict(game.records[0].get("teams") or {}),
            waiting_for=self.waiting_for(),
            handed={s: game.seats[s] for s in team_sides or [] if game.seats.get(s) != HUMAN},
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
        seat = game.seats.get(side)
        if seat != HUMAN:
            raise IllegalMoveError(f"{self.label(side)} is played by the computer ({seat} policy) for now; "
                                   "the white cell can give it back to the team")
        intent = intent.strip()[:MAX_INTENT]
        sealed = game.sealed_orders(side)
        if sealed is not None:
            if list(sealed.moves) == list(moves) and sealed.intent == intent:
                return False
            raise IllegalMoveError(f"{self.label(side)} has already sealed its orders for this turn")
        game.submit(side, moves, intent=intent)
        return True

    # --- resolution and time ---------------------------------------------------------------------------

    def resolve(self, forced_by: str | None = None) -> dict[str, Any]:
        """Adjudicate the turn. Without `forced_by`, every team must have sealed; with it, the white cell
        forces the turn: a note says so and a team with no orders holds (logged in its orders' `by`)."""
        game = self.game
        if game.over:
            raise GameOverError("the game is over")
        missing = self.waiting_for()
        if missing and forced_by is None:
            raise IllegalMoveError("waiting for orders from " + ", ".join(self.label(s) for s in missing))
        if missing:
            names = ", ".join(self.label(s) for s in missing)
            game.note(f"{self.scenario.turns.label} {game.turn + 1} resolved by the white cell ({forced_by}) "
                      f"without orders from {names}: no moves for them this turn")
            for side in missing:
                game.submit(side, [], by=FORCED)
        record = game.resolve()
        self.position_changed()
        self.timer.restart(self.paused)
        self.timed_out = False
        self.notice = (f"{self.scenario.turns.label} {record['turn']} resolved by the white cell ({forced_by})"
                       if forced_by else None)
        return record

    def tick(self) -> bool:
        """Look at the clock: log time running out, resolve if asked and the grace is over; True if changed."""
        overdue = self.timer.overdue()
        if overdue is None or self.game.over or self.paused:
            return False
        changed = False
        if not self.timed_out:
            self.timed_out = changed = True
            for side in self.waiting_for():
                self.game.timer_expired(side, round(self.timer.length or 0), sealed=False)
        if self.timer.resolve_when_up and overdue >= GRACE_SECONDS:
            self.resolve(forced_by="time was up" if self.waiting_for() else None)
            changed = True
        return changed

    def wake_in(self) -> float | None:
        """Seconds until the clock next matters (time up, or the end of the grace), None if never."""
        left = self.timer.remaining()
        if left is None or self.timer.deadline is None or self.game.over:
            return None
        if left > 0:
            return left
        overdue = self.timer.overdue() or 0.0
        if self.timer.resolve_when_up and overdue < GRACE_SECONDS:
            return GRACE_SECONDS - overdue
        return None

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
        """A turn timer for the room (None: none), starting now and again each turn."""
        self.timer.set(seconds, self.paused)
        self.timed_out = False
        if resolve_when_up is not None:
            self.timer.resolve_when_up = resolve_when_up

    def set_resolve_when_up(self, on: bool) -> None:
        """Resolve the turn when time is up (teams still choosing hold), or only tell the room."""
        if self.timer.length is None and on:
            raise WargameError("choose a turn timer first")
        self.timer.resolve_when_up = on

    def set_seat(self, side: str, seat: str) -> None:
        """Give a side to a policy (its team dropped) or back to its team (logged by the game)."""
        if self.game.seats.get(side) != seat:
            self.game.set_seat(side, seat)

    def unseal(self, side: str, reason: str = "") -> None:
        """Withdraw a team's sealed orders before resolution; it chooses again (logged)."""
        if self.game.sealed_orders(side) is None:
            raise WargameError(f"{self.label(side)} has no sealed orders to withdraw")
        self.game.unseal(side, reason)

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
        return [s for s in self.teams() if s not in self.advice and self.game.sealed_orders(s) is None]

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
