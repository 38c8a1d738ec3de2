"""Templated text is parsed when a scenario loads: only known placeholders, nothing that runs or pads.

Each case validated before and crashed `run` (or wrote a 250 MB log) later; now each is a load
error with file, line and field. Filling in uses the same parser and never raises.
"""

from __future__ import annotations

import pytest

from tests.scenario.cases import BASE_TEXT, apply_edits
from wargame.errors import ScenarioError
from wargame.scenario import load_text
from wargame.scenario.placeholders import render

MOVE_TEXT = '{ success: "{side} lodges a formal protest."'


@pytest.mark.parametrize(
    ("template", "essence"),
    [
        ("{foo.bar} protests", "unknown placeholder {foo.bar}"),
        ("{0} protests", "unknown placeholder {0}"),
        ("{side protests", "a '{' is never closed"),
        ("{side!z} protests", "placeholder {side!z}: nothing may follow the name"),
        ("{side!r} protests", "placeholder {side!r}"),
        ("{side:x>50000000} protests", "placeholder {side:x>50000000}: nothing may follow"),
        ("{sid} protests", "unknown placeholder {sid}: this text may use {side} or {label}"),
        ("{side.__class__.__mro__} protests", "only the plain name may be used, such as {side}"),
        ("{side[0]} protests", "only the plain name may be used"),
        ("{} protests", "an empty placeholder"),
        ("a } b", "a single '}'"),
        ("{actor} protests", "unknown placeholder {actor}"),  # an inject's name, not a move's
    ],
)
def test_a_bad_placeholder_is_a_load_error_naming_line_and_field(template: str, essence: str) -> None:
    text = apply_edits(BASE_TEXT, ((MOVE_TEXT, '{ success: "' + template + '"'),))
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "broken.yaml")
    problem = caught.value.problems[0]
    assert problem.path == "moves[0].narrative.success" and essence in problem.message, str(problem)
    assert problem.line == text[: text.index(template)].count("\n") + 1


def test_an_inject_narrative_may_name_its_actor_and_escape_braces() -> None:
    text = apply_edits(BASE_TEXT, (("    narrative: The militant group attacks a checkpoint.\n",
                                    '    narrative: "{actor} strike {{again}}"\n'),))
    scenario = load_text(text, "ok.yaml")
    assert render(scenario.injects[0].narrative, actor="Militants") == "Militants strike {again}"
    bad = text.replace('"{actor} strike {{again}}"', '"{side} strike"')
    with pytest.raises(ScenarioError, match=r"injects\[0\]\.narrative: unknown placeholder \{side\}"):
        load_text(bad, "broken.yaml")


def test_render_never_raises_on_text_the_loader_did_not_see() -> None:
    assert render("{side:>9999999999}", side="A") == "A"  # specs are ignored, not run
    assert render("{side.__class__}", side="A") == "{side.__class__}"
    assert render("{side", side="A") == "{side"
    assert render("{{x}} {label}", label="L") == "{x} L"
