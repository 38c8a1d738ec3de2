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


@dataclass(frozen=True)
class Case:
    """One broken scenario: edits to the base, and where and what the problem must be."""

    name: str
    edits: tuple[tuple[str, str], ...]
    at: str  # a unique piece of the edited text; the problem must be reported on its line
    path: str  # the exact field path in the message ('' for problems of the YAML itself)
    essence: tuple[str, ...]  # words the message must contain
    schema_visible: bool = False  # whether the JSON Schema alone can reject it

    def text(self) -> str:
        return apply_edits(BASE_TEXT, self.edits)

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
        ("version 0", "older", "version 1"),
        schema_visible=True,
    ),
    Case(
        "schema_version_newer",
        one("schema_version: 1\n", "schema_version: 2\n"),
        "schema_version: 2",
        "schema_version",
        ("version 2", "newer", "version 1"),
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

CASE_IDS = [c.name for c in CASES]
