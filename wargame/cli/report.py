"""`wargame report LOG`: the after-action report of one game, as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys

from wargame.cli.common import positive_int

HELP = "write the after-action report of a game log (HTML, and a JSON summary)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("log", help="game log (JSONL)")
    p.add_argument("-o", "--output", metavar="FILE", help="HTML report to write (default: LOG with .html)")
    p.add_argument("--json", metavar="FILE", help="also write every figure of the report as JSON")
    p.add_argument("--strict", action="store_true", help="refuse a log that fails verification (exit 1)")
    p.add_argument("--baseline", metavar="POLICY", help="policy of the baseline (default: the sides' own)")
    p.add_argument("--runs", type=positive_int, default=400,
                   help="simulated games for risk reduced (default 400; 0: no counterfactuals)")
    p.add_argument("--decision-runs", type=positive_int, default=16,
                   help="simulated games per option at each decision point (default 16, same dice for all)")
    p.add_argument("--scenario", help="scenario file to read the log against (default: the one it names)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from wargame.errors import WargameError
    from wargame.report.build import read_game_log, render_html, summarize
    from wargame.report.output import write_json, write_text

    log = read_game_log(args.log, args.scenario)
    check_baseline(args.baseline)
    if args.strict and (not log.verified or log.truncated):
        problem = log.verification if not log.verified else log.truncated
        raise WargameError(f"{args.log}: refused (--strict): {problem}")
    if not log.verified:
        print(f"wargame: warning: {args.log} fails verification: {log.verification}", file=sys.stderr)
    if log.truncated:
        print(f"wargame: warning: {log.truncated}", file=sys.stderr)
    summary = summarize(log, runs=args.runs, decision_runs=max(2, args.decision_runs), baseline=args.baseline,
                        counterfactuals=args.runs > 0)
    out = Path(args.output) if args.output else Path(args.log).with_suffix(".html")
    write_text(out, render_html(summary, log.scenario))
    print(f"report: {out}")
    if args.json:
        write_json(Path(args.json), summary)
        print(f"summary: {args.json}")
    return 0


def check_baseline(name: str | None) -> None:
    from wargame.engine import POLICIES
    from wargame.errors import WargameError

    if name is not None and (name not in POLICIES or name == "historical"):
        allowed = ", ".join(p for p in POLICIES if p != "historical")
        raise WargameError(f"unknown baseline policy {name!r} (use one of: {allowed})")
