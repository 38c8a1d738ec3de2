"""The scrolling list of move cards on the turn screen, made a few cards a frame and changed in place.

Each card is a themed button (its key, the move and whether it is chosen) above a text box (cost,
the team's own estimate of the odds, the description in full, the advisor's line). Selecting a
card, moving the cursor or the advisor's forecast arriving changes only the widgets concerned and
never rebuilds the list, so the list does not jump and a click lands on the card under the
pointer. Keys are the move's place among its side's moves in the scenario, so a move keeps its
key for the whole game.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pygame
import pygame_gui

from wargame.engine import MoveOption
from wargame.scenario.models import Scenario
from wargame.ui import style
from wargame.ui.advice import widest_legends
from wargame.ui.app import Scene
from wargame.ui.widgets import button, label, textbox

CHANNEL_ORDER = ("formal", "coercive", "informal")
# Card keys: digits, then letters except B (brief), T (stated intent), W (white cell) and I, O
# (read as 1 and 0).
CARD_KEYS = "1234567890acdefghjklmnpqrsuvxyz"


def card_keys(scenario: Scenario, side: str) -> dict[str, str]:
    """Move id -> its key, by the move's place among the side's moves in the scenario (stable all game)."""
    return {m.id: (CARD_KEYS[i].upper() if i < len(CARD_KEYS) else "")
            for i, m in enumerate(scenario.moves_of(side))}


def card_order(option: MoveOption, keys: dict[str, str]) -> tuple[int, bool, int]:
    """Cards by channel; within a channel the ones that can be ordered now first, then in key order.

    `keys` is card_keys(): ordered as the scenario lists the side's moves."""
    channel = CHANNEL_ORDER.index(option.channel) if option.channel in CHANNEL_ORDER else len(CHANNEL_ORDER)
    place = list(keys).index(option.id) if option.id in keys else len(keys)
    return channel, not option.legal, place


def title_text(option: MoveOption, key: str, chosen: bool, cursor: bool) -> str:
    """'» [x] 4  Offer a ceasefire': the cursor, whether it is chosen, its key and the move."""
    mark = "[x]" if chosen else "[  ]"
    lead = "\u00bb " if cursor else ""
    return f"{lead}{mark} {key}  {option.label}" if key else f"{lead}{mark} {option.label}"


