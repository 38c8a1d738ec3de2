"""The white cell's split-room panel on the host: the address to give, the codes, who is connected.

Codes are shown masked, because the projector is the room's screen: S shows one seat's code at a
time (for the team typing it), N gives a seat a new code and disconnects whoever used the old one,
A adds an observer seat, R resolves the turn now. Handing a dropped team's side to the computer,
withdrawing sealed orders and the turn timer are in the white-cell panel (F2), as at a hot-seat
table; the host logs every act that changes the game.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from wargame.net.codes import masked
from wargame.net.host import reachable_addresses
from wargame.ui.app import App
from wargame.ui.scenes.overlays import Overlay
from wargame.ui.scenes.setup import number_of
from wargame.ui.widgets import button, esc, label, panel, textbox


def join_command(address: str, port: int, tls: bool) -> str:
    where = f"wss://{address}:{port}" if tls else f"{address}:{port}"
    return f"wargame join {where} --code CODE" + (" --ca CERT.pem" if tls else "")


class SplitRoomScene(Overlay):
    name = "split_room"
    box_fraction = (0.86, 0.88)

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.cursor = 0
        self.shown: str | None = None  # the one seat whose code is shown in full
        self.status = "Codes are masked: S shows the chosen seat's code. Everything that changes the game is logged."
        self.rows: list[tuple[Any, str]] = []

    def seats(self) -> list[Any]:
        return [seat for seat, _ in self.app.session.code_seats()]

    def build(self) -> None:
        session = self.app.session
        host = session.host
        b = self.box()
        m = self.px(0.018)
        panel(self, b)
        label(self, pygame.Rect(b.x + m, b.y + m, b.w - 2 * m, self.px(0.06)), "Split room", object_id="#heading")
        addresses = ", ".join(reachable_addresses(host.listen))
        where = f"Teams join with: {join_command(reachable_addresses(host.listen)[0], host.port, host.ssl_context is not None)}"
        only_here = " - this machine only: start with --listen 0.0.0.0 for laptops on the network" \
            if host.listen in ("127.0.0.1", "localhost", "::1") else ""
        label(self, pygame.Rect(b.x + m, b.y + m + self.px(0.06), b.w - 2 * m, self.px(0.045)),
              f"This host: {addresses} port {host.port}{' (TLS)' if host.ssl_context else ''}{only_here}",
              object_id="#subtle")
        label(self, pygame.Rect(b.x + m, b.y + m + self.px(0.1), b.w - 2 * m, self.px(0.045)), where,
              object_id="#subtle")
        row_h, gap = self.px(0.058), self.px(0.01)
        y = b.y + m + self.px(0.16)
        room = session.room
        self.rows = []
        seats = session.code_seats()
        self.cursor = min(self.cursor, max(0, len(seats) - 1))
        for i, (seat, addresses_in) in enumerate(seats):
            code = seat.code if self.shown == seat.key else masked(seat.code)
            where = f"connected from {', '.join(addresses_in)}" if addresses_in else "not connected"
            if seat.side is not None and seat.side in room.handed:
                where += f" · played by the computer ({room.handed[seat.side]})"
            mark = "» " if i == self.cursor else ""
            text = f"{mark}{i + 1}. {seat.label}:  {code}  ·  {where}"
            row = button(self, pygame.Rect(b.x + m, y, b.w - 2 * m, row_h), text)
            self.rows.append((row, seat.key))
            y += row_h + gap
        bw = (b.w - 2 * m - 3 * gap) // 4
        x = b.x + m
        y += gap
        self.actions: list[tuple[pygame_gui.elements.UIButton, str]] = []
        for key, text in (("show", "Show code  [S]"), ("new", "New code  [N]"), ("observer", "Add observer  [A]"),
                          ("resolve", "Resolve now  [R]")):
            self.actions.append((button(self, pygame.Rect(x, y, bw, row_h), text), key))
            x += bw + gap
        y += row_h + gap
        label(self, pygame.Rect(b.x + m, y, b.w - 2 * m, row_h),
              "A team's laptop dropped? F2 white cell: set its seat to the computer, and back when it returns.",
              object_id="#subtle")
        y += row_h + gap
        textbox(self, pygame.Rect(b.x + m, y, b.w - 2 * m, b.bottom - m - y), esc(self.status))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for i, (row, _) in enumerate(self.rows):
                if event.ui_element is row:
                    self.cursor = i
                    self.refresh()
                    return True
            for widget, key in self.actions:
                if event.ui_element is widget:
                    self.act(key)
                    return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            n = number_of(event)
            if n is not None and 0 <= n < len(self.rows):
                self.cursor = n
                self.refresh()
                return True
            keys = {pygame.K_s: "show", pygame.K_n: "new", pygame.K_a: "observer", pygame.K_r: "resolve",
                    pygame.K_c: "close"}
            if event.key in keys:
                self.act(keys[event.key])
                return True
        return False

    def refresh(self) -> None:
        self.clear()
        self.build()

    def act(self, key: str) -> None:
        session = self.app.session
        if key == "close":
            self.app.pop()
            return
        seats = self.seats()
        seat = seats[self.cursor] if seats else None
        if key == "show" and seat is not None:
            self.shown = None if self.shown == seat.key else seat.key
            self.status = f"{seat.label}'s code is shown in full." if self.shown else "Codes are masked."
        elif key == "new" and seat is not None:
            new = session.revoke(seat.key)
            self.shown = None
            self.status = (f"{seat.label}'s old code no longer works (logged out). New code: S to show it."
                           if new.role == "team" else f"{seat.label} removed; its code no longer works.")
        elif key == "observer":
            new = session.add_observer()
            self.cursor = len(self.seats()) - 1
            self.status = f"{new.label} added: S shows its code."
        elif key == "resolve":
            self.app.pop()
            self.app.session.resolve()
            return
        self.refresh()
