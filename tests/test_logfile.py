"""One writer per log: two writers started together, many times, never leave a log that fails to verify.

The writers are real processes (forked from the test, so each round costs milliseconds, not an
interpreter start) released together by a barrier; a few rounds also run `wargame play --resume`
as separate programs, headless.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests.engine.conftest import FIXTURES
from wargame.cli.main import main
from wargame.errors import LogError
from wargame.logfile import LogWriter, read_log
from wargame.verification import check_log

SCENARIO = FIXTURES / "golden_scenario.yaml"
ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 12
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock and fork")


def _writer(barrier: multiprocessing.synchronize.Barrier, argv: list[str], out: str) -> None:  # type: ignore[name-defined]
    """A child: wait for the other writer, run one command, leave its exit code and stderr in `out`."""
    err = io.StringIO()
    barrier.wait()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(argv)
    Path(out).write_text(f"{code}\n{err.getvalue()}", encoding="utf-8")


def _session_writer(barrier: multiprocessing.synchronize.Barrier, log: str, out: str) -> None:  # type: ignore[name-defined]
    """A child doing what `play --resume` does before its window opens, then playing on headless."""
    from wargame.ui.session import Session

    barrier.wait()
    try:
        session = Session.resume(log)
    except LogError as exc:
        Path(out).write_text(f"1\n{exc}\n", encoding="utf-8")
        return
    while not session.over:
        session.resolve()
    session.close()
    Path(out).write_text("0\n", encoding="utf-8")


def _together(target, args_of, tmp: Path) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Start two children on the same log at the same moment; their (exit code, stderr)."""
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    outs = [tmp / f"child{i}.txt" for i in range(2)]
    children = [ctx.Process(target=target, args=(barrier, *args_of, str(out))) for out in outs]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
        assert child.exitcode == 0, "a writer crashed"
    results = []
    for out in outs:
        code, _, err = out.read_text(encoding="utf-8").partition("\n")
        results.append((int(code), err.strip()))
    return results


def _assert_one_line_refusals(results: list[tuple[int, str]]) -> None:
    for code, err in results:
        if code:
            assert len(err.splitlines()) == 1 and "Traceback" not in err, err
            assert "is writing this log" in err or "already exists" in err, err


def test_two_runs_on_the_same_new_log(tmp_path: Path) -> None:
    for n in range(ROUNDS):
        log = tmp_path / f"same{n}.jsonl"
        argv = ["run", str(SCENARIO), "--seed", str(n), "--log", str(log), "--quiet"]
        results = _together(_writer, (argv,), tmp_path)
        assert sorted(code for code, _ in results) == [0, 1]  # exactly one wrote the log
        _assert_one_line_refusals(results)
        assert check_log(log, str(SCENARIO)).valid


def test_two_resumes_of_the_same_log(tmp_path: Path) -> None:
    (tmp_path / SCENARIO.name).write_text(SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")  # beside the logs
    refused = 0
    for n in range(ROUNDS):
        log = tmp_path / f"paused{n}.jsonl"
        with redirect_stdout(io.StringIO()):
            assert main(["run", str(SCENARIO), "--seed", str(n), "--log", str(log), "--turns", "1"]) == 0
        target, args = (_writer, (["run", "--resume", str(log), "--quiet"],)) if n % 2 else (_session_writer, (str(log),))
        results = _together(target, args, tmp_path)
        _assert_one_line_refusals(results)
        refused += sum(1 for code, _ in results if code)
        check = check_log(log, str(SCENARIO))
        assert check.valid, check.headline()  # never two games interleaved in one log
    assert refused > 0, "the writers never overlapped: the test did not test the lock"


def test_a_second_writer_is_told_the_holders_pid(tmp_path: Path) -> None:
    log = tmp_path / "held.jsonl"
    with LogWriter(log) as first:
        first('{"type":"header"}')
        with pytest.raises(LogError, match=rf"another wargame \(pid {os.getpid()}\) is writing this log"):
            LogWriter.resume(log)
        with pytest.raises(LogError, match=rf"\(pid {os.getpid()}\) is writing this log; choose another --log"):
            LogWriter(log)
    assert not (tmp_path / ".held.jsonl.pid").exists()  # the note goes with the writer
    with LogWriter.resume(log) as again:
        assert again.contents is not None and again.contents.lines == ['{"type":"header"}']


def test_play_resume_twice_at_once_headless(tmp_path: Path) -> None:
    """Two real `wargame play --resume` programs on one log: one is refused in a line before any window
    opens, naming the other's pid; the other holds the log until it is killed, and the log verifies."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    log = tmp_path / "table.jsonl"
    with redirect_stdout(io.StringIO()):
        assert main(["run", str(SCENARIO), "--seed", "2", "--log", str(log), "--turns", "1"]) == 0
    (tmp_path / SCENARIO.name).write_text(SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")  # beside the log
    command = [sys.executable, "-m", "wargame", "play", "--resume", str(log), "--exit-when-done", "--pace", "0.2"]
    players = [subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    try:
        loser = _first_to_exit(players, seconds=60)
        err = loser.communicate()[1].strip()
        winner = players[1 - players.index(loser)]
        assert loser.returncode == 1 and len(err.splitlines()) == 1, err
        assert f"another wargame (pid {winner.pid}) is writing this log" in err
    finally:
        for p in players:
            p.kill()
            p.communicate()
    check = check_log(log)
    assert check.sound, check.headline()


def _first_to_exit(processes: list[subprocess.Popen[str]], seconds: float) -> subprocess.Popen[str]:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for p in processes:
            if p.poll() is not None:
                return p
        time.sleep(0.05)
    raise AssertionError("neither writer stopped: both are writing the log")


def test_a_writer_never_follows_a_symlink_or_opens_a_device(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep\n")
    link = tmp_path / "game.jsonl"
    link.symlink_to(target)
    with pytest.raises(LogError, match="already exists"):
        LogWriter(link)
    with pytest.raises(LogError, match="symbolic link"):
        LogWriter.resume(link)
    assert target.read_text() == "keep\n"
    with pytest.raises(LogError, match="not a regular file"):
        read_log("/dev/zero")
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(LogError, match="not a regular file"):
        read_log(fifo)
    with pytest.raises(LogError, match="not a regular file"):
        LogWriter.resume(fifo)
