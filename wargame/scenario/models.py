"""The scenario format: every field an instructor can write, documented once, here.

The descriptions on these models become the JSON Schema (`wargame schema`) and the field
reference in docs/authoring.md, so they are written for instructors, not programmers.
Nothing in this module knows any particular crisis: names of rungs, indicators and moves are
all data.
"""

from enum import Enum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 2  # the version `wargame new` and `wargame migrate` write
READABLE_VERSIONS = (1, 2)  # version 1 files still load unchanged (see `Scenario`)
POLICY_NAMES = ("historical", "random", "coercive", "formal", "track2", "integrated", "firm_then_talk", "advisor", "hold")

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        max_length=64,
        description="A stable identifier: lower-case letters, digits and underscores.",
    ),
]
Text = Annotated[str, Field(max_length=2000)]


class Model(BaseModel):
    """Base for every scenario model: frozen, and unknown keys are mistakes."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True, allow_inf_nan=False)


# --- predicates -------------------------------------------------------------------------------


class IndicatorTest(Model):
    """Compares one indicator's true value with fixed numbers; every comparison given must hold."""

    indicator: Id = Field(description="The indicator to test.")
    gte: float | None = Field(None, description="Holds when the value is at least this.")
    gt: float | None = Field(None, description="Holds when the value is above this.")
    lte: float | None = Field(None, description="Holds when the value is at most this.")
    lt: float | None = Field(None, description="Holds when the value is below this.")

    @model_validator(mode="after")
    def _has_comparison(self) -> Self:
        if all(v is None for v in (self.gte, self.gt, self.lte, self.lt)):
            raise ValueError("give at least one of gte, gt, lte, lt")
        return self


class RungTest(Model):
    """Holds when the ladder stands on one of the listed rungs."""

    rung_in: list[Id] = Field(min_length=1, description="Rungs on which this holds.")


class LevelTest(Model):
    """Compares the escalation level of a ladder's current rung with fixed numbers."""

    ladder: Id | None = Field(None, description="Ladder whose level is read (default: the main ladder).")
    level_gte: int | None = Field(None, description="Holds when the rung's level is at least this.")
    level_lte: int | None = Field(None, description="Holds when the rung's level is at most this.")

    @model_validator(mode="after")
    def _has_bound(self) -> Self:
        if self.level_gte is None and self.level_lte is None:
            raise ValueError("give level_gte or level_lte")
        return self


class EventTest(Model):
    """Holds when an event happened recently.

    An event is a move that succeeded, an inject that fired, a rung that was entered or a trigger
    that was pulled, named by its id.
    """

    event: Id = Field(description="Id of a move, inject, rung or trigger.")
    within: int = Field(1, ge=1, le=100, description="How many turns back to look (1: last turn).")


class FlagTest(Model):
    """Holds while a flag is set (flags are declared in `flags` and set or cleared by events)."""

    flag: Id = Field(description="The flag to test.")


class TurnTest(Model):
    """Compares the turn number (the first turn is 1)."""

    turn_gte: int | None = Field(None, ge=1, description="Holds from this turn on.")
    turn_lte: int | None = Field(None, ge=1, description="Holds up to this turn.")

    @model_validator(mode="after")
    def _has_bound(self) -> Self:
        if self.turn_gte is None and self.turn_lte is None:
            raise ValueError("give turn_gte or turn_lte")
        return self


class AllOf(Model):
    """Holds when every listed condition holds."""

    all: list["Predicate"] = Field(min_length=1, description="Conditions that must all hold.")


class AnyOf(Model):
    """Holds when at least one listed condition holds."""

    any: list["Predicate"] = Field(min_length=1, description="Conditions of which one must hold.")


class NotOf(Model):
    """Holds when the condition does not."""

    not_: "Predicate" = Field(alias="not", description="The condition to negate.")


_PREDICATE_KEYS = {
    "indicator": "indicator",
    "rung_in": "rung",
    "level_gte": "level",
    "level_lte": "level",
    "event": "event",
    "flag": "flag",
    "turn_gte": "turn",
    "turn_lte": "turn",
    "all": "all",
    "any": "any",
    "not": "not",
    "not_": "not",
}


def _predicate_kind(value: Any) -> str | None:
    """Pick the predicate model from the keys an author wrote (so errors name one form only)."""
    if isinstance(value, BaseModel):
        return {
            IndicatorTest: "indicator",
            RungTest: "rung",
            LevelTest: "level",
            EventTest: "event",
            FlagTest: "flag",
            TurnTest: "turn",
            AllOf: "all",
            AnyOf: "any",
            NotOf: "not",
        }.get(type(value))
    if isinstance(value, dict):
        for key in value:
            if key in _PREDICATE_KEYS:
                return _PREDICATE_KEYS[key]
    return None


