"""`wargame report LOG`: the after-action report of one game, as one self-contained HTML file.

The log is checked first (as `wargame verify` does) and its status is printed and shown in the
report. A log that fails verification still gets a report of what replays exactly, and exit 1;
with --strict, anything but a valid signed log that ended cleanly is refused (no report, exit 1).
"""

from __future__ import annotations

import argparse
import sys

from wargame.cli.common import (
    add_force_argument,
    add_trust_arguments,
    load_trust,
    positive_int,
    stage_progress,
)

HELP = "write the after-action report of a game log (HTML, and a JSON summary)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("log", help="game log (JSONL)")
    p.add_argument("-o", "--output", metavar="FILE", help="HTML report to write (default: LOG with .html)")
    p.add_argument("--json", metavar="FILE", help="also write every figure of the report as JSON")
    add_trust_arguments(p)
    add_force_argument(p)
    p.add_argument("--baseline", metavar="POLICY", help="policy of the baseline (default: the sides' own)")
    p.add_argument("--runs", type=positive_int, default=400,
                   help="simulated games for risk reduced (default 400; 0: no counterfactuals)")
    p.add_argument("--decision-runs", type=positive_int, default=16,
                   help="simulated games per option at each decision point (default 16, same dice for all)")
    p.add_argument("--scenario", help="scenario file to read the log against (default: the one it names)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from wargame.cli.main import shown
    from wargame.errors import WargameError
    from wargame.files import check_outputs, check_writable
    from wargame.report.build import read_game_log, render_html, summarize
    from wargame.report.output import write_json, write_text

    out = Path(args.output) if args.output else Path(args.log).with_suffix(".html")
    outputs = [out] + ([Path(args.json)] if args.json else [])
    check_outputs(outputs, [args.log] + ([args.scenario] if args.scenario else []))
    for path in outputs:
        check_writable(path, args.force)
    check_baseline(args.baseline)
    trust = load_trust(args.trust)
    with stage_progress() as progress:
        log = read_game_log(args.log, args.scenario, trust, progress)
        check_outputs(outputs, [log.scenario.source_name])  # nor over the scenario found beside the log
        check = log.check
        if args.strict and not check.valid:
            raise WargameError(f"{args.log}: refused (--strict): {check.headline()}")
        if not check.valid:
            print(shown(f"wargame: {'warning' if check.sound else 'FAILED'}: {args.log}: {check.headline()}"),
                  file=sys.stderr)
        summary = summarize(log, runs=args.runs, decision_runs=max(2, args.decision_runs), baseline=args.baseline,
                            counterfactuals=args.runs > 0, progress=progress)
    write_text(out, render_html(summary, log.scenario), force=args.force)
    print(f"report: {out}")
    if args.json:
        write_json(Path(args.json), summary, force=args.force)
        print(f"summary: {args.json}")
    return 0 if check.sound else 1


def check_baseline(name: str | None) -> None:
    from wargame.engine import POLICIES
    from wargame.errors import WargameError

    if name is not None and (name not in POLICIES or name == "historical"):
        allowed = ", ".join(p for p in POLICIES if p != "historical")
        raise WargameError(f"unknown baseline policy {name!r} (use one of: {allowed})")
