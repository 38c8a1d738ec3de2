"""Every forgery found by the hardening campaign (issue 15, finding 1) is caught, and named plainly.

A forger can edit records and recompute the hash chain; what they cannot do is sign with the
table's key. So each forgery below ends as FORGED (the records are not what the game produces),
WRONGLY SIGNED (the old signatures no longer fit), signed by another fingerprint (UNTRUSTED with
the evaluator's trust file), UNFINISHED (records cut from the end) or SCENARIO MISMATCH.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.engine.conftest import FIXTURES
from wargame.cli.main import main
from wargame.engine import Game
from wargame.engine.record import canonical, seal
from wargame.scenario import load
from wargame.signing import TableKey, load_table_key
from wargame.verification import check_log

SCENARIO = FIXTURES / "golden_scenario.yaml"
CREATED = "2026-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def table() -> TableKey:
    return load_table_key()


@pytest.fixture(scope="module")
def forger() -> TableKey:
    return TableKey(Ed25519PrivateKey.generate(), "table on vm", Path("."))  # claims the real table's name


def ai_game(table: TableKey) -> Game:
    game = Game.new(load(SCENARIO), 5, {"islamabad": "coercive", "kabul": "integrated"}, created=CREATED,
                    signer=table)
    while not game.over:
        game.resolve()
    return game


def human_game(table: TableKey, orders: dict[int, list[str]] | None = None, override: bool = False) -> Game:
    """Islamabad played by a team (with a note, advice and, if asked, an override), Kabul by the computer."""
    game = Game.new(load(SCENARIO), 8, {"islamabad": "human"}, created=CREATED, teams={"islamabad": "Blue"},
                    signer=table)
    plan = orders or {1: ["demarche"], 2: [], 3: ["elders_jirga"]}
    while not game.over:
        t = game.turn + 1
        if t == 2:
            game.note("Blue argued for a pause.")
            game.record_advice("islamabad", {"moves": {}, "rollouts": 10, "horizon": 2})
        if t == 3 and override:
            game.override("the white cell saw a breakthrough", rung=_agreement(game))
            if game.over:
                break
        game.submit("islamabad", plan.get(t, []), intent=f"turn {t}")
        game.resolve()
    return game


def _agreement(game: Game) -> str:
    return next(r.id for r in game.scenario.rungs if r.category.value == "agreement")


def records_of(game: Game) -> list[dict[str, Any]]:
    return [json.loads(line) for line in game.lines]


def rechain(records: list[dict[str, Any]], signer: TableKey | None = None) -> list[str]:
    """The forger's tool: recompute every hash and link; keep the old signatures, or sign anew."""
    lines, prev = [], ""
    for record in records:
        body = {k: v for k, v in record.items() if k not in ("prev", "hash", "sig")}
        if signer is not None and body.get("type") == "header":
            body["key"] = signer.public
        sealed = seal(body, prev)
        if signer is not None:
            sealed["sig"] = signer.sign(sealed["hash"])
        elif "sig" in record:
            sealed["sig"] = record["sig"]
        lines.append(canonical(sealed))
        prev = sealed["hash"]
    return lines


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def verdict(path: Path, trust: dict | None = None) -> tuple[str, str]:  # type: ignore[type-arg]
    check = check_log(path, SCENARIO if trust is None else str(SCENARIO), trust)
    return check.status, check.headline()


