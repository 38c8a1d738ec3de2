"""History as forced chance: a scenario's recorded path replayed exactly, and its likelihood.

A scenario's `history` is a script of orders and a sequence of chance outcomes: which scripted
moves worked (all but those listed in `failed`) and which chance injects fired on which turn
(`history.injects`). Replaying history forces every one of those outcomes instead of drawing it
(`kernel.ForcedRolls`); white-cell injects listed there are forced as the white cell would. The
probability the model gave each forced outcome is recorded with it, so the log carries the
likelihood of history under the model, turn by turn. A game may follow history for its first N
turns and then play on (`Game.new(..., history=N)`: a fork "as it was" at turn N).

`history_problems(scenario)` replays the whole history and lists, as (path, message) pairs that the
scenario loader locates in the file, everything that keeps the replay from being history: orders
that are not legal on their turn along the recorded path, outcomes the model gives no chance, listed
injects that could not fire, and turns where the replay leaves `history.path` / `history.paths`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from wargame.engine.compiled import Compiled
from wargame.engine.kernel import ForcedRolls
from wargame.scenario.models import Scenario, ScriptedOrder

if TYPE_CHECKING:
    from wargame.engine.game import Game

Found = tuple[tuple[Any, ...], str]
HISTORY = "history"  # the `by` of orders taken from the script


def span(s: Scenario) -> int:
    """Turns the history covers: its last order, inject or path entry (0 without a history)."""
    h = s.history
    if h is None:
        return 0
    turns = [len(h.path), *(len(p) for p in h.paths.values())]
    turns += [o.turn for o in h.orders] + [e.turn for e in h.injects]
    return min(max(turns, default=0), s.turns.count)


@dataclass(frozen=True)
class TurnScript:
    """One turn of the history: each side's scripted orders and the injects that happened."""

    orders: dict[str, tuple[int, ScriptedOrder]] = field(default_factory=dict)  # side -> (index, order)
    injects: list[tuple[int, str]] = field(default_factory=list)  # (index in history.injects, inject id)


def script(s: Scenario) -> dict[int, TurnScript]:
    """The history turn by turn (turns without an entry are absent)."""
    out: dict[int, TurnScript] = {}
    if s.history is None:
        return out
    for i, order in enumerate(s.history.orders):
        out.setdefault(order.turn, TurnScript()).orders[order.side] = (i, order)
    for i, event in enumerate(s.history.injects):
        out.setdefault(event.turn, TurnScript()).injects.append((i, event.inject))
    return out


def turn_script(c: Compiled, turn: int) -> TurnScript:
    return c.derived("history.script", lambda: script(c.scenario)).get(turn, TurnScript())


def white_cell_injects(c: Compiled, turn: int) -> list[str]:
    """Injects of the history's turn that only the white cell fires (no hazard, not scripted): forced."""
    return [j for _, j in turn_script(c, turn).injects
            if not c.inject_has_hazard[c.inject_ids.index(j)] and not c.inject_at_turn[c.inject_ids.index(j)]]


def rolls(c: Compiled, turn: int, orders: np.ndarray) -> ForcedRolls:
    """The forced chance outcomes of a history turn for the orders (1, S, B) being played: scripted
    moves work unless listed as failed; hazard injects fire exactly when listed for the turn."""
    ts = turn_script(c, turn)
    moves = np.full((c.n_sides, c.slots), -1, dtype=np.int8)
    for s_index, side in enumerate(c.side_ids):
        failed = set(ts.orders[side][1].failed) if side in ts.orders else set()
        for b, m in enumerate(orders[0, s_index]):
            if m >= 0:
                moves[s_index, b] = 0 if c.move_ids[m] in failed else 1
    hazards = np.where(c.inject_has_hazard, 0, -1).astype(np.int8)
    for _, inject in ts.injects:
        j = c.inject_ids.index(inject)
        if c.inject_has_hazard[j]:
            hazards[j] = 1
    return ForcedRolls(moves=moves.reshape(-1, 1), hazards=hazards[None, :])


def outcome_chance(p: float, happened: bool) -> float:
    """The probability the model gave an outcome: p if it happened, 1 - p if not."""
    return p if happened else 1.0 - p


def log10(p: float) -> float | None:
    """log10 of a probability, None for zero (history impossible under the model)."""
    return math.log10(p) if p > 0 else None


# --- checking that the history replays ---------------------------------------------------------


def history_problems(s: Scenario) -> list[Found]:
    """Everything that keeps the forced replay of `s.history` from being the recorded history."""
    from wargame.engine.game import Game

    turns = span(s)
    if not turns:
        return []
    game = Game.new(s, 0, {side.id: "hold" for side in s.sides}, created=None, history=turns)
    found: list[Found] = []
    entries = script(s)
    left: set[str] = set()  # ladders whose replay has left the recorded path (named once)
    while not game.over and game.turn < turns:
        record = game.resolve()
        found.extend(_turn_problems(s, entries.get(record["turn"], TurnScript()), record))
        found.extend(_path_problems(s, game, record, left))
    if game.over and game.turn < turns:
        found.append((("history", "path") if s.history and s.history.path else ("history",),
                      f"the replay ends on turn {game.turn} ({game.records[-1].get('rung')}), "
                      f"but the history goes on to turn {turns}"))
    return found


def _turn_problems(s: Scenario, ts: TurnScript, record: dict[str, Any]) -> list[Found]:
    t = record["turn"]
    found: list[Found] = []
    for side, (i, order) in ts.orders.items():
        for dropped in record["orders"][side].get("dropped", []):
            j = order.moves.index(dropped["move"])
            found.append((("history", "orders", i, "moves", j),
                          f"'{dropped['move']}' cannot be ordered on turn {t} along the recorded path: {dropped['reason']}"))
    for d in record["draws"]:
        if not d.get("forced") or d.get("likelihood", 1) > 0:
            continue
        if d["kind"] == "move":
            i, order = ts.orders[d["side"]]
            where: tuple[Any, ...] = ("history", "orders", i, "moves", order.moves.index(d["move"]))
            if not d["ok"]:
                where = ("history", "orders", i, "failed", order.failed.index(d["move"]))
            what = "worked" if d["ok"] else "failed"
            found.append((where, f"history says '{d['move']}' {what} on turn {t}, but the model gives that no chance"))
        else:
            k = next((k for k, j in ts.injects if j == d["inject"]), None)
            where = ("history", "injects", k, "inject") if k is not None else ("history", "injects")
            if d["fired"] or k is None:
                found.append((where, f"history says inject '{d['inject']}' did not happen on turn {t}, "
                                     "but the model makes it certain"))
            else:
                found.append((where, f"inject '{d['inject']}' cannot happen on turn {t} along the recorded path "
                                     "(its condition does not hold, or it is cooling down or spent)"))
    return found


def _path_problems(s: Scenario, game: Game, record: dict[str, Any], left: set[str]) -> list[Found]:
    """Where the replay first leaves each ladder's recorded path (later turns then differ too)."""
    assert s.history is not None
    t = record["turn"]
    found: list[Found] = []
    wanted: dict[str, tuple[tuple[Any, ...], list[str]]] = {s.main_ladder.id: (("history", "path"), s.history.path)}
    wanted |= {k: (("history", "paths", k), p) for k, p in s.history.paths.items()}
    for ladder, (where, path) in wanted.items():
        if ladder not in left and t <= len(path) and game.rungs[ladder] != path[t - 1]:
            left.add(ladder)
            found.append((where + (t - 1,), f"after turn {t} the forced replay stands on '{game.rungs[ladder]}', "
                                           f"not '{path[t - 1]}'"))
    return found
