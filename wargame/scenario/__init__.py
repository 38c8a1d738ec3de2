"""The scenario format: models, safe loading and authoring checks.

    >>> from wargame.scenario import load
    >>> scenario = load("tutorial")          # a shipped id, a path, or YAML text
"""

from wargame.errors import Problem, ScenarioError
from wargame.scenario.loader import format_path, load, load_text
from wargame.scenario.models import SCHEMA_VERSION, Scenario

__all__ = ["SCHEMA_VERSION", "Problem", "Scenario", "ScenarioError", "format_path", "load", "load_text"]
