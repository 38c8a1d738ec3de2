"""Frame time while playing and CPU use while idle, for the Pygame table (headless).

    python benchmarks/bench_ui.py [--size 1920x1080] [--scenario tutorial] [--idle-seconds 3]

Frame time: a scripted hot-seat game (Islamabad and Kabul human) is driven by posted key presses;
on every screen it reaches, full redraws (scene + widgets + flip) are timed. Screen opening: the
time from the key press to the next screen drawn, which includes the advisor's rollouts when a
turn screen opens and the scores and risk-reduced simulation when the debrief opens. CPU while idle: the real
event loop (`App.run`) sits on the turn screen with nothing happening; process CPU time over
wall time is printed. Numbers depend on the machine; the dummy video driver does no real blit
to a display, so a real window costs somewhat more per frame.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from wargame.scenario import load
from wargame.ui import driver
from wargame.ui.app import App, PlayOptions
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.session import Session

REDRAWS_PER_SCREEN = 20


def timed_redraws(app: App, samples: dict[str, list[float]]) -> None:
    name = app.top.name if app.top else "?"
    for _ in range(REDRAWS_PER_SCREEN):
        app.dirty = True
        start = time.perf_counter()
        app.frame([], dt=0.0)
        samples.setdefault(name, []).append((time.perf_counter() - start) * 1000)


def timed_key(app: App, code: int, opening: dict[str, list[float]]) -> None:
    """Press a key; if it opens another screen, time it until that screen is drawn."""
    before = app.top
    start = time.perf_counter()
    driver.key(app, code)
    if app.top is not before and app.top is not None:
        opening.setdefault(app.top.name, []).append((time.perf_counter() - start) * 1000)


def play(size: tuple[int, int], scenario_name: str, log: Path) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    app = App(PlayOptions(log=str(log)), size=size)
    samples: dict[str, list[float]] = {}
    opening: dict[str, list[float]] = {}
    try:
        scenario = load(scenario_name)
        app.session = Session.start(scenario, 5, {"islamabad": "human", "kabul": "human"}, log)
        app.flow.begin()
        while not app.session.over:
            timed_redraws(app, samples)
            top = app.top
            if isinstance(top, TurnScene):
                legal = [i for i, o in enumerate(top.options) if o.legal and o.cost <= 1]
                if legal:
                    driver.key(app, pygame.K_1 + legal[0])
                    timed_redraws(app, samples)
                timed_key(app, pygame.K_RETURN, opening)
            else:
                timed_key(app, pygame.K_SPACE, opening)
        timed_key(app, pygame.K_SPACE, opening)
        timed_redraws(app, samples)
    finally:
        app.close()
    return samples, opening


def idle_cpu(size: tuple[int, int], scenario_name: str, log: Path, seconds: float) -> float:
    app = App(PlayOptions(log=str(log)), size=size)
    try:
        scenario = load(scenario_name)
        app.session = Session.start(scenario, 5, {"islamabad": "human"}, log)
        app.flow.begin()
        driver.key(app, pygame.K_SPACE)  # briefing -> hand-off
        driver.key(app, pygame.K_SPACE)  # private brief
        driver.key(app, pygame.K_SPACE)  # hand-off
        driver.key(app, pygame.K_SPACE)  # the turn screen, waiting for the team
        assert isinstance(app.top, TurnScene)
        pygame.time.set_timer(pygame.QUIT, round(seconds * 1000), loops=1)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        app.run()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    finally:
        app.close()
    return cpu / wall


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--scenario", default="tutorial")
    parser.add_argument("--idle-seconds", type=float, default=3.0)
    args = parser.parse_args()
    w, h = (int(x) for x in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        samples, opening = play((w, h), args.scenario, Path(tmp) / "play.jsonl")
        share = idle_cpu((w, h), args.scenario, Path(tmp) / "idle.jsonl", args.idle_seconds)
    every = [v for values in samples.values() for v in values]
    print(f"window {w}x{h}, {len(every)} full redraws over a scripted game of {args.scenario}")
    print(f"frame time: median {statistics.median(every):.1f} ms, p95 {percentile(every, 0.95):.1f} ms")
    for name, values in sorted(samples.items()):
        print(f"  {name:<14} median {statistics.median(values):6.1f} ms  p95 {percentile(values, 0.95):6.1f} ms"
              f"  ({len(values)} frames)")
    print("opening a screen (key press to drawn):")
    for name, values in sorted(opening.items()):
        print(f"  {name:<14} median {statistics.median(values):6.1f} ms  max {max(values):6.1f} ms  ({len(values)} times)")
    print(f"idle on the turn screen for {args.idle_seconds:g} s: CPU {share * 100:.1f}% of one core")


if __name__ == "__main__":
    main()
