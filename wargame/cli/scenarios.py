"""`wargame scenarios`: the shipped scenarios, each with its id, title and one-line summary.

A shipped file that does not load is listed with its first problem instead of stopping the list.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

HELP = "list the shipped scenarios with id, title and one-line summary"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print a JSON list instead of text")


def run(args: argparse.Namespace) -> int:
    from wargame.scenario.catalog import shipped_files

    entries = [describe(path) for path in shipped_files()]
    if args.json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
    elif not entries:
        print("no shipped scenarios found")
    else:
        width = max(len(e["id"]) for e in entries) + 2
        for e in entries:
            if e["ok"]:
                print(f"{e['id']:<{width}}{e['title']}")
                print(f"{'':<{width}}{e['summary']}")
            else:
                print(f"{e['id']:<{width}}BROKEN: {e['error']}")
    return 0 if all(e["ok"] for e in entries) else 1


def describe(path: Any) -> dict[str, Any]:
    """One list entry: id, title, summary and file; or the file's first problem if it does not load."""
    from wargame.scenario import ScenarioError, load

    try:
        s = load(path)
    except ScenarioError as exc:
        more = len(exc.problems) - 1
        error = str(exc.problems[0]) + (f" (and {more} more; run wargame validate)" if more > 0 else "")
        return {"id": path.stem, "ok": False, "file": str(path), "error": error}
    return {"id": s.id, "ok": True, "file": str(path), "title": s.title, "summary": s.meta.summary}
