"""Where the shipped scenarios live, and how a name given on the command line becomes a file."""

from __future__ import annotations

from pathlib import Path

from wargame.errors import Problem, ScenarioError

DEFAULT_SCENARIO = "oct_2025_border_crisis"
FALLBACK_SCENARIO = "tutorial"


def scenario_dirs() -> list[Path]:
    """Folders searched for shipped scenarios: inside the installed package, then the repo."""
    package = Path(__file__).resolve().parent.parent
    return [p for p in (package / "_shipped" / "scenarios", package.parent / "scenarios") if p.is_dir()]


def shipped_files() -> list[Path]:
    """Every shipped scenario file, sorted by name, the first folder winning on duplicates."""
    seen: dict[str, Path] = {}
    for folder in scenario_dirs():
        for path in sorted(folder.glob("*.yaml")):
            seen.setdefault(path.name, path)
    return [seen[name] for name in sorted(seen)]


def resolve(name: str) -> Path:
    """A path if it names a file (or looks like one), else a shipped scenario found by id or file stem."""
    path = Path(name)
    if path.exists() or path.suffix in (".yaml", ".yml") or "/" in name or "\\" in name:
        return path
    found = shipped(name)
    if found is not None:
        return found
    known = ", ".join(p.stem.replace("-", "_") for p in shipped_files()) or "none"  # as ids are written
    raise ScenarioError([Problem(name, 0, 0, "", f"no such file or shipped scenario (shipped: {known})")])


def shipped(name: str) -> Path | None:
    """The shipped scenario with this id or file stem, or None; never a path of the user's."""
    for candidate in shipped_files():
        if candidate.stem == name or candidate.stem.replace("-", "_") == name:
            return _shown(candidate)
    for candidate in shipped_files():
        if _declared_id(candidate) == name:
            return _shown(candidate)
    return None


def _shown(path: Path) -> Path:
    """A shipped file as messages should name it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def default_scenario() -> str:
    """The flagship if it is shipped, else the first shipped scenario."""
    names = {p.stem.replace("-", "_") for p in shipped_files()}
    for wanted in (DEFAULT_SCENARIO, FALLBACK_SCENARIO):
        if wanted in names:
            return wanted
    files = shipped_files()
    if not files:
        raise ScenarioError([Problem("scenarios/", 0, 0, "", "no shipped scenarios found")])
    return files[0].stem


def _declared_id(path: Path) -> str | None:
    """The meta.id written in a file, read cheaply without a full load."""
    try:
        in_meta = False
        for line in path.read_text(encoding="utf-8").splitlines()[:60]:
            if line.startswith("meta:"):
                in_meta = True
            elif in_meta and line.strip().startswith("id:"):
                return line.split(":", 1)[1].strip().strip("'\"")
            elif line and not line.startswith((" ", "#")):
                in_meta = False
    except (OSError, UnicodeDecodeError):
        return None
    return None
