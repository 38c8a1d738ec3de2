"""The rules engine: pure (no pygame, no files, no clock, no global random state).

    >>> from wargame.engine import Game
    >>> game = Game.new(scenario, seed=7)
    >>> game.submit("north", ["envoy"]); record = game.resolve()
"""

from wargame.engine.compiled import Compiled, compile_scenario
from wargame.engine.game import HUMAN, Game, MoveOption
from wargame.engine.policies import POLICIES
from wargame.engine.replay import ReplayResult, fork, replay, resume, verify_lines

__all__ = [
    "HUMAN",
    "POLICIES",
    "Compiled",
    "Game",
    "MoveOption",
    "ReplayResult",
    "compile_scenario",
    "fork",
    "replay",
    "resume",
    "verify_lines",
]
