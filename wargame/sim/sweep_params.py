"""Numbers of a scenario addressed by PATH, their legal ranges, and the variants a sweep plays.

A PATH walks the scenario's validated data (the fields as an author writes them), so every field
of the format, present or future, is covered without code here knowing it:

- a field of a mapping is named as in the file: `turns.count`, `rules.repeat_penalty`;
- an item of a list with ids is named by its id: `moves.<move_id>`, `indicators.<id>`;
- an effect in a list of effects (`on_success`, `on_failure`, `effects`, `on_enter`,
  `each_turn`) is named by the indicator it changes, or by its position from 0 when the list has
  several effects on that indicator: `moves.<id>.on_success.<indicator>`;
- an item of any other list by its position from 0: `success.modifiers.0.per_point`;
- short forms: `moves.<id>.effects.<indicator>` means `on_success`; `indicators.<id>.drift`
  means `decay.rate`; a PATH ending at an effect means its `delta`, at a chance its `base`, at a
  decay its `rate`.

The data are what the scenario's author wrote; a PATH may also name a field left to its default
(`moves.<id>.cooldown`, `rules.repeat_penalty`): the variant then writes it, and a field that the
file's format version does not have is refused by the variant's validation, as in a file.
`--vary-all` takes only numbers the author wrote.

Each number keeps the bounds its field allows (probabilities stay in [0, 1], whole numbers stay
whole, an indicator's initial value and resting value stay within its min and max); values
outside are clipped, and the plan says where. Variants are validated exactly as a scenario file
is (`wargame.scenario.loader.validate_data`).
"""

from __future__ import annotations

import json
import math
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from wargame.errors import ScenarioError, WargameError
from wargame.scenario.loader import validate_data
from wargame.scenario.models import Scenario

Key = str | int
Keys = tuple[Key, ...]
EFFECT_LISTS_SHORT = {"effects": "on_success"}  # a move's `effects` means its on_success list
DRIFT = ("decay", "rate")  # `indicators.<id>.drift`
DEFAULT_LEAF = (("delta", "indicator"), ("base", "modifiers"), ("rate", "toward"))  # (leaf, marker field)
RELATIONAL = {"initial": 1, "toward": 2}  # field -> how many levels up its min and max live (an indicator)
LISTED = 80  # names listed in an error before "and N more"


class PathError(WargameError):
    """A PATH that names nothing in the scenario, or names something that is not a number."""


@dataclass(frozen=True)
class Bounds:
    """What a field allows: low/high, each closed or open (None: unbounded)."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    integer: bool = False

    def clip(self, value: float) -> float:
        if self.low is not None:
            floor = math.nextafter(self.low, math.inf) if self.low_open else self.low
            value = max(value, floor)
        if self.high is not None:
            ceiling = math.nextafter(self.high, -math.inf) if self.high_open else self.high
            value = min(value, ceiling)
        return value

    def describe(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        return f"{left}{low}, {high}{right}" + (" whole numbers" if self.integer else "")


@dataclass(frozen=True)
class Address:
    """Where one number stands: keys into the data, its canonical PATH, what its field allows."""

    keys: Keys
    path: str
    value: float
    bounds: Bounds
    fills: tuple[tuple[Keys, Any], ...] = ()  # defaults to write on the way (fields the file left out)


@dataclass(frozen=True)
class Param:
    """A number a sweep varies over [low, high] (already clipped to what its field allows)."""

    path: str
    keys: Keys
    base: float
    low: float
    high: float
    bounds: Bounds
    note: str = ""  # what was clipped or rounded, for the plan
    fills: tuple[tuple[Keys, Any], ...] = ()  # defaults written on the way (fields the file left out)
    within: tuple[Keys, float, float] | None = None  # (keys of its indicator, default min, default max)

    @property
    def integer(self) -> bool:
        return self.bounds.integer

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "base": self.base, "low": self.low, "high": self.high,
                "integer": self.integer, "allowed": self.bounds.describe(), "note": self.note}


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario's validated data as its author wrote it (fields left to their defaults are left
    out, so the data validate back to the same scenario in the same format version)."""
    return scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --- resolving a PATH --------------------------------------------------------------------------


