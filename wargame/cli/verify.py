"""`wargame verify LOG`: replay a log, check its signatures, and say plainly what it proves.

Each log gets a headline (OK, FORGED, SCENARIO MISMATCH, WRONGLY SIGNED, UNTRUSTED, TRUNCATED,
UNFINISHED or UNSIGNED; see wargame.verification) and the lines an evaluator needs: who signed it,
and the scenario file and SHA-256 it was replayed against. Exit 1 when a log fails verification;
with --strict, on anything but a valid signed log that ended cleanly.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from wargame.cli.common import add_trust_arguments, load_trust

if TYPE_CHECKING:
    from wargame.verification import Trust

HELP = "replay game logs, check their signatures and say who wrote them (tamper-evident)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("log", nargs="+", help="game log(s) (JSONL)")
    p.add_argument("--scenario", help="scenario file to verify against (default: the one the log names, "
                                      "found beside the log or among the shipped scenarios)")
    add_trust_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object per log")


def run(args: argparse.Namespace) -> int:
    trust = load_trust(args.trust)
    failures = 0
    for path in args.log:
        ok, lines, data = check_file(path, args.scenario, trust, args.strict)
        if args.json:
            print(json.dumps({"log": path, "passes": ok, **data}))
        else:
            from wargame.cli.main import shown

            stream = sys.stdout if ok else sys.stderr
            print(shown(f"{path}: {lines[0]}"), file=stream)
            for line in lines[1:]:
                print(shown(f"  {line}"), file=stream)
        failures += not ok
    return 1 if failures else 0


def check_file(path: str, scenario: str | None, trust: Trust | None, strict: bool) -> tuple[bool, list[str], dict]:
    """(passes, lines to print, JSON data) for one log; a file that is not a log is one line."""
    from wargame.errors import WargameError
    from wargame.verification import check_log

    try:
        check = check_log(path, scenario, trust)
    except WargameError as exc:
        message = str(exc).replace(f"{path}: ", "")
        return False, [f"UNREADABLE: {message}"], {"status": "UNREADABLE", "valid": False, "headline": message}
    return check.passes(strict), [check.headline(), *check.details()], check.as_dict()


def verify_file(path: str, scenario_name: str | None = None) -> tuple[bool, str]:
    """(passes, headline) for one log, without --strict (a log still in play passes)."""
    ok, lines, _ = check_file(path, scenario_name, None, strict=False)
    return ok, lines[0]

