"""`wargame validate`: check scenario files and name the file, line and field of every mistake."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

HELP = "check scenarios (files or shipped ids): prints OK, or file:line:col: field: message per problem"
V1_HISTORY = "a version-1 history cannot list the chance events that happened or the moves that failed"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="FILE_OR_ID",
        help="scenario file, shipped scenario id, or '-' to read standard input",
    )
    p.add_argument("--json", action="store_true", help="print a JSON list: one entry per file, with its problems")
    p.add_argument("--no-history", action="store_true",
                   help="skip replaying the scenario's history (faster; the replay needs the engine)")


def run(args: argparse.Namespace) -> int:
    results = [check(name, history=not args.no_history) for name in args.scenarios]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for result in results:
            if result["ok"]:
                print(f"OK {result['file']}")
            for problem in result["problems"]:
                print(problem["text"])
            for warning in result["warnings"]:  # on stderr: standard output lists OK files and errors only
                print(warning["text"], file=sys.stderr)
    return 0 if all(r["ok"] for r in results) else 1


def history_check(scenario: Any) -> tuple[list[Any], list[Any]]:
    """(errors, warnings): what keeps the scenario's history from replaying as recorded, located in
    its file (wargame.engine.history). Problems of a version-1 history are warnings: that format
    cannot say which chance events happened, so its replay cannot be forced to follow it."""
    from wargame.engine.history import history_problems
    from wargame.errors import Problem
    from wargame.scenario.loader import locate

    found = locate(scenario, history_problems(scenario))
    if scenario.schema_version >= 2:
        return found, []
    return [], [Problem(p.file, p.line, p.column, p.path, f"warning: {p.message} ({V1_HISTORY})") for p in found]


def check(name: str, history: bool = True) -> dict[str, Any]:
    """Load one scenario (and replay its history, unless `history` is False); the result says OK or
    lists every problem, each also as one line of text."""
    from wargame.scenario import ScenarioError, load, load_text

    try:
        if name == "-":
            scenario = load_text(_stdin_text(), "<stdin>")
        else:
            scenario = load(name)
    except ScenarioError as exc:
        problems = [{**p.as_dict(), "text": str(p)} for p in exc.problems]
        file = exc.problems[0].file if exc.problems else name
        return {"input": name, "file": file, "ok": False, "id": None, "problems": problems, "warnings": []}
    errors, warnings = history_check(scenario) if history and scenario.history is not None else ([], [])
    return {
        "input": name, "file": scenario.source_name, "ok": not errors, "id": scenario.id,
        "problems": [{**p.as_dict(), "text": str(p)} for p in errors],
        "warnings": [{**p.as_dict(), "text": str(p)} for p in warnings],
    }


def _stdin_text() -> str:
    """Standard input, at most the size limit of a scenario file (a pipe of /dev/zero stops there)."""
    from wargame.scenario.yamlsource import MAX_BYTES, decode

    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    return decode(data, "<stdin>")  # refuses more than MAX_BYTES, names the line of a non-UTF-8 byte
