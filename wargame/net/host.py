"""The split room's host: a WebSocket server around the one Table, sending each client what it may see.

All game state lives on the host's event loop thread. A client's message is parsed and checked
(`wargame.net.protocol`), acted on synchronously, and every client is then sent its new view
(`broadcast` writes without waiting, so a slow laptop never holds up the room); nothing awaits
between a change and the views that report it, so no client sees a half-made change. The advisor
runs on one worker thread from a copy of the position, and its advice is logged only if the
position has not moved on meanwhile.

`HostThread` runs a Host on a background thread for the room screen (which owns the main thread)
and for tests; `call` runs a white-cell action on the host's loop and returns its result.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import math
import socket
import ssl
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from wargame import __version__
from wargame.engine import Game
from wargame.errors import WargameError
from wargame.net import DEFAULT_PORT
from wargame.net.codes import CodeBook, FailureLimiter, Seat
from wargame.net.protocol import (
    MAX_FRAME,
    Ack,
    Bye,
    Error,
    Hello,
    HostMessage,
    Log,
    Ping,
    ProtocolError,
    RoomView,
    Seal,
    TeamView,
    View,
    Welcome,
    parse_client,
)
from wargame.net.table import Table
from wargame.sim.advisor import position_copy

T = TypeVar("T")

LOCALHOST = "127.0.0.1"
HELLO_SECONDS = 15.0  # a connection that has not joined by then is closed
MAX_CONNECTIONS = 64  # teams, observers and connections still saying hello
PING_SECONDS = 10.0  # keepalive: a laptop that vanished is noticed within about twice this

Advisor = Callable[[Game, str], dict[str, Any]]


def reachable_addresses(listen: str) -> list[str]:
    """Addresses other laptops can type to reach a host listening on `listen` (best effort)."""
    if listen not in ("0.0.0.0", "::", ""):
        return [listen]
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only asks which interface would be used
        found.append(probe.getsockname()[0])
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if address not in found and not address.startswith("127."):
                found.append(address)
    return found or ["127.0.0.1"]


def table_advice(game: Game, side: str) -> dict[str, Any]:
    """The advice the hot-seat table shows (same rollouts and horizon), computed in this process."""
    from wargame.sim.advisor import TABLE_HORIZON, TABLE_ROLLOUTS, advise

    return advise(game, side, rollouts=TABLE_ROLLOUTS, horizon=TABLE_HORIZON, workers=1).as_dict()


@dataclass(eq=False)
class Member:
    """One joined client: its connection, its seat and where it connects from."""

    ws: ServerConnection
    seat: Seat
    address: str
    client: str = ""


class Host:
    """Serves one Table to team and observer clients."""

    def __init__(self, table: Table, codes: CodeBook, scenario_text: str, *, attachments: dict[str, bytes] | None = None,
                 codes_file: Path | None = None,
                 listen: str = LOCALHOST, port: int = DEFAULT_PORT, ssl_context: ssl.SSLContext | None = None,
                 limiter: FailureLimiter | None = None, advisor: Advisor | None = table_advice) -> None:
        self.table, self.codes, self.codes_file = table, codes, codes_file
        self.scenario_text = scenario_text  # sent to each client, which loads and checks it by its hash
        self.attachments = {name: base64.b64encode(data).decode("ascii") for name, data in (attachments or {}).items()}
        self.listen, self.port, self.ssl_context = listen, port, ssl_context
        self.limiter = limiter or FailureLimiter()
        self.advisor = advisor
        self.members: list[Member] = []
        self.on_change: Callable[[], None] | None = None  # called on the loop thread after every change
        self.version = 0  # bumps on every change, so a screen can tell it has something new
        self.room: RoomView = table.room_view([], 0)  # the latest public picture, safe to read anywhere
        self.advice_problem: str | None = None
        self._connections = 0
        self._log_sent = False
        self._server: Server | None = None
        self._advice_task: asyncio.Task[None] | None = None
        self._timer_task: asyncio.Task[None] | None = None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="wargame-advisor")

    # --- starting and stopping --------------------------------------------------------------------

    async def start(self) -> None:
        try:
            self._server = await serve(
                self._handler, self.listen, self.port, ssl=self.ssl_context, max_size=MAX_FRAME,
                max_queue=8, compression=None, origins=[None], server_header=None,
                ping_interval=PING_SECONDS, ping_timeout=PING_SECONDS, close_timeout=2,
            )
        except OSError as exc:
            raise WargameError(f"cannot listen on {self.listen}:{self.port}: {exc.strerror or exc}") from None
        self.port = self._server.sockets[0].getsockname()[1]
        self.changed(new_position=True)

    async def stop(self, reason: str = "the host has stopped; the game is saved, and this table rejoins when it restarts") -> None:
        for task in (self._advice_task, self._timer_task):
            if task is not None:
                task.cancel()
        self._send([m.ws for m in self.members], Bye(reason=reason))
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 3)
        self._pool.shutdown(wait=False, cancel_futures=True)

    @property
    def url(self) -> str:
        scheme = "wss" if self.ssl_context is not None else "ws"
        host = f"[{self.listen}]" if ":" in self.listen else self.listen
        return f"{scheme}://{host}:{self.port}"

    # --- connections ------------------------------------------------------------------------------

    async def _handler(self, ws: ServerConnection) -> None:
        address = str(ws.remote_address[0]) if ws.remote_address else "?"
        if self._connections >= MAX_CONNECTIONS:
            await ws.close(1013, "the room is full")
            return
        self._connections += 1
        member = None
        try:
            member = await self._join(ws, address)
            if member is None:
                return
            async for raw in ws:
                self._on_message(member, raw)
        except ConnectionClosed:
            pass
        finally:
            self._connections -= 1
            if member is not None and member in self.members:
                self.members.remove(member)
                self.changed()

    async def _join(self, ws: ServerConnection, address: str) -> Member | None:
        """Wait for a valid hello; refuse a wrong code (counted against the address) and close."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + HELLO_SECONDS
        while True:
            try:
                raw = await asyncio.wait_for(ws.recv(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                await ws.close(1008, "no hello with a join code in time")
                return None
            try:
                msg = parse_client(raw)
            except ProtocolError as exc:
                self._send([ws], Error(message=str(exc)))
                continue
            if not isinstance(msg, Hello):
                self._send([ws], Error(ref=msg.id, message="say hello with your join code first"))
                continue
            refusal = self._refusal(msg, address)
            if isinstance(refusal, str):
                self._send([ws], Error(ref=msg.id, message=f"join refused: {refusal}"))
                await ws.close(1008, "join refused")
                return None
            return self._admit(ws, refusal, address, msg.client)

    def _refusal(self, hello: Hello, address: str) -> Seat | str:
        """The seat a hello opens, or why it is refused."""
        wait = self.limiter.wait(address)
        if wait > 0:
            return f"too many failed attempts from {address}; try again in {math.ceil(wait)} s"
        seat = self.codes.find(hello.code)
        if seat is None:
            self.limiter.failed(address)
            if self.codes.was_revoked(hello.code):
                return "this code has been revoked by the white cell; ask for the new one"
            return "no team or observer has this code; check it with the white cell"
        if hello.side is not None and seat.side != hello.side:
            wanted = self._side_label(hello.side)
            return f"this code is for {seat.label}, not {wanted}"
        return seat

    def _admit(self, ws: ServerConnection, seat: Seat, address: str, client: str) -> Member:
        for old in [m for m in self.members if m.seat is seat and seat.role == "team"]:
            self._drop(old, Bye(reason=f"{seat.label} has joined from another connection", final=True))
        member = Member(ws, seat, address, client)
        self.members.append(member)
        game = self.table.game
        self._send([ws], Welcome(role=seat.role, side=seat.side, label=seat.label,
                                 scenario_text=self.scenario_text,
                                 scenario_file=game.records[0]["scenario"]["file"],
                                 scenario_sha256=game.scenario.sha256, attachments=self.attachments,
                                 engine=__version__))
        self.changed()
        if game.over:
            self._send([ws], Log(lines=list(game.lines)))
        return member

    def _drop(self, member: Member, bye: Bye) -> None:
        self._send([member.ws], bye)
        if member in self.members:
            self.members.remove(member)
        asyncio.get_running_loop().create_task(member.ws.close(1000, "bye"))

    # --- messages ---------------------------------------------------------------------------------

    def _on_message(self, member: Member, raw: str | bytes) -> None:
        try:
            msg = parse_client(raw)
        except ProtocolError as exc:
            self._send([member.ws], Error(message=str(exc)))
            return
        if isinstance(msg, Ping):
            self._send([member.ws], Ack(ref=msg.id, what="pong"))
        elif isinstance(msg, Hello):
            self._send([member.ws], Error(ref=msg.id, message=f"already joined as {member.seat.label}"))
        elif isinstance(msg, Seal):
            self._on_seal(member, msg)

    def _on_seal(self, member: Member, msg: Seal) -> None:
        seat = member.seat
        if seat.role != "team" or seat.side is None:
            self._send([member.ws], Error(ref=msg.id, message="an observer cannot give orders"))
            return
        if msg.side != seat.side:
            self._send([member.ws], Error(
                ref=msg.id, message=f"this table plays {seat.label}; it cannot give orders for {self._side_label(msg.side)}"))
            return
        try:
            fresh = self.table.seal(seat.side, msg.turn, list(msg.moves), msg.intent)
        except WargameError as exc:
            self._send([member.ws], Error(ref=msg.id, message=str(exc)))
            return
        self._send([member.ws], Ack(ref=msg.id, what="sealed"))
        if fresh:
            self.changed()

    # --- telling everyone -------------------------------------------------------------------------

    def changed(self, new_position: bool = False) -> None:
        """After any change: resolve if the turn is ready, then send every client its view."""
        table = self.table
        turn = table.game.turn
        table.tick()
        while table.ready():
            table.resolve()
        new_position = new_position or table.game.turn != turn
        observers = sum(m.seat.role == "observer" for m in self.members)
        self.room = table.room_view(self._connected(), observers, self._team_sides())
        audiences: dict[str | None, list[ServerConnection]] = {}
        for m in self.members:
            audiences.setdefault(m.seat.side if m.seat.role == "team" else None, []).append(m.ws)
        for side, sockets in audiences.items():
            self._send(sockets, View(room=self.room, you=self._team_view(side) if side else None))
        if table.game.over and not self._log_sent:
            self._log_sent = True
            self._send([m.ws for m in self.members], Log(lines=list(table.game.lines)))
        if new_position:
            self._start_advice()
        self._watch_timer()
        self.version += 1
        if self.on_change is not None:
            self.on_change()

    def _team_view(self, side: str) -> TeamView:
        view = self.table.team_view(side)
        pending = view.advice_pending and self.advisor is not None and self.advice_problem is None
        return view.model_copy(update={"advice_problem": self.advice_problem, "advice_pending": pending})

    def _team_sides(self) -> list[str]:
        """Sides with a team's code, in the scenario's order (a team keeps its code while handed over)."""
        coded = {seat.side for seat in self.codes.seats if seat.role == "team"}
        return [s.id for s in self.table.scenario.sides if s.id in coded]

    def _connected(self) -> list[str]:
        sides = {m.seat.side for m in self.members if m.seat.role == "team"}
        return [s for s in self._team_sides() if s in sides]

    def _send(self, sockets: list[ServerConnection], message: HostMessage) -> None:
        if sockets:
            broadcast(sockets, message.text())

    def _side_label(self, side: str) -> str:
        try:
            return self.table.label(side)
        except WargameError:
            return repr(side[:40])

    # --- the advisor and the timer ----------------------------------------------------------------

    def _start_advice(self) -> None:
        if self._advice_task is not None:
            self._advice_task.cancel()
        self._advice_task = None
        if self.advisor is not None and self.table.advice_wanted():
            self._advice_task = asyncio.get_running_loop().create_task(self._advise())

    async def _advise(self) -> None:
        """Advice for each team in the scenario's order, each logged if still current when ready."""
        table, loop = self.table, asyncio.get_running_loop()
        assert self.advisor is not None
        while table.advice_wanted():
            side, epoch = table.advice_wanted()[0], table.epoch
            try:
                data = await loop.run_in_executor(self._pool, self.advisor, position_copy(table.game), side)
            except Exception as exc:  # an advisor failure must not stop the room: the cards go on without it
                self.advice_problem = f"advisor unavailable: {exc}"
                self.changed()
                return
            if table.record_advice(side, data, epoch):
                self.changed()

    def _watch_timer(self) -> None:
        """Wake up when the turn's time runs out, and when the grace after it ends."""
        if self._timer_task is not None:
            self._timer_task.cancel()
            self._timer_task = None
        seconds = self.table.wake_in()
        if seconds is not None and not self.table.paused:
            self._timer_task = asyncio.get_running_loop().create_task(self._tick_in(seconds))

    async def _tick_in(self, seconds: float) -> None:
        await asyncio.sleep(seconds + 0.01)
        self._timer_task = None
        self.changed()

    # --- the white cell (call on the loop thread, e.g. through HostThread.call) ------------------

    def act(self, action: Callable[[Table], T], new_position: bool = False) -> T:
        """Run a white-cell action on the table, then tell everyone."""
        before = self.table.epoch
        result = action(self.table)
        self.changed(new_position=new_position or self.table.epoch != before)
        return result

    def force_resolve(self, reason: str = "forced") -> None:
        self.act(lambda t: t.resolve(forced_by=reason))

    def revoke(self, key: str) -> Seat:
        """Stop a seat's code; its client is disconnected and a team gets a new code."""
        seat = self.codes.seat(key)
        for member in [m for m in self.members if m.seat is seat]:
            self._drop(member, Bye(reason="this code was revoked by the white cell", final=True))
        new = self.codes.revoke(key)
        self._save_codes()
        self.changed()
        return new

    def add_observer(self) -> Seat:
        seat = self.codes.add_observer()
        self._save_codes()
        return seat

    def seats(self) -> list[tuple[Seat, list[str]]]:
        """Every seat with where its clients connect from, and what they run (for the white cell's screen)."""
        return [(s, [f"{m.address} ({m.client})" if m.client else m.address for m in self.members if m.seat is s])
                for s in self.codes.seats]

    def _save_codes(self) -> None:
        if self.codes_file is not None:
            self.codes.save(self.codes_file)


class HostThread:
    """A Host on its own event loop in a background thread; `call` runs code on that loop."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="wargame-host", daemon=True)

    def start(self, timeout: float = 10.0) -> HostThread:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise WargameError("the host did not start in time")
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            await self.host.start()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        await self._stop.wait()
        await self.host.stop()

    def call(self, fn: Callable[..., T], *args: Any, timeout: float = 30.0) -> T:
        """Run fn(*args) on the host's loop and return its result (its exception is raised here)."""
        assert self.loop is not None

        async def run() -> T:
            return fn(*args)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        if self.loop is not None and self._stop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
