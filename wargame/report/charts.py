"""Charts for reports as inline SVG (matplotlib, Agg backend): no files, no network, print-sharp."""

from __future__ import annotations

import io
import re
from typing import Any

from wargame import palette

INK = "#222222"
GRID = "#dddddd"
WORLD = "#aa3377"
PALETTE = palette.SERIES


def _style() -> Any:
    """pyplot, on the Agg backend, with the report's style."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # text.parse_math off: labels come from scenarios and team names, and "$\frac{" or "$_$" must be
    # shown as written, not handed to matplotlib's maths-text parser (which raises on them)
    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "wargame", "font.size": 9,
                         "text.parse_math": False, "text.usetex": False,
                         "axes.edgecolor": INK, "axes.grid": True, "grid.color": GRID,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _figure(width: float, height: float) -> Any:
    return _style().subplots(figsize=(width, height))


def _svg(fig: Any, tight: bool = True) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    if tight:
        fig.tight_layout()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buf.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg"):], flags=re.S)
    # scale with the page: drop the fixed size, keep the viewBox
    head, rest = svg.split(">", 1)
    head = " ".join(p for p in head.split(" ") if not p.startswith(("width=", "height=")))
    return head + ' class="chart" preserveAspectRatio="xMidYMid meet">' + rest


def level_steps(scores: dict[str, Any]) -> tuple[list[int], list[int]]:
    """(turns, levels) of the rung-level step line: the level before turn 1 at 0, then each turn's level
    at that turn (drawn `where="post"`, so a level holds until the next turn, as the debrief's curve)."""
    return [0, *(t["turn"] for t in scores["turns"])], [scores["start_level"], *scores["levels"]]


def escalation_timeline(scores: dict[str, Any], rung_labels: dict[str, str]) -> str:
    """Index per turn, the rung level under it, injects and ladder steps marked."""
    fig, ax = _figure(7.2, 2.8)
    turns = [t["turn"] for t in scores["turns"]]
    ax.step(*level_steps(scores), where="post", color="#999999", lw=1.2, label="rung level")
    ax.plot(turns, scores["escalation"], color=INK, marker="o", ms=4, lw=1.6, label="escalation index")
    for t in scores["turns"]:
        for p in t["parts"]:
            if p["kind"] == "inject":
                ax.plot(t["turn"], t["index"], marker="v", color=WORLD, ms=9, ls="none")
    shown = set()
    prev = None
    for t in scores["turns"]:
        if t["rung"] != prev and prev is not None and t["rung"] not in shown:
            ax.annotate(rung_labels.get(t["rung"], t["rung"]), (t["turn"], t["level"]),
                        textcoords="offset points", xytext=(0, -12), ha="center", fontsize=7, color="#555555")
            shown.add(t["rung"])
        prev = t["rung"]
    if turns:
        ax.plot([], [], marker="v", color=WORLD, ls="none", label="event (inject)")
        ax.axhline(0, color=INK, lw=0.6)
    ax.set_xlabel("turn")
    ax.set_xticks(range(0, (max(turns) if turns else 1) + 1))
    ax.legend(loc="upper left", fontsize=7, frameon=False, ncol=3)
    return _svg(fig)


def ladder_tracks(ladders: list[dict[str, Any]]) -> str:
    """One small step chart per ladder, stacked, sharing the turn axis: where each ladder stood."""
    plt = _style()
    rows = len(ladders)
    fig, axes = plt.subplots(rows, 1, figsize=(7.2, 1.25 + 1.05 * rows), sharex=True, squeeze=False)
    for ax, ladder, colour in zip(axes[:, 0], ladders, PALETTE * 3, strict=False):
        ax.step(ladder["turns"], ladder["levels"], where="post", color=colour, lw=1.8, marker="o", ms=3)
        scale = ladder["scale"]
        levels = sorted({x["level"] for x in scale})
        ax.set_yticks(levels)
        ax.set_yticklabels([" / ".join(x["label"] for x in scale if x["level"] == lv) for lv in levels], fontsize=7)
        ax.set_ylim(levels[0] - 0.5, levels[-1] + 0.5)
        ax.set_title(ladder["label"] + (" (main ladder)" if ladder["main"] else ""), fontsize=8, loc="left")
    axes[-1, 0].set_xlabel("turn")
    axes[-1, 0].set_xticks(ladders[0]["turns"])
    return _svg(fig)


def index_parts(makeup: dict[str, Any]) -> str:
    """The index of each turn as stacked bars of its parts (positive parts up, negative down from 0),
    the index itself as a line over them: which ladder or indicator made a turn's score."""
    fig, ax = _figure(7.2, 3.0)
    turns = makeup["turns"]
    up, down = [0.0] * len(turns), [0.0] * len(turns)
    for part, colour in zip(makeup["parts"], PALETTE * 3, strict=False):
        values = part["per_turn"]
        base = [d if v < 0 else u for v, u, d in zip(values, up, down, strict=True)]
        ax.bar(turns, values, bottom=base, width=0.7, color=colour, label=part["label"], edgecolor="white", lw=0.4)
        up = [u + max(v, 0.0) for u, v in zip(up, values, strict=True)]
        down = [d + min(v, 0.0) for d, v in zip(down, values, strict=True)]
    ax.plot(turns, makeup["totals"], color=INK, marker="o", ms=3.5, lw=1.2, label="escalation index")
    ax.axhline(0, color=INK, lw=0.6)
    low, high = min([0.0, *down, *makeup["totals"]]), max([0.0, *up, *makeup["totals"]])
    air = 0.08 * (high - low or 1.0)  # the tallest bar and its point stay inside the axes
    ax.set_ylim(low - (air if low < 0 else 0.0), high + air)
    ax.set_xlabel("turn")
    ax.set_xticks(turns)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=7, frameon=False,
              ncol=min(4, len(makeup["parts"]) + 1))
    return _svg(fig)


