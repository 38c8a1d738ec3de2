"""A split room end to end: `wargame host` in a process of its own, teams joining over loopback.

The network changes nothing in the record: a game played through the protocol writes, byte for
byte, the log a hot-seat game with the same seed and orders writes. And a host killed mid-turn
comes back with --resume while its clients wait and carry on by themselves.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from wargame.cli.main import main
from wargame.engine import MoveOption
from wargame.net.client import Client, ClientThread, Picture
from wargame.net.protocol import MoveCard
from wargame.scenario import load
from wargame.ui import driver
from wargame.ui.app import App, PlayOptions
from wargame.ui.scenes.debrief import DebriefScene
from wargame.ui.scenes.resolution import ResolutionScene
from wargame.ui.scenes.turn import TurnScene
from wargame.ui.session import Session
from wargame.ui.split.apps import team_app
from wargame.ui.split.remote import RemoteSession

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

SEED = 11


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HostProcess:
    """`wargame host` run as a user runs it; its printed join codes are read back."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "wargame.cli.main", "host", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.codes: dict[str, str] = {}
        self.output: list[str] = []
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)
            found = re.search(r"^\s+(.+?)\s+wargame join \S+ --code (\S+)", line)
            if found:
                self.codes[found.group(1)] = found.group(2)
            if "codes are kept in" in line:
                return
        raise AssertionError("the host did not start:\n" + "".join(self.output))

    def stop(self, sig: int = signal.SIGTERM) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        out, _ = self.proc.communicate(timeout=20)
        return "".join(self.output) + (out or "")


@pytest.fixture
def hosts() -> Iterator[Callable[..., HostProcess]]:
    started: list[HostProcess] = []

    def start(*args: str) -> HostProcess:
        started.append(HostProcess(*args))
        return started[-1]

    yield start
    for host in started:
        if host.proc.poll() is None:
            host.proc.kill()
            host.proc.wait()


def orders_for(options: list[MoveOption] | list[MoveCard], turn: int, budget: int, max_moves: int) -> list[str]:
    """The test teams' rule, the same at both tables: legal cards, in turn from a place that moves
    each turn, while the budget allows."""
    legal = [o for o in options if o.legal]
    chosen: list[str] = []
    spent = 0
    for k in range(len(legal)):
        option = legal[(turn * 3 + k) % len(legal)]
        if len(chosen) < max_moves and spent + option.cost <= budget:
            chosen.append(option.id)
            spent += option.cost
    return chosen


