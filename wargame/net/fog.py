"""What each seat of a split room may see: the fog, enforced by the host before anything is sent.

The room (the projector, observers, and every team after resolution) sees what the hot-seat table
shows the whole room: the ladder, the turn's story with the odds and rolls, the orders and stated
intents once resolved, and slow effects as the resolution screen prints them (whole numbers). It
never sees true indicator values, any side's estimates, the state hash, or the exact effect of each
move (which would add up to the truth). A team sees, besides, its own side's estimates, cards,
sealed orders and advice. The whole log, truth included, goes out only when the game is over.

Turn records are filtered by lists of what is public, not of what is secret: a field the engine
adds later stays hidden until someone decides it is public (tests/net/test_fog.py names them all).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from wargame.engine import Game
from wargame.net.protocol import MoveCard, Orders, TeamView

PUBLIC_TURN_FIELDS = frozenset({"type", "turn", "date", "orders", "draws", "events", "rung", "level", "narrative",
                                "rungs", "levels", "flags"})
PRIVATE_TURN_FIELDS = frozenset({"state", "observed", "state_hash", "hash", "prev"})
PUBLIC_EVENTS: dict[str, frozenset[str]] = {
    "move": frozenset({"kind", "side", "id", "channel", "mechanism", "tier", "ok", "p", "trigger", "place", "flags"}),
    "inject": frozenset({"kind", "id", "actor", "how", "tier", "trigger", "place", "flags", "phase"}),
    "ladder": frozenset({"kind", "from", "to", "trigger", "transition", "cause", "place", "flags", "ladder"}),
    "arrival": frozenset({"kind"}),  # its effects are added below, rounded as the screen shows them
}
PRIVATE_EVENT_FIELDS = frozenset({"effects", "scheduled", "scale", "strength"})  # strength is read from the state
PRIVATE_EVENTS = frozenset({"drift", "rung_effects"})  # what drift and the rung did: the truth in detail


def public_turn(record: dict[str, Any]) -> dict[str, Any]:
    """A turn record as the room may see it (see the module docstring)."""
    out = {k: v for k, v in record.items() if k in PUBLIC_TURN_FIELDS}
    events = []
    for event in record.get("events", []):
        keep = PUBLIC_EVENTS.get(event.get("kind", ""))
        if keep is None:
            continue
        shown = {k: v for k, v in event.items() if k in keep}
        if event["kind"] == "arrival":
            shown["effects"] = {k: float(round(v)) for k, v in event.get("effects", {}).items() if abs(v) >= 0.5}
        events.append(shown)
    out["events"] = events
    return out


def visible_estimates(game: Game, side: str) -> dict[str, float | None]:
    """The side's own estimates of the indicators it may see (the others are not sent at all)."""
    seen = game.observed[side]
    return {
        ind.id: seen.get(ind.id)
        for ind in game.scenario.indicators
        if ind.observed_by is None or side in ind.observed_by
    }


def team_view(game: Game, side: str, advice: dict[str, Any] | None, advice_pending: bool) -> TeamView:
    """Everything one team's own table shows for its side now."""
    sealed = game.sealed_orders(side)
    return TeamView(
        side=side,
        turn=game.turn,
        estimates=visible_estimates(game, side),
        moves=[MoveCard(**_listed(asdict(o))) for o in game.legal_moves(side)] if not game.over else [],
        sealed=Orders(moves=list(sealed.moves), intent=sealed.intent) if sealed is not None else None,
        advice=advice,
        advice_pending=advice_pending,
    )


def _listed(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
