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
MAX_DEPTH = 100

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
        raise _syntax_error(exc, filename, text) from None
    except yaml.reader.ReaderError as exc:
        line, col = _offset_to_position(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise _one(filename, line, col, f"control character U+{char:04X} is not allowed in YAML text") from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise _one(filename, 1, 1, f"YAML error: {message}") from None
    except UnicodeEncodeError as exc:  # text made from undecodable bytes (surrogates), not a file
        line, col = _offset_to_position(text, exc.start)
        raise _one(filename, line, col, "text holds characters that are not valid Unicode") from None
    if node is None:
        raise _one(filename, 1, 1, "file holds no YAML document")
    _check_expansion(node, filename)
    builder = _Builder(filename)
    data = builder.build(node, ())
    if builder.problems:
        raise ScenarioError(builder.problems)
    return data, builder.source_map


def _syntax_error(exc: yaml.MarkedYAMLError, filename: str, text: str) -> ScenarioError:
    """One line for a YAML syntax error: where it was noticed, and where the construct began."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = " ".join((exc.problem or exc.context or "malformed YAML").split())
    lines = text.splitlines()
    if 0 < line <= len(lines) and lines[line - 1][col - 1 : col] == "\t":
        reason += " (a tab: YAML indents with spaces only)"
    context = exc.context_mark
    if exc.context and context is not None and context.line + 1 != line:
        reason += f" ({' '.join(exc.context.split())} that began on line {context.line + 1})"
    return _one(filename, line, col, f"YAML syntax error: {reason}")


def _offset_to_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_expansion(root: yaml.Node, filename: str) -> None:
    """Refuse alias cycles, deep nesting and alias bombs before building anything.

    Each distinct node is sized once (memoised), so a "billion laughs" document is measured in
    microseconds instead of being expanded.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            line, col = _pos(node)
            raise _one(filename, line, col, "an alias refers to the value that contains it (a loop)")
        if depth > MAX_DEPTH:
            line, col = _pos(node)
            raise _one(filename, line, col, f"values are nested more than {MAX_DEPTH} levels deep")
        on_path.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node, depth + 1) + size(value_node, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
        on_path.discard(key)
        if total > MAX_NODES:
            line, col = _pos(node)
            raise _one(
                filename,
                line,
                col,
                f"document expands to more than {MAX_NODES:,} values (aliases nested too deep?)",
            )
        sizes[key] = total
        return total

    size(root, 0)


class _Builder:
    """Turns composed nodes into plain data, collecting every local problem rather than the first."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.source_map = SourceMap()
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, message: str, path: Path = ()) -> None:
        line, col = _pos(node)
        self.problems.append(Problem(self.filename, line, col, _dotted(path), message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.source_map.values.setdefault(path, _pos(node))
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, f"tag {node.tag!r} is not allowed; use plain YAML")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, path)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if not isinstance(source, dict):
                        self.problem(value_node, "'<<' must merge a mapping")
                        continue
                    for k, v in source.items():
                        result.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "mapping keys must be plain text")
                continue
            key = str(key_node.value)
            if key in result:
                self.problem(key_node, f"key {key!r} appears twice")
                continue
            self.source_map.keys[path + (key,)] = _pos(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        try:
            if tag == "tag:yaml.org,2002:int":
                return _CONSTRUCT.construct_yaml_int(node)
            if tag == "tag:yaml.org,2002:float":
                return _CONSTRUCT.construct_yaml_float(node)
            if tag == "tag:yaml.org,2002:bool":
                return _CONSTRUCT.construct_yaml_bool(node)
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            # PyYAML's converters fail in several ways on odd explicit tags: `!!int ""`, `!!int _`,
            # `!!int "-"`, `!!float ""`, `!!bool 1`; each is the author's mistake, said in one line
            kind = "true or false" if tag.endswith(":bool") else "a number"
            self.problem(node, f"cannot read {_clip(node.value)!r} as {kind}", path)
            return None
        if tag == "tag:yaml.org,2002:null":
            return None
        return str(node.value)  # strings, and dates kept as written


def _dotted(path: Path) -> str:
    """('moves', 2, 'cost') -> 'moves[2].cost' (as the loader names fields)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _one(filename: str, line: int, col: int, message: str) -> ScenarioError:
    return ScenarioError([Problem(filename, line, col, "", message)])
