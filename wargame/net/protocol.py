"""The split room's messages: JSON objects, each a pydantic model carrying the protocol version.

A client says `hello` with its join code, then sends `seal` (its side's orders for the coming turn)
or `ping`. The host answers `welcome` (the seat and the scenario), `view` (what this client may see
now), `log` (the whole log, once the game is over), `ack`, `error` and `bye`.

Every message from a client is checked here, in this order, before the host acts on it: size, text,
JSON, an object, the protocol version, a known type, then its fields (strict: no coercion, no
extra fields). A message that fails gets one `error` line naming the problem and changes nothing.
docs/protocol.md describes every message.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

PROTOCOL_VERSION = 1
MAX_CLIENT_MESSAGE = 16 * 1024  # bytes: the host refuses a longer message from a client with an error
MAX_FRAME = 64 * 1024  # bytes: above this the WebSocket layer closes the connection (code 1009)
MAX_HOST_MESSAGE = 64 * 1024 * 1024  # bytes a client accepts from the host (the whole log at the end)
MAX_MOVES = 16  # moves in one seal (a side's max_moves is checked by the game)
MAX_INTENT = 280  # characters of stated intent, as at the hot-seat table

Id = Annotated[str, Field(min_length=1, max_length=64)]


class ProtocolError(Exception):
    """A message that breaks the protocol; its text is what the sender is told."""


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    v: Literal[1] = Field(1, description="protocol version (PROTOCOL_VERSION)")

    def text(self) -> str:
        return self.model_dump_json()


# --- client to host ---------------------------------------------------------------------------


class ClientMessage(Message):
    id: int | None = Field(None, ge=0, le=2**53, description="the sender's number for this request, echoed in the reply")


class Hello(ClientMessage):
    """The first message on a connection: the join code, and the side the client expects to play."""

    type: Literal["hello"] = "hello"
    code: str = Field(max_length=64, description="join code, as typed (case, spaces and dashes do not matter)")
    side: Id | None = Field(None, description="the side this table expects to play (refused if the code is for another)")
    client: str = Field("", max_length=80, description="the client's name and version, for the host's screen")


class Seal(ClientMessage):
    """A team's orders for the coming turn, sealed: no other client sees them before resolution."""

    type: Literal["seal"] = "seal"
    turn: int = Field(ge=1, le=100_000, description="the turn these orders are for (turns completed + 1)")
    side: Id = Field(description="the side giving the orders: must be the side of the code")
    moves: list[Id] = Field(max_length=MAX_MOVES)
    intent: str = Field("", max_length=MAX_INTENT)


class Ping(ClientMessage):
    type: Literal["ping"] = "ping"


ClientMessageType = Hello | Seal | Ping
CLIENT_TYPES = {"hello": Hello, "seal": Seal, "ping": Ping}

# --- host to client ---------------------------------------------------------------------------


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Orders(Frozen):
    moves: list[str]
    intent: str = ""


class MoveCard(Frozen):
    """A move card as the side sees it now (wargame.engine.MoveOption as data)."""

    id: str
    label: str
    description: str
    channel: str
    mechanism: str | None
    cost: int
    tier: str
    legal: bool
    reasons: list[str]
    odds: float
    odds_notes: list[str]


class TimerView(Frozen):
    """The turn timer as the room sees it when the message is sent."""

    length: float = Field(description="seconds a turn is given")
    remaining: float = Field(description="seconds left (0 when time is up)")
    running: bool = Field(description="false while the white cell has paused the game")
    resolve_when_up: bool = Field(description="the white cell resolves the turn when time is up")


class RoomView(Frozen):
    """What everyone in the room may see: the projector's picture. Never estimates or sealed orders."""

    turn: int
    turn_count: int
    over: bool
    rung: str
    rung_history: list[str]
    rungs: dict[str, str] = Field(default_factory=dict, description="every ladder's rung, main ladder first")
    rung_histories: dict[str, list[str]] = Field(default_factory=dict, description="every ladder's trail")
    seats: dict[str, str]
    teams: dict[str, str]
    waiting_for: list[str] = Field(description="human sides that have not sealed this turn")
    handed: dict[str, str] = Field(description="human sides the white cell has handed to a policy")
    connected: list[str] = Field(description="sides with a team client connected now")
    observers: int = Field(description="observer clients connected now")
    advisor_on: bool
    paused: bool
    timer: TimerView | None
    last_turn: dict[str, Any] | None = Field(description="the last turn as the room saw it (wargame.net.fog)")
    end: dict[str, Any] | None
    notice: str | None = Field(description="the white cell's latest word to the room")
    log_name: str


