"""What every screen of a split room can answer from the room's public picture (a RoomView).

The scenes ask a session for the turn, the rung, the ladder's trail, the last turn and the end;
here those come from the host's public view instead of a local Game. A team's own questions
(cards, estimates, advice, sealing) are in `RemoteSession`; the white cell's in `HostedSession`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.engine import HUMAN, Game
from wargame.errors import WargameError
from wargame.net.protocol import RoomView
from wargame.scenario.models import Scenario
from wargame.ui.session import Debrief, Session


@dataclass(frozen=True)
class Seats:
    """The one thing the briefing asks of a game before it is over: who sits where."""

    seats: dict[str, str]


class RoomPicture:
    """Base of the split-room sessions; subclasses say where the RoomView comes from."""

    scenario: Scenario
    log_path: Path
    advisor_problem: str | None = None

    @property
    def room(self) -> RoomView:
        raise NotImplementedError

    def final_game(self) -> Game | None:
        """The whole game, truth included, once it is over and its log is here (else None)."""
        raise NotImplementedError

    @property
    def game(self) -> Game | Seats:
        final = self.final_game()
        return final if final is not None else Seats(dict(self.room.seats))

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
    def paused(self) -> bool:
        return self.room.paused

    @property
    def advisor_on(self) -> bool:
        return self.room.advisor_on

    def side_label(self, side: str) -> str:
        return self.scenario.side(side).label

    def human_sides(self) -> list[str]:
        return [side for side, seat in self.room.seats.items() if seat == HUMAN]

    def all_ai(self) -> bool:
        return not self.human_sides()

    def rung_history(self) -> list[str]:
        return list(self.room.rung_history)

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
            raise WargameError("the debrief needs the game's log, which the host sends when the game is over")
        return Session(self.scenario, game, self.log_path, None).debrief()

    def close(self) -> None:
        pass