def resolve(data: dict[str, Any], path: str) -> Address:
    """The number a PATH names, or a PathError naming the unknown part and what exists there."""
    parts = [p for p in path.strip().split(".")]
    if not path.strip() or any(not p for p in parts):
        raise PathError(f"empty part in PATH {path!r}: write parts joined by dots, e.g. moves.MOVE_ID.success.base")
    node: Any = data
    model: Any = Scenario
    keys: list[Key] = []
    shown: list[str] = []
    fills: list[tuple[Keys, Any]] = []
    field: FieldInfo | None = None
    i = 0
    while i < len(parts):
        part = parts[i]
        where = ".".join(shown) or "the scenario"
        if isinstance(node, dict):
            if _field(model, part) is None and part in EFFECT_LISTS_SHORT and _field(model, EFFECT_LISTS_SHORT[part]):
                part = EFFECT_LISTS_SHORT[part]
            if _field(model, part) is None and part == "drift" and _field(model, DRIFT[0]):
                parts[i : i + 1] = list(DRIFT)
                part = DRIFT[0]
            field = _field(model, part) if model is not None else None
            if part in node:
                value = node[part]
            elif field is not None:
                value = _default(field)
                if value is not None:
                    fills.append(((*keys, part), value))
            else:
                raise PathError(f"unknown part {parts[i]!r} in {path}: {where} has {_listing(node, model)}")
            model = _model_for(field.annotation if field else None, value)
            node = value
            keys.append(part)
            shown.append(part)
        elif isinstance(node, list):
            index, label = _item(node, part, path, where)
            node = node[index]
            model = _model_for(_item_annotation(field.annotation) if field else None, node)
            field = None
            keys.append(index)
            shown.append(label)
        else:
            raise PathError(f"unknown part {part!r} in {path}: {where} is a number, it has no parts")
        if node is None:
            raise PathError(f"{'.'.join(shown)} is not set in the scenario: only numbers it gives can be varied")
        i += 1
    if isinstance(node, dict):
        names = _field_names(model) or set(node)
        for leaf, marker in DEFAULT_LEAF:
            if leaf in names and marker in names:
                field = _field(model, leaf)
                if leaf not in node:
                    node = {**node, leaf: _default(field) if field else None}
                keys.append(leaf)
                shown.append(leaf)
                node = node[leaf]
                break
        else:
            raise PathError(f"{path} names a group of fields, not a number: it has {_listing(node, model)}")
    if isinstance(node, bool) or not isinstance(node, int | float):
        what = "a list" if isinstance(node, list) else f"{_kind(node)} {node!r}"
        raise PathError(f"{path} is {what}, not a number")
    return Address(tuple(keys), ".".join(shown), float(node), _bounds(field), tuple(fills))


def _default(field: FieldInfo) -> Any:
    """A field's default as the file would write it (None when it has none)."""
    if field.is_required():
        return None
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list | dict | str | int | float) or value is None:
        return value
    return getattr(value, "value", value)  # an enum


