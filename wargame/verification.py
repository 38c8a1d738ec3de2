"""Checking a game log as an evaluator would: replay, signatures, trust, and whether it is whole.

One function, `check_log`, gives everything `verify`, `report`, `cohort` and a resuming table need to
say about a log, each finding in plain words:

- FORGED: the hash chain is broken, or a record is not what replaying the game produces;
- SCENARIO MISMATCH: the scenario found is not the one the game was played on;
- WRONGLY SIGNED: a record's signature is missing or is not the header's key's;
- UNTRUSTED: signed, but by a key that is not in the evaluator's trust file;
- TRUNCATED: the last record was cut off while it was written;
- UNFINISHED: no `end` record (paused, killed, or records removed from the end);
- UNSIGNED: a log from before signing (format 1) or written without a key.

A log with none of these is valid: it replays exactly, every record is signed by the key its
header names (a trusted one, when a trust file is given), and a signed `end` closes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.engine.game import Game
from wargame.engine.replay import ReplayResult, header_info, parse_lines, replay
from wargame.errors import LogError, ScenarioError
from wargame.logfile import LogContents, LogWriter, read_log
from wargame.scenario.models import Scenario
from wargame.signing import PublicKey

# Findings from worst to mildest; the first found is a log's headline.
SEVERITY = ("FORGED", "SCENARIO MISMATCH", "WRONGLY SIGNED", "UNTRUSTED", "TRUNCATED", "UNFINISHED", "UNSIGNED")
BLOCKING = SEVERITY[:5]  # without --strict, these fail; UNFINISHED and UNSIGNED are reported only

Trust = dict[bytes, PublicKey]


@dataclass
class Finding:
    status: str  # one of SEVERITY
    message: str


@dataclass
class LogCheck:
    """What is known about one log after checking it."""

    path: str
    lines: list[str]
    records: list[dict[str, Any]]
    scenario: Scenario
    scenario_origin: str  # where the scenario replayed against was found
    replay: ReplayResult
    signer: PublicKey | None
    trusted_as: str | None  # the name the trust file gives the signer, when it is trusted
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Replays exactly, signed throughout, trusted where a trust file was given, ended cleanly."""
        return not self.findings

    @property
    def sound(self) -> bool:
        """Nothing that fails verification (it may still be unsigned or unfinished)."""
        return not any(f.status in BLOCKING for f in self.findings)

    def passes(self, strict: bool) -> bool:
        return self.valid if strict else self.sound

    @property
    def replayed(self) -> bool:
        return self.replay.ok

    @property
    def status(self) -> str:
        return self.findings[0].status if self.findings else "OK"

    @property
    def signed_by(self) -> str | None:
        """'signed by 1a2b:... (name)', naming the trust file's name for a trusted key."""
        if self.signer is None or not self.replay.ok or any(f.status == "WRONGLY SIGNED" for f in self.findings):
            return None
        if self.trusted_as is not None:
            return f"signed by {self.signer.fingerprint} ({self.trusted_as}, trusted)"
        return f"signed by {self.signer.fingerprint} ({self.signer.name or 'unnamed table'})"

    @property
    def scenario_line(self) -> str:
        s = self.scenario
        return f"scenario {s.id} from {self.scenario_origin}, sha256 {s.sha256}"

    def headline(self) -> str:
        """One line: the status and the most important fact."""
        if not self.findings:
            ending = self._ending()
            return f"OK: {self.signed_by}; {self.replay.turns} turns replayed exactly; {ending}"
        first = self.findings[0]
        return f"{first.status}: {first.message}"

    def details(self) -> list[str]:
        """The other lines an evaluator reads: every further finding, the signer, the scenario."""
        out = [f"{f.status}: {f.message}" for f in self.findings[1:]]
        if self.findings:
            if self.replay.ok:
                out.append(f"replayed {self.replay.turns} turns: every record is what the game produces")
            if self.signed_by:
                out.append(self.signed_by)
            elif self.signer is not None:
                out.append(f"the header names key {self.signer.fingerprint} ({self.signer.name or 'unnamed'}); "
                           "its signatures do not vouch for records that differ from the game")
        out.append(self.scenario_line)
        return out

    def _ending(self) -> str:
        end = self.records[-1]
        return f"finished after turn {end.get('turn')} ({end.get('reason')}, outcome {end.get('outcome')})"

    def as_dict(self) -> dict[str, Any]:
        """The check as plain data (the report's JSON summary and the cohort CSV)."""
        return {
            "status": self.status,
            "valid": self.valid,
            "replayed": self.replay.ok,
            "findings": [{"status": f.status, "message": f.message} for f in self.findings],
            "signer": None if self.signer is None else {
                "fingerprint": self.signer.fingerprint, "name": self.signer.name, "trusted_as": self.trusted_as},
            "scenario": {"id": self.scenario.id, "sha256": self.scenario.sha256, "from": self.scenario_origin},
            "headline": self.headline(),
        }


