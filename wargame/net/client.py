"""A split-room client: joins the host with a code, keeps the latest view, reconnects by itself.

The client holds one immutable `Picture` of what its seat may see (replaced whole on every message,
so a reader on another thread never sees half of one). When the connection drops it tries again
with a growing pause, for as long as it runs; a refused code or a revoked seat stops it. If the
host restarted without the orders this team had sealed (sealed orders are not in the log until the
turn resolves), the client seals them again as soon as it is back, and says so.

`ClientThread` runs a Client on a background thread for the Pygame table and for scripts.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import socket
import ssl
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from wargame import __version__
from wargame.errors import WargameError
from wargame.net import DEFAULT_PORT
from wargame.net.protocol import (
    MAX_HOST_MESSAGE,
    Ack,
    Bye,
    Error,
    Hello,
    Log,
    Orders,
    Ping,
    ProtocolError,
    RoomView,
    Seal,
    TeamView,
    View,
    Welcome,
    parse_host,
)

if TYPE_CHECKING:
    from wargame.scenario.models import Scenario

T = TypeVar("T")
Status = Literal["connecting", "joined", "reconnecting", "refused", "closed"]
FIRST_PAUSE, LONGEST_PAUSE = 0.2, 3.0  # seconds between attempts to reconnect, doubling
REPLY_SECONDS = 10.0
ATTACHMENT = r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.(png|jpg|jpeg)"  # as a scenario's map.image may be named


@dataclass(frozen=True)
class Picture:
    """Everything the client knows now; replaced whole on every change."""

    status: Status = "connecting"
    problem: str | None = None  # why the last attempt failed, or why the host refused
    welcome: Welcome | None = None
    room: RoomView | None = None
    you: TeamView | None = None
    last_you: TeamView | None = None  # this team's view while it chose the last resolved turn (its odds)
    log: tuple[str, ...] | None = None  # the whole log, once the game is over
    notice: str | None = None  # something this table should be told (orders sent again after a restart)
    version: int = 0


class Refused(Exception):
    """The host will not have this client back (wrong or revoked code, seat taken over)."""


def host_url(address: str, tls: bool = False) -> str:
    """'HOST[:PORT]', '[v6]:PORT', 'ws://...' or 'wss://...' as a WebSocket URL (default port 8765)."""
    text = address.strip()
    if "://" not in text:
        text = ("wss://" if tls else "ws://") + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise WargameError(f"not a host address: {address!r} ({exc}); use HOST or HOST:PORT") from None
    if parts.scheme not in ("ws", "wss") or not parts.hostname or parts.path not in ("", "/"):
        raise WargameError(f"not a host address: {address!r}; use HOST or HOST:PORT (for example 192.168.1.20:8765)")
    if tls and parts.scheme == "ws":
        raise WargameError("ws:// is a connection without TLS; use wss:// (or no scheme) with --ca")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port or DEFAULT_PORT}"


def describe(exc: BaseException) -> str:
    """A connection failure in words a facilitator can act on."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "the host's TLS certificate is not trusted here (give its certificate with --ca FILE)"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc}); does the host use TLS? (wss:// and --ca only if it does)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused: is `wargame host` running there, on this port, and open in its firewall?"
    if isinstance(exc, socket.gaierror):
        return "unknown host name"
    if isinstance(exc, TimeoutError):
        return "no answer from the host (a firewall, or the wrong address?)"
    if isinstance(exc, InvalidStatus):
        return f"the host refused the connection (HTTP {exc.response.status_code})"
    if isinstance(exc, InvalidHandshake):
        return "the other end is not a wargame host (or it uses TLS: try wss:// with --ca)"
    if isinstance(exc, ConnectionClosed):
        return "the connection to the host was lost"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


