"""The JSON Schema of the scenario format, generated from the pydantic models.

An editor's YAML extension reads it to autocomplete and check scenarios as they are typed. It is
built from the same models (and the same field descriptions) the loader validates with, so the
two cannot disagree about which keys exist; the checks that need the whole file (unknown ids,
ladder shape) remain the job of `wargame validate`.
"""

from __future__ import annotations

import json
from typing import Any

from wargame.scenario.models import SCHEMA_VERSION, Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"https://wargame.example/schema/scenario-v{SCHEMA_VERSION}.json"


def json_schema() -> dict[str, Any]:
    """The schema as a dict, with keys as authors write them (aliases such as `not`, `from`)."""
    body = Scenario.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        **body,
        "title": f"Wargame scenario (format version {SCHEMA_VERSION})",
    }


def schema_text() -> str:
    """The schema as stable, indented JSON text ending in a newline (diff-friendly)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