def _item(items: list[Any], part: str, path: str, where: str) -> tuple[int, str]:
    """Position and canonical label of the list item a part names (id, indicator or position)."""
    has_ids = bool(items) and all(isinstance(x, dict) and "id" in x for x in items)
    effects = bool(items) and all(isinstance(x, dict) and "indicator" in x and "delta" in x for x in items)
    if has_ids:
        for n, item in enumerate(items):
            if item["id"] == part:
                return n, part
        raise PathError(f"unknown part {part!r} in {path}: {where} has {_names([x['id'] for x in items])}")
    if effects:
        same = [n for n, x in enumerate(items) if x["indicator"] == part]
        if len(same) == 1:
            return same[0], part
        if len(same) > 1:
            raise PathError(f"{where} has {len(same)} effects on {part!r} in {path}: name one by its "
                            f"position ({', '.join(str(n) for n in same)})")
    if part.isdigit() and int(part) < len(items):
        n = int(part)
        if effects and [x["indicator"] for x in items].count(items[n]["indicator"]) == 1:
            return n, items[n]["indicator"]  # the canonical name of a lone effect is its indicator
        return n, part
    if effects:
        found = sorted({x["indicator"] for x in items})
        raise PathError(f"unknown part {part!r} in {path}: {where} has effects on {_names(found)} "
                        f"(or {_positions(len(items))})")
    raise PathError(f"unknown part {part!r} in {path}: {where} is a list with {_positions(len(items))}")


def _positions(count: int) -> str:
    return "no items" if count == 0 else "position 0" if count == 1 else f"positions 0-{count - 1}"


def _kind(value: Any) -> str:
    return {str: "text", bool: "true/false"}.get(type(value), type(value).__name__)


def _listing(node: dict[str, Any], model: Any = None) -> str:
    """The fields of a mapping that hold numbers (written, or left to a numeric default): what a
    PATH can go on to."""
    names = [k for k, v in node.items() if _holds_number(v)]
    if isinstance(model, type) and issubclass(model, BaseModel):
        for name, info in model.model_fields.items():
            key = info.alias or name
            if key not in node and not info.is_required() and _holds_number(_default(info)):
                names.append(key)
    return _names(names) if names else "no numbers"


def _names(names: Sequence[str]) -> str:
    shown = list(names[:LISTED])
    more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
    return ", ".join(shown) + more


