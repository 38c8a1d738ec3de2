"""A report's simulations stay within budget: options played in blocks give the same figures as one
batch, and decision points beyond the work budget are skipped with a note, not run out of memory."""

from __future__ import annotations

from pathlib import Path

import pytest

import wargame.report.counterfactual as cf
from tests.report.conftest import known_game, write_log
from wargame.report.build import read_game_log, summarize
from wargame.scenario import load


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_log(tmp_path_factory.mktemp("budget") / "known.jsonl", known_game(load("tutorial")).lines)


def test_options_played_in_blocks_give_the_same_decision_points(log_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = read_game_log(str(log_path))
    whole = summarize(log, runs=4, decision_runs=4)["decision_points"]
    monkeypatch.setattr(cf, "ROLLOUT_BYTES", 1)  # one option per rollout batch
    assert cf.rollout_block(log.check.replay.game.compiled, 4) == 1  # type: ignore[union-attr]
    assert summarize(log, runs=4, decision_runs=4)["decision_points"] == whole and whole


def test_decision_points_beyond_the_work_budget_are_skipped_with_a_note(log_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cf, "DECISION_WORK", 1.0)
    seen: list[tuple[str, int, int]] = []
    summary = summarize(read_game_log(str(log_path)), runs=4, decision_runs=4,
                        progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert summary["decision_points"] == [] and summary["risk_reduced"] is not None
    assert any(n.startswith("Decision points were not computed: they would take") for n in summary["notes"])
    assert ("risk reduced", 1, 1) in seen and not any(stage == "decision points" for stage, _, _ in seen)
