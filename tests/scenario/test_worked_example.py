"""docs/authoring.md's worked example stays true: its persona and placeholders, put into the
fictional scenario, validate and play; its misspelt placeholder is refused with the message shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wargame.engine import Game
from wargame.scenario import ScenarioError
from wargame.scenario.catalog import resolve
from wargame.scenario.loader import load_text

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## A worked example: a hawkish neighbour"
GUNBOATS = '''    narrative: { success: "{side}'s gunboats sail onto Lake Orrin." }'''


def blocks(kind: str) -> list[str]:
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION):].split("\n## ", 1)[0]
    return re.findall(rf"```{kind}\n(.*?)```", section, flags=re.S)


def river_with(persona: str, narrative: str) -> str:
    text = resolve("river_tessel").read_text(encoding="utf-8")
    assert GUNBOATS in text
    return text.replace("\nactors:\n", f"\n{persona}\nactors:\n", 1).replace(GUNBOATS, f"    {narrative.strip()}")


def test_the_persona_and_placeholders_validate_and_play() -> None:
    persona, narrative = blocks("yaml")
    scenario = load_text(river_with(persona, narrative), str(resolve("river_tessel")))
    assert [p.id for p in scenario.personas] == ["hawkish_brennick"]
    game = Game.new(scenario, 3, {"brennick": "hawkish_brennick"}, created=None)
    while not game.over:
        game.resolve()
    told = " ".join(game.lines)
    assert "gunboats sail onto Lake Orrin" in told or "keeps its boats in port" in told
    assert "{side}" not in told


def test_the_misspelt_placeholder_gets_the_message_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    persona, narrative = blocks("yaml")
    monkeypatch.chdir(resolve("river_tessel").parent)  # "my-tessel.yaml" beside the shipped map picture
    with pytest.raises(ScenarioError) as caught:
        load_text(river_with(persona, narrative.replace("{side}'s gunboats", "{lable}'s gunboats")), "my-tessel.yaml")
    assert str(caught.value.first) == blocks("text")[0].strip()
