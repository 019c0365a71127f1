"""The litestar application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
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

import infra.http as infra_http
from infra.db.engine import close_pool, start_pool
from infra.db.engine import ping as ping_database
from infra.http.client_ip import client_ip_middleware
from infra.http.errors import EXCEPTION_HANDLERS
from infra.http.health import ReadinessChecks, health, ready
from infra.http.language import language_middleware
from infra.http.middleware import request_id_middleware
from infra.http.openapi_errors import ErrorResponses
from infra.http.script_messages import script_messages
from infra.http.vendor import vendor_file
from infra.i18n.jinja import install_i18n
from infra.modules import ModuleSpec
from lakou.bootstrap import Container

PLATFORM_HTTP = Path(infra_http.__file__).parent
SWAGGER_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)


def template_dirs(modules: Sequence[ModuleSpec]) -> list[Path | PathLike[Any] | str]:
    """The platform's base templates, then each module's folder."""
    return [
        PLATFORM_HTTP / "templates",
        *(spec.templates for spec in modules if spec.templates is not None),
    ]


def readiness_checks(container: Container) -> ReadinessChecks:
    async def broker() -> None:
        if container.redis is None:
            raise ConnectionError("no broker configured")
        await container.redis.ping()

    return {
        "database": lambda: ping_database(container.engine),
        "broker": broker,
        "storage": lambda: asyncio.to_thread(container.storage.ping),
        "search": container.search.ping,
    }


class LakouMetrics(PrometheusController):
    path = "/metrics"
    # Prometheus's text format for the scraper, not part of the API the document describes.
    include_in_schema = False


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
    modules = container.modules
    app = Litestar(
        route_handlers=[
            health,
            ready,
            script_messages,
            LakouMetrics,
            *(route for spec in modules for route in spec.routes),
            vendor_file,
            create_static_files_router(path="/static/swagger", directories=[SWAGGER_ASSETS]),
            *(
                create_static_files_router(
                    path=f"/static/{spec.name}",
                    directories=[spec.static],
                    name=f"static-{spec.name}",
                )
                for spec in modules
                if spec.static is not None
            ),
            create_static_files_router(
                path="/static", directories=[PLATFORM_HTTP / "static"], name="static"
            ),
        ],
        state=State(
            {
                "container": container,
                "services": container.services,
                "readiness": readiness_checks(container),
                "nav": sorted(
                    (entry for spec in modules for entry in spec.nav), key=lambda e: e.order
                ),
                "creole_beta": settings.http.creole_beta,
                "template_globals": [
                    spec.template_globals for spec in modules if spec.template_globals
                ],
                "page_notices": [spec.page_notices for spec in modules if spec.page_notices],
            }
        ),
        lifespan=[database_pool],
        middleware=[
            PrometheusConfig(app_name="lakou", group_path=True).middleware,
            client_ip_middleware(settings.http.trusted_proxies),
        ],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_secure=settings.http.cookie_secure,
            cookie_samesite="lax",
            # Not by this middleware: the API takes a bearer token, or the session cookie only
            # together with the page's CSRF token in the X-CSRFToken header, which
            # accounts.auth checks itself (a cross-site form can send neither). The one-click
            # unsubscribe (RFC 8058) is posted by mail clients: its signed token is the proof.
            exclude=["/api/", "/metrics", "/health", "/ready", "/desabonnement"],
        ),
        template_config=TemplateConfig(
            directory=template_dirs(modules),
            engine=JinjaTemplateEngine,
            engine_callback=lambda engine: install_i18n(engine.engine),
        ),
        openapi_config=openapi,
        plugins=[ErrorResponses()],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.http.max_body_bytes,
        debug=False,
        # Logging is configured once by the CLI (JSON lines); litestar must not replace it.
        logging_config=None,
    )
    # Outermost, around litestar's own exception handling: litestar runs `middleware=` only for
    # matched routes, so unknown paths (404) and methods (405) would leave without a request id
    # or security headers.
    app.asgi_handler = request_id_middleware(language_middleware(app.asgi_handler))
    return app