class TeamView(Frozen):
    """What one team may see of its own side: its estimates, cards, sealed orders and advice."""

    side: str
    turn: int
    estimates: dict[str, float | None]
    moves: list[MoveCard]
    sealed: Orders | None
    advice: dict[str, Any] | None
    advice_pending: bool = Field(description="the advisor is still working on this side's forecasts")
    advice_problem: str | None = Field(None, description="why there is no advice, if the advisor failed")


class HostMessage(Message):
    pass


class Welcome(HostMessage):
    type: Literal["welcome"] = "welcome"
    role: Literal["team", "observer"]
    side: str | None
    label: str = Field(description="the seat as shown: a side's label or 'observer 2'")
    scenario_text: str
    scenario_file: str
    scenario_sha256: str
    attachments: dict[str, str] = Field({}, description="files the scenario names (its map picture), base64")
    engine: str


class View(HostMessage):
    type: Literal["view"] = "view"
    room: RoomView
    you: TeamView | None = None


class Log(HostMessage):
    """The whole log, sent to every client when the game is over (the truth, for the debrief)."""

    type: Literal["log"] = "log"
    lines: list[str]


class Ack(HostMessage):
    type: Literal["ack"] = "ack"
    ref: int | None = None
    what: str


class Error(HostMessage):
    type: Literal["error"] = "error"
    ref: int | None = None
    message: str


class Bye(HostMessage):
    """The host is closing this connection; `final` says not to come back with the same code."""

    type: Literal["bye"] = "bye"
    reason: str
    final: bool = False


HostMessageType = Welcome | View | Log | Ack | Error | Bye
HOST_TYPES = {"welcome": Welcome, "view": View, "log": Log, "ack": Ack, "error": Error, "bye": Bye}

_client_adapter: TypeAdapter[ClientMessageType] = TypeAdapter(
    Annotated[ClientMessageType, Field(discriminator="type")]
)
_host_adapter: TypeAdapter[HostMessageType] = TypeAdapter(Annotated[HostMessageType, Field(discriminator="type")])


def parse_client(raw: str | bytes) -> ClientMessageType:
    """A client's message, checked; raises ProtocolError with the one line the client is told."""
    if isinstance(raw, bytes):
        raise ProtocolError("send messages as text frames of JSON, not binary")
    size = len(raw.encode("utf-8"))
    if size > MAX_CLIENT_MESSAGE:
        raise ProtocolError(f"message of {size:,} bytes is over the limit of {MAX_CLIENT_MESSAGE:,} bytes")
    data = _object(raw)
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        raise ProtocolError(f"unknown message type {_shown(kind)} (expected one of {', '.join(CLIENT_TYPES)})")
    try:
        return _client_adapter.validate_python(data)
    except ValidationError as exc:
        raise ProtocolError(f"bad '{kind}' message: {first_problem(exc)}") from None


def parse_host(raw: str | bytes) -> HostMessageType:
    """A host's message, checked the same way (a client trusts its host, but not blindly)."""
    if isinstance(raw, bytes):
        raise ProtocolError("the host sent a binary frame")
    data = _object(raw)
    kind = data.get("type")
    if kind not in HOST_TYPES:
        raise ProtocolError(f"the host sent an unknown message type {_shown(kind)}")
    try:
        return _host_adapter.validate_python(data)
    except ValidationError as exc:
        raise ProtocolError(f"the host sent a bad '{kind}' message: {first_problem(exc)}") from None


def _object(raw: str) -> dict[str, Any]:
    """The JSON object of a message with a supported version, or ProtocolError."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        raise ProtocolError("message is not valid JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("message must be a JSON object")
    version = data.get("v")
    if "v" not in data:
        raise ProtocolError(f"message has no protocol version 'v' (this side speaks version {PROTOCOL_VERSION})")
    if version != PROTOCOL_VERSION or isinstance(version, bool):
        raise ProtocolError(
            f"protocol version {_shown(version)} is not supported: this side speaks version {PROTOCOL_VERSION} "
            "(install the same wargame version on every laptop)"
        )
    return data


def first_problem(exc: ValidationError) -> str:
    """The first field problem of a validation error, as 'field: message'."""
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in err["loc"][1:] if part) or "message"
    return f"{where}: {err['msg']}"


def _shown(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
