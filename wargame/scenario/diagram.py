"""The escalation ladder drawn by `transitions`' GraphMachine: Mermaid text, or SVG/PNG via Graphviz.

The machine is built from the scenario's rung and transition tables, exactly as the live ladder
is, so the drawing cannot drift from the rules. Each edge is labelled with its trigger and its
guard in words; terminal rungs are drawn apart. Mermaid needs nothing installed; SVG and PNG need
the `graphviz` Python package and Graphviz's `dot` program, and say so in one line when missing.
"""

from __future__ import annotations

import shutil
from typing import Any, Literal

from wargame.errors import WargameError
from wargame.scenario.conditions import describe
from wargame.scenario.models import Rung, Scenario

Format = Literal["mermaid", "svg", "png"]
FORMATS: tuple[str, ...] = ("mermaid", "svg", "png")


class DiagramToolMissing(WargameError):
    """Graphviz (the `dot` program or its Python package) is needed for SVG/PNG and is missing."""


def rung_label(rung: Rung) -> str:
    """What a ladder box says: the label, its level, and how the crisis ends there if terminal."""
    text = f"{rung.label} (level {rung.level})"
    if rung.terminal:
        text += f", ends: {rung.outcome.value if rung.outcome else 'game over'}"
    return text


def guard_conditions(guard: Any) -> list[str]:
    """The guard in words, shown after the trigger name on an edge, e.g. `truce [trust >= 20]`."""
    if guard is None:
        return []
    return [describe(guard).replace('"', "'")]


def ladder_machine(scenario: Scenario, engine: Literal["mermaid", "graphviz"] = "mermaid") -> Any:
    """A GraphMachine over the rungs, its model standing on the start rung."""
    from transitions.core import State
    from transitions.extensions.diagrams import GraphMachine

    class RungState(State):
        """A state that carries a display label into the diagram."""

        def __init__(self, name: str, label: str = "", **kwargs: Any) -> None:
            super().__init__(name, **kwargs)
            self.label = label or name

    class LadderDiagram(GraphMachine):
        state_cls = RungState

    class Model:
        pass

    all_rungs = [r.id for r in scenario.rungs]
    edges = []
    for t in scenario.transitions:
        sources = [r for r in (all_rungs if t.source == "*" else t.source) if r != t.dest]
        if sources:
            edges.append(
                {"trigger": t.trigger, "source": sources, "dest": t.dest, "conditions": guard_conditions(t.guard)}
            )
    machine: Any = LadderDiagram(
        model=Model(),
        states=[RungState(r.id, rung_label(r)) for r in scenario.rungs],
        transitions=edges,
        initial=scenario.main_ladder.start,
        auto_transitions=False,
        show_conditions=True,
        graph_engine=engine,
        title=scenario.title,
    )
    machine.style_attributes["node"]["terminal"] = {
        "color": "black",
        "fillcolor": "lightgrey",
        "peripheries": "2",
    }
    return machine


def ladder_graph(scenario: Scenario, engine: Literal["mermaid", "graphviz"]) -> Any:
    """The machine's graph, terminal rungs greyed, the start rung highlighted as the active state."""
    machine = ladder_machine(scenario, engine)
    model = machine.models[0]
    painter = machine.model_graphs[id(model)]
    for rung in scenario.rungs:
        if rung.terminal:
            painter.set_node_style(rung.id, "terminal")
    return model.get_graph()


def mermaid(scenario: Scenario) -> str:
    """The ladder as a Mermaid state diagram (paste into Markdown, or mermaid.live)."""
    text: str = ladder_graph(scenario, "mermaid").draw(None)
    return text.rstrip("\n") + "\n"


def graphviz_missing() -> str | None:
    """Why SVG/PNG cannot be drawn here, or None when Graphviz is ready."""
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return "the 'graphviz' Python package is missing: pip install graphviz (or use --format mermaid)"
    if shutil.which("dot") is None:
        return (
            "Graphviz's 'dot' program is not on PATH: install Graphviz "
            "(apt install graphviz, brew install graphviz, or graphviz.org) or use --format mermaid"
        )
    return None


def render(scenario: Scenario, fmt: Format) -> bytes:
    """The ladder drawn in `fmt`: Mermaid as UTF-8 text, SVG/PNG through Graphviz's `dot`."""
    if fmt == "mermaid":
        return mermaid(scenario).encode("utf-8")
    if fmt not in FORMATS:
        raise WargameError(f"unknown diagram format {fmt!r}; use one of {', '.join(FORMATS)}")
    missing = graphviz_missing()
    if missing:
        raise DiagramToolMissing(f"cannot draw {fmt}: {missing}")
    graph = ladder_graph(scenario, "graphviz")
    graph.graph_attr.update(rankdir="TB")
    try:
        data: bytes = graph.pipe(format=fmt)
    except Exception as exc:  # graphviz raises its own ExecutableNotFound / CalledProcessError
        raise DiagramToolMissing(f"Graphviz failed to draw {fmt}: {' '.join(str(exc).split())[:200]}") from None
    return data
