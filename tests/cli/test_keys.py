"""`wargame keys`: a table's key is made on first use, exported for evaluators, and replaced on request."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from wargame.cli.main import main
from wargame.signing import CONFIG_ENV, PublicKey, load_table_key, read_trust_file

GOLDEN_SCENARIO = Path(__file__).resolve().parents[1] / "engine" / "fixtures" / "golden_scenario.yaml"


@pytest.fixture
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    return folder


def test_show_makes_the_key_on_first_use_private_to_its_owner(own_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "show"]) == 0
    out = capsys.readouterr().out
    assert "(key made just now)" in out and "fingerprint:" in out and str(own_config) in out
    key_file = own_config / "table-key.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert main(["keys", "show"]) == 0
    again = capsys.readouterr().out
    assert "made just now" not in again and load_table_key().key.fingerprint in again


def test_export_writes_one_line_that_a_trust_file_reads(own_config: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "room2.key"
    assert main(["keys", "export", "-o", str(target)]) == 0
    trusted = read_trust_file(target)
    assert next(iter(trusted.values())).fingerprint == load_table_key().key.fingerprint
    assert main(["keys", "export", "-o", str(target)]) == 1  # never over a file without --force
    assert "add --force" in capsys.readouterr().err
    assert main(["keys", "export"]) == 0
    line = capsys.readouterr().out.strip()
    assert PublicKey.from_line(line).raw == load_table_key().key.raw


def test_new_needs_force_keeps_the_old_key_and_old_logs_still_verify(own_config: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "old.jsonl"
    assert main(["run", str(GOLDEN_SCENARIO), "--log", str(log), "--quiet"]) == 0
    old = load_table_key().key
    assert main(["keys", "new", "--name", "Room 2"]) == 1
    assert "add --force" in capsys.readouterr().err
    assert main(["keys", "new", "--name", "Room 2", "--force"]) == 0
    out = capsys.readouterr().out
    new = load_table_key()
    assert new.key.raw != old.raw and new.name == "Room 2" and "old private key is kept" in out
    assert list(own_config.glob("table-key-*.pem.old"))
    assert main(["verify", str(log), "--scenario", str(GOLDEN_SCENARIO)]) == 0
    assert f"signed by {old.fingerprint}" in capsys.readouterr().out


def test_verify_with_a_trust_file_names_the_trusted_table_and_refuses_others(own_config: Path, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "game.jsonl"
    assert main(["run", str(GOLDEN_SCENARIO), "--log", str(log), "--quiet"]) == 0
    trust = tmp_path / "trusted.keys"
    key = load_table_key().key
    trust.write_text(f"# the evaluator's tables\nwargame-table-key ed25519 {key.encoded} Room 2 (east wing)\n")
    capsys.readouterr()
    assert main(["verify", str(log), "--scenario", str(GOLDEN_SCENARIO), "--trust", str(trust), "--strict"]) == 0
    assert "(Room 2 (east wing), trusted)" in capsys.readouterr().out
    other = tmp_path / "other.keys"
    other.write_text("wargame-table-key ed25519 " + "A" * 43 + "= somebody else\n")
    assert main(["verify", str(log), "--scenario", str(GOLDEN_SCENARIO), "--trust", str(other)]) == 1
    assert "UNTRUSTED" in capsys.readouterr().err
    bad = tmp_path / "bad.keys"
    bad.write_text("ssh-ed25519 AAAA me@host\n")
    assert main(["verify", str(log), "--trust", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("wargame: trust file") and ":1: not a table key line" in err and len(err.splitlines()) == 1


def test_an_unwritable_config_folder_still_plays_and_says_the_log_is_unsigned(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch,
                                                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    monkeypatch.setenv(CONFIG_ENV, str(blocker / "wargame"))
    log = tmp_path / "game.jsonl"
    assert main(["run", str(GOLDEN_SCENARIO), "--log", str(log), "--quiet"]) == 0
    assert "the log will be unsigned" in capsys.readouterr().err
    assert main(["verify", str(log), "--scenario", str(GOLDEN_SCENARIO)]) == 0
    assert "UNSIGNED: written without a key" in capsys.readouterr().out
