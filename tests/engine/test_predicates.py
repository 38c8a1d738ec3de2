"""Guards compile twice (Python for the live ladder, numpy for batches); both must agree."""

from __future__ import annotations

import numpy as np
import pytest

from wargame.engine.predicates import BatchView, Index, compile_numpy, compile_python
from wargame.scenario.conditions import describe
from wargame.scenario.models import Scenario

PREDICATES = [
    {"indicator": "a", "gte": 40},
    {"indicator": "b", "gt": 10, "lt": 60},
    {"rung_in": ["r1", "r2"]},
    {"rung_in": ["r3", "s1"]},  # rungs of two ladders: holds when either ladder stands on its one
    {"level_gte": 2},
    {"level_lte": 1},
    {"level_gte": 1, "ladder": "side"},
    {"flag": "f1"},
    {"all": [{"flag": "f0"}, {"not": {"rung_in": ["s0"]}}]},
    {"event": "e1", "within": 2},
    {"turn_gte": 3, "turn_lte": 6},
    {"all": [{"indicator": "a", "gte": 30}, {"not": {"rung_in": ["r0"]}}]},
    {"any": [{"event": "e0"}, {"indicator": "b", "lte": 20}, {"level_gte": 3}]},
    {"not": {"any": [{"indicator": "a", "lt": 50}, {"event": "e1", "within": 3}]}},
]


def _parse(raw: dict) -> object:
    """Validate a raw predicate through the scenario model's own union."""
    from pydantic import TypeAdapter

    from wargame.scenario.models import Predicate

    return TypeAdapter(Predicate).validate_python(raw)


@pytest.mark.parametrize("raw", PREDICATES, ids=[describe(_parse(p)) for p in PREDICATES])
def test_python_and_numpy_guards_agree_on_random_states(raw: dict) -> None:
    # two ladders: r0..r3 on the main one, s0..s2 on "side" (rung numbers are shared)
    index = Index(
        indicators={"a": 0, "b": 1},
        rungs={"r0": 0, "r1": 1, "r2": 2, "r3": 3, "s0": 4, "s1": 5, "s2": 6},
        events={"e0": 0, "e1": 1},
        rung_levels=np.array([0, 1, 2, 3, 0, 1, 2]),
        ladders={"main": 0, "side": 1},
        rung_ladder=np.array([0, 0, 0, 0, 1, 1, 1]),
        flags={"f0": 0, "f1": 1},
    )
    predicate = _parse(raw)
    py, vec = compile_python(predicate, index), compile_numpy(predicate, index)
    rng = np.random.default_rng(0)
    n = 4000
    for now in (0, 2, 5, 9):
        view = BatchView(
            x=rng.integers(0, 101, size=(n, 2)).astype(float),  # integers hit the bounds exactly
            rung=np.stack([rng.integers(0, 4, size=n), rng.integers(4, 7, size=n)], axis=1),
            last_event=rng.integers(-3, now + 1, size=(n, 2)),
            now=now,
            flags=rng.random((n, 2)) < 0.5,
        )
        mask = vec(view)

        expected = np.array([py(view.row(i)) for i in range(n)])
        assert mask.dtype == bool and mask.shape == (n,)
        np.testing.assert_array_equal(mask, expected)
        assert 0 < mask.sum() < n or raw.get("turn_gte")  # the sample exercises both answers


def test_shipped_guards_agree_on_random_states(shipped: Scenario) -> None:
    from wargame.engine import compile_scenario

    c = compile_scenario(shipped)
    rng = np.random.default_rng(1)
    n = 500
    # each ladder on one of its own rungs
    rung = np.stack([rng.choice(np.flatnonzero(c.rung_ladder == k), size=n) for k in range(c.n_ladders)], axis=1)
    view = BatchView(
        x=rng.uniform(c.ind_min, c.ind_max, size=(n, c.n_indicators)).round(0),
        rung=rung,
        last_event=rng.integers(-2, 4, size=(n, c.n_events)),
        now=3,
        flags=rng.random((n, c.n_flags)) < 0.5,
    )
    for edge in c.edges:
        mask = edge.guard.np(view)

        np.testing.assert_array_equal(mask, [edge.guard.py(view.row(i)) for i in range(n)])