def indicator_charts(indicators: list[dict[str, Any]], side_colors: dict[str, str],
                     side_labels: dict[str, str], per_figure: int = 6) -> list[str]:
    """True values against each side's estimates, small multiples in figures of a few panels each
    (one figure per printed block, so a figure never has to split across pages)."""
    from matplotlib.ticker import MaxNLocator

    plt = _style()
    out = []
    for first in range(0, len(indicators), per_figure):
        group = indicators[first : first + per_figure]
        rows = (len(group) + 1) // 2
        fig, axes = plt.subplots(rows, 2, figsize=(7.2, 0.55 + 1.75 * rows), squeeze=False)
        for ax, ind in zip(axes.flat, group, strict=False):
            xs = list(range(len(ind["true"])))
            ax.plot(xs, ind["true"], color=INK, lw=1.8, label="true")
            for side, seen in ind["observed"].items():
                pts = [(x, v) for x, v in zip(xs, seen, strict=False) if v is not None]
                if pts:
                    ax.plot([p[0] for p in pts], [p[1] for p in pts], color=side_colors.get(side, "#888888"),
                            lw=1, ls="--", marker=".", ms=3, label=f"seen by {side_labels.get(side, side)}")
            ax.set_title(ind["label"] + (f" ({ind['unit']})" if ind["unit"] else ""), fontsize=9, loc="left")
            ax.tick_params(labelsize=7)
            ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
            ax.yaxis.set_major_locator(MaxNLocator(3))
            ax.grid(False)
            ax.yaxis.grid(True)
        for ax in list(axes.flat)[len(group):]:
            ax.set_visible(False)
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=len(labels), fontsize=7, frameon=False,
                   bbox_to_anchor=(0.5, 1.0))
        height = 0.55 + 1.75 * rows
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.3 / height, top=1 - 0.55 / height,
                            hspace=0.6, wspace=0.18)
        out.append(_svg(fig, tight=False))
    return out


def overlaid_curves(series: list[tuple[str, list[float]]]) -> str:
    """Escalation index per turn of several games on one chart."""
    fig, ax = _figure(7.2, 2.8)
    for k, (name, values) in enumerate(series):
        ax.plot(range(1, len(values) + 1), values, marker="o", ms=3, lw=1.4,
                color=PALETTE[k % len(PALETTE)], label=name)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("turn")
    ax.set_ylabel("escalation index")
    ax.legend(fontsize=7, frameon=False, ncol=2)
    return _svg(fig)


def channel_mix(rows: list[tuple[str, dict[str, int]]]) -> str:
    """Stacked bars: moves of each channel per game."""
    fig, ax = _figure(7.2, 0.5 + 0.35 * max(len(rows), 1))
    colors = palette.CHANNEL
    names = [r[0] for r in rows]
    left = [0.0] * len(rows)
    for ch, color in colors.items():
        vals = [float(r[1].get(ch, 0)) for r in rows]
        ax.barh(names, vals, left=left, color=color, label=ch)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("moves ordered")
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="lower right")
    return _svg(fig)


# --- sweeps ------------------------------------------------------------------------------------


