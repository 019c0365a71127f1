"""The public dashboard: headline indicators of a period with their trend, and breakdowns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import Parameter
from litestar.response import Template
from markupsafe import Markup

from accounts.auth import PAGE_ROUTES, provide_page_principal
from accounts.domain import Principal
from accounts.guards import page_errors
from infra.errors import InvalidInput, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import current_language, gettext
from marketplace.indicators.atlas import reach_map
from marketplace.indicators.controllers import DEFINITIONS, checked
from marketplace.indicators.dashboard import PAGE_GRAINS, dashboard, periods_back
from marketplace.indicators.domain.countries import group_of
from marketplace.indicators.domain.periods import current_period, previous_period
from marketplace.indicators.errors import IndicatorError
from marketplace.indicators.names import commune_name, country_label
from marketplace.indicators.service import IndicatorFigures

PAGE = "/indicateurs"
BOARD = "indicators/board.html"


class IndicatorPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = page_errors()
    dependencies = {
        "figures": provide_service(IndicatorFigures),
        "me": Provide(provide_page_principal),
    }

    # Not cached: the page carries the visitor's menu and session (the JSON endpoint is cached).
    @get(PAGE)
    async def dashboard_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        figures: NamedDependency[IndicatorFigures],
        grain: Annotated[str, Parameter(max_length=10)] = "month",
        period: Annotated[str | None, Parameter(max_length=10)] = None,
    ) -> Template:
        """Public: the period's figures, the same cells as the open-data endpoint publishes."""
        context: dict[str, Any] = {
            "grain": grain,
            "period": period or "",
            "grains": PAGE_GRAINS,
            "definitions": DEFINITIONS,
        }
        try:
            if grain not in PAGE_GRAINS:
                raise InvalidInput(IndicatorError.INVALID_PAGE_GRAIN)
            checked(grain, period)
        except InvalidInput as problem:
            context["error"] = fill(gettext(problem.error.message), problem.params)
            context["error_code"] = problem.code
            return render(request, "indicators/dashboard.html", me, problem.status_code, **context)
        chosen = period or current_period(grain, datetime.now(UTC))
        # The board (figures, map, tables) is rendered once per version of the cells and
        # language: a visit reads the version and renders only the page around it.
        board_html = await figures.cached(
            ("dashboard", current_language(), grain, chosen),
            lambda: _board_html(request, figures, grain, chosen),
        )
        context |= {"period": chosen, "board_html": board_html}
        return render(request, "indicators/dashboard.html", me, **context)


async def _board_html(
    request: Request[Any, Any, Any], figures: IndicatorFigures, grain: str, chosen: str
) -> Markup:
    cells = await figures.published(grain, periods=set(periods_back(chosen, grain)))
    board = dashboard(cells, grain, chosen, previous_period(chosen, grain))
    # The page's own helpers (translations, labels), without a visitor: the board shows
    # nobody's menu or session, so every visitor can be given the same.
    partial = render(
        request,
        BOARD,
        None,
        board=board,
        commune_name=commune_name,
        country_name=country_label,
        group_of=group_of,
        world_map=reach_map(
            [code for code, new in board.countries.items() if not new],
            [code for code, new in board.countries.items() if new],
            gettext("Carte des marchés atteints"),
            {code: country_label(code) for code in board.countries},
        ),
    )
    engine = request.app.template_engine
    if engine is None:
        raise RuntimeError("the pages need the app's template engine")
    template = engine.get_template(BOARD)
    return Markup(template.render(**partial.create_template_context(request)))  # noqa: S704
