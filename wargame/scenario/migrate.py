"""Rewrite a format-version-1 scenario as version 2, changing only the words that must change.

Version 1 files still load as they are; migrating is for an author who wants what version 2 adds
(more ladders, flags, a declared index...). The rewrite is the smallest that says the same thing in
version 2, so the migrated file plays the same games:

- `schema_version: 1` becomes `2`;
- the top-level `start: X` becomes the one declared ladder, `escalation`, starting at X (the
  ladder a version-1 file has implicitly, so ids, events and logs stay the same);
- `outcome` on a rung that is not an end state meant "how the crisis counts if time runs out
  here": the key becomes `at_time_limit`.

The edits are made in the text at the places the YAML parser reports, so the author's comments,
quoting, indentation and flow style are all kept; every other line is byte for byte the same.
"""

from __future__ import annotations

import re

from wargame.errors import Problem, ScenarioError
from wargame.scenario.loader import load_text
from wargame.scenario.models import IMPLICIT_LADDER_ID, SCHEMA_VERSION
from wargame.scenario.yamlsource import parse

_SCALAR = re.compile(r"""'[^'\n]*'|"[^"\n]*"|[^\s,\]}#]+""")


def migrate_text(text: str, filename: str = "<text>") -> str:
    """The version-2 form of a version-1 scenario's text (validated before and after)."""
    original = load_text(text, filename)  # a broken file is reported as such, with its lines
    if original.schema_version != 1:
        raise ScenarioError(
            [Problem(filename, 0, 0, "schema_version", f"is already version {original.schema_version}; nothing to do")]
        )
    _, where = parse(text, filename)
    for i, rung in enumerate(original.rungs):
        if rung.terminal and rung.outcome is None:
            line, col = where.locate(("rungs", i))
            raise ScenarioError(
                [Problem(filename, line, col, f"rungs[{i}].outcome",
                         f"end-state rung '{rung.id}' has no outcome; version 2 needs one: add it, then migrate")]
            )

    edits: list[tuple[tuple[int, int], int, str]] = []  # (line, col) 1-based, length replaced, new text
    lines = text.splitlines(keepends=True)

    def value_at(path: tuple[str | int, ...]) -> tuple[tuple[int, int], str]:
        line, col = where.values[path]
        token = _SCALAR.match(lines[line - 1], col - 1)
        assert token is not None, f"no scalar at {path}"
        return (line, col), token.group(0)

    position, token = value_at(("schema_version",))
    edits.append((position, len(token), str(SCHEMA_VERSION)))
    position, token = value_at(("start",))
    edits.append((position, len(token), f"[{{ id: {IMPLICIT_LADDER_ID}, label: Escalation, start: {token} }}]"))
    edits.append((where.keys[("start",)], len("start"), "ladders"))
    for i, rung in enumerate(original.rungs):
        if not rung.terminal and "outcome" in rung.model_fields_set:
            edits.append((where.keys[("rungs", i, "outcome")], len("outcome"), "at_time_limit"))

    for (line, col), length, new in sorted(edits, reverse=True):  # from the end: earlier places stay put
        row = lines[line - 1]
        lines[line - 1] = row[: col - 1] + new + row[col - 1 + length :]
    result = "".join(lines)
    load_text(result, filename)  # the migrated file must validate; a failure here is a bug
    return result
