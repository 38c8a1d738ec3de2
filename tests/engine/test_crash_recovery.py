"""A game killed mid-session loses no committed turn, and a half-written record is set aside."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.engine.conftest import FIXTURES
from wargame.engine import Game, resume, verify_lines
from wargame.logfile import LogWriter, read_log
from wargame.scenario import load

SCENARIO = FIXTURES / "golden_scenario.yaml"

# The child plays one turn per line it reads on stdin, reporting each committed turn; the test
# kills it with SIGKILL while it waits, so nothing is timed.
CHILD = textwrap.dedent(
    """
    import sys
    from wargame.engine import Game
    from wargame.logfile import LogWriter
    from wargame.scenario import load
    game = Game.new(load(sys.argv[1]), 17, created="t0", sink=LogWriter(sys.argv[2]))
    while not game.over:
        game.resolve()
        print(game.turn, flush=True)
        sys.stdin.readline()
    """
)


def test_sigkill_mid_session_keeps_every_committed_turn(tmp_path: Path) -> None:
    log = tmp_path / "game.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(SCENARIO), str(log)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "1"
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "2"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    contents = read_log(log)
    assert contents.truncated_tail is None
    turns = [json.loads(line)["turn"] for line in contents.lines if json.loads(line)["type"] == "turn"]
    assert turns == [1, 2]

    scenario = load(SCENARIO)
    writer = LogWriter.resume(log)
    game = resume(contents.lines, scenario, sink=writer)
    assert game.turn == 2
    while not game.over:
        game.resolve()
    uninterrupted = Game.new(scenario, 17, created="t0")
    while not uninterrupted.over:
        uninterrupted.resolve()
    writer.close()
    assert read_log(log).lines == uninterrupted.lines


def test_a_half_written_last_record_is_reported_and_repaired(tmp_path: Path) -> None:
    scenario = load(SCENARIO)
    log = tmp_path / "game.jsonl"
    with LogWriter(log) as writer:
        game = Game.new(scenario, 3, created="t0", sink=writer)
        game.resolve()
        game.resolve()
    whole = log.read_bytes()
    log.write_bytes(whole + b'{"type":"turn","turn":3,"dra')  # killed while writing turn 3
    contents = read_log(log)
    assert contents.truncated_tail is not None
    assert contents.warning is not None and "3 complete records" in contents.warning
    assert "incomplete" in contents.warning
    assert verify_lines(contents.lines, scenario).ok
    with LogWriter.resume(log) as writer:  # cuts the partial record off, under the writer's lock
        assert writer.contents is not None and writer.contents.lines == contents.lines
        game = resume(writer.contents.lines, scenario, sink=writer)
        game.resolve()
    repaired = read_log(log)
    assert repaired.truncated_tail is None
    assert verify_lines(repaired.lines, scenario).message == "OK: 3 turns"
