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

SCHEMA_VERSION = 1
POLICY_NAMES = ("historical", "random", "coercive", "formal", "track2", "integrated", "hold")

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

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


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
    """Compares the escalation level of the current rung with fixed numbers."""

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
    Annotated[IndicatorTest, Tag("indicator")] | Annotated[RungTest, Tag("rung")] | Annotated[LevelTest, Tag("level")] | Annotated[EventTest, Tag("event")] | Annotated[TurnTest, Tag("turn")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[NotOf, Tag("not")],
    Discriminator(
        _predicate_kind,
        custom_error_type="predicate",
        custom_error_message=(
            "a condition needs one of: indicator, rung_in, level_gte/level_lte, event, "
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


class Mechanism(str, Enum):
    religious = "religious"
    tribal = "tribal"
    economic = "economic"
    academic = "academic"


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


class Outcome(str, Enum):
    """How a crisis ended, coded like the forms of outcome in crisis-behaviour datasets."""

    formal_agreement = "formal_agreement"
    semi_formal_agreement = "semi_formal_agreement"
    tacit_understanding = "tacit_understanding"
    unilateral_act = "unilateral_act"
    imposed = "imposed"
    faded = "faded"
    ongoing = "ongoing"


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

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k, v in self.model_dump().items() if v is not None]
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


class Side(Model):
    """A team at the table (human or AI)."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown on screen.")
    color: str = Field(
        "#4477aa", pattern=r"^#[0-9a-fA-F]{6}$", description="Colour on screen (#rrggbb)."
    )
    budget: int = Field(3, ge=0, le=100, description="Points to spend on moves each turn.")
    max_moves: int = Field(2, ge=1, le=4, description="Most moves it may order in one turn.")
    default_policy: Literal[
        "historical", "random", "coercive", "formal", "track2", "integrated", "hold"
    ] = Field("integrated", description="AI policy used when no team sits in this seat.")
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

    @field_validator("decay")
    @classmethod
    def _rest_in_range(cls, decay: Decay | None, info: ValidationInfo) -> Decay | None:
        low, high = info.data.get("min"), info.data.get("max")
        if decay is not None and low is not None and high is not None and not low <= decay.toward <= high:
            raise ValueError(f"decay.toward {decay.toward:g} is outside the range [{low:g}, {high:g}]")
        return decay


class Rung(Model):
    """A step of the escalation ladder."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown on the ladder.")
    level: int = Field(ge=-10, le=20, description="Escalation level; higher is more dangerous.")
    category: RungCategory = Field(description="What kind of situation this is.")
    description: Text = Field("", description="What this rung means on the ground.")
    terminal: bool = Field(False, description="The game ends when this rung is entered.")
    outcome: Outcome | None = Field(
        None, description="How the crisis counts as ended if the game ends here."
    )
    on_enter: list[Effect] = Field(default_factory=list, description="Effects when entered.")
    each_turn: list[Effect] = Field(
        default_factory=list, description="Effects every turn the ladder stands here."
    )
    narrative: Text = Field("", description="Bullet shown when the ladder moves here.")
    place: Id | None = Field(None, description="Place marked on the map when entered.")


class Trigger(Model):
    """A named push on the ladder, pulled by moves and injects (or every turn)."""

    id: Id = Field(description="Stable id.")
    label: Text = Field(description="Name shown in the log and diagram.")
    every_turn: bool = Field(
        False,
        description="Pulled every turn (for drift); list it last so that triggers pulled by events win.",
    )


class Transition(Model):
    """A way from some rungs to another, taken when its trigger is pulled and its guard holds."""

    trigger: Id = Field(description="The trigger that takes it.")
    source: list[Id] | Literal["*"] = Field(description="Rungs it leaves from, or '*' for any.")
    dest: Id = Field(description="Rung it leads to.")
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
    mechanism: Mechanism | None = Field(
        None,
        validate_default=True,
        description="For informal moves: religious, tribal, economic or academic.",
    )
    description: Text = Field("", description="One or two sentences on the card.")
    cost: int = Field(1, ge=0, le=100, description="Budget points it takes.")
    rungs: list[Id] | None = Field(None, description="Rungs on which it may be ordered (default: all).")
    requires: Predicate | None = Field(None, description="Further condition for ordering it.")
    cooldown: int = Field(0, ge=0, le=50, description="Turns after use before it may be ordered again.")
    success: Chance = Field(
        default_factory=lambda: Chance(base=1.0), description="Chance that it works."
    )
    on_success: list[Effect] = Field(default_factory=list, description="Effects when it works.")
    on_failure: list[Effect] = Field(default_factory=list, description="Effects when it fails.")
    trigger: Id | None = Field(None, description="Trigger pulled when it works.")
    trigger_on_failure: Id | None = Field(None, description="Trigger pulled when it fails.")
    tier: Tier = Field(description="Escalation tier, for scoring.")
    goldstein: float | None = Field(
        None, ge=-10, le=10, description="Conflict-cooperation weight (-10 to +10), for scoring."
    )
    narrative: Narrative = Field(default_factory=Narrative, description="Bullets for the summary.")
    place: Id | None = Field(None, description="Place marked on the map when it is used.")

    @field_validator("mechanism")
    @classmethod
    def _mechanism_matches_channel(cls, mechanism: Mechanism | None, info: ValidationInfo) -> Mechanism | None:
        channel = info.data.get("channel")
        if channel == Channel.informal and mechanism is None:
            raise ValueError("an informal move needs a mechanism: religious, tribal, economic or academic")
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
    effects: list[Effect] = Field(default_factory=list, description="Effects when it fires.")
    trigger: Id | None = Field(None, description="Trigger pulled when it fires.")
    tier: Tier = Field(Tier.status_quo, description="Escalation tier, for scoring.")
    goldstein: float | None = Field(None, ge=-10, le=10, description="Conflict-cooperation weight.")
    narrative: Text = Field("", description="Bullet shown when it fires.")
    place: Id | None = Field(None, description="Place marked on the map.")

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


class ScriptedOrder(Model):
    """One side's orders in one turn of the historical path."""

    turn: int = Field(ge=1, description="Turn number.")
    side: Id = Field(description="Side giving the orders.")
    moves: list[Id] = Field(default_factory=list, description="Moves ordered (empty: hold).")
    intent: Text = Field("", description="What the side meant by them.")


class History(Model):
    """What really happened, for the `historical` policy and for comparison."""

    orders: list[ScriptedOrder] = Field(default_factory=list, description="Orders turn by turn.")
    path: list[Id] = Field(
        default_factory=list, description="Rung the ladder stood on at the end of each turn."
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


class Scenario(Model):
    """A whole crisis: its ladder, indicators, sides, moves and injects."""

    schema_version: Literal[1] = Field(description="Version of this format; currently 1.")
    meta: Meta = Field(description="What the scenario is.")
    turns: Turns = Field(description="Turn length and count.")
    sides: list[Side] = Field(min_length=1, description="Teams at the table.")
    actors: list[Actor] = Field(default_factory=list, description="Parties that act through injects.")
    indicators: list[Indicator] = Field(min_length=1, description="The numbers of the situation.")
    rungs: list[Rung] = Field(min_length=2, description="The escalation ladder, any order.")
    start: Id = Field(description="Rung the game starts on.")
    triggers: list[Trigger] = Field(
        min_length=1, description="Ladder triggers, most urgent first (one ladder step per turn)."
    )
    transitions: list[Transition] = Field(min_length=1, description="Ways between rungs.")
    moves: list[Move] = Field(min_length=1, description="What sides can order.")
    injects: list[Inject] = Field(default_factory=list, description="Events from the world.")
    places: list[Place] = Field(default_factory=list, description="Points on the map.")
    history: History | None = Field(None, description="The real sequence, where there is one.")
    rules: Rules = Field(default_factory=Rules, description="Tuning of the general rules.")

    _source_name: str = PrivateAttr("<scenario>")
    _source_sha256: str = PrivateAttr("")

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


def _find(items: list[Any], item_id: str, kind: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no {kind} {item_id!r}")
