"""Headless pygame for every UI test: no window, no sound, set before pygame is imported."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.ui.app import App, PlayOptions


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test remembers its table settings (the text size) in its own folder, not the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    """A factory of headless apps; each is closed at the end of the test."""
    made: list[App] = []

    def factory(size: tuple[int, int] = (1280, 720), **options: object) -> App:
        opts = PlayOptions(**options)  # type: ignore[arg-type]
        if opts.log is None:
            opts.log = str(tmp_path / f"game{len(made)}.jsonl")
        app = App(opts, size=size)
        made.append(app)
        return app

    yield factory
    for app in made:
        app.close()
