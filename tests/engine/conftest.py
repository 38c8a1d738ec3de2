"""Fixtures for engine tests: every shipped scenario, and a frozen scenario for golden transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.scenario import Scenario, load
from wargame.scenario.catalog import shipped_files

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = shipped_files()


@pytest.fixture(params=SHIPPED, ids=[p.stem for p in SHIPPED])
def shipped(request: pytest.FixtureRequest) -> Scenario:
    return load(request.param)


@pytest.fixture(scope="session")
def frozen() -> Scenario:
    """A frozen copy of the tutorial: content edits to shipped scenarios do not touch it."""
    return load(FIXTURES / "golden_scenario.yaml")