@dataclass
class CardList:
    """The cards of one side in a scrolling container, laid out top to bottom."""

    scene: Scene
    area: pygame.Rect
    options: list[MoveOption]  # in display order
    keys: dict[str, str]
    legend: str  # markup above the cards
    body: Callable[[MoveOption], str]  # markup under a card's title
    chosen: Callable[[str], bool]
    cursor: int = 0
    container: Any = None
    rows: list[Any] = field(default_factory=list)  # every widget in the list, top to bottom
    buttons: dict[str, Any] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)
    legend_box: Any = None

    @property
    def inner_w(self) -> int:
        return self.area.w - self.scene.px(0.03)

    def legend_height(self) -> int:
        """The advisor's legend sits above the list in a box that never changes height, so its text
        arriving later moves no card: as tall as the longest legend the advisor can write at this
        width (three lines at least; past six it scrolls rather than crowd out the cards)."""
        px = self.scene.font_px(24)
        width = round((self.area.w - self.scene.px(0.02)) * 0.92)  # the box's padding and scroll bar, with room to spare
        lines = max(len(style.wrap(text, px, width)) for text in widest_legends([o.label for o in self.options]))
        return round(style.font(px).get_linesize() * (min(max(lines, 3), 6) + 0.9))  # the box's padding included

    def start(self) -> None:
        """Make the legend and the container; queue the cards, a few per frame."""
        manager = self.scene.app.manager
        top = self.legend_height()
        self.legend_box = textbox(self.scene, pygame.Rect(self.area.x, self.area.y, self.area.w, top), self.legend,
                                  class_id="@card_body")
        self.container = self.scene.add(pygame_gui.elements.UIScrollingContainer(
            pygame.Rect(self.area.x, self.area.y + top, self.area.w, self.area.h - top), manager,
            allow_scroll_x=False))
        self.rows = []
        for channel in CHANNEL_ORDER:
            group = [o for o in self.options if o.channel == channel]
            if group:
                self.scene.build_later(partial(self._heading, channel))
                for option in group:
                    self.scene.build_later(partial(self._card, option))
        self.scene.build_later(self.reflow)

    def _heading(self, channel: str) -> None:
        h = round(style.font(self.scene.font_px(26)).get_linesize() * 1.3)
        self._append(label(self.scene, pygame.Rect(0, 0, self.inner_w, h), style.CHANNEL_NAMES[channel].upper(),
                           container=self.container))

    def _card(self, option: MoveOption) -> None:
        h = round(style.font(self.scene.font_px(26)).get_linesize() * 1.55)
        b = button(self.scene, pygame.Rect(0, 0, self.inner_w, h), self.title(option),
                   class_id=f"@{option.channel}" if option.legal else "@unavailable", container=self.container,
                   enabled=option.legal)
        if self.chosen(option.id):
            b.select()
        body = textbox(self.scene, pygame.Rect(0, 0, self.inner_w, -1), self.body(option), class_id="@card_body",
                       container=self.container)
        self.buttons[option.id], self.bodies[option.id] = b, body
        self._append(b)
        self._append(body)

    def title(self, option: MoveOption) -> str:
        return title_text(option, self.keys.get(option.id, ""), self.chosen(option.id),
                          self.options.index(option) == self.cursor)

    def _append(self, widget: Any) -> None:
        """A new row under the last one (the list is usable while the rest is still being made; the
        scroll area is sized once at the end, as resizing it touches every row)."""
        y = 0
        if self.rows:
            last = self.rows[-1].get_relative_rect()
            y = last.bottom + (0 if isinstance(self.rows[-1], pygame_gui.elements.UIButton) else self.scene.px(0.008))
        widget.set_relative_position((0, y))
        self.rows.append(widget)

    def reflow(self) -> None:
        """Place every row under the one before (heights may have changed) and size the scroll area."""
        gap = self.scene.px(0.008)
        y = 0
        for widget in self.rows:
            if widget.get_relative_rect().y != y:
                widget.set_relative_position((0, y))
            y += int(widget.get_relative_rect().h)
            if not isinstance(widget, pygame_gui.elements.UIButton):
                y += gap
        self.container.set_scrollable_area_dimensions((self.inner_w, max(y, 1)))

    # --- changes in place --------------------------------------------------------------------------

    def refresh(self, move_id: str) -> None:
        """Show a card's chosen state and cursor again (after a key, a click or a cursor move)."""
        b = self.buttons.get(move_id)
        if b is None:
            return
        option = next(o for o in self.options if o.id == move_id)
        b.set_text(self.title(option))
        if self.chosen(move_id):
            b.select()
        else:
            b.unselect()

    def set_cursor(self, index: int) -> None:
        old = self.cursor
        self.cursor = index
        for i in (old, index):
            if 0 <= i < len(self.options):
                self.refresh(self.options[i].id)
        self.scroll_to(self.options[index].id)

    def set_bodies(self, legend: str) -> None:
        """Write the legend and every card's text again (the advisor's forecast arrived), a few cards a
        frame, then re-place the rows."""
        self.legend = legend
        self.legend_box.set_text(legend)
        for option in self.options:
            box = self.bodies.get(option.id)
            if box is not None:
                self.scene.build_later(partial(self._rewrite, box, option))

    def _rewrite(self, box: Any, option: MoveOption) -> None:
        """A card's text again; the rows below move only if its height changed (the advisor's two lines
        replace two lines kept for them, so usually nothing moves)."""
        before = box.get_relative_rect().h
        box.set_text(self.body(option))
        if box.get_relative_rect().h != before:
            self.reflow()

    def wheel(self, notches: float) -> bool:
        """Scroll at once by three lines a notch, wherever the pointer is over the list (not only
        over a button, and without a glide that would move the cards under a click)."""
        bar = self.container.vert_scroll_bar if self.container is not None else None
        if bar is None:
            return False
        total = max(1, self.container.scrolling_height)
        step = 3 * style.font(self.scene.font_px(24)).get_linesize() / total
        bar.set_scroll_from_start_percentage(min(1.0 - bar.visible_percentage,
                                                 max(0.0, bar.start_percentage - notches * step)))
        return True

    def scroll_to(self, move_id: str) -> None:
        """Scroll so that a card's title and text are in view (for the keyboard's cursor)."""
        b, body = self.buttons.get(move_id), self.bodies.get(move_id)
        bar = self.container.vert_scroll_bar if self.container is not None else None
        if b is None or body is None or bar is None:
            return
        total = max(1, self.container.scrolling_height)
        top, bottom = b.get_relative_rect().top, body.get_relative_rect().bottom
        view_top = bar.start_percentage * total
        view_h = self.container.get_relative_rect().h
        if top < view_top:
            bar.set_scroll_from_start_percentage(top / total)
        elif bottom > view_top + view_h:
            bar.set_scroll_from_start_percentage(min(top, bottom - view_h) / total)
