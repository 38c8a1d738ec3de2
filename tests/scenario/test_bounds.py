"""Values that validated before and crashed later: non-finite or huge numbers, odd YAML tags, far dates,
and a label that matplotlib would have read as maths. Each is now a one-line load error, or harmless."""

from __future__ import annotations

import pytest

from tests.scenario.cases import BASE_TEXT, apply_edits
from wargame.errors import ScenarioError
from wargame.scenario import load_text

DELTA = "{ indicator: casualties, delta: 8, noise: 0.5 }"


def problem_of(text: str) -> str:
    """Every problem of the text, one per line (each problem is itself one line)."""
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "broken.yaml")
    assert all("\n" not in str(p) for p in caught.value.problems)
    return "\n".join(str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    ("value", "essence"),
    [
        (".nan", "must be a finite number"),
        (".inf", "must be a finite number"),
        ("-.inf", "must be a finite number"),
        ('"nan"', "must be a finite number"),
        ("1e999", "must be a finite number"),
        ("!!float 1e400", "must be a finite number"),
        ("1e20", "numbers may be at most 1e+12"),
        ("!!int 100000000000000000000000", "numbers may be at most 1e+12"),
        ('!!int ""', "cannot read '' as a number"),
        ('!!float ""', "cannot read '' as a number"),
        ('!!int "-"', "cannot read '-' as a number"),
        ("!!int _", "cannot read '_' as a number"),
        ("!!int 0x", "cannot read '0x' as a number"),
        ("!!bool 1", "cannot read '1' as true or false"),
    ],
)
def test_a_number_the_game_cannot_add_is_refused_where_it_is_written(value: str, essence: str) -> None:
    text = apply_edits(BASE_TEXT, ((DELTA, "{ indicator: casualties, delta: " + value + ", noise: 0.5 }"),))
    line = text[: text.index("delta: " + value)].count("\n") + 1
    message = next(m for m in problem_of(text).splitlines() if essence in m)
    assert message.startswith(f"broken.yaml:{line}:") and "rungs[2].on_enter[0].delta" in message


@pytest.mark.parametrize(
    ("date", "essence"),
    [
        ('"9999-12-31"', "must be between 1800-01-01 and 2200-12-31"),
        ('"1066-10-14"', "must be between"),
        ('"2025-02-30"', "is not a date in the calendar"),
        ('"20251007"', "must be a date written YYYY-MM-DD"),
        ('"next week"', "must be a date written YYYY-MM-DD"),
    ],
)
def test_a_start_date_is_bounded(date: str, essence: str) -> None:
    text = apply_edits(BASE_TEXT, (('start_date: "2025-10-07"', f"start_date: {date}"),))
    message = problem_of(text)
    assert "turns.start_date" in message and essence in message, message


def test_the_last_bounded_date_plays_every_turn() -> None:
    from wargame.engine import Game

    text = apply_edits(BASE_TEXT, (('start_date: "2025-10-07"', 'start_date: "2200-12-31"'),))
    game = Game.new(load_text(text, "late.yaml"), 1)
    while not game.over:
        game.resolve()
    assert game.records[-2]["date"] > "2201-01-01"


def test_labels_are_shown_as_written_in_charts_not_parsed_as_maths() -> None:
    from wargame.report import charts

    svg = charts.overlaid_curves([("$\\frac{", [1.0, 2.0]), ("$_$", [2.0, 1.0])])
    assert "$\\frac{" in svg and "$_$" in svg
    assert "$_$ team" in charts.channel_mix([("$_$ team", {"formal": 2})])
