"""A world map as SVG, from Natural Earth's countries as TopoJSON (npm's `world-atlas`).

Pure: a parsed topology in, SVG text out, so the pages and the PDF report draw the very same
map on the server (no script in the browser, nothing fetched by the PDF renderer).

- Projection: Equal Earth (Šavrič, Patterson, Jenny 2018), an equal-area projection, so a
  country's size on the map is its size on Earth. Antarctica is left out (no market there).
- Arcs are projected and thinned once (a point closer than `MIN_STEP` to the last kept one is
  dropped), so neighbouring countries keep one shared border.
- `world-atlas` folds the French overseas departments into France's shape: they are split out
  here by where each of France's polygons lies, and drawn as their own territories (MQ, GP,
  GF, RE, YT), so a market reached in Martinique is never shown as mainland France.
- A territory too small to see at this scale (Martinique, Guadeloupe, most Caribbean islands)
  is drawn as a marked point at its centre; the French overseas departments' points carry their
  code as a label.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

WIDTH = 960.0
# Equal Earth's x reaches ±2.7066 and y ±1.3173 (radians on the unit sphere).
SCALE = WIDTH / (2 * 2.7066297319215575)
TOP = 1.3173627591574 * SCALE
# Antarctica left out: the map stops a little below Tierra del Fuego.
HEIGHT = round(TOP + 0.92 * SCALE)
MIN_STEP = 2.0  # px between two kept points of an arc (the map weighs ~60 kB, ~20 kB gzipped)
SMALL = 3.0  # px: a territory whose box is smaller than this both ways is drawn as a point
ANTARCTICA = "010"
FRANCE = "250"
# Where each of France's polygons goes: the nearest of these points (longitude, latitude).
FRENCH_PARTS = {
    "FR": (2.5, 46.5),
    "GF": (-53.0, 4.0),
    "MQ": (-61.0, 14.6),
    "GP": (-61.5, 16.2),
    "RE": (55.5, -21.1),
    "YT": (45.1, -12.8),
}
LABELLED = frozenset({"MQ", "GP", "GF", "RE", "YT"})
# Guadeloupe and Martinique are a few pixels apart: their codes go above and below.
LABEL_OFFSET = {"GP": (55, -20), "MQ": (55, 95)}  # tenths of a pixel

Point = tuple[float, float]
Ring = list[Point]

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def project(longitude: float, latitude: float) -> Point:
    """Equal Earth, in the map's pixels (y down)."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return WIDTH / 2 + x * SCALE, TOP - y * SCALE


@dataclass(frozen=True)
class Territory:
    code: str  # ISO 3166-1 alpha-2 (France's parts included), or a name for units without one
    name: str
    path: str  # SVG path data; empty when drawn as a point
    centre: Point
    area: float  # projected px², to draw the small ones last (on top)


