"""The litestar application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from os import PathLike
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from infra.bootstrap import Container
from infra.db.engine import close_pool, start_pool
from infra.http.errors import EXCEPTION_HANDLERS
from infra.http.health import health, ready
from infra.http.middleware import request_id_middleware
from infra.http.vendor import vendor_file
from infra.identity.controllers import AuthController
from infra.identity.pages import IdentityPages
from marketplace.activity.controllers import ActivityController
from marketplace.catalogue.controllers import CreatorController, WorkController
from marketplace.catalogue.pages import CataloguePages
from marketplace.imports.controllers import ImportController
from marketplace.offers.controllers import (
    DiscountCodeController,
    OfferController,
    WorkOfferController,
)
from marketplace.orders.controllers import (
    CartController,
    CheckoutController,
    LibraryController,
    OrderController,
)
from marketplace.orders.pages import ShopPages
from marketplace.payments.controllers import WebhookController
from marketplace.revenue.controllers import RevenueController, SplitSheetController
from marketplace.studio.pages import StudioPages
from marketplace.studio.stats import StudioStatsController
from media.streaming.controllers import AssetController, MediaController, PlaybackController
from media.uploads.controllers import UploadController
from search.controllers import SearchController
from search.pages import SearchPages

HERE = Path(__file__).parent
SWAGGER_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)
TEMPLATE_DIRS: list[Path | PathLike[Any] | str] = [
    HERE / "templates",
    HERE.parent / "identity" / "templates",
    HERE.parent.parent / "marketplace" / "catalogue" / "templates",
    HERE.parent.parent / "marketplace" / "studio" / "templates",
    HERE.parent.parent / "marketplace" / "orders" / "templates",
    HERE.parent.parent / "search" / "templates",
]


class LakouMetrics(PrometheusController):
    path = "/metrics"


def create_app(container: Container) -> Litestar:
    settings = container.settings

    @asynccontextmanager
    async def database_pool(_: Litestar) -> AsyncIterator[None]:
        await start_pool(container.engine, settings.database.pool_size)
        try:
            yield
        finally:
            await close_pool(container.engine)
            if container.redis is not None:
                await container.redis.aclose()

    openapi = OpenAPIConfig(
        title="Lakou API",
        version="0.1.0",
        description="Diffusion des œuvres des industries culturelles et créatives de Martinique.",
        path="/api/docs",
        render_plugins=[
            SwaggerRenderPlugin(
                js_url="/static/swagger/swagger-ui-bundle.js",
                css_url="/static/swagger/swagger-ui.css",
                standalone_preset_js_url="/static/swagger/swagger-ui-standalone-preset.js",
                favicon="<link rel='icon' href='/static/lakou.svg'>",
            )
        ],
    )
    app = Litestar(
        route_handlers=[
            health,
            ready,
            LakouMetrics,
            AuthController,
            CreatorController,
            WorkController,
            ActivityController,
            UploadController,
            ImportController,
            SearchController,
            AssetController,
            PlaybackController,
            MediaController,
            WorkOfferController,
            OfferController,
            DiscountCodeController,
            CartController,
            CheckoutController,
            OrderController,
            LibraryController,
            WebhookController,
            SplitSheetController,
            RevenueController,
            StudioStatsController,
            IdentityPages,
            CataloguePages,
            SearchPages,
            StudioPages,
            ShopPages,
            vendor_file,
            create_static_files_router(path="/static/swagger", directories=[SWAGGER_ASSETS]),
            create_static_files_router(
                path="/static", directories=[HERE / "static"], name="static"
            ),
        ],
        state=State({"container": container}),
        lifespan=[database_pool],
        middleware=[PrometheusConfig(app_name="lakou", group_path=True).middleware],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_secure=settings.http.cookie_secure,
            cookie_samesite="lax",
            # The API authenticates with bearer tokens only, never cookies: nothing to forge.
            exclude=["/api/", "/metrics", "/health", "/ready"],
        ),
        template_config=TemplateConfig(directory=TEMPLATE_DIRS, engine=JinjaTemplateEngine),
        openapi_config=openapi,
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.http.max_body_bytes,
        debug=False,
        # Logging is configured once by the CLI (JSON lines); litestar must not replace it.
        logging_config=None,
    )
    # Outermost, around litestar's own exception handling: litestar runs `middleware=` only for
    # matched routes, so unknown paths (404) and methods (405) would leave without a request id
    # or security headers.
    app.asgi_handler = request_id_middleware(app.asgi_handler)
    return app
