"""docs/authoring.md's field reference and docs/scenario.schema.json must match the models."""

from __future__ import annotations

from pydantic import BaseModel

from wargame.scenario.docgen import (
    BEGIN,
    END,
    GUIDE,
    SCHEMA_FILE,
    field_reference,
    models_in_order,
    refreshed_guide,
)
from wargame.scenario.models import Scenario
from wargame.scenario.schema import schema_text

REFRESH = "the docs are stale; refresh them with: python -m wargame.scenario.docgen --write"


def test_guide_field_reference_is_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, "docs/authoring.md lost its field-reference markers"
    assert refreshed_guide(text) == text, REFRESH


def test_shipped_schema_file_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), REFRESH


def test_reference_covers_every_field_with_its_description() -> None:
    reference = field_reference()
    models: list[type[BaseModel]] = models_in_order(Scenario)
    assert len(models) > 20
    for model in models:
        assert f"## {model.__name__}\n" in reference
        for name, info in model.model_fields.items():
            key = info.alias or name
            assert f"| `{key}` |" in reference, f"{model.__name__}.{key} is missing"
            assert info.description and info.description.replace("|", "\\|") in reference


def test_guide_quotes_a_measured_validate_time() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "benchmarks/bench_validate.py" in text
    assert "<!-- BENCHMARK FIGURE -->" not in text, "put the measured figure into docs/authoring.md"
