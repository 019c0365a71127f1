"""The world map drawn on the server from world-atlas, and the report's SVG charts."""

from __future__ import annotations

import re

from infra.maps.worldmap import WIDTH, project
from marketplace.indicators.atlas import LEVELS, counts_map, level, world
from marketplace.indicators.domain.svgcharts import bar_chart, line_chart


def test_the_overseas_departments_are_drawn_apart_from_france() -> None:
    drawn = {territory.code: territory for territory in world()}
    for code in ("FR", "GF", "MQ", "GP", "RE", "YT"):
        assert code in drawn, code
    # Guyane is big enough for its own shape; the islands are marked points.
    assert drawn["GF"].path
    assert not drawn["MQ"].path
    assert not drawn["GP"].path
    # Martinique's point is in the Caribbean, far west of mainland France.
    assert drawn["MQ"].centre[0] < drawn["FR"].centre[0] - 150
    assert "AQ" not in drawn  # Antarctica left out


def test_a_map_of_counts_shades_the_countries_and_names_them() -> None:
    svg = counts_map({"MQ": 8, "FR": 2, "": 5}, "Carte", {"MQ": "Martinique", "FR": "France"})
    assert re.search(rf'<circle [^>]*fill="{LEVELS[-1]}"[^>]*><title>Martinique : 8</title>', svg)
    assert re.search(rf'<path d="[^"]+" fill="{LEVELS[0]}"><title>France : 2</title>', svg)
    assert svg.count("<title>") == 2  # the unknown country is on no map
    assert 'aria-label="Carte"' in svg


def test_levels_split_the_counts_in_quarters_of_the_highest() -> None:
    assert [level(n, 8) for n in (1, 2, 3, 4, 5, 8)] == [
        LEVELS[0],
        LEVELS[0],
        LEVELS[1],
        LEVELS[1],
        LEVELS[2],
        LEVELS[3],
    ]


def test_the_projection_keeps_the_map_in_its_frame() -> None:
    x, _ = project(-180, 0)
    assert round(x) == 0
    x, _ = project(180, 0)
    assert round(x) == WIDTH


def test_a_withheld_value_draws_no_bar_and_breaks_the_line() -> None:
    bars = bar_chart(["a", "b"], [("n", [3, None])], "Barres")
    assert bars.count("<rect") == 1
    lines = line_chart(["1", "2", "3", "4"], [("n", [1, 2, None, 4])], "Lignes")
    assert lines.count("<polyline") == 1  # 1-2 joined; 4 alone is a point
    assert lines.count("<circle") == 3
    assert "<script" not in bars + lines
