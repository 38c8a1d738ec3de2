"""`wargame migrate`: write a version-1 scenario's version-2 form, changing only what must change."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "write the format-version-2 form of a version-1 scenario (comments and layout kept)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="FILE", help="a version-1 scenario file")
    p.add_argument(
        "-o", "--output", metavar="FILE",
        help="where to write it (default: FILE's name with -v2 added; '-' prints it); never overwrites",
    )


def run(args: argparse.Namespace) -> int:
    from wargame.cli.output import emit
    from wargame.scenario.loader import read_file
    from wargame.scenario.migrate import migrate_text

    source = Path(args.scenario)
    text = migrate_text(read_file(source), str(source))
    target = args.output or str(source.with_name(f"{source.stem}-v2{source.suffix or '.yaml'}"))
    path = emit(text, target, overwrite=False)
    if path is not None:
        print(f"wrote {path} (format version 2); check it with: wargame validate {path}")
    return 0
