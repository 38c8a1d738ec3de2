"""Scores of one game, computed from its log: the one scoring code path (report and debrief).

`score_game(records, scenario)` is cheap (no simulation): it walks the log once with a few
visitors. Every figure keeps the log records behind it, so an evaluator can trace any point of
a score back to the turn, the side and the move or event that caused it. Formulas and sources are
in docs/scoring.md; the parts that need simulation (risk reduced, decision points) live in
wargame.report.counterfactual.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from wargame.engine.index import IndexSpec, escalation_index
from wargame.report.visitor import LogVisitor, Record, walk
from wargame.scenario.models import Objective, Scenario

CHANNELS = ("formal", "coercive", "informal")
RATINGS = ("P", "S", "M", "U")
RATING_NAMES = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
}
CALM_CATEGORIES = ("calm", "agreement")


@dataclass
class Citation:
    """A log record that moved a score: where it is and by how much."""

    turn: int
    record: int  # 1-based line of the log
    kind: str  # rung | move | inject | arrival | rung_effects | ladder | drift | override
    id: str
    side: str | None
    amount: float
    text: str


@dataclass
class TurnEscalation:
    """The escalation index of one turn and what it is made of.

    `parts` cite the records behind the index (each ladder's rung, each move and inject, each
    indicator term that counts); `breakdown` gives the index's declared parts as numbers:
    {ladders: {ladder id: weight x level}, tiers: points of the turn's moves and injects,
    indicators: {indicator id: term}, total} (wargame.engine.index)."""

    turn: int
    record: int
    rung: str  # the main ladder's
    level: int
    index: float
    parts: list[Citation]
    rungs: dict[str, str] = field(default_factory=dict)  # every ladder's rung, main first
    levels: dict[str, int] = field(default_factory=dict)  # every ladder's level
    breakdown: dict[str, Any] = field(default_factory=dict)


@dataclass
class IndicatorSummary:
    id: str
    label: str
    unit: str
    better: str
    start: float
    final: float
    peak: float
    low: float
    true: list[float]  # start, then after each turn
    observed: dict[str, list[float | None]]  # what each side saw: start, then after each turn


@dataclass
class ChannelUse:
    """How one side used its channels (counts of turns and moves ordered)."""

    side: str
    turns: int
    moves: int
    moves_by_channel: dict[str, int]
    turns_by_channel: dict[str, int]
    integrated_turns: int  # informal alongside formal in the same turn
    integration: float  # integrated_turns / turns
    informal_turns: int
    coercion_share: float  # coercive moves / moves ordered
    mechanisms: dict[str, dict[str, float]]  # mechanism -> turns, share, longest_run
    mean_goldstein: float | None
    own_escalation: float  # sum of the tier points of the side's own moves
    successes: int
    integrated_at: list[int]


@dataclass
class ObjectiveRating:
    side: str
    id: str
    label: str
    measure: str
    value: float
    better: str
    thresholds: dict[str, float]
    rating: str
    rule: str
    strengths: list[Citation]
    improvements: list[Citation]


@dataclass
class Outcome:
    form: str  # ICB-like form of outcome, "unfinished" when the log has no end record
    rung: str
    category: str
    reason: str
    turn: int


@dataclass
class GameScores:
    """Every headline figure of a game, with the records behind it."""

    scenario: str
    turns_played: int
    horizon: int  # turns the cumulative escalation is summed over
    escalation: list[float]  # index per turn played
    levels: list[int]
    rungs: list[str]
    turns: list[TurnEscalation]
    peak: float
    peak_turn: int
    peak_level: int
    final: float
    cumulative: float
    calm_level: int
    turns_peak_to_calm: int | None  # None: never back to calm after the peak
    outcome: Outcome
    indicators: dict[str, IndicatorSummary]
    channels: dict[str, ChannelUse]
    objectives: list[ObjectiveRating]
    overrides: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    injects: list[dict[str, Any]] = field(default_factory=list)
    facilitator: list[dict[str, Any]] = field(default_factory=list)  # seat changes, withdrawn orders, timers
    start_level: int = 0  # the ladder's level before the first turn (`levels` are after each turn)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def headline(self) -> dict[str, Any]:
        """The few figures the debrief screen shows (the report shows the same ones on top)."""
        return {
            "peak": self.peak,
            "peak_turn": self.peak_turn,
            "final": self.final,
            "cumulative": self.cumulative,
            "turns_peak_to_calm": self.turns_peak_to_calm,
            "outcome": self.outcome.form,
            "final_rung": self.outcome.rung,
            "ratings": {f"{o.side}.{o.id}": o.rating for o in self.objectives},
        }


# --- visitors -------------------------------------------------------------------------------


class EscalationVisitor(LogVisitor):
    """Escalation index of each turn, as the scenario declares it (wargame.engine.index): the
    ladders' weighted levels, the tier points of every move ordered and inject fired, the terms on
    indicators."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.spec = IndexSpec.of(scenario)
        self.turns: list[TurnEscalation] = []

    def visit_turn(self, number: int, record: Record) -> None:
        s, spec, t = self.scenario, self.spec, int(record["turn"])
        rungs = record.get("rungs") or {s.main_ladder.id: record["rung"]}
        levels = record.get("levels") or {s.main_ladder.id: int(record["level"])}
        parts = []
        for ladder, weight in zip(spec.ladder_ids, spec.ladder_weight, strict=True):
            if weight:
                rung = s.rung(rungs[ladder])
                times = "" if weight == 1 else f" x {weight:g}"
                parts.append(Citation(t, number, "rung", rung.id, None, float(weight * levels[ladder]),
                                      f"stands on {rung.label} (level {levels[ladder]}{times})"))
        tiers = []
        for event in record["events"]:
            if event["kind"] == "move":
                move = s.move(event["id"])
                outcome = "worked" if event["ok"] else "failed"
                tiers.append(spec.points(event["tier"]))
                parts.append(Citation(t, number, "move", move.id, event["side"], tiers[-1],
                                      f"{s.side(event['side']).label}: {move.label} ({event['tier']}, {outcome})"))
            elif event["kind"] == "inject":
                inject = s.inject(event["id"])
                tiers.append(spec.points(event["tier"]))
                parts.append(Citation(t, number, "inject", inject.id, event.get("actor"), tiers[-1],
                                      f"{inject.label} ({event['tier']}, {event['how']})"))
        x = np.array([record["state"][ind.id] for ind in s.indicators], dtype=float)
        made = escalation_index(spec, np.array([levels[k] for k in spec.ladder_ids]), x, tiers)
        for k, label, amount in zip(spec.term_ids, spec.term_labels, made.indicators, strict=True):
            if amount:
                parts.append(Citation(t, number, "indicator", k, None, float(amount),
                                      f"{label} ({round(record['state'][k], 1):g} {s.indicator(k).unit})".replace(" )", ")")))
        main = s.main_ladder.id
        self.turns.append(TurnEscalation(t, number, rungs[main], int(levels[main]), round(float(made.total), 6), parts,
                                         dict(rungs), dict(levels), made.breakdown(spec) | {"standing": _num(float(made.standing))}))


