"""`wargame verify LOG`: replay a log from its scenario and seed and compare every record."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wargame.scenario.models import Scenario

HELP = "replay a game log and check every record (tamper-evident)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("log", nargs="+", help="game log(s) (JSONL)")
    p.add_argument("--scenario", help="scenario file to verify against (default: the one named in the log)")


def run(args: argparse.Namespace) -> int:
    failures = 0
    for path in args.log:
        ok, message = verify_file(path, args.scenario)
        print(f"{path}: {message}", file=sys.stdout if ok else sys.stderr)
        failures += not ok
    return 1 if failures else 0


def verify_file(path: str, scenario_name: str | None = None) -> tuple[bool, str]:
    """(ok, message) for one log file; errors in the file become the message."""
    from wargame.engine import verify_lines
    from wargame.errors import WargameError
    from wargame.logfile import read_log

    try:
        contents = read_log(path)
        scenario = scenario_for_log(contents.lines, scenario_name)
        result = verify_lines(contents.lines, scenario)
    except WargameError as exc:
        return False, str(exc).replace(f"{path}: ", "")
    if contents.warning:
        return False, f"{result.message}; but the last record is incomplete (the game was stopped while writing)"
    return result.ok, result.message


def scenario_for_log(lines: list[str], scenario_name: str | None) -> Scenario:
    """The scenario a log was played on: the one given, else found by the id in its header."""
    from wargame.engine.replay import parse_lines
    from wargame.scenario import load

    header = parse_lines(lines[:1])[0]
    if scenario_name:
        return load(scenario_name)
    from pathlib import Path

    from wargame.errors import ScenarioError

    wanted = header["scenario"]["sha256"]
    candidates = [header["scenario"]["id"]]
    recorded = header["scenario"].get("file")
    if recorded and Path(recorded).is_file():
        candidates.insert(0, recorded)
    first = None
    for candidate in candidates:
        try:
            scenario = load(candidate)
        except ScenarioError:
            continue
        if scenario.sha256 == wanted:
            return scenario
        first = first or scenario
    if first is not None:
        return first  # replay will report that the scenario has changed
    from wargame.errors import LogError

    raise LogError(
        f"cannot find scenario '{header['scenario']['id']}' that this log was played on; "
        "name its file with --scenario FILE"
    )