class Client:
    """One team or observer seat, connected to a host."""

    def __init__(self, url: str, code: str, *, side: str | None = None, ssl_context: ssl.SSLContext | None = None,
                 name: str = f"wargame {__version__}", on_change: Callable[[Picture], None] | None = None) -> None:
        self.url, self.code, self.side, self.ssl_context, self.name = url, code, side, ssl_context, name
        self.on_change = on_change
        self.picture = Picture()
        self._ws: ClientConnection | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Ack]] = {}
        self._changed = asyncio.Event()
        self._closing = False
        self._orders: tuple[int, Orders] | None = None  # (turn, orders) this table sealed and the host acknowledged
        self._first_view = False

    # --- the connection loop ----------------------------------------------------------------------

    async def run(self) -> None:
        """Join, then follow the host until closed or refused, reconnecting after every drop."""
        pause = FIRST_PAUSE
        while not self._closing:
            try:
                async with connect(
                    self.url, ssl=self.ssl_context, max_size=MAX_HOST_MESSAGE, compression=None, proxy=None,
                    open_timeout=5, ping_interval=10, ping_timeout=10, close_timeout=2,
                    user_agent_header=f"wargame/{__version__}",
                ) as ws:
                    self._ws = ws
                    self._first_view = True
                    await ws.send(Hello(code=self.code, side=self.side, client=self.name).text())
                    async for raw in ws:
                        self._receive(raw)
                        if self.picture.status == "joined":
                            pause = FIRST_PAUSE
                    problem = "the host closed the connection"
            except Refused as exc:
                self._update(status="refused", problem=str(exc))
                return
            except ssl.SSLCertVerificationError as exc:  # trying again will not make the certificate trusted
                self._update(status="refused", problem=describe(exc))
                return
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError, ProtocolError) as exc:
                problem = describe(exc)
            except InvalidURI as exc:
                self._update(status="refused", problem=f"not a host address: {exc}")
                return
            finally:
                self._ws = None
                for future in self._waiting.values():
                    if not future.done():
                        future.set_exception(WargameError("the connection to the host was lost; try again"))
                self._waiting.clear()
            if self._closing:
                break
            self._update(status="reconnecting" if self.picture.welcome else "connecting", problem=problem)
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
        self._update(status="closed")

    def _receive(self, raw: str | bytes) -> None:
        msg = parse_host(raw)
        if isinstance(msg, Welcome):
            if self.side is None and msg.side is not None:
                self.side = msg.side
            notice = self.picture.notice
            if msg.engine != __version__:
                notice = (f"This laptop runs wargame {__version__} and the host {msg.engine}: install the host's "
                          "version here (the debrief checks the game's log by playing it again)")
            self._update(status="joined", problem=None, welcome=msg, notice=notice)
        elif isinstance(msg, View):
            before = self.picture.you
            moved_on = before is not None and msg.you is not None and msg.you.turn > before.turn
            self._update(room=msg.room, you=msg.you, **({"last_you": before} if moved_on else {}))
            if self._first_view:
                self._first_view = False
                self._reseal()
            elif self._withdrawn(msg):
                self._orders = None  # the white cell withdrew them: never send them again
        elif isinstance(msg, Log):
            self._update(log=tuple(msg.lines))
        elif isinstance(msg, Ack | Error):
            future = self._waiting.pop(msg.ref, None) if msg.ref is not None else None
            if future is not None and not future.done():
                if isinstance(msg, Ack):
                    future.set_result(msg)
                else:
                    future.set_exception(WargameError(msg.message))
            elif isinstance(msg, Error):
                if self.picture.welcome is None and msg.message.startswith("join refused"):
                    raise Refused(msg.message)
                self._update(problem=msg.message)
        elif isinstance(msg, Bye):
            if msg.final:
                raise Refused(msg.reason)
            self._update(problem=msg.reason)

    def _update(self, **changes: object) -> None:
        self.picture = dataclasses.replace(self.picture, version=self.picture.version + 1, **changes)  # type: ignore[arg-type]
        self._changed.set()
        self._changed = asyncio.Event()
        if self.on_change is not None:
            self.on_change(self.picture)

    # --- requests -----------------------------------------------------------------------------------

    async def _request(self, build: Callable[[int], Seal | Ping], timeout: float) -> Ack:
        ws = self._ws
        if ws is None or self.picture.status != "joined":
            raise WargameError("not connected to the host just now; wait for it to come back")
        number = next(self._ids)
        future: asyncio.Future[Ack] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        try:
            await ws.send(build(number).text())
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise WargameError("the host did not answer in time") from None
        except ConnectionClosed:
            raise WargameError("the connection to the host was lost; try again") from None
        finally:
            self._waiting.pop(number, None)

    async def seal(self, moves: list[str], intent: str = "", timeout: float = REPLY_SECONDS) -> None:
        """Seal this team's orders for the coming turn; raises WargameError with the host's reason."""
        room, side = self.picture.room, self.side
        if room is None or side is None:
            raise WargameError("only a team's table gives orders")
        turn = room.turn + 1
        await self._request(lambda n: Seal(id=n, turn=turn, side=side, moves=list(moves), intent=intent), timeout)
        self._orders = (turn, Orders(moves=list(moves), intent=intent.strip()))

    async def ping(self, timeout: float = REPLY_SECONDS) -> None:
        await self._request(lambda n: Ping(id=n), timeout)

    def _withdrawn(self, view: View) -> bool:
        """The host no longer holds the orders this table sealed for the current turn."""
        kept = self._orders
        return (kept is not None and view.you is not None and view.you.sealed is None
                and kept[0] == view.room.turn + 1)

    def _reseal(self) -> None:
        """Back after a drop: if the host has lost orders this table sealed for this turn, seal them again."""
        room, you, kept = self.picture.room, self.picture.you, self._orders
        if room is None or you is None or kept is None or room.over:
            return
        turn, orders = kept
        if turn != room.turn + 1 or you.sealed is not None or you.side in room.handed:
            return

        async def again() -> None:
            try:
                await self.seal(orders.moves, orders.intent)
            except WargameError as exc:
                self._update(notice=f"The host restarted and lost your sealed orders; sending them again failed: {exc}")
                return
            self._update(notice="The host restarted and had lost your sealed orders: they were sealed again.")

        asyncio.get_running_loop().create_task(again())

    async def until(self, test: Callable[[Picture], bool], timeout: float = REPLY_SECONDS) -> Picture:
        """Wait until the picture passes `test`; raises TimeoutError if it does not in time."""
        async with asyncio.timeout(timeout):
            while not test(self.picture):
                await self._changed.wait()
        return self.picture

    async def close(self) -> None:
        self._closing = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()