Predicate = Annotated[
    Annotated[IndicatorTest, Tag("indicator")] | Annotated[RungTest, Tag("rung")] | Annotated[LevelTest, Tag("level")] | Annotated[EventTest, Tag("event")] | Annotated[FlagTest, Tag("flag")] | Annotated[TurnTest, Tag("turn")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[NotOf, Tag("not")],
    Discriminator(
        _predicate_kind,
        custom_error_type="predicate",
        custom_error_message=(
            "a condition needs one of: indicator, rung_in, level_gte/level_lte, event, flag, "
            "turn_gte/turn_lte, all, any, not"
        ),
    ),
]


# --- chance and effects -----------------------------------------------------------------------


class Modifier(Model):
    """Shifts a probability with the state.

    Either linear in an indicator (`indicator` with `per_point`: adds per_point x (value - from))
    or a fixed amount while a condition holds (`when` with `add`).
    """

    indicator: Id | None = Field(None, description="Indicator the shift is proportional to.")
    per_point: float | None = Field(
        None, ge=-1, le=1, description="Change in probability per point of the indicator."
    )
    from_: float = Field(0.0, alias="from", description="Indicator value at which the shift is zero.")
    when: Predicate | None = Field(None, description="Condition under which `add` applies.")
    add: float | None = Field(None, ge=-1, le=1, description="Amount added while `when` holds.")
    note: Text | None = Field(None, description="Why this modifier exists (shown in the odds).")

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        linear = self.indicator is not None or self.per_point is not None
        conditional = self.when is not None or self.add is not None
        if linear == conditional:
            raise ValueError("give either indicator with per_point, or when with add")
        if linear and (self.indicator is None or self.per_point is None):
            raise ValueError("a linear modifier needs both indicator and per_point")
        if conditional and (self.when is None or self.add is None):
            raise ValueError("a conditional modifier needs both when and add")
        return self


class Chance(Model):
    """A probability: a base value shifted by modifiers, then clipped to [floor, ceiling]."""

    base: float = Field(ge=0, le=1, description="Probability before modifiers.")
    modifiers: list[Modifier] = Field(
        default_factory=list, description="State-dependent shifts, added together."
    )
    floor: float = Field(0.0, ge=0, le=1, description="Lowest the probability can go.")
    ceiling: float = Field(1.0, ge=0, le=1, description="Highest the probability can go.")

    @field_validator("ceiling")
    @classmethod
    def _ordered(cls, ceiling: float, info: ValidationInfo) -> float:
        floor = info.data.get("floor")
        if floor is not None and floor > ceiling:
            raise ValueError(f"ceiling {ceiling:g} is below floor {floor:g}")
        return ceiling


class Strength(Model):
    """How strongly a move's effects land now: a multiplier read from the state, like odds.

    1 + shifts: `base` plus modifiers (linear in an indicator, or a fixed amount while a condition
    holds), clipped to [floor, ceiling]. It lets the state shrink or widen what a move can do (after
    high-profile violence an informal channel achieves less), not only whether it works.
    """

    base: float = Field(1.0, ge=0, le=5, description="Multiplier before modifiers.")
    modifiers: list[Modifier] = Field(
        default_factory=list, description="State-dependent shifts of the multiplier, added together."
    )
    floor: float = Field(0.0, ge=0, le=5, description="Lowest the multiplier can go.")
    ceiling: float = Field(2.0, ge=0, le=5, description="Highest the multiplier can go.")

    @field_validator("ceiling")
    @classmethod
    def _ordered(cls, ceiling: float, info: ValidationInfo) -> float:
        floor = info.data.get("floor")
        if floor is not None and floor > ceiling:
            raise ValueError(f"ceiling {ceiling:g} is below floor {floor:g}")
        return ceiling


class Effect(Model):
    """A change to one indicator, possibly arriving later and with some noise."""

    indicator: Id = Field(description="The indicator changed.")
    delta: float = Field(description="Amount added (negative to subtract).")
    delay: int = Field(
        0, ge=0, le=12, description="Turns before the change arrives (0: this turn)."
    )
    noise: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Relative spread: the change is scaled by a uniform draw in [1-noise, 1+noise].",
    )


# --- the parts of a scenario ------------------------------------------------------------------


class Channel(str, Enum):
    formal = "formal"
    coercive = "coercive"
    informal = "informal"


class InformalMechanism(Model):
    """A kind of informal (Track 2) channel: who carries the message and how it works.

    Scoring, the channel-mix charts and the debrief count informal moves by mechanism, so a
    scenario names its own (a back channel through a third capital, a military hotline...).
    """

    id: Id = Field(description="Stable id, named by informal moves' `mechanism`.")
    label: Text = Field(description="Name shown on cards, charts and reports.")
    description: Text = Field("", description="How this channel works, for instructors and reports.")


# The default set, after the four mechanisms of the project's domain paper; a scenario that
# declares `mechanisms` replaces it.
DEFAULT_MECHANISMS: tuple[InformalMechanism, ...] = (
    InformalMechanism(
        id="religious", label="Religious figures",
        description="Normative persuasion by respected religious authorities.",
    ),
    InformalMechanism(
        id="tribal", label="Community leaders",
        description="Local mediation at flashpoints by customary and community leaders.",
    ),
    InformalMechanism(
        id="economic", label="Economic actors",
        description="Incentive alignment through traders, chambers of commerce and transporters.",
    ),
    InformalMechanism(
        id="academic", label="Academic dialogue",
        description="Scholars and retired officials keeping communication open and reframing issues.",
    ),
)


class Tier(str, Enum):
    """Escalation tiers for scoring, after the graded scale in the project's REFERENCE notes."""

    de_escalation = "de_escalation"
    status_quo = "status_quo"
    posturing = "posturing"
    nonviolent = "nonviolent"
    violent = "violent"


