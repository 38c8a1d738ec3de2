"""The likelihood of each shipped scenario's recorded history under its model (docs/model.md).

    python benchmarks/history_likelihood.py [SCENARIO ...] [--write]

For every scenario with a history (default: every shipped one) it replays the history with every
chance outcome forced (wargame.engine.history: scripted moves work unless listed as failed, chance
injects fire exactly on their recorded turns) and reads from the log the probability the model
gave each forced outcome. It prints, per scenario, the likelihood of the whole history (the product
of those probabilities, as a power of ten), the three least likely steps with what an author might
make of each, and whatever keeps the replay from being the recorded history (orders not possible on
their turn, the recorded path left). Every chance outcome is forced, but effects with noise still
draw from the game's seed, so the state (and the odds read from it) moves a little with the seed:
the figure is given at seed 0 with its range over seeds 0-9.

With --write, the printed Markdown replaces the section between the `history-likelihood` markers
of docs/model.md.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.engine import Game
from wargame.engine.history import history_problems, span
from wargame.scenario import Scenario, load
from wargame.scenario.catalog import shipped_files
from wargame.scenario.loader import locate

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"
BEGIN, END = "<!-- history-likelihood:begin -->", "<!-- history-likelihood:end -->"
COMMAND = "python benchmarks/history_likelihood.py --write"


@dataclass
class Step:
    """One forced chance outcome of the history and the probability the model gave it."""

    turn: int
    kind: str  # move | hazard
    what: str  # the move or inject id
    side: str | None
    happened: bool  # worked / fired
    p: float  # the model's chance of success / of firing
    likelihood: float  # the chance of what history says happened

    def describe(self, s: Scenario) -> str:
        if self.kind == "move":
            assert self.side is not None
            verb = "worked" if self.happened else "failed"
            return f"turn {self.turn}: {s.side(self.side).label}'s *{s.move(self.what).label}* {verb}"
        verb = "happened" if self.happened else "did not happen"
        return f"turn {self.turn}: *{s.inject(self.what).label}* {verb}"

    def advice(self) -> str:
        """What an author might make of an unlikely step."""
        if self.likelihood == 0:
            return "the rules say this cannot happen here: a condition or a rung contradicts the record"
        if self.kind == "move" and self.happened:
            return "its odds are low here: raise its base or ease its modifiers, unless history beat the odds"
        if self.kind == "move":
            return f"it works {100 * self.p:.0f}% of the time here: check its odds, or note that history was unlucky"
        if self.happened:
            return "its hazard is low here: raise its base rate or modifiers if such events were to be expected then"
        return (f"the model expects it {100 * self.p:.0f}% of the time here: its hazard may be too high, or a "
                "condition on it is missing")


def steps(records: list[dict[str, Any]]) -> list[Step]:
    out = []
    for r in records:
        if r.get("type") != "turn" or "likelihood" not in r:
            continue
        for d in r["draws"]:
            if not d.get("forced"):
                continue
            if d["kind"] == "move":
                out.append(Step(r["turn"], "move", d["move"], d["side"], d["ok"], d["p"], d["likelihood"]))
            else:
                p = d["p"] if d.get("available", True) else 0.0
                out.append(Step(r["turn"], "hazard", d["inject"], None, d["fired"], p, d["likelihood"]))
    return out


SEEDS = range(10)


def replay(s: Scenario, seed: int) -> list[dict[str, Any]]:
    """The turn records of the history replayed at this seed."""
    turns = span(s)
    game = Game.new(s, seed, {side.id: "hold" for side in s.sides}, created=None, history=turns)
    return [game.resolve() for _ in range(turns) if not game.over]


def total_log10(records: list[dict[str, Any]]) -> float | None:
    """log10 of the likelihood of the whole replay (None: zero), from its last turn's record."""
    played = [r for r in records if "likelihood" in r]
    return played[-1]["likelihood"]["total_log10"] if played else 0.0


def section(s: Scenario) -> list[str]:
    records = replay(s, SEEDS[0])
    played = [r for r in records if "likelihood" in r]
    total = total_log10(records)
    others = [total_log10(replay(s, seed)) for seed in SEEDS[1:]]
    found = steps(records)
    lines = [f"### `{s.id}`: {len(played)} turns of history", ""]
    if total is None:
        lines.append("**Likelihood: zero.** A forced outcome had no chance under the model (see below).")
    else:
        per_turn = 10 ** (total / max(len(played), 1))
        lines.append(f"**Likelihood: 10^{total:.2f}** (log10 {total:.3f}), {len(found)} forced outcomes; "
                     f"on average the model gave each turn's recorded outcomes together a chance of {per_turn:.2f}.")
        spread = [x for x in [total, *others] if x is not None]
        lines.append(f"Over seeds {SEEDS[0]}-{SEEDS[-1]} (the noise of effects draws from the seed): "
                     f"10^{min(spread):.2f} to 10^{max(spread):.2f}.")
    if s.schema_version < 2:
        lines.append("This is a version-1 file: it cannot list the chance events that happened or the moves "
                     "that failed, so the replay forces every scripted move to work and no chance event to "
                     "happen; the figure is the chance of that, not of what really happened.")
    lines += ["", "Least likely steps:", ""]
    for step in sorted(found, key=lambda x: (x.likelihood, x.turn))[:3]:
        lines.append(f"1. {step.describe(s)} (chance {100 * step.likelihood:.1f}%): {step.advice()}.")
    problems = locate(s, history_problems(s))
    if problems:
        lines += ["", "What keeps the replay from being the recorded history:", ""]
        lines += [f"- `{p.path}`: {p.message}" for p in problems]
    return lines + [""]


def markdown(names: list[str]) -> str:
    out = [
        f"Generated by `{COMMAND}` (deterministic: the replay forces every chance outcome, at seed 0).",
        "",
        "How to read it. The likelihood is the probability that the model, given the recorded orders,",
        "produces exactly the recorded chance outcomes: a product over every forced roll, so it shrinks",
        "with the length of the history and is small even for a good model. Compare scenarios per turn, not",
        "in total, and read the least likely steps: a step below a few percent is where the model and the",
        "sources disagree most. Either history beat the odds there (say so in the history's `note`), or",
        "the odds of that move or event are wrong in that situation (fix its base, modifiers or condition",
        "and run this again). A zero means the rules forbid what the sources record; `wargame validate`",
        "names the field.",
        "",
    ]
    for name in names:
        s = load(name)
        if s.history is not None and span(s):
            out += section(s)
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help="scenario ids or files (default: every shipped one)")
    parser.add_argument("--write", action="store_true", help="replace the history section of docs/model.md")
    args = parser.parse_args()
    names = args.scenarios or [str(p) for p in shipped_files()]
    text = markdown(names)
    if not args.write:
        print(text)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        print(f"{DOC}: no {BEGIN} ... {END} markers", file=sys.stderr)
        return 1
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    print(f"wrote the history section of {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

