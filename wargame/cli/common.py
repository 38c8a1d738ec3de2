"""Small helpers shared by the sub-commands: finding a scenario, parsing seats, the clock."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from wargame.errors import WargameError

if TYPE_CHECKING:
    from wargame.scenario.models import Scenario
    from wargame.verification import Trust


def add_scenario_argument(parser: argparse.ArgumentParser, optional: bool = True) -> None:
    parser.add_argument(
        "scenario",
        nargs="?" if optional else None,
        help="scenario file or shipped id (default: the flagship scenario)",
    )


def load_scenario(name: str | None) -> Scenario:
    """The scenario a user named, or the default one."""
    from wargame.scenario import load
    from wargame.scenario.catalog import default_scenario

    return load(name or default_scenario())


def parse_assignments(items: list[str] | None, what: str) -> dict[str, str]:
    """['north=random', ...] -> {'north': 'random'}; a malformed item is a one-line error."""
    result: dict[str, str] = {}
    for item in items or []:
        side, sep, value = item.partition("=")
        if not sep or not side or not value:
            raise WargameError(f"{what} must look like SIDE=VALUE, not {item!r}")
        result[side.strip()] = value.strip()
    return result


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def add_trust_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trust", action="append", metavar="KEYFILE",
                        help="trusted tables' public keys (lines from `wargame keys export`); repeatable")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 on anything but a valid log signed throughout (by a trusted key, with "
                             "--trust) that ended cleanly")


def load_trust(paths: list[str] | None) -> Trust | None:
    """The keys of every trust file given, or None when none was."""
    if not paths:
        return None
    from wargame.signing import read_trust_file

    trust: Trust = {}
    for path in paths:
        trust.update(read_trust_file(path))
    return trust


def add_force_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="replace output files that already exist")



@contextmanager
def stage_progress() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress(stage, done, total) callback drawing one bar per stage on a terminal (stderr), or
    None when stderr is not a terminal (a pipe or a test gets no escape codes)."""
    import sys

    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    tasks: dict[str, Any] = {}
    with Progress(console=Console(stderr=True), transient=True) as bar:
        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield update
