"""Safe YAML reading that remembers where every value was written.

PyYAML composes the document into nodes (which carry line and column) without constructing
Python objects; we then build plain dicts, lists and scalars ourselves, so that:
- only the standard YAML types exist (a `!!python/object` tag is refused, never run);
- aliases are expanded under a hard budget (an "alias bomb" is refused in milliseconds);
- every value and every mapping key has a recorded position for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from wargame.errors import Problem, ScenarioError

MAX_BYTES = 1_000_000
MAX_NODES = 200_000

Path = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:merge",
}

try:  # the C composer is several times faster when PyYAML was built with libyaml
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the wheel
    _Loader = yaml.SafeLoader

_CONSTRUCT = yaml.SafeLoader("")  # only its scalar converters are used


@dataclass
class SourceMap:
    """Where each value (and each mapping key) stands in the file: path -> (line, column), 1-based."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path, prefer_key: bool = True) -> tuple[int, int]:
        """Position of the deepest part of `path` that was written in the file."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefer_key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)


def decode(data: bytes, filename: str) -> str:
    """Bytes to text, refusing oversize files and naming the line of the first non-UTF-8 byte."""
    if len(data) > MAX_BYTES:
        raise _one(filename, 1, 1, f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _one(filename, line, col, "file is not valid UTF-8 text") from None


def parse(text: str, filename: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data and its source map; raises ScenarioError on any problem."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise _one(filename, 1, 1, f"text is over the limit of {MAX_BYTES:,} bytes")
    if not text.strip():
        raise _one(filename, 1, 1, "file is empty")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "malformed YAML"
        raise _one(filename, line, col, f"YAML syntax error: {reason}") from None
    except yaml.YAMLError as exc:
        raise _one(filename, 1, 1, f"YAML error: {exc}") from None
    if node is None:
        raise _one(filename, 1, 1, "file holds no YAML document")
    builder = _Builder(filename)
    data = builder.build(node, ())
    return data, builder.source_map


class _Builder:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.source_map = SourceMap()
        self.count = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _one(
                self.filename,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                f"document expands to more than {MAX_NODES:,} values (aliases nested too deep?)",
            )
        self.source_map.values.setdefault(path, _pos(node))
        if node.tag not in _STANDARD_TAGS:
            line, col = _pos(node)
            raise _one(self.filename, line, col, f"tag {node.tag!r} is not allowed; use plain YAML")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, path)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if not isinstance(source, dict):
                        line, col = _pos(value_node)
                        raise _one(self.filename, line, col, "'<<' must merge a mapping")
                    for k, v in source.items():
                        result.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _pos(key_node)
                raise _one(self.filename, line, col, "mapping keys must be plain text")
            key = str(key_node.value)
            if key in result:
                line, col = _pos(key_node)
                raise _one(self.filename, line, col, f"key {key!r} appears twice")
            self.source_map.keys[path + (key,)] = _pos(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:int":
            return _CONSTRUCT.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _CONSTRUCT.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:bool":
            return _CONSTRUCT.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:null":
            return None
        return str(node.value)  # strings, and dates kept as written


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _one(filename: str, line: int, col: int, message: str) -> ScenarioError:
    return ScenarioError([Problem(filename, line, col, "", message)])
