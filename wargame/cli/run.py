"""`wargame run`: a whole game headless, one compact line per turn (or go on with a logged one)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wargame.engine import Game
    from wargame.logfile import LogWriter
    from wargame.scenario.models import Indicator, Scenario

from wargame.cli.common import add_scenario_argument, load_scenario, now_iso, parse_assignments, positive_int

HELP = "play a whole game headless with AI policies, one line per turn (--resume LOG: go on with one)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p)
    p.add_argument("--seed", type=positive_int, default=None, help="game seed (default 1)")
    p.add_argument("--policy", action="append", metavar="SIDE=POLICY", help="policy of a side (repeatable)")
    p.add_argument("--turns", type=positive_int, help="stop after this many turns (the log is marked paused)")
    p.add_argument("--log", metavar="FILE", help="write the game log here (JSONL, signed with this table's key)")
    p.add_argument("--resume", metavar="LOG", help="go on with the game in this log, as it was set up")
    p.add_argument("--quiet", action="store_true", help="print only the final line")


def run(args: argparse.Namespace) -> int:
    from wargame.errors import WargameError

    if args.resume and (args.scenario or args.policy or args.seed is not None or args.log):
        raise WargameError("--resume goes on with a game as it was set up; drop the scenario, --seed, --policy and --log")
    game, writer, log = _resumed(args.resume) if args.resume else _started(args)
    try:
        scenario = game.scenario
        key = [i for i in scenario.indicators if i.key] or scenario.indicators[:3]
        start = "resumed at turn " + str(game.turn) if args.resume else f"seed {game.seed}"
        print(f"{scenario.title} | {start} | " + ", ".join(f"{s}={p}" for s, p in game.seats.items()))
        while not game.over and (args.turns is None or game.turn < args.turns):
            record = game.resolve()
            if not args.quiet:
                print(format_turn(scenario, record, key))
        if not game.over and writer is not None:
            game.pause()  # stopped by --turns: a clean stop, resumable
        end = game.records[-1]
        summary = f"end: turn {game.turn}, {scenario.rung(game.rung).label}"
        if end.get("type") == "end":
            summary += f" ({end['reason']}, outcome {end['outcome']})"
        elif end.get("type") == "pause":
            summary += f" (paused; go on with: wargame run --resume {log})"
        print(summary)
        if log:
            print(f"log: {log}")
    finally:
        if writer is not None:
            writer.close()
    return 0


def _started(args: argparse.Namespace) -> tuple[Game, LogWriter | None, str | None]:
    from wargame.engine import Game
    from wargame.logfile import LogWriter
    from wargame.signing import table_signer

    scenario = load_scenario(args.scenario)
    seats = parse_assignments(args.policy, "--policy")
    writer = LogWriter(args.log) if args.log else None
    try:
        game = Game.new(scenario, 1 if args.seed is None else args.seed, seats, created=now_iso(), sink=writer,
                        signer=table_signer() if writer is not None else None)
    except BaseException:
        if writer is not None:
            writer.close()
        raise
    return game, writer, args.log


def _resumed(path: str) -> tuple[Game, LogWriter, str]:
    """The logged game, locked against any other writer, ready to go on (an owed end is written)."""
    from wargame.errors import WargameError
    from wargame.logfile import LogWriter
    from wargame.verification import resume_game

    writer = LogWriter.resume(path)
    try:
        game = resume_game(writer)
        if not game.over and any(seat == "human" for seat in game.seats.values()):
            raise WargameError(f"{path}: a team plays in this game; go on at the table with: wargame play --resume {path}")
    except BaseException:
        writer.close()
        raise
    return game, writer, path


def format_turn(scenario: Scenario, record: dict[str, Any], key: list[Indicator]) -> str:
    """'T03 clashes(4)   trust 28 capability 51 | north: strike_camps+ | south: -'."""
    rung = scenario.rung(record["rung"])
    values = " ".join(f"{i.id} {record['state'][i.id]:.0f}" for i in key)
    orders = []
    outcome = {(d["side"], d["move"]): d["ok"] for d in record["draws"] if d["kind"] == "move"}
    for side, o in record["orders"].items():
        moves = ",".join(m + ("+" if outcome.get((side, m)) else "x") for m in o["moves"]) or "-"
        orders.append(f"{side}: {moves}")
    fired = [e["id"] for e in record["events"] if e["kind"] == "inject"]
    extra = f" | !{','.join(fired)}" if fired else ""
    return f"T{record['turn']:02d} {rung.id}({rung.level}) {values} | " + " | ".join(orders) + extra
