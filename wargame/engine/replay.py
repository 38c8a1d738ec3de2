"""Replay a log from its scenario and seed: verify it, resume it, or fork it for a counterfactual.

The log is the truth, and replay is how it is checked: every record's hash chain is checked first,
then the game is played again from the header and each regenerated line must equal the recorded
line (without its signature, which only the table's key can make) byte for byte. The first
difference is named by its turn. Signatures themselves are checked outside the engine
(wargame.verification), which holds no key and imports no cryptography.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wargame.engine.game import Game, Sink
from wargame.engine.record import LOG_FORMAT, READABLE_FORMATS, Signer, canonical, expected_hash, unsigned
from wargame.errors import LogError, WargameError
from wargame.scenario.models import Scenario


@dataclass
class ReplayResult:
    """Outcome of replaying a log."""

    ok: bool
    turns: int  # turns replayed and found equal
    message: str
    game: Game | None = None
    bad_turn: int | None = None
    bad_record: int | None = None
    # records the game produced that the log lacks (an end record cut off while it was written)
    missing: list[dict[str, Any]] = field(default_factory=list)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number a log may hold")


def parse_record(line: str, number: int) -> dict[str, Any]:
    """One log line as a record; anything else raises LogError naming the record."""
    try:
        record = json.loads(line, parse_float=_finite, parse_constant=_no_constants)
    except RecursionError:
        raise LogError(f"record {number} is nested too deep to be a game record") from None
    except ValueError as exc:  # JSONDecodeError, a non-finite number, an integer too long to read
        reason = "is not valid JSON (the log is damaged)" if isinstance(exc, json.JSONDecodeError) else f"is unreadable: {exc}"
        raise LogError(f"record {number} {reason}") from None
    if not isinstance(record, dict) or not isinstance(record.get("type"), str):
        raise LogError(f"record {number} is not a log record")
    return record


def parse_lines(lines: list[str]) -> list[dict[str, Any]]:
    """Records from log lines; a line that is not a record raises LogError naming it."""
    records = [parse_record(line, number) for number, line in enumerate(lines, start=1)]
    if not records or records[0].get("type") != "header":
        raise LogError("the log does not start with a header record")
    return records


def check_chain(records: list[dict[str, Any]]) -> tuple[int, str] | None:
    """The first record whose hash or link is wrong, with a message; None when the chain holds."""
    prev = ""
    for number, record in enumerate(records, start=1):
        where = _where(number, record)
        if record.get("hash") != expected_hash(record):
            return number, f"{where} has been altered: its hash does not match its contents"
        if record.get("prev") != prev:
            return number, f"{where} does not follow the record before it: a record is missing or out of order"
        prev = record["hash"]
    return None


def header_info(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The header, checked to hold what a replay needs (each problem is one LogError line)."""
    header = records[0]
    version = header.get("format")
    if version not in READABLE_FORMATS:
        readable = " or ".join(str(v) for v in READABLE_FORMATS)
        raise LogError(f"log format {version!r} is not one this wargame reads ({readable})")
    scenario = header.get("scenario")
    if not isinstance(scenario, dict) or not all(isinstance(scenario.get(k), str) for k in ("id", "sha256")):
        raise LogError("the header does not name its scenario (id and sha256)")
    seed = header.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise LogError("the header's seed is not a whole number")
    for name in ("seats", "teams"):
        value = header.get(name, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise LogError(f"the header's {name} are not a mapping of sides to names")
    if not isinstance(header.get("created"), str | None):
        raise LogError("the header's creation time is not text")
    key = header.get("key")
    if key is not None and not (isinstance(key, dict) and all(isinstance(v, str) for v in key.values())):
        raise LogError("the header's key is not a public key description")
    origin = header.get("fork")
    if origin is not None and not isinstance(origin, dict):
        raise LogError("the header's fork origin is not a mapping")
    return header


def replay(
    lines: list[str],
    scenario: Scenario,
    *,
    stop_after_turn: int | None = None,
    fork: dict[str, Any] | None = None,
    signer: Signer | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReplayResult:
    """Play the log again and compare every line; stop at the first difference.

    With `fork`, the game is replayed under a new header (whose records `signer` signs) and
    nothing is compared. `progress` is called with (records done, records) after each turn."""
    records = parse_lines(lines)
    broken = check_chain(records) if fork is None else None
    if broken is not None:
        number, message = broken
        return ReplayResult(False, 0, message, bad_turn=_turn_of(records[number - 1]), bad_record=number)
    header = header_info(records)
    logged_sha = header["scenario"]["sha256"]
    if logged_sha != scenario.sha256:
        return ReplayResult(
            False,
            0,
            f"the scenario has changed since this game was played "
            f"(log: {header['scenario']['id']} {logged_sha[:12]}, now: {scenario.id} {scenario.sha256[:12]})",
            bad_record=1,
        )
    try:
        game = Game.new(
            scenario,
            header["seed"],
            header["seats"],
            created=header.get("created"),
            teams=header.get("teams"),
            fork=fork if fork is not None else header.get("fork"),
            signer=signer if fork is not None else None,
            key=header.get("key"),
            log_format=header["format"] if fork is None else LOG_FORMAT,
            history=header.get("history"),
        )
    except WargameError as exc:
        return ReplayResult(False, 0, f"the header cannot start a game: {exc}", bad_record=1)
    if fork is None and game.lines[0] != _recorded(lines, records, 0):
        return ReplayResult(False, 0, "the header does not match a game made from it", game, bad_record=1)
    position = 1
    turns = 0
    while position < len(records):
        record = records[position]
        if stop_after_turn is not None and record.get("type") == "turn" and (_turn_of(record) or 0) > stop_after_turn:
            break
        before = len(game.lines)
        try:
            apply_record(game, record)
        except WargameError as exc:
            return ReplayResult(False, turns, f"{_where(position + 1, record)}: cannot be replayed: {exc}",
                                game, _turn_of(record), position + 1)
        produced = game.lines[before:]
        if not produced:
            return ReplayResult(False, turns, f"{_where(position + 1, record)}: the game does not produce it",
                                game, _turn_of(record), position + 1)
        for offset, line in enumerate(produced):
            index = position + offset
            if index >= len(records):
                break
            if fork is None and line != _recorded(lines, records, index):
                return ReplayResult(False, turns, _difference(index + 1, records[index], json.loads(line)),
                                    game, _turn_of(records[index]), index + 1)
        position += len(produced)
        if record.get("type") == "turn":
            turns = game.turn
            if progress is not None:
                progress(position, len(records))
    missing = game.records[len(records):] if fork is None and stop_after_turn is None else []
    return ReplayResult(True, turns, f"OK: {turns} turns", game, missing=missing)


def _recorded(lines: list[str], records: list[dict[str, Any]], index: int) -> str | None:
    """The recorded line as a replay regenerates it (no signature), or None if it is not canonical."""
    if lines[index] != canonical(records[index]):
        return None  # edited by hand: same fields, other bytes
    return canonical(unsigned(records[index])) if "sig" in records[index] else lines[index]


def apply_record(game: Game, record: dict[str, Any]) -> None:
    """Do to `game` what one log record says was done (orders and resolution, or a white-cell act).

    A record missing a field, or holding the wrong kind of value, raises LogError naming the field."""
    kind = record["type"]
    if kind == "turn":
        for side, orders in _field(record, "orders", dict).items():
            if not isinstance(orders, dict):
                raise LogError(f"the orders of {side!r} are not a mapping")
            game.submit(side, _field(orders, "moves", list), _field(orders, "intent", str, ""),
                        by=_field(orders, "by", str, None), dropped=_field(orders, "dropped", list, None))
        game.resolve()
    elif kind == "note":
        game.note(_field(record, "text", str), _field(record, "author", str, "white cell"))
    elif kind == "inject":
        game.inject(_field(record, "inject", str))
    elif kind == "override":
        changes = _field(record, "changes", dict)
        rung = changes.get("rung", {})
        indicators = changes.get("indicators", {})
        if not isinstance(rung, dict) or not isinstance(indicators, dict):
            raise LogError("the override's changes are malformed")
        targets = {}
        for name, change in indicators.items():
            to = change.get("to") if isinstance(change, dict) else None
            if not isinstance(to, int | float) or isinstance(to, bool):
                raise LogError(f"the override of {name!r} has no number to set")
            targets[name] = float(to)
        game.override(_field(record, "reason", str), rung=_field(rung, "to", str, None), indicators=targets)
    elif kind == "advisor":
        game.set_advisor(_field(record, "on", bool))
    elif kind == "advice":
        game.record_advice(_field(record, "side", str), _field(record, "forecasts", dict))
    elif kind == "unseal":
        game.unseal(_field(record, "side", str), _field(record, "reason", str, ""))
    elif kind == "seat":
        game.set_seat(_field(record, "side", str), _field(record, "seat", str))
    elif kind == "timer":
        seconds = _field(record, "seconds", int)
        game.timer_expired(_field(record, "side", str), seconds, _field(record, "sealed", bool))
    elif kind == "pause":
        if game.pause() is None:
            raise LogError("a pause record in a log that cannot hold one")
    elif kind == "end":
        raise LogError("an end record that the game did not produce")
    else:
        raise LogError(f"unknown record type {kind!r}")


_MISSING = object()


def _field(record: dict[str, Any], name: str, kind: type, default: Any = _MISSING) -> Any:
    """record[name], which must be of `kind` (or absent, when a default is given)."""
    value = record.get(name, _MISSING)
    if value is _MISSING or (value is None and default is None):
        if default is _MISSING:
            raise LogError(f"field {name!r} is missing")
        return default
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise LogError(f"field {name!r} should be {_KINDS.get(kind, kind.__name__)}")
    return value


_KINDS = {str: "text", dict: "a mapping", list: "a list", bool: "true or false"}


def _turn_of(record: dict[str, Any]) -> int | None:
    turn = record.get("turn")
    return turn if isinstance(turn, int) and not isinstance(turn, bool) else None


def _difference(number: int, logged: dict[str, Any], replayed: dict[str, Any]) -> str:
    where = _where(number, logged)
    if logged.get("type") != replayed.get("type"):
        return f"{where}: the replay produced a {replayed.get('type')} record here"
    if logged.get("state_hash") != replayed.get("state_hash"):
        return f"{where}: the state differs from the replay"
    fields = sorted(k for k in set(logged) | set(replayed)
                    if k not in ("hash", "prev", "sig") and logged.get(k) != replayed.get(k))
    return f"{where}: differs from the replay in {', '.join(fields) or 'its bytes'}"


def _where(number: int, record: dict[str, Any]) -> str:
    kind = str(record.get("type", "?"))[:20]
    turn = _turn_of(record)
    if kind == "turn":
        return f"record {number} (turn {turn})"
    return f"record {number} ({kind}" + (f" after turn {turn})" if turn is not None else ")")


def verify_lines(lines: list[str], scenario: Scenario) -> ReplayResult:
    """Check the chain and replay the whole log (signatures: wargame.verification)."""
    return replay(lines, scenario)


def resume(lines: list[str], scenario: Scenario, sink: Sink | None = None, signer: Signer | None = None) -> Game:
    """The game the log describes, ready to continue; new records go to `sink`.

    A signed log goes on only with the key that began it (`signer`); an unsigned one stays unsigned.
    Records the game owes the log (an end record cut off while it was written) are written first."""
    result = replay(lines, scenario)
    if not result.ok or result.game is None:
        raise LogError(f"cannot resume: {result.message}")
    game = result.game
    key = parse_lines(lines[:1])[0].get("key")
    if key is not None:
        if signer is None:
            raise LogError("cannot resume: the log is signed, and going on needs the key of the table that began it")
        if dict(signer.public) != key:
            raise LogError(f"cannot resume: the log was begun by another table ({key.get('name', 'unnamed')}); "
                           "go on at that table")
        game.signer = signer
    game.records, game.lines = parse_lines(lines), list(lines)  # as recorded, signatures included
    game.sink = sink
    for owed in result.missing:
        game._commit({k: v for k, v in owed.items() if k not in ("prev", "hash", "sig")})
    return game


def fork(lines: list[str], scenario: Scenario, turn: int, sink: Sink | None = None,
         signer: Signer | None = None) -> Game:
    """A new game that repeats the log up to the end of `turn`, then takes new orders (signed by
    `signer` when given: the fork is a new log, written by this table)."""
    records = parse_lines(lines)
    verified = replay(lines, scenario, stop_after_turn=turn)
    if not verified.ok:
        raise LogError(f"cannot fork: {verified.message}")
    if verified.turns < turn:
        raise LogError(f"cannot fork at turn {turn}: the log has {verified.turns} turns")
    origin = {"from": records[0]["hash"], "turn": turn}
    result = replay(lines, scenario, stop_after_turn=turn, fork=origin, signer=signer)
    if result.game is None:
        raise LogError(f"cannot fork: {result.message}")
    result.game.sink = sink
    if sink is not None:
        for line in result.game.lines:
            sink(line)
    return result.game
