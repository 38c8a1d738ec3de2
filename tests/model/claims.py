"""The measurements behind the sources' claims, from one team's seat: used by the claims tests (which
assert on them) and by benchmarks/model_tables.py --claims (which prints them for docs/model.md).

Every measurement seats ONE side on a policy (or rewrites only its orders) while every other side
keeps its scenario default; arms share a seed, so differences are paired game by game.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from tests.model.play import (
    FLAGSHIP,
    INFORMAL,
    Interval,
    Played,
    compiled,
    mean_of,
    one_seat,
    only_own,
    paired,
    play,
    reached,
    share_gap,
)
from wargame.engine.kernel import legal_mask
from wargame.engine.state import BatchState
from wargame.sim.summary import wilson

N = 3000
SEED = 20251007


@dataclass(frozen=True)
class Setting:
    """Where a scenario's claims are measured: the seat that varies and the parts each claim reads."""

    scenario: str
    side: str  # the seat whose policy varies; every other side keeps its default
    crisis_level: int  # the main ladder counts as "in crisis" at this level or above
    relief: tuple[str, ...] = ()  # indicators a coercive move lowers at once (claim 3)
    informal_move: str | None = None  # an informal move of `side` with a strength rule (claim 5)
    capital: str | None = None  # the channel that move builds
    high_profile: str | None = None  # the high-profile violent inject after which it achieves less
    mediators: str | None = None  # the mediating side (claim 6)


FLAG = Setting(FLAGSHIP, "islamabad", 4, ("militant_capability", "domestic_pressure"),
               "pak_elders_jirga", "capital_tribal", "ttp_mass_casualty", "mediators")
TORKHAM = Setting("torkham_closure_2025", "islamabad", 5)
HORIZON = Setting("long_horizon_2021", "islamabad", 4, ("militant_capability", "domestic_pressure"), mediators="mediators")
TESSEL = Setting("river_tessel", "aldmere", 4, informal_move="ald_engineers", capital="capital_engineers",
                 high_profile="bus_attack")
SETTINGS = {s.scenario: s for s in (FLAG, TORKHAM, HORIZON, TESSEL)}

# Where each claim applies (docs/model.md says why the others do not).
TRACKS = [FLAG, TORKHAM, HORIZON]
AGREEMENT = [FLAG, TORKHAM, HORIZON, TESSEL]
COERCION = [FLAG, HORIZON]
CONTINUITY = [FLAG, TORKHAM, HORIZON]
STRENGTH = [FLAG, TESSEL]
MEDIATION = [FLAG, HORIZON]


@cache
def arm(scenario: str, seats: tuple[tuple[str, str], ...] = (), n: int = N) -> Played:
    """N games of a scenario with the given seats and every other side on its default."""
    return play(compiled(scenario), n, dict(seats), SEED)


def seated(s: Setting, policy: str, n: int = N) -> Played:
    return arm(s.scenario, tuple(one_seat(s.side, policy).items()), n)


def tracks(s: Setting, n: int = N) -> dict[str, Interval]:
    """Cumulative escalation of integrated play and of each track alone, and each track's gap above it."""
    c = compiled(s.scenario)
    integrated = seated(s, "integrated", n).cumulative(c)
    out = {"integrated": mean_of(integrated)}
    for alone in ("formal", "track2"):
        single = seated(s, alone, n).cumulative(c)
        out[alone] = mean_of(single)
        out[f"{alone} - integrated"] = paired(single, integrated)
    return out


def agreement(s: Setting, n: int = N) -> dict[str, tuple[float, float, float]]:
    """Share of games reaching an agreement rung (with its Wilson interval) for track2 and integrated."""
    c = compiled(s.scenario)
    out = {}
    for policy in ("track2", "integrated"):
        reach = reached(c, seated(s, policy, n).paths, "agreement")
        out[policy] = (float(reach.mean()), *wilson(int(reach.sum()), reach.size))
    return out


