"""`wargame diagram`: draw a scenario's escalation ladder (Mermaid text, or SVG/PNG with Graphviz)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from wargame.cli.common import add_force_argument, add_scenario_argument

if TYPE_CHECKING:
    from wargame.scenario.diagram import Format

HELP = "draw the escalation ladder: Mermaid text (no install needed), or SVG/PNG with Graphviz"

_SUFFIXES: dict[str, Format] = {".svg": "svg", ".png": "png", ".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: print)")
    p.add_argument(
        "--format",
        choices=("mermaid", "svg", "png"),
        help="mermaid (default), svg or png; svg/png need Graphviz; guessed from -o's suffix if not given",
    )
    add_force_argument(p)


def run(args: argparse.Namespace) -> int:
    from wargame.cli.common import load_scenario
    from wargame.cli.output import emit
    from wargame.files import check_outputs, check_writable
    from wargame.scenario.diagram import render

    guessed = _SUFFIXES.get(Path(args.output).suffix.lower()) if args.output else None
    fmt: Format = args.format or guessed or "mermaid"
    scenario = load_scenario(args.scenario)
    if args.output not in (None, "-"):
        check_outputs([args.output], [scenario.source_name])
        check_writable(args.output, args.force)
    path = emit(render(scenario, fmt), args.output, overwrite=args.force)
    if path is not None:
        print(f"wrote {path} ({fmt})")
    return 0
