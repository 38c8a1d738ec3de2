"""`wargame new`: write a commented starter scenario that validates, for an instructor to fill in."""

from __future__ import annotations

import argparse
import re

from wargame.errors import WargameError

HELP = "write a commented starter scenario that already validates (never overwrites a file)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="the new scenario's id: lower-case letters, digits, underscores")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: ID.yaml; '-' prints it)")
    p.add_argument("--title", help="its title (default: made from the id)")


def run(args: argparse.Namespace) -> int:
    from wargame.cli.output import emit
    from wargame.scenario import load_text
    from wargame.scenario.template import ID_PATTERN, starter_scenario

    if not ID_PATTERN.match(args.id):
        fixed = re.sub(r"[^a-z0-9_]+", "_", args.id.lower()).strip("_")
        hint = f" such as '{fixed}'" if fixed and ID_PATTERN.match(fixed) else ""
        raise WargameError(
            f"{args.id!r} is not an id: use lower-case letters, digits and underscores, "
            f"starting with a letter{hint}"
        )
    target = args.output or f"{args.id}.yaml"
    text = starter_scenario(args.id, args.title, None if target == "-" else target)
    load_text(text, target)  # the starter must validate; a failure here is a bug, not the user's
    path = emit(text, target, overwrite=False)
    if path is not None:
        print(f"wrote {path}; check it with: wargame validate {path}")
    return 0
