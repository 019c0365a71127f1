"""The open-data endpoint: the published aggregates as JSON, people counts under five withheld."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter
from litestar.serialization import encode_json
from litestar.status_codes import HTTP_304_NOT_MODIFIED

from infra.errors import InvalidInput
from infra.http.dependencies import provide_service
from marketplace.indicators.domain.periods import GRAINS, valid_period
from marketplace.indicators.errors import IndicatorError
from marketplace.indicators.service import IndicatorFigures

# The licence's identifier (SPDX), the same in every language.
LICENCE = "etalab-2.0"
DEFINITIONS = "/docs/indicators.md"


def checked(grain: str, period: str | None) -> None:
    if grain not in GRAINS:
        raise InvalidInput(IndicatorError.INVALID_GRAIN)
    if period is not None and not valid_period(period, grain):
        raise InvalidInput(IndicatorError.INVALID_PERIOD)


class OpenDataController(Controller):
    path = "/api/indicators"
    tags = ["indicators"]
    dependencies = {"figures": provide_service(IndicatorFigures)}

    # Not cached for a fixed time: an event shows at once. The cells' version is the ETag, so
    # a client asking again while nothing changed gets a 304 without a body.
    @get("/open-data")
    async def open_data(
        self,
        request: Request[Any, Any, Any],
        figures: NamedDependency[IndicatorFigures],
        grain: Annotated[str, Parameter(max_length=10)] = "year",
        period: Annotated[str | None, Parameter(max_length=10)] = None,
    ) -> Response[Any]:
        """Public: every published cell of a grain (and period), with its definitions' link."""
        checked(grain, period)
        etag = f'W/"cells-{await figures.version()}"'
        headers = {"etag": etag, "cache-control": "public, no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(None, status_code=HTTP_304_NOT_MODIFIED, headers=headers)
        # Encoded once per version of the cells: a year is ~11,000 cells to encode.
        body = await figures.cached(
            ("open-data", grain, period),
            lambda: _encoded(figures, grain, period),
        )
        return Response(body, media_type=MediaType.JSON, headers=headers)


async def _encoded(figures: IndicatorFigures, grain: str, period: str | None) -> bytes:
    return encode_json(_document(grain, period, await figures.published(grain, period)))


def _document(grain: str, period: str | None, cells: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "grain": grain,
        "period": period,
        "timezone": "America/Martinique",
        "licence": LICENCE,
        "definitions": DEFINITIONS,
        "cells": cells,
    }