def pump_until(app: App, test: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, f"stuck on {type(app.top).__name__}"
        app.pump()
        time.sleep(0.005)


def choose_card(app: App, scene: TurnScene, move: str) -> None:
    """Press the key the turn screen shows on a card."""
    key = scene.keys[move].lower()
    driver.key(app, ord(key), key)


def ready_to_choose(side: str, turn: int) -> Callable[[Picture], bool]:
    """The team's view of this turn has come, with its advice if the advisor is on."""
    def test(p: Picture) -> bool:
        return (p.room is not None and p.you is not None and p.room.turn == turn and p.you.turn == turn
                and (p.you.advice is not None or not p.room.advisor_on) and side in p.room.waiting_for)
    return test


def test_three_teams_play_to_the_end_through_the_protocol_and_the_log_is_the_hot_seat_log(
    hosts: Callable[..., HostProcess], tmp_path: Path
) -> None:
    scenario = load("oct_2025_border_crisis")
    port = free_port()
    log = tmp_path / "split.jsonl"
    host = hosts("oct_2025_border_crisis", "--seed", str(SEED), "--port", str(port), "--log", str(log),
                 "--size", "1280x720", "--no-advisor")  # advice over the wire: tests/net/test_host.py
    url = f"ws://127.0.0.1:{port}"
    spec = {s.id: s for s in scenario.sides}
    links = {side: ClientThread(Client(url, host.codes[spec[side].label])).start() for side in ("kabul", "mediators")}
    observer = ClientThread(Client(url, host.codes["observer 1"])).start()
    islamabad = ClientThread(Client(url, host.codes[spec["islamabad"].label])).start()
    app = team_app(RemoteSession.join(islamabad), PlayOptions(), size=(1280, 720))
    try:
        for link in (*links.values(), observer):
            link.join(10)
        app.flow.begin()
        driver.key(app, pygame.K_SPACE)  # the public brief
        driver.key(app, pygame.K_SPACE)  # Islamabad's private brief
        while not observer.picture.room.over:  # type: ignore[union-attr]
            turn = observer.picture.room.turn  # type: ignore[union-attr]
            pump_until(app, lambda: isinstance(app.top, TurnScene))
            scene = app.top
            assert isinstance(scene, TurnScene)
            moves = orders_for(app.session.moves("islamabad"), turn, spec["islamabad"].budget,
                               spec["islamabad"].max_moves)
            for move in moves:
                choose_card(app, scene, move)
            assert scene.selected == moves
            driver.key(app, pygame.K_RETURN)  # sealed at the table, sent to the host
            for side, link in links.items():
                picture = link.until(ready_to_choose(side, turn), 30)
                assert picture.you is not None
                chosen = orders_for(picture.you.moves, turn, spec[side].budget, spec[side].max_moves)
                link.seal(chosen, f"{side} on turn {turn + 1}")
            pump_until(app, lambda t=turn: isinstance(app.top, ResolutionScene)  # type: ignore[misc]
                       and app.top.record["turn"] == t + 1)
            driver.key(app, pygame.K_SPACE)
        pump_until(app, lambda: isinstance(app.top, DebriefScene))
        assert app.top.summary.scores is not None  # type: ignore[union-attr]
        final = observer.until(lambda p: p.log is not None, 10)
        assert final.you is None
    finally:
        app.close()
        for link in (*links.values(), observer):
            link.close()
    out = host.stop()
    assert "Traceback" not in out
    lines = log.read_text(encoding="utf-8").splitlines()
    assert list(final.log or ()) == lines  # every table got the whole log at the end
    assert main(["verify", str(log)]) == 0

    # the same seed and the same orders at one hot-seat table
    header = json.loads(lines[0])
    hot = tmp_path / "hot-seat.jsonl"
    session = Session.start(scenario, SEED, header["seats"], hot, created=header["created"], teams=header["teams"])
    try:
        session.set_advisor(False)  # as the host's --no-advisor did
        while not session.over:
            turn = session.turn
            for side in session.human_sides():
                session.advice(side)  # the turn screen opens with the advisor's forecasts
                budget, max_moves = session.budget(side)
                intent = "" if side == "islamabad" else f"{side} on turn {turn + 1}"
                session.submit(side, orders_for(session.moves(side), turn, budget, max_moves), intent)
            session.resolve()
    finally:
        session.close()
    assert hot.read_bytes() == log.read_bytes()
    assert {json.loads(line)["type"] for line in lines} == {"header", "advisor", "turn", "end"}


def test_a_host_killed_mid_turn_resumes_and_the_clients_carry_on(hosts: Callable[..., HostProcess],
                                                                  tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "crash.jsonl"
    host = hosts("tutorial", "--seed", "5", "--port", str(port), "--log", str(log), "--no-screen")
    url = f"ws://127.0.0.1:{port}"
    isl = ClientThread(Client(url, host.codes["Islamabad"])).start()
    kab = ClientThread(Client(url, host.codes["Kabul"])).start()
    try:
        for link in (isl, kab):
            link.join(10)
        isl.until(ready_to_choose("islamabad", 0), 20)
        kab.until(ready_to_choose("kabul", 0), 20)
        isl.seal(["demarche"], "first")
        kab.seal([], "")
        isl.until(lambda p: p.room is not None and p.room.turn == 1, 10)
        isl.until(ready_to_choose("islamabad", 1), 20)
        isl.seal(["elders_jirga"], "sealed before the crash")
        host.proc.send_signal(signal.SIGKILL)  # mid-turn: Kabul has not sealed
        host.proc.wait()
        isl.until(lambda p: p.status == "reconnecting", 10)
        committed = log.read_text(encoding="utf-8").splitlines()
        again = hosts("--resume", str(log), "--port", str(port), "--no-screen")
        assert again.codes == host.codes  # the same codes: the tables come back on their own
        isl.until(lambda p: p.notice is not None and "sealed again" in p.notice, 20)
        kab.until(ready_to_choose("kabul", 1), 20)
        kab.seal(["traders_council"], "after the crash")
        done = kab.until(lambda p: p.room is not None and p.room.turn == 2, 10)
        orders = done.room.last_turn["orders"]  # type: ignore[union-attr,index]
        assert orders["islamabad"] == {"moves": ["elders_jirga"], "intent": "sealed before the crash", "by": "human"}
        while not (p := kab.picture).room.over:  # type: ignore[union-attr]
            turn = p.room.turn  # type: ignore[union-attr]
            for side, link in (("islamabad", isl), ("kabul", kab)):
                link.until(ready_to_choose(side, turn), 20)
                link.seal([], "")
            kab.until(lambda p, t=turn: p.room is not None and p.room.turn > t, 10)  # type: ignore[misc]
    finally:
        isl.close()
        kab.close()
    again.stop(signal.SIGINT)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[: len(committed)] == committed  # nothing committed was lost or rewritten
    assert main(["verify", str(log)]) == 0


def test_join_and_host_mistakes_are_one_line_each(hosts: Callable[..., HostProcess], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    assert main(["join", f"127.0.0.1:{port}", "--code", "K7QM-3XW9-PD2F-8HNR", "--wait", "0.3"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("wargame: cannot reach the host: connection refused") and err.count("\n") == 1
    host = hosts("tutorial", "--port", str(port), "--log", str(tmp_path / "g.jsonl"), "--no-screen")
    assert main(["join", f"127.0.0.1:{port}", "--code", "K7QM-3XW9-PD2F-8HNR"]) == 1
    assert capsys.readouterr().err == ("wargame: the host refused: no team or observer has this code; "
                                       "check it with the white cell\n")
    assert main(["host", "tutorial", "--port", str(port), "--log", str(tmp_path / "h.jsonl"), "--no-screen"]) == 1
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err
    assert not (tmp_path / "h.jsonl").exists()  # nothing left behind
    host.stop(signal.SIGINT)
    assert main(["host", "--resume", str(tmp_path / "g.jsonl"), "--seed", "3"]) == 1
    assert "--resume continues a game as it was set up" in capsys.readouterr().err
    assert main(["host", "tutorial", "--tls-cert", "cert.pem"]) == 1
    assert capsys.readouterr().err == "wargame: TLS needs both --tls-cert and --tls-key\n"
