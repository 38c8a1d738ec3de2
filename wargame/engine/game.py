"""A live game: sealed orders, adjudication by the kernel, a chained log, facilitator actions.

The Game is pure: it takes a Scenario and a seed, returns records and log lines, and hands each
committed line to an optional `sink` (the caller decides where it goes: a file, a list, nothing).
`submit` is the checked path (it explains why a move is refused); the kernel trusts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wargame import __version__
from wargame.engine import history
from wargame.engine import rng as streams
from wargame.engine.compiled import Compiled, compile_scenario
from wargame.engine.history import HISTORY
from wargame.engine.history import span as history_span
from wargame.engine.kernel import chances, legal_mask, observe, resolve_turn
from wargame.engine.ladder import LiveLadder
from wargame.engine.policies import choose, policy_draw_shape, policy_names
from wargame.engine.record import LOG_FORMAT, Signer, canonical, clean, seal
from wargame.engine.state import FOREVER, BatchState, initial_state
from wargame.engine.turnlog import HUMAN, SealedOrders, turn_record
from wargame.errors import GameOverError, IllegalMoveError, WargameError
from wargame.scenario.conditions import describe
from wargame.scenario.models import Scenario

Sink = Callable[[str], None]


@dataclass(frozen=True)
class MoveOption:
    """A move card as one side sees it now: whether it may be ordered, why not, and its odds."""

    id: str
    label: str
    description: str
    channel: str
    mechanism: str | None
    cost: int
    tier: str
    legal: bool
    reasons: tuple[str, ...]
    odds: float  # estimated from what this side observes
    odds_notes: tuple[str, ...]


@dataclass
class Game:
    """One game in play. Build with `Game.new`, `Game.resume` or `Game.fork`."""

    scenario: Scenario
    compiled: Compiled
    seed: int
    seats: dict[str, str]
    state: BatchState
    ladder: LiveLadder
    sink: Sink | None = None
    signer: Signer | None = None  # signs every committed record (None: an unsigned log)
    log_format: int = LOG_FORMAT
    records: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    observed: dict[str, dict[str, float | None]] = field(default_factory=dict)
    advisor_on: bool = True
    history_turns: int = 0  # turns 1..history_turns follow the scenario's recorded history
    _sealed: dict[str, SealedOrders] = field(default_factory=dict)
    _forced: list[str] = field(default_factory=list)
    _history_log10: float | None = 0.0  # log10 likelihood of the history played so far (None: impossible)

    # --- making a game -------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        scenario: Scenario,
        seed: int,
        seats: dict[str, str] | None = None,
        *,
        created: str | None = None,
        teams: dict[str, str] | None = None,
        sink: Sink | None = None,
        fork: dict[str, Any] | None = None,
        signer: Signer | None = None,
        key: dict[str, Any] | None = None,
        log_format: int = LOG_FORMAT,
        history: int | None = None,
    ) -> Game:
        """A fresh game. Seats map side id to "human" or a policy name (default: the side's own).

        With a `signer`, every record is signed and the header names its public key; a replay, which
        holds no key, passes the recorded `key` and `log_format` to regenerate the header exactly.
        `history` N: turns 1..N follow the scenario's recorded history (its script's orders, its
        chance outcomes forced and logged with their probability; engine/history.py), then the
        seats play on.
        """
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
            raise WargameError(f"seed must be a whole number from 0 to 2**63-1, not {seed!r}")
        if history is not None:
            covered = history_span(scenario)
            if not covered:
                raise WargameError(f"scenario '{scenario.id}' has no history to replay")
            if not 1 <= history <= covered:
                raise WargameError(f"the history of '{scenario.id}' covers turns 1-{covered}, not {history}")
        compiled = compile_scenario(scenario)
        chosen: dict[str, str] = {side.id: str(side.default_policy) for side in scenario.sides}
        for side, seat in (seats or {}).items():
            if side not in chosen:
                raise WargameError(f"unknown side '{side}' (sides: {', '.join(chosen)})")
            if seat != HUMAN and seat not in policy_names(scenario):
                known = ", ".join(policy_names(scenario))
                raise WargameError(f"unknown seat '{seat}' for {side}: use human or one of {known}")
            if seat == "historical" and scenario.history is None:
                raise WargameError(f"scenario '{scenario.id}' has no history for the historical policy")
            chosen[side] = seat
        game = cls(
            scenario=scenario,
            compiled=compiled,
            seed=seed,
            seats=chosen,
            state=initial_state(compiled, 1),
            ladder=LiveLadder(compiled),
            sink=sink,
            signer=signer,
            log_format=log_format,
            history_turns=history or 0,
        )
        header: dict[str, Any] = {
            "type": "header",
            "format": log_format,
            "engine": __version__,
            "scenario": {
                "id": scenario.id,
                "title": scenario.title,
                "version": scenario.meta.version,
                "sha256": scenario.sha256,
                "file": scenario.source_name.replace("\\", "/").rsplit("/", 1)[-1],
            },
            "seed": seed,
            "seats": chosen,
            "teams": dict(teams or {}),
            "created": created,
        }
        if log_format >= 2:
            header["key"] = dict(signer.public) if signer is not None else key
        if fork is not None:
            header["fork"] = fork
        if history:
            header["history"] = history
        game._commit(header)
        game._observe(0)
        return game

    @classmethod
    def resume(cls, lines: list[str], scenario: Scenario, sink: Sink | None = None) -> Game:
        """The game a log describes (replayed and checked), ready to continue; new records go to `sink`."""
        from wargame.engine.replay import resume

        return resume(lines, scenario, sink)

    @classmethod
    def fork(cls, lines: list[str], scenario: Scenario, turn: int, sink: Sink | None = None) -> Game:
        """A new game repeating the log up to the end of `turn`, then open to new orders (counterfactuals)."""
        from wargame.engine.replay import fork

        return fork(lines, scenario, turn, sink)

    # --- what a side may see ------------------------------------------------------------------

    @property
    def turn(self) -> int:
        """Turns completed so far."""
        return self.state.turn

    @property
    def over(self) -> bool:
        return bool(self.state.over[0])

    @property
    def rung(self) -> str:
        """The main ladder's rung."""
        return self.compiled.rung_ids[int(self.state.rung[0, 0])]

    @property
    def rungs(self) -> dict[str, str]:
        """Every ladder's rung, main ladder first: ladder id -> rung id."""
        c = self.compiled
        return {ladder: c.rung_ids[int(r)] for ladder, r in zip(c.ladder_ids, self.state.rung[0], strict=True)}

    @property
    def flags(self) -> list[str]:
        """The flags set now, in the scenario's order."""
        c = self.compiled
        return [f for f, on in zip(c.flag_ids, self.state.flags[0], strict=True) if on]

    @property
    def truth(self) -> dict[str, float]:
        """True indicator values (for the white cell and the report, never for a team's screen)."""
        return {k: float(v) for k, v in zip(self.compiled.indicator_ids, self.state.x[0], strict=True)}

    def human_sides(self) -> list[str]:
        return [s for s, seat in self.seats.items() if seat == HUMAN]

    @property
    def in_history(self) -> bool:
        """The coming turn follows the recorded history (orders from the script, chance forced)."""
        return self.turn < self.history_turns

    def waiting_for(self) -> list[str]:
        """Human sides that have not yet sealed their orders this turn (none while history plays)."""
        if self.in_history:
            return []
        return [s for s in self.human_sides() if s not in self._sealed]

    def sealed_sides(self) -> list[str]:
        """Sides whose orders for this turn are sealed (and may still be withdrawn)."""
        return [s for s in self.compiled.side_ids if s in self._sealed]

    def legal_moves(self, side: str) -> list[MoveOption]:
        """Every move of the side, each marked legal or not with the reasons, and estimated odds."""
        c, s = self.compiled, self.scenario
        side_index = self._side_index(side)
        legal = legal_mask(c, self.state)[0]
        odds = self._estimated_odds(side)
        t = self.turn + 1
        options = []
        for m in c.side_moves[side_index]:
            move = s.moves[m]
            reasons = []
            if not c.move_rung_ok[self.state.rung[0], m].all():
                reasons.append("not possible on this rung (only: " + ", ".join(
                    s.rung(r).label for r in (move.rungs or [])) + ")")
            if self.state.move_ready[0, m] >= FOREVER:
                reasons.append("already used (it may be ordered only once)")
            elif self.state.move_ready[0, m] > t:
                reasons.append(f"cooling down until turn {int(self.state.move_ready[0, m])}")
            if move.cost > s.side(side).budget:
                reasons.append(f"costs {move.cost}, more than the budget of {s.side(side).budget}")
            if not legal[m] and not reasons and move.requires is not None:
                reasons.append("needs " + describe(move.requires))
            if self.over:
                reasons.append("the game is over")
            options.append(
                MoveOption(
                    id=move.id,
                    label=move.label,
                    description=move.description,
                    channel=move.channel.value,
                    mechanism=move.mechanism,
                    cost=move.cost,
                    tier=move.tier.value,
                    legal=bool(legal[m]),
                    reasons=tuple(reasons),
                    odds=float(odds[m]),
                    odds_notes=tuple(mod.note for mod in move.success.modifiers if mod.note),
                )
            )
        return options

    def _estimated_odds(self, side: str) -> np.ndarray:
        """Success odds computed on the side's estimates (unseen indicators at their opening value)."""
        c = self.compiled
        seen = np.array(
            [np.nan if v is None else v for v in self.observed[side].values()], dtype=float
        )
        estimate = self.state.copy()
        estimate.x = np.where(np.isnan(seen), c.ind_init, seen)[None, :]
        return chances(c, estimate)[0, : c.n_moves]

    # --- orders and resolution ----------------------------------------------------------------

    def submit(
        self, side: str, moves: Iterable[str], intent: str = "", by: str | None = None,
        dropped: list[dict[str, str]] | None = None,
    ) -> None:
        """Seal a side's orders for this turn; raises IllegalMoveError saying why a move is refused.

        `dropped` (replay only) carries the scripted moves the historical policy could not order."""
        if self.over:
            raise GameOverError("the game is over")
        s = self.scenario
        self._side_index(side)  # an unknown side is a one-line error
        if self.in_history:
            if by == HISTORY:
                return  # replaying a history turn: the game takes the orders from the script again
            raise IllegalMoveError(f"turn {self.turn + 1} follows the recorded history: its orders come from the script")
        moves = list(moves)
        if not all(isinstance(m, str) for m in moves) or not isinstance(intent, str) or not isinstance(by, str | None):
            raise IllegalMoveError("orders must name moves by their ids, with a text intent and author")
        spec = s.side(side)
        if len(moves) != len(set(moves)):
            raise IllegalMoveError("the same move is ordered twice")
        if len(moves) > spec.max_moves:
            raise IllegalMoveError(f"{spec.label} may order at most {spec.max_moves} moves a turn")
        options = {o.id: o for o in self.legal_moves(side)}
        cost = 0
        for move_id in moves:
            if move_id not in options:
                owner = next((m.side for m in s.moves if m.id == move_id), None)
                if owner is None:
                    raise IllegalMoveError(f"no move '{move_id}' in this scenario")
                raise IllegalMoveError(f"'{move_id}' is a move of {s.side(owner).label}, not {spec.label}")
            option = options[move_id]
            if not option.legal:
                raise IllegalMoveError(f"{option.label}: " + "; ".join(option.reasons))
            cost += option.cost
        if cost > spec.budget:
            raise IllegalMoveError(f"orders cost {cost}, over the budget of {spec.budget}")
        seat = self.seats[side]
        self._sealed[side] = SealedOrders(moves, intent.strip(), by or (HUMAN if seat == HUMAN else f"policy:{seat}"),
                                          list(dropped or []))

    def resolve(self) -> dict[str, Any]:
        """Adjudicate the turn once every human side has sealed orders; returns the turn record."""
        if self.over:
            raise GameOverError("the game is over")
        if self.waiting_for():
            raise IllegalMoveError("waiting for orders from " + ", ".join(self.waiting_for()))
        c, t = self.compiled, self.turn + 1
        history_turn = self.in_history
        if history_turn:
            self._seal_history(t)
        else:
            self._fill_ai_orders()
        orders = np.full((1, c.n_sides, c.slots), -1, dtype=np.int64)
        for s_index, side in enumerate(c.side_ids):
            for b, move_id in enumerate(self._sealed[side].moves):
                orders[0, s_index, b] = c.move_ids.index(move_id)
        forced = np.zeros((1, c.n_injects), dtype=bool)
        for inject_id in self._forced + (history.white_cell_injects(c, t) if history_turn else []):
            forced[0, c.inject_ids.index(inject_id)] = True
        rolls = history.rolls(c, t, orders) if history_turn else None
        draws = streams.uniforms(self.seed, t, streams.ADJUDICATION, (1, c.n_draws))
        before = self.state
        self.state, outcome = resolve_turn(
            c, before, orders, draws, forced=forced, ladder=self.ladder, details=True, rolls=rolls
        )
        self._observe(t)
        record = turn_record(self.compiled, before, self.state, outcome, self._sealed, self.observed)
        if history_turn:
            record["likelihood"] = self._likelihood(record)
        self._sealed.clear()
        self._forced.clear()
        self._commit(record)
        if self.over:
            self._commit(self._end_record())
        return record

    def play_turn(self, orders: dict[str, list[str]] | None = None) -> dict[str, Any]:
        """Submit the given orders (others by policy) and resolve: the headless shortcut."""
        for side, moves in (orders or {}).items():
            self.submit(side, moves)
        return self.resolve()

    def _scripted(self, side: str, turn: int) -> tuple[list[str], list[dict[str, str]], str]:
        """The history's orders of a side for a turn: (moves that may be ordered now, the others with
        the reason each cannot, the stated intent)."""
        entry = history.turn_script(self.compiled, turn).orders.get(side)
        if entry is None:
            return [], [], ""
        order = entry[1]
        options = {o.id: o for o in self.legal_moves(side)}
        moves = [m for m in order.moves if options[m].legal]
        dropped = [{"move": m, "reason": "; ".join(options[m].reasons)} for m in order.moves if not options[m].legal]
        return moves, dropped, order.intent

    def _seal_history(self, turn: int) -> None:
        """Every side's orders from the script (a move not possible now is dropped, and logged as such)."""
        self._sealed.clear()
        for side in self.compiled.side_ids:
            moves, dropped, intent = self._scripted(side, turn)
            self._sealed[side] = SealedOrders(moves, intent, HISTORY, dropped)

    def _likelihood(self, record: dict[str, Any]) -> dict[str, float | None]:
        """The probability the model gave this turn's forced outcomes, and the running total (log10)."""
        p = 1.0
        for d in record["draws"]:
            if d.get("forced"):
                p *= d["likelihood"]
        turn_log10 = history.log10(p)
        if self._history_log10 is not None:
            self._history_log10 = None if turn_log10 is None else self._history_log10 + turn_log10
        total = self._history_log10
        return {"p": clean(p), "log10": None if turn_log10 is None else clean(turn_log10),
                "total_log10": None if total is None else clean(total)}

    def _fill_ai_orders(self) -> None:
        for side in self.compiled.side_ids:
            policy = self.seats[side]
            if side in self._sealed or policy == HUMAN:
                continue
            if policy == "historical":  # the batch's historical policy drops the same moves, silently
                moves, dropped, _ = self._scripted(side, self.turn + 1)
                self._sealed[side] = SealedOrders(moves, "", f"policy:{policy}", dropped)
            else:
                self._sealed[side] = SealedOrders(self.policy_orders(side, policy), "", f"policy:{policy}")

    def policy_orders(self, side: str, policy: str) -> list[str]:
        """What `policy` orders for `side` this turn, from the turn's policy stream (as an AI seat would)."""
        c = self.compiled
        if policy not in policy_names(self.scenario):
            raise WargameError(f"unknown policy '{policy}': use one of {', '.join(policy_names(self.scenario))}")
        block = streams.uniforms(self.seed, self.turn + 1, streams.POLICY, policy_draw_shape(c, 1))
        fog = (  # what the sides observe now (the advisor reads its side's estimates)
            streams.normals(self.seed, self.turn, streams.FOG, (1, c.n_sides, c.n_indicators))
            if policy == "advisor" else None
        )
        picked = choose(c, self.state, legal_mask(c, self.state), self._side_index(side), policy, block, fog)[0]
        return [c.move_ids[m] for m in picked if m >= 0]

    def sealed_orders(self, side: str) -> SealedOrders | None:
        """The orders a side has sealed for the coming turn (None if it has not yet)."""
        return self._sealed.get(side)

    # --- the white cell -------------------------------------------------------------------------

    def note(self, text: str, author: str = "white cell") -> dict[str, Any]:
        """A facilitator's note, kept in the log and shown in the report."""
        if not text.strip():
            raise WargameError("a note needs some text")
        return self._commit({"type": "note", "turn": self.turn, "author": author, "text": text.strip()})

    def inject(self, inject_id: str) -> dict[str, Any]:
        """Make one of the scenario's injects fire in the coming turn, whatever its odds."""
        if self.over:
            raise GameOverError("the game is over")
        if inject_id not in self.compiled.inject_ids:
            raise WargameError(f"no inject '{inject_id}' (injects: {', '.join(self.compiled.inject_ids)})")
        if inject_id not in self._forced:
            self._forced.append(inject_id)
        return self._commit({"type": "inject", "turn": self.turn, "inject": inject_id})

    def override(
        self, reason: str, rung: str | None = None, indicators: dict[str, float] | None = None
    ) -> dict[str, Any]:
        """Change the adjudication (the rung and/or indicator values) with a written reason."""
        if not reason.strip():
            raise WargameError("an override needs a written reason")
        if self.over:
            raise GameOverError("the game is over")
        c = self.compiled
        changes: dict[str, Any] = {}
        if rung is not None:
            if rung not in c.rung_ids:
                raise WargameError(f"no rung '{rung}' (rungs: {', '.join(c.rung_ids)})")
            r = c.rung_ids.index(rung)
            k = int(c.rung_ladder[r])  # the ladder that owns the rung moves
            changes["rung"] = {"from": c.rung_ids[int(self.state.rung[0, k])], "to": rung}
            if c.n_ladders > 1:
                changes["rung"]["ladder"] = c.ladder_ids[k]
            self.state.rung[0, k] = r
            self.state.last_event[0, c.event_of_rung(r)] = self.turn
            self.ladder.set_rung(rung)
            self.state.over[0] = bool(c.rung_terminal[self.state.rung[0]].any())
        for ind, value in (indicators or {}).items():
            if ind not in c.indicator_ids:
                raise WargameError(f"no indicator '{ind}'")
            i = c.indicator_ids.index(ind)
            value = float(np.clip(value, c.ind_min[i], c.ind_max[i]))
            changes.setdefault("indicators", {})[ind] = {"from": clean(self.state.x[0, i]), "to": value}
            self.state.x[0, i] = round(value, 6)
        if not changes:
            raise WargameError("an override must change the rung or an indicator")
        record = self._commit(
            {
                "type": "override",
                "turn": self.turn,
                "reason": reason.strip(),
                "changes": changes,
                "state_hash": self.state.digest(),
            }
        )
        if self.over:
            self._commit(self._end_record())
        return record

    def set_advisor(self, on: bool) -> dict[str, Any]:
        """Switch the advisor on the move cards on or off (logged)."""
        self.advisor_on = bool(on)
        return self._commit({"type": "advisor", "turn": self.turn, "on": self.advisor_on})

    def record_advice(self, side: str, forecasts: dict[str, Any]) -> dict[str, Any]:
        """Log what the advisor showed a side, so evaluators see what the team was told."""
        self._side_index(side)
        return self._commit({"type": "advice", "turn": self.turn, "side": side, "forecasts": forecasts})

    # --- facilitator records: who plays a side, sealed orders withdrawn, the table's timer --------
    # Each is logged because it changes what happens next (or explains why orders came late);
    # replay applies them in order, where nothing is sealed yet, and must commit the same record.

    def unseal(self, side: str, reason: str = "") -> dict[str, Any]:
        """Withdraw a side's sealed orders before resolution so that its team chooses again.

        The withdrawn orders are not written anywhere: they were secret and are replaced."""
        if self.over:
            raise GameOverError("the game is over")
        self._side_index(side)
        self._sealed.pop(side, None)
        return self._commit({"type": "unseal", "turn": self.turn, "side": side, "reason": reason.strip()})

    def set_seat(self, side: str, seat: str) -> dict[str, Any]:
        """Hand a side to a team ("human") or a computer policy from this turn's orders on.

        Orders the side had sealed this turn are withdrawn: the new seat gives its own."""
        if self.over:
            raise GameOverError("the game is over")
        self._side_index(side)
        spec = self.scenario.side(side)
        if seat == HUMAN and not spec.playable:
            raise WargameError(f"{spec.label} is played by the computer only")
        if seat != HUMAN and seat not in policy_names(self.scenario):
            known = ", ".join(policy_names(self.scenario))
            raise WargameError(f"unknown seat '{seat}' for {side}: use human or one of {known}")
        if seat == "historical" and self.scenario.history is None:
            raise WargameError(f"scenario '{self.scenario.id}' has no history for the historical policy")
        before = self.seats[side]
        self.seats[side] = seat
        self._sealed.pop(side, None)
        return self._commit({"type": "seat", "turn": self.turn, "side": side, "seat": seat, "from": before})

    def timer_expired(self, side: str, seconds: int, sealed: bool) -> dict[str, Any]:
        """The table's turn timer ran out for a side (`sealed`: its orders were sealed as they stood).

        The clock belongs to the table, not the engine: the log keeps only that it ran out."""
        if self.over:
            raise GameOverError("the game is over")
        self._side_index(side)
        return self._commit({"type": "timer", "turn": self.turn, "side": side, "seconds": int(seconds),
                             "sealed": bool(sealed)})

    def pause(self) -> dict[str, Any] | None:
        """Mark a clean stop before the end (the table closed, `run --turns`), so that a log cut short
        by a crash or by hand is told apart from one set aside to resume. None for format-1 logs."""
        if self.over or self.log_format < 2:
            return None
        return self._commit({"type": "pause", "turn": self.turn})

    # --- records --------------------------------------------------------------------------------

    def _commit(self, record: dict[str, Any]) -> dict[str, Any]:
        prev = self.records[-1]["hash"] if self.records else ""
        sealed = seal(record, prev)
        if self.signer is not None:
            sealed["sig"] = self.signer.sign(sealed["hash"])
        line = canonical(sealed)
        self.records.append(sealed)
        self.lines.append(line)
        if self.sink is not None:
            self.sink(line)
        return sealed

    def _observe(self, turn: int) -> None:
        c = self.compiled
        z = streams.normals(self.seed, turn, streams.FOG, (1, c.n_sides, c.n_indicators))
        seen = observe(c, self.state.x, z)[0]
        self.observed = {
            side: {ind: clean(seen[s, i]) for i, ind in enumerate(c.indicator_ids)}
            for s, side in enumerate(c.side_ids)
        }

    def _end_record(self) -> dict[str, Any]:
        """How the game ended: on the end state a ladder entered (the first in ladder order), or at
        the time limit with the main ladder's rung deciding the outcome."""
        c = self.compiled
        on_end = [r for r in self.rungs.values() if self.scenario.rung(r).terminal]
        rung = self.scenario.rung(on_end[0] if on_end else self.rung)
        reason = "terminal rung" if rung.terminal else "last turn"
        ended_as = self.scenario.outcome_at_end(rung.id)
        outcome = ended_as.value if ended_as else ("ongoing" if not rung.terminal else None)
        record: dict[str, Any] = {"type": "end", "turn": self.turn, "reason": reason, "rung": rung.id, "outcome": outcome}
        if c.n_ladders > 1:
            record["ladder"] = self.scenario.ladder_of(rung.id)
            record["rungs"] = self.rungs
        return record

    def _side_index(self, side: str) -> int:
        try:
            return self.compiled.side_ids.index(side)
        except ValueError:
            raise WargameError(
                f"unknown side '{side}' (sides: {', '.join(self.compiled.side_ids)})"
            ) from None
