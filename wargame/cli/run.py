"""`wargame run`: a whole game headless, one compact line per turn."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wargame.scenario.models import Indicator, Scenario

from wargame.cli.common import add_scenario_argument, load_scenario, now_iso, parse_assignments, positive_int

HELP = "play a whole game headless with AI policies, one line per turn"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p)
    p.add_argument("--seed", type=positive_int, default=1, help="game seed (default 1)")
    p.add_argument("--policy", action="append", metavar="SIDE=POLICY", help="policy of a side (repeatable)")
    p.add_argument("--turns", type=positive_int, help="stop after this many turns")
    p.add_argument("--log", metavar="FILE", help="write the game log here (JSONL)")
    p.add_argument("--quiet", action="store_true", help="print only the final line")


def run(args: argparse.Namespace) -> int:
    from wargame.engine import Game
    from wargame.logfile import LogWriter

    scenario = load_scenario(args.scenario)
    seats = parse_assignments(args.policy, "--policy")
    writer = LogWriter(args.log) if args.log else None
    try:
        game = Game.new(scenario, args.seed, seats, created=now_iso(), sink=writer)
        key = [i for i in scenario.indicators if i.key] or scenario.indicators[:3]
        print(f"{scenario.title} | seed {args.seed} | " + ", ".join(f"{s}={p}" for s, p in game.seats.items()))
        while not game.over and (args.turns is None or game.turn < args.turns):
            record = game.resolve()
            if not args.quiet:
                print(format_turn(scenario, record, key))
        end = game.records[-1]
        summary = f"end: turn {game.turn}, {scenario.rung(game.rung).label}"
        if end.get("type") == "end":
            summary += f" ({end['reason']}, outcome {end['outcome']})"
        print(summary)
        if args.log:
            print(f"log: {args.log}")
    finally:
        if writer is not None:
            writer.close()
    return 0


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
