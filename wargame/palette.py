"""Colour-blind-safe colours shared by the table and the reports (Paul Tol's vibrant scheme).

One source, so that a channel or a rating has the same colour on the projector and on paper, and
no pair that matters is told apart by red against green alone.
"""

from __future__ import annotations

BLUE = "#0077bb"
CYAN = "#33bbee"
TEAL = "#009988"
ORANGE = "#ee7733"
RED = "#cc3311"
MAGENTA = "#ee3377"
GREY = "#bbbbbb"
YELLOW = "#eecc66"  # Tol light yellow, for highlights

CHANNEL = {"formal": BLUE, "coercive": ORANGE, "informal": TEAL}
RATING = {"P": BLUE, "S": CYAN, "M": YELLOW, "U": MAGENTA}
SERIES = (BLUE, ORANGE, TEAL, MAGENTA, CYAN, RED, GREY, "#000000")


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0077bb' -> (0, 119, 187)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