class RungCategory(str, Enum):
    """What kind of situation a rung is; reports and simulations count games by category."""

    calm = "calm"
    tension = "tension"
    violence = "violence"
    clashes = "clashes"
    ceasefire = "ceasefire"
    talks = "talks"
    agreement = "agreement"
    breakdown = "breakdown"
    closure = "closure"
    war = "war"


class Outcome(str, Enum):
    """How a crisis ended, coded like the forms of outcome in crisis-behaviour datasets."""

    formal_agreement = "formal_agreement"
    semi_formal_agreement = "semi_formal_agreement"
    tacit_understanding = "tacit_understanding"
    unilateral_act = "unilateral_act"
    imposed = "imposed"
    faded = "faded"
    ongoing = "ongoing"
    war = "war"


class Source(Model):
    """A document the scenario draws on."""

    title: Text = Field(description="Title of the source.")
    author: Text | None = Field(None, description="Author or publisher.")
    date: Text | None = Field(None, description="Publication date, as written.")
    url: Text | None = Field(None, description="Where to find it.")
    note: Text | None = Field(None, description="What the scenario takes from it.")


class Meta(Model):
    """What the scenario is, for the scenario list and the report's overview."""

    id: Id = Field(description="Stable id; `wargame play ID` finds the scenario by it.")
    title: Text = Field(description="Title shown on the title screen and reports.")
    summary: Text = Field(max_length=200, description="One line for the scenario list.")
    description: Text = Field("", description="A paragraph for instructors.")
    region: Text = Field("", description="Where the crisis takes place.")
    version: Text = Field("1", description="The scenario's own revision, for the log header.")
    sources: list[Source] = Field(default_factory=list, description="Documents it draws on.")


class Turns(Model):
    """How long a turn is and how many there are."""

    count: int = Field(ge=1, le=200, description="Number of turns the game lasts at most.")
    length_days: float = Field(1, gt=0, le=366, description="Days of crisis time one turn stands for.")
    start_date: Text | None = Field(None, description="Date of the first turn (YYYY-MM-DD).")
    label: Text = Field("Turn", description="What a turn is called on screen (Turn, Day, Month).")


class Briefing(Model):
    """What a team is told before play."""

    public: Text = Field("", description="Read to the whole room.")
    private: Text = Field("", description="Shown only to this team, behind the hand-off screen.")


class Measure(Model):
    """What an objective measures; give exactly one of the fields."""

    final: Id | None = Field(None, description="Final value of this indicator.")
    peak: Id | None = Field(None, description="Highest value of this indicator.")
    mean: Id | None = Field(None, description="Mean value of this indicator over the game.")
    level: Literal["peak", "final", "mean"] | None = Field(
        None, description="The escalation level of the ladder: its peak, final or mean."
    )
    turns_in: list[Id] | None = Field(None, description="Number of turns spent on these rungs.")
    reached: Id | None = Field(
        None, description="Turn on which this rung was first entered (turn count + 1 if never)."
    )
    ladder: Id | None = Field(
        None, description="With `level`: the ladder whose level is measured (default: the main ladder)."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if self.ladder is not None and self.level is None:
            raise ValueError("ladder goes with level only")
        given = [k for k, v in self.model_dump().items() if v is not None and k != "ladder"]
        if len(given) != 1:
            raise ValueError("give exactly one of final, peak, mean, level, turns_in, reached")
        return self


class Thresholds(Model):
    """Cut points for the ratings P (performed), S (some challenges), M (major challenges); past M: U."""

    performed: float = Field(description="Rated P when the measure is at least this good.")
    some: float = Field(description="Rated S when at least this good.")
    major: float = Field(description="Rated M when at least this good; otherwise U.")


class Objective(Model):
    """A goal of one side, rated P/S/M/U in the after-action report."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Short statement of the goal.")
    description: Text = Field("", description="What it means and why it matters.")
    measure: Measure = Field(description="What is measured.")
    better: Literal["higher", "lower"] = Field(description="Whether a higher or lower measure is better.")
    thresholds: Thresholds = Field(description="Cut points for the ratings.")

    @field_validator("thresholds")
    @classmethod
    def _monotone(cls, t: Thresholds, info: ValidationInfo) -> Thresholds:
        better = info.data.get("better")
        if better is None:
            return t  # `better` is wrong itself and reported there
        ok = t.performed >= t.some >= t.major if better == "higher" else t.performed <= t.some <= t.major
        if not ok:
            order = "performed >= some >= major" if better == "higher" else "performed <= some <= major"
            raise ValueError(f"with better: {better}, thresholds must satisfy {order}")
        return t


class ChannelWeights(Model):
    """How much a computer side likes each channel; 0 means it never uses that channel."""

    formal: float = Field(10.0, ge=0, le=100, description="Weight of formal (Track 1) moves.")
    coercive: float = Field(0.0, ge=0, le=100, description="Weight of coercive moves.")
    informal: float = Field(10.0, ge=0, le=100, description="Weight of informal (Track 2) moves.")

    @model_validator(mode="after")
    def _some_channel(self) -> Self:
        if self.formal == self.coercive == self.informal == 0:
            raise ValueError("give at least one channel a weight above 0")
        return self


class AnswerForce(Model):
    """When a computer side answers force in kind: with a coercive move, the most violent it has first.

    It reads only what a side knows: the events of the last turn (moves of other sides that worked,
    injects that fired, each with its actor) and the main ladder's level.
    """

    by: list[Id] = Field(
        default_factory=list,
        description="Whose force it answers: sides and actors (default: every other side; an actor's injects "
        "count only when the actor is listed).",
    )
    provoked_by: Literal["violent", "coercive"] = Field(
        "violent",
        description="What it answers: violent events only (strikes, raids, attacks), or also any other side's "
        "non-violent coercion (closures, bans, deportations).",
    )
    level_gte: int | None = Field(
        None, ge=-10, le=20, description="Answers only while the main ladder's level is at least this (default: at any level)."
    )
    forgive: bool = Field(
        True,
        description="Does not answer a blow that came right after its own use of force (so an exchange stops after one "
        "round: tit-for-tat that forgives); false: answers every blow.",
    )
    share: float = Field(
        1.0, ge=0, le=1, description="Share of provocations it answers (drawn from the policy's own random numbers)."
    )


class Persona(Model):
    """A computer side's character, written by the instructor: seat "a hawkish side" without code.

    A persona plays like the built-in greedy policies (one move per channel with `one_per_channel`,
    moves that can lower a ladder first, recently used moves last), with its own channel weights, and
    answers force when `answer_force` says so. Name it in a side's `default_policy` or seat it with
    `--seat SIDE=ID`.
    """

    id: Id = Field(description="Stable id, used as a policy name (it must differ from the built-in ones).")
    label: Text = Field(description="Name shown when the persona is seated (\"A hawkish Northland\").")
    description: Text = Field("", description="How it plays, for the instructor.")
    side: Id | None = Field(None, description="The side it is written for (default: any side may use it).")
    weights: ChannelWeights = Field(default_factory=ChannelWeights, description="Liking for each channel.")
    one_per_channel: bool = Field(
        True, description="At most one move per channel each turn (as the integrated policy plays)."
    )
    answer_force: AnswerForce | None = Field(
        None, description="When it answers force in kind (default: never; it plays by its weights only)."
    )


class Side(Model):
    """A team at the table (human or AI)."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown on screen.")
    color: str = Field(
        "#4477aa", pattern=r"^#[0-9a-fA-F]{6}$", description="Colour on screen (#rrggbb)."
    )
    budget: int = Field(3, ge=0, le=100, description="Points to spend on moves each turn.")
    max_moves: int = Field(2, ge=1, le=4, description="Most moves it may order in one turn.")
    role: Literal["party", "mediator"] = Field(
        "party",
        description="A party to the crisis, or a mediator between the parties (seated by the computer by default).",
    )
    default_policy: Id = Field(
        "integrated",
        description="AI policy used when no team sits in this seat: one of the built-in policies "
        "(historical, random, coercive, formal, track2, integrated, firm_then_talk, advisor, hold) or a persona "
        "the scenario declares.",
    )
    playable: bool = Field(True, description="Whether a human team may take this seat.")
    briefing: Briefing = Field(default_factory=Briefing, description="What the team is told.")
    objectives: list[Objective] = Field(default_factory=list, description="Rated goals.")