class IndicatorVisitor(LogVisitor):
    """True values and each side's estimates, start and after every turn."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.true: dict[str, list[float]] = {i.id: [i.initial] for i in scenario.indicators}
        self.observed: dict[str, dict[str, list[float | None]]] = {
            i.id: {s.id: [None] for s in scenario.sides} for i in scenario.indicators
        }

    def visit_turn(self, number: int, record: Record) -> None:
        for ind, value in record["state"].items():
            self.true[ind].append(float(value))
        for side, seen in record.get("observed", {}).items():
            for ind, value in seen.items():
                self.observed[ind][side].append(None if value is None else float(value))

    def summaries(self) -> dict[str, IndicatorSummary]:
        out = {}
        for i in self.scenario.indicators:
            series = self.true[i.id]
            out[i.id] = IndicatorSummary(i.id, i.label, i.unit, i.better, series[0], series[-1], max(series),
                                         min(series), series, self.observed[i.id])
        return out


class ChannelVisitor(LogVisitor):
    """Which channels each side ordered, turn by turn."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.per_turn: dict[str, list[list[dict[str, Any]]]] = {s.id: [] for s in scenario.sides}

    def visit_turn(self, number: int, record: Record) -> None:
        moves: dict[str, list[dict[str, Any]]] = {s: [] for s in self.per_turn}
        for event in record["events"]:
            if event["kind"] == "move":
                moves[event["side"]].append({**event, "turn": record["turn"], "record": number})
        for side, ordered in moves.items():
            self.per_turn[side].append(ordered)

    def use(self, side: str) -> ChannelUse:
        turns = self.per_turn[side]
        flat = [m for ordered in turns for m in ordered]
        by_channel = {ch: sum(m["channel"] == ch for m in flat) for ch in CHANNELS}
        turns_by = {ch: sum(any(m["channel"] == ch for m in o) for o in turns) for ch in CHANNELS}
        integrated_at = [o[0]["turn"] for o in turns
                         if o and {"formal", "informal"} <= {m["channel"] for m in o}]
        mechanisms: dict[str, dict[str, float]] = {}
        for mech in (x.id for x in self.scenario.mechanisms):
            engaged = [any(m.get("mechanism") == mech for m in o) for o in turns]
            if not any(engaged) and not any(m.mechanism == mech for m in self.scenario.moves_of(side)):
                continue
            mechanisms[mech] = {
                "turns": sum(engaged),
                "share": _share(sum(engaged), len(turns)),
                "longest_run": _longest_run(engaged),
            }
        weights = [self.scenario.move(m["id"]).goldstein for m in flat]
        known = [w for w in weights if w is not None]
        return ChannelUse(
            side=side,
            turns=len(turns),
            moves=len(flat),
            moves_by_channel=by_channel,
            turns_by_channel=turns_by,
            integrated_turns=len(integrated_at),
            integration=_share(len(integrated_at), len(turns)),
            informal_turns=turns_by["informal"],
            coercion_share=_share(by_channel["coercive"], len(flat)),
            mechanisms=mechanisms,
            mean_goldstein=round(sum(known) / len(known), 3) if known else None,
            own_escalation=round(sum(IndexSpec.of(self.scenario).points(m["tier"]) for m in flat), 6),
            successes=sum(bool(m["ok"]) for m in flat),
            integrated_at=integrated_at,
        )


