"""Fixtures for engine tests: every shipped scenario, the several-ladder test scenarios, and a frozen
scenario for golden transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.scenario import Scenario, load
from wargame.scenario.catalog import shipped_files

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = shipped_files()
TESTS = Path(__file__).parents[1]
# format-version-2 scenarios with several ladders: the scenario format's fixture (every v2 field)
# and the engine's richer one (three ladders, flags from every source, phases, strength)
TWO_LADDERS = TESTS / "scenario" / "fixtures" / "two_ladders.yaml"
THREE_TRACKS = TESTS / "sim" / "fixtures" / "three_tracks.yaml"
SEVERAL_LADDERS = [TWO_LADDERS, THREE_TRACKS]


@pytest.fixture(params=SHIPPED, ids=[p.stem for p in SHIPPED])
def shipped(request: pytest.FixtureRequest) -> Scenario:
    return load(request.param)


@pytest.fixture(params=SHIPPED + SEVERAL_LADDERS, ids=[p.stem for p in SHIPPED + SEVERAL_LADDERS])
def any_scenario(request: pytest.FixtureRequest) -> Scenario:
    """Every shipped scenario and every several-ladder test scenario."""
    return load(request.param)


@pytest.fixture(scope="session")
def two_ladders() -> Scenario:
    return load(TWO_LADDERS)


@pytest.fixture(scope="session")
def three_tracks() -> Scenario:
    return load(THREE_TRACKS)


@pytest.fixture(scope="session")
def frozen() -> Scenario:
    """A frozen copy of the tutorial: content edits to shipped scenarios do not touch it."""
    return load(FIXTURES / "golden_scenario.yaml")
