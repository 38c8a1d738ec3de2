"""Make the split-room screenshots in this folder: the room screen on the host, and a team's table.

    python docs/screenshots/make_split_screenshots.py [--out docs/screenshots]

A host runs in this process (on a background thread, on a free loopback port) with the flagship
and three teams; the pictures are taken by driving the real windows headless with posted keys:
split-room-1920x1080.png (the projector, one team sealed, one choosing, one not connected, a turn timer),
split-controls-*.png (the white cell's split-room panel, codes masked), split-team-turn-*.png (a
team's own turn screen with the advisor's forecasts) and split-team-sealed-*.png (the same team
after sealing, waiting for the others).
"""

from __future__ import annotations

import argparse
import os
import socket
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from wargame.cli.host import load_with_text
from wargame.net import DEFAULT_PORT
from wargame.net.client import Client, ClientThread
from wargame.net.codes import CodeBook
from wargame.net.host import Host, HostThread, table_advice
from wargame.net.table import Table
from wargame.ui import driver
from wargame.ui.app import App, PlayOptions
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.split.apps import room_app, team_app
from wargame.ui.split.remote import RemoteSession
from wargame.ui.split.room import RoomScene

SIZES = [(1920, 1080)]
SCENARIO = "oct_2025_border_crisis"
SEATS = {"islamabad": "human", "kabul": "human", "mediators": "human"}


def shoot(app: App, out: Path, name: str) -> None:
    app.dirty = True
    app.pump()
    w, h = app.size
    pygame.image.save(app.screen, str(out / f"{name}-{w}x{h}.png"))


def until(app: App, test: object, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not test():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(f"stuck on {type(app.top).__name__}")
        app.pump()
        time.sleep(0.01)


def port_for_pictures() -> int:
    """The default port (as a room would use) if it is free here, else any free one."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", DEFAULT_PORT))
        except OSError:
            return 0
    return DEFAULT_PORT


def make(out: Path, size: tuple[int, int], folder: Path) -> None:
    scenario, text = load_with_text(SCENARIO)
    table = Table.start(scenario, 7, SEATS, folder / f"room-{size[0]}.jsonl", created="2025-10-07T09:00:00+00:00")
    codes = CodeBook.fresh({s: table.label(s) for s in SEATS}, observers=1)
    host = Host(table, codes, text, port=port_for_pictures(), advisor=table_advice)
    thread = HostThread(host).start()
    links = []
    try:
        table.set_timer(8 * 60)
        # the team's own table: its turn screen with the advisor's forecasts, then sealed
        kabul = ClientThread(Client(host.url, codes.seat("kabul").code)).start()
        links.append(kabul)
        app = team_app(RemoteSession.join(kabul), PlayOptions(), size=size)
        app.flow.begin()
        driver.key(app, pygame.K_SPACE)
        driver.key(app, pygame.K_SPACE)
        until(app, lambda: isinstance(app.top, TurnScene) and app.top.advice is not None)
        scene = app.top
        assert isinstance(scene, TurnScene)
        for move in ("afg_protest", "afg_elders"):
            key = scene.keys[move].lower()
            driver.key(app, ord(key), key)
        shoot(app, out, "split-team-turn")
        driver.key(app, pygame.K_RETURN)
        until(app, lambda: isinstance(app.top, RoomScene))
        app.close()
        # the room: Islamabad connected and choosing, Kabul sealed, the mediators' laptop not here yet
        islamabad = ClientThread(Client(host.url, codes.seat("islamabad").code)).start()
        observer = ClientThread(Client(host.url, codes.seat("observer-1").code)).start()
        links += [islamabad, observer]
        for link in (islamabad, observer):
            link.join(10)
        kabul.close()
        kabul = ClientThread(Client(host.url, codes.seat("kabul").code)).start()
        links.append(kabul)
        kabul.join(10)
        app = room_app(thread, PlayOptions(), size=size)
        app.flow.begin()
        driver.key(app, pygame.K_SPACE)
        until(app, lambda: isinstance(app.top, RoomScene))
        shoot(app, out, "split-room")
        driver.key(app, pygame.K_c)
        shoot(app, out, "split-controls")
        app.close()
        # back at Kabul's table, waiting for the others
        app = team_app(RemoteSession(kabul, scenario), PlayOptions(), size=size)
        app.flow.begin()
        while not isinstance(app.top, RoomScene):  # the briefings again, as after rejoining
            driver.key(app, pygame.K_SPACE)
        shoot(app, out, "split-team-sealed")
        app.close()
    finally:
        for link in links:
            link.close()
        thread.stop()
        table.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).parent))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            make(out, size, Path(tmp))
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