def _holds_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, dict):
        return any(_holds_number(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_number(v) for v in value)
    return False


# --- the models behind the data ----------------------------------------------------------------


def _field_names(model: Any) -> set[str]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return set()
    return {info.alias or name for name, info in model.model_fields.items()}


def _field(model: Any, key: str) -> FieldInfo | None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _members(annotation: Any) -> Iterator[Any]:
    """The plain types of an annotation: Annotated unwrapped, unions flattened, None dropped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _members(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _members(arg)
    elif annotation is not type(None) and annotation is not None:
        yield annotation


def _item_annotation(annotation: Any) -> Any:
    for member in _members(annotation):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return None


def _model_for(annotation: Any, value: Any) -> Any:
    """The model class a value of this annotation was validated as (for a union: the one whose
    fields cover the value's keys)."""
    if not isinstance(value, dict):
        return None
    models = [m for m in _members(annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    for m in models:
        written = {info.alias or name for name, info in m.model_fields.items()} | set(m.model_fields)
        if set(value) <= written:
            return m
    return models[0] if models else None


def _bounds(field: FieldInfo | None) -> Bounds:
    if field is None:
        return Bounds()
    low = high = None
    low_open = high_open = False
    for m in field.metadata:
        if isinstance(m, annotated_types.Ge):
            low, low_open = float(m.ge), False  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Gt):
            low, low_open = float(m.gt), True  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Le):
            high, high_open = float(m.le), False  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Lt):
            high, high_open = float(m.lt), True  # type: ignore[arg-type]
    members = list(_members(field.annotation))
    integer = bool(members) and all(m is int for m in members)
    return Bounds(low, high, low_open, high_open, integer)


# --- parameters --------------------------------------------------------------------------------


def parse_range(text: str) -> tuple[str, float, float]:
    """'PATH=LOW:HIGH' -> (PATH, LOW, HIGH), with a one-line error for anything else."""
    path, sep, span = text.partition("=")
    low_text, colon, high_text = span.partition(":")
    try:
        if not sep or not colon or not path.strip():
            raise ValueError
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise PathError(f"--vary must look like PATH=LOW:HIGH (e.g. moves.MOVE_ID.success.base=0.3:0.7), not {text!r}") from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise PathError(f"--vary {text!r}: LOW and HIGH must be finite numbers")
    if low > high:
        raise PathError(f"--vary {text!r}: LOW {low:g} is above HIGH {high:g}")
    return path.strip(), low, high


def make_param(data: dict[str, Any], path: str, low: float, high: float) -> Param:
    """A parameter over [low, high], clipped to what its field allows (the note says so)."""
    address = resolve(data, path)
    b = address.bounds
    notes = []
    c_low, c_high = b.clip(low), b.clip(high)
    if b.integer:
        c_low, c_high = float(math.ceil(c_low - 1e-9)), float(math.floor(c_high + 1e-9))
    if (c_low, c_high) != (low, high):
        notes.append(f"{low:g}:{high:g} clipped to {c_low:g}:{c_high:g} (allowed {b.describe()})")
    if b.integer:
        notes.append("whole number: values are rounded")
    if c_low > c_high or (c_low == c_high and low != high):
        raise PathError(f"{address.path}: nothing of {low:g}:{high:g} is allowed (allowed {b.describe()})")
    if address.fills:
        notes.append("left to its default in the file: the variants write it")
    return Param(address.path, address.keys, address.value, c_low, c_high, b, "; ".join(notes), address.fills,
                 _within(data, address.keys))


def _within(data: dict[str, Any], keys: Keys) -> tuple[Keys, float, float] | None:
    """For a number that must lie within its indicator's min and max: where they are, and their
    values when the file leaves them to their defaults."""
    up = RELATIONAL.get(str(keys[-1]))
    if up is None:
        return None
    holder = keys[: len(keys) - up]
    path = _path_text(data, holder)
    try:
        return holder, resolve(data, f"{path}.min").value, resolve(data, f"{path}.max").value
    except PathError:
        return None


def vary_all(data: dict[str, Any], percent: float) -> tuple[list[Param], int]:
    """Every effect, odds and drift number, over +-percent of its own value (zeros stay zero).

    Effects: the `delta` of every effect; odds: every chance's `base` and its modifiers'
    `per_point` and `add`; drift: every decay's `rate`. Returns the parameters and how many such
    numbers were zero."""
    if not 0 < percent < 100:
        raise PathError(f"--vary-all takes a percentage between 0 and 100, not {percent:g}")
    params, zeros, seen = [], 0, set()
    for keys in _sweepable(data, (), Scenario):
        address = resolve(data, _path_text(data, keys))
        if address.keys in seen:
            continue
        seen.add(address.keys)
        if address.value == 0:
            zeros += 1
            continue
        low, high = sorted((address.value * (1 - percent / 100), address.value * (1 + percent / 100)))
        param = make_param(data, address.path, low, high)
        if param.low < param.high:
            params.append(param)
    return params, zeros


def _sweepable(node: Any, keys: Keys, model: Any) -> Iterator[Keys]:
    """Keys of every written effect delta, chance base and modifier, and decay rate below a node
    (shapes known by their model's fields, so a chance written as `{base: 0.4}` counts)."""
    if isinstance(node, dict):
        names = _field_names(model) or set(node)
        if {"base", "modifiers"} <= names and "base" in node:
            yield (*keys, "base")
            for n, m in enumerate(node.get("modifiers") or []):
                for name in ("per_point", "add"):
                    if isinstance(m, dict) and m.get(name) is not None:
                        yield (*keys, "modifiers", n, name)
        if {"rate", "toward"} <= names and "rate" in node:
            yield (*keys, "rate")
        if {"delta", "indicator"} <= names and "delta" in node:
            yield (*keys, "delta")
        for k, v in node.items():
            if isinstance(v, dict | list) and k not in ("modifiers", "history", "meta"):
                field = _field(model, k)
                if isinstance(v, list):
                    yield from _sweepable_items(v, (*keys, k), _item_annotation(field.annotation) if field else None)
                else:
                    yield from _sweepable(v, (*keys, k), _model_for(field.annotation if field else None, v))


def _sweepable_items(items: list[Any], keys: Keys, annotation: Any) -> Iterator[Keys]:
    for n, v in enumerate(items):
        yield from _sweepable(v, (*keys, n), _model_for(annotation, v))


def _path_text(data: dict[str, Any], keys: Keys) -> str:
    """A PATH for data keys, naming list items by id (or by position) so that `resolve` accepts it."""
    parts: list[str] = []
    node: Any = data
    for k in keys:
        if isinstance(k, int):
            item = node[k]
            parts.append(item["id"] if isinstance(item, dict) and "id" in item else str(k))
        else:
            parts.append(k)
        node = node[k]
    return ".".join(parts)


# --- variants ----------------------------------------------------------------------------------


def apply(data: dict[str, Any], params: Sequence[Param], values: Sequence[float]) -> tuple[dict[str, Any], list[int]]:
    """The data with each parameter set to its value (rounded when whole, clipped to its field
    and to the min and max of its indicator); returns the positions of clipped values. Only the
    mappings and lists on the way to a changed number are copied: the rest is shared with `data`,
    which is left as it was."""
    out = dict(data)
    copied: dict[Keys, Any] = {(): out}
    clipped = []
    for n, (p, value) in enumerate(zip(params, values, strict=True)):
        v = float(round(value)) if p.integer else float(value)
        for at, default in p.fills:  # fields the file left to their defaults, written on the way
            holder = _writable(out, at[:-1], copied)
            if at[-1] not in holder:
                holder[at[-1]] = json.loads(json.dumps(default))
        parent = _writable(out, p.keys[:-1], copied)
        v2 = p.bounds.clip(v)
        if p.within is not None:
            at, low, high = p.within
            holder = _read(out, at)
            v2 = min(max(v2, float(holder.get("min", low))), float(holder.get("max", high)))
        if v2 != v:
            clipped.append(n)
        parent[p.keys[-1]] = int(v2) if p.integer else v2
    return out, clipped


def _read(node: Any, keys: Keys) -> Any:
    for k in keys:
        node = node[k]
    return node


def _writable(root: dict[str, Any], keys: Keys, copied: dict[Keys, Any]) -> Any:
    """The container at `keys`, copied (with every container above it) the first time it is asked."""
    node: Any = root
    for depth in range(1, len(keys) + 1):
        prefix = keys[:depth]
        child = copied.get(prefix)
        if child is None:
            original = node[keys[depth - 1]]
            child = dict(original) if isinstance(original, dict) else list(original)
            node[keys[depth - 1]] = child
            copied[prefix] = child
        node = child
    return node


def _in_memory(name: str) -> str:
    """A variant's name as the loader reads a name with no folder ("<...>"): a variant is data, so the
    files its scenario ships beside itself (a map picture) are not looked for in the current folder."""
    return name if name.startswith("<") else f"<{name}>"


def build_variant(data: dict[str, Any], params: Sequence[Param], values: Sequence[float],
                  name: str = "<variant>") -> Scenario:
    """The variant as a validated scenario (exactly as a file is validated)."""
    variant, _ = apply(data, params, values)
    return validate_data(variant, _in_memory(name))


def check_variant(data: dict[str, Any], params: Sequence[Param], values: Sequence[float], label: str) -> list[int]:
    """Validate one variant; a one-line error naming the variant and its first problem. Returns
    the positions of values that were clipped."""
    variant, clipped = apply(data, params, values)
    try:
        validate_data(variant, _in_memory(label))
    except ScenarioError as exc:
        first = exc.first
        setting = ", ".join(f"{p.path}={v:g}" for p, v in zip(params, values, strict=True))[:300]
        raise WargameError(f"{label} is not a valid scenario: {first.path}: {first.message} "
                           f"({setting}); narrow the ranges") from None
    return clipped
