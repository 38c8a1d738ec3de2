"""Load a scenario from a file, a shipped id or text, reporting every problem with its place.

`load` is the one door: it reads (this is not the engine, so it may open files), parses safe
YAML, checks the format version, validates with pydantic, then runs the cross-reference checks.
Every problem comes back at once in one ScenarioError.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wargame.errors import Problem, ScenarioError
from wargame.files import FileProblem, read_capped
from wargame.scenario import catalog
from wargame.scenario.bounds import value_problems
from wargame.scenario.checks import cross_reference_problems
from wargame.scenario.models import READABLE_VERSIONS, SCHEMA_VERSION, Scenario
from wargame.scenario.placeholders import template_problems
from wargame.scenario.yamlsource import MAX_BYTES, SourceMap, decode, parse

# Older format versions that can be brought up to date: version -> function taking the raw data of
# that version and returning (data, next version), with data["schema_version"] set to the next
# version. Steps chain (0 -> 1 -> 2 ...). A version without an entry is refused, naming both.
Migration = Callable[[dict[str, Any]], tuple[dict[str, Any], int]]
MIGRATIONS: dict[int, Migration] = {}

# Tags pydantic inserts into error locations for union members; they are not keys of the file.
_UNION_TAGS = {"indicator", "rung", "level", "event", "flag", "turn", "all", "any", "not"}


def load(source: str | os.PathLike[str]) -> Scenario:
    """Load a scenario from a path, a shipped scenario id, or YAML text (anything with a newline)."""
    if isinstance(source, str) and "\n" in source:
        return load_text(source, "<text>")
    path = catalog.resolve(str(source))
    return load_text(read_file(path), str(path))


def read_file(path: Path) -> str:
    """Read a scenario file as text, with one-line errors for the usual ways this goes wrong."""
    try:
        data = read_capped(path, MAX_BYTES, "scenario file")
    except FileProblem as exc:
        raise _error(str(path), exc.reason) from None
    return decode(data, str(path))


def load_text(text: str, filename: str = "<text>") -> Scenario:
    """Validate YAML text as a scenario; `filename` is used in error messages."""
    data, source_map = parse(text, filename)
    scenario = validate_data(data, filename, source_map)
    scenario._source_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return scenario


def validate_data(data: Any, filename: str = "<data>", source_map: SourceMap | None = None) -> Scenario:
    """Validate parsed scenario data exactly as a file's is validated (format migration, the models,
    the cross-reference checks), for data made by a program (a sweep's variants, say). Without a
    source map, problems name the field path only."""
    source_map = source_map if source_map is not None else SourceMap()
    if not isinstance(data, dict):
        raise ScenarioError([Problem(filename, 1, 1, "", "a scenario must be a mapping of fields")])
    data = _migrate(data, filename, source_map)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_validation_problems(exc, data, source_map, filename)) from None
    problems = [
        _locate(filename, source_map, path, message)
        for path, message in [*cross_reference_problems(scenario), *_beside_problems(scenario, filename),
                              *template_problems(scenario), *value_problems(scenario)]
    ]
    if problems:
        raise ScenarioError(problems)
    scenario._source_name = filename
    scenario._source_map = source_map
    return scenario


def _beside_problems(scenario: Scenario, filename: str) -> list[tuple[tuple[Any, ...], str]]:
    """Files a scenario names beside itself (its map picture) must be there; text has no folder."""
    spec = scenario.map
    if spec is None or spec.image is None or filename.startswith("<"):
        return []
    picture = Path(filename).parent / spec.image
    if not picture.is_file():
        return [(("map", "image"), f"no file '{spec.image}' beside the scenario (looked for {picture})")]
    return []


def locate(scenario: Scenario, found: list[tuple[tuple[Any, ...], str]]) -> list[Problem]:
    """Problems found after loading (by checks that need the engine, such as history replay), each
    placed in the scenario's file like the loader's own (line 0 when the scenario was not loaded
    from text)."""
    source_map = scenario._source_map
    if source_map is None:
        return [Problem(scenario.source_name, 0, 0, format_path(path), message) for path, message in found]
    return [_locate(scenario.source_name, source_map, path, message) for path, message in found]


def _migrate(data: dict[str, Any], filename: str, source_map: SourceMap) -> dict[str, Any]:
    version = data.get("schema_version")
    line, col = source_map.locate(("schema_version",))
    if version is None:
        raise ScenarioError(
            [Problem(filename, 1, 1, "schema_version", f"required field 'schema_version' is missing; write schema_version: {SCHEMA_VERSION}")]
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise ScenarioError(
            [Problem(filename, line, col, "schema_version", f"must be a whole number such as {SCHEMA_VERSION}")]
        )
    original = version
    while version in MIGRATIONS and version not in READABLE_VERSIONS:
        data, next_version = MIGRATIONS[version](dict(data))
        if next_version <= version:
            raise ValueError(f"migration from version {version} must move forward, not to {next_version}")
        version = next_version
    if version not in READABLE_VERSIONS:
        newer = "newer" if original > SCHEMA_VERSION else "older"
        raise ScenarioError(
            [
                Problem(
                    filename,
                    line,
                    col,
                    "schema_version",
                    f"file is written for format version {original} ({newer}); "
                    f"this wargame reads versions {_versions_text()} and cannot convert it",
                )
            ]
        )
    return data


def _versions_text() -> str:
    """(1, 2) -> '1 and 2'."""
    names = [str(v) for v in READABLE_VERSIONS]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _validation_problems(
    exc: ValidationError, data: Any, source_map: SourceMap, filename: str
) -> list[Problem]:
    grouped: dict[tuple[Any, ...], list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "value_error" and loc and loc[-1] in _UNION_TAGS:
            loc = loc[:-1]  # a whole-condition error: the tag names the form, not a key
        path = _data_path(loc, data)
        message = _plain_message(err, path)
        messages = grouped.setdefault(path, [])
        if message not in messages:
            messages.append(message)
    return [_locate(filename, source_map, path, _either(messages)) for path, messages in grouped.items()]


def _either(messages: list[str]) -> str:
    """Alternatives of a union in one sentence, the offending value named once at the end."""
    if len(messages) == 1:
        return messages[0]
    suffix = re.search(r" \(got .*\)$", messages[0])
    if suffix and all(m.endswith(suffix.group(0)) for m in messages):
        return " or ".join(m[: -len(suffix.group(0))] for m in messages) + suffix.group(0)
    return " or ".join(messages)


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Turn pydantic's error location into a path of keys that exist in the file."""
    path: list[Any] = []
    current = data
    items = list(loc)
    for i, part in enumerate(items):
        following = items[i + 1] if i + 1 < len(items) else None
        if part in _UNION_TAGS and isinstance(current, dict) and following in current:
            continue  # a union tag, not a key the author wrote
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(part, str) and (i == len(items) - 1) and part.isidentifier():
            path.append(part)  # a missing or extra field: the key itself
            current = None
        # otherwise: a union branch label such as 'list[...]'; skip it
    return tuple(path)


# Plain wording for pydantic's error kinds; {name} fields come from the error's context.
_WORDING: dict[str, str] = {
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list (lines starting with '- ')",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be above {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be below {lt}",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "allows at most {max_length} item(s)",
    "string_too_long": "is too long: at most {max_length} characters",
    "string_too_short": "is too short: at least {min_length} characters",
}


def _plain_message(err: Any, path: tuple[Any, ...]) -> str:
    """One error in an instructor's words, with the offending value where that helps."""
    kind = err["type"]
    field = path[-1] if path else ""
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return f"required field '{field}' is missing"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "string_pattern_mismatch" and "[a-z]" in str(ctx.get("pattern", "")):
        return f"must be an id: lower-case letters, digits and underscores, starting with a letter (got {_short(value)})"
    if kind == "string_pattern_mismatch" and "#" in str(ctx.get("pattern", "")):
        return f"must be a colour written #rrggbb (got {_short(value)})"
    if kind in ("enum", "literal_error"):
        return f"must be {ctx.get('expected', 'one of the listed values')} (got {_short(value)})"
    if kind in _WORDING:
        shown = {k: f"{v:g}" if isinstance(v, float) else v for k, v in ctx.items()}
        message = _WORDING[kind].format(**shown)
        if kind in ("too_short", "too_long", "string_too_long", "string_too_short"):
            return message
        return f"{message} (got {_short(value)})"
    message = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    return message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _locate(filename: str, source_map: SourceMap, path: tuple[Any, ...], message: str) -> Problem:
    line, col = source_map.locate(path)
    return Problem(filename, line, col, format_path(path), message)


def format_path(path: tuple[Any, ...]) -> str:
    """('moves', 2, 'cost') -> 'moves[2].cost'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _error(filename: str, message: str) -> ScenarioError:
    return ScenarioError([Problem(filename, 0, 0, "", message)])
