"""A team's (or an observer's) own table in a split room: the session the scenes use, over the network.

The cards, estimates and advice are the host's views of this side only; sealing sends the orders
to the host and returns once the host has them (or raises its reason as a WargameError, which the
table shows in a message box). The white cell's controls live on the host's screen, so they are
refused here. When the game is over the host sends the whole log: it is replayed and checked
here, then the debrief is the hot-seat one, computed from it.
"""

from __future__ import annotations

from pathlib import Path

from wargame.engine import Game, MoveOption, replay
from wargame.errors import WargameError
from wargame.logfile import LogWriter
from wargame.net.client import ClientThread, Picture, scenario_of
from wargame.net.protocol import RoomView, TeamView
from wargame.scenario.models import Scenario
from wargame.ui.session import Advice, Estimate, parse_advice, side_estimates
from wargame.ui.split.picture import RoomPicture

WHITE_CELL_ELSEWHERE = "The white cell's controls are on the host's screen, not on a team's table."


class RemoteSession(RoomPicture):
    """The session of a joined table; `side` is None for an observer."""

    def __init__(self, link: ClientThread, scenario: Scenario, save_log: Path | None = None) -> None:
        self.link = link
        self.scenario = scenario
        self.save_log = save_log
        self._final: Game | None = None
        welcome = link.picture.welcome
        assert welcome is not None, "join first"
        self.side: str | None = welcome.side
        self.seat_label = welcome.label
        self.log_path = save_log or Path(self.room.log_name)

    @classmethod
    def join(cls, link: ClientThread, timeout: float = 8.0, save_log: Path | None = None) -> RemoteSession:
        """Wait until the host lets this table in (one-line WargameError if not), then the session."""
        picture = link.join(timeout)
        assert picture.welcome is not None
        return cls(link, scenario_of(picture.welcome), save_log)

    # --- what the host says ---------------------------------------------------------------------

    @property
    def picture(self) -> Picture:
        return self.link.picture

    @property
    def room(self) -> RoomView:
        room = self.link.picture.room
        if room is None:
            raise WargameError("no word from the host yet")
        return room

    @property
    def version(self) -> int:
        return self.link.picture.version

    @property
    def you(self) -> TeamView | None:
        return self.link.picture.you

    def link_lines(self) -> list[tuple[str, bool]]:
        picture = self.link.picture
        lines = [(picture.notice, False)] if picture.notice else []
        if picture.status != "joined":
            lines.append((f"Reconnecting to the host… ({picture.problem or 'no answer'})", True))
        return lines

    def my_turn(self) -> bool:
        """This team still has to choose its orders for the turn the room is on."""
        you = self.you
        return (self.side is not None and you is not None and you.turn == self.room.turn
                and not self.room.over and self.side in self.room.waiting_for)

    def waiting_for(self) -> list[str]:
        return [self.side] if self.side is not None and self.my_turn() else []

    # --- a team's own side ----------------------------------------------------------------------

    def _own(self, side: str) -> TeamView:
        you = self.you
        if self.side is None or side != self.side or you is None:
            raise WargameError(f"this table plays {self.seat_label}; it cannot see or order for {side}")
        return you

    def moves(self, side: str) -> list[MoveOption]:
        return [MoveOption(**{**card.model_dump(), "reasons": tuple(card.reasons),
                              "odds_notes": tuple(card.odds_notes)}) for card in self._own(side).moves]

    def estimates(self, side: str) -> list[Estimate]:
        return side_estimates(self.scenario, side, self._own(side).estimates)

    def advice(self, side: str) -> Advice | None:
        you = self._own(side)
        if you.advice is not None:
            self.advisor_problem = None
            return parse_advice(you.advice)
        self.advisor_problem = you.advice_problem
        return None

    def advice_pending(self, side: str) -> bool:
        you = self._own(side)
        return you.advice is None and you.advice_pending and self.room.advisor_on

    def estimated_odds(self, turn: int, side: str, move: str) -> float | None:
        """This team's own estimate of its move's odds when `turn` was played (other teams' stay private)."""
        seen = self.link.picture.last_you
        if side != self.side or seen is None or seen.turn != turn - 1:
            return None
        return next((card.odds for card in seen.moves if card.id == move), None)

    def submit(self, side: str, moves: list[str], intent: str = "") -> None:
        self._own(side)
        self.link.seal(list(moves), intent)

    def resolve(self) -> dict[str, object]:
        raise WargameError("the host resolves the turn once every team has sealed")

    # --- the white cell is elsewhere -------------------------------------------------------------

    def injects(self) -> list[tuple[str, str]]:
        raise WargameError(WHITE_CELL_ELSEWHERE)

    def note(self, text: str) -> None:
        raise WargameError(WHITE_CELL_ELSEWHERE)

    def inject(self, inject_id: str) -> None:
        raise WargameError(WHITE_CELL_ELSEWHERE)

    def override_rung(self, reason: str, rung: str) -> None:
        raise WargameError(WHITE_CELL_ELSEWHERE)

    def set_advisor(self, on: bool) -> None:
        raise WargameError(WHITE_CELL_ELSEWHERE)

    def unseal(self, side: str, reason: str = "") -> None:
        raise WargameError(WHITE_CELL_ELSEWHERE)

    def set_seat(self, side: str, seat: str) -> None:
        raise WargameError(WHITE_CELL_ELSEWHERE)

    # --- the end ---------------------------------------------------------------------------------

    def log_ready(self) -> bool:
        return self.room.over and self.link.picture.log is not None and self.log_problem is None

    def final_game(self) -> Game | None:
        """The host's whole log, replayed and checked here (and saved if asked), once it has come."""
        if self._final is not None:
            return self._final
        lines = self.link.picture.log
        if lines is None or self.log_problem is not None:
            return None
        result = replay(list(lines), self.scenario)
        if not result.ok or result.game is None:
            self.log_problem = f"the host's log does not verify here: {result.message}"
            return None
        if self.save_log is not None:
            with LogWriter(self.save_log) as writer:
                for line in lines:
                    writer(line)
        self._final = result.game
        return self._final

    def close(self) -> None:
        self.link.close()

