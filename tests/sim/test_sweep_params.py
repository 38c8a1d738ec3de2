"""The PATH grammar of sweeps: numbers named by ids, effects by indicator, short forms, legal
ranges, clipping, and one-line errors that name the unknown part and what exists there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.errors import WargameError
from wargame.scenario import load
from wargame.scenario.loader import validate_data
from wargame.sim.sweep_params import (
    PathError,
    apply,
    build_variant,
    check_variant,
    make_param,
    parse_range,
    resolve,
    scenario_data,
    vary_all,
)

TOY = Path(__file__).parent / "fixtures" / "sweep_toy.yaml"


@pytest.fixture(scope="module")
def data() -> dict:
    return scenario_data(load(TOY))


def test_scenario_data_validates_back_to_the_same_scenario() -> None:
    scenario = load("tutorial")
    again = validate_data(scenario_data(scenario), "<copy>")
    assert again.model_dump() == scenario.model_dump()


@pytest.mark.parametrize(("path", "canonical", "value"), [
    ("moves.strike.on_success.threat", "moves.strike.on_success.threat.delta", -13.0),
    ("moves.strike.effects.threat", "moves.strike.on_success.threat.delta", -13.0),  # the short form
    ("moves.strike.on_success.0.delta", "moves.strike.on_success.threat.delta", -13.0),  # by position
    ("moves.talk.success", "moves.talk.success.base", 0.5),  # a chance means its base
    ("injects.flareup.hazard.base", "injects.flareup.hazard.base", 0.3),
    ("injects.flareup.hazard.modifiers.0.per_point", "injects.flareup.hazard.modifiers.0.per_point", 0.01),
    ("indicators.mood.drift", "indicators.mood.decay.rate", 0.2),  # drift means decay.rate
    ("indicators.mood.decay", "indicators.mood.decay.rate", 0.2),  # a decay means its rate
    ("indicators.threat.initial", "indicators.threat.initial", 60.0),
    ("rules.repeat_penalty", "rules.repeat_penalty", 0.6),  # any field, no code for it here
    ("turns.count", "turns.count", 6.0),
    ("moves.strike.cooldown", "moves.strike.cooldown", 0.0),  # left to its default in the file
    ("indicators.threat.max", "indicators.threat.max", 100.0),
])
def test_paths_name_numbers(data: dict, path: str, canonical: str, value: float) -> None:
    address = resolve(data, path)
    assert address.path == canonical
    assert address.value == value


def test_bounds_come_from_the_fields(data: dict) -> None:
    base = resolve(data, "moves.talk.success.base").bounds
    assert (base.low, base.high, base.integer) == (0.0, 1.0, False)
    rate = resolve(data, "indicators.mood.decay.rate").bounds
    assert rate.low == 0.0 and rate.low_open and rate.high == 1.0
    assert resolve(data, "turns.count").bounds.integer


@pytest.mark.parametrize(("path", "says"), [
    ("moves.punch.cost", "unknown part 'punch' in moves.punch.cost: moves has strike, talk"),
    ("moves.strike.price", "unknown part 'price' in moves.strike.price: moves.strike has on_success, cost, cooldown, success"),
    ("moves.strike.effects.mood", "unknown part 'mood' in moves.strike.effects.mood: moves.strike.on_success has effects on threat (or position 0)"),
    ("indicators.mood.decay.speed", "unknown part 'speed' in indicators.mood.decay.speed: indicators.mood.decay has toward, rate"),
    ("injects.flareup.hazard.modifiers.3", "modifiers is a list with position 0"),
    ("indicators.threat.drift", "indicators.threat.decay is not set in the scenario"),  # no decay, no drift
    ("moves.strike", "names a group of fields, not a number"),
    ("meta.title", "is text 'Sweep toy', not a number"),
    ("moves", "is a list, not a number"),
    ("moves..cost", "empty part"),
])
def test_unknown_parts_are_named_in_one_line(data: dict, path: str, says: str) -> None:
    with pytest.raises(PathError) as caught:
        resolve(data, path)
    message = str(caught.value)
    assert says in message
    assert "\n" not in message


def test_several_effects_on_one_indicator_need_a_position() -> None:
    data = scenario_data(load(TOY))
    move = data["moves"][0]
    move["on_success"] = [{"indicator": "threat", "delta": -5.0, "delay": 0, "noise": 0.0},
                          {"indicator": "threat", "delta": -2.0, "delay": 2, "noise": 0.0}]
    with pytest.raises(PathError, match=r"2 effects on 'threat'.*position \(0, 1\)"):
        resolve(data, "moves.strike.on_success.threat")
    assert resolve(data, "moves.strike.on_success.1").value == -2.0
    assert resolve(data, "moves.strike.on_success.1").path == "moves.strike.on_success.1.delta"


def test_ranges_are_clipped_to_what_the_field_allows(data: dict) -> None:
    p = make_param(data, "moves.talk.success.base", 0.4, 1.3)
    assert (p.low, p.high) == (0.4, 1.0)
    assert "clipped to 0.4:1" in p.note and "[0, 1]" in p.note
    whole = make_param(data, "turns.count", 3.5, 8.2)
    assert (whole.low, whole.high) == (4.0, 8.0) and "rounded" in whole.note
    with pytest.raises(PathError, match="nothing of 2:5 is allowed"):
        make_param(data, "moves.talk.success.base", 2, 5)


@pytest.mark.parametrize("text", ["moves.x", "moves.x=1", "moves.x=a:b", "=1:2", "moves.x=inf:2"])
def test_malformed_ranges(text: str) -> None:
    with pytest.raises(PathError):
        parse_range(text)


def test_low_above_high() -> None:
    with pytest.raises(PathError, match="LOW 3 is above HIGH 1"):
        parse_range("moves.x=3:1")


def test_vary_all_takes_the_effects_odds_and_drift_the_author_wrote(data: dict) -> None:
    params, zeros = vary_all(data, 20)
    paths = {p.path for p in params}
    assert paths == {  # the strike's odds are left to their default (certain): not the author's guess
        "moves.strike.on_success.threat.delta",
        "moves.talk.on_success.mood.delta", "moves.talk.success.base",
        "injects.flareup.hazard.base", "injects.flareup.hazard.modifiers.0.per_point",
        "injects.calmdown.hazard.base", "indicators.mood.decay.rate",
    }
    assert zeros == 0
    strike = next(p for p in params if p.path == "moves.strike.on_success.threat.delta")
    assert (strike.low, strike.high) == pytest.approx((-15.6, -10.4))  # negative numbers keep low < high


def test_vary_all_clips_to_the_field() -> None:
    data = scenario_data(load(TOY))
    data["moves"][0]["success"] = {"base": 0.9}
    certain = next(p for p in vary_all(data, 20)[0] if p.path == "moves.strike.success.base")
    assert (certain.low, certain.high) == (pytest.approx(0.72), 1.0) and "clipped to 0.72:1" in certain.note


def test_fields_left_to_their_defaults_can_be_varied(data: dict) -> None:
    odds = make_param(data, "moves.strike.success.base", 0.5, 0.9)
    assert odds.base == 1.0 and "left to its default" in odds.note
    penalty = make_param(data, "rules.repeat_penalty", 0.4, 0.8)
    variant = build_variant(data, [odds, penalty], [0.7, 0.5])
    assert variant.move("strike").success.base == 0.7 and variant.rules.repeat_penalty == 0.5
    assert "rules" not in data and "success" not in data["moves"][0]  # the base data are untouched


def test_a_field_the_files_version_lacks_is_refused_by_validation(data: dict) -> None:
    scale = make_param(data, "index.tier_scale", 0.05, 0.2)  # a version-2 field, in a version-1 file
    with pytest.raises(WargameError, match=r"variant 1 is not a valid scenario: index: 'index' needs format version 2"):
        check_variant(data, [scale], [0.08], "variant 1")


def test_vary_all_leaves_zeros_alone() -> None:
    data = scenario_data(load(TOY))
    data["moves"][1]["on_success"][0]["delta"] = 0.0
    params, zeros = vary_all(data, 20)
    assert zeros == 1
    assert "moves.talk.on_success.mood.delta" not in {p.path for p in params}


def test_apply_changes_a_copy_only(data: dict) -> None:
    before = json.dumps(data, sort_keys=True)
    params = [make_param(data, "moves.strike.effects.threat", -30, -5), make_param(data, "turns.count", 3, 9)]
    variant, clipped = apply(data, params, [-20.5, 4.6])
    assert json.dumps(data, sort_keys=True) == before
    assert variant["moves"][0]["on_success"][0]["delta"] == -20.5
    assert variant["turns"]["count"] == 5 and isinstance(variant["turns"]["count"], int)  # rounded
    assert clipped == []
    assert variant["moves"][1] is data["moves"][1]  # what does not change is shared, not copied
    assert build_variant(data, params, [-20.5, 4.6]).turns.count == 5


def test_initial_values_stay_within_their_indicator() -> None:
    data = scenario_data(load(TOY))
    params = [make_param(data, "indicators.threat.max", 50, 100), make_param(data, "indicators.threat.initial", 0, 100)]
    variant, clipped = apply(data, params, [70.0, 90.0])
    assert variant["indicators"][0]["initial"] == 70.0 and clipped == [1]
    assert check_variant(data, params, [70.0, 90.0], "variant 1") == [1]


def test_an_invalid_variant_is_a_one_line_error() -> None:
    data = scenario_data(load(TOY))
    params = [make_param(data, "indicators.threat.min", 0, 80)]  # min above max 100 is fine, min above initial is not
    with pytest.raises(WargameError) as caught:
        check_variant(data, params, [70.0], "variant 3")
    message = str(caught.value)
    assert message.startswith("variant 3 is not a valid scenario: indicators[0].initial: initial 60 is outside")
    assert "indicators.threat.min=70" in message and "\n" not in message
