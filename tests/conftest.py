"""Session-wide test settings: a table key of the tests' own, never the user's; Ctrl-C as a terminal gives it."""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import pytest

_CONFIG = Path(tempfile.mkdtemp(prefix="wargame-test-config-"))


def pytest_configure(config: pytest.Config) -> None:
    # set before any test (and inherited by every subprocess a test starts)
    os.environ["WARGAME_CONFIG_DIR"] = str(_CONFIG)
    # A shell that starts the tests in the background ("pytest &") ignores SIGINT, and an ignored signal
    # stays ignored in every program started from it: the Ctrl-C tests' children would never see theirs.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