def relabel_as_human(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in records:
        if r["type"] == "header":
            r["seats"] = {side: "human" for side in r["seats"]}
            r["teams"] = {side: f"Team {side}" for side in r["seats"]}
            r["created"] = "2025-12-24T10:00:00+00:00"
        if r["type"] == "turn":
            for orders in r["orders"].values():
                orders["by"] = "human"
                orders["intent"] = "we chose this ourselves"
            r["date"] = "2025-12-25"
    return records


def test_an_untouched_signed_log_is_valid_and_names_its_signer(tmp_path: Path, table: TableKey) -> None:
    log = write(tmp_path / "game.jsonl", ai_game(table).lines)
    check = check_log(log, str(SCENARIO), {table.key.raw: table.key})
    assert check.valid and check.status == "OK"
    assert f"signed by {table.key.fingerprint} (table on" in check.headline() and "trusted" in check.headline()
    assert check.scenario.sha256 in check.scenario_line and "golden_scenario.yaml" in check.scenario_line


def test_ai_game_relabelled_as_human_play(tmp_path: Path, table: TableKey, forger: TableKey) -> None:
    records = relabel_as_human(records_of(ai_game(table)))
    kept = write(tmp_path / "kept.jsonl", rechain(records))
    status, headline = verdict(kept)
    assert status in ("FORGED", "WRONGLY SIGNED"), headline  # dates derive from the scenario: replay sees them
    no_dates = relabel_as_human(records_of(ai_game(table)))
    for r in no_dates:
        if r["type"] == "turn":
            r["date"] = records_of(ai_game(table))[r["turn"]]["date"]
    status, headline = verdict(write(tmp_path / "sigs.jsonl", rechain(no_dates)))
    assert status == "WRONGLY SIGNED" and "record 1 (header)" in headline
    resigned = write(tmp_path / "resigned.jsonl", rechain(no_dates, forger))
    status, _ = verdict(resigned, {table.key.raw: table.key})
    assert status == "UNTRUSTED"
    plain = check_log(resigned, str(SCENARIO))
    assert plain.signer is not None and plain.signer.fingerprint != table.key.fingerprint  # what an evaluator compares


def test_a_human_sides_orders_rewritten(tmp_path: Path, table: TableKey, forger: TableKey) -> None:
    records = records_of(human_game(table))
    turn2 = next(r for r in records if r["type"] == "turn" and r["turn"] == 2)
    turn2["orders"]["islamabad"]["moves"] = ["elders_jirga"]
    status, headline = verdict(write(tmp_path / "edited.jsonl", rechain(records)))
    assert status == "FORGED" and "turn 2" in headline
    # a forger who replays a whole new game with other orders must sign it: not with the table's key
    other = human_game(forger, orders={1: ["demarche"], 2: ["elders_jirga"], 3: ["elders_jirga"]})
    status, _ = verdict(write(tmp_path / "regenerated.jsonl", other.lines), {table.key.raw: table.key})
    assert status == "UNTRUSTED"


def test_an_override_inserted_to_jump_to_agreement(tmp_path: Path, table: TableKey, forger: TableKey) -> None:
    honest = records_of(human_game(table))
    forged = records_of(human_game(forger, override=True))
    assert any(r["type"] == "override" for r in forged)
    keep_header = [honest[0]] + forged[1:]  # the real table's header, the forger's game
    status, headline = verdict(write(tmp_path / "spliced.jsonl", rechain(keep_header)))
    assert status in ("FORGED", "WRONGLY SIGNED"), headline
    status, _ = verdict(write(tmp_path / "own-key.jsonl", [canonical(r) for r in forged]), {table.key.raw: table.key})
    assert status == "UNTRUSTED"


@pytest.mark.parametrize("edit", ["note rewritten", "note deleted", "note inserted", "advice rewritten",
                                  "advice deleted", "override reason rewritten"])
def test_white_cell_records_rewritten_inserted_or_deleted(tmp_path: Path, table: TableKey, edit: str) -> None:
    records = records_of(human_game(table, override=edit.startswith("override")))
    kind = edit.split()[0]
    at = next(i for i, r in enumerate(records) if r["type"] == kind)
    if edit.endswith("rewritten"):
        field = {"note": "text", "advice": "forecasts", "override": "reason"}[kind]
        records[at][field] = {"moves": {}, "rollouts": 1, "horizon": 1} if kind == "advice" else "nothing happened"
    elif edit.endswith("deleted"):
        del records[at]
    else:
        records.insert(at, dict(records[at], text="An extra note nobody wrote."))
    status, headline = verdict(write(tmp_path / "edited.jsonl", rechain(records)))
    assert status == "WRONGLY SIGNED", headline  # replay re-applies white-cell acts as logged: only keys tell


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_the_last_turns_or_the_end_dropped(tmp_path: Path, table: TableKey, cut: int) -> None:
    lines = ai_game(table).lines
    log = write(tmp_path / "cut.jsonl", lines[:-cut])
    check = check_log(log, str(SCENARIO))
    assert check.status == "UNFINISHED" and check.sound and not check.valid
    if cut == 1:
        assert "end record is missing" in check.headline()
    else:
        assert "no end or pause record" in check.headline() and "removed from the end" in check.headline()
    assert main(["verify", str(log), "--scenario", str(SCENARIO), "--strict"]) == 1
    assert main(["verify", str(log), "--scenario", str(SCENARIO)]) == 0


def test_a_game_played_on_a_rigged_copy_of_the_scenario(tmp_path: Path, table: TableKey,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    rigged_text = load("tutorial").source_name and Path(load("tutorial").source_name).read_text(encoding="utf-8")
    rigged_text = rigged_text.replace("base: 0.", "base: 0.9", 1)
    (tmp_path / "tutorial.yaml").write_text(rigged_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rigged = load("tutorial.yaml")
    game = Game.new(rigged, 3, created=CREATED, signer=table)
    while not game.over:
        game.resolve()
    elsewhere = tmp_path / "handed-in"
    elsewhere.mkdir()
    log = write(elsewhere / "game.jsonl", game.lines)
    # the rigged file sits in the current folder, not beside the log: verify replays the shipped one
    check = check_log(log)
    assert check.status == "SCENARIO MISMATCH" and "shipped" in check.scenario_origin
    # beside the log, it is used, and verify says which file and hash, and that it is not the shipped one
    shutil.copy(tmp_path / "tutorial.yaml", elsewhere / "tutorial.yaml")
    assert main(["verify", str(log)]) == 0
    out = capsys.readouterr().out
    assert f"{elsewhere / 'tutorial.yaml'} (beside the log)" in out and f"sha256 {rigged.sha256}" in out
    assert "NOTE: it differs from the shipped scenario tutorial" in out


def test_signature_problems_are_named(tmp_path: Path, table: TableKey) -> None:
    records = records_of(ai_game(table))
    del records[2]["sig"]
    status, headline = verdict(write(tmp_path / "nosig.jsonl", [canonical(r) for r in records]))
    assert status == "WRONGLY SIGNED" and "record 3 (turn 2) has no signature" in headline
    records = records_of(ai_game(table))
    records[0]["key"]["public"] = "not base64!"
    status, headline = verdict(write(tmp_path / "badkey.jsonl", rechain(records)))
    assert status == "WRONGLY SIGNED" and "not base64" in headline


def test_format_1_logs_are_read_and_reported_unsigned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = FIXTURES / "format1-seed1-integrated-integrated.jsonl"
    check = check_log(old, str(SCENARIO))
    assert check.replayed and check.sound and check.status == "UNSIGNED"
    assert "format-1 log, written before logs were signed" in check.headline()
    assert main(["verify", str(old), "--scenario", str(SCENARIO)]) == 0
    assert main(["verify", str(old), "--scenario", str(SCENARIO), "--strict"]) == 1
    assert "UNSIGNED" in capsys.readouterr().err


def test_a_by_field_that_is_not_text_is_refused_by_replay(tmp_path: Path, table: TableKey) -> None:
    records = records_of(ai_game(table))
    records[1]["orders"]["islamabad"]["by"] = 5
    status, headline = verdict(write(tmp_path / "by.jsonl", rechain(records, table)))
    assert status == "FORGED" and "field 'by' should be text" in headline


def test_a_record_removed_without_re_chaining_is_named_as_missing(tmp_path: Path, table: TableKey) -> None:
    lines = ai_game(table).lines
    status, headline = verdict(write(tmp_path / "gap.jsonl", lines[:2] + lines[3:]))
    assert status == "FORGED"
    assert headline.endswith("record 3 (turn 3) does not follow the record before it: a record is missing or out of order")


def test_cohort_leaves_a_failing_log_unranked_and_strict_refuses_it(tmp_path: Path, table: TableKey,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.jsonl", ai_game(table).lines)
    records = records_of(ai_game(table))
    records[1]["orders"]["islamabad"]["moves"] = []
    bad = write(tmp_path / "bad.jsonl", rechain(records))
    args = ["cohort", str(good), str(bad), "--scenario", str(SCENARIO), "--runs", "0",
            "-o", str(tmp_path / "c.html"), "--csv", str(tmp_path / "c.csv")]
    capsys.readouterr()
    assert main(args) == 1
    assert "FAILED: " + str(bad) in capsys.readouterr().err
    rows = (tmp_path / "c.csv").read_text().splitlines()
    assert rows[1].startswith("1,good,") and rows[2].startswith(",bad,") and ",FORGED," in rows[2]
    assert main([*args, "--strict", "--force"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[0].startswith("wargame: FAILED: ")  # the log's status, then the refusal
    assert err[1].startswith("wargame: refused (--strict): 1 of 2 logs")


def test_a_damaged_log_in_a_cohort_is_named(tmp_path: Path, table: TableKey, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.jsonl", ai_game(table).lines)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text(good.read_text().replace("{", "[", 1))
    assert main(["cohort", str(good), str(damaged), "--scenario", str(SCENARIO), "--runs", "0",
                 "-o", str(tmp_path / "c.html")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"wargame: {damaged}: record 1 is not valid JSON (the log is damaged)"


def test_a_table_name_with_terminal_escapes_is_printed_harmlessly(tmp_path: Path, forger: TableKey,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    sneaky = TableKey(forger.private, "Room 2\x1b[2J\x1b[31m trusted", Path("."))
    log = write(tmp_path / "game.jsonl", ai_game(sneaky).lines)
    assert main(["verify", str(log), "--scenario", str(SCENARIO)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "(Room 2?[2J?[31m trusted)" in out
