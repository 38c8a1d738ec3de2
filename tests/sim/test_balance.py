"""`wargame check`'s judgements that need the declared index: perverse lessons, and de-escalation in
a crisis that starts calm."""

from __future__ import annotations

from pathlib import Path

from wargame.engine import compile_scenario
from wargame.scenario import load, load_text
from wargame.sim.balance import PERVERSE_SHARE, check

FIXTURES = Path(__file__).parent / "fixtures"
PERVERSE = (FIXTURES / "perverse.yaml").read_text(encoding="utf-8")


def kinds(report: object) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in report.findings:  # type: ignore[attr-defined]
        out.setdefault(f.kind, []).append(f.message)
    return out


def test_a_best_move_that_drives_a_danger_past_its_threshold_is_a_perverse_lesson() -> None:
    report = check(compile_scenario(load_text(PERVERSE, "perverse.yaml")), runs=80, seed=3)
    found = kinds(report)["perverse_lesson"]
    assert {m.split(" would")[0] for m in found} == {"the advisor", "the report"}
    assert all("'nuclear_signal' (north) best on turn 1" in m and "'alert' past its danger threshold" in m
               for m in found)
    share = int(found[0].split("threshold in ")[1].split("%")[0])
    assert share >= 100 * PERVERSE_SHARE
    assert all(f.severity == "defect" for f in report.findings if f.kind == "perverse_lesson")


def test_counting_the_danger_in_the_index_removes_the_perverse_lesson() -> None:
    counted = PERVERSE + "index:\n  indicators:\n    - { indicator: alert, weight: 0.2, above: 30, label: Alert past 30 }\n"
    report = check(compile_scenario(load_text(counted, "perverse.yaml")), runs=80, seed=3)
    assert "perverse_lesson" not in kinds(report)


def test_no_danger_no_perverse_check() -> None:
    report = check(compile_scenario(load("tutorial")), runs=40, seed=1)
    assert "perverse_lesson" not in kinds(report)


def test_a_crisis_that_starts_calm_can_still_de_escalate() -> None:
    """The shock comes on turn 1 from calm (level 0): coming back down is de-escalation, though no
    game can go below the calm it started on."""
    c = compile_scenario(load(FIXTURES / "calm_start.yaml"))
    report = check(c, runs=80, seed=2)
    assert "no_deescalation" not in kinds(report)
    assert report.policies["formal"]["descends"] > 0.5 and report.policies["hold"]["descends"] == 0.0


def test_a_ladder_that_never_comes_down_is_still_a_defect() -> None:
    report = check(compile_scenario(load(FIXTURES / "unbalanced.yaml")), runs=40, seed=1)
    assert "no_deescalation" in kinds(report)
