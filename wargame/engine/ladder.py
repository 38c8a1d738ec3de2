"""The escalation ladders of a live game as `transitions` state machines, one Machine per ladder.

A scenario may run several ladders at once (violence, diplomacy, the border...). Each ladder is a
Machine of its own: its states are the ladder's rungs and each scenario transition into one of them
becomes a machine transition whose condition is the guard compiled to a Python callable. Triggers
are shared: a pulled trigger is offered to every ladder, and each ladder takes at most one step per
turn (the first pulled trigger, in priority order, with a transition from its rung whose guard
holds). Every guard reads the same view (the state before any ladder steps), so the order in which
the machines are asked does not matter.

One Machine per ladder rather than one Machine with parallel states: the ladders share nothing but
the trigger names, each must stop at its own first step, and a transition must never cross ladders
(validation refuses it); separate machines say all three directly, and a one-ladder scenario keeps
exactly the first edition's machine. The kernel asks these machines for the live game's ladder
step; the batch simulator uses the numpy masks of the same guards instead (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from transitions import Machine

from wargame.engine.compiled import Compiled
from wargame.engine.predicates import BatchView, RowView


@dataclass
class LadderModel:
    """The object whose `state` one ladder's machine moves; records which transition fired."""

    state: str = ""
    current: RowView | None = None
    taken: int = -1


class LadderMachine:
    """One ladder: a transitions Machine over its rungs."""

    def __init__(self, c: Compiled, ladder: int) -> None:
        self.compiled = c
        self.ladder = ladder
        start = c.rung_ids[int(c.ladder_start[ladder])]
        self.model = LadderModel(state=start)
        self.machine = Machine(
            model=self.model,
            states=[c.rung_ids[r] for r in np.flatnonzero(c.rung_ladder == ladder)],
            initial=start,
            auto_transitions=False,
            ignore_invalid_triggers=True,
            send_event=True,
        )
        for edge in sorted(c.edges, key=lambda e: e.number):
            sources: list[Any] = [c.rung_ids[r] for r in np.flatnonzero(edge.sources)]
            if edge.ladder != ladder or not sources:
                continue
            self.machine.add_transition(
                trigger=c.trigger_ids[edge.trigger],
                source=sources,
                dest=c.rung_ids[edge.dest],
                conditions=[self._guard(edge.guard.py, edge.number)],
            )

    def _guard(self, predicate: Any, number: int) -> Any:
        def check(event: Any) -> bool:
            view = self.model.current
            assert view is not None
            if predicate(view):
                self.model.taken = number
                return True
            return False

        return check

    def set_rung(self, rung_id: str) -> None:
        self.machine.set_state(rung_id)

    def step(self, view: RowView, pulled: np.ndarray) -> tuple[int, int]:
        """(rung after, transition taken or -1): fire pulled triggers in priority order, stop at the first move."""
        c = self.compiled
        rung = int(view.rung[self.ladder])
        self.machine.set_state(c.rung_ids[rung])
        self.model.current = view
        self.model.taken = -1
        for t in np.flatnonzero(pulled):
            if self.model.trigger(c.trigger_ids[t]):  # type: ignore[attr-defined]
                break
        new_rung = c.index.rungs[self.model.state]
        return new_rung, self.model.taken if new_rung != rung else -1

    def may(self, trigger: str) -> bool:
        """Whether a trigger has any transition from this ladder's current rung (guards not checked)."""
        return bool(self.machine.get_transitions(trigger=trigger, source=self.model.state))


class LiveLadder:
    """Every ladder's machine, usable as the kernel's ladder step for a batch of one."""

    def __init__(self, c: Compiled) -> None:
        self.compiled = c
        self.machines = [LadderMachine(c, k) for k in range(c.n_ladders)]

    def __call__(self, c: Compiled, v: BatchView, pulled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Kernel ladder step: (N, L) rungs after and (N, L) transitions taken, for N = 1."""
        if v.rung.shape[0] != 1:
            raise ValueError("the live ladder plays one game; use numpy_ladder for batches")
        view = v.row(0)
        steps = [machine.step(view, pulled[0]) for machine in self.machines]
        rungs = np.array([[r for r, _ in steps]], dtype=np.int64)
        taken = np.array([[e for _, e in steps]], dtype=np.int64)
        return rungs, taken

    def set_rung(self, rung_id: str) -> None:
        """Put the ladder that owns this rung on it (a white-cell override)."""
        c = self.compiled
        self.machines[int(c.rung_ladder[c.index.rungs[rung_id]])].set_rung(rung_id)
