"""What comes next on a split room's screens, driven by the host's news as well as by keys.

The network thread posts a NEWS event whenever the host says something; the event wakes the
table's loop and the flow's `update` looks at the new picture. Each turn's resolution is shown
once, when it arrives (a team still choosing when the white cell forces the turn sees it at once);
a screen is only swapped when no box is open over it.

A team's table: public brief, its private brief, its turn screen, then the room's picture while the
others choose, the resolution, and at the end the debrief from the whole log. An observer's: the
public brief, then the room's picture, resolutions and the debrief. The room screen (the host):
the public brief, the room's picture with the white cell's keys, resolutions, the debrief.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from wargame.errors import WargameError
from wargame.ui.app import Scene
from wargame.ui.flow import Flow
from wargame.ui.scenes.turn import TurnScene

NEWS = pygame.event.custom_type()
LOST = ("The connection to the host is lost. This table is reconnecting by itself; the host keeps the "
        "game and any orders you have sealed. This box closes when the host is back.")


def post_news() -> None:
    """From any thread: wake the table so its flow looks at what the host said."""
    try:
        if pygame.display.get_init() and not pygame.event.peek(NEWS):
            pygame.event.post(pygame.event.Event(NEWS))
    except pygame.error:  # the window is closing
        pass


@dataclass
class SplitFlow(Flow):
    shown_turn: int = 0  # the last turn whose resolution this screen has shown (or skipped on joining)
    seen: int = -1  # the session version last looked at

    def begin(self, resumed: bool = False) -> None:
        from wargame.ui.scenes.briefing import BriefingScene

        room = self.app.session.room
        self.shown_turn = room.turn
        if resumed or room.turn > 0 or room.over:  # a game under way: straight back to it
            self.briefed = set(self.app.session.human_sides())
            self.next()
        else:
            self.app.replace(BriefingScene(self.app))

    def resolution_pending(self) -> bool:
        room = self.app.session.room
        return room.turn > self.shown_turn and room.last_turn is not None

    def show_resolution(self) -> None:
        from wargame.ui.scenes.resolution import ResolutionScene

        room = self.app.session.room
        self.shown_turn = room.turn
        self.app.replace(ResolutionScene(self.app, dict(room.last_turn or {})))

    def update(self, dt: float) -> bool:
        version = self.app.session.version
        if version == self.seen:
            return False
        if self.app.top is not self.base():
            return True  # a box is open: redraw, and look again once it closes
        self.seen = version
        self.follow()
        return True

    def follow(self) -> None:
        """React to a new picture from the host (subclasses)."""

    def to_title(self) -> None:
        self.save_and_quit()


@dataclass
class TeamFlow(SplitFlow):
    """A team's or an observer's own table."""

    lost: Scene | None = None  # the box saying the host is out of reach, while it is

    def update(self, dt: float) -> bool:
        self.watch_link()
        return super().update(dt)

    def watch_link(self) -> None:
        """Say so when the host is out of reach (the table keeps trying), and take it back when it is not."""
        from wargame.ui.scenes.overlays import MessageScene

        picture = self.app.session.picture
        if picture.status == "reconnecting" and self.lost is None:
            self.lost = MessageScene(self.app, LOST)
            self.app.push(self.lost)
        elif picture.status == "joined" and self.lost is not None:
            if self.app.top is self.lost:
                self.app.pop()
            self.lost = None

    def next(self) -> None:
        from wargame.ui.scenes.briefing import PrivateBriefScene
        from wargame.ui.split.room import RoomScene

        app, session = self.app, self.app.session
        side = session.side
        if self.resolution_pending():
            self.show_resolution()
        elif session.over:
            if session.log_ready():
                self.debrief()
            else:
                app.replace(RoomScene(app))  # the whole log is on its way
        elif side is not None and side not in self.briefed:
            self.briefed.add(side)
            app.replace(PrivateBriefScene(app, side))
        elif session.my_turn():
            self.choose(side)
        else:
            app.replace(RoomScene(app))

    def choose(self, side: str) -> None:
        """The team's turn screen, its timer set to the room's clock (the host's), not to when it opened."""
        scene = TurnScene(self.app, side)
        self.keep_time(scene)
        self.app.replace(scene)

    def keep_time(self, scene: TurnScene) -> None:
        """Set the turn screen's timer to the room's clock (as of the host's latest view)."""
        timer = self.app.session.room.timer
        if timer is not None:
            scene.elapsed = max(0.0, timer.length - timer.remaining)

    def follow(self) -> None:
        from wargame.ui.split.room import RoomScene

        session, top = self.app.session, self.base()
        if isinstance(top, RoomScene):
            if self.resolution_pending() or session.my_turn() or session.log_ready():
                self.next()
        elif isinstance(top, TurnScene):
            if self.resolution_pending() or not session.my_turn():
                self.next()  # resolved without this team, or its side handed to the computer
            else:
                self.keep_time(top)  # the white cell may have set or changed the timer

    def resolve(self) -> None:
        raise WargameError("the host resolves the turn once every team has sealed")

    def save_and_quit(self) -> None:
        session = self.app.session
        if session is not None and not session.over:
            print("wargame: left the game; the host keeps it. Join again with the same command and code.", flush=True)
        self.app.quit()


@dataclass
class RoomFlow(SplitFlow):
    """The host's room screen (the projector)."""

    def next(self) -> None:
        from wargame.ui.split.room import RoomScene

        if self.resolution_pending():
            self.show_resolution()
        elif self.app.session.over:
            self.debrief()
        else:
            self.app.replace(RoomScene(self.app))

    def follow(self) -> None:
        from wargame.ui.split.room import RoomScene

        if isinstance(self.base(), RoomScene) and (self.resolution_pending() or self.app.session.over):
            self.next()

    def resolve(self) -> None:
        self.app.session.resolve()

    def save_and_quit(self) -> None:
        session = self.app.session
        if session is not None and not session.over:
            print(f"wargame: every committed turn is saved in {session.log_path}; "
                  f"continue with: wargame host --resume {session.log_path}", flush=True)
        self.app.quit()
