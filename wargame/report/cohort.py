"""Several teams' games of one scenario side by side: scores, curves, channel mix, a ranking."""

from __future__ import annotations

import itertools
from typing import Any

from wargame.errors import WargameError
from wargame.report.build import GameLog, figure_tagger, summarize, template_env
from wargame.scenario.models import Scenario

CSV_FIELDS = (
    "rank", "game", "file", "verified", "status", "signed_by", "turns", "peak", "peak_turn", "final", "cumulative",
    "turns_peak_to_calm", "outcome", "risk_reduced", "risk_low", "risk_high", "expected_baseline",
)


def check_same_scenario(logs: list[GameLog]) -> None:
    """Refuse to compare games of different scenarios (or of different versions of one)."""
    first = logs[0]
    for log in logs[1:]:
        a, b = first.records[0]["scenario"], log.records[0]["scenario"]
        if a["id"] != b["id"] or a["sha256"] != b["sha256"]:
            raise WargameError(
                f"cannot compare games of different scenarios: {first.source} is {a['id']} ({a['sha256'][:12]}), "
                f"{log.source} is {b['id']} ({b['sha256'][:12]})"
            )


def game_name(log: GameLog) -> str:
    teams = log.records[0].get("teams") or {}
    from pathlib import Path

    stem = Path(log.source).stem
    return f"{stem} ({', '.join(teams.values())})" if teams else stem


def compare(logs: list[GameLog], *, runs: int = 400, baseline: str | None = None) -> dict[str, Any]:
    """The cohort summary: one row per game, ranked by risk reduced (ties where intervals overlap).

    A game whose log fails verification is listed after the ranking, unranked, with the reason."""
    if not logs:
        raise WargameError("give at least one log")
    check_same_scenario(logs)
    games: list[dict[str, Any]] = []
    unranked: list[dict[str, Any]] = []
    for log in logs:
        summary = summarize(log, runs=runs, baseline=baseline, decisions=False)
        entry = {"name": game_name(log), "summary": summary, "rank": None, "tied_with_above": False}
        if log.verified:
            games.append(entry)
        else:
            unranked.append(entry | {"unranked": f"not ranked: {log.verification}"})
    if runs > 0:
        games.sort(key=lambda g: -g["summary"]["risk_reduced"]["value"])
    else:
        games.sort(key=lambda g: g["summary"]["scores"]["cumulative"])
    for rank, g in enumerate(games, start=1):
        g["rank"] = rank
    for above, below in itertools.pairwise(games):
        below["tied_with_above"] = _overlap(above["summary"], below["summary"])
    s = logs[0].scenario
    return {"scenario": {"id": s.id, "title": s.title, "sha256": s.sha256}, "runs": runs,
            "baseline": baseline or "default policies", "games": games + unranked}


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ra, rb = a.get("risk_reduced"), b.get("risk_reduced")
    if not ra or not rb:
        return a["scores"]["cumulative"] == b["scores"]["cumulative"]
    return bool(ra["interval"][0] <= rb["interval"][1] and rb["interval"][0] <= ra["interval"][1])


def csv_rows(cohort: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for g in cohort["games"]:
        s = g["summary"]
        sc, rr = s["scores"], s["risk_reduced"] or {}
        rows.append({
            "rank": g["rank"], "game": g["name"], "file": s["log"]["file"], "verified": s["log"]["verified"],
            "status": s["log"]["status"], "signed_by": (s["log"]["signer"] or {}).get("fingerprint"),
            "turns": sc["turns_played"], "peak": sc["peak"], "peak_turn": sc["peak_turn"], "final": sc["final"],
            "cumulative": sc["cumulative"], "turns_peak_to_calm": sc["turns_peak_to_calm"],
            "outcome": sc["outcome"]["form"], "risk_reduced": rr.get("value"),
            "risk_low": (rr.get("interval") or [None, None])[0], "risk_high": (rr.get("interval") or [None, None])[1],
            "expected_baseline": rr.get("expected_baseline"),
        })
    return rows


def to_csv(cohort: dict[str, Any]) -> str:
    from wargame.csvout import to_csv as safe_csv

    return safe_csv(CSV_FIELDS, csv_rows(cohort))


def render_cohort_html(cohort: dict[str, Any], scenario: Scenario) -> str:
    from markupsafe import Markup

    from wargame.report import charts

    env, fig = template_env(), figure_tagger(cohort)

    games = cohort["games"]
    curves = Markup(charts.overlaid_curves([(g["name"], g["summary"]["scores"]["escalation"]) for g in games]))
    mix_rows = []
    for g in games:
        for side in scenario.sides:
            mix_rows.append((f"{g['name']} \u2013 {side.label}",
                             g["summary"]["scores"]["channels"][side.id]["moves_by_channel"]))
    mix = Markup(charts.channel_mix(mix_rows))
    return env.get_template("cohort.html.j2").render(c=cohort, scenario=scenario, fig=fig, curves=curves, mix=mix)
