"""Broken scenarios made from a valid base by small edits, with the problem each must produce.

Shared by the loader tests (exact line, field path and message) and the JSON Schema tests (the
cases the schema can see must be rejected by it too). The expected line is found from a marker in
the edited text, so the cases stay exact without hard-coding line numbers of the base file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BASE_FILE = Path(__file__).parent / "fixtures" / "base.yaml"
BASE_TEXT = BASE_FILE.read_text(encoding="utf-8")
V2_FILE = Path(__file__).parent / "fixtures" / "two_ladders.yaml"  # format version 2, every new field
V2_TEXT = V2_FILE.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Case:
    """One broken scenario: edits to the base, and where and what the problem must be."""

    name: str
    edits: tuple[tuple[str, str], ...]
    at: str  # a unique piece of the edited text; the problem must be reported on its line
    path: str  # the exact field path in the message ('' for problems of the YAML itself)
    essence: tuple[str, ...]  # words the message must contain
    schema_visible: bool = False  # whether the JSON Schema alone can reject it
    base: str = BASE_TEXT  # the valid file the edits apply to (V2_TEXT for version-2 fields)

    def text(self) -> str:
        return apply_edits(self.base, self.edits)

    def line(self) -> int:
        text = self.text()
        assert text.count(self.at) == 1, f"{self.name}: marker {self.at!r} must be unique"
        return text[: text.index(self.at)].count("\n") + 1


def apply_edits(text: str, edits: tuple[tuple[str, str], ...]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, f"edit target {old!r} must occur exactly once"
        text = text.replace(old, new)
    return text


def one(old: str, new: str) -> tuple[tuple[str, str], ...]:
    return ((old, new),)


CASES: list[Case] = [
    # --- the YAML itself ---
    Case("yaml_syntax", one("  count: 5\n", "  count: 5: 6\n"), "count: 5: 6", "", ("YAML syntax error",)),
    Case("yaml_tab", one("  count: 5\n", "\tcount: 5\n"), "\tcount", "", ("YAML syntax error", "tab")),
    Case("duplicate_key", one("  count: 5\n", "  count: 5\n  count: 6\n"), "count: 6", "", ("'count' appears twice",)),
    Case(
        "python_tag",
        one("  label: Turn\n", "  label: !!python/object/apply:os.system [echo hacked]\n"),
        "!!python",
        "",
        ("python/object", "not allowed"),
    ),
    # --- the schema ---
    Case(
        "wrong_type",
        one("  count: 5\n", "  count: five\n"),
        "count: five",
        "turns.count",
        ("must be a whole number", "'five'"),
        schema_visible=True,
    ),
    Case(
        "unknown_key",
        one("  label: Turn\n", "  label: Turn\n  colour: red\n"),
        "colour: red",
        "turns.colour",
        ("unknown field 'colour'",),
        schema_visible=True,
    ),
    Case(
        "missing_field",
        one("  count: 5\n", ""),
        "turns:",
        "turns.count",
        ("required field 'count' is missing",),
        schema_visible=True,
    ),
    Case(
        "probability_above_one",
        one("success: { base: 0.8 }", "success: { base: 1.8 }"),
        "base: 1.8",
        "moves[0].success.base",
        ("at most 1", "1.8"),
        schema_visible=True,
    ),
    Case(
        "probability_below_zero",
        one("    hazard:\n      base: 0.15\n", "    hazard:\n      base: -0.15\n"),
        "base: -0.15",
        "injects[0].hazard.base",
        ("at least 0", "-0.15"),
        schema_visible=True,
    ),
    Case(
        "unknown_channel",
        one("    channel: coercive\n    description: Hit camps", "    channel: kinetic\n    description: Hit camps"),
        "channel: kinetic",
        "moves[2].channel",
        ("'formal', 'coercive' or 'informal'", "'kinetic'"),
        schema_visible=True,
    ),
    Case(
        "bad_id",
        one("  - id: demarche\n", "  - id: Demarche\n"),
        "id: Demarche",
        "moves[0].id",
        ("must be an id", "lower-case"),
        schema_visible=True,
    ),
    Case(
        "condition_without_form",
        one("guard: { indicator: hardliners, gte: 50 }", "guard: { indicatr: hardliners, gte: 50 }"),
        "indicatr",
        "transitions[2].guard",
        ("a condition needs one of",),
        schema_visible=True,
    ),
    Case(
        "condition_without_comparison",
        one("guard: { indicator: hardliners, gte: 50 }", "guard: { indicator: hardliners }"),
        "indicator: hardliners }",
        "transitions[2].guard",
        ("give at least one of gte, gt, lte, lt",),
    ),
    Case(
        "source_neither_list_nor_star",
        one("source: [airstrike, militant_attack]", "source: 5"),
        "source: 5",
        "transitions[2].source",
        ("must be a list", "or must be '*' (got 5)"),
        schema_visible=True,
    ),
    Case(
        "schema_version_older",
        one("schema_version: 1\n", "schema_version: 0\n"),
        "schema_version: 0",
        "schema_version",
        ("version 0", "older", "versions 1 and 2"),
        schema_visible=True,
    ),
    Case(
        "schema_version_newer",
        one("schema_version: 1\n", "schema_version: 3\n"),
        "schema_version: 3",
        "schema_version",
        ("version 3", "newer", "versions 1 and 2"),
        schema_visible=True,
    ),
    Case(
        "informal_without_mechanism",
        one("    mechanism: tribal\n", ""),
        "id: elders_jirga",
        "moves[4].mechanism",
        ("informal move needs a mechanism",),
    ),
    Case(
        "mechanism_on_formal_move",
        one("    channel: formal\n    description: Summon", "    channel: formal\n    mechanism: religious\n    description: Summon"),
        "mechanism: religious",
        "moves[0].mechanism",
        ("only informal moves have a mechanism",),
    ),
    Case(
        "initial_outside_range",
        one("{ id: trust, label: Trust, initial: 30,", "{ id: trust, label: Trust, initial: 130,"),
        "initial: 130",
        "indicators[0].initial",
        ("130", "outside the range", "[0, 100]"),
    ),
    # --- cross-references ---
    Case(
        "unknown_trigger_in_move",
        one("    trigger: strike\n", "    trigger: strik\n"),
        "trigger: strik\n",
        "moves[2].trigger",
        ("unknown trigger 'strik'", "did you mean 'strike'"),
    ),
    Case(
        "unknown_trigger_in_inject",
        one("    trigger: attack\n", "    trigger: atack\n"),
        "trigger: atack",
        "injects[0].trigger",
        ("unknown trigger 'atack'",),
    ),
    Case(
        "unknown_indicator_in_guard",
        one("guard: { indicator: hardliners, gte: 50 }", "guard: { indicator: hardliner, gte: 50 }"),
        "indicator: hardliner,",
        "transitions[2].guard.indicator",
        ("unknown indicator 'hardliner'", "did you mean 'hardliners'"),
    ),
    Case(
        "unknown_rung_in_transition_dest",
        one("dest: clashes,", "dest: clash,"),
        "dest: clash,",
        "transitions[2].dest",
        ("unknown rung 'clash'",),
    ),
    Case(
        "unknown_rung_in_transition_source",
        one("source: [airstrike, militant_attack]", "source: [airstrik, militant_attack]"),
        "airstrik,",
        "transitions[2].source[0]",
        ("unknown rung 'airstrik'",),
    ),
    Case(
        "unknown_rung_in_inject",
        one("    at_turn: 3\n", "    at_turn: 3\n    when: { rung_in: [clash] }\n"),
        "rung_in: [clash]",
        "injects[1].when.rung_in[0]",
        ("unknown rung 'clash'",),
    ),
    Case(
        "unknown_event",
        one("event: airstrike_camps", "event: airstrike_camp"),
        "event: airstrike_camp,",
        "injects[0].hazard.modifiers[1].when.event",
        ("unknown event 'airstrike_camp'", "did you mean 'airstrike_camps'"),
    ),
    Case(
        "unknown_indicator_in_objective",
        one("measure: { final: casualties }", "measure: { final: casualty }"),
        "final: casualty }",
        "sides[0].objectives[1].measure.final",
        ("unknown indicator 'casualty'",),
    ),
    Case(
        "unknown_move_in_history",
        one("moves: [accept_truce]", "moves: [accept_truse]"),
        "accept_truse",
        "history.orders[3].moves[0]",
        ("unknown move 'accept_truse'",),
    ),
    Case(
        "duplicate_id",
        one("  - id: kabul_restrain\n", "  - id: demarche\n"),
        "  - id: demarche\n    label: Restrain",
        "moves[5].id",
        ("duplicate id 'demarche'",),
    ),
    Case(
        "id_shared_by_move_and_rung",
        one("  - id: close_crossings\n", "  - id: calm\n"),
        "  - id: calm\n",
        "moves[3].id",
        ("'calm' is also used by another",),
    ),
    Case(
        "unreachable_rung",
        one(
            "\nstart: tension\n",
            "  - { id: limbo, label: Limbo, level: 2, category: tension }\n\nstart: tension\n",
        ),
        "id: limbo",
        "rungs[7].id",
        ("'limbo' cannot be reached", "'tension'"),
    ),
    Case(
        "dead_end_rung",
        one("category: agreement, terminal: true,", "category: agreement,"),
        "id: agreement",
        "rungs[6].id",
        ("'agreement' is not terminal", "no transition leads out"),
    ),
    Case(
        "guard_value_outside_range",
        one("{ indicator: trust, gte: 20 }", "{ indicator: trust, gte: 120 }"),
        "gte: 120",
        "transitions[3].guard.gte",
        ("120 is outside the range of 'trust'",),
    ),
    Case(
        "delay_longer_than_game",
        one("{ indicator: hardliners, delta: 6, delay: 1 }", "{ indicator: hardliners, delta: 6, delay: 9 }"),
        "delay: 9",
        "moves[2].on_success[1].delay",
        ("delay 9", "5 turns"),
    ),
    Case(
        "side_without_opening_move",
        (
            ("Orders may not be obeyed.\n", "Orders may not be obeyed.\n    rungs: [clashes]\n"),
            ("to show resolve.\n", "to show resolve.\n    rungs: [clashes]\n"),
            ("press to reopen the crossings.\n", "press to reopen the crossings.\n    rungs: [clashes]\n"),
        ),
        "  - id: kabul\n",
        "sides[1].id",
        ("side 'kabul' has no move it may order on the first turn",),
    ),
]



def v2(name: str, edits: tuple[tuple[str, str], ...], at: str, path: str, essence: tuple[str, ...],
       schema_visible: bool = False) -> Case:
    """A broken version-2 scenario, made from the two-ladder fixture."""
    return Case(name, edits, at, path, essence, schema_visible, base=V2_TEXT)


# --- format version 2: every new field ---
CASES += [
    v2("rung_without_ladder", one("{ id: incident, ladder: violence, ", "{ id: incident, "), "id: incident,",
       "rungs[1].ladder", ("must name its ladder", "crossing, violence")),
    v2("rung_unknown_ladder", one("{ id: incident, ladder: violence, ", "{ id: incident, ladder: violense, "),
       "ladder: violense", "rungs[1].ladder", ("unknown ladder 'violense'", "did you mean 'violence'")),
    v2("ladder_start_on_other_ladder", one("label: The crossing, start: open,", "label: The crossing, start: calm,"),
       "The crossing, start: calm", "ladders[1].start", ("rung 'calm' is on ladder 'violence', not 'crossing'",)),
    v2("start_beside_ladders", one("\nladders:\n", "\nstart: calm\nladders:\n"), "start: calm\n", "start",
       ("each ladder gives its own start",)),
    v2("transition_across_ladders", one("source: [open, restricted], dest: closed", "source: [calm, restricted], dest: closed"),
       "source: [calm, restricted]", "transitions[6].source[0]", ("rung 'calm' is on ladder 'violence'", "moves one ladder")),
    v2("end_state_without_outcome", one("terminal: true, outcome: war }", "terminal: true }"), "id: war, ladder",
       "rungs[5].terminal", ("end-state rung 'war' needs an outcome",)),
    v2("outcome_on_non_final_rung", one("category: calm, at_time_limit: faded }", "category: calm, outcome: faded }"),
       "outcome: faded", "rungs[0].outcome", ("not an end state", "at_time_limit")),
    v2("at_time_limit_on_end_state", one("category: agreement, terminal: true,", "category: agreement, terminal: true, at_time_limit: faded,"),
       "at_time_limit: faded,", "rungs[4].at_time_limit", ("end state",)),
    v2("unknown_outcome_word", one("outcome: war }", "outcome: total_war }"), "total_war", "rungs[5].outcome",
       ("war", "total_war"), schema_visible=True),
    v2("unknown_mechanism", one("    mechanism: hotline\n", "    mechanism: hot_line\n"), "mechanism: hot_line",
       "moves[2].mechanism", ("unknown mechanism 'hot_line'", "did you mean 'hotline'")),
    v2("unused_mechanism", one("  - { id: hotline, label: Military hotline,", "  - { id: radio, label: Radio, }\n  - { id: hotline, label: Military hotline,"),
       "id: radio", "mechanisms[1].id", ("mechanism 'radio' is named by no informal move",)),
    v2("unknown_flag_set", one("    sets: [hotline_agreed]\n", "    sets: [hotline_agred]\n"), "sets: [hotline_agred]",
       "moves[3].sets[0]", ("unknown flag 'hotline_agred'", "did you mean 'hotline_agreed'")),
    v2("unknown_flag_read", one("{ flag: hotline_agreed }", "{ flag: hotline }"), "{ flag: hotline }",
       "transitions[5].guard.all[1].flag", ("unknown flag 'hotline'",)),
    v2("flag_never_set", one("  - { id: crossing_was_closed,", "  - { id: truce_signed, label: Truce signed }\n  - { id: crossing_was_closed,"),
       "id: truce_signed", "flags[1].id", ("flag 'truce_signed' is never set",)),
    v2("level_test_unknown_ladder", one("guard: { level_lte: 1, ladder: violence }", "guard: { level_lte: 1, ladder: fighting }"),
       "ladder: fighting", "transitions[7].guard.ladder", ("unknown ladder 'fighting'",)),
    v2("measure_ladder_without_level", one("measure: { level: peak, ladder: violence }", "measure: { final: trust, ladder: violence }"),
       "final: trust, ladder", "sides[0].objectives[0].measure", ("ladder goes with level only",)),
    v2("once_not_boolean", one("    once: true\n    cost: 2\n", "    once: twice\n    cost: 2\n"), "once: twice",
       "moves[3].once", ("must be true or false",), schema_visible=True),
    v2("inject_phase_unknown", one("    phase: after_moves\n", "    phase: during_moves\n"), "phase: during_moves",
       "injects[1].phase", ("before_moves", "after_moves"), schema_visible=True),
    v2("index_unknown_ladder", one("ladders: { violence: 1.0, crossing: 0.5 }", "ladders: { violence: 1.0, bridge: 0.5 }"),
       "bridge: 0.5", "index.ladders.bridge", ("unknown ladder 'bridge'",)),
    v2("index_term_unknown_indicator", one("{ indicator: casualties, weight: 0.02,", "{ indicator: casualty, weight: 0.02,"),
       "indicator: casualty, weight", "index.indicators[0].indicator", ("unknown indicator 'casualty'",)),
    v2("index_term_above_out_of_range", one("weight: 0.02, above: 20,", "weight: 0.02, above: 900,"),
       "above: 900", "index.indicators[0].above", ("900 is outside the range of 'casualties'",)),
    v2("danger_without_threshold", one("danger: { above: 60, note:", "danger: { note:"), "danger: { note:",
       "indicators[3].danger", ("exactly one of above or below",)),
    v2("danger_out_of_range", one("danger: { above: 60,", "danger: { above: 600,"), "above: 600,",
       "indicators[3].danger", ("600", "inside the range")),
    v2("map_bbox_reversed", one("bbox: [18.5, 8.0, 22.5, 12.5]", "bbox: [22.5, 8.0, 18.5, 12.5]"), "bbox: [22.5",
       "map.bbox", ("each min below its max",)),
    v2("map_image_without_bounds", one("  bbox: [18.5, 8.0, 22.5, 12.5]\n", "  image: river.png\n"), "image: river.png",
       "map.image", ("needs image_bounds",)),
    v2("map_image_outside_folder", one("  bbox: [18.5, 8.0, 22.5, 12.5]\n", "  image: ../secret.png\n  image_bounds: [0, 0, 1, 1]\n"),
       "image: ../secret.png", "map.image", ("should match pattern",), schema_visible=True),
    v2("history_failed_not_ordered", one("failed: [offer_truce], intent: Stop", "failed: [quiet_envoy], intent: Stop"),
       "failed: [quiet_envoy]", "history.orders[2].failed[0]", ("'quiet_envoy' is not among this turn's moves",)),
    v2("history_unknown_inject", one("{ turn: 1, inject: raid, note", "{ turn: 1, inject: raids, note"),
       "inject: raids", "history.injects[0].inject", ("unknown inject 'raids'",)),
    v2("history_scripted_inject_listed", one("{ turn: 1, inject: raid, note", "{ turn: 4, inject: storm, note"),
       "inject: storm", "history.injects[0].inject", ("scripted",)),
    v2("history_path_wrong_ladder", one("paths: { crossing: [closed, closed, closed] }", "paths: { crossing: [closed, calm, closed] }"),
       "[closed, calm, closed]", "history.paths.crossing[1]", ("rung 'calm' is on ladder 'violence', not 'crossing'",)),
    v2("history_paths_unknown_ladder", one("paths: { crossing: [", "paths: { bridge: ["), "bridge: [", "history.paths.bridge",
       ("unknown ladder 'bridge'",)),
    v2("unknown_default_policy", one("    default_policy: formal\n", "    default_policy: formall\n"), "default_policy: formall",
       "sides[2].default_policy", ("unknown policy 'formall'", "did you mean 'formal'")),
    v2("persona_unknown_side", one("    side: north\n    weights:", "    side: nort\n    weights:"), "side: nort\n",
       "personas[0].side", ("unknown side 'nort'", "did you mean 'north'")),
    v2("persona_named_like_a_policy", one("  - id: hawkish_north\n", "  - id: coercive\n"), "id: coercive",
       "personas[0].id", ("'coercive' is a built-in policy",)),
    v2("persona_without_channel", one("weights: { formal: 4, coercive: 8, informal: 2 }", "weights: { formal: 0, coercive: 0, informal: 0 }"),
       "formal: 0, coercive: 0", "personas[0].weights", ("at least one channel",)),
    v2("persona_share_above_one", one("answer_force: { provoked_by: coercive, forgive: false }",
                                      "answer_force: { provoked_by: coercive, forgive: false, share: 1.5 }"),
       "share: 1.5", "personas[0].answer_force.share", ("1",), schema_visible=True),
    v2("persona_provoked_by_unknown", one("provoked_by: coercive,", "provoked_by: insults,"), "provoked_by: insults",
       "personas[0].answer_force.provoked_by", ("violent", "coercive"), schema_visible=True),
    v2("persona_answers_unknown_actor", one("answer_force: { provoked_by: coercive,", "answer_force: { by: [south, raider], provoked_by: coercive,"),
       "by: [south, raider]", "personas[0].answer_force.by[1]", ("unknown side or actor 'raider'", "did you mean 'raiders'")),
    v2("persona_answers_itself", one("answer_force: { provoked_by: coercive,", "answer_force: { by: [north], provoked_by: coercive,"),
       "by: [north]", "personas[0].answer_force.by[0]", ("does not answer its own force",)),
    v2("persona_seated_on_other_side", one("    default_policy: formal\n", "    default_policy: hawkish_north\n"),
       "default_policy: hawkish_north", "sides[2].default_policy", ("written for side 'north', not 'broker'",)),
    v2("unknown_persona_policy", one("    default_policy: formal\n", "    default_policy: hawkish_nort\n"),
       "default_policy: hawkish_nort", "sides[2].default_policy",
       ("unknown policy 'hawkish_nort'", "personas: hawkish_north", "did you mean 'hawkish_north'")),
    v2("strength_unknown_indicator",
       one("    mechanism: back_channel\n", "    mechanism: back_channel\n    strength: { modifiers: [{ indicator: hardliner, per_point: -0.01, from: 50 }] }\n"),
       "indicator: hardliner,", "moves[7].strength.modifiers[0].indicator", ("unknown indicator 'hardliner'",)),
    v2("strength_floor_above_ceiling",
       one("    mechanism: back_channel\n", "    mechanism: back_channel\n    strength: { floor: 1.5, ceiling: 1.2 }\n"),
       "floor: 1.5", "moves[7].strength.ceiling", ("below floor",)),
    Case("v1_file_with_v2_field", one("    cooldown: 1\n    success: { base: 0.85 }\n", "    cooldown: 1\n    once: true\n    success: { base: 0.85 }\n"),
         "once: true", "moves[2].once", ("needs format version 2", "schema_version: 2")),
]

CASE_IDS = [c.name for c in CASES]
