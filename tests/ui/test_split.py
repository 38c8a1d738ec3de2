"""The split room's screens, driven by posted keys against a host in this process (headless)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from tests.net.conftest import Room, hosted  # noqa: F401  (the fixture)
from wargame.errors import WargameError
from wargame.net.client import Client, ClientThread
from wargame.net.host import Host, HostThread
from wargame.net.table import GRACE_SECONDS, Table
from wargame.ui import driver
from wargame.ui.app import App, PlayOptions
from wargame.ui.scenes.debrief import DebriefScene
from wargame.ui.scenes.overlays import MessageScene
from wargame.ui.scenes.resolution import ResolutionScene
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.split.apps import room_app, team_app
from wargame.ui.split.controls import SplitRoomScene
from wargame.ui.split.flow import LOST
from wargame.ui.split.remote import WHITE_CELL_ELSEWHERE, RemoteSession
from wargame.ui.split.room import RoomScene, clock_text


@pytest.fixture
def windows() -> Iterator[Callable[[App], App]]:
    """Closes every window (and the client behind it) at the end of a test."""
    opened: list[App] = []
    yield lambda app: opened.append(app) or app  # type: ignore[func-returns-value]
    for app in opened:
        app.close()


@pytest.fixture
def links() -> Iterator[Callable[[str, str], ClientThread]]:
    """Joined net clients (teams playing from scripts), closed at the end."""
    made: list[ClientThread] = []

    def join(url: str, code: str) -> ClientThread:
        link = ClientThread(Client(url, code)).start()
        link.join(10)
        made.append(link)
        return link

    yield join
    for link in made:
        link.close()


def pump_until(app: App, test: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, f"stuck on {type(app.top).__name__}"
        app.pump()
        time.sleep(0.005)


def team_table(room: Room, side: str, save_log: Path | None = None) -> App:
    link = ClientThread(Client(room.url, room.code(side))).start()
    app = team_app(RemoteSession.join(link, save_log=save_log), PlayOptions())
    app.flow.begin()
    return app


def test_the_room_screen_follows_the_host_and_never_shows_a_team_s_cards(
    hosted: Callable[..., Room], windows: Callable[[App], App], links: Callable[[str, str], ClientThread]  # noqa: F811
) -> None:
    room = hosted()
    app = windows(room_app(room.thread, PlayOptions()))
    app.flow.begin()
    driver.key(app, pygame.K_SPACE)  # the public brief, read to the room
    assert isinstance(app.top, RoomScene)
    with pytest.raises(WargameError, match="never shows a team's cards"):
        app.session.moves("islamabad")
    islamabad, kabul = links(room.url, room.code("islamabad")), links(room.url, room.code("kabul"))
    islamabad.seal(["demarche"], "talk first")
    pump_until(app, lambda: app.session.room.waiting_for == ["kabul"])
    assert app.top.seat_status("islamabad")[0] == "orders sealed"  # type: ignore[union-attr]
    assert app.session.room.connected == ["islamabad", "kabul"]
    kabul.seal([], "")
    pump_until(app, lambda: isinstance(app.top, ResolutionScene))
    record = app.top.record  # type: ignore[union-attr]
    assert record["orders"]["islamabad"]["intent"] == "talk first"
    assert "state" not in record and "observed" not in record
    driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, RoomScene) and app.session.turn == 1


def test_the_white_cell_forces_a_turn_and_manages_codes_from_the_room_screen(
    hosted: Callable[..., Room], windows: Callable[[App], App], links: Callable[[str, str], ClientThread]  # noqa: F811
) -> None:
    room = hosted()
    app = windows(room_app(room.thread, PlayOptions()))
    app.flow.begin()
    driver.key(app, pygame.K_SPACE)
    kabul = links(room.url, room.code("kabul"))
    driver.key(app, pygame.K_c)
    panel = app.top
    assert isinstance(panel, SplitRoomScene)
    driver.key(app, pygame.K_2)  # Kabul's row
    driver.key(app, pygame.K_s)
    assert room.code("kabul") in [b.text for b, _ in panel.rows][1]
    old = room.code("kabul")
    driver.key(app, pygame.K_n)
    assert room.code("kabul") != old
    kabul.until(lambda p: p.status == "refused", 5)
    assert kabul.picture.problem == "this code was revoked by the white cell"
    driver.key(app, pygame.K_a)
    assert [s.label for s in room.codes.seats][-1] == "observer 2"
    driver.key(app, pygame.K_c)  # closes the panel
    assert isinstance(app.top, RoomScene)
    driver.key(app, pygame.K_r)  # asks first...
    assert app.session.turn == 0
    driver.key(app, pygame.K_r)  # ...and resolves: nobody sealed, both hold
    pump_until(app, lambda: isinstance(app.top, ResolutionScene))
    notes = [r["text"] for r in room.table.game.records if r["type"] == "note"]
    assert notes == ["Turn 1 resolved by the white cell (resolved early by the white cell) without orders "
                     "from Islamabad, Kabul: no moves for them this turn"]


def test_a_team_plays_its_own_side_at_its_own_table(
    hosted: Callable[..., Room], windows: Callable[[App], App], links: Callable[[str, str], ClientThread]  # noqa: F811
) -> None:
    room = hosted()
    app = windows(team_table(room, "islamabad"))
    driver.key(app, pygame.K_F2)  # the white cell's controls are not on a team's table
    assert isinstance(app.top, MessageScene) and app.top.message == WHITE_CELL_ELSEWHERE
    driver.key(app, pygame.K_RETURN)
    driver.key(app, pygame.K_SPACE)  # public brief
    driver.key(app, pygame.K_SPACE)  # private brief
    scene = app.top
    assert isinstance(scene, TurnScene) and scene.side == "islamabad"
    with pytest.raises(WargameError, match="cannot see or order for kabul"):
        app.session.moves("kabul")
    odds = {o.id: o.odds for o in scene.options}
    key = scene.keys["demarche"].lower()
    driver.key(app, ord(key), key)
    driver.key(app, pygame.K_RETURN)
    assert isinstance(app.top, RoomScene)
    assert any("Your sealed orders: Formal protest" in text for text, _ in app.top.messages())
    room.thread.call(room.host.act, lambda t: t.unseal("islamabad", "withdrawn by the white cell"))
    pump_until(app, lambda: isinstance(app.top, TurnScene))  # back to its cards, to choose again
    driver.key(app, ord(key), key)
    driver.key(app, pygame.K_RETURN)
    assert isinstance(app.top, RoomScene)
    kabul = links(room.url, room.code("kabul"))
    kabul.seal(["traders_council"], "")
    pump_until(app, lambda: isinstance(app.top, ResolutionScene))
    assert app.session.estimated_odds(1, "islamabad", "demarche") == odds["demarche"]
    assert app.session.estimated_odds(1, "kabul", "traders_council") is None  # Kabul's estimate is its own
    driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, TurnScene) and app.session.turn == 1


def test_when_time_is_up_a_team_s_table_seals_what_it_had_chosen(
    hosted: Callable[..., Room], windows: Callable[[App], App], links: Callable[[str, str], ClientThread]  # noqa: F811
) -> None:
    now = [1000.0]
    room = hosted(clock=lambda: now[0])
    room.thread.call(room.host.act, lambda t: t.set_timer(60, resolve_when_up=True))
    kabul = links(room.url, room.code("kabul"))
    app = windows(team_table(room, "islamabad"))
    driver.key(app, pygame.K_SPACE)
    driver.key(app, pygame.K_SPACE)
    scene = app.top
    assert isinstance(scene, TurnScene) and scene.timer_on()
    key = scene.keys["close_crossings"].lower()
    driver.key(app, ord(key), key)
    app.frame([], dt=61.0)  # the table's clock runs out: its orders as they stand are sealed
    pump_until(app, lambda: isinstance(app.top, RoomScene))
    now[0] += 60 + GRACE_SECONDS  # the host's clock: time is up, and the grace is over
    room.thread.call(room.host.changed)
    pump_until(app, lambda: isinstance(app.top, ResolutionScene))
    orders = app.top.record["orders"]  # type: ignore[union-attr]
    assert orders["islamabad"]["moves"] == ["close_crossings"]
    assert orders["kabul"] == {"moves": [], "intent": "", "by": "white cell: resolved without orders"}
    timers = [(r["side"], r["sealed"]) for r in room.table.game.records if r["type"] == "timer"]
    assert timers == [("kabul", False)]
    assert kabul.picture.room.timer.remaining == 60  # type: ignore[union-attr]  # the next turn's full time


def test_an_observer_sees_the_room_then_the_truth_after_the_debrief(
    hosted: Callable[..., Room], windows: Callable[[App], App], links: Callable[[str, str], ClientThread],  # noqa: F811
    tmp_path: Path,
) -> None:
    room = hosted()
    isl, kab = links(room.url, room.code("islamabad")), links(room.url, room.code("kabul"))
    app = windows(team_table(room, "observer-1", save_log=tmp_path / "copy.jsonl"))
    driver.key(app, pygame.K_SPACE)  # the public brief; an observer has no private one
    assert isinstance(app.top, RoomScene)
    with pytest.raises(WargameError, match="only after the game"):
        _ = app.session.game.truth
    while not app.session.over:
        turn = app.session.turn
        for link in (isl, kab):
            link.seal([], "")
        pump_until(app, lambda t=turn: app.session.turn > t)  # type: ignore[misc]
        pump_until(app, lambda: isinstance(app.top, ResolutionScene))
        driver.key(app, pygame.K_SPACE)
    pump_until(app, lambda: isinstance(app.top, DebriefScene))
    assert app.session.game.truth == room.table.game.truth
    assert app.top.summary.scores is not None  # type: ignore[union-attr]
    assert (tmp_path / "copy.jsonl").read_text(encoding="utf-8").splitlines() == room.table.game.lines


def test_clock_text() -> None:
    assert [clock_text(s) for s in (0, 0.2, 59.5, 61, 3725)] == ["0:00", "0:01", "1:00", "1:01", "1:02:05"]


def test_a_team_s_table_says_when_the_host_is_out_of_reach_and_comes_back_by_itself(
    hosted: Callable[..., Room], windows: Callable[[App], App]  # noqa: F811
) -> None:
    room = hosted()
    app = windows(team_table(room, "kabul"))
    driver.key(app, pygame.K_SPACE)
    driver.key(app, pygame.K_SPACE)
    assert isinstance(app.top, TurnScene)
    port = room.host.port
    room.thread.stop()  # the host is gone (its machine rebooting, say)
    room.table.close()
    pump_until(app, lambda: isinstance(app.top, MessageScene) and app.top.message == LOST)
    table = Table.resume(room.table.log_path, room.table.scenario)
    again = HostThread(Host(table, room.codes, room.host.scenario_text, port=port, advisor=None)).start()
    try:
        pump_until(app, lambda: isinstance(app.top, TurnScene))  # the box went when the host came back
        assert app.session.my_turn()
    finally:
        again.stop()
        table.close()
