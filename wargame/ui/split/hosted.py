"""The room screen's session on the host: the public picture to show, the white cell's acts to send.

The host's game lives on its network thread; this adapter reads only the public picture the host
publishes after every change (`Host.room`) and runs each white-cell act on the host's loop
(`HostThread.call`), where it is logged and every client is told. A team's cards, estimates and
advice are refused: the projector never shows them.
"""

from __future__ import annotations

from typing import Any

from wargame.engine import Game, MoveOption
from wargame.errors import WargameError
from wargame.net.codes import Seat
from wargame.net.host import HostThread
from wargame.net.protocol import RoomView
from wargame.ui.session import Advice, Estimate
from wargame.ui.split.picture import RoomPicture

PRIVATE = "the room screen never shows a team's cards, estimates or advice"


class HostedSession(RoomPicture):
    def __init__(self, thread: HostThread) -> None:
        self.thread = thread
        self.host = thread.host
        self.scenario = self.host.table.scenario
        self.log_path = self.host.table.log_path

    @property
    def room(self) -> RoomView:
        return self.host.room

    @property
    def version(self) -> int:
        return self.host.version

    def final_game(self) -> Game | None:
        return self.host.table.game if self.room.over else None  # nothing changes a finished game

    def log_ready(self) -> bool:
        return self.room.over

    def waiting_for(self) -> list[str]:
        return list(self.room.waiting_for)

    def advice_pending(self, side: str) -> bool:
        return False

    def estimated_odds(self, turn: int, side: str, move: str) -> float | None:
        return None  # a team's estimates are its own, even after the turn

    # --- private to the teams -------------------------------------------------------------------

    def moves(self, side: str) -> list[MoveOption]:
        raise WargameError(PRIVATE)

    def estimates(self, side: str) -> list[Estimate]:
        raise WargameError(PRIVATE)

    def advice(self, side: str) -> Advice | None:
        raise WargameError(PRIVATE)

    def submit(self, side: str, moves: list[str], intent: str = "") -> None:
        raise WargameError("teams seal their orders at their own tables")

    # --- the white cell -------------------------------------------------------------------------

    def _act(self, action: Any) -> Any:
        return self.thread.call(self.host.act, action)

    def resolve(self) -> dict[str, Any]:
        """Resolve now, whoever has not sealed (the white cell forces the turn; logged)."""
        self._act(lambda t: t.resolve(forced_by="resolved early by the white cell"))
        return dict(self.room.last_turn or {})

    @property
    def paused(self) -> bool:
        return self.room.paused

    @paused.setter
    def paused(self, value: bool) -> None:
        self._act(lambda t: t.set_paused(value))

    def note(self, text: str) -> None:
        self._act(lambda t: t.note(text))

    def inject(self, inject_id: str) -> None:
        self._act(lambda t: t.inject(inject_id))

    def override_rung(self, reason: str, rung: str) -> None:
        self._act(lambda t: t.override_rung(reason, rung))

    def set_advisor(self, on: bool) -> None:
        self._act(lambda t: t.set_advisor(on))

    @property
    def timer_seconds(self) -> int:
        return super().timer_seconds

    @timer_seconds.setter
    def timer_seconds(self, seconds: int) -> None:
        self._act(lambda t: t.set_timer(seconds or None))

    @property
    def timer_seals(self) -> bool:
        return super().timer_seals

    @timer_seals.setter
    def timer_seals(self, on: bool) -> None:
        if self.room.timer is None:
            raise WargameError("choose a turn timer first")
        self._act(lambda t: t.set_resolve_when_up(on))

    def set_seat(self, side: str, seat: str) -> None:
        self._act(lambda t: t.set_seat(side, seat))

    def unseal(self, side: str, reason: str = "") -> None:
        self._act(lambda t: t.unseal(side, reason))

    def revoke(self, key: str) -> Seat:
        return self.thread.call(self.host.revoke, key)

    def add_observer(self) -> Seat:
        return self.thread.call(self.host.add_observer)

    def code_seats(self) -> list[tuple[Seat, list[str]]]:
        """Every seat with a code, and where its clients connect from."""
        return self.thread.call(self.host.seats)
