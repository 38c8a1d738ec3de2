"""History replays: with the recorded chance outcomes forced, every shipped history walks its record.

For each shipped scenario with a history: the scripted orders are played on their turns, every one
legal when its turn comes (nothing silently dropped), with their success forced (failure for those
listed in `failed`), the chance injects listed in `history.injects` forced to fire on their turns
and every other hazard forced not to. Every ladder must then stand, at the end of each turn, on the
rung its recorded path names, whatever the noise of the effects (400 games with different noise).
This is the kernel's forced-chance path (kernel.ForcedRolls), which `wargame run --history` uses.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wargame.engine import compile_scenario
from wargame.engine.kernel import ForcedRolls, advance, legal_mask
from wargame.engine.policies import scripted_orders
from wargame.engine.state import initial_state
from wargame.scenario import load
from wargame.scenario.catalog import shipped_files

WITH_HISTORY = [p for p in shipped_files() if load(p).history is not None and load(p).history.path]  # type: ignore[union-attr]
GAMES = 400


@pytest.mark.parametrize("path", WITH_HISTORY, ids=[p.stem for p in WITH_HISTORY])
def test_forced_history_walks_the_recorded_path_on_every_ladder(path: Path) -> None:
    s = load(path)
    history = s.history
    assert history is not None
    c = compile_scenario(s)
    recorded = {s.main_ladder.id: history.path, **history.paths}
    failed = {(o.turn, o.side): set(o.failed) for o in history.orders}
    fired: dict[int, set[str]] = {}
    for event in history.injects:
        fired.setdefault(event.turn, set()).add(event.inject)
    script = scripted_orders(c)
    st = initial_state(c, GAMES)
    noise = np.random.default_rng(7)
    for t in range(1, max(len(p) for p in recorded.values()) + 1):
        legal = legal_mask(c, st)
        moves = np.full((c.n_sides * c.slots, GAMES), -1, dtype=np.int8)
        for side in range(c.n_sides):
            for b in range(c.slots):
                m = int(script[t, side, b])
                if m < 0:
                    continue
                assert legal[:, m].all(), f"turn {t}: {c.move_ids[m]} is not legal on the recorded path"
                moves[side * c.slots + b] = 0 if c.move_ids[m] in failed.get((t, c.side_ids[side]), ()) else 1
        hazards = np.array([[inject in fired.get(t, ()) for inject in c.inject_ids]] * GAMES, dtype=np.int8)
        orders = np.ascontiguousarray(np.repeat(script[t][None], GAMES, axis=0).reshape(GAMES, -1).T)
        advance(c, st, orders, noise.random((GAMES, c.n_draws)), rolls=ForcedRolls(moves, hazards), slot_major=True)
        for k, ladder in enumerate(s.all_ladders):
            path = recorded.get(ladder.id, [])
            if t <= len(path):
                on = st.rung[:, k] == c.rung_ids.index(path[t - 1])
                assert on.all(), f"turn {t}: {ladder.id} left {path[t - 1]} in {int((~on).sum())} of {GAMES} games"
