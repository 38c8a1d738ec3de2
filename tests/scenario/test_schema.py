"""The JSON Schema (`wargame schema`) agrees with the loader: it accepts every shipped scenario and
rejects the broken ones it can see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.scenario.cases import BASE_TEXT, CASES, Case
from wargame.scenario.catalog import shipped_files
from wargame.scenario.schema import json_schema, schema_text
from wargame.scenario.yamlsource import parse


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def plain_data(text: str) -> Any:
    """The document as the loader sees it (dates kept as text, only standard YAML types)."""
    data, _ = parse(text, "x.yaml")
    return data


def test_schema_is_draft_2020_12_with_descriptions() -> None:
    schema = json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_schema_uses_the_keys_authors_write() -> None:
    defs = json_schema()["$defs"]
    assert "not" in defs["NotOf"]["properties"]
    assert "from" in defs["Modifier"]["properties"]


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_schema_accepts_every_shipped_scenario(validator: jsonschema.protocols.Validator, path: Path) -> None:
    errors = [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(plain_data(path.read_text("utf-8")))]
    assert not errors


def test_schema_accepts_the_base_fixture(validator: jsonschema.protocols.Validator) -> None:
    assert validator.is_valid(plain_data(BASE_TEXT))


SCHEMA_VISIBLE = [c for c in CASES if c.schema_visible]


def test_enough_schema_visible_cases() -> None:
    assert len(SCHEMA_VISIBLE) >= 8


@pytest.mark.parametrize("case", SCHEMA_VISIBLE, ids=[c.name for c in SCHEMA_VISIBLE])
def test_schema_rejects_what_it_can_see(validator: jsonschema.protocols.Validator, case: Case) -> None:
    assert not validator.is_valid(plain_data(case.text()))


def test_schema_text_is_stable_json() -> None:
    text = schema_text()
    assert text.endswith("\n")
    assert json.loads(text) == json_schema()
    assert schema_text() == text
