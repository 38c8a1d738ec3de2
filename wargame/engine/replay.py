"""Replay a log from its scenario and seed: verify it, resume it, or fork it for a counterfactual.

The log is the truth, and replay is how it is checked: every record's hash chain is checked first,
then the game is played again from the header and each regenerated line must equal the recorded
line byte for byte. The first difference is named by its turn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from wargame.engine.game import Game, Sink
from wargame.engine.record import LOG_FORMAT, expected_hash
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


def parse_lines(lines: list[str]) -> list[dict[str, Any]]:
    """Records from log lines; a line that is not JSON raises LogError naming it."""
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise LogError(f"record {number} is not valid JSON (the log is damaged)") from None
        if not isinstance(record, dict) or "type" not in record:
            raise LogError(f"record {number} is not a log record")
        records.append(record)
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
    header = records[0]
    if header.get("format") != LOG_FORMAT:
        raise LogError(f"log format {header.get('format')!r} is not the supported format {LOG_FORMAT}")
    return header


def replay(
    lines: list[str],
    scenario: Scenario,
    *,
    stop_after_turn: int | None = None,
    fork: dict[str, Any] | None = None,
) -> ReplayResult:
    """Play the log again and compare every line; stop at the first difference."""
    records = parse_lines(lines)
    broken = check_chain(records) if fork is None else None
    if broken is not None:
        number, message = broken
        return ReplayResult(False, 0, message, bad_turn=records[number - 1].get("turn"), bad_record=number)
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
    game = Game.new(
        scenario,
        header["seed"],
        header["seats"],
        created=header.get("created"),
        teams=header.get("teams"),
        fork=fork if fork is not None else header.get("fork"),
    )
    if fork is None and game.lines[0] != lines[0]:
        return ReplayResult(False, 0, "the header does not match a game made from it", game, bad_record=1)
    position = 1
    turns = 0
    while position < len(records):
        record = records[position]
        if stop_after_turn is not None and record.get("type") == "turn" and record["turn"] > stop_after_turn:
            break
        before = len(game.lines)
        try:
            apply_record(game, record)
        except WargameError as exc:
            return ReplayResult(False, turns, f"{_where(position + 1, record)}: cannot be replayed: {exc}",
                                game, record.get("turn"), position + 1)
        produced = game.lines[before:]
        for offset, line in enumerate(produced):
            index = position + offset
            if index >= len(records):
                break
            if fork is None and line != lines[index]:
                return ReplayResult(False, turns, _difference(index + 1, records[index], json.loads(line)),
                                    game, records[index].get("turn"), index + 1)
        position += max(len(produced), 1)
        if record.get("type") == "turn":
            turns = record["turn"]
    return ReplayResult(True, turns, f"OK: {turns} turns", game)


def apply_record(game: Game, record: dict[str, Any]) -> None:
    """Do to `game` what one log record says was done (orders and resolution, or a white-cell act)."""
    kind = record["type"]
    if kind == "turn":
        for side, orders in record["orders"].items():
            game.submit(side, orders["moves"], orders.get("intent", ""), by=orders.get("by"))
        game.resolve()
    elif kind == "note":
        game.note(record["text"], record.get("author", "white cell"))
    elif kind == "inject":
        game.inject(record["inject"])
    elif kind == "override":
        changes = record["changes"]
        game.override(
            record["reason"],
            rung=changes.get("rung", {}).get("to"),
            indicators={k: v["to"] for k, v in changes.get("indicators", {}).items()},
        )
    elif kind == "advisor":
        game.set_advisor(record["on"])
    elif kind == "advice":
        game.record_advice(record["side"], record["forecasts"])
    elif kind == "unseal":
        game.unseal(record["side"], record.get("reason", ""))
    elif kind == "seat":
        game.set_seat(record["side"], record["seat"])
    elif kind == "timer":
        game.timer_expired(record["side"], record["seconds"], record["sealed"])
    elif kind == "end":
        raise LogError("an end record that the game did not produce")
    else:
        raise LogError(f"unknown record type {kind!r}")


def _difference(number: int, logged: dict[str, Any], replayed: dict[str, Any]) -> str:
    where = _where(number, logged)
    if logged.get("type") != replayed.get("type"):
        return f"{where}: the replay produced a {replayed.get('type')} record here"
    if logged.get("state_hash") != replayed.get("state_hash"):
        return f"{where}: the state differs from the replay"
    fields = sorted(k for k in set(logged) | set(replayed) if k not in ("hash", "prev") and logged.get(k) != replayed.get(k))
    return f"{where}: differs from the replay in {', '.join(fields) or 'its bytes'}"


def _where(number: int, record: dict[str, Any]) -> str:
    kind = record.get("type", "?")
    turn = record.get("turn")
    if kind == "turn":
        return f"record {number} (turn {turn})"
    return f"record {number} ({kind}" + (f" after turn {turn})" if turn is not None else ")")


def verify_lines(lines: list[str], scenario: Scenario) -> ReplayResult:
    """Check the chain and replay the whole log."""
    return replay(lines, scenario)


def resume(lines: list[str], scenario: Scenario, sink: Sink | None = None) -> Game:
    """The game the log describes, ready to continue; new records go to `sink`."""
    result = replay(lines, scenario)
    if not result.ok or result.game is None:
        raise LogError(f"cannot resume: {result.message}")
    result.game.sink = sink
    return result.game


def fork(lines: list[str], scenario: Scenario, turn: int, sink: Sink | None = None) -> Game:
    """A new game that repeats the log up to the end of `turn`, then takes new orders."""
    records = parse_lines(lines)
    verified = replay(lines, scenario, stop_after_turn=turn)
    if not verified.ok:
        raise LogError(f"cannot fork: {verified.message}")
    if verified.turns < turn:
        raise LogError(f"cannot fork at turn {turn}: the log has {verified.turns} turns")
    origin = {"from": records[0]["hash"], "turn": turn}
    result = replay(lines, scenario, stop_after_turn=turn, fork=origin)
    if result.game is None:
        raise LogError(f"cannot fork: {result.message}")
    result.game.sink = sink
    if sink is not None:
        for line in result.game.lines:
            sink(line)
    return result.game
