"""`wargame schema`: the JSON Schema of the scenario format, for an editor's YAML extension."""

from __future__ import annotations

import argparse

from wargame.cli.common import add_force_argument

HELP = "print (or write with -o) the JSON Schema of the scenario format, for editors"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE instead of printing it")
    add_force_argument(p)


def run(args: argparse.Namespace) -> int:
    from wargame.cli.output import emit
    from wargame.scenario.schema import schema_text

    path = emit(schema_text(), args.output, overwrite=args.force)
    if path is not None:
        print(f"wrote {path}")
    return 0
