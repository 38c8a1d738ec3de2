"""A split room in this process: a Table served by a Host on a background thread, on an ephemeral
loopback port, and a plain blocking WebSocket client to speak the protocol by hand."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from wargame.cli.host import load_with_text
from wargame.net.codes import CodeBook, FailureLimiter
from wargame.net.host import Advisor, Host, HostThread
from wargame.net.table import Table

CREATED = "2025-10-07T09:00:00+00:00"


@dataclass
class Room:
    table: Table
    codes: CodeBook
    host: Host
    thread: HostThread

    @property
    def url(self) -> str:
        return self.host.url

    def code(self, key: str) -> str:
        return self.codes.seat(key).code

    def snapshot(self) -> tuple[list[str], dict[str, Any], int]:
        """Everything a refused message must leave alone: the log, the sealed orders, the turn."""
        def read() -> tuple[list[str], dict[str, Any], int]:
            game = self.table.game
            sealed = {s: game.sealed_orders(s) for s in game.seats}
            return list(game.lines), {s: (o.moves, o.intent) if o else None for s, o in sealed.items()}, game.turn

        return self.thread.call(read)


@pytest.fixture
def hosted(tmp_path: Path) -> Iterator[Callable[..., Room]]:
    """A factory of hosted rooms (tutorial, both sides human, no advisor unless given); all stopped after."""
    rooms: list[Room] = []

    def make(scenario: str = "tutorial", seats: dict[str, str] | None = None, seed: int = 7,
             advisor: Advisor | None = None, limiter: FailureLimiter | None = None, observers: int = 1,
             log: Path | None = None, clock: Callable[[], float] = time.monotonic, **host_options: Any) -> Room:
        s, text = load_with_text(scenario)
        chosen = seats or {side.id: "human" for side in s.sides if side.playable}
        table = Table.start(s, seed, chosen, log or tmp_path / f"room{len(rooms)}.jsonl", created=CREATED,
                            clock=clock)
        codes = CodeBook.fresh({side: table.label(side) for side in table.teams()}, observers)
        host = Host(table, codes, text, port=0, advisor=advisor, limiter=limiter, **host_options)
        room = Room(table, codes, host, HostThread(host).start())
        rooms.append(room)
        return room

    yield make
    for room in rooms:
        room.thread.stop()
        room.table.close()


class Wire:
    """A blocking WebSocket connection that sends and reads raw protocol messages."""

    def __init__(self, url: str) -> None:
        self._open = ExitStack()
        self.ws: ClientConnection = self._open.enter_context(
            connect(url, compression=None, max_size=None, proxy=None, open_timeout=5)
        )

    def send(self, message: dict[str, Any] | str | bytes) -> None:
        self.ws.send(message if isinstance(message, str | bytes) else json.dumps(message))

    def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        data = json.loads(self.ws.recv(timeout))
        assert isinstance(data, dict)
        return data

    def until(self, kind: str, timeout: float = 5.0) -> dict[str, Any]:
        """The next message of this type (others, such as views, are read and dropped)."""
        while True:
            msg = self.recv(timeout)
            if msg["type"] == kind:
                return msg

    def hello(self, code: str, side: str | None = None) -> dict[str, Any]:
        """Join; returns the first view."""
        self.send({"v": 1, "type": "hello", "code": code, "side": side})
        assert self.recv()["type"] == "welcome"
        return self.until("view")

    def ask(self, message: dict[str, Any] | str | bytes) -> dict[str, Any]:
        """Send, and return the host's answer to it (an ack or an error; views on the way are dropped)."""
        self.send(message)
        while True:
            msg = self.recv()
            if msg["type"] in ("ack", "error"):
                return msg

    def sync(self) -> list[dict[str, Any]]:
        """Ping, and read everything up to its answer (returned): the host has handled all sent before."""
        self.send({"v": 1, "type": "ping", "id": 2**40})
        read = []
        while not ((msg := self.recv())["type"] in ("ack", "error") and msg["ref"] == 2**40):
            read.append(msg)
        return read

    def close(self) -> None:
        self._open.close()


@pytest.fixture
def wire() -> Iterator[Callable[[str], Wire]]:
    opened: list[Wire] = []

    def make(url: str) -> Wire:
        w = Wire(url)
        opened.append(w)
        return w

    yield make
    for w in opened:
        w.close()
