"""`wargame cohort LOG...`: several teams' games of one scenario side by side, ranked."""

from __future__ import annotations

import argparse

from wargame.cli.common import positive_int

HELP = "compare several game logs of one scenario (HTML, optional CSV)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("logs", nargs="+", metavar="LOG", help="game logs (JSONL) of the same scenario")
    p.add_argument("-o", "--output", metavar="FILE", default="cohort.html", help="HTML to write (default cohort.html)")
    p.add_argument("--csv", metavar="FILE", help="also write one row per game as CSV")
    p.add_argument("--baseline", metavar="POLICY", help="policy of the baseline (default: the sides' own)")
    p.add_argument("--runs", type=positive_int, default=400, help="simulated games per log (default 400)")
    p.add_argument("--scenario", help="scenario file to read the logs against (default: the one each names)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from wargame.cli.report import check_baseline
    from wargame.report.build import read_game_log
    from wargame.report.cohort import compare, render_cohort_html, to_csv
    from wargame.report.output import write_text

    check_baseline(args.baseline)
    logs = [read_game_log(path, args.scenario) for path in args.logs]
    cohort = compare(logs, runs=args.runs, baseline=args.baseline)
    write_text(Path(args.output), render_cohort_html(cohort, logs[0].scenario))
    print(f"cohort: {args.output} ({len(logs)} games)")
    if args.csv:
        write_text(Path(args.csv), to_csv(cohort))
        print(f"csv: {args.csv}")
    return 0
