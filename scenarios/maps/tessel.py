"""Draw the map of the fictional Tessel river crisis (scenarios/river-tessel.yaml): tessel.png.

Usage (from the repository root):
    python scenarios/maps/tessel.py [--out scenarios/maps/tessel.png]

The picture is terrain only: sea, the two states, the highlands and the ridge, the Tessel river
and the dam lake, the border. Places and their names are drawn by the table on top, from the
scenario's `places`, so the picture has no text. It covers the scenario's `map.image_bounds`
(-160, -40, -140, -28): the shapes below are written in drawing units, x 0-100 west to east and
y 0-60 south to north (15 pixels a unit), so a place at (x, y) has lon -160 + x/5, lat -40 + y/5. Every shape is written below; the only randomness (where hill marks go) comes from a fixed
seed, and the PNG is saved without a timestamp or software tag, so the same matplotlib draws the
same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Polygon

BOUNDS = (0.0, 0.0, 100.0, 60.0)  # x_min, y_min, x_max, y_max in drawing units (map.image_bounds / 5)
PIXELS_PER_UNIT = 15
SEED = 20310701

SEA = "#bcd7ea"
NORTH = "#dde6cf"  # Aldmere, the upland state
SOUTH = "#eee2c6"  # Brennick, the lowland state
WATER = "#5b9bd0"
HILLS = "#8a9a70"
RIDGE = "#7a6a52"
BORDER = "#444444"

# The coast: the sea fills the south-west corner; the land is everything north-east of this line.
COAST = [(0, 22), (6, 19), (11, 14), (13, 10), (18, 7), (24, 5), (31, 3), (38, 1.5), (44, 0)]
# The border, west to east, along the Hollow Ridge.
BORDER_LINE = [(0, 33.5), (12, 34.5), (24, 33), (36, 32.5), (45, 31.5), (50, 31), (56, 32.5),
               (64, 31.5), (72, 30), (82, 31), (92, 29.5), (100, 30)]
# The Tessel, from its springs in the north-east highlands to the sea at Saltmouth.
RIVER = [(90, 56), (84, 52), (79, 47), (73, 43), (66, 40), (61, 37.5), (57, 35.5), (53, 33),
         (50, 31), (47, 28), (42, 24), (36, 20), (30, 17), (24, 14), (18, 11), (13, 9)]
TRIBUTARY = [(72, 58), (70, 52), (68, 46), (66, 40)]
# Lake Orrin, behind the Tessel dam, just north of the border.
LAKE = [(56, 35.4), (58, 37.5), (61.5, 39.5), (65, 40.5), (66.5, 39.4), (64, 37.6), (60.5, 36.2), (57.5, 35)]
# The northern highlands and the Hollow Ridge (hill marks are scattered inside these).
HIGHLANDS = [(62, 60), (100, 60), (100, 40), (88, 38), (78, 44), (68, 50), (60, 56)]
HOLLOW_RIDGE = [(58, 34), (66, 34), (76, 32.5), (86, 33), (92, 31.5), (86, 28.5), (74, 28), (64, 29), (58, 31)]
# Islands off the coast; the Coastal Union meets on the larger one.
ISLANDS = [
    [(4, 3), (7, 5.5), (10, 4.5), (9.5, 2), (6, 1.5)],
    [(14, 2.2), (15.5, 3.2), (16.5, 2.4), (15.2, 1.4)],
]


def smooth(points: list[tuple[float, float]], per_segment: int = 12) -> np.ndarray:
    """A Catmull-Rom curve through the points, so hand-written outlines do not look drawn by ruler."""
    p = np.asarray(points, dtype=float)
    padded = np.vstack([p[0], p, p[-1]])
    t = np.linspace(0.0, 1.0, per_segment, endpoint=False)[:, None]
    out = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        out.append(
            0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3)
        )
    out.append(p[-1:])
    return np.vstack(out)


def inside(polygon: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Which of the points xy (N, 2) lie inside the polygon (even-odd rule)."""
    x, y = xy[:, 0], xy[:, 1]
    result = np.zeros(len(xy), dtype=bool)
    for (x0, y0), (x1, y1) in zip(polygon, np.roll(polygon, -1, axis=0), strict=True):
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        result ^= crosses & (x < at)
    return result


def hill_marks(ax: plt.Axes, outline: list[tuple[float, float]], count: int, colour: str, rng: np.random.Generator) -> None:
    """Small chevrons scattered inside an outline: the usual way a sketch map says 'high ground'."""
    shape = smooth(outline + outline[:1])
    x0, y0 = shape.min(axis=0)
    x1, y1 = shape.max(axis=0)
    candidates = rng.uniform((x0, y0), (x1, y1), size=(count * 4, 2))
    chosen = candidates[inside(shape, candidates)][:count]
    for cx, cy in chosen:
        ax.plot([cx - 0.8, cx, cx + 0.8], [cy - 0.5, cy + 0.5, cy - 0.5], color=colour, linewidth=1.2,
                solid_capstyle="round")


def draw(out: Path) -> None:
    x_min, y_min, x_max, y_max = BOUNDS
    width, height = (x_max - x_min) * PIXELS_PER_UNIT, (y_max - y_min) * PIXELS_PER_UNIT
    fig = plt.figure(figsize=(width / 100, height / 100), dpi=100)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_axis_off()
    rng = np.random.default_rng(SEED)

    coast = smooth(COAST)
    border = smooth(BORDER_LINE)
    ax.add_patch(Polygon([(x_min, y_min), (x_max, y_min), (x_max, y_max), (x_min, y_max)], color=SEA, zorder=0))
    # Brennick: between the coast and the border; Aldmere: north of the border.
    south = np.vstack([coast, [(x_max, y_min)], border[::-1]])
    north = np.vstack([border, [(x_max, y_max), (x_min, y_max)]])
    ax.add_patch(Polygon(south, color=SOUTH, zorder=1))
    ax.add_patch(Polygon(north, color=NORTH, zorder=1))
    for island in ISLANDS:
        ax.add_patch(Polygon(smooth(island + island[:1]), color=SOUTH, zorder=1))
    hill_marks(ax, HIGHLANDS, 70, HILLS, rng)
    hill_marks(ax, HOLLOW_RIDGE, 40, RIDGE, rng)
    river = smooth(RIVER)
    ax.plot(river[:, 0], river[:, 1], color=WATER, linewidth=4, solid_capstyle="round", zorder=3)
    tributary = smooth(TRIBUTARY)
    ax.plot(tributary[:, 0], tributary[:, 1], color=WATER, linewidth=2.5, solid_capstyle="round", zorder=3)
    ax.add_patch(Polygon(smooth(LAKE + LAKE[:1]), color=WATER, zorder=3))
    ax.plot(border[:, 0], border[:, 1], color=BORDER, linewidth=2.2, linestyle=(0, (6, 4)), zorder=4)
    ax.plot(coast[:, 0], coast[:, 1], color="#7fa6c2", linewidth=1.5, zorder=2)
    fig.savefig(out, dpi=100, metadata={"Software": None})
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("tessel.png"))
    args = parser.parse_args()
    draw(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