class Actor(Model):
    """A party that acts on its own through injects (a spoiler group, a third state)."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown on screen.")
    description: Text = Field("", description="Who they are.")


class Decay(Model):
    """Each turn the indicator moves this share of the way toward `toward`."""

    toward: float = Field(description="Resting value.")
    rate: float = Field(gt=0, le=1, description="Share of the gap closed each turn.")


class Danger(Model):
    """Where an indicator becomes dangerous: above a level (casualties, nuclear alert) or below one."""

    above: float | None = Field(None, description="Dangerous when the value goes above this.")
    below: float | None = Field(None, description="Dangerous when the value goes below this.")
    note: Text = Field("", description="Why this is dangerous, for `wargame check` and reports.")

    @model_validator(mode="after")
    def _has_threshold(self) -> Self:
        if (self.above is None) == (self.below is None):
            raise ValueError("give exactly one of above or below")
        return self


class Indicator(Model):
    """A number describing the situation (trust, casualties, channel capital...)."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown on screen.")
    description: Text = Field("", description="What it stands for.")
    min: float = Field(0, description="Lowest possible value.")
    max: float = Field(100, description="Highest possible value.")
    initial: float = Field(description="Value at the start.")
    unit: Text = Field("", description="Unit shown after the value.")
    better: Literal["higher", "lower", "neutral"] = Field(
        "neutral", description="Which way is good, for colouring and reports."
    )
    decay: Decay | None = Field(None, description="Drift toward a resting value each turn.")
    noise: float = Field(
        0, ge=0, description="Standard deviation of what teams see around the true value."
    )
    observed_by: list[Id] | None = Field(
        None, description="Sides that see an estimate (default: all); others see nothing."
    )
    key: bool = Field(False, description="Shown in the one-line turn summary of `wargame run`.")
    danger: Danger | None = Field(
        None,
        description="Threshold past which this indicator is dangerous; `wargame check` warns when a move "
        "the advisor or the report would call best drives it past.",
    )

    @field_validator("max")
    @classmethod
    def _above_min(cls, high: float, info: ValidationInfo) -> float:
        low = info.data.get("min")
        if low is not None and low >= high:
            raise ValueError(f"max {high:g} must be above min {low:g}")
        return high

    @field_validator("initial")
    @classmethod
    def _initial_in_range(cls, initial: float, info: ValidationInfo) -> float:
        low, high = info.data.get("min"), info.data.get("max")
        if low is not None and high is not None and not low <= initial <= high:
            raise ValueError(f"initial {initial:g} is outside the range [{low:g}, {high:g}]")
        return initial

    @field_validator("danger")
    @classmethod
    def _danger_in_range(cls, danger: Danger | None, info: ValidationInfo) -> Danger | None:
        low, high = info.data.get("min"), info.data.get("max")
        if danger is None or low is None or high is None:
            return danger
        for bound in (danger.above, danger.below):
            if bound is not None and not low < bound < high:
                raise ValueError(f"danger threshold {bound:g} must lie inside the range ({low:g}, {high:g})")
        return danger

    @field_validator("decay")
    @classmethod
    def _rest_in_range(cls, decay: Decay | None, info: ValidationInfo) -> Decay | None:
        low, high = info.data.get("min"), info.data.get("max")
        if decay is not None and low is not None and high is not None and not low <= decay.toward <= high:
            raise ValueError(f"decay.toward {decay.toward:g} is outside the range [{low:g}, {high:g}]")
        return decay


