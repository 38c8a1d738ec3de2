"""What every screen of a split room can answer from the room's public picture (a RoomView).

The scenes ask a session for the turn, the rung, the ladder's trail, the last turn and the end;
here those come from the host's public view instead of a local Game. A team's own questions
(cards, estimates, advice, sealing) are in `RemoteSession`; the white cell's in `HostedSession`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wargame.engine import HUMAN, Game
from wargame.errors import WargameError
from wargame.net.protocol import RoomView, TeamView
from wargame.scenario.models import Scenario
from wargame.ui.session import Debrief, Session


class RoomPicture:
    """Base of the split-room sessions; subclasses say where the RoomView comes from."""

    scenario: Scenario
    log_path: Path
    advisor_problem: str | None = None
    log_problem: str | None = None  # why the game's final log was not accepted here
    resumed: None = None  # a split room's screens rejoin a game in progress without a notice
    side: str | None = None  # the side this table plays (None: the room screen, an observer)

    @property
    def you(self) -> TeamView | None:
        """This table's own side as the host shows it (a team's table only)."""
        return None

    def link_lines(self) -> list[tuple[str, bool]]:
        """What this table should be told about its link to the host: (text, whether it is a problem)."""
        return []

    @property
    def room(self) -> RoomView:
        raise NotImplementedError

    def final_game(self) -> Game | None:
        """The whole game, truth included, once it is over and its log is here (else None)."""
        raise NotImplementedError

    def log_ready(self) -> bool:
        """The game is over and its whole log is here for the debrief (it is checked when read)."""
        raise NotImplementedError

    @property
    def game(self) -> Game:
        """The whole game (the debrief's true values); only once it is over and its log is here."""
        final = self.final_game()
        if final is None:
            raise WargameError("the true values are shown only after the game, from its log")
        return final

    @property
    def version(self) -> int:
        """Bumps whenever the host has said something new."""
        raise NotImplementedError

    @property
    def turn(self) -> int:
        return self.room.turn

    @property
    def over(self) -> bool:
        return self.room.over

    @property
    def turn_count(self) -> int:
        return self.room.turn_count

    @property
    def rung(self) -> str:
        return self.room.rung

    @property
    def ladder_rungs(self) -> dict[str, str]:
        """Every ladder's rung now, main ladder first."""
        return dict(self.room.rungs) or {self.scenario.main_ladder.id: self.room.rung}

    @property
    def paused(self) -> bool:
        return self.room.paused

    @property
    def advisor_on(self) -> bool:
        return self.room.advisor_on

    def side_label(self, side: str) -> str:
        return self.scenario.side(side).label

    def human_sides(self) -> list[str]:
        return [side for side, seat in self.room.seats.items() if seat == HUMAN]

    def seats(self) -> dict[str, str]:
        return dict(self.room.seats)

    def sealed_sides(self) -> list[str]:
        """Teams whose orders are sealed this turn (what the room may know: not the orders)."""
        return [s for s in self.human_sides() if s not in self.room.waiting_for] if not self.over else []

    def team_name(self, side: str) -> str:
        return str(self.room.teams.get(side, ""))

    @property
    def timer_seconds(self) -> int:
        """The room's turn timer (0: none)."""
        timer = self.room.timer
        return round(timer.length) if timer is not None else 0

    @property
    def timer_seals(self) -> bool:
        """When time is up the turn resolves (teams' tables seal what they have chosen)."""
        return self.room.timer is not None and self.room.timer.resolve_when_up

    def timer_expired(self, side: str, sealed: bool) -> None:
        """Time running out is the host's to log (its clock is the room's)."""

    def request_advice(self, side: str) -> None:
        """The host computes every team's forecasts as soon as a turn begins."""

    def all_ai(self) -> bool:
        return not self.human_sides()

    def rung_history(self) -> list[str]:
        return list(self.room.rung_history)

    def ladder_histories(self) -> dict[str, list[str]]:
        """Each ladder's trail, main ladder first."""
        return {k: list(v) for k, v in self.room.rung_histories.items()} or {
            self.scenario.main_ladder.id: list(self.room.rung_history)}

    def last_turn_record(self) -> dict[str, Any] | None:
        last = self.room.last_turn
        return dict(last) if last is not None else None

    def end_record(self) -> dict[str, Any] | None:
        return dict(self.room.end) if self.room.end is not None else None

    def budget(self, side: str) -> tuple[int, int]:
        spec = self.scenario.side(side)
        return spec.budget, spec.max_moves

    def injects(self) -> list[tuple[str, str]]:
        return [(i.id, i.label) for i in self.scenario.injects]

    def rungs(self) -> list[tuple[str, str]]:
        return [(r.id, r.label) for r in self.scenario.rungs]

    def debrief(self) -> Debrief:
        """The hot-seat debrief, computed here from the whole log (so every laptop shows the same)."""
        game = self.final_game()
        if game is None:
            raise WargameError(self.log_problem
                               or "the debrief needs the game's log, which the host sends when the game is over")
        return Session(self.scenario, game, self.log_path, None).debrief()

    def close(self) -> None:
        pass