def coercion(s: Setting, n: int = N) -> dict[str, Interval]:
    """Relief after two turns (integrated minus coercive, per relieved indicator) and escalation from
    the sixth turn on (coercive minus integrated)."""
    c = compiled(s.scenario)
    coercive, integrated = seated(s, "coercive", n), seated(s, "integrated", n)
    out = {f"relief of {k} after turn 2": paired(integrated.indicator(c, k)[2], coercive.indicator(c, k)[2]) for k in s.relief}
    later = slice(5, None)
    out["coercive - integrated, turns 6 on"] = paired(coercive.cumulative(c, later), integrated.cumulative(c, later))
    return out


def continuity(s: Setting, n: int = N) -> dict[str, Interval]:
    """Crisis-only informal engagement against continuous: cumulative escalation and capital held."""
    c = compiled(s.scenario)

    def in_crisis_only(st: BatchState, orders: np.ndarray) -> np.ndarray:
        informal = (orders >= 0) & (c.move_channel[np.maximum(orders, 0)] == INFORMAL)
        return ~informal | (c.rung_level[st.rung[:, 0]] >= s.crisis_level)[:, None]

    continuous = seated(s, "integrated", n)
    sporadic = play(c, n, one_seat(s.side, "integrated"), SEED, hook=only_own(c, s.side, in_crisis_only))
    capital = [k for k in c.indicator_ids if k.startswith("capital_")]
    held = sum(continuous.indicator(c, k)[1:].mean(axis=0) for k in capital)
    scraped = sum(sporadic.indicator(c, k)[1:].mean(axis=0) for k in capital)
    return {
        "continuous": mean_of(continuous.cumulative(c)),
        "crisis only": mean_of(sporadic.cumulative(c)),
        "crisis only - continuous": paired(sporadic.cumulative(c), continuous.cumulative(c)),
        "capital held, continuous - crisis only": paired(held, scraped),  # type: ignore[arg-type]
    }


def strength(s: Setting, n: int = N) -> dict[str, Interval]:
    """What the side's informal move achieves (its channel's gain two turns on, in games where it
    worked) right after a forced high-profile attack, and without one."""
    c = compiled(s.scenario)
    assert s.informal_move and s.capital and s.high_profile
    move = c.move_ids.index(s.informal_move)
    side = c.side_ids.index(s.side)

    def alone_on_turn_4(order: int) -> object:
        def hook(cc: object, st: BatchState, orders: np.ndarray) -> np.ndarray:
            if st.turn != 3:
                return orders
            out = orders.copy()
            out[:, side] = -1
            if order >= 0:
                out[legal_mask(c, st)[:, order], side, 0] = order
            return out

        return hook

    out = {}
    for attacked in (True, False):
        force = {3: s.high_profile} if attacked else None
        with_it = play(c, n, {}, SEED, hook=alone_on_turn_4(move), force=force)  # type: ignore[arg-type]
        without = play(c, n, {}, SEED, hook=alone_on_turn_4(-1), force=force)  # type: ignore[arg-type]
        worked = with_it.ok[3][:, side, 0] & (with_it.orders[3][:, side, 0] == move)
        gain = with_it.indicator(c, s.capital)[5] - without.indicator(c, s.capital)[5]
        out["after the attack" if attacked else "without it"] = mean_of(gain[worked])
    return out


def mediation(s: Setting, n: int = N) -> dict[str, tuple[float, float, float]]:
    """Agreement reached with the mediators on their default and on 'hold' (Wilson intervals)."""
    assert s.mediators is not None
    c = compiled(s.scenario)
    out = {}
    for label, seats in (("mediated", ()), ("unmediated", ((s.mediators, "hold"),))):
        reach = reached(c, arm(s.scenario, seats, n).paths, "agreement")
        out[label] = (float(reach.mean()), *wilson(int(reach.sum()), reach.size))
    return out


def mediation_gap(s: Setting, n: int = N) -> Interval:
    assert s.mediators is not None
    c = compiled(s.scenario)
    mediated = reached(c, arm(s.scenario, (), n).paths, "agreement")
    unmediated = reached(c, arm(s.scenario, ((s.mediators, "hold"),), n).paths, "agreement")
    return share_gap(mediated, unmediated)