class Ladder(Model):
    """One escalation ladder: a state machine of its own (violence, diplomacy, the border...).

    A crisis runs on parallel tracks. Each ladder stands on exactly one of its rungs; triggers
    pulled in a turn may move every ladder one step. The first ladder is the main one: drawn large,
    read by level tests and objectives that do not name a ladder.
    """

    id: Id = Field(description="Stable id, named by rungs' `ladder`.")
    label: Text = Field(description="Name shown above the ladder on screen and in reports.")
    description: Text = Field("", description="What this track of the crisis stands for.")
    start: Id = Field(description="Rung of this ladder the game starts on.")


class Rung(Model):
    """A step of an escalation ladder."""

    id: Id = Field(description="Stable id (unique across all ladders).")
    ladder: Id | None = Field(
        None, description="Ladder this rung belongs to (required when the scenario declares several ladders)."
    )
    label: Text = Field(description="Name shown on the ladder.")
    level: int = Field(ge=-10, le=20, description="Escalation level; higher is more dangerous.")
    category: RungCategory = Field(description="What kind of situation this is.")
    description: Text = Field("", description="What this rung means on the ground.")
    terminal: bool = Field(False, description="An end state: the game ends when this rung is entered.")
    outcome: Outcome | None = Field(
        None,
        description="How the crisis ended, for an end state (required on terminal rungs; format "
        "version 1 also allowed it on other rungs, where it meant `at_time_limit`).",
    )
    at_time_limit: Outcome | None = Field(
        None,
        description="How the crisis counts as ended if the last turn ends with the ladder here "
        "(non-terminal rungs; default: ongoing).",
    )
    on_enter: list[Effect] = Field(default_factory=list, description="Effects when entered.")
    each_turn: list[Effect] = Field(
        default_factory=list, description="Effects every turn the ladder stands here."
    )
    narrative: Text = Field("", description="Bullet shown when the ladder moves here.")
    place: Id | None = Field(None, description="Place marked on the map when entered.")
    sets: list[Id] = Field(default_factory=list, description="Flags set when this rung is entered.")
    clears: list[Id] = Field(default_factory=list, description="Flags cleared when this rung is entered.")


class Flag(Model):
    """A fact that is true or false (a mechanism exists, an offer is on the table).

    Set and cleared by moves, injects and rungs; read by conditions (`flag: id`). Flags are not
    indicators: teams see the events that set them, not a number.
    """

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown in the white cell's view and reports.")
    description: Text = Field("", description="What it means while set.")
    initial: bool = Field(False, description="Whether it is set at the start.")


