"""The funders' report for staff: a period's PDF, CSV and JSON, from a browser (session cookie).

The PDF is made in the request, in a worker thread (WeasyPrint is CPU-bound): unlike a receipt
it is no record that must exist once, only a view of figures that are already published, asked
for a few times a year by staff (docs/decisions.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import Parameter

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_staff
from infra.errors import InvalidInput
from infra.http.dependencies import provide_service
from infra.i18n.context import current_language
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.documents.pdf import html_to_pdf
from marketplace.indicators.controllers import DEFINITIONS, LICENCE, checked
from marketplace.indicators.dashboard import PAGE_GRAINS
from marketplace.indicators.domain.periods import current_period
from marketplace.indicators.errors import IndicatorError
from marketplace.indicators.report import Report, ReportRenderer, as_csv, build
from marketplace.indicators.service import IndicatorFigures

REPORT = "/staff/indicateurs/rapport"
STAFF_ONLY_PAGE = "indicators/staff_only.html"
Grain = Annotated[str, Parameter(max_length=10)]
Period = Annotated[str | None, Parameter(max_length=10)]


async def _report(figures: IndicatorFigures, grain: str, period: str | None) -> Report:
    """A month, quarter or year (by default this year); bad input is a 422 with its code."""
    if grain not in PAGE_GRAINS:
        raise InvalidInput(IndicatorError.INVALID_PAGE_GRAIN)
    checked(grain, period)
    return await build(figures, grain, period or current_period(grain, datetime.now(UTC)))


def _download(content: bytes | str, media_type: str, name: str) -> Response[Any]:
    return Response(
        content,
        media_type=media_type,
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "private, no-store",
        },
    )


class ReportPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=STAFF_ONLY_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "figures": provide_service(IndicatorFigures),
        "renderer": provide_service(ReportRenderer),
    }

    @get(REPORT + ".pdf")
    async def pdf(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        figures: NamedDependency[IndicatorFigures],
        renderer: NamedDependency[ReportRenderer],
        grain: Grain = "year",
        period: Period = None,
    ) -> Response[bytes]:
        """Staff: the funders' report of a period, with its charts, map and methodology."""
        report = await _report(figures, grain, period)
        html = renderer.html(report, current_language())
        pdf = await anyio.to_thread.run_sync(html_to_pdf, html)
        return _download(pdf, "application/pdf", f"lakou-indicateurs-{report.period}.pdf")

    @get(REPORT + ".csv")
    async def csv(
        self,
        me: NamedDependency[Principal],
        figures: NamedDependency[IndicatorFigures],
        grain: Grain = "year",
        period: Period = None,
    ) -> Response[str]:
        """Staff: the period's published cells, one a line."""
        report = await _report(figures, grain, period)
        name = f"lakou-indicateurs-{report.period}.csv"
        return _download(as_csv(report), "text/csv; charset=utf-8", name)

    @get(REPORT + ".json")
    async def json(
        self,
        me: NamedDependency[Principal],
        figures: NamedDependency[IndicatorFigures],
        grain: Grain = "year",
        period: Period = None,
    ) -> Response[bytes]:
        """Staff: the period's published cells and the sources of its countries."""
        report = await _report(figures, grain, period)
        body = {
            "grain": report.grain,
            "period": report.period,
            "generated_at": report.generated_at,
            "timezone": "America/Martinique",
            "licence": LICENCE,
            "definitions": DEFINITIONS,
            "country_sources": dict(report.country_sources),
            "cells": report.cells,
        }
        name = f"lakou-indicateurs-{report.period}.json"
        return _download(msgspec.json.encode(body), "application/json", name)
