"""A live game bound to its log file: started fresh or resumed, each committed record made durable.

Shared by the two tables that write logs, the hot-seat session (`wargame.ui.session`) and the split
room's host (`wargame.net.table`), so both start and resume a game the same way: a team seat only
on a playable side, every record signed with this table's key, no half-made log left behind when a
game cannot start, one writer per log (its lock taken before the log is read), a partial last line
cut away before a resumed game appends, and an end record the game owed the log written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wargame.engine import HUMAN, Game
from wargame.errors import WargameError
from wargame.logfile import LogContents, LogWriter
from wargame.scenario.models import Scenario
from wargame.signing import table_signer


def start_logged(scenario: Scenario, seed: int, seats: dict[str, str], path: Path, created: str | None = None,
                 teams: dict[str, str] | None = None, history: int | None = None) -> tuple[Game, LogWriter]:
    """A new game writing to a new log at `path` (`history`: turns that follow the recorded history)."""
    for side, seat in seats.items():
        if seat == HUMAN and side in {s.id for s in scenario.sides} and not scenario.side(side).playable:
            raise WargameError(f"{scenario.side(side).label} is played by the computer only")
    writer = LogWriter(path)
    try:
        game = Game.new(scenario, seed, seats, created=created, teams=teams, sink=writer, signer=table_signer(),
                        history=history)
    except BaseException:
        writer.close()
        if path.exists() and path.stat().st_size == 0:
            path.unlink()
        raise
    return game, writer


def resume_logged(path: Path, scenario: Scenario | None = None,
                  writer: LogWriter | None = None) -> tuple[Game, LogWriter, LogContents]:
    """The game a log describes (replayed and checked), appending to the same log from where it stopped.

    `writer` is the log's lock when the caller took it already (LogWriter.resume); the scenario, when
    not given, is the one the log names (wargame.verification.find_scenario)."""
    from wargame.verification import resume_game

    writer = writer or LogWriter.resume(path)
    try:
        game = resume_game(writer, scenario)
    except BaseException:
        writer.close()
        raise
    assert writer.contents is not None
    return game, writer, writer.contents


def now_iso() -> str:
    """The wall-clock time for a log header (the engine itself never reads the clock)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
