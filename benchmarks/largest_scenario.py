"""The largest scenario the format allows: a valid file just under the 1 MB limit, with 200 turns,
1,000 rungs, thousands of moves and every turn's state as large as the format lets it be.

The format caps a file at 1 MB (and 200,000 YAML values) and a game at 200 turns; within that, what
grows a report's work is the number of moves (every game's state holds a cell per move), so the
file is filled with moves after a fixed ladder, indicators and injects.

    python benchmarks/largest_scenario.py OUT.yaml
"""

from __future__ import annotations

import sys

from wargame.scenario.yamlsource import MAX_BYTES

CATEGORIES = ("calm", "tension", "violence", "clashes", "ceasefire", "talks")
CHANNELS = ("formal", "coercive", "informal")
TIERS = ("de_escalation", "posturing", "violent")


def scenario_text(moves_per_side: int, rungs: int = 1000, indicators: int = 12, injects: int = 50,
                  turns: int = 200) -> str:
    out = ["schema_version: 1",
           "meta: {id: largest, title: The largest scenario the format allows, summary: Stress test}",
           f"turns: {{count: {turns}, start_date: '2025-01-01'}}",
           "sides:",
           "- {id: a, label: A, budget: 6, max_moves: 4, default_policy: integrated}",
           "- {id: b, label: B, budget: 6, max_moves: 4, default_policy: coercive}",
           "actors: [{id: x, label: X}]",
           "indicators:"]
    out += [f"- {{id: i{i}, label: I{i}, initial: 50, noise: 3, decay: {{toward: 50, rate: 0.1}}}}"
            for i in range(indicators)]
    out.append("rungs:")
    for r in range(rungs):
        extra = f", each_turn: [{{indicator: i{r % indicators}, delta: -1}}]" if r % 7 == 0 else ""
        out.append(f"- {{id: r{r}, label: R{r}, level: {r % 10}, category: {CATEGORIES[r % 6]}{extra}}}")
    out.append("start: r0")
    out.append("triggers: [{id: up, label: Up}, {id: down, label: Down}, {id: drift, label: Drift, every_turn: true}]")
    out.append("transitions:")
    for r in range(rungs - 1):
        out.append(f"- {{trigger: up, source: [r{r}], dest: r{r + 1}}}")
        out.append(f"- {{trigger: down, source: [r{r + 1}], dest: r{r}, guard: {{indicator: i0, gte: 40}}}}")
    out.append(f"- {{trigger: drift, source: [r{rungs - 1}], dest: r0}}")
    out.append("moves:")
    for side in "ab":
        for m in range(moves_per_side):
            mechanism = ", mechanism: tribal" if CHANNELS[m % 3] == "informal" else ""
            out.append(
                f"- {{id: {side}{m}, label: {side.upper()}{m}, side: {side}, channel: {CHANNELS[m % 3]}, "
                f"tier: {TIERS[m % 3]}{mechanism}, cost: {1 + m % 3}, success: {{base: 0.{3 + m % 6}}}, "
                f"on_success: [{{indicator: i{m % indicators}, delta: {1 + m % 5}, delay: {m % 4}}}], "
                f"trigger: {'up' if m % 2 else 'down'}}}")
    out.append("injects:")
    out += [f"- {{id: j{j}, label: J{j}, actor: x, hazard: {{base: 0.0{1 + j % 9}}}, cooldown: 2, "
            f"effects: [{{indicator: i{j % indicators}, delta: 3}}], trigger: up}}" for j in range(injects)]
    return "\n".join(out) + "\n"


def largest_scenario_text() -> str:
    """As many moves as fit under the file size limit."""
    low, high = 1, 5000
    while low < high:  # the largest moves_per_side whose file fits
        mid = (low + high + 1) // 2
        if len(scenario_text(mid).encode("utf-8")) <= MAX_BYTES:
            low = mid
        else:
            high = mid - 1
    return scenario_text(low)


if __name__ == "__main__":
    text = largest_scenario_text()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(text)
    print(f"{len(text.encode('utf-8')):,} bytes")
