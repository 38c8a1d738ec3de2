"""`wargame validate`: check scenario files and name the file, line and field of every mistake."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

HELP = "check scenarios (files or shipped ids): prints OK, or file:line:col: field: message per problem"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="FILE_OR_ID",
        help="scenario file, shipped scenario id, or '-' to read standard input",
    )
    p.add_argument("--json", action="store_true", help="print a JSON list: one entry per file, with its problems")


def run(args: argparse.Namespace) -> int:
    results = [check(name) for name in args.scenarios]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for result in results:
            if result["ok"]:
                print(f"OK {result['file']}")
            for problem in result["problems"]:
                print(problem["text"])
    return 0 if all(r["ok"] for r in results) else 1


def check(name: str) -> dict[str, Any]:
    """Load one scenario; the result says OK or lists every problem, each also as one line of text."""
    from wargame.scenario import ScenarioError, load, load_text

    try:
        if name == "-":
            scenario = load_text(_stdin_text(), "<stdin>")
        else:
            scenario = load(name)
    except ScenarioError as exc:
        problems = [{**p.as_dict(), "text": str(p)} for p in exc.problems]
        file = exc.problems[0].file if exc.problems else name
        return {"input": name, "file": file, "ok": False, "id": None, "problems": problems}
    return {"input": name, "file": scenario.source_name, "ok": True, "id": scenario.id, "problems": []}


def _stdin_text() -> str:
    """Standard input, at most the size limit of a scenario file (a pipe of /dev/zero stops there)."""
    from wargame.scenario.yamlsource import MAX_BYTES, decode

    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    return decode(data, "<stdin>")  # refuses more than MAX_BYTES, names the line of a non-UTF-8 byte
