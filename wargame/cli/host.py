"""`wargame host`: a split room's one game, its log and the room screen; a join code per team."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from wargame.cli.common import add_scenario_argument, parse_assignments, positive_int

if TYPE_CHECKING:
    import ssl

    from wargame.net.codes import CodeBook
    from wargame.net.host import Host
    from wargame.net.table import Table
    from wargame.scenario.models import Scenario

MAX_ATTACHMENT = 16 * 1024 * 1024  # bytes of a map picture sent to every table

HELP = "host a split room: one game here, each team at its own laptop (wargame join), the room screen on this one"


def port_number(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("a port is a number from 0 to 65535")
    return value


def minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0.5 <= value <= 24 * 60:
        raise argparse.ArgumentTypeError("a turn timer is between 0.5 and 1440 minutes")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    from wargame.cli.play import add_window_arguments
    from wargame.net import DEFAULT_PORT

    add_scenario_argument(p)
    p.add_argument("--listen", default="127.0.0.1", metavar="ADDR",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every network)")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})")
    p.add_argument("--seat", action="append", metavar="SIDE=human|POLICY",
                   help="who plays a side (repeatable; default: a team for every playable side)")
    p.add_argument("--seed", type=positive_int, help="game seed (default: a random one, kept in the log)")
    p.add_argument("--log", metavar="FILE", help="where to write the log (default: logs/<scenario>-<time>.jsonl)")
    p.add_argument("--resume", metavar="LOG", help="continue the game in this log (after a crash or a stop)")
    p.add_argument("--observers", type=positive_int, default=1, metavar="N",
                   help="observer codes to make (read-only seats, e.g. evaluators; default 1)")
    p.add_argument("--timer", type=minutes, metavar="MINUTES", help="turn timer shown to every table")
    p.add_argument("--no-advisor", action="store_true", help="start with the advisor off (logged; F2 turns it on)")
    p.add_argument("--tls-cert", metavar="FILE", help="TLS certificate (PEM) to encrypt the room's traffic")
    p.add_argument("--tls-key", metavar="FILE", help="private key of the TLS certificate (PEM)")
    p.add_argument("--no-screen", action="store_true", help="no room screen: status lines here (Ctrl-C stops)")
    add_window_arguments(p)
    p.add_argument("--screenshots", metavar="DIR", help="save a PNG of each room screen as it is shown")


def run(args: argparse.Namespace) -> int:
    import os

    from wargame.net.codes import CodeBook, codes_path
    from wargame.net.host import Host

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    tls = tls_context(args.tls_cert, args.tls_key)
    check_port(args.listen, args.port)  # before a log is made, so a busy port leaves nothing behind
    table, text, codes = open_table(args)
    try:
        codes_file = codes_path(table.log_path)
        if codes is None:
            codes = CodeBook.fresh({s: table.label(s) for s in table.teams()}, args.observers)
        codes.save(codes_file)
        if args.timer:
            table.set_timer(args.timer * 60)
        host = Host(table, codes, text, attachments=attachments(table.scenario), codes_file=codes_file,
                    listen=args.listen, port=args.port, ssl_context=tls)
        if args.no_screen:
            serve_in_terminal(host)
        else:
            serve_with_screen(host, args)
    finally:
        table.close()
    return 0


def check_port(listen: str, port: int) -> None:
    """A one-line error now if the address cannot be listened on (another host already there?)."""
    import socket

    from wargame.errors import WargameError

    try:
        socket.create_server((listen, port)).close()
    except OSError as exc:
        raise WargameError(f"cannot listen on {listen}:{port}: {exc.strerror or exc}") from None


def open_table(args: argparse.Namespace) -> tuple[Table, str, CodeBook | None]:
    """(table, scenario text, codes or None) for a new game or a resumed one."""
    import secrets

    from wargame.errors import WargameError
    from wargame.logged import now_iso
    from wargame.net.codes import CodeBook, codes_path
    from wargame.net.table import Table
    from wargame.ui.session import default_log_path

    if args.resume:
        if args.scenario or args.seat or args.seed is not None or args.log or args.no_advisor:
            raise WargameError("--resume continues a game as it was set up; "
                               "drop the scenario, --seat, --seed, --log and --no-advisor")
        from wargame.verification import scenario_of_log

        path = Path(args.resume)
        scenario = scenario_of_log(path)
        table = Table.resume(path, scenario)
        codes_file = codes_path(path)
        codes = None
        if codes_file.exists():
            codes = CodeBook.load(codes_file)
        else:
            print(f"wargame: no codes file {codes_file}: new codes are made; give them to the teams again")
        return table, scenario_text(scenario), codes
    scenario, text = load_with_text(args.scenario)
    seats = {s.id: "human" for s in scenario.sides if s.playable}
    given = parse_assignments(args.seat, "--seat")
    unknown = sorted(set(given) - {s.id for s in scenario.sides})
    if unknown:
        raise WargameError(f"--seat names unknown side(s) {', '.join(unknown)} "
                           f"(sides: {', '.join(s.id for s in scenario.sides)})")
    seats.update(given)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    log = Path(args.log) if args.log else default_log_path(scenario.id)
    table = Table.start(scenario, seed, seats, log, created=now_iso())
    if not table.teams():
        table.close()
        raise WargameError("no side is played by a team: give at least one --seat SIDE=human")
    if args.no_advisor:
        table.set_advisor(False)
    return table, text, None


def load_with_text(name: str | None) -> tuple[Scenario, str]:
    """The scenario named (or the default) and the exact text it was loaded from (sent to every client)."""
    from wargame.scenario.catalog import default_scenario, resolve
    from wargame.scenario.loader import load_text, read_file

    path = resolve(name or default_scenario())
    text = read_file(path)
    return load_text(text, str(path)), text


def scenario_text(scenario: Scenario) -> str:
    """The text a loaded scenario came from, checked against its hash."""
    import hashlib

    from wargame.errors import WargameError
    from wargame.scenario.loader import read_file

    text = read_file(Path(scenario.source_name))
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != scenario.sha256:
        raise WargameError(f"{scenario.source_name} has changed since it was loaded")
    return text


def attachments(scenario: Scenario) -> dict[str, bytes]:
    """The files a scenario names beside it (its map picture), sent to every table with its text."""
    from wargame.errors import WargameError

    image = scenario.map.image if scenario.map is not None else None
    if image is None:
        return {}
    path = Path(scenario.source_name).parent / image
    try:
        if path.stat().st_size > MAX_ATTACHMENT:
            raise WargameError(f"{path}: larger than {MAX_ATTACHMENT:,} bytes; too big to send to every table")
        return {image: path.read_bytes()}
    except OSError as exc:
        raise WargameError(f"{path}: cannot read the scenario's map picture: {exc.strerror or exc}") from None


def tls_context(cert: str | None, key: str | None) -> ssl.SSLContext | None:
    """A server TLS context from a certificate and its key, or None for a room without TLS."""
    import ssl

    from wargame.errors import WargameError

    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise WargameError("TLS needs both --tls-cert and --tls-key")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except FileNotFoundError as exc:
        raise WargameError(f"{exc.filename}: no such file") from None
    except (ssl.SSLError, OSError) as exc:
        raise WargameError(f"cannot use {cert} with {key} for TLS: {getattr(exc, 'reason', None) or exc}") from None
    return context


def print_codes(host: Host) -> None:
    from wargame.net.host import reachable_addresses

    table = host.table
    address = reachable_addresses(host.listen)[0]
    tls = host.ssl_context is not None
    where = f"wss://{address}:{host.port}" if tls else f"{address}:{host.port}"
    print(f"wargame: hosting {table.scenario.title!r} on {host.url} (log {table.log_path})", flush=True)
    if host.listen in ("127.0.0.1", "localhost", "::1"):
        print("  listening on this machine only: use --listen 0.0.0.0 for laptops on the network", flush=True)
    width = max(len(seat.label) for seat in host.codes.seats)
    for seat in host.codes.seats:
        extra = " --ca CERT.pem" if tls else ""
        print(f"  {seat.label:<{width}}  wargame join {where} --code {seat.code}{extra}", flush=True)
    print(f"  codes are kept in {host.codes_file} (keep it private)", flush=True)


def serve_in_terminal(host: Host) -> None:
    """Run the host without a window, printing a line whenever the room's picture changes."""
    import asyncio
    import signal

    shown: list[str] = []

    def status() -> None:
        line = status_line(host)
        if not shown or shown[-1] != line:
            shown.append(line)
            print(line, flush=True)

    async def main() -> None:
        await host.start()
        print_codes(host)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        host.on_change = status
        status()
        await stop.wait()
        host.on_change = None
        await host.stop()
        print(f"wargame: stopped; the log is {host.table.log_path}" +
              ("" if host.table.game.over else f" (continue with: wargame host --resume {host.table.log_path})"),
              flush=True)

    asyncio.run(main())


