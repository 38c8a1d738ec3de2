"""`wargame cohort LOG...`: several teams' games of one scenario side by side, ranked.

Each log is checked as `wargame verify` checks it; its status is printed and shown. A log that
fails verification is listed but not ranked (and makes the exit code 1); with --strict, anything but
valid signed logs that ended cleanly is refused before any work is done.
"""

from __future__ import annotations

import argparse
import sys

from wargame.cli.common import add_force_argument, add_trust_arguments, load_trust, positive_int

HELP = "compare several game logs of one scenario (HTML, optional CSV)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("logs", nargs="+", metavar="LOG", help="game logs (JSONL) of the same scenario")
    p.add_argument("-o", "--output", metavar="FILE", default="cohort.html", help="HTML to write (default cohort.html)")
    p.add_argument("--csv", metavar="FILE", help="also write one row per game as CSV")
    add_trust_arguments(p)
    add_force_argument(p)
    p.add_argument("--baseline", metavar="POLICY", help="policy of the baseline (default: the sides' own)")
    p.add_argument("--runs", type=positive_int, default=400, help="simulated games per log (default 400)")
    p.add_argument("--scenario", help="scenario file to read the logs against (default: the one each names)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from wargame.cli.main import shown
    from wargame.cli.report import check_baseline
    from wargame.errors import WargameError
    from wargame.files import check_outputs, check_writable
    from wargame.report.build import read_game_log
    from wargame.report.cohort import compare, render_cohort_html, to_csv
    from wargame.report.output import write_text

    outputs = [Path(args.output)] + ([Path(args.csv)] if args.csv else [])
    check_outputs(outputs, list(args.logs) + ([args.scenario] if args.scenario else []))
    for path in outputs:
        check_writable(path, args.force)
    check_baseline(args.baseline)
    trust = load_trust(args.trust)
    logs = [read_game_log(path, args.scenario, trust) for path in args.logs]
    check_outputs(outputs, [log.scenario.source_name for log in logs])
    for log in logs:
        if not log.check.valid:
            print(shown(f"wargame: {'warning' if log.verified else 'FAILED'}: {log.source}: {log.verification}"),
                  file=sys.stderr)
    refused = [log for log in logs if not log.check.valid]
    if args.strict and refused:
        raise WargameError(f"refused (--strict): {len(refused)} of {len(logs)} logs are not valid signed logs "
                           f"that ended cleanly (first: {refused[0].source}: {refused[0].verification})")
    cohort = compare(logs, runs=args.runs, baseline=args.baseline)
    write_text(Path(args.output), render_cohort_html(cohort, logs[0].scenario), force=args.force)
    print(f"cohort: {args.output} ({len(logs)} games)")
    if args.csv:
        write_text(Path(args.csv), to_csv(cohort), force=args.force)
        print(f"csv: {args.csv}")
    return 0 if all(log.verified for log in logs) else 1