class ClientThread:
    """A Client on its own event loop in a background thread, with blocking calls for the table.

    The loop lives until `close`, even after the client has stopped (refused), so calls never meet
    a closed loop."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wargame-client", daemon=True)

    @property
    def picture(self) -> Picture:
        return self.client.picture

    def start(self) -> ClientThread:
        self._thread.start()
        self._started.wait(5)
        return self

    def _run(self) -> None:
        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self._started.set()
            runner = asyncio.create_task(self.client.run())
            await self._stop.wait()
            await self.client.close()
            runner.cancel()
            await asyncio.gather(runner, return_exceptions=True)

        asyncio.run(main())

    def join(self, timeout: float) -> Picture:
        """Wait until the host has let this client in and sent its first view; raises WargameError if it
        refused or cannot be reached."""
        def joined(p: Picture) -> bool:
            return p.status == "refused" or (p.status == "joined" and p.room is not None)

        picture = self._call(self.client.until(joined, timeout), timeout + 1,
                             lambda: WargameError(f"cannot reach the host: {self.picture.problem or 'no answer'}"))
        if picture.status == "refused":
            raise WargameError(f"the host refused: {picture.problem}".replace("refused: join refused:", "refused:"))
        return picture

    def seal(self, moves: list[str], intent: str = "", timeout: float = REPLY_SECONDS) -> None:
        self._call(self.client.seal(moves, intent, timeout), timeout + 1)

    def until(self, test: Callable[[Picture], bool], timeout: float = REPLY_SECONDS) -> Picture:
        """Block until the picture passes `test` (for scripts and tests)."""
        return self._call(self.client.until(test, timeout), timeout + 1)

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float,
              on_timeout: Callable[[], WargameError] | None = None) -> T:
        assert self.loop is not None
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise (on_timeout() if on_timeout else WargameError("the host did not answer in time")) from None

    def close(self, timeout: float = 5.0) -> None:
        if self.loop is not None and self._stop is not None and self._thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop has already stopped
                self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)


def scenario_of(welcome: Welcome) -> Scenario:
    """The scenario the host plays, from the text it sent, checked against its hash.

    Files the scenario names (its map picture) come with it; they are written with the text to a
    folder of this laptop's temporary files, so the scenario loads exactly as on the host."""
    import base64
    import re
    import tempfile
    from pathlib import Path

    from wargame.scenario.loader import load_text

    name = welcome.scenario_file
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", name):
        raise WargameError(f"the host sent a scenario file name this table will not use: {name[:40]!r}")
    filename = name
    if welcome.attachments:
        folder = Path(tempfile.gettempdir()) / f"wargame-join-{welcome.scenario_sha256[:16]}"
        folder.mkdir(mode=0o700, exist_ok=True)
        for attached, data in welcome.attachments.items():
            if not re.fullmatch(ATTACHMENT, attached) or ".." in attached.split("/"):
                raise WargameError(f"the host sent a file this table will not write: {attached[:40]!r}")
            target = folder / attached
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(data))
        (folder / name).write_text(welcome.scenario_text, encoding="utf-8")
        filename = str(folder / name)
    scenario = load_text(welcome.scenario_text, filename)
    if scenario.sha256 != welcome.scenario_sha256:
        raise WargameError("the scenario the host sent does not match its own hash; join again")
    return scenario
