"""`wargame play`: the Pygame table, from the title screen to the debrief."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from wargame.cli.common import add_scenario_argument, parse_assignments, positive_int

if TYPE_CHECKING:
    from wargame.logfile import LogWriter
    from wargame.scenario.models import Scenario
    from wargame.ui.app import App

HELP = "play at the table: hot-seat teams, AI sides, white-cell controls (opens a window)"


def window_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX]\s*(\d{3,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}")
    w, h = int(match.group(1)), int(match.group(2))
    if w < 640 or h < 400:
        raise argparse.ArgumentTypeError("the window must be at least 640x400")
    return w, h


def text_scale(text: str) -> float:
    from wargame.ui.settings import text_scale_argument

    try:
        return text_scale_argument(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"minutes must be a number, not {text!r}") from None
    if not 0 <= value <= 120:
        raise argparse.ArgumentTypeError("the turn timer must be from 0 (none) to 120 minutes")
    return value


def add_window_arguments(p: argparse.ArgumentParser) -> None:
    """--size, --fullscreen and --text-scale: the window options of every command that opens one."""
    size = p.add_mutually_exclusive_group()
    size.add_argument("--size", type=window_size, default=None, metavar="WxH",
                      help="window size (default: the largest that fits the display)")
    size.add_argument("--fullscreen", action="store_true", help="fill the screen (for a projector)")
    p.add_argument("--text-scale", type=text_scale, metavar="SIZE",
                   help="text size: laptop, projector (the default), large, largest, or a number such as 1.2; "
                        "remembered on this machine when changed on the title screen")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scenario_argument(p)
    p.add_argument("--resume", metavar="LOG", help="continue the game recorded in this log")
    p.add_argument("--seed", type=positive_int, help="game seed (default: a random one, kept in the log)")
    p.add_argument("--seat", action="append", metavar="SIDE=human|POLICY",
                   help="who sits in a side's seat (repeatable); every seat a computer makes a demo; "
                        "with --resume, a logged seat change")
    p.add_argument("--log", metavar="FILE", help="where to write the log (default: logs/<scenario>-<time>.jsonl)")
    add_window_arguments(p)
    p.add_argument("--timer", type=minutes, default=0.0, metavar="MINUTES",
                   help="turn timer per team, shown on the turn screen (default: none)")
    p.add_argument("--timer-seals", action="store_true",
                   help="when the turn timer runs out, seal the orders chosen so far (default: only say so)")
    p.add_argument("--screenshots", metavar="DIR", help="save a PNG of each screen as it is shown")
    p.add_argument("--exit-when-done", action="store_true", help="quit after the debrief")
    p.add_argument("--pace", type=float, default=4.0, metavar="SECONDS",
                   help="seconds each screen stays up in a demo (default 4)")
    history = p.add_mutually_exclusive_group()
    history.add_argument("--history", action="store_true",
                         help="the recorded history plays turn by turn (its orders, chance forced), then the seats play on")
    history.add_argument("--from-history", type=positive_int, metavar="N",
                         help="turns 1..N follow the recorded history, then the seats play on (a fork 'as it was')")


def run(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from wargame.errors import WargameError

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from wargame.scenario import load

    seats = parse_assignments(args.seat, "--seat")
    scenario = load(args.scenario) if args.scenario else None
    if scenario is not None:
        sides = {s.id for s in scenario.sides}
        unknown = sorted(set(seats) - sides)
        if unknown:
            raise WargameError(f"--seat names unknown side(s) {', '.join(unknown)} (sides: {', '.join(sorted(sides))})")
    if args.resume and (args.seed is not None or args.log):
        raise WargameError("--resume continues a game as it was set up; drop --seed and --log")
    history = history_turns(args, scenario)
    writer = None
    if args.resume:  # take the log's lock before any window opens: a second writer is one line, exit 1
        from wargame.logfile import LogWriter

        writer = LogWriter.resume(args.resume)
    from wargame.ui.app import App, PlayOptions

    demo = bool(scenario and seats and all(s.id in seats for s in scenario.sides)
                and all(v != "human" for v in seats.values()))
    options = PlayOptions(
        scenario=args.scenario,
        resume=args.resume,
        seed=args.seed,
        seats=seats,
        log=args.log,
        screenshots=Path(args.screenshots) if args.screenshots else None,
        exit_when_done=args.exit_when_done,
        demo=demo,
        demo_seconds=max(0.2, args.pace),
        text_scale=args.text_scale,
        timer_minutes=args.timer,
        timer_seals=args.timer_seals,
        history=history,
    )
    app = App(options, size=args.size, fullscreen=args.fullscreen)
    try:
        if args.resume:
            resume_in_window(app, args.resume, scenario, seats, writer)
        else:
            from wargame.ui.scenes.setup import TitleScene

            app.push(TitleScene(app))
        app.run()
    finally:
        log = app.session.log_path if app.session is not None else None
        if writer is not None and app.session is None:
            writer.close()  # the replay failed: let go of the log
        app.close()
        if log is not None:
            print(f"wargame: log saved in {log}")
    return 0


def history_turns(args: argparse.Namespace, scenario: Scenario | None) -> int | None:
    """Turns that follow the recorded history (--history: all it covers), or None."""
    from wargame.errors import WargameError

    if not (args.history or args.from_history):
        return None
    if args.resume:
        raise WargameError("--resume continues a game as it was set up; drop --history and --from-history")
    if scenario is None:
        raise WargameError("--history and --from-history need a scenario: wargame play SCENARIO --history")
    from wargame.engine.history import span

    covered = span(scenario)
    if not covered:
        raise WargameError(f"scenario '{scenario.id}' has no history to replay")
    if args.from_history is not None and args.from_history > covered:
        raise WargameError(f"the history of '{scenario.id}' covers turns 1-{covered}, not {args.from_history}")
    return covered if args.history else int(args.from_history)


def resume_in_window(app: App, path: str, scenario: Scenario | None, seats: dict[str, str],
                     writer: LogWriter | None = None) -> None:
    """Replay the log behind a "please wait" box, apply --seat changes (logged), then go on playing."""
    from dataclasses import replace

    from wargame.ui.geography import region_of
    from wargame.ui.scenes.setup import TitleScene
    from wargame.ui.session import Session

    app.push(TitleScene(app))

    def begin(session: Session) -> None:
        app.session = session
        session.timer_seconds = round(app.options.timer_minutes * 60)
        session.timer_seals = app.options.timer_seals
        app.options.demo = session.all_ai()
        app.flow.begin(resumed=True)

    def replay() -> Session:
        session = Session.resume(path, scenario, writer)
        try:
            for side, seat in seats.items():
                session.set_seat(side, seat)
        except BaseException:
            session.close()
            raise
        if session.resumed is not None:
            session.resumed = replace(session.resumed, sides=tuple(session.waiting_for()))
        region_of(session.scenario)  # the map's frame, worked out here rather than while a screen opens
        return session

    app.background(replay, begin, "Replaying the log\u2026")
