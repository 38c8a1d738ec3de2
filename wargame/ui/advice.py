"""The advisor's forecasts as a team reads them: each card against holding, and the best options.

Absolute forecasts barely differ between most cards (on a tense rung nearly every card shows "92%
chance of a rise"), so each card shows the difference from ordering nothing, with the expected
level for scale, and the cards with the lowest expected level are marked. Pure text, no pygame.
"""

from __future__ import annotations

from wargame.ui.session import Advice, Forecast

BEST_MARK = "BEST"
TIE = 0.02  # levels: cards this close to the lowest expected level are marked best too
NEGLIGIBLE_LEVEL = 0.05  # smaller level differences than this are "about the same as holding"
NEGLIGIBLE_POINTS = 1.0  # percentage points


def best_moves(advice: Advice, legal: set[str]) -> set[str]:
    """The legal cards (and "hold") whose expected level is within TIE of the lowest."""
    options = {m: f.expected_level for m, f in advice.moves.items() if m in legal}
    if advice.hold is not None:
        options["hold"] = advice.hold.expected_level
    if not options:
        return set()
    lowest = min(options.values())
    return {m for m, level in options.items() if level <= lowest + TIE}


def signed(value: float, digits: int) -> str:
    """+0.4 / −0.4 with a real minus sign (easier to read on a projector), 0 without a sign."""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


def versus_hold(card: Forecast, hold: Forecast) -> str:
    """'vs. holding: level −0.4, escalation −3 pts, ceasefire +6 pts' (or 'about the same as holding')."""
    level = card.expected_level - hold.expected_level
    rise = 100 * (card.escalation - hold.escalation)
    ceasefire = 100 * (card.ceasefire - hold.ceasefire)
    if abs(level) < NEGLIGIBLE_LEVEL and abs(rise) < NEGLIGIBLE_POINTS and abs(ceasefire) < NEGLIGIBLE_POINTS:
        return "about the same as holding"
    return (f"vs. holding: level {signed(level, 2)}, escalation {signed(rise, 0)} pts, "
            f"ceasefire {signed(ceasefire, 0)} pts")


def card_line(advice: Advice, move_id: str, best: set[str]) -> str | None:
    """One line for a card: 'BEST · level 1.71 · vs. holding: ...'; None if the card has no forecast."""
    card = advice.moves.get(move_id)
    if card is None:
        return None
    parts = [BEST_MARK] if move_id in best else []
    parts.append(f"level {card.expected_level:.2f}")
    if advice.hold is not None:
        parts.append(versus_hold(card, advice.hold))
    else:
        parts.append(f"escalation {card.escalation:.0%}, ceasefire {card.ceasefire:.0%}")
    return " · ".join(parts)


def summary_line(advice: Advice, best: set[str]) -> str:
    """The legend above the cards: what holding leads to, over how many turns, and what BEST means."""
    head = f"Advisor, expected after {advice.horizon} turns"
    if advice.hold is None:
        return f"{head}. {BEST_MARK}: lowest expected level."
    hold = advice.hold
    text = (f"{head}. Holding (no move): level {hold.expected_level:.2f}, escalation {hold.escalation:.0%}, "
            f"ceasefire {hold.ceasefire:.0%}. {BEST_MARK}: lowest level")
    return text + (", holding too." if "hold" in best else ".")