class Trigger(Model):
    """A named push on the ladder, pulled by moves and injects (or every turn)."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown in the log and diagram.")
    every_turn: bool = Field(
        False,
        description="Pulled every turn (for drift); list it last so that triggers pulled by events win.",
    )


class Transition(Model):
    """A way from some rungs to another of the same ladder, taken when its trigger is pulled and its guard holds."""

    trigger: Id = Field(description="The trigger that takes it.")
    source: list[Id] | Literal["*"] = Field(
        description="Rungs it leaves from, or '*' for any rung of the destination's ladder."
    )
    dest: Id = Field(description="Rung it leads to (its ladder is the transition's ladder).")
    guard: Predicate | None = Field(None, description="Condition that must hold as well.")
    note: Text = Field("", description="Why this transition exists, for readers of the file.")


class Narrative(Model):
    """Short bullets for the turn summary; {side}, {actor}, {label} are filled in."""

    success: Text = Field("", description="When it succeeds or fires.")
    failure: Text = Field("", description="When it fails.")


class Move(Model):
    """Something a side can order in a turn."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Title of the move card.")
    side: Id = Field(description="Side that may order it.")
    channel: Channel = Field(description="formal (Track 1), coercive, or informal (Track 2).")
    mechanism: Id | None = Field(
        None,
        validate_default=True,
        description="For informal moves: one of the scenario's `mechanisms` (default set: religious, "
        "tribal, economic, academic).",
    )
    description: Text = Field("", description="One or two sentences on the card.")
    cost: int = Field(1, ge=0, le=100, description="Budget points it takes.")
    rungs: list[Id] | None = Field(None, description="Rungs on which it may be ordered (default: all).")
    requires: Predicate | None = Field(None, description="Further condition for ordering it.")
    cooldown: int = Field(0, ge=0, le=50, description="Turns after use before it may be ordered again.")
    once: bool = Field(False, description="May be ordered only once per game.")
    success: Chance = Field(
        default_factory=lambda: Chance(base=1.0), description="Chance that it works."
    )
    on_success: list[Effect] = Field(default_factory=list, description="Effects when it works.")
    on_failure: list[Effect] = Field(default_factory=list, description="Effects when it fails.")
    strength: Strength | None = Field(
        None,
        description="Multiplier of all its effects read from the state when it is ordered (default 1); "
        "diminishing returns apply on top.",
    )
    trigger: Id | None = Field(None, description="Trigger pulled when it works.")
    trigger_on_failure: Id | None = Field(None, description="Trigger pulled when it fails.")
    tier: Tier = Field(description="Escalation tier, for scoring.")
    goldstein: float | None = Field(
        None, ge=-10, le=10, description="Conflict-cooperation weight (-10 to +10), for scoring."
    )
    narrative: Narrative = Field(default_factory=Narrative, description="Bullets for the summary.")
    place: Id | None = Field(None, description="Place marked on the map when it is used.")
    sets: list[Id] = Field(default_factory=list, description="Flags set when it works.")
    clears: list[Id] = Field(default_factory=list, description="Flags cleared when it works.")

    @field_validator("mechanism")
    @classmethod
    def _mechanism_matches_channel(cls, mechanism: str | None, info: ValidationInfo) -> str | None:
        channel = info.data.get("channel")
        if channel == Channel.informal and mechanism is None:
            raise ValueError("an informal move needs a mechanism (one of the scenario's `mechanisms`)")
        if channel is not None and channel != Channel.informal and mechanism is not None:
            raise ValueError("only informal moves have a mechanism")
        return mechanism


class Inject(Model):
    """An event the white cell or the world brings: scripted at a turn, or by chance each turn."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Headline.")
    actor: Id | None = Field(None, description="Actor or side behind it.")
    description: Text = Field("", description="What happens.")
    at_turn: int | None = Field(None, ge=1, description="Turn on which it fires for sure.")
    hazard: Chance | None = Field(None, description="Chance it fires each turn.")
    when: Predicate | None = Field(None, description="It can fire only while this holds.")
    once: bool = Field(False, description="Fires at most once per game.")
    cooldown: int = Field(0, ge=0, le=50, description="Turns after firing before it can fire again.")
    phase: Literal["before_moves", "after_moves"] = Field(
        "before_moves",
        description="When in the turn it is resolved: before the sides' moves (the default), or after "
        "them, so that it can follow from a move of the same turn (its `when` and odds then read the "
        "state after the moves' immediate effects).",
    )
    effects: list[Effect] = Field(default_factory=list, description="Effects when it fires.")
    trigger: Id | None = Field(None, description="Trigger pulled when it fires.")
    tier: Tier = Field(Tier.status_quo, description="Escalation tier, for scoring.")
    goldstein: float | None = Field(None, ge=-10, le=10, description="Conflict-cooperation weight.")
    narrative: Text = Field("", description="Bullet shown when it fires.")
    place: Id | None = Field(None, description="Place marked on the map.")
    sets: list[Id] = Field(default_factory=list, description="Flags set when it fires.")
    clears: list[Id] = Field(default_factory=list, description="Flags cleared when it fires.")

    @field_validator("hazard")
    @classmethod
    def _not_both(cls, hazard: Chance | None, info: ValidationInfo) -> Chance | None:
        if hazard is not None and info.data.get("at_turn") is not None:
            raise ValueError("give at_turn or hazard, not both (neither: only the white cell fires it)")
        return hazard


class Place(Model):
    """A point on the map: a crossing, city or district."""

    id: Id = Field(description="Stable id.")
    name: Text = Field(description="Name on the map.")
    kind: Literal["crossing", "city", "capital", "district", "base", "venue", "other"] = Field(
        description="What sort of place."
    )
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees.")


class MapSpec(Model):
    """The scenario's map: a region of the shipped Natural Earth country outlines, or an image.

    Give `countries` and/or `bbox` for real outlines (the frame fits them and the places), or
    `image` with `image_bounds` for a map drawn for the scenario (a fictional region, a city plan),
    on which places' lat/lon are read as coordinates within those bounds.
    """

    countries: list[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = Field(
        default_factory=list,
        description="ISO 3166-1 alpha-3 codes of the countries in the crisis: drawn highlighted, and framed.",
    )
    bbox: tuple[float, float, float, float] | None = Field(
        None, description="Frame as lon_min, lat_min, lon_max, lat_max (default: fitted to countries and places)."
    )
    image_bounds: tuple[float, float, float, float] | None = Field(
        None,
        description="What the image's left, bottom, right and top edges stand for (lon_min, lat_min, lon_max, lat_max).",
    )
    image: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.(png|jpg|jpeg)$", max_length=200)] | None = Field(
        None, description="Map picture shipped beside the scenario file (a relative path, PNG or JPEG)."
    )
    note: Text = Field("", description="Credit or licence of the map, shown small under it.")

    @field_validator("bbox", "image_bounds")
    @classmethod
    def _ordered_box(
        cls, box: tuple[float, float, float, float] | None
    ) -> tuple[float, float, float, float] | None:
        if box is not None and not (box[0] < box[2] and box[1] < box[3]):
            raise ValueError("write lon_min, lat_min, lon_max, lat_max, each min below its max")
        return box

    @field_validator("image")
    @classmethod
    def _image_kind(cls, image: str | None, info: ValidationInfo) -> str | None:
        if image is None:
            return image
        if ".." in image.split("/"):
            raise ValueError("image must be a file beside the scenario (no '..')")
        if "image_bounds" in info.data and info.data["image_bounds"] is None:
            raise ValueError("an image needs image_bounds (what its edges stand for)")
        if info.data.get("countries") or info.data.get("bbox") is not None:
            raise ValueError("give either image (with image_bounds) or countries/bbox, not both")
        return image

    @model_validator(mode="after")
    def _bounds_need_image(self) -> Self:
        if self.image is None and self.image_bounds is not None:
            raise ValueError("image_bounds needs an image")
        return self


class ScriptedOrder(Model):
    """One side's orders in one turn of the historical path."""

    turn: int = Field(ge=1, description="Turn number.")
    side: Id = Field(description="Side giving the orders.")
    moves: list[Id] = Field(default_factory=list, description="Moves ordered (empty: hold).")
    failed: list[Id] = Field(
        default_factory=list,
        description="Moves among `moves` that did not work (the others did); history replay forces these outcomes.",
    )
    intent: Text = Field("", description="What the side meant by them.")
    note: Text = Field("", description="The source for this turn's orders.")
    unverified: bool = Field(False, description="The orders could not be checked against the sources.")


