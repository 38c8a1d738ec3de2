"""The two windows of a split room, wired to the network: a team's (or observer's) table and the room screen."""

from __future__ import annotations

import pygame

from wargame.net.host import HostThread
from wargame.ui.app import App, PlayOptions
from wargame.ui.split.flow import RoomFlow, TeamFlow, post_news
from wargame.ui.split.hosted import HostedSession
from wargame.ui.split.remote import RemoteSession


def team_app(session: RemoteSession, options: PlayOptions, size: tuple[int, int] | None = (1280, 720),
             fullscreen: bool = False) -> App:
    """A joined table's window; `app.flow.begin()` shows its first screen."""
    app = App(options, size=size, fullscreen=fullscreen)
    app.session = session
    app.flow = TeamFlow(app)
    session.link.client.on_change = lambda _picture: post_news()
    pygame.display.set_caption(f"Crisis wargame - {session.seat_label}")
    return app


def room_app(thread: HostThread, options: PlayOptions, size: tuple[int, int] | None = (1280, 720),
             fullscreen: bool = False) -> App:
    """The host's room screen; `app.flow.begin()` shows its first screen."""
    app = App(options, size=size, fullscreen=fullscreen)
    app.session = HostedSession(thread)
    app.flow = RoomFlow(app)
    thread.host.on_change = post_news
    pygame.display.set_caption("Crisis wargame - the room")
    return app
