"""The room's picture in a split room: the projector, an observer's screen, a team that has sealed.

It shows what the whole room may see and nothing more: the turn and its timer, the map with last
turn's events, the ladder, last turn's story, and for each team whether it is connected and has
sealed ("Waiting for: ..."). A team that has sealed also sees its own orders. On the host the white
cell has its keys here: C for the split room's controls (codes, connections, timer, hand-over),
R twice to resolve the turn now, and F2 for the usual white-cell panel.
"""

from __future__ import annotations

import time
from typing import Any

import pygame

from wargame.errors import WargameError
from wargame.net.protocol import RoomView
from wargame.ui import style
from wargame.ui.app import App, Scene
from wargame.ui.geography import region_of
from wargame.ui.ladder import draw_ladders, ladder_title
from wargame.ui.mapview import draw_map
from wargame.ui.story import marks, turn_events
from wargame.ui.widgets import label

CONFIRM_SECONDS = 5.0  # a second R within this time resolves the turn early
WARN_SECONDS = 60.0  # the timer turns yellow in the last minute


def clock_text(seconds: float) -> str:
    """'4:05' (or '1:02:03' for an hour and more), rounded up so 0:00 means time is up."""
    whole = max(0, int(-(-seconds // 1)))
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def wrapped(text: str, px: int, width: int, bold: bool = False) -> list[str]:
    """Greedy word wrap for hand-drawn text."""
    f = style.font(px, bold)
    lines: list[str] = []
    line = ""
    for word in text.split():
        attempt = f"{line} {word}".strip()
        if line and f.size(attempt)[0] > width:
            lines.append(line)
            line = word
        else:
            line = attempt
    if line:
        lines.append(line)
    return lines


def waiting_line(app: App, room: RoomView) -> str:
    """'Waiting for: North, Mediators' (or what else the room is waiting for)."""
    session = app.session
    if room.over:
        return "The game is over"
    if room.waiting_for:
        return "Waiting for: " + ", ".join(session.side_label(s) for s in room.waiting_for)
    if room.paused:
        return "All orders sealed: the white cell resolves the turn"
    return "All orders sealed: resolving"


class RoomScene(Scene):
    name = "room"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.confirm_until = 0.0
        self._timer_room: RoomView | None = None
        self._timer_at = 0.0
        self._shown_second: int | None = None

    @property
    def hosting(self) -> bool:
        """This is the host's room screen (with the white cell's keys), not a joined table."""
        from wargame.ui.split.hosted import HostedSession

        return isinstance(self.app.session, HostedSession)

    # --- the timer --------------------------------------------------------------------------------

    def timer_left(self) -> float | None:
        """Seconds left on this turn's timer, counted down here since the view came."""
        room = self.app.session.room
        if room.timer is None:
            return None
        if room is not self._timer_room:
            self._timer_room, self._timer_at = room, time.monotonic()
        if not room.timer.running:
            return room.timer.remaining
        return max(0.0, room.timer.remaining - (time.monotonic() - self._timer_at))

    def update(self, dt: float) -> bool:
        left = self.timer_left()
        second = None if left is None else int(-(-left // 1))
        if second != self._shown_second:
            self._shown_second = second
            return True
        return False

    def wake_in(self) -> int | None:
        left = self.timer_left()
        if left is None or left <= 0 or not self.app.session.room.timer.running:
            return None
        return max(20, round((left - int(left)) * 1000) + 5)

    # --- widgets and keys -------------------------------------------------------------------------

    def build(self) -> None:
        w, h = self.size
        m = self.px(0.015)
        bh = self.px(0.06)
        if self.hosting:
            hint = "C codes and connections · R resolve now · F2 white cell · F1 help · Esc menu"
        elif self.app.session.side is None:
            hint = "Observer: you see what the room sees; the truth comes after the debrief · F1 help · Esc menu"
        else:
            hint = "Your orders are sealed · F1 help · Esc menu"
        label(self, pygame.Rect(m, h - m - bh, w - 2 * m, bh), hint, object_id="#subtle")

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.KEYDOWN or not self.hosting or self.app.typing():
            return False
        if event.key == pygame.K_c:
            from wargame.ui.split.controls import SplitRoomScene

            self.app.push(SplitRoomScene(self.app))
            return True
        if event.key == pygame.K_r:
            self.resolve_now()
            return True
        return False

    def resolve_now(self) -> None:
        """R once asks, R again within a few seconds resolves (teams that have not sealed hold)."""
        room = self.app.session.room
        if room.over:
            raise WargameError("the game is over")
        now = time.monotonic()
        if now > self.confirm_until:
            self.confirm_until = now + CONFIRM_SECONDS
            return
        self.confirm_until = 0.0
        self.app.session.resolve()

    # --- drawing ----------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        session = self.app.session
        room = session.room
        scenario = session.scenario
        surface.fill(style.BACKGROUND)
        w, h = self.size
        m = self.px(0.015)
        head_px, body_px, small_px = self.font_px(40), self.font_px(30), self.font_px(26)
        header = pygame.Rect(m, m, w - 2 * m, self.px(0.075))
        pygame.draw.rect(surface, style.PANEL, header, border_radius=6)
        turn = min(room.turn + 1, room.turn_count)
        title = f"{scenario.turns.label} {turn} of {room.turn_count}" if not room.over else "The game is over"
        style.text(surface, f"{scenario.title}  ·  {title}", (header.x + m, header.centery), head_px, bold=True,
                   anchor="midleft", max_width=round(header.w * 0.7))
        self.draw_timer(surface, header)
        bottom = h - m - self.px(0.06) - m
        left = pygame.Rect(m, header.bottom + m, round(w * 0.38), bottom - header.bottom - m)
        map_rect = pygame.Rect(left.x, left.y, left.w, round(left.h * 0.58))
        last = session.last_turn_record()
        events = marks(turn_events(scenario, last)[0]) if last else []
        draw_map(surface, map_rect, list(scenario.places), events, self.font_px(24), region=region_of(scenario))
        story = pygame.Rect(left.x, map_rect.bottom + m, left.w, left.bottom - map_rect.bottom - m)
        self.draw_story(surface, story, last, small_px)
        ladder = pygame.Rect(left.right + m, left.y, round(w * 0.2), left.h)
        pygame.draw.rect(surface, style.PANEL, ladder, border_radius=6)
        pad = self.px(0.012)
        style.text(surface, ladder_title(scenario), (ladder.x + pad, ladder.y + pad), self.font_px(24), bold=True,
                   max_width=ladder.w - 2 * pad)
        inner = pygame.Rect(ladder.x + pad // 2, ladder.y + self.font_px(24) + 2 * pad, ladder.w - pad,
                            ladder.h - self.font_px(24) - 3 * pad)
        draw_ladders(surface, inner, scenario, session.ladder_rungs, session.ladder_histories(), self.font_px(24))
        teams = pygame.Rect(ladder.right + m, left.y, w - ladder.right - 2 * m, left.h)
        self.draw_teams(surface, teams, body_px, small_px)

    def draw_timer(self, surface: pygame.Surface, header: pygame.Rect) -> None:
        left = self.timer_left()
        room = self.app.session.room
        if left is None or room.timer is None:
            return
        px = self.font_px(40)
        if left <= 0:
            text, colour = "Time is up", style.ORANGE
        else:
            text = clock_text(left) + (" left" if room.timer.running else " (paused)")
            colour = style.YELLOW if left <= WARN_SECONDS else style.BACKGROUND
        fill = colour if colour != style.BACKGROUND else style.BLUE
        f = style.font(px, True)
        at = (header.right - self.px(0.015) - f.size(text)[0] - px // 2, header.y + (header.h - px * 1.3) / 2)
        style.chip(surface, text, at, px, fill)

    def draw_story(self, surface: pygame.Surface, rect: pygame.Rect, last: dict[str, Any] | None, px: int) -> None:
        pygame.draw.rect(surface, style.PANEL, rect, border_radius=6)
        pad = self.px(0.012)
        scenario = self.app.session.scenario
        heading = f"{scenario.turns.label} {last['turn']}: what happened" if last else "Before the first turn"
        style.text(surface, heading, (rect.x + pad, rect.y + pad), self.font_px(24), bold=True, max_width=rect.w - 2 * pad)
        y = rect.y + pad + round(self.font_px(24) * 1.6)
        bullets = list(last.get("narrative", [])) if last else [scenario.meta.summary]
        line_h = round(px * 1.3)
        for bullet in bullets:
            for i, line in enumerate(wrapped(bullet, px, rect.w - 3 * pad)):
                if y + line_h > rect.bottom - pad:
                    return
                style.text(surface, ("- " if i == 0 else "  ") + line, (rect.x + pad, y), px)
                y += line_h

    def draw_teams(self, surface: pygame.Surface, rect: pygame.Rect, px: int, small: int) -> None:
        """One row per side: who plays it, connected or not, sealed or still choosing; then the wait."""
        session = self.app.session
        room = session.room
        pygame.draw.rect(surface, style.PANEL, rect, border_radius=6)
        pad = self.px(0.015)
        x, y, width = rect.x + pad, rect.y + pad, rect.w - 2 * pad
        style.text(surface, "Teams", (x, y), self.font_px(30), bold=True)
        y += round(self.font_px(30) * 1.7)
        for side in session.scenario.sides:
            chip = style.chip(surface, side.label, (x, y), px, style.hex_colour(side.color))
            status, colour = self.seat_status(side.id)
            style.text(surface, status, (chip.right + pad, chip.centery), px, colour, anchor="midleft",
                       max_width=rect.right - pad - chip.right - pad)
            y = chip.bottom + round(small * 0.3)
            if side.id in room.connected or side.id in room.waiting_for or side.id in room.handed:
                online = side.id in room.connected
                r = max(4, small // 4)
                centre = (x + pad + r, y + round(small * 0.7))
                pygame.draw.circle(surface, style.CYAN if online else style.ORANGE, centre, r, width=0 if online else 2)
                style.text(surface, "connected" if online else "not connected", (centre[0] + 2 * r, centre[1]), small,
                           style.TEXT if online else style.ORANGE, anchor="midleft")
                y += round(small * 1.5)
            y += pad
        if room.observers:
            style.text(surface, f"{room.observers} observer{'s' if room.observers != 1 else ''} watching",
                       (x, y), small, style.SUBTLE)
            y += round(small * 1.6)
        y += pad // 2
        status_px = self.font_px(40)
        for line in wrapped(waiting_line(self.app, room), status_px, width, bold=True):
            style.text(surface, line, (x, y), status_px, style.YELLOW if room.waiting_for else style.TEXT, bold=True)
            y += round(status_px * 1.3)
        y += pad // 2
        for text, colour in self.messages():
            for line in wrapped(text, small, width):
                if y + small * 1.4 > rect.bottom - pad:
                    return
                style.text(surface, line, (x, y), small, colour)
                y += round(small * 1.35)
            y += pad // 2

    def seat_status(self, side: str) -> tuple[str, tuple[int, int, int]]:
        """What a side is doing this turn, as the room may know it (never what it chose)."""
        room = self.app.session.room
        seat = room.seats.get(side, "")
        if side in room.handed:
            return f"played by the computer ({room.handed[side]}) for now", style.ORANGE
        if seat != "human":
            return f"the computer ({seat})", style.SUBTLE
        if room.over:
            return "", style.SUBTLE
        if side in room.waiting_for:
            return "choosing…", style.YELLOW
        return "orders sealed", style.CYAN

    def messages(self) -> list[tuple[str, tuple[int, int, int]]]:
        """The lines under the wait: the white cell's notice, this team's own orders, a connection problem."""
        session = self.app.session
        room = session.room
        out: list[tuple[str, tuple[int, int, int]]] = []
        if time.monotonic() < self.confirm_until:
            names = ", ".join(session.side_label(s) for s in room.waiting_for) or "nobody"
            out.append((f"Press R again to resolve now; still choosing: {names} (they hold this turn)", style.YELLOW))
        if room.notice:
            out.append((room.notice, style.TEXT))
        you = session.you
        if you is not None and you.sealed is not None:
            names = ", ".join(session.scenario.move(m).label for m in you.sealed.moves) or "no moves (hold)"
            intent = f" - intent: {you.sealed.intent}" if you.sealed.intent else ""
            out.append((f"Your sealed orders: {names}{intent}", style.CYAN))
        for text, problem in session.link_lines():
            out.append((text, style.ORANGE if problem else style.TEXT))
        if room.over and session.log_problem:
            out.append((session.log_problem, style.ORANGE))
        elif room.over:
            out.append(("Waiting for the host's log for the debrief…", style.SUBTLE))
        return out
