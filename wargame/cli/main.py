"""Entry point of the `wargame` command: dispatches to one module per sub-command.

Each sub-command module defines HELP (one line), `add_arguments(parser)` and `run(args) -> int`,
and imports anything heavy (pygame, numpy, matplotlib) inside `run`, so that a quick command such as
`wargame validate` starts fast. Any WargameError becomes one line on stderr and exit code 1 or 2;
a user never sees a traceback for their own mistake.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# name -> module; the order is the order of `wargame --help`.
COMMANDS: dict[str, str] = {
    "play": "wargame.cli.play",
    "host": "wargame.cli.host",
    "join": "wargame.cli.join",
    "run": "wargame.cli.run",
    "validate": "wargame.cli.validate",
    "scenarios": "wargame.cli.scenarios",
    "new": "wargame.cli.new",
    "migrate": "wargame.cli.migrate",
    "schema": "wargame.cli.schema",
    "diagram": "wargame.cli.diagram",
    "verify": "wargame.cli.verify",
    "simulate": "wargame.cli.simulate",
    "check": "wargame.cli.check",
    "sweep": "wargame.cli.sweep",
    "report": "wargame.cli.report",
    "cohort": "wargame.cli.cohort",
    "keys": "wargame.cli.keys",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `only`, just that sub-command's module is imported (fast start)."""
    from wargame import __version__

    parser = argparse.ArgumentParser(
        prog="wargame",
        description="Crisis-escalation wargame: play, author, verify and debrief.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # a command not built yet
            raise
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from wargame.errors import WargameError

    _printable_streams()
    words = list(sys.argv[1:] if argv is None else argv)
    chosen = words[0] if words and words[0] in COMMANDS else None
    parser = build_parser(only=chosen)
    args = parser.parse_args(words)
    if not getattr(args, "_run", None):
        if not words:
            args = build_parser(only="play").parse_args(["play"])  # bare `wargame` starts the game
        else:
            parser.print_help()
            return 2
    try:
        return int(args._run(args) or 0)
    except WargameError as exc:
        print(f"wargame: {shown(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("wargame: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # an I/O failure no command foresaw: still one line, naming the file
        from wargame.files import describe_os_error

        where = f"{exc.filename}: " if exc.filename else ""
        print(f"wargame: {where}{describe_os_error(exc)}", file=sys.stderr)
        return 1


def shown(text: str) -> str:
    """Text safe to print on a terminal: control characters (an escape sequence hidden in a log's
    header, say) become '?'; line breaks between a scenario's problems stay."""
    return "".join(ch if ch.isprintable() or ch == "\n" else "?" for ch in text)


def _printable_streams() -> None:
    """File names that are not UTF-8 (and odd terminals) must not turn a message into a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
