"""The funders' report of a period: the published figures, charts drawn on the server as SVG,
the map, definitions, methodology, the sources of countries and the data's limits; as a PDF
(WeasyPrint, like the receipts), CSV and JSON.

It reads the open-data endpoint's cells (`IndicatorFigures.published`, suppression included):
a report leaves Lakou, so it hides what the public dashboard hides, and says the same numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from infra.i18n import formatting
from infra.i18n.context import DEFAULT_TIME_ZONE, activated, gettext
from infra.i18n.jinja import install_i18n
from marketplace.indicators.atlas import reach_map
from marketplace.indicators.dashboard import Dashboard, dashboard, periods_back
from marketplace.indicators.domain.countries import group_of
from marketplace.indicators.domain.periods import previous_period
from marketplace.indicators.domain.svgcharts import bar_chart, line_chart
from marketplace.indicators.names import commune_name, country_label, discipline_name
from marketplace.indicators.service import IndicatorFigures

TEMPLATES = Path(__file__).parent / "templates"
CSV_COLUMNS = ("indicator", "period", "dimension", "value", "count", "suppressed")
SOURCES = ("card", "declared", "proxy", "invalid")
CHANNELS = ("store", "market", "stream", "embed", "stand_code", "licence", "screener")


@dataclass(frozen=True)
class Report:
    grain: str
    period: str
    generated_at: datetime
    board: Dashboard
    cells: list[dict[str, Any]]  # the chosen period's published cells (the CSV and JSON)
    channels: Sequence[tuple[str, int | None]]
    country_sources: Sequence[tuple[str, int | None]]


def _count(cells: Sequence[Mapping[str, Any]], indicator: str, dimension: str, value: str) -> Any:
    for cell in cells:
        if (cell["indicator"], cell["dimension"], cell["value"]) == (indicator, dimension, value):
            return None if cell["suppressed"] else cell["count"]
    return 0


async def build(figures: IndicatorFigures, grain: str, period: str) -> Report:
    shown = set(periods_back(period, grain))
    cells = await figures.published(grain, periods=shown)
    board = dashboard(cells, grain, period, previous_period(period, grain))
    here = [cell for cell in cells if cell["period"] == period]
    return Report(
        grain=grain,
        period=period,
        generated_at=datetime.now(UTC),
        board=board,
        cells=here,
        channels=[
            (channel, _count(here, "works_diffused", "channel", channel)) for channel in CHANNELS
        ],
        country_sources=[
            (source, _count(here, "markets_reached", "country_source", source))
            for source in SOURCES
        ],
    )


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for cell in report.cells:
        writer.writerow(["" if cell[key] is None else cell[key] for key in CSV_COLUMNS])
    return out.getvalue()


def _charts(report: Report, names: Mapping[str, str], groups: Mapping[str, str]) -> dict[str, Any]:
    board = report.board
    series_names = list(names)
    trend = line_chart(
        [past for past, _ in board.series],
        [(names[name], [counts[name] for _, counts in board.series]) for name in series_names],
        gettext("Évolution sur les dernières périodes"),
    )
    territories = bar_chart(
        [groups[row.value] for row in board.territories],
        [
            (names[name], [row.figures[index].count for row in board.territories])
            for index, name in enumerate(("works_diffused", "markets_reached", "new_markets"))
        ],
        gettext("Diffusion par groupe de territoires"),
    )
    reached = [code for code, new in board.countries.items() if not new]
    new = [code for code, new in board.countries.items() if new]
    world = reach_map(
        reached,
        new,
        gettext("Carte des marchés atteints"),
        {code: country_label(code) for code in board.countries},
    )
    return {"trend": Markup(trend), "territories": Markup(territories), "map": Markup(world)}  # noqa: S704 - our own SVG, every text escaped


class ReportRenderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
        )
        install_i18n(self._env)
        # Our own file, never a person's text: safe to put in the <style> element as it is.
        self._styles = Markup((templates / "indicators" / "report.css").read_text("utf-8"))  # noqa: S704
        self._env.globals.update(
            date=formatting.local_date,
            datetime=formatting.local_datetime,
            country_name=country_label,
            discipline_label=discipline_name,
            commune_name=commune_name,
            group_of=group_of,
            charts=_charts,
        )

    def html(self, report: Report, language: str) -> str:
        """The report in `language`, dated in Martinique, where Lakou is established."""
        with activated(language, DEFAULT_TIME_ZONE):
            return self._env.get_template("indicators/report.html").render(
                report=report, board=report.board, styles=self._styles, lang=language
            )
