"""Session-wide test settings: a table key of the tests' own, never the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_CONFIG = Path(tempfile.mkdtemp(prefix="wargame-test-config-"))


def pytest_configure(config: pytest.Config) -> None:
    # set before any test (and inherited by every subprocess a test starts)
    os.environ["WARGAME_CONFIG_DIR"] = str(_CONFIG)