class HistoryEvent(Model):
    """An inject that really happened on a turn (chance and white-cell injects; scripted ones fire by themselves)."""

    turn: int = Field(ge=1, description="Turn number.")
    inject: Id = Field(description="The inject that fired.")
    note: Text = Field("", description="The source for it.")
    unverified: bool = Field(False, description="The event could not be checked against the sources.")


class History(Model):
    """What really happened: the `historical` policy's script and the path that history replay forces.

    Replaying history (`wargame run --history`) forces every chance outcome on the recorded path:
    scripted moves work unless listed in `failed`, and chance injects fire exactly on the turns
    listed in `injects`. The log records each forced outcome with the probability the model gave
    it, so the product is the likelihood of history under the model.
    """

    orders: list[ScriptedOrder] = Field(default_factory=list, description="Orders turn by turn.")
    injects: list[HistoryEvent] = Field(
        default_factory=list, description="Chance and white-cell injects that happened, turn by turn."
    )
    path: list[Id] = Field(
        default_factory=list, description="Rung the main ladder stood on at the end of each turn."
    )
    paths: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="For the other ladders: ladder id -> rung it stood on at the end of each turn.",
    )
    note: Text = Field("", description="How the script was drawn from the sources.")


class Rules(Model):
    """Tuning of the general rules for this scenario."""

    repeat_penalty: float = Field(
        0.6,
        gt=0,
        le=1,
        description="Each recent use of the same move multiplies its effects by this (diminishing returns).",
    )
    fatigue_memory: float = Field(
        0.7,
        ge=0,
        lt=1,
        description="Share of a move's recent-use count kept from one turn to the next.",
    )


class IndexTerm(Model):
    """A term of the escalation index on an indicator: weight x (value - above), counted only above `above`."""

    indicator: Id = Field(description="The indicator.")
    weight: float = Field(ge=-100, le=100, description="Index points per unit of the indicator.")
    above: float | None = Field(
        None, description="Only the part of the value above this counts (default: the indicator's minimum)."
    )
    label: Text = Field("", description="Name of the term in the debrief and reports (default: the indicator's).")


class EscalationIndex(Model):
    """How the escalation index, the headline score of every game, is made.

    index(turn) = sum over ladders of weight x level of its rung
                + tier_scale x the tier weights of every move ordered and inject fired
                + sum of the indicator terms.
    The default (every ladder weight 1, tier_scale 0.1, no indicator terms) is the first edition's
    index for a one-ladder scenario.
    """

    ladders: dict[Id, float] = Field(
        default_factory=dict,
        description="Weight of each ladder's rung level (ladders not listed weigh 1; give 0 to leave one out).",
    )
    tier_scale: float = Field(
        0.1, ge=0, le=10, description="Scale of the tier weights of moves and injects (docs/scoring.md)."
    )
    indicators: list[IndexTerm] = Field(
        default_factory=list, description="Terms on indicators (casualties, a nuclear alert level...)."
    )


IMPLICIT_LADDER_ID = "escalation"  # the one ladder of a scenario that declares none


