"""Property-based fuzzing: no input makes a command raise anything but a clear one-line error.

Two generators, both from valid material: scenarios mutated field by field (any value of any type
at any place, keys dropped, list items repeated), and logs of a real signed game mutated record by
record (fields replaced or dropped, records repeated or removed), re-chained and re-signed with the
table's key so that every check after the chain is reached too. Every command an evaluator or a
table runs on them must end with exit code 0 or 1 and one line per problem; an exception escaping
`main` (anything but the WargameError family) fails the test.

Budget: the examples are fixed (`derandomize`) and few, so CI time stays small and the same inputs
run every time: SCENARIO_EXAMPLES (25) scenarios and LOG_EXAMPLES (25) logs, about 15 s of CPU
together on the reference machine. `WARGAME_FUZZ=N` (N > 1) multiplies both and draws new examples
each run, for a longer local hunt (N=6: 300 examples, no failure, when this was written).
"""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.engine.conftest import FIXTURES
from wargame.cli.main import main
from wargame.engine import Game
from wargame.engine.record import seal
from wargame.errors import WargameError
from wargame.scenario import load
from wargame.signing import load_table_key

SCALE = int(os.environ.get("WARGAME_FUZZ", "1"))
HUNT = SCALE > 1  # a longer local hunt draws new examples each run
SCENARIO_EXAMPLES = 25 * SCALE
LOG_EXAMPLES = 25 * SCALE
BASE_SCENARIO = FIXTURES / "golden_scenario.yaml"
BASE = yaml.safe_load(BASE_SCENARIO.read_text(encoding="utf-8"))

def fuzz(examples: int) -> settings:
    """The fixed budget: this many examples, the same ones every run, no time limit per example."""
    return settings(max_examples=examples, deadline=None, derandomize=not HUNT, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])

# Values that have broken something before, and any JSON-like value at all.
NASTY = st.sampled_from([
    ".nan", float("nan"), float("inf"), -1e308, 1e20, 10**40, -1, 0, "", "{sid}", "{side:x>50000000}", "{0}",
    "{side.__class__}", "$\\frac{", "$_$", "9999-12-31", "0000-00-00", "<script>alert(1)</script>", "=1+1",
    "\u202e", "x" * 3000, [], {}, None, True,
])
ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats() | st.text(max_size=12) | NASTY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a nested structure (each dict key and list index)."""
    found = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, path + (i,))
    return found


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


WORDS = sorted({v for v in _leaves(BASE) if isinstance(v, str) and len(v) < 40})  # ids, enum values, labels


def _like(value: Any) -> st.SearchStrategy[Any]:
    """A value of the same kind as `value` (most mutations should get past the schema, to reach the
    game), sometimes an extreme one."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-5, 250) | st.sampled_from([-10**13, 10**13, 2**63, 0])
    if isinstance(value, float):
        return st.floats(-200, 200) | st.sampled_from([0.0, 1.0, 1e-300, 1e12, -1e12, 0.999999])
    if isinstance(value, str):
        return st.sampled_from(WORDS) | st.text(max_size=16) | NASTY
    return ANY


def _mutate(tree: Any, path: tuple[Any, ...], action: str, new: Any) -> Any:
    """A copy of `tree` with the value at `path` replaced, dropped, or repeated (for a list item)."""
    tree = json.loads(json.dumps(tree, allow_nan=True))
    if not path:
        return new if action == "replace" else tree
    parent = tree
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "drop":
        del parent[last]
    elif action == "repeat" and isinstance(parent, list):
        parent.insert(last, json.loads(json.dumps(parent[last], allow_nan=True)))
    else:
        parent[last] = new
    return tree


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        tree = tree[part]
    return tree


@st.composite
def mutated_scenarios(draw: st.DrawFn) -> str:
    tree = BASE
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(tree)))
        action = draw(st.sampled_from(["alike", "alike", "alike", "replace", "drop", "repeat"]))
        new = draw(_like(_at(tree, path)) if action == "alike" else ANY)
        tree = _mutate(tree, path, "replace" if action == "alike" else action, new)
    return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True)


