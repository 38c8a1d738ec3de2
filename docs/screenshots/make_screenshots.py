"""Make the screenshots in this folder by driving the real table headless with posted events.

    python docs/screenshots/make_screenshots.py [SCENARIO] [--out docs/screenshots]

Plays SCENARIO (default the flagship) with Islamabad and Kabul as human teams at 1280x720 and
1920x1080, and saves one PNG of every screen: <screen>-<W>x<H>.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from wargame.ui import driver
from wargame.ui.app import App, PlayOptions
from wargame.ui.scenes.briefing import SealedScene
from wargame.ui.scenes.resolution import ResolutionScene
from wargame.ui.scenes.setup import ChooseScenarioScene, TitleScene
from wargame.ui.scenes.turn import TurnScene

SIZES = [(1280, 720), (1920, 1080)]


def shoot(app: App, out: Path, name: str) -> None:
    app.dirty = True
    app.pump()
    w, h = app.size
    pygame.image.save(app.screen, str(out / f"{name}-{w}x{h}.png"))


def session_at(size: tuple[int, int], scenario: str, out: Path, log: Path, interrupted: Path) -> None:
    app = App(PlayOptions(log=str(log), seed=7, timer_minutes=5), size=size)
    try:
        app.push(TitleScene(app))
        shoot(app, out, "01-title")
        driver.key(app, pygame.K_RETURN)
        choose = app.top
        assert isinstance(choose, ChooseScenarioScene)
        ids = [c.scenario.id if c.scenario else "" for c in choose.choices]
        driver.key(app, pygame.K_1 + ids.index(scenario))
        shoot(app, out, "02-choose-scenario")
        driver.key(app, pygame.K_RETURN)
        seats = app.top
        for i, side in enumerate(seats.scenario.sides):  # type: ignore[union-attr]
            if side.id not in ("islamabad", "kabul") and seats.seats[side.id] == "human":  # type: ignore[union-attr]
                driver.key(app, pygame.K_1 + i)
        shoot(app, out, "03-seats")
        driver.key(app, pygame.K_RETURN)
        shoot(app, out, "04-briefing")
        driver.key(app, pygame.K_SPACE)
        shoot(app, out, "05-handoff")
        driver.key(app, pygame.K_SPACE)
        shoot(app, out, "06-private-brief")
        while not isinstance(app.top, TurnScene) or app.session.turn < 1:
            top = app.top
            if isinstance(top, TurnScene):
                for option in [o for o in top.options if o.legal and o.cost <= 1][:2]:
                    driver.key(app, ord(top.keys[option.id].lower()))
                driver.key(app, pygame.K_RETURN)
            elif isinstance(top, ResolutionScene):
                top.t = 1.0
                shoot(app, out, "09-resolution")
                driver.key(app, pygame.K_SPACE)
            elif isinstance(top, SealedScene):
                shoot(app, out, "08-sealed")
                driver.key(app, pygame.K_SPACE)
            else:
                driver.key(app, pygame.K_SPACE)
        turn = app.top
        legal = [o for o in turn.options if o.legal]
        driver.key(app, ord(turn.keys[legal[0].id].lower()))
        driver.key(app, pygame.K_t)
        driver.type_text(app, "Hold the line, keep talking")
        driver.key(app, pygame.K_RETURN)
        shoot(app, out, "07-turn")
        driver.key(app, pygame.K_UP)  # the cursor wraps to the last card: the list scrolls to the lettered keys
        shoot(app, out, "07b-turn-more-cards")
        driver.key(app, pygame.K_DOWN)
        driver.key(app, pygame.K_b)
        shoot(app, out, "07c-brief-again")
        driver.key(app, pygame.K_ESCAPE)
        driver.key(app, pygame.K_F2)
        shoot(app, out, "10-white-cell")
        driver.key(app, pygame.K_ESCAPE)
        driver.key(app, pygame.K_F1)
        shoot(app, out, "11-help")
        driver.key(app, pygame.K_TAB)
        shoot(app, out, "11b-rules")
        driver.key(app, pygame.K_F1)
        driver.key(app, pygame.K_ESCAPE)
        shoot(app, out, "12-menu")
        driver.key(app, pygame.K_ESCAPE)
        pygame.event.post(pygame.event.Event(pygame.QUIT))  # the window's close button
        shoot(app, out, "12b-quit")
        driver.key(app, pygame.K_ESCAPE)
        shutil.copy(app.session.log_path, interrupted)  # the log as it stands mid-turn, for "15-resumed"
        while not app.session.over:
            top = app.top
            driver.key(app, pygame.K_RETURN if isinstance(top, TurnScene) else pygame.K_SPACE)
        driver.key(app, pygame.K_SPACE)
        shoot(app, out, "13-debrief")
        driver.key(app, pygame.K_TAB)
        shoot(app, out, "14-debrief-truth")
    finally:
        app.close()


def resumed(size: tuple[int, int], log: Path, out: Path) -> None:
    """The "Game resumed" screen, from a copy of a log taken in the middle of a turn."""
    from wargame.ui.scenes.briefing import ResumedScene
    from wargame.ui.session import Session

    app = App(PlayOptions(), size=size)
    try:
        app.session = Session.resume(log)
        app.flow.begin(resumed=True)
        assert isinstance(app.top, ResumedScene)
        shoot(app, out, "15-resumed")
    finally:
        app.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", nargs="?", default="oct_2025_border_crisis")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent))
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # the logs get the short relative paths a real session shows: logs/<name>.jsonl
        try:
            for i, size in enumerate(SIZES):
                log = Path("logs") / f"{args.scenario}-20251104-093{i}.jsonl"
                interrupted = log.with_name(log.stem + "-interrupted.jsonl")
                session_at(size, args.scenario, out, log, interrupted)
                resumed(size, interrupted, out)
        finally:
            os.chdir(here)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
