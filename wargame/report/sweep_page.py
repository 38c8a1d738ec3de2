"""The sweep's page: one self-contained HTML file (charts inline as SVG) from the summary alone.

Every figure printed comes from summary.json through `fig`, tagged with its key, as in the
after-action report, so the page cannot show a number the summary lacks.
"""

from __future__ import annotations

from typing import Any

MAX_PARAMS = 60  # numbers listed on the page (the summary and the table have all)


def render_sweep_html(summary: dict[str, Any]) -> str:
    from markupsafe import Markup

    from wargame.report import charts
    from wargame.report.build import figure_tagger, fmt, template_env
    from wargame.sim.sweep_results import FEW

    total = summary["design"]["name"] == "sobol"
    svg = {
        "tornado": Markup(charts.tornado(summary["sensitivity"]["ranking"], total)),
        "lessons": Markup(charts.lesson_shares(summary["lessons"], summary["robust_share"])) if summary["lessons"] else "",
        "outcomes": Markup(charts.outcome_spread(summary["outcome"])),
    }
    return template_env().get_template("sweep.html.j2").render(
        s=summary, svg=svg, fig=figure_tagger(summary), num=fmt, signed=_signed,
        params_by_path={p["path"]: p for p in summary["params"]}, index_key="ST" if total else "S1",
        verdict_class=_verdict_class, max_params=MAX_PARAMS, path=_breakable, value=_value, few=FEW,
    )


def _breakable(path: str) -> Any:
    """A PATH that may wrap after its dots (escaped, then <wbr> inserted)."""
    from markupsafe import Markup, escape

    return Markup(".<wbr>".join(str(escape(part)) for part in path.split(".")))


def _value(value: float) -> str:
    """A scenario number with three significant digits (0.004 stays 0.004, 1234.5 becomes 1.23e+03)."""
    return f"{value:.3g}"


def _signed(value: float) -> str:
    return f"{value:+.0f}"


def _verdict_class(verdict: str) -> str:
    return {"robust": "robust", "likely robust": "likely", "fragile": "fragile"}.get(verdict, "other")