def tornado(ranking: list[dict[str, Any]], total: bool, most: int = 15) -> str:
    """Sensitivity indices as a tornado: one bar per number (most influential on top), its 95%
    interval as a whisker; with total-order indices the first-order ones are marked too."""
    rows = ranking[:most]
    fig, ax = _figure(7.2, 0.7 + 0.28 * max(len(rows), 1))
    key = "ST" if total else "S1"
    names = [r["path"] for r in rows]
    values = [r[key] for r in rows]
    low = [r[key] - r[f"{key}_low"] for r in rows]
    high = [r[f"{key}_high"] - r[key] for r in rows]
    ys = list(range(len(rows)))
    clear = [r[f"{key}_low"] > 0 for r in rows]  # the interval lies above 0
    ax.barh(ys, values, color=[palette.BLUE if c else palette.GREY for c in clear], height=0.62)
    ax.errorbar(values, ys, xerr=[low, high], fmt="none", ecolor=INK, elinewidth=1, capsize=2.5)
    if total:
        ax.plot([r["S1"] for r in rows], ys, marker="|", ms=11, mew=2, ls="none", color=palette.ORANGE)
    ax.set_yticks(ys, names, fontsize=7)
    ax.invert_yaxis()
    ax.axvline(0, color=INK, lw=0.6)
    ax.set_xlabel("share of the variance of the outcome")
    ax.grid(False)
    ax.xaxis.grid(True)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(color=palette.BLUE, label=f"{'total order (ST)' if total else 'first order (S1)'}, interval above 0"),
               Patch(color=palette.GREY, label="interval reaches 0"),
               Line2D([], [], color=INK, marker="|", ls="-", lw=1, label="95% interval")]
    if total:
        handles.append(Line2D([], [], color=palette.ORANGE, marker="|", ms=9, mew=2, ls="none", label="first order (S1)"))
    ax.legend(handles=handles, fontsize=7, frameon=False, ncol=2, loc="lower left", bbox_to_anchor=(0, 1.0))
    return _svg(fig)


def lesson_shares(lessons: list[dict[str, Any]], robust: float) -> str:
    """Share of the parameter space where each lesson holds, with its 95% interval."""
    fig, ax = _figure(7.2, 0.7 + 0.26 * max(len(lessons), 1))
    colours = {"robust": palette.BLUE, "likely robust": palette.CYAN, "fragile": palette.MAGENTA}
    ys = list(range(len(lessons)))
    for y, lesson in zip(ys, lessons, strict=True):
        h = lesson["holds"]
        ax.barh(y, h["share"], color=colours.get(lesson["verdict"], palette.GREY), height=0.62)
        ax.errorbar(h["share"], y, xerr=[[h["share"] - h["low"]], [h["high"] - h["share"]]], fmt="none",
                    ecolor=INK, elinewidth=1, capsize=2.5)
    ax.set_yticks(ys, [f"{x['better']} beats {x['worse']}" for x in lessons], fontsize=7)
    ax.invert_yaxis()
    ax.axvline(robust, color=INK, lw=0.8, ls="--")
    ax.set_xlim(0, 1.02)
    ax.set_xlabel("share of the variants where the lesson holds (95% interval)")
    ax.grid(False)
    ax.xaxis.grid(True)
    from matplotlib.patches import Patch

    shown = dict(colours)
    if any(x["verdict"] not in colours for x in lessons):
        shown["unclear at own numbers"] = palette.GREY
    ax.legend(handles=[Patch(color=colour, label=verdict) for verdict, colour in shown.items()],
              fontsize=7, frameon=False, ncol=len(shown), loc="lower left", bbox_to_anchor=(0, 1.0))
    return _svg(fig)


def outcome_spread(outcomes: dict[str, dict[str, Any]]) -> str:
    """Per policy: the spread of its mean cumulative escalation over the variants (box: the middle
    half, whiskers: 5% to 95%, tick: the median), the scenario's own numbers as a dot."""
    names = list(outcomes)
    fig, ax = _figure(7.2, 0.7 + 0.32 * max(len(names), 1))
    for y, name in enumerate(names):
        a = outcomes[name]["across"]
        ax.plot([a["p05"], a["p95"]], [y, y], color=INK, lw=1)
        ax.barh(y, a["p75"] - a["p25"], left=a["p25"], height=0.5, color="#dce9f5", edgecolor=INK, lw=0.8)
        ax.plot([a["median"], a["median"]], [y - 0.25, y + 0.25], color=INK, lw=1.6)
    ax.plot([outcomes[n]["own_numbers"] for n in names], range(len(names)), marker="o", ms=5,
            ls="none", color=palette.ORANGE, label="at the scenario's own numbers")
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("mean cumulative escalation over the variants (lower is better)")
    ax.grid(False)
    ax.xaxis.grid(True)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    return _svg(fig)
