"""`wargame run`: a whole game headless, one compact line per turn (or go on with a logged one)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wargame.engine import Game
    from wargame.logfile import LogWriter
    from wargame.scenario.models import Indicator, Scenario

from wargame.cli.common import add_scenario_argument, load_scenario, parse_assignments, positive_int
from wargame.logged import now_iso

HELP = "play a whole game headless with AI policies, one line per turn (--resume LOG: go on with one)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p)
    p.add_argument("--seed", type=positive_int, default=None, help="game seed (default 1)")
    p.add_argument("--policy", action="append", metavar="SIDE=POLICY", help="policy of a side (repeatable)")
    p.add_argument("--turns", type=positive_int, help="stop after this many turns (the log is marked paused)")
    p.add_argument("--log", metavar="FILE", help="write the game log here (JSONL, signed with this table's key)")
    p.add_argument("--resume", metavar="LOG", help="go on with the game in this log, as it was set up")
    p.add_argument("--quiet", action="store_true", help="print only the final line")
    history = p.add_mutually_exclusive_group()
    history.add_argument("--history", action="store_true",
                         help="replay the scenario's recorded history (its orders, chance forced) and stop where it ends")
    history.add_argument("--from-history", type=positive_int, metavar="N",
                         help="follow the recorded history for turns 1..N, then play on with the policies")


def run(args: argparse.Namespace) -> int:
    from wargame.errors import WargameError

    if args.resume and (args.scenario or args.policy or args.seed is not None or args.log
                        or args.history or args.from_history):
        raise WargameError("--resume goes on with a game as it was set up; drop the scenario, --seed, --policy, "
                           "--log and --history")
    game, writer, log = _resumed(args.resume) if args.resume else _started(args)
    last = game.history_turns if args.history else args.turns
    try:
        scenario = game.scenario
        key = [i for i in scenario.indicators if i.key] or scenario.indicators[:3]
        start = "resumed at turn " + str(game.turn) if args.resume else f"seed {game.seed}"
        print(f"{scenario.title} | {start} | " + ", ".join(f"{s}={p}" for s, p in game.seats.items()))
        if game.history_turns and game.turn < game.history_turns:
            print(f"turns 1-{game.history_turns} follow the recorded history: its orders, its chance outcomes forced")
        while not game.over and (last is None or game.turn < last):
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
        if game.history_turns:
            print(likelihood_line(game.records))
        if log:
            print(f"log: {log}")
    finally:
        if writer is not None:
            writer.close()
    return 0


def _started(args: argparse.Namespace) -> tuple[Game, LogWriter | None, str | None]:
    from wargame.engine import Game
    from wargame.engine.history import span
    from wargame.errors import WargameError
    from wargame.logfile import LogWriter
    from wargame.signing import table_signer

    scenario = load_scenario(args.scenario)
    seats = parse_assignments(args.policy, "--policy")
    history = span(scenario) if args.history else args.from_history
    if history == 0:
        raise WargameError(f"scenario '{scenario.id}' has no history to replay")
    writer = LogWriter(args.log) if args.log else None
    try:
        game = Game.new(scenario, 1 if args.seed is None else args.seed, seats, created=now_iso(), sink=writer,
                        signer=table_signer() if writer is not None else None, history=history)
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
    """'T03 clashes(4) trust 28 capability 51 | north: strike_camps+ | south: -'; other ladders'
    rungs follow the main one in brackets; a history turn ends with the chance the model gave it,
    and the rung history recorded when the replay stands elsewhere."""
    rung = scenario.rung(record["rung"])
    others = [f"{r}({record['levels'][ladder]})" for ladder, r in record.get("rungs", {}).items()
              if ladder != scenario.main_ladder.id]
    ladders = f"{rung.id}({rung.level})" + (f" [{' '.join(others)}]" if others else "")
    values = " ".join(f"{i.id} {record['state'][i.id]:.0f}" for i in key)
    orders = []
    outcome = {(d["side"], d["move"]): d["ok"] for d in record["draws"] if d["kind"] == "move"}
    for side, o in record["orders"].items():
        moves = ",".join(m + ("+" if outcome.get((side, m)) else "x") for m in o["moves"]) or "-"
        if o.get("dropped"):
            moves += " (not possible: " + ",".join(d["move"] for d in o["dropped"]) + ")"
        orders.append(f"{side}: {moves}")
    fired = [e["id"] for e in record["events"] if e["kind"] == "inject"]
    extra = f" | !{','.join(fired)}" if fired else ""
    if "likelihood" in record:
        extra += f" | p {record['likelihood']['p']:.3g}"
        path = scenario.history.path if scenario.history else []
        if record["turn"] <= len(path) and path[record["turn"] - 1] != rung.id:
            extra += f" (recorded: {path[record['turn'] - 1]})"
    return f"T{record['turn']:02d} {ladders} {values} | " + " | ".join(orders) + extra


def likelihood_line(records: list[dict[str, Any]]) -> str:
    """The likelihood of the history under the model, from the log's history turns."""
    played = [r for r in records if r.get("type") == "turn" and "likelihood" in r]
    if not played:
        return "history: no turn played"
    total = played[-1]["likelihood"]["total_log10"]
    if total is None:
        return f"history: impossible under the model (a forced outcome had no chance) over turns 1-{played[-1]['turn']}"
    return (f"history likelihood under the model over turns 1-{played[-1]['turn']}: 10^{total:.2f} "
            f"(log10 {total:.3f}; docs/model.md says how to read it)")