class FacilitatorVisitor(LogVisitor):
    """The white cell's notes, forced injects and overrides, with their records."""

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []
        self.overrides: list[dict[str, Any]] = []
        self.injects: list[dict[str, Any]] = []
        self.acts: list[dict[str, Any]] = []
        self.end: Record | None = None
        self.records: dict[int, Record] = {}

    def visit_turn(self, number: int, record: Record) -> None:
        self.records[int(record["turn"])] = {**record, "_number": number}

    def visit_note(self, number: int, record: Record) -> None:
        self.notes.append({"record": number, "turn": record["turn"], "author": record.get("author", ""),
                           "text": record["text"]})

    def visit_override(self, number: int, record: Record) -> None:
        self.overrides.append({"record": number, "turn": record["turn"], "reason": record["reason"],
                               "changes": record["changes"]})

    def visit_inject(self, number: int, record: Record) -> None:
        self.injects.append({"record": number, "turn": record["turn"], "inject": record["inject"]})

    def visit_end(self, number: int, record: Record) -> None:
        self.end = record

    def _act(self, number: int, record: Record) -> None:
        fields = {k: v for k, v in record.items() if k not in ("hash", "prev")}
        self.acts.append({"record": number, **fields})

    visit_seat = visit_unseal = visit_timer = _act


# --- the score ------------------------------------------------------------------------------


def score_game(records: list[Record], scenario: Scenario) -> GameScores:
    """Every score of one game from its parsed log records (no simulation; fast)."""
    esc, ind, chan, fac = (EscalationVisitor(scenario), IndicatorVisitor(scenario),
                           ChannelVisitor(scenario), FacilitatorVisitor())
    walk(records, esc, ind, chan, fac)
    turns = esc.turns
    index = [t.index for t in turns]
    levels = [t.level for t in turns]
    start_rung = scenario.rung(scenario.main_ladder.start)
    if turns:
        peak = max(index)
        peak_turn = turns[index.index(peak)].turn
    else:
        peak, peak_turn = 0.0, 0
    calm_levels = [r.level for r in scenario.rungs if r.category.value == "calm"]
    calm_level = min(calm_levels) if calm_levels else start_rung.level
    outcome = _outcome(scenario, fac.end, turns)
    horizon, cumulative = _cumulative(scenario, index, outcome, turns)
    indicators = ind.summaries()
    objectives = [
        rate_objective(side.id, objective, levels, [t.rung for t in turns], indicators, fac.records, scenario, turns)
        for side in scenario.sides
        for objective in side.objectives
    ]
    return GameScores(
        scenario=scenario.id,
        turns_played=len(turns),
        horizon=horizon,
        escalation=index,
        levels=levels,
        rungs=[t.rung for t in turns],
        turns=turns,
        peak=peak,
        peak_turn=peak_turn,
        peak_level=max(levels, default=start_rung.level),
        final=index[-1] if index else 0.0,
        cumulative=cumulative,
        calm_level=calm_level,
        turns_peak_to_calm=_back_to_calm(turns, peak_turn, calm_level),
        outcome=outcome,
        indicators=indicators,
        channels={side.id: chan.use(side.id) for side in scenario.sides},
        objectives=objectives,
        overrides=fac.overrides,
        notes=fac.notes,
        injects=fac.injects,
        facilitator=fac.acts,
        start_level=start_rung.level,
    )


