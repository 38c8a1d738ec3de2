"""Latency and idle cost of a split room on loopback: 3 teams and 20 observers against `wargame host`.

    python benchmarks/bench_net.py [--scenario oct_2025_border_crisis] [--observers 20] [--idle-seconds 10]

The host is the real command (`wargame host`, room screen on, SDL's dummy video driver) in its own
process; the 23 clients are the real client (`wargame.net.client.Client`) on one event loop here.
Each turn every team waits for its advisor's forecasts (as a team reads its cards), then the teams
seal one after the other. Printed:

- order round-trip: from sending a seal to the host's acknowledgement (which the host sends after
  every client's new view, so the last seal of a turn includes the resolution);
- resolution seen by all: from sending the last seal of a turn to the moment the last of the 23
  clients holds the resolved turn (all clients parse on this one process, so this is pessimistic);
- host CPU while idle: the host process's CPU time over wall time, every client connected, nothing
  happening (from /proc, so Linux only).

The machine is shared: the load average is printed with the figures; re-measure if it was busy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wargame.net.client import Client, Picture
from wargame.scenario import load

TARGETS = {"round_trip_p95_ms": 50.0, "resolution_p95_ms": 200.0, "idle_cpu_percent": 2.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_host(scenario: str, port: int, log: Path, observers: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame.cli.main", "host", scenario, "--seed", "3", "--port", str(port),
         "--log", str(log), "--observers", str(observers), "--size", "1280x720"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    codes: dict[str, str] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"^\s+(.+?)\s+wargame join \S+ --code (\S+)", line)
        if found:
            codes[found.group(1)] = found.group(2)
        if "codes are kept in" in line:
            return proc, codes
    raise RuntimeError("the host did not start")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def play(url: str, teams: dict[str, str], observers: list[str], turns: int | None) -> tuple[list[float], list[float]]:
    """Play the game (or `turns` of it); returns order round-trips and resolution delays, in ms."""
    team_clients = {side: Client(url, code) for side, code in teams.items()}
    watchers = [Client(url, code) for code in observers]
    everyone = [*team_clients.values(), *watchers]
    tasks = [asyncio.create_task(c.run()) for c in everyone]
    seen: dict[int, list[float]] = {}  # turn -> when each client first held it

    def watch(client: Client) -> None:
        last = [-1]

        def changed(p: Picture) -> None:
            if p.room is not None and p.room.turn != last[0]:
                last[0] = p.room.turn
                seen.setdefault(p.room.turn, []).append(time.perf_counter())
        client.on_change = changed

    for client in everyone:
        watch(client)
    round_trips: list[float] = []
    delays: list[float] = []
    try:
        for client in everyone:
            await client.until(lambda p: p.room is not None, 30)
        played = 0
        while not everyone[0].picture.room.over and (turns is None or played < turns):  # type: ignore[union-attr]
            turn = everyone[0].picture.room.turn  # type: ignore[union-attr]
            for client in team_clients.values():  # each team reads its cards (with the forecasts) first
                await client.until(lambda p, t=turn: p.you is not None and p.you.turn == t  # type: ignore[misc]
                                   and (p.you.advice is not None or not p.room.advisor_on), 60)  # type: ignore[union-attr]
            last_sent = 0.0
            for client in team_clients.values():
                legal = [m.id for m in client.picture.you.moves if m.legal and m.cost == 1][:1]  # type: ignore[union-attr]
                last_sent = time.perf_counter()
                await client.seal(legal, "")
                round_trips.append((time.perf_counter() - last_sent) * 1000)
            for client in everyone:
                await client.until(lambda p, t=turn: p.room is not None and p.room.turn > t, 30)  # type: ignore[misc]
            delays.append((max(seen[turn + 1]) - last_sent) * 1000)
            played += 1
    finally:
        for client in everyone:
            await client.close()
        await asyncio.gather(*tasks, return_exceptions=True)
    return round_trips, delays


async def idle(url: str, codes: list[str], pid: int, seconds: float) -> float:
    """The host's CPU share while every client is connected and nothing happens (percent of a core)."""
    clients = [Client(url, code) for code in codes]
    tasks = [asyncio.create_task(c.run()) for c in clients]
    try:
        for c in clients:
            await c.until(lambda p: p.room is not None and (p.you is None or p.you.advice is not None
                                                              or not p.room.advisor_on), 60)
        await asyncio.sleep(1.0)  # let the joins settle
        start_cpu, start = cpu_seconds(pid), time.perf_counter()
        await asyncio.sleep(seconds)
        return 100 * (cpu_seconds(pid) - start_cpu) / (time.perf_counter() - start)
    finally:
        for c in clients:
            await c.close()
        await asyncio.gather(*tasks, return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="oct_2025_border_crisis")
    parser.add_argument("--observers", type=int, default=20)
    parser.add_argument("--turns", type=int, help="play only this many turns (default: the whole game)")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    args = parser.parse_args()
    scenario = load(args.scenario)
    labels = {s.label: s.id for s in scenario.sides if s.playable}
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc, codes = start_host(args.scenario, port, Path(tmp) / "bench.jsonl", args.observers)
        try:
            url = f"ws://127.0.0.1:{port}"
            teams = {labels[label]: code for label, code in codes.items() if label in labels}
            observers = [code for label, code in codes.items() if label.startswith("observer")]
            load_before = os.getloadavg()[0]
            cpu = asyncio.run(idle(url, list(codes.values()), proc.pid, args.idle_seconds))
            round_trips, delays = asyncio.run(play(url, teams, observers, args.turns))
            load_after = os.getloadavg()[0]
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    clients = len(teams) + len(observers)
    print(f"split room on loopback: {len(teams)} teams, {len(observers)} observers, {args.scenario}, "
          f"{len(delays)} turns (load average {load_before:.1f} before, {load_after:.1f} after)")
    print(f"order round-trip: p50 {statistics.median(round_trips):.1f} ms, p95 {percentile(round_trips, 95):.1f} ms "
          f"({len(round_trips)} orders; target p95 at most {TARGETS['round_trip_p95_ms']:.0f} ms)")
    print(f"resolution seen by all {clients} clients after the last seal: p50 {statistics.median(delays):.1f} ms, "
          f"p95 {percentile(delays, 95):.1f} ms (target p95 at most {TARGETS['resolution_p95_ms']:.0f} ms)")
    print(f"host CPU while idle: {cpu:.2f}% of a core over {args.idle_seconds:g} s, room screen on, {clients} clients "
          f"connected (target at most {TARGETS['idle_cpu_percent']:.0f}%)")


if __name__ == "__main__":
    main()