def _arcs(topology: Mapping[str, Any]) -> list[tuple[Ring, Ring]]:
    """Each arc as (longitude/latitude points, projected and thinned points)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    found = []
    for arc in topology["arcs"]:
        x = y = 0
        geo: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            geo.append((x * sx + tx, y * sy + ty))
        kept: Ring = []
        for index, point in enumerate(geo):
            px, py = project(*point)
            last = index == len(geo) - 1
            if kept and not last and math.dist(kept[-1], (px, py)) < MIN_STEP:
                continue
            kept.append((px, py))
        found.append((geo, kept))
    return found


def _ring(indices: Sequence[int], arcs: list[tuple[Ring, Ring]], which: int) -> Ring:
    ring: Ring = []
    for index in indices:
        points = arcs[index][which] if index >= 0 else arcs[~index][which][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def _path(rings: Iterable[Ring]) -> str:
    """Relative SVG path data at 0.1 px, rings under three distinct points dropped."""
    parts = []
    for ring in rings:
        points = [(round(x * 10), round(y * 10)) for x, y in ring]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(set(points)) < 3:
            continue
        (x0, y0), steps = points[0], []
        previous = points[0]
        for x, y in points[1:]:
            steps.append(f"{x - previous[0]} {y - previous[1]}")
            previous = (x, y)
        parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def _box(rings: Iterable[Ring]) -> tuple[float, float, float, float]:
    points = [point for ring in rings for point in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _nearest_part(ring: Ring) -> str:
    longitude, latitude = ring[0]
    return min(
        FRENCH_PARTS,
        key=lambda code: (
            (FRENCH_PARTS[code][0] - longitude) ** 2 + (FRENCH_PARTS[code][1] - latitude) ** 2
        ),
    )


def territories(
    topology: Mapping[str, Any], alpha2: Mapping[str, str], names: Mapping[str, str]
) -> list[Territory]:
    """Every country of the topology's `countries` object by its ISO alpha-2 code (`alpha2`
    maps world-atlas's numeric ids), France split into its parts; `names` gives the French
    parts' names (the others carry Natural Earth's)."""
    arcs = _arcs(topology)
    shapes: dict[str, tuple[str, list[Ring], list[Ring]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id", ""))
        if code == ANTARCTICA or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else list(geometry["arcs"])
        name = str(geometry.get("properties", {}).get("name", code))
        # A few Natural Earth units have no ISO code (Kosovo, Somaliland…): keyed by name.
        key = alpha2.get(code, code or name)
        for polygon in polygons:
            geo = [_ring(ring, arcs, 0) for ring in polygon]
            drawn = [_ring(ring, arcs, 1) for ring in polygon]
            part = _nearest_part(geo[0]) if code == FRANCE else key
            part_name = names.get(part, name) if code == FRANCE else name
            _, all_geo, all_drawn = shapes.setdefault(part, (part_name, [], []))
            all_geo.extend(geo[:1])
            all_drawn.extend(drawn)
    found = []
    for code, (name, geo, drawn) in shapes.items():
        x0, y0, x1, y1 = _box(drawn)
        small = x1 - x0 < SMALL and y1 - y0 < SMALL
        outer = [point for ring in geo for point in ring]
        centre = project(
            sum(p[0] for p in outer) / len(outer), sum(p[1] for p in outer) / len(outer)
        )
        found.append(
            Territory(code, name, "" if small else _path(drawn), centre, (x1 - x0) * (y1 - y0))
        )
    return sorted(found, key=lambda territory: (-territory.area, territory.code))


@dataclass(frozen=True)
class Shade:
    fill: str
    title: str  # what a pointer over the territory shows (its name and figure)


def svg(
    drawn: Sequence[Territory],
    shades: Mapping[str, Shade],
    label: str,
    base_fill: str = "#e3e8e6",
) -> str:
    """The map, each territory filled by its shade (by the key `territories` gave it).

    Fills are presentation attributes, not styles: the pages' CSP allows them and the PDF
    renderer reads them. The accessible alternative is the table beside the map."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT}" '
        f'role="img" aria-label="{escape(label)}" class="world-map">'
        '<g transform="scale(.1)" stroke="#fff" stroke-width="4" stroke-linejoin="round">'
    )
    body, points = [], []
    for territory in drawn:
        shade = shades.get(territory.code)
        fill = shade.fill if shade else base_fill
        title = f"<title>{escape(shade.title)}</title>" if shade else ""
        x, y = territory.centre
        if territory.path:
            body.append(f'<path d="{territory.path}" fill="{fill}">{title}</path>')
        elif shade or territory.code in LABELLED:
            # A speck of land nobody reached is not worth a point; the departments always are.
            points.append(
                f'<circle cx="{x * 10:.0f}" cy="{y * 10:.0f}" r="40" fill="{fill}" '
                f'stroke="#33413d" stroke-width="6">{title}</circle>'
            )
        if territory.code in LABELLED:
            dx, dy = LABEL_OFFSET.get(territory.code, (55, 35))
            points.append(
                f'<text x="{x * 10 + dx:.0f}" y="{y * 10 + dy:.0f}" font-size="100" '
                f'stroke="none" fill="#33413d">{territory.code}</text>'
            )
    return head + "".join(body) + "".join(points) + "</g></svg>"