def terminal_pad(scenario: Scenario, rung: str) -> bool:
    """Whether the turns left after a game ended on this rung count at its level (a terminal end)."""
    return scenario.rung(rung).terminal


def _cumulative(scenario: Scenario, index: list[float], outcome: Outcome,
                turns: list[TurnEscalation]) -> tuple[int, float]:
    """Sum of the index over the horizon: a game ended on a terminal rung counts its standing (the
    ladders and indicator terms of its last turn; by default that rung's level) for every turn
    left, so an early settlement and a long game are compared over the same turns."""
    total = sum(index)
    horizon = len(index)
    if index and terminal_pad(scenario, outcome.rung) and outcome.form != "unfinished":
        left = scenario.turns.count - len(index)
        total += left * turns[-1].breakdown["standing"]
        horizon += left
    return horizon, round(total, 6)


def _num(v: float) -> float:
    return float(round(float(v), 6)) + 0.0


def _outcome(scenario: Scenario, end: Record | None, turns: list[TurnEscalation]) -> Outcome:
    if end is None:
        last = turns[-1].rung if turns else scenario.main_ladder.start
        return Outcome("unfinished", last, scenario.rung(last).category.value, "the log stops before the end",
                       turns[-1].turn if turns else 0)
    rung = scenario.rung(end["rung"])
    ended_as = scenario.outcome_at_end(rung.id)
    form = end.get("outcome") or (ended_as.value if ended_as else "ongoing")
    return Outcome(form, rung.id, rung.category.value, end.get("reason", ""), int(end.get("turn", 0)))


