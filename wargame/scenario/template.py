"""The starter scenario `wargame new ID` writes: small, commented, and valid as it stands.

It shows each part of the format once, so an instructor can rename, delete and copy rather
than start from a blank page. A test loads it for several ids, so it cannot rot.
"""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

STARTER = """\
# {title}: a starter scenario written by `wargame new {id}`.
# Edit it, then check it with:   wargame validate {filename}
# Every field is described in docs/authoring.md (the field reference). For checks as you type,
# run `wargame schema -o scenario.schema.json` and make the first line of this file:
#   # yaml-language-server: $schema=scenario.schema.json
schema_version: 1

meta:
  id: {id}                 # how `wargame play {id}` finds it; lower-case, digits, underscores
  title: "{title}"
  summary: One line for the scenario list; say what the teams face.
  description: >-
    A paragraph for instructors: the situation, what the exercise is meant to teach, and
    what is simplified.
  region: Somewhere
  version: "1"              # your own revision number; it goes into every game log
  sources:
    - title: Name the documents the scenario draws on
      note: What you took from each.

turns:
  count: 6                  # the game ends after this many turns at most
  length_days: 2            # crisis time one turn stands for
  label: Turn

# The teams at the table. Each has a budget of points per turn and a move limit.
sides:
  - id: side_a
    label: Side A
    color: "#1f77b4"
    budget: 3
    max_moves: 2
    default_policy: integrated   # the AI used when no team takes this seat
    briefing:
      public: What the whole room hears about Side A.
      private: What only Side A's team reads, behind the hand-off screen.
    objectives:
      - id: keep_it_low
        label: Keep the ladder low
        measure: {{ level: peak }}          # the highest rung level reached
        better: lower
        thresholds: {{ performed: 1, some: 2, major: 3 }}
  - id: side_b
    label: Side B
    color: "#ee7733"
    budget: 3
    max_moves: 2
    default_policy: integrated
    briefing:
      public: What the whole room hears about Side B.
      private: What only Side B's team reads.
    objectives:
      - id: keep_trade
        label: Keep trade flowing
        measure: {{ final: trade_flow }}    # the indicator's value at the end
        better: higher
        thresholds: {{ performed: 60, some: 45, major: 30 }}

# Parties that act only through injects (a spoiler group, a third state).
actors:
  - id: spoiler
    label: Armed spoiler group

# The numbers that describe the situation. Teams see noisy estimates (noise = spread).
indicators:
  - {{ id: trust, label: Trust, initial: 30, better: higher, noise: 5, key: true }}
  - {{ id: hardliners, label: Hardliner influence, initial: 50, better: lower, noise: 5,
      decay: {{ toward: 45, rate: 0.1 }} }}       # drifts 10% of the way to 45 each turn
  - {{ id: trade_flow, label: Trade flow, initial: 50, better: higher, noise: 3, unit: "%" }}
  - {{ id: channel_capital, label: Informal channel capital, initial: 5, better: higher, noise: 4,
      decay: {{ toward: 0, rate: 0.15 }} }}       # informal goodwill fades without contact

# The escalation ladder. Levels: higher is more dangerous. A terminal rung ends the game.
rungs:
  - {{ id: calm, label: Calm, level: 0, category: calm, narrative: The border is quiet. }}
  - {{ id: tension, label: Tension, level: 1, category: tension,
      each_turn: [{{ indicator: trade_flow, delta: -5 }}],
      narrative: Tension rises; trade slows. }}
  - {{ id: clash, label: Armed clash, level: 3, category: violence,
      on_enter: [{{ indicator: trust, delta: -10 }}, {{ indicator: hardliners, delta: 5 }}],
      narrative: Forces exchange fire. }}
  - {{ id: ceasefire, label: Ceasefire, level: 1, category: ceasefire, narrative: A ceasefire holds. }}
  - {{ id: settlement, label: Settlement, level: -1, category: agreement, terminal: true,
      outcome: formal_agreement, narrative: Both sides sign. }}

start: tension

# Triggers are named pushes on the ladder; moves and injects pull them. Most urgent first:
# at most one ladder step happens per turn, and the first trigger whose transition applies wins.
triggers:
  - {{ id: provoke, label: Provocation }}
  - {{ id: truce, label: Truce agreed }}
  - {{ id: settle, label: Settlement signed }}
  - {{ id: drift, label: End-of-turn drift, every_turn: true }}

# Ways between rungs: when `trigger` is pulled on a `source` rung and the guard holds.
transitions:
  - {{ trigger: provoke, source: [calm, tension, ceasefire], dest: clash,
      guard: {{ indicator: hardliners, gte: 45 }} }}
  - {{ trigger: truce, source: [clash, tension], dest: ceasefire, guard: {{ indicator: trust, gte: 20 }} }}
  - {{ trigger: settle, source: [ceasefire, calm], dest: settlement,
      guard: {{ all: [{{ indicator: trust, gte: 45 }}, {{ indicator: channel_capital, gte: 15 }}] }} }}
  - {{ trigger: drift, source: [ceasefire, tension], dest: calm,
      guard: {{ indicator: trust, gte: 40 }}, note: Quiet returns when trust is high enough. }}
  - {{ trigger: drift, source: [calm], dest: tension, guard: {{ indicator: trust, lt: 25 }} }}

# What teams can order. channel: formal | coercive | informal (informal needs a mechanism).
moves:
  - id: envoy
    label: Send an envoy
    side: side_a
    channel: formal
    description: Open official talks through a special envoy.
    cost: 1
    success: {{ base: 0.7 }}
    on_success: [{{ indicator: trust, delta: 5 }}]
    tier: de_escalation
    narrative: {{ success: "{{side}}'s envoy is received.", failure: "{{side}}'s envoy is turned away." }}
  - id: show_of_force
    label: Show of force
    side: side_a
    channel: coercive
    description: Move troops to the border. Fast, loud, and it hardens the other side.
    cost: 2
    cooldown: 1
    success: {{ base: 0.9 }}
    on_success: [{{ indicator: hardliners, delta: 6 }}, {{ indicator: trust, delta: -6 }}]
    trigger: provoke
    tier: posturing
  - id: local_leaders
    label: Call the local leaders
    side: side_a
    channel: informal
    mechanism: tribal
    description: Community leaders from both sides meet. Slow and local, but it lasts.
    cost: 1
    success:
      base: 0.6
      modifiers:
        - {{ when: {{ level_gte: 3 }}, add: -0.2, note: Hard to meet under fire. }}
    on_success: [{{ indicator: channel_capital, delta: 10, delay: 1 }}, {{ indicator: trust, delta: 4, delay: 1 }}]
    tier: de_escalation
  - id: offer_truce
    label: Offer a truce
    side: side_b
    channel: formal
    cost: 2
    rungs: [clash, tension]
    success:
      base: 0.5
      modifiers:
        - {{ indicator: trust, per_point: 0.01, from: 30, note: Trust makes an offer credible. }}
    on_success: [{{ indicator: trust, delta: 5 }}]
    trigger: truce
    tier: de_escalation
  - id: sign_accord
    label: Propose an accord
    side: side_b
    channel: formal
    cost: 2
    rungs: [ceasefire, calm]
    success: {{ base: 0.5 }}
    on_success: [{{ indicator: trust, delta: 3 }}]
    trigger: settle
    tier: de_escalation
  - id: traders
    label: Traders' council
    side: side_b
    channel: informal
    mechanism: economic
    cost: 1
    success: {{ base: 0.65 }}
    on_success: [{{ indicator: trade_flow, delta: 8, delay: 1 }}, {{ indicator: channel_capital, delta: 6, delay: 1 }}]
    tier: de_escalation

# Events from the world: scripted (at_turn) or by chance each turn (hazard).
injects:
  - id: spoiler_attack
    label: The spoiler group strikes
    actor: spoiler
    hazard:
      base: 0.15
      modifiers:
        - {{ indicator: hardliners, per_point: 0.005, from: 50, note: Hardliners shelter the group. }}
    cooldown: 1
    effects: [{{ indicator: trust, delta: -5 }}]
    trigger: provoke
    tier: violent
    narrative: The spoiler group attacks a checkpoint.
  - id: market_closes
    label: A market closes
    at_turn: 2
    effects: [{{ indicator: trade_flow, delta: -5 }}]
    narrative: A border market shuts its gates.
"""


def starter_scenario(scenario_id: str, title: str | None = None, filename: str | None = None) -> str:
    """The starter text for `scenario_id`; `filename` is where it will be written (for the comment)."""
    if not ID_PATTERN.match(scenario_id):
        raise ValueError(f"not an id: {scenario_id!r}")
    shown = title or scenario_id.replace("_", " ").capitalize()
    return STARTER.format(
        id=scenario_id, title=shown.replace('"', "'"), filename=filename or f"{scenario_id}.yaml"
    )
