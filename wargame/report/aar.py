"""The after-action review in words: meant to happen, happened, why, sustain, improve; the plan.

Every sentence is built from the scores and the log records, and names the turns it rests on.
"""

from __future__ import annotations

from typing import Any

from wargame.report.scoring import RATING_NAMES
from wargame.report.visitor import Record
from wargame.report.wording import during_turn, number, odds_and_roll, percent
from wargame.scenario.models import Scenario

LUCKY_FAIL = 0.7  # a move this likely to work that failed is worth naming
UNLIKELY = 0.3  # a hazard or success this unlikely that happened is worth naming


def _moves(scenario: Scenario, ids: list[str]) -> str:
    return ", ".join(scenario.move(m).label for m in ids) or "hold (no move)"


def intended(scenario: Scenario, records: list[Record]) -> list[str]:
    out = []
    for side in scenario.sides:
        goals = "; ".join(o.label for o in side.objectives) or "no rated objectives"
        out.append(f"{side.label}: {goals}.")
    for n, r in enumerate(records, start=1):
        if r.get("type") != "turn":
            continue
        for side, o in r["orders"].items():
            if o.get("intent"):
                out.append(f"Turn {r['turn']} (record {n}), {scenario.side(side).label} meant: \u201c{o['intent']}\u201d")
    return out


def happened(scenario: Scenario, scores: dict[str, Any], tracks: list[dict[str, Any]]) -> list[str]:
    """Each ladder's steps (from `report.ladders.ladder_tracks`), the peak, the ending, the white cell."""
    out = []
    for track in tracks:  # the main ladder alone says "Ladder"
        path = [scenario.rung(track["rungs"][0]).label]
        rungs = track["rungs"]
        for turn, before, rung in zip(track["turns"][1:], rungs[:-1], rungs[1:], strict=True):
            if rung != before:  # a step: where the ladder went, and when
                path.append(f"{scenario.rung(rung).label} (turn {turn})")
        name = "Ladder" if len(tracks) == 1 else track["label"]
        still = "" if len(path) > 1 else " all game"
        out.append(f"{name}: " + " \u2192 ".join(path) + f"{still}.")
    out.append(f"The escalation index peaked at {number(scores['peak'])} on turn {scores['peak_turn']} "
               f"and ended at {number(scores['final'])}; cumulative {number(scores['cumulative'])} "
               f"over {scores['horizon']} turns.")
    o = scores["outcome"]
    out.append(f"Ending: {o['form'].replace('_', ' ')} on {scenario.rung(o['rung']).label} ({o['reason']}).")
    for inj in scores["injects"]:
        out.append(f"The white cell forced {scenario.inject(inj['inject']).label} {during_turn(inj['turn'])} "
                   f"(record {inj['record']}).")
    for ov in scores["overrides"]:
        out.append(f"The white cell overrode the adjudication {during_turn(ov['turn'])} (record {ov['record']}): "
                   f"{ov['reason']}")
    for act in scores["facilitator"]:
        out.append(f"{facilitator_act(scenario, act)} (record {act['record']}).")
    return out


def facilitator_act(scenario: Scenario, act: dict[str, Any]) -> str:
    """A seat change, withdrawn orders or an expired timer, in words, with its turn as the table named it."""
    side = scenario.side(act["side"]).label
    when = during_turn(act["turn"])
    if act["type"] == "seat":
        who = "a team" if act["seat"] == "human" else f"the computer ({act['seat']} policy)"
        return f"The white cell handed {side} to {who} {when}"
    if act["type"] == "unseal":
        why = f": {act['reason']}" if act.get("reason") else ""
        return f"The white cell withdrew {side}'s sealed orders {when} and the team chose again{why}"
    minutes = f"{act['seconds'] / 60:g} min"
    then = "its orders were sealed as they stood" if act.get("sealed") else "the team finished after time"
    return f"{side}'s turn timer ({minutes}) ran out {when}; {then}"