class Scenario(Model):
    """A whole crisis: its ladders, indicators, sides, moves and injects.

    Format version 2 adds several ladders, declared informal mechanisms, flags, once-only moves,
    inject phases, a declared escalation index, dangerous indicators, a map and history events.
    A version-1 file still loads unchanged (one implicit ladder named `escalation`, the default
    mechanisms, `outcome` on a non-terminal rung read as `at_time_limit`); `wargame migrate`
    writes its version-2 form.
    """

    schema_version: Literal[1, 2] = Field(description="Version of this format: 2 (1 is still read).")
    meta: Meta = Field(description="What the scenario is.")
    turns: Turns = Field(description="Turn length and count.")
    sides: list[Side] = Field(min_length=1, description="Teams at the table.")
    actors: list[Actor] = Field(default_factory=list, description="Parties that act through injects.")
    indicators: list[Indicator] = Field(min_length=1, description="The numbers of the situation.")
    ladders: list[Ladder] = Field(
        default_factory=list,
        description="The escalation ladders, main one first (none: one ladder of all rungs, starting at `start`).",
    )
    rungs: list[Rung] = Field(min_length=2, description="The rungs of every ladder, any order.")
    start: Id | None = Field(
        None, description="Rung the game starts on, when no `ladders` are declared (each ladder has its own start)."
    )
    triggers: list[Trigger] = Field(
        min_length=1, description="Ladder triggers, most urgent first (one ladder step per turn)."
    )
    transitions: list[Transition] = Field(min_length=1, description="Ways between rungs.")
    moves: list[Move] = Field(min_length=1, description="What sides can order.")
    mechanisms: list[InformalMechanism] = Field(
        default_factory=lambda: list(DEFAULT_MECHANISMS),
        min_length=1,
        description="Kinds of informal channel that informal moves name (default: religious, tribal, economic, academic).",
    )
    flags: list[Flag] = Field(default_factory=list, description="Facts set and cleared by events, read by conditions.")
    personas: list[Persona] = Field(
        default_factory=list, description="Characters for computer sides, usable as policies (a hawkish side...)."
    )
    injects: list[Inject] = Field(default_factory=list, description="Events from the world.")
    places: list[Place] = Field(default_factory=list, description="Points on the map.")
    map: MapSpec | None = Field(None, description="The map (default: outlines around the places).")
    index: EscalationIndex = Field(
        default_factory=EscalationIndex, description="How the escalation index is made (docs/scoring.md)."
    )
    history: History | None = Field(None, description="The real sequence, where there is one.")
    rules: Rules = Field(default_factory=Rules, description="Tuning of the general rules.")

    _source_name: str = PrivateAttr("<scenario>")
    _source_sha256: str = PrivateAttr("")
    _source_map: Any = PrivateAttr(None)  # where each field is in the file (for checks run after loading)

    @property
    def source_name(self) -> str:
        """File the scenario was read from (or a placeholder for text)."""
        return self._source_name

    @property
    def sha256(self) -> str:
        """SHA-256 of the scenario's text, as recorded in game logs."""
        if not self._source_sha256:
            import hashlib

            text = self.model_dump_json(by_alias=True)
            object.__setattr__(self, "_source_sha256", hashlib.sha256(text.encode()).hexdigest())
        return self._source_sha256

    # Convenience look-ups used everywhere; they read the lists, so they cannot go stale.
    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    def side(self, side_id: str) -> Side:
        return _find(self.sides, side_id, "side")

    def move(self, move_id: str) -> Move:
        return _find(self.moves, move_id, "move")

    def rung(self, rung_id: str) -> Rung:
        return _find(self.rungs, rung_id, "rung")

    def indicator(self, indicator_id: str) -> Indicator:
        return _find(self.indicators, indicator_id, "indicator")

    def inject(self, inject_id: str) -> Inject:
        return _find(self.injects, inject_id, "inject")

    def moves_of(self, side_id: str) -> list[Move]:
        return [m for m in self.moves if m.side == side_id]

    @property
    def flag_setters(self) -> list[Move | Inject | Rung]:
        """Everything that can set or clear flags: moves (on success), injects, rungs (on entry)."""
        return [*self.moves, *self.injects, *self.rungs]

    def persona(self, persona_id: str) -> Persona:
        return _find(self.personas, persona_id, "persona")

    def mechanism(self, mechanism_id: str) -> InformalMechanism:
        return _find(self.mechanisms, mechanism_id, "mechanism")

    # --- ladders: the declared ones, or the one implicit ladder of a file that declares none ---

    @property
    def all_ladders(self) -> list[Ladder]:
        """Every ladder, main first; a scenario without `ladders` has one, `escalation`."""
        if self.ladders:
            return list(self.ladders)
        return [Ladder(id=IMPLICIT_LADDER_ID, label="Escalation", start=self.start or "")]

    @property
    def main_ladder(self) -> Ladder:
        return self.all_ladders[0]

    def ladder(self, ladder_id: str) -> Ladder:
        return _find(self.all_ladders, ladder_id, "ladder")

    def ladder_of(self, rung_id: str) -> str:
        """Id of the ladder a rung belongs to."""
        rung = self.rung(rung_id)
        return rung.ladder or self.main_ladder.id

    def rungs_on(self, ladder_id: str) -> list[Rung]:
        """The rungs of one ladder, in the file's order."""
        main = self.main_ladder.id
        return [r for r in self.rungs if (r.ladder or main) == ladder_id]

    def ladder_weight(self, ladder_id: str) -> float:
        """Weight of a ladder's level in the escalation index."""
        return self.index.ladders.get(ladder_id, 1.0)

    def outcome_at_end(self, rung_id: str) -> Outcome | None:
        """How the crisis counts as ended with a ladder on this rung: an end state's outcome, or
        the rung's `at_time_limit` (in version 1, `outcome` on a non-terminal rung meant that)."""
        rung = self.rung(rung_id)
        if rung.terminal:
            return rung.outcome
        return rung.at_time_limit or rung.outcome


def _find(items: list[Any], item_id: str, kind: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no {kind} {item_id!r}")
