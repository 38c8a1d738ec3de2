"""Placeholders in scenario text the game fills in (`{side}`, `{actor}`, `{label}`), checked when loaded.

A narrative bullet such as "{side} closes the crossings." is filled in during play. Python's own
`str.format` would also run `{side.__class__}`, `{0}`, `{side!r}` or `{side:>50000000}` (a padding
that writes a 50 MB bullet into every log), so templates are parsed here, once, at load time: only
the known names of each field, no attribute or index access, no conversions, no format specs; `{{`
and `}}` stand for literal braces. Each mistake is a load error with file, line and field. Filling in
(`render`) uses the same parser and never raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from string import Formatter
from typing import Any

from wargame.scenario.models import Scenario

Path = tuple[str | int, ...]

MOVE_NAMES = ("side", "label")  # the ordering side's name, the move's label
INJECT_NAMES = ("actor", "label")  # the actor's name, the inject's label


def templated_fields(scenario: Scenario) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
    """Every text of the scenario that is filled in: (field path, text, the names it may use)."""
    for i, move in enumerate(scenario.moves):
        for outcome in ("success", "failure"):
            text = getattr(move.narrative, outcome)
            if text:
                yield ("moves", i, "narrative", outcome), text, MOVE_NAMES
    for j, inject in enumerate(scenario.injects):
        if inject.narrative:
            yield ("injects", j, "narrative"), inject.narrative, INJECT_NAMES


def problem(text: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with a template, in an author's words; None when it is sound."""
    known = " or ".join("{" + name + "}" for name in allowed)
    try:
        parts = list(Formatter().parse(text))
    except ValueError as exc:
        reason = str(exc).replace("Single", "a single").replace("expected '}' before end of string",
                                                                "a '{' is never closed")
        return f"{reason} (write {{{{ and }}}} for a literal brace; placeholders: {known})"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if conversion or spec:
            return f"placeholder {written}: nothing may follow the name ('!' or ':'); write {{{name}}}"
        if name in allowed:
            continue
        if any(ch in name for ch in ".[") and name.split(".")[0].split("[")[0] in allowed:
            return f"placeholder {written}: only the plain name may be used, such as {{{name.split('.')[0].split('[')[0]}}}"
        if not name:
            return f"an empty placeholder {{}}: use one of {known} (write {{{{ and }}}} for literal braces)"
        return f"unknown placeholder {written}: this text may use {known} (write {{{{ and }}}} for literal braces)"
    return None


def template_problems(scenario: Scenario) -> list[tuple[Path, str]]:
    """Every templated text that would not fill in cleanly, with its field path."""
    found = []
    for path, text, allowed in templated_fields(scenario):
        message = problem(text, allowed)
        if message:
            found.append((path, message))
    return found


def render(text: str, **names: Any) -> str:
    """The text with its placeholders filled in. A template that does not parse is shown as written
    (a scenario built without the loader), and an unknown name stays as written."""
    try:
        parts = list(Formatter().parse(text))
    except ValueError:
        return text
    out = []
    for literal, name, _, _ in parts:
        out.append(literal)
        if name is not None:
            out.append(str(names[name]) if name in names else "{" + name + "}")
    return "".join(out)
