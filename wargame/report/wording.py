"""Sentences and figures that the debrief screen and the HTML report must print the same way.

The table (`wargame.ui`) sits above the report and imports these, so one function decides how a
roll, a facilitator's moment, the final position and risk reduced are said, wherever they appear.
"""

from __future__ import annotations

MINUS = "\u2212"


def number(value: float) -> str:
    """A figure with at most two decimals, a real minus sign and no '-0'."""
    text = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    if text in ("0", ""):
        return "0"
    return (MINUS if value < 0 else "") + text


def percent(p: float) -> str:
    """A chance as a whole percentage: 0.571 -> '57%'."""
    return f"{100 * p:.0f}%"


def roll(u: float) -> str:
    """A uniform draw as the table shows it: out of 100, so 0.173 -> '17'."""
    return f"{100 * u:.0f}"


def odds_and_roll(p: float, u: float) -> str:
    """'odds 57%, roll 17' (a roll under the odds happens; the roll is out of 100)."""
    return f"odds {percent(p)}, roll {roll(u)}"


def during_turn(turns_completed: int) -> str:
    """When a white-cell act happened, named as the table named the turn then: 'in turn 3'.

    Facilitator records carry the number of turns completed; the table was showing the next one."""
    return f"in turn {turns_completed + 1}"


def risk_sentence(value: float, baseline: str) -> str:
    """Risk reduced in words: what a positive or negative figure means for this game.

    `baseline` is RiskReduced.baseline: a policy name, or "default policies" (each side's own)."""
    amount = number(abs(value))
    if not baseline or baseline == "default policies":
        against = "the computer playing each side's default policy"
    else:
        against = f"the computer playing the {baseline} policy"
    if value > 0:
        return f"The room escalated {amount} less than {against} is expected to (cumulative index)."
    if value < 0:
        return f"The room escalated {amount} more than {against} is expected to (cumulative index)."
    return f"The room escalated as much as {against} is expected to."
