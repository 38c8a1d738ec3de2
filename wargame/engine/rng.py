"""Explicit chance: every random number comes from a generator made for one turn and one purpose.

A turn's generators are seeded from SeedSequence([game_seed, turn, stream]). A live game draws a
vector of the scenario's fixed draw layout; a batch draws a matrix with one row per game, so a
batch of one seeded like a live game consumes exactly the same numbers.
"""

from __future__ import annotations

import numpy as np

ADJUDICATION = 0  # move success, hazards, effect noise
FOG = 1  # what each side observes
POLICY = 2  # choices of AI sides (the random policy)
ADVISOR = 3  # the advisor's own rollouts, never the game's


def turn_generator(seed: int, turn: int, stream: int) -> np.random.Generator:
    """The generator for one purpose in one turn of one game (or of one batch)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), int(turn), int(stream)])))


def uniforms(seed: int, turn: int, stream: int, shape: tuple[int, ...]) -> np.ndarray:
    """Uniform draws in [0, 1) of the given shape for this turn and stream."""
    return turn_generator(seed, turn, stream).random(shape)


def normals(seed: int, turn: int, stream: int, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normal draws of the given shape for this turn and stream."""
    return turn_generator(seed, turn, stream).standard_normal(shape)