def _cli(*argv: str) -> tuple[int, str]:
    """Run a command as a user would; anything escaping main fails the test. (exit code, stderr)."""
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(list(argv))
    text = err.getvalue()
    assert code in (0, 1), (argv, code, text)
    assert "Traceback" not in text, text
    return code, text


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(SCENARIO_EXAMPLES)
@given(text=mutated_scenarios())
def test_any_scenario_validates_or_is_refused_and_a_valid_one_plays_verifies_and_reports(folder: Path,
                                                                                         text: str) -> None:
    for old in folder.glob("*"):
        old.unlink()
    path = folder / "golden_scenario.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = _cli("validate", str(path))
    event("valid" if code == 0 else "refused")
    if code:
        return
    log = folder / "game.jsonl"
    code, err = _cli("run", str(path), "--seed", "3", "--turns", "4", "--log", str(log), "--quiet")
    if code:
        assert len(err.strip().splitlines()) == 1, err
        return
    assert _cli("verify", str(log))[0] == 0
    assert _cli("run", "--resume", str(log), "--quiet")[0] == 0
    code, err = _cli("report", str(log), "-o", str(folder / "r.html"), "--runs", "2", "--decision-runs", "2")
    assert code == 0, err
    assert _cli("cohort", str(log), str(log), "-o", str(folder / "c.html"), "--csv", str(folder / "c.csv"),
                "--runs", "0")[0] == 0


@pytest.fixture(scope="module")
def signed_game() -> list[dict[str, Any]]:
    scenario = load(BASE_SCENARIO)
    game = Game.new(scenario, 9, {"islamabad": "human"}, created="2026-01-01T00:00:00+00:00",
                    teams={"islamabad": "Blue"}, signer=load_table_key())
    while not game.over:
        if game.turn == 1:
            game.note("a note")
            game.record_advice("islamabad", {"moves": {}, "rollouts": 1, "horizon": 1})
        if game.turn == 2:
            game.override("a reason", indicators={"trust": 55.0})
        game.submit("islamabad", ["demarche"] if game.turn % 2 else [], intent="fuzz")
        game.resolve()
    return [json.loads(line) for line in game.lines]


@st.composite
def mutated_logs(draw: st.DrawFn, records: list[dict[str, Any]]) -> tuple[list[str], bool]:
    tree = records
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(_paths(tree)[1:]))
        action = draw(st.sampled_from(["alike", "alike", "replace", "drop", "repeat"]))
        new = draw(_like(_at(tree, path)) if action == "alike" else ANY)
        tree = _mutate(tree, path, "replace" if action == "alike" else action, new)
    rechain = draw(st.booleans())
    lines = []
    prev, key = "", load_table_key()
    for record in tree:
        if rechain and isinstance(record, dict):
            body = {k: v for k, v in record.items() if k not in ("prev", "hash", "sig")}
            try:
                record = seal(body, prev)
                record["sig"] = key.sign(record["hash"])
                prev = record["hash"]
            except ValueError:  # a NaN the canonical form refuses: write it as it is
                pass
        lines.append(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=True))
    cut = draw(st.sampled_from([0, 0, 0, 7]))  # sometimes the last line is cut mid-record
    return lines, bool(cut)


@pytest.fixture(scope="module")
def log_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzzlogs")
    (folder / BASE_SCENARIO.name).write_text(BASE_SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@fuzz(LOG_EXAMPLES)
@given(data=st.data())
def test_any_log_is_verified_reported_compared_and_resumed_or_refused_in_one_line(
        log_folder: Path, signed_game: list[dict[str, Any]], data: st.DataObject) -> None:
    lines, cut = data.draw(mutated_logs(signed_game))
    log = log_folder / "game.jsonl"
    text = "".join(line + "\n" for line in lines)
    log.write_text(text[:-7] if cut else text, encoding="utf-8")
    for old in ("r.html", "c.html", "c.csv"):
        (log_folder / old).unlink(missing_ok=True)
    verified, _ = _cli("verify", str(log))
    event("verifies" if verified == 0 else "refused by verify")
    _cli("report", str(log), "-o", str(log_folder / "r.html"), "--runs", "0")
    _cli("cohort", str(log), "-o", str(log_folder / "c.html"), "--csv", str(log_folder / "c.csv"), "--runs", "0")
    _cli("run", "--resume", str(log), "--quiet")
    from wargame.ui.session import Session  # what `play --resume` does, headless

    log.write_text(text[:-7] if cut else text, encoding="utf-8")
    try:
        session = Session.resume(log)
    except WargameError as exc:
        assert "\n" not in str(exc)
        return
    try:
        if not session.over:
            for side in session.waiting_for():
                session.submit(side, [])
            session.resolve()
    finally:
        session.close()
