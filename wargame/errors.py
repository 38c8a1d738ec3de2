"""Error tiers shared by every part of the wargame.

`WargameError` is the one base class the command line catches: anything derived from it is a
user's mistake or a refused action, shown as one line, never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class WargameError(Exception):
    """Base of every error a user can cause; the CLI prints it as one line."""


@dataclass(frozen=True)
class Problem:
    """One mistake in a scenario file, located as precisely as the YAML allows."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line > 0 else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class ScenarioError(WargameError):
    """A scenario could not be loaded; holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class IllegalMoveError(WargameError):
    """A move that exists but is not allowed now (cost, cooldown, prerequisite, rung, budget)."""


class LogError(WargameError):
    """A game log that cannot be read, or that does not replay to what it records."""


class GameOverError(WargameError):
    """An action on a game that has already ended."""
