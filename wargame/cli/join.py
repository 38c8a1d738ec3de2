"""`wargame join HOST[:PORT] --code CODE`: a team's own table (or an observer's) in a split room."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ssl

    from wargame.ui.split.remote import RemoteSession

HELP = "join a split room from this laptop with the code the white cell gave your team (opens a window)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from wargame.cli.play import add_window_arguments

    p.add_argument("host", metavar="HOST[:PORT]", help="the host's address, e.g. 192.168.1.20 or 192.168.1.20:8765")
    p.add_argument("--code", required=True, help="your team's (or your observer seat's) join code")
    p.add_argument("--side", metavar="SIDE", help="the side you expect to play (refused if the code is for another)")
    p.add_argument("--ca", metavar="CERT", help="the host's TLS certificate (PEM), for a host started with --tls-cert")
    p.add_argument("--save-log", metavar="FILE", help="keep a copy of the game's log here when the game ends")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                   help="how long to keep trying to reach the host before giving up (default 10)")
    add_window_arguments(p)
    p.add_argument("--screenshots", metavar="DIR", help="save a PNG of each screen as it is shown")


def run(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from wargame.net.client import Client, ClientThread, host_url

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    url = host_url(args.host, tls=args.ca is not None)
    context = client_tls(args.ca) if url.startswith("wss://") else None
    link = ClientThread(Client(url, args.code, side=args.side, ssl_context=context)).start()
    try:
        from wargame.ui.split.remote import RemoteSession

        session = RemoteSession.join(link, max(0.1, args.wait), Path(args.save_log) if args.save_log else None)
        who = session.seat_label
        print(f"wargame: joined {session.scenario.title!r} at {url} as {who}", flush=True)
        if link.picture.notice:
            print(f"wargame: {link.picture.notice}", flush=True)
        play(session, args)
    finally:
        link.close()
    return 0


def client_tls(ca: str | None) -> ssl.SSLContext:
    """A client TLS context trusting the host's own certificate (or the system's authorities)."""
    import ssl

    from wargame.errors import WargameError

    context = ssl.create_default_context()
    if ca is not None:
        try:
            context.load_verify_locations(cafile=ca)
        except FileNotFoundError:
            raise WargameError(f"{ca}: no such file") from None
        except (ssl.SSLError, OSError) as exc:
            raise WargameError(f"{ca}: not a PEM certificate ({getattr(exc, 'reason', None) or exc})") from None
    return context


def play(session: RemoteSession, args: argparse.Namespace) -> None:
    from pathlib import Path

    from wargame.ui.app import PlayOptions
    from wargame.ui.split.apps import team_app

    options = PlayOptions(screenshots=Path(args.screenshots) if args.screenshots else None, exit_when_done=True,
                          text_scale=args.text_scale)
    app = team_app(session, options, size=args.size, fullscreen=args.fullscreen)
    try:
        app.flow.begin()
        app.run()
    finally:
        app.close()
