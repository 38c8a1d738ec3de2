"""The escalation ladder of a live game as a `transitions` state machine.

States are the scenario's rungs; each scenario transition becomes a machine transition whose
condition is the guard compiled to a Python callable. The kernel asks this machine for the live
game's ladder step; the batch simulator uses the numpy masks of the same guards instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from transitions import Machine

from wargame.engine.compiled import Compiled
from wargame.engine.predicates import BatchView


@dataclass
class _RowView:
    """One game's view, read by the Python guards."""

    x: np.ndarray
    rung: int
    last_event: np.ndarray
    now: int


@dataclass
class LadderModel:
    """The object whose `state` the machine moves; records which transition fired."""

    state: str = ""
    current: _RowView | None = None
    taken: int = -1
    entered: list[str] = field(default_factory=list)

    def note_entry(self, event: Any) -> None:
        self.entered.append(event.transition.dest)


class LiveLadder:
    """A transitions Machine over the scenario's rungs, usable as the kernel's ladder step."""

    def __init__(self, c: Compiled) -> None:
        self.compiled = c
        self.model = LadderModel(state=c.rung_ids[c.start_rung])
        self.machine = Machine(
            model=self.model,
            states=list(c.rung_ids),
            initial=c.rung_ids[c.start_rung],
            auto_transitions=False,
            ignore_invalid_triggers=True,
            send_event=True,
            after_state_change="note_entry",
        )
        for edge in sorted(c.edges, key=lambda e: e.number):
            sources: list[Any] = [c.rung_ids[r] for r in np.flatnonzero(edge.sources)]
            if not sources:
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

    def __call__(self, c: Compiled, v: BatchView, pulled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Kernel ladder step for a batch of one: fire pulled triggers in priority order, stop at the first move."""
        if v.rung.shape[0] != 1:
            raise ValueError("the live ladder plays one game; use numpy_ladder for batches")
        rung = int(v.rung[0])
        self.machine.set_state(c.rung_ids[rung])
        self.model.current = _RowView(v.x[0], rung, v.last_event[0], v.now)
        self.model.taken = -1
        for t in np.flatnonzero(pulled[0]):
            if self.model.trigger(c.trigger_ids[t]):  # type: ignore[attr-defined]
                break
        new_rung = c.index.rungs[self.model.state]
        return np.array([new_rung]), np.array([self.model.taken if new_rung != rung else -1])

    def may(self, trigger: str) -> bool:
        """Whether a trigger has any transition from the current rung (guards not checked)."""
        return bool(self.machine.get_transitions(trigger=trigger, source=self.model.state))