def check_log(path: str | os.PathLike[str], scenario: str | Scenario | None = None,
              trust: Trust | None = None, contents: LogContents | None = None,
              progress: Callable[[int, int], None] | None = None) -> LogCheck:
    """Read, replay and check a log. A file that is not a readable log raises LogError.
    `progress` is called with (records replayed, records) as the replay goes."""
    contents = contents or read_log(path)
    try:
        records = parse_lines(contents.lines)
        header = header_info(records)
    except LogError as exc:  # name the file: a cohort reads many
        raise LogError(f"{path}: {exc}") from None
    if isinstance(scenario, Scenario):
        found, origin = scenario, f"{scenario.source_name} (given)"
    else:
        found, origin = find_scenario(Path(path), header, scenario)
    result = replay(contents.lines, found, progress=progress)
    check = LogCheck(str(path), contents.lines, records, found, origin, result, None, None)
    if not result.ok:
        changed = result.message.startswith("the scenario has changed")
        check.findings.append(Finding("SCENARIO MISMATCH" if changed else "FORGED", result.message))
    _check_signatures(check, header, trust)
    if contents.truncated_tail is not None:
        check.findings.append(Finding("TRUNCATED", f"the last record is cut off ({len(contents.truncated_tail)} bytes): "
                                      "the game was stopped while writing it; the records before it are kept"))
    ending = _ending_problem(records, result)
    if ending:
        check.findings.append(Finding("UNFINISHED", ending))
    check.findings.sort(key=lambda f: SEVERITY.index(f.status))
    return check


def _check_signatures(check: LogCheck, header: dict[str, Any], trust: Trust | None) -> None:
    records = check.records
    if header.get("format") == 1 or header.get("key") is None:
        signed = [n for n, r in enumerate(records, start=1) if "sig" in r]
        if signed:
            check.findings.append(Finding("WRONGLY SIGNED", f"record {signed[0]} carries a signature, "
                                          "but the header names no key"))
        why = "a format-1 log, written before logs were signed" if header.get("format") == 1 else "written without a key"
        check.findings.append(Finding("UNSIGNED", f"{why}: nothing shows which table wrote it"))
        return
    try:
        key = PublicKey.from_header(header.get("key"))
    except ValueError as exc:
        check.findings.append(Finding("WRONGLY SIGNED", str(exc)))
        return
    check.signer = key
    problem = signature_problem(records, key)
    if problem:
        check.findings.append(Finding("WRONGLY SIGNED", problem))
        return
    if trust is not None:
        trusted = trust.get(key.raw)
        if trusted is None:
            check.findings.append(Finding("UNTRUSTED", f"signed by {key.fingerprint} ({key.name or 'unnamed'}), "
                                          "a key that is not in the trust file"))
        else:
            check.trusted_as = trusted.name or key.name


def signature_problem(records: list[dict[str, Any]], key: PublicKey) -> str | None:
    """The first record not signed by `key`, in words; None when every record is."""
    for number, record in enumerate(records, start=1):
        if not key.verifies(record.get("hash", ""), record.get("sig")):
            kind = "has no signature" if "sig" not in record else "has a signature that is not the header key's"
            return (f"{_where(number, record)} {kind} (key {key.fingerprint}): "
                    "it was changed or added after signing")
    return None


