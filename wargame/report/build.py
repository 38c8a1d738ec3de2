"""Building a report: read and verify a log, compute every figure once (the JSON summary), render HTML.

The HTML is rendered from the summary alone, and every number in it is printed by `fig`, which
tags it with the summary key it came from: so the HTML cannot show a figure the JSON lacks, and
tests check that each tagged number equals the JSON's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from wargame.engine.index import IndexSpec
from wargame.report import aar, wording
from wargame.report.index_parts import index_makeup
from wargame.report.ladders import ladder_tracks
from wargame.report.scoring import RATING_NAMES, score_game
from wargame.report.visitor import Record
from wargame.scenario.models import Scenario

if TYPE_CHECKING:
    from wargame.verification import LogCheck, Trust

Progress = Callable[[str, int, int], None]  # (stage, done, total)

REPORT_FORMAT = 2  # 2: the log's status (signer, findings) in "log"


@dataclass
class GameLog:
    """A log as read from disk, with the result of checking it (wargame.verification)."""

    source: str
    lines: list[str]  # the lines the figures are computed from (see read_game_log)
    records: list[Record]
    scenario: Scenario
    check: LogCheck

    @property
    def verified(self) -> bool:
        """Nothing in it fails verification (it may still be unsigned or unfinished)."""
        return self.check.sound

    @property
    def verification(self) -> str:
        return self.check.headline()

    @property
    def truncated(self) -> str | None:
        return next((f.message for f in self.check.findings if f.status == "TRUNCATED"), None)

    @property
    def covers(self) -> str | None:
        """What part of a log that does not replay the figures cover, or None when they cover all of it."""
        if self.check.replayed:
            return None
        return (f"the figures cover the {len(self.records)} records that replay exactly (the game as it was "
                f"really played up to there); the log's record {len(self.records) + 1} onward is not what the game produced")


def read_game_log(path: str, scenario_name: str | Scenario | None = None, trust: Trust | None = None,
                  progress: Progress | None = None) -> GameLog:
    """Read and check a log (replaying it against its scenario: given, or the one it names).

    Figures come from records that replay exactly: the whole log when it does; when it does not, the
    records before the first that differs, as the engine regenerates them, so that no edited record
    can feed a figure (or crash the report)."""
    from wargame.errors import LogError
    from wargame.verification import check_log

    check = check_log(path, scenario_name, trust,
                      progress=None if progress is None else (lambda done, total: progress("verifying", done, total)))
    if check.replayed:
        return GameLog(str(path), check.lines, check.records, check.scenario, check)
    game, upto = check.replay.game, (check.replay.bad_record or 1) - 1
    if game is None and upto >= 1:  # the chain breaks at record upto + 1: replay the part before it
        from wargame.engine import replay

        before = replay(check.lines[:upto], check.scenario)
        game = before.game if before.ok else None
    if game is None or upto < 1:
        raise LogError(f"{path}: cannot report: {check.headline()}")
    return GameLog(str(path), game.lines[:upto], game.records[:upto], check.scenario, check)


def summarize(log: GameLog, *, runs: int = 400, decision_runs: int = 16, baseline: str | None = None,
              counterfactuals: bool = True, decisions: bool = True, progress: Progress | None = None) -> dict[str, Any]:
    """Every figure of the report, as plain JSON-ready data. `progress(stage, done, total)` is
    called as the simulations go (a bar on a terminal: a large scenario takes a while)."""
    from wargame.engine import compile_scenario
    from wargame.report.counterfactual import TooMuchWork, decision_points, key_points, risk_reduced

    def report(stage: str) -> Callable[[int, int], None] | None:
        return None if progress is None else (lambda done, total: progress(stage, done, total))

    s, records = log.scenario, log.records
    header = records[0]
    scores = score_game(records, s)
    index = IndexSpec.of(s).as_dict()
    c = compile_scenario(s)
    risk = None
    points: list[dict[str, Any]] = []
    notes: list[str] = [log.covers] if log.covers else []
    if counterfactuals and runs > 0:
        step = report("risk reduced")
        if step:
            step(0, 1)
        risk = risk_reduced(records, c, scores, runs=runs, baseline=baseline).as_dict()
        if step:
            step(1, 1)
        if decisions:  # log.lines replay exactly (read_game_log keeps only such lines)
            try:
                points = [asdict(p) for p in decision_points(log.lines, records, c, scores, runs=decision_runs,
                                                             baseline=baseline, progress=report("decision points"))]
            except TooMuchWork as exc:
                notes.append(f"Decision points were not computed: {exc}.")
    key = [asdict(p) for p in key_points([_point(p) for p in points])] if points else []
    sd = scores.as_dict()
    summary: dict[str, Any] = {
        "report_format": REPORT_FORMAT,
        "log": {
            "file": log.source,
            "records": len(records),
            "verified": log.verified,
            "verification": log.verification,
            "truncated": log.truncated,
            "covers": log.covers,
            **{k: v for k, v in log.check.as_dict().items() if k in ("status", "valid", "findings", "signer")},
            "scenario_from": log.check.scenario_origin,
        },
        "scenario": {
            "id": s.id,
            "title": s.title,
            "version": s.meta.version,
            "sha256": s.sha256,
            "summary": s.meta.summary,
            "region": s.meta.region,
            "turn_label": s.turns.label,
            "turn_days": s.turns.length_days,
            "start_date": s.turns.start_date,
            "turn_count": s.turns.count,
        },
        "game": {
            "seed": header["seed"],
            "seats": header["seats"],
            "teams": header.get("teams") or {},
            "created": header.get("created"),
        },
        "sides": [{"id": x.id, "label": x.label, "color": x.color,
                   "team": (header.get("teams") or {}).get(x.id, ""), "seat": header["seats"].get(x.id, "")}
                  for x in s.sides],
        "headline": {**scores.headline(), "risk_reduced": risk["value"] if risk else None,
                     "risk_interval": risk["interval"] if risk else None},
        "scores": sd,
        "ladders": ladder_tracks(s, records),
        "risk_reduced": risk,
        "decision_points": points,
        "key_points": key,
        "runs": {"risk": runs if counterfactuals else 0, "decision": decision_runs if points else 0},
        "scale": {"tier_weights": index["tier_weights"], "tier_scale": index["tier_scale"]},
        "index": index,  # the declared index: ladder weights, tier scale and weights, indicator terms
        "index_parts": index_makeup(s, scores).as_dict(),  # what each turn's index was made of
        "notes": notes,
    }
    summary["aar"] = {
        "intended": aar.intended(s, records),
        "happened": aar.happened(s, sd, summary["ladders"]),
        "why": aar.why(s, sd, records),
        "sustain": aar.sustain(s, sd),
        "improve": aar.improve(s, sd, key),
    }
    summary["improvement_plan"] = aar.improvement_plan(s, sd, key)
    return summary


def _point(p: dict[str, Any]) -> Any:
    from wargame.report.counterfactual import Alternative, DecisionPoint

    return DecisionPoint(p["turn"], p["record"], p["side"], p["chosen"], p["expected_chosen"],
                         Alternative(**p["best"]), p["swing"], [Alternative(**a) for a in p["alternatives"]])


# --- figures in the HTML --------------------------------------------------------------------


def lookup(data: Any, key: str) -> Any:
    """The value at a dotted key ('scores.channels.north.integration', 'key_points.0.turn')."""
    for part in key.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def fmt(value: Any, kind: str = "num") -> str:
    """How a figure is printed: the one formatter the HTML and the tests share."""
    if value is None:
        return "\u2013"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "pct":
        return f"{100 * float(value):.0f}%"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "\u2013"
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def template_env() -> Any:
    """The jinja2 environment of the report templates (autoescaped)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("wargame.report", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def figure_tagger(data: dict[str, Any]) -> Any:
    """`fig(key, kind)` for templates: the figure at `key` of `data`, printed and tagged with its key."""
    from markupsafe import Markup, escape

    def fig(key: str, kind: str = "num") -> Markup:
        text = fmt(lookup(data, key), kind)
        return Markup(f'<span class="fig" data-key="{escape(key)}" data-fmt="{kind}">{escape(text)}</span>')

    return fig


def charted_indicators(scenario: Scenario, most: int = 6) -> list[str]:
    """Indicators worth a chart: those an objective measures, then the key ones (the table has all)."""
    chosen: list[str] = []
    for side in scenario.sides:
        for o in side.objectives:
            m = o.measure
            for ind in (m.final, m.peak, m.mean):
                if ind is not None and ind not in chosen:
                    chosen.append(ind)
    chosen += [i.id for i in scenario.indicators if i.key and i.id not in chosen]
    return chosen[:most] or [i.id for i in scenario.indicators[:most]]


def render_html(summary: dict[str, Any], scenario: Scenario) -> str:
    """The self-contained report page."""
    from markupsafe import Markup

    from wargame.report import charts

    env, fig = template_env(), figure_tagger(summary)
    side_labels = {x.id: x.label for x in scenario.sides}
    colors = {x.id: x.color for x in scenario.sides}
    sc = summary["scores"]
    svg = {
        "timeline": Markup(charts.escalation_timeline(sc, {r.id: r.label for r in scenario.rungs})),
        "ladders": Markup(charts.ladder_tracks(summary["ladders"])) if len(summary["ladders"]) > 1 else None,
        "index_parts": Markup(charts.index_parts(summary["index_parts"])) if summary["index_parts"]["several"] else None,
        "indicators": [Markup(x) for x in charts.indicator_charts(
            [sc["indicators"][i] for i in charted_indicators(scenario)], colors, side_labels)],
    }
    return env.get_template("report.html.j2").render(
        s=summary, sc=sc, scenario=scenario, fig=fig, svg=svg, side_labels=side_labels,
        rating_names=RATING_NAMES, move_label=lambda m: scenario.move(m).label,
        moves_label=lambda ms: ", ".join(scenario.move(m).label for m in ms) or "hold",
        rung_label=lambda r: scenario.rung(r).label,
        during_turn=wording.during_turn, risk_sentence=wording.risk_sentence, facilitator_act=aar.facilitator_act,
    )