def status_line(host: Host) -> str:
    room, table = host.room, host.table
    label = table.scenario.turns.label.lower()
    if room.over:
        end = room.end or {}
        return f"game over: {end.get('outcome') or end.get('reason')}; report: wargame report {table.log_path} -o report.html"
    parts = [f"{label} {room.turn + 1} of {room.turn_count}"]
    if room.waiting_for:
        parts.append("waiting for " + ", ".join(table.label(s) for s in room.waiting_for))
    parts.append("connected: " + (", ".join(table.label(s) for s in room.connected) or "no team"))
    if room.observers:
        parts.append(f"{room.observers} observer(s)")
    if room.paused:
        parts.append("paused")
    return " · ".join(parts)


def serve_with_screen(host: Host, args: argparse.Namespace) -> None:
    """Run the host on a background thread and the room screen on this one."""
    from wargame.net.host import HostThread
    from wargame.ui.app import PlayOptions
    from wargame.ui.split.apps import room_app

    thread = HostThread(host).start()
    print_codes(host)
    app = None
    try:
        options = PlayOptions(screenshots=Path(args.screenshots) if args.screenshots else None,
                              text_scale=args.text_scale, exit_when_done=True)
        app = room_app(thread, options, size=args.size, fullscreen=args.fullscreen)
        app.flow.begin(resumed=bool(args.resume))
        app.run()
    finally:
        host.on_change = None
        if app is not None:
            app.close()
        thread.stop()
        print(f"wargame: log saved in {host.table.log_path}", flush=True)