def resume_game(writer: LogWriter, scenario: Scenario | None = None) -> Game:
    """The game in a log its writer has locked, ready to go on, with new records going to the writer.

    A signed log goes on only at the table whose key began it, and only if every record is still
    signed by that key; a record the game owed the log (an end cut off while written) is written first."""
    from wargame.engine import resume
    from wargame.signing import KeyFileError, load_table_key

    assert writer.contents is not None, "resume_game needs a writer made by LogWriter.resume"
    path, lines = writer.path, writer.contents.lines
    records = parse_lines(lines)
    header = header_info(records)
    if scenario is None:
        scenario, _ = find_scenario(path, header, None)
    signer = None
    if header.get("key") is not None:
        try:
            key = PublicKey.from_header(header["key"])
        except ValueError as exc:
            raise LogError(f"{path}: cannot resume: {exc}") from None
        problem = signature_problem(records, key)
        if problem:
            raise LogError(f"{path}: cannot resume: WRONGLY SIGNED: {problem}")
        try:
            table = load_table_key(create=False)
        except KeyFileError:
            table = None
        if table is None or table.key.raw != key.raw:
            here = f"this table is {table.key.fingerprint} ({table.name})" if table else "this table has no key"
            raise LogError(f"{path}: cannot resume here: the game was begun by table {key.fingerprint} "
                           f"({key.name or 'unnamed'}) and {here}; go on at the table that began it")
        signer = table
    try:
        return resume(lines, scenario, sink=writer, signer=signer)
    except LogError as exc:
        raise LogError(f"{path}: {exc}") from None


def _ending_problem(records: list[dict[str, Any]], result: ReplayResult) -> str | None:
    last = records[-1]
    turn = max((r["turn"] for r in records if r.get("type") == "turn" and isinstance(r.get("turn"), int)), default=0)
    if last.get("type") == "end":
        return None
    if result.missing:
        return (f"the game ended after turn {turn} but its end record is missing (the game was stopped while "
                "writing it); resuming the log completes it")
    if last.get("type") == "pause":
        return f"paused after turn {turn}; resume it to play on"
    return (f"it stops after turn {turn} with no end or pause record: the game was killed or crashed, "
            "or records were removed from the end")


def _where(number: int, record: dict[str, Any]) -> str:
    kind = str(record.get("type", "?"))[:20]
    turn = record.get("turn")
    return f"record {number} (turn {turn})" if kind == "turn" else f"record {number} ({kind})"


def find_scenario(log_path: Path, header: dict[str, Any], given: str | None) -> tuple[Scenario, str]:
    """The scenario to replay a log against, and where it was found.

    Given with --scenario, that one. Otherwise only two places are looked at, so a log cannot make a
    command read an arbitrary path: a scenario file beside the log with the file name the header
    records, and the shipped scenario of the header's id; the first whose SHA-256 matches wins."""
    from wargame.scenario import load
    from wargame.scenario.catalog import shipped

    if given:
        s = load(given)
        return s, f"{s.source_name} (given with --scenario)"
    wanted = header["scenario"]["sha256"]
    candidates: list[tuple[Path, str]] = []
    name = header["scenario"].get("file")
    if _plain_file_name(name):
        beside = log_path.parent / str(name)
        if beside.is_file():
            candidates.append((beside, f"{beside} (beside the log)"))
    ship = shipped(header["scenario"]["id"])
    if ship is not None:
        candidates.append((ship, f"{ship} (shipped)"))
    first: tuple[Scenario, str] | None = None
    for path, origin in candidates:
        try:
            s = load(path)
        except ScenarioError:
            continue
        if s.sha256 == wanted:
            if ship is not None and path != ship and _sha_of(ship) not in (None, s.sha256):
                origin += f"; NOTE: it differs from the shipped scenario {s.id} ({ship})"
            return s, origin
        first = first or (s, origin)
    if first is not None:
        return first  # replay reports that the scenario has changed
    raise LogError(
        f"cannot find the scenario '{header['scenario']['id']}' this log was played on (looked beside the log "
        "and among the shipped scenarios); name its file with --scenario FILE"
    )


def scenario_of_log(path: Path, given: str | None = None) -> Scenario:
    """The scenario a log was played on (see find_scenario), read from its header alone."""
    contents = read_log(path)
    header = header_info(parse_lines(contents.lines[:1]))
    return find_scenario(path, header, given)[0]


def _sha_of(path: Path) -> str | None:
    from wargame.scenario import load

    try:
        return load(path).sha256
    except ScenarioError:
        return None


def _plain_file_name(name: object) -> bool:
    """A bare scenario file name: no folders, not hidden, a YAML suffix."""
    if not isinstance(name, str) or not 0 < len(name) <= 255:
        return False
    if any(ch in name for ch in "/\\\0") or name.startswith("."):
        return False
    return name.lower().endswith((".yaml", ".yml"))
