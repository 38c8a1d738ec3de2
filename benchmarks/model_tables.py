"""Print the tables of docs/model.md: policies from one team's seat, and the figures behind the claims.

Usage (from the repository root):
    python benchmarks/model_tables.py SCENARIO [--side SIDE] [--runs 3000] [--seed 20251007] [--markdown]
    python benchmarks/model_tables.py SCENARIO --claims [--runs 3000] [--markdown]

The policy table seats ONE side (`--side`, default the first) on each policy in turn while every
other side keeps its scenario default, as a team at the table meets the model: per row the
cumulative escalation (the declared escalation index summed over the turns played, with its 95%
interval), the main ladder's mean level, the share of games that reach an agreement rung on any
ladder, that end on a ceasefire or agreement rung of the main ladder, and that end in clashes or
war; then, if the scenario has a mediating side, the default seats with the mediators on `hold`;
then how often the `historical` policy reproduces the recorded path of every ladder (without
forcing chance: replaying history itself is `wargame run --history`). The advisor policy is left
out (it forecasts every move of every game by rollouts: minutes for thousands of games).

`--claims` prints the measurements the claims tests assert on (tests/model/claims.py), for the
scenario's setting there. Every figure is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' experiment helpers

from tests.model import claims  # noqa: E402
from tests.model.play import Interval, Played, compiled, mean_of, play, reached  # noqa: E402
from wargame.engine.compiled import Compiled  # noqa: E402
from wargame.engine.policies import policy_names  # noqa: E402
from wargame.scenario.catalog import resolve  # noqa: E402
from wargame.sim.batch import run_batch  # noqa: E402

TRUCE = ("ceasefire", "agreement")
FIGHTING = ("clashes", "war")


@dataclass
class Row:
    """One line of a policy table."""

    label: str
    cumulative: Interval
    main_level: float
    agreement: float
    truce_at_end: float
    fighting_at_end: float


def summarise(c: Compiled, label: str, p: Played) -> Row:
    cats = np.array([c.scenario.rung(r).category.value for r in c.rung_ids])
    final = cats[p.paths[-1, :, 0]]
    return Row(
        label=label,
        cumulative=mean_of(p.cumulative(c)),
        main_level=float(p.main_level(c)[1:].mean()),
        agreement=float(reached(c, p.paths, "agreement").mean()),
        truce_at_end=float(np.isin(final, TRUCE).mean()),
        fighting_at_end=float(np.isin(final, FIGHTING).mean()),
    )


def table(c: Compiled, side: str, runs: int, seed: int) -> list[Row]:
    s = c.scenario
    rows = []
    for policy in policy_names(s):
        if policy in ("historical", "advisor"):
            continue
        persona = next((x for x in s.personas if x.id == policy), None)
        if persona is not None and persona.side not in (None, side):
            continue
        default = " (default)" if policy == s.side(side).default_policy else ""
        rows.append(summarise(c, f"{side}: {policy}{default}", play(c, runs, {side: policy}, seed)))
    for mediator in (x.id for x in s.sides if x.role == "mediator"):
        rows.append(summarise(c, f"every side on its default, {mediator}: hold", play(c, runs, {mediator: "hold"}, seed)))
    return rows


def history_match(c: Compiled, runs: int, seed: int) -> float | None:
    """Share of games under the historical policy whose paths equal the recorded ones on every ladder."""
    h = c.scenario.history
    if h is None or not h.path:
        return None
    result = run_batch(c, runs, {x.id: "historical" for x in c.scenario.sides}, seed)
    match = np.ones(runs, dtype=bool)
    for k, ladder in enumerate(c.scenario.all_ladders):
        want = h.path if k == 0 else h.paths.get(ladder.id, [])
        if not want:
            continue
        got = result.paths[1 : 1 + len(want), :, k]
        if got.shape[0] < len(want):
            return 0.0
        match &= (got == np.array([c.rung_ids.index(r) for r in want])[:, None]).all(axis=0)
    return float(match.mean())


def print_table(rows: list[Row], markdown: bool) -> None:
    head = ("seat (the other sides on their defaults)", "cumulative escalation (95%)", "mean level",
            "agreement reached", "truce at end", "fighting at end")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
    for r in rows:
        cells = (r.label, f"{r.cumulative.mean:.1f} ({r.cumulative.low:.1f} to {r.cumulative.high:.1f})",
                 f"{r.main_level:.2f}", f"{r.agreement:.1%}", f"{r.truce_at_end:.1%}", f"{r.fighting_at_end:.1%}")
        print("| " + " | ".join(cells) + " |" if markdown else "  ".join(cells))


def print_claims(setting: claims.Setting, runs: int, markdown: bool) -> None:
    parts = [
        ("integrated vs each track alone", setting in claims.TRACKS, claims.tracks),
        ("Track 2 alone and agreement", setting in claims.AGREEMENT, claims.agreement),
        ("coercion now and later", setting in claims.COERCION, claims.coercion),
        ("continuous vs crisis-only engagement", setting in claims.CONTINUITY, claims.continuity),
        ("what an informal move achieves after high-profile violence", setting in claims.STRENGTH, claims.strength),
        ("mediation and agreement", setting in claims.MEDIATION, claims.mediation),
    ]
    if markdown:
        print(f"| claim (seat: {setting.side}) | measure | value (95% interval) |")
        print("|---|---|---|")
    for title, applies, measure in parts:
        if not applies:
            print(f"| {title} | not measured here (docs/model.md says why) | |" if markdown else f"{title}: not measured")
            continue
        for name, value in measure(setting, runs).items():  # type: ignore[operator]
            text = (f"{value[0]:.1%} ({value[1]:.1%} to {value[2]:.1%})" if isinstance(value, tuple)
                    else f"{value.mean:.2f} ({value.low:.2f} to {value.high:.2f})")
            print(f"| {title} | {name} | {text} |" if markdown else f"{title}: {name} = {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--side", help="the seat whose policy varies (default: the first side)")
    parser.add_argument("--runs", type=int, default=claims.N)
    parser.add_argument("--seed", type=int, default=claims.SEED)
    parser.add_argument("--claims", action="store_true", help="print the claims' measurements instead")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    path = resolve(args.scenario)
    c = compiled(str(path))
    if args.claims:
        setting = claims.SETTINGS.get(c.scenario.id)
        if setting is None:
            raise SystemExit(f"no claims setting for {c.scenario.id} (tests/model/claims.py)")
        print_claims(setting, args.runs, args.markdown)
        return
    side = args.side or c.side_ids[0]
    print_table(table(c, side, args.runs, args.seed), args.markdown)
    match = history_match(c, args.runs, args.seed)
    if match is not None:
        print(f"\nP(historical policy reproduces the recorded paths, chance not forced) = {match:.2%} ({args.runs} games)")


if __name__ == "__main__":
    main()
