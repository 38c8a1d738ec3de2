"""The model reproduces what the sources claim (issue 4, point 4), checked over many seeded games.

Each test names the claim it checks and where the claim comes from; docs/model.md explains the
mechanics behind it. Games run on the flagship scenario with fixed seeds, so every figure here is
deterministic; the margins are several standard errors wide at these batch sizes.
"""

from __future__ import annotations

import itertools

import numpy as np

from tests.model.play import INFORMAL, compiled, every_seat, play, reached
from wargame.engine.compiled import Compiled
from wargame.engine.kernel import legal_mask
from wargame.engine.state import BatchState
from wargame.sim.batch import run_batch

N = 3000
SEED = 20251007


def mean_level(levels: np.ndarray) -> float:
    """Mean escalation level over the turns played (the start is not a turn played)."""
    return float(levels[1:].mean())


def test_integrated_formal_and_informal_reduces_escalation_more_than_either_alone() -> None:
    """Seed paper, 'Way Forward': informal channels work best integrated with official engagement."""
    c = compiled()
    level = {p: mean_level(run_batch(c, N, every_seat(c, p), SEED).levels) for p in ("integrated", "formal", "track2")}
    assert level["integrated"] < level["formal"] - 0.25, level
    assert level["integrated"] < level["track2"] - 0.25, level


def test_informal_engagement_alone_rarely_reaches_an_agreement() -> None:
    """Seed paper: Track 2 alone cannot deliver a settlement; an agreement needs a formal move."""
    c = compiled()
    alone = reached(c, run_batch(c, N, every_seat(c, "track2"), SEED).rungs, "agreement").mean()
    together = reached(c, run_batch(c, N, every_seat(c, "integrated"), SEED).rungs, "agreement").mean()
    assert alone < 0.02, alone
    assert together > 0.3, together


def test_coercion_brings_short_term_relief_and_more_escalation_later() -> None:
    """Seed paper and the Doha news report: strikes calm the pressure now, then the retaliation comes."""
    c = compiled()
    strike = c.move_ids.index("pak_airstrike")

    def strike_first(c: Compiled, st: BatchState, orders: np.ndarray) -> np.ndarray:
        if st.turn == 0:
            orders = orders.copy()
            orders[:, 0, :] = -1
            orders[:, 0, 0] = strike
        return orders

    seats = every_seat(c, "integrated")
    struck = play(c, N, seats, SEED, hook=strike_first)
    restrained = play(c, N, seats, SEED)
    for relief in ("militant_capability", "domestic_pressure"):
        assert struck.indicator(c, relief)[1].mean() < restrained.indicator(c, relief)[1].mean() - 3, relief
    later = slice(3, None)  # from the second turn after the strike on
    assert struck.levels[later].mean() > restrained.levels[later].mean() + 0.3
    hardliners = struck.indicator(c, "hardliners_afg")[2:6].mean() - restrained.indicator(c, "hardliners_afg")[2:6].mean()
    assert hardliners > 2, hardliners


def test_continuous_informal_engagement_beats_engagement_only_in_crises() -> None:
    """Seed paper: channel capital grows with repeated contact; sporadic crisis-time contact wastes it."""
    c = compiled()

    def only_in_crises(c: Compiled, st: BatchState, orders: np.ndarray) -> np.ndarray:
        informal = (orders >= 0) & (c.move_channel[np.maximum(orders, 0)] == INFORMAL)
        quiet = (c.rung_level[st.main_rung] < 4)[:, None, None]
        return np.where(informal & quiet, -1, orders)

    seats = every_seat(c, "integrated")
    continuous = play(c, N, seats, SEED)
    crisis_only = play(c, N, seats, SEED, hook=only_in_crises)
    assert mean_level(continuous.levels) < mean_level(crisis_only.levels) - 0.2
    capital = [i for i in c.indicator_ids if i.startswith("capital_")]
    held = sum(continuous.indicator(c, k)[1:].mean() for k in capital)
    scraped = sum(crisis_only.indicator(c, k)[1:].mean() for k in capital)
    assert held > scraped + 20, (held, scraped)


