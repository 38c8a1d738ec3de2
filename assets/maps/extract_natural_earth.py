"""One-off extraction of country outlines from Natural Earth 110m admin-0 (public domain).

Run once by hand (needs `pyshp`, which the game itself does not):
    pip download geopandas==0.14.4 --no-deps -d /tmp/gp && cd /tmp/gp && unzip geopandas-*.whl
    python assets/maps/extract_natural_earth.py /tmp/gp/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp
It writes assets/maps/world_110m.geojson: every country of the world (a scenario's `map` picks its
region by country codes or a bounding box).
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

FRAME = (-180.0, -90.0, 180.0, 90.0)  # lon_min, lat_min, lon_max, lat_max: the whole world
OUT = Path(__file__).with_name("world_110m.geojson")


def main(shp_path: str) -> None:
    import shapefile  # pyshp

    reader = shapefile.Reader(shp_path)
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for record, shape in zip(reader.records(), reader.shapes(), strict=True):
        props = dict(zip(fields, record, strict=True))
        x0, y0, x1, y1 = shape.bbox
        if x1 < FRAME[0] or x0 > FRAME[2] or y1 < FRAME[1] or y0 > FRAME[3]:
            continue
        parts = list(shape.parts) + [len(shape.points)]
        rings = [
            [[round(x, 2), round(y, 2)] for x, y in shape.points[a:b]]
            for a, b in itertools.pairwise(parts)
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": props["name"], "iso_a3": props["iso_a3"]},
                "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 110m admin-0 countries (naturalearth_lowres, public domain)",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} countries")


if __name__ == "__main__":
    main(sys.argv[1])
