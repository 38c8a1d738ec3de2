"""The advisor's forecasts as a team reads them: each card against holding, and a card that stands out.

Absolute forecasts barely differ between most cards (on a tense rung nearly every card shows "92%
chance of a rise"), so each card shows its difference from ordering nothing. A card is marked
BEST only when it stands out beyond the forecast's uncertainty: the 95% interval of its expected
level lies wholly below holding's and below every other card's. Otherwise the legend says that
no card stands out, rather than crowning one of seven cards within a hundredth of a level of
each other. (Comparing intervals is cautious: the advisor plays every card on the same dice, so
true differences are sharper than the intervals suggest; a card marked BEST is clearly better.)
Pure text, no pygame.
"""

from __future__ import annotations

from wargame.sim.advisor import HOLD
from wargame.ui.session import Advice, Forecast

BEST_MARK = "BEST"


def interval(f: Forecast) -> tuple[float, float]:
    """The 95% interval of a forecast's expected level (a point when the advisor gave none)."""
    low = f.expected_level if f.level_low is None else f.level_low
    high = f.expected_level if f.level_high is None else f.level_high
    return low, high


def clearly_below(a: Forecast, b: Forecast) -> bool:
    """True when a's expected level is below b's beyond the uncertainty (their intervals do not meet)."""
    return interval(a)[1] < interval(b)[0]


def best_move(advice: Advice, legal: set[str]) -> str | None:
    """The legal card (or "hold") that stands out below all the others; None when none does."""
    options = {m: f for m, f in advice.moves.items() if m in legal}
    if advice.hold is None or not options:
        return None
    options[HOLD] = advice.hold
    lowest = min(options, key=lambda m: options[m].expected_level)
    if all(clearly_below(options[lowest], f) for m, f in options.items() if m != lowest):
        return lowest
    return None


def signed(value: float, digits: int) -> str:
    """+0.4 / −0.4 with a real minus sign (easier to read on a projector), 0 without a sign."""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


def spread(f: Forecast) -> str:
    """'±0.06': half the 95% interval of the expected level ('' when the advisor gave none)."""
    low, high = interval(f)
    return f" \u00b1{(high - low) / 2:.2f}" if high > low else ""


def versus_hold(card: Forecast, hold: Forecast) -> str:
    """'vs. holding: level −0.4, escalation −3 pts, ceasefire +6 pts', or that it is within the
    forecast's uncertainty of holding (their level intervals overlap)."""
    if not clearly_below(card, hold) and not clearly_below(hold, card):
        return "same as holding, within the uncertainty"
    level = card.expected_level - hold.expected_level
    rise = 100 * (card.escalation - hold.escalation)
    ceasefire = 100 * (card.ceasefire - hold.ceasefire)
    return f"vs. holding: level {signed(level, 2)}, escalation {signed(rise, 0)} pts, ceasefire {signed(ceasefire, 0)} pts"


def card_lines(advice: Advice, move_id: str, best: str | None) -> tuple[str, str] | None:
    """Two lines for a card: 'BEST · level 1.71 ±0.05' and how it compares with holding; None if it
    has no forecast. (Always two, so a card keeps its height when the forecast arrives.)"""
    card = advice.moves.get(move_id)
    if card is None:
        return None
    first = " · ".join([*([BEST_MARK] if move_id == best else []), f"level {card.expected_level:.2f}{spread(card)}"])
    if advice.hold is not None:
        return first, versus_hold(card, advice.hold)
    return first, f"escalation {card.escalation:.0%}, ceasefire {card.ceasefire:.0%}"


def card_line(advice: Advice, move_id: str, best: str | None) -> str | None:
    """The card's forecast on one line: 'BEST · level 1.71 ±0.05 · vs. holding: ...'."""
    lines = card_lines(advice, move_id, best)
    return None if lines is None else " · ".join(lines)


def summary_line(advice: Advice, best: str | None, best_label: str = "") -> str:
    """The legend above the cards: what holding leads to, and whether any card stands out and why."""
    head = f"Advisor, {advice.horizon} turns ahead"
    if advice.hold is None:
        return f"{head}. No forecast for holding, so no card is compared with it."
    hold = advice.hold
    text = (f"{head}. Holding (no move): level {hold.expected_level:.2f}{spread(hold)}, "
            f"escalation {hold.escalation:.0%}, ceasefire {hold.ceasefire:.0%}. ")
    if best == HOLD:
        return text + "Holding stands out: every card is expected to end higher, beyond the uncertainty."
    if best is not None:
        return text + (f"{BEST_MARK}: {best_label or best} ends lower than holding and every other card, "
                       "beyond the uncertainty.")
    return text + "No card stands out: the best are within the uncertainty of each other."


def widest_legends(labels: list[str], horizon: int = 12) -> list[str]:
    """Every kind of legend summary_line can write for these cards, with its figures at their widest:
    the table sizes the legend's box by them before the forecast arrives, so that it never scrolls
    and its arrival moves no card."""
    wide = Forecast(escalation=1.0, expected_level=-10.0, ceasefire=1.0, level_low=-20.0, level_high=0.0)
    advice = Advice(moves={}, hold=wide, rollouts=0, horizon=horizon)
    longest = max(labels, key=len, default="")
    return [summary_line(advice, None), summary_line(advice, HOLD), summary_line(advice, "best", longest),
            summary_line(Advice(moves={}, hold=None, rollouts=0, horizon=horizon), None)]