def test_high_profile_violence_weakens_informal_channels_for_a_while() -> None:
    """Seed paper: a high-profile attack shrinks the space for moderates and empowers hardliners."""
    c = compiled()
    seats = every_seat(c, "integrated")
    bombed = play(c, N, seats, SEED, force={4: "ttp_mass_casualty"})
    spared = play(c, N, seats, SEED)
    capital = [i for i in c.indicator_ids if i.startswith("capital_")]

    def gap(turn: int) -> float:
        return float(sum(bombed.indicator(c, k)[turn].mean() - spared.indicator(c, k)[turn].mean() for k in capital))

    assert gap(4) < -20, gap(4)  # weakened at once
    assert gap(6) < -10, gap(6)  # still weak two turns on
    assert gap(4) < gap(8) < gap(12) < 0, (gap(8), gap(12))  # recovering, slowly
    assert bombed.indicator(c, "hardliners_pak")[4].mean() > spared.indicator(c, "hardliners_pak")[4].mean() + 5


def test_mediation_raises_the_chance_of_agreement_roughly_as_the_base_rates_say() -> None:
    """ICB v14 (REFERENCE.md): agreement in about 58-62% of mediated crises, 22-25% of unmediated ones."""
    c = compiled()
    mediated, alone = [], []
    for principals in ("integrated", "formal"):
        mediated.append(reached(c, run_batch(c, N, every_seat(c, principals), SEED).rungs, "agreement").mean())
        seats = every_seat(c, principals, mediators="hold")
        alone.append(reached(c, run_batch(c, N, seats, SEED).rungs, "agreement").mean())
    with_mediator, without = float(np.mean(mediated)), float(np.mean(alone))
    assert 0.45 <= with_mediator <= 0.75, with_mediator
    assert 0.10 <= without <= 0.35, without
    assert 2.0 <= with_mediator / without <= 4.5, (with_mediator, without)


def test_no_single_policy_wins_every_game() -> None:
    """REFERENCE.md (peer tools): no fixed recipe should win every time; luck and context matter."""
    c = compiled()
    policies = ("historical", "random", "coercive", "formal", "track2", "integrated", "hold")
    scores = np.stack([run_batch(c, 2000, {"islamabad": p}, SEED).levels[1:].mean(axis=0) for p in policies])
    best = scores == scores.min(axis=0)
    share = best.mean(axis=1)
    assert share.max() < 0.75, dict(zip(policies, share, strict=True))
    assert (share > 0.05).sum() >= 3, dict(zip(policies, share, strict=True))


def test_no_loop_of_repeated_moves_dominates() -> None:
    """REFERENCE.md: diminishing returns, so repeating one or two moves never beats adapting."""
    c = compiled()
    side = c.side_ids.index("islamabad")
    own = [m for m in range(c.n_moves) if c.move_side[m] == side]
    budget = int(c.side_budget[side])
    loops = [k for r in (1, 2) for k in itertools.combinations(own, r) if c.move_cost[list(k)].sum() <= budget]
    per_loop = 200
    table = np.full((len(loops) * per_loop, 2), -1)
    for i, k in enumerate(loops):
        table[i * per_loop : (i + 1) * per_loop, : len(k)] = k

    def repeat(c: Compiled, st: BatchState, orders: np.ndarray) -> np.ndarray:
        legal = legal_mask(c, st)
        rows = np.arange(st.n)
        out = orders.copy()
        out[:, side, :] = -1
        slot = np.zeros(st.n, dtype=int)
        for b in range(2):
            m = table[:, b]
            ok = (m >= 0) & legal[rows, np.maximum(m, 0)]
            out[rows[ok], side, slot[ok]] = m[ok]
            slot += ok
        return out

    seats = every_seat(c, "integrated")
    looped = play(c, len(table), seats, SEED, hook=repeat).levels[1:].mean(axis=0).reshape(len(loops), per_loop)
    adaptive = mean_level(run_batch(c, N, seats, SEED).levels)
    best_loop = looped.mean(axis=1).min()
    assert best_loop > adaptive + 0.1, (best_loop, adaptive)
