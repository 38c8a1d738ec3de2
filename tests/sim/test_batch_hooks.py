"""run_batch's hooks: neutral hooks change no game; forced injects fire; orders hooks are played."""

from __future__ import annotations

import numpy as np

from wargame.engine import compile_scenario
from wargame.engine.kernel import StepOutcome
from wargame.engine.state import BatchState
from wargame.scenario import load
from wargame.sim.batch import run_batch


def test_neutral_hooks_change_no_game() -> None:
    c = compile_scenario(load("tutorial"))
    plain = run_batch(c, 200, {}, 3, keep_x=True)
    seen: list[tuple[int, int]] = []

    def on_turn(t: int, before: BatchState, orders: np.ndarray, outcome: StepOutcome) -> None:
        assert before.turn == t - 1 and outcome.turn == t
        assert np.array_equal(outcome.rung_before, before.rung)
        seen.append((t, int(outcome.move_ok.sum())))

    hooked = run_batch(c, 200, {}, 3, keep_x=True, orders_hook=lambda t, st, o: o,
                       forced_hook=lambda t, st: None, on_turn=on_turn)
    assert np.array_equal(plain.rungs, hooked.rungs)
    assert plain.x is not None and hooked.x is not None and np.array_equal(plain.x, hooked.x)
    assert [t for t, _ in seen] == list(range(1, hooked.rungs.shape[0]))
    assert sum(ok for _, ok in seen) > 0


def test_forced_injects_fire_and_orders_hook_is_played() -> None:
    c = compile_scenario(load("tutorial"))
    fired: dict[int, np.ndarray] = {}
    played: dict[int, np.ndarray] = {}

    def forced(t: int, st: BatchState) -> np.ndarray | None:
        if t != 2:
            return None
        mask = np.zeros((st.n, c.n_injects), dtype=bool)
        mask[:, 0] = True
        return mask

    def hold_first_side(t: int, st: BatchState, orders: np.ndarray) -> np.ndarray:
        out = orders.copy()
        out[:, 0] = -1
        return out

    def on_turn(t: int, before: BatchState, orders: np.ndarray, outcome: StepOutcome) -> None:
        fired[t] = outcome.inject_fired[:, 0] & outcome.inject_forced[:, 0]
        played[t] = orders

    run_batch(c, 50, {}, 8, orders_hook=hold_first_side, forced_hook=forced, on_turn=on_turn)
    active_at_2 = fired[2]
    assert active_at_2.any()
    assert all((orders[:, 0] == -1).all() for orders in played.values())