def _back_to_calm(turns: list[TurnEscalation], peak_turn: int, calm_level: int) -> int | None:
    """Turns from the peak of the index until the ladder is first back at or below the calm level."""
    for t in turns:
        if t.turn >= peak_turn and t.level <= calm_level:
            return t.turn - peak_turn
    return None


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _longest_run(flags: list[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


# --- objectives -----------------------------------------------------------------------------


def rating_for(value: float, objective: Objective) -> tuple[str, str]:
    """(rating, the rule that gave it): P, S, M by the thresholds in the better direction, else U."""
    th = objective.thresholds
    cuts = (("P", th.performed), ("S", th.some), ("M", th.major))
    op = ">=" if objective.better == "higher" else "<="
    for rating, cut in cuts:
        good = value >= cut if objective.better == "higher" else value <= cut
        if good:
            return rating, f"{value:.4g} {op} {cut:g} -> {rating}"
    worst = "<" if objective.better == "higher" else ">"
    return "U", f"{value:.4g} {worst} {th.major:g} (the M threshold) -> U"


def measure_value(objective: Objective, levels: list[int], rungs: list[str],
                  indicators: dict[str, IndicatorSummary], scenario: Scenario,
                  turns: list[TurnEscalation] | None = None) -> tuple[float, str]:
    """The objective's measure from the log, with a phrase saying what was measured.

    `levels` and `rungs` are the main ladder's; with several ladders, `turns` gives every ladder's
    (a level measure may name its ladder; rungs counted or reached may be on any ladder)."""
    m = objective.measure
    if turns and m.ladder is not None and m.ladder != scenario.main_ladder.id:
        levels = [t.levels[m.ladder] for t in turns]
    if turns and len(scenario.all_ladders) > 1:
        rungs = [r for t in turns for r in t.rungs.values()]  # a rung belongs to one ladder: no double count
        by_turn = [set(t.rungs.values()) for t in turns]
    else:
        by_turn = [{r} for r in rungs]
    after = {k: v.true[1:] or v.true for k, v in indicators.items()}
    if m.final is not None:
        return indicators[m.final].final, f"final {indicators[m.final].label}"
    if m.peak is not None:
        return indicators[m.peak].peak, f"highest {indicators[m.peak].label}"
    if m.mean is not None:
        series = after[m.mean]
        return round(sum(series) / len(series), 4), f"mean {indicators[m.mean].label} over the turns"
    if m.level is not None:
        ladder = scenario.ladder(m.ladder) if m.ladder is not None else scenario.main_ladder
        lv = levels or [scenario.rung(ladder.start).level]
        value = {"peak": max(lv), "final": lv[-1], "mean": round(sum(lv) / len(lv), 4)}[m.level]
        named = "escalation" if ladder.id == scenario.main_ladder.id else ladder.label
        return float(value), f"{m.level} {named} level"
    if m.turns_in is not None:
        names = ", ".join(scenario.rung(r).label for r in m.turns_in)
        return float(sum(r in m.turns_in for r in rungs)), f"turns on {names}"
    assert m.reached is not None
    first = next((i + 1 for i, here in enumerate(by_turn) if m.reached in here), scenario.turns.count + 1)
    return float(first), f"turn {scenario.rung(m.reached).label} was first reached"


def rate_objective(side: str, objective: Objective, levels: list[int], rungs: list[str],
                   indicators: dict[str, IndicatorSummary], turn_records: dict[int, Record],
                   scenario: Scenario, turns: list[TurnEscalation] | None = None) -> ObjectiveRating:
    value, what = measure_value(objective, levels, rungs, indicators, scenario, turns)
    rating, rule = rating_for(value, objective)
    m = objective.measure
    indicator = m.final or m.peak or m.mean
    if indicator is not None:
        strengths, improvements = indicator_causes(indicator, objective.better, turn_records, scenario)
    else:
        strengths, improvements = ladder_causes(objective, turn_records, scenario)
    th = objective.thresholds
    return ObjectiveRating(side, objective.id, objective.label, what, value, objective.better,
                           {"performed": th.performed, "some": th.some, "major": th.major},
                           rating, rule, strengths, improvements)


def event_label(scenario: Scenario, event: dict[str, Any]) -> tuple[str, str, str | None]:
    """(kind, id, side) and a readable name for one event of a turn record."""
    kind = event["kind"]
    if kind == "move":
        return kind, event["id"], event["side"]
    if kind == "inject":
        return kind, event["id"], event.get("actor")
    if kind == "ladder":
        return kind, event["to"], None
    if kind == "rung_effects":
        return kind, event["rung"], None
    return kind, kind, None


def describe_event(scenario: Scenario, event: dict[str, Any]) -> str:
    kind = event["kind"]
    if kind == "move":
        return f"{scenario.side(event['side']).label}: {scenario.move(event['id']).label}"
    if kind == "inject":
        return scenario.inject(event["id"]).label
    if kind == "ladder":
        return f"ladder to {scenario.rung(event['to']).label}"
    if kind == "rung_effects":
        return f"staying on {scenario.rung(event['rung']).label}"
    if kind == "arrival":
        return "delayed effects arriving"
    return "drift toward resting values"


def indicator_causes(indicator: str, better: str, turn_records: dict[int, Record],
                     scenario: Scenario, top: int = 3) -> tuple[list[Citation], list[Citation]]:
    """The events that moved an indicator most in the good and in the bad direction."""
    cites: list[Citation] = []
    for t, record in sorted(turn_records.items()):
        number = int(record["_number"])
        for event in record["events"]:
            amount = event.get("effects", {}).get(indicator)
            if amount is None or abs(amount) < 0.05:
                continue
            if event["kind"] == "arrival":
                cites.extend(_arrival_sources(indicator, t, number, turn_records, scenario))
                continue
            kind, ident, side = event_label(scenario, event)
            text = f"turn {t}: {describe_event(scenario, event)} {amount:+.1f}"
            cites.append(Citation(t, number, kind, ident, side, float(amount), text))
    sign = 1.0 if better == "higher" else -1.0
    good = sorted((c for c in cites if sign * c.amount > 0), key=lambda c: -abs(c.amount))[:top]
    bad = sorted((c for c in cites if sign * c.amount < 0), key=lambda c: -abs(c.amount))[:top]
    return sorted(good, key=lambda c: c.turn), sorted(bad, key=lambda c: c.turn)


def _arrival_sources(indicator: str, turn: int, number: int, turn_records: dict[int, Record],
                     scenario: Scenario) -> list[Citation]:
    """The earlier moves whose delayed effects on `indicator` arrived in `turn`, each with its amount."""
    found = []
    for t in sorted(turn_records):
        if t >= turn:
            break
        for event in turn_records[t]["events"]:
            for due in event.get("scheduled", []):
                if due["indicator"] == indicator and due["arrives"] == turn and abs(due["amount"]) >= 0.05:
                    kind, ident, side = event_label(scenario, event)
                    text = (f"turn {turn}: delayed effect of {describe_event(scenario, event)} "
                            f"(ordered turn {t}) {due['amount']:+.1f}")
                    found.append(Citation(turn, number, kind, ident, side, float(due["amount"]), text))
    return found


@dataclass(frozen=True)
class LadderStep:
    """One move of the ladder in the log, with what pulled it."""

    cite: Citation  # amount = change of level (negative: down)
    before: str  # rung left
    after: str  # rung entered


def ladder_steps(turn_records: dict[int, Record], scenario: Scenario) -> list[LadderStep]:
    """Every step of the ladder in the log, in order, each cited with its cause."""
    steps = []
    for t, record in sorted(turn_records.items()):
        for event in record["events"]:
            if event["kind"] != "ladder":
                continue
            change = scenario.rung(event["to"]).level - scenario.rung(event["from"]).level
            cause = event.get("cause") or {"kind": "drift"}
            who = cause.get("side")
            if cause["kind"] == "move":
                by = f"{scenario.side(who).label}: {scenario.move(cause['id']).label}" if who else cause["id"]
            elif cause["kind"] == "inject":
                by = scenario.inject(cause["id"]).label
            else:
                by = "drift"
            text = f"turn {t}: {scenario.rung(event['from']).label} -> {scenario.rung(event['to']).label} ({by})"
            cite = Citation(t, int(record["_number"]), cause["kind"], cause.get("id", "drift"), who, float(change), text)
            steps.append(LadderStep(cite, event["from"], event["to"]))
    return steps


def ladder_causes(objective: Objective, turn_records: dict[int, Record], scenario: Scenario,
                  top: int = 3) -> tuple[list[Citation], list[Citation]]:
    """(strengths, areas for improvement): the ladder steps that moved *this* objective's measure.

    peak level: the climb until the peak was first reached, and the steps down after it; final level: the
    steps after the last change of direction (they set where it ended); mean level: every step,
    the largest and earliest first (they weighed longest); turns on some rungs: entering and
    leaving them; turn a rung was reached: steps toward it and away from it until it was reached."""
    m = objective.measure
    steps = ladder_steps(turn_records, scenario)
    level = {r.id: r.level for r in scenario.rungs}
    down = [s for s in steps if s.cite.amount < 0]
    up = [s for s in steps if s.cite.amount > 0]
    helps: list[LadderStep]
    hurts: list[LadderStep]
    if m.turns_in is not None:
        inside = set(m.turns_in)
        entering = [s for s in steps if s.after in inside and s.before not in inside]
        leaving = [s for s in steps if s.before in inside and s.after not in inside]
        helps, hurts = (entering, leaving) if objective.better == "higher" else (leaving, entering)
    elif m.reached is not None:
        goal = level[m.reached]
        first = next((s.cite.turn for s in steps if s.after == m.reached), None)
        until = [s for s in steps if first is None or s.cite.turn <= first]
        toward = [s for s in until if abs(level[s.after] - goal) < abs(level[s.before] - goal) or s.after == m.reached]
        away = [s for s in until if s not in toward]
        helps, hurts = (toward, away) if objective.better == "lower" else (away, toward)
    else:
        if m.level == "peak":
            peak = max((level[s.after] for s in steps), default=None)
            reached = next((s.cite.turn for s in steps if level[s.after] == peak), 0)
            hurts = [s for s in up if s.cite.turn <= reached]  # the climb to the peak
            helps = [s for s in down if s.cite.turn > reached]  # the way down from it
        elif m.level == "final":
            last_up = max((s.cite.turn for s in up), default=0)
            last_down = max((s.cite.turn for s in down), default=0)
            hurts = [s for s in up if s.cite.turn > last_down]
            helps = [s for s in down if s.cite.turn > last_up]
        else:  # mean level: a step weighs by its size and by how many turns it stood
            horizon = scenario.turns.count + 1
            weight = {id(s): abs(s.cite.amount) * (horizon - s.cite.turn) for s in steps}
            hurts = sorted(up, key=lambda s: -weight[id(s)])
            helps = sorted(down, key=lambda s: -weight[id(s)])
        if objective.better == "higher":
            helps, hurts = hurts, helps
    return ([s.cite for s in sorted(helps[:top], key=lambda s: s.cite.turn)],
            [s.cite for s in sorted(hurts[:top], key=lambda s: s.cite.turn)])