def why(scenario: Scenario, scores: dict[str, Any], records: list[Record]) -> list[str]:
    out = []
    for obj in scores["objectives"]:
        if obj["measure"].endswith("escalation level"):
            for c in obj["improvements"]:
                out.append(f"{c['text']} (record {c['record']}).")
            break
    parts = [p for t in scores["turns"] for p in t["parts"] if p["kind"] != "rung" and p["amount"] > 0]
    for p in sorted(parts, key=lambda p: -p["amount"])[:3]:
        out.append(f"Turn {p['turn']}: {p['text']} added {p['amount']:g} to the escalation index (record {p['record']}).")
    for n, r in enumerate(records, start=1):
        if r.get("type") != "turn":
            continue
        for d in r["draws"]:
            if d.get("forced"):
                continue  # history replay forced this outcome: no roll decided it (docs/log-format.md)
            if d["kind"] == "move" and not d["ok"] and d["p"] >= LUCKY_FAIL:
                out.append(f"Turn {r['turn']}: {scenario.move(d['move']).label} failed although it had "
                           f"good odds ({odds_and_roll(d['p'], d['u'])}; record {n}).")
            elif d["kind"] == "move" and d["ok"] and d["p"] <= UNLIKELY:
                out.append(f"Turn {r['turn']}: {scenario.move(d['move']).label} worked against {percent(d['p'])} "
                           f"odds ({odds_and_roll(d['p'], d['u'])}; record {n}).")
            elif d["kind"] == "hazard" and d["fired"] and d["p"] <= UNLIKELY:
                out.append(f"Turn {r['turn']}: {scenario.inject(d['inject']).label} struck against low odds "
                           f"({odds_and_roll(d['p'], d['u'])}; record {n}).")
    return out or ["Nothing in the log stands out as a cause: the ladder did not move."]


def sustain(scenario: Scenario, scores: dict[str, Any]) -> list[str]:
    out = []
    for obj in scores["objectives"]:
        if obj["rating"] in ("P", "S"):
            cites = ", ".join(f"{c['text']}" for c in obj["strengths"][:2])
            out.append(f"{scenario.side(obj['side']).label} \u2013 {obj['label']}: rated {obj['rating']}"
                       + (f"; helped by {cites}." if cites else "."))
    for side, use in scores["channels"].items():
        if use["integrated_turns"]:
            turns = ", ".join(str(t) for t in use["integrated_at"])
            out.append(f"{scenario.side(side).label} paired informal with formal moves on turns {turns}.")
    return out or ["No objective was met: see what to improve."]


def improve(scenario: Scenario, scores: dict[str, Any], points: list[dict[str, Any]]) -> list[str]:
    out = []
    for obj in scores["objectives"]:
        if obj["rating"] in ("M", "U", "S"):
            cites = ", ".join(c["text"] for c in obj["improvements"][:2])
            out.append(f"{scenario.side(obj['side']).label} \u2013 {obj['label']}: rated {obj['rating']} "
                       f"({obj['rule']})" + (f"; hurt by {cites}." if cites else "."))
    for side, use in scores["channels"].items():
        if use["coercion_share"] > 0.3:
            out.append(f"{scenario.side(side).label} relied on coercion for {use['coercion_share']:.0%} of its moves.")
        if use["moves"] and not use["informal_turns"] and any(m.channel.value == "informal" for m in scenario.moves_of(side)):
            out.append(f"{scenario.side(side).label} never used an informal channel.")
    for p in points:
        if p["best"]["difference"] < 0:
            out.append(f"Turn {p['turn']}, {scenario.side(p['side']).label}: {_moves(scenario, p['best']['moves'])} "
                       f"instead of {_moves(scenario, p['chosen'])} was expected to change cumulative escalation "
                       f"by {p['best']['difference']:+.2f}.")
    return out or ["Nothing to improve stands out in this log."]


def improvement_plan(scenario: Scenario, scores: dict[str, Any], points: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Rows of the HSEEP-style improvement plan; owner and dates are left for the evaluator."""
    rows = []
    for obj in scores["objectives"]:
        if obj["rating"] == "P":
            continue
        cause = obj["improvements"][0]["text"] if obj["improvements"] else "no single cause in the log"
        advice = [p for p in points if p["side"] == obj["side"] and p["best"]["difference"] < 0]
        if advice:
            p = advice[0]
            action = (f"Rehearse the turn-{p['turn']} decision: {_moves(scenario, p['best']['moves'])} "
                      f"was expected to lower escalation by {-p['best']['difference']:.2f}.")
        else:
            action = "Plan earlier, sustained moves toward this objective; account for delayed effects."
        rows.append({
            "capability": f"{scenario.side(obj['side']).label}: {obj['label']}",
            "issue": f"Rated {obj['rating']} ({RATING_NAMES[obj['rating']]}); {cause}.",
            "action": action,
            "element": "planning",
            "owner": "",
            "start": "",
            "end": "",
        })
    for side, use in scores["channels"].items():
        if use["coercion_share"] > 0.3:
            rows.append({
                "capability": f"{scenario.side(side).label}: channel use",
                "issue": f"Coercive moves were {use['coercion_share']:.0%} of the moves ordered.",
                "action": "Exercise formal and informal options before coercive ones; practise pairing them.",
                "element": "training",
                "owner": "",
                "start": "",
                "end": "",
            })
    return rows
