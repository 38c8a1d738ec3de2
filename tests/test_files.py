"""Nothing overwritten by surprise, nothing read without end, every I/O failure one line naming the file."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.conftest import FIXTURES
from wargame.cli.main import main
from wargame.files import FileProblem, read_capped, write_atomic

SCENARIO = FIXTURES / "golden_scenario.yaml"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "game.jsonl"
    assert main(["run", str(SCENARIO), "--log", str(path), "--quiet"]) == 0
    (tmp_path / SCENARIO.name).write_text(SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("flag", ["-o", "--json"])
def test_report_never_writes_over_its_own_log_even_forced(log: Path, flag: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = log.read_bytes()
    capsys.readouterr()
    for extra in ([], ["--force"]):
        assert main(["report", str(log), flag, str(log), "--runs", "0", *extra]) == 1
        assert "is one of this command's inputs" in one_line(capsys)
    assert log.read_bytes() == before


def test_outputs_need_force_and_replace_a_symlink_not_its_target(log: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep\n")
    link = tmp_path / "report.html"
    link.symlink_to(precious)
    capsys.readouterr()
    assert main(["report", str(log), "-o", str(link), "--runs", "0"]) == 1
    assert "already exists; add --force" in one_line(capsys)
    assert main(["report", str(log), "-o", str(link), "--runs", "0", "--force"]) == 0
    assert precious.read_text() == "keep\n" and not link.is_symlink() and "<html" in link.read_text()
    assert main(["schema", "-o", str(precious)]) == 1  # schema, diagram, keys export: the same rule
    assert precious.read_text() == "keep\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.html"
    target.write_text("old\n")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(FileProblem, match="cannot write: the disk is full"):
        write_atomic(target, "new\n", force=True)
    monkeypatch.undo()
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.html"]


@pytest.mark.parametrize("command", ["verify", "validate", "report"])
def test_devices_and_pipes_are_refused_at_once(tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        assert main([command, path]) == 1
        out = capsys.readouterr()
        text = (out.err + out.out).strip()
        assert "not a regular file" in text and "Traceback" not in text, text
    with pytest.raises(FileProblem, match="not a regular file"):
        read_capped(fifo, 100)


def test_a_log_header_cannot_make_verify_read_an_arbitrary_file(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.test_verification import rechain
    from wargame.signing import load_table_key

    records = [json.loads(line) for line in log.read_text().splitlines()]
    for name in ("/dev/zero", "../../../etc/passwd", "..", "/tmp/fifo.yaml", ".hidden.yaml"):
        records[0]["scenario"]["file"] = name
        log.write_text("".join(line + "\n" for line in rechain(records, load_table_key())))
        capsys.readouterr()
        assert main(["verify", str(log)]) == 1  # the tutorial's shipped file is found, and differs
        out = capsys.readouterr().err
        assert "SCENARIO MISMATCH" in out and "(shipped)" in out, out


@pytest.mark.parametrize(
    ("make", "essence"),
    [
        (lambda tmp: tmp / ("x" * 300 + ".jsonl"), "the file name is too long"),
        (lambda tmp: tmp / "missing" / "deeper" / "game.jsonl", None),  # folders are made
        (lambda tmp: Path("/dev/full"), "already exists"),
        (lambda tmp: tmp / "a-file" / "game.jsonl", "not a folder"),
    ],
)
def test_a_log_that_cannot_be_made_is_one_line(tmp_path: Path, make, essence: str | None,  # type: ignore[no-untyped-def]
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a-file").write_text("")
    target = make(tmp_path)
    code = main(["run", str(SCENARIO), "--log", str(target), "--quiet"])
    if essence is None:
        assert code == 0 and target.exists()
        return
    assert code == 1
    assert essence in one_line(capsys)


def test_non_utf8_file_names_are_shown_not_a_traceback(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/\xff\xfe-game.jsonl"
    done = subprocess.run([sys.executable, "-m", "wargame", "verify", os.fsdecode(name)], cwd=ROOT,
                          capture_output=True)
    err = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 1 and "no such file" in err and "Traceback" not in err, err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["run", str(SCENARIO), "--log", str(folder / "g.jsonl"), "--quiet"]) == 1
        assert "permission denied" in one_line(capsys)
    finally:
        folder.chmod(0o700)
